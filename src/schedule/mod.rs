//! The schedule stage: the dates of every task and milestone on the plan's
//! working-day calendar (FORMAT.md section 4), computed twice: as planned
//! (everything runs to plan) and as forecast on the status date (`today`),
//! optionally levelled so that nobody works more than they can. Reads the
//! [`Plan`]; reports contradictions as [`Conflict`]s and over-allocations
//! as [`Overload`]s for the lint stage. Never reads files or lints.
//!
//! The parts: [`graph`] (dependencies, order, cycles), `forward` (earliest
//! dates of one pass), `forecast` (the status-date rules), `capacity`
//! (people's days and effort), `level` (levelling), `slack` (backward pass,
//! critical path), `load` (people's load per day); `report` and `table`
//! print it.

mod capacity;
mod days;
mod effort;
mod forecast;
mod forward;
pub mod graph;
mod level;
mod load;
mod report;
mod search;
mod slack;
mod table;

use chrono::NaiveDate;

use crate::model::{Calendar, ItemId, Plan};
use crate::source::Span;
pub use capacity::{People, PersonIndex, Worker};
pub use forecast::{is_effort_driven, progress_of, Progress};
pub use graph::DependencyGraph;
pub use load::{Booking, Overload, PersonLoad, Workload};
pub use report::{
    BaselineSummary, DelayReport, MilestoneReport, OverloadReport, ScheduleReport, TaskReport,
};
pub use table::render_table;

use days::WorkingDays;
use forward::{Mode, Pass, PassResult};

/// How to compute a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleOptions {
    /// The status date: the forecast starts nothing before it.
    pub today: NaiveDate,
    /// Delay work until its people are free (`--level`, `[schedule] level`).
    pub level: bool,
    /// Only the dates: no slack, critical path, workload, or reasons for
    /// levelling delays. The trends schedule every point of the history
    /// and need nothing else.
    pub dates_only: bool,
}

/// Computed dates of one task or milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// The forecast start (as of `today`).
    pub start: NaiveDate,
    /// Inclusive forecast finish; for a milestone, the day it is reached.
    pub finish: NaiveDate,
    /// The dates as planned: the schedule as if everything ran to plan,
    /// ignoring `today` and statuses. The site draws them where they
    /// differ from the forecast.
    pub planned_start: NaiveDate,
    pub planned_finish: NaiveDate,
    /// Working days from start to finish (0 for milestones).
    pub duration: u32,
    pub late_finish: NaiveDate,
    /// Total slack in working days.
    pub slack: i64,
    pub critical: bool,
    /// A milestone's target `date`.
    pub target: Option<NaiveDate>,
    /// Working days a milestone is forecast after its target (0 when on time).
    pub late: i64,
    /// A cancelled task: its dates are where it would have run; nobody
    /// waits for it, it is on no critical path and in no one's load.
    pub cancelled: bool,
    /// What levelling made it wait for, in the order met (empty when it
    /// was not moved, or the schedule is not levelled).
    pub delayed_by: Vec<Delay>,
}

/// One reason a levelled task starts later than its dependencies allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delay {
    /// The person's id.
    pub person: String,
    /// The task that kept them busy; None when they were away (leave, or
    /// not one of their working days).
    pub task: Option<ItemId>,
}

/// A task whose written dates contradict its dependencies (or each other).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub item: ItemId,
    pub span: Span,
    pub message: String,
    pub help: String,
}

#[derive(Debug)]
pub struct Schedule {
    pub today: NaiveDate,
    /// Whether the dates are levelled.
    pub levelled: bool,
    /// Plan start: planbook.toml `start`, else the earliest item start.
    pub start: Option<NaiveDate>,
    /// The forecast finish of the plan.
    pub finish: Option<NaiveDate>,
    /// The plan's finish as planned.
    pub planned_finish: Option<NaiveDate>,
    /// Indexed by item id; None for items that are not scheduled (or sit in a cycle).
    pub timings: Vec<Option<Timing>>,
    /// Critical tasks and milestones, by start date.
    pub critical_path: Vec<ItemId>,
    pub conflicts: Vec<Conflict>,
    pub graph: DependencyGraph,
    /// Everyone who works a task, with their availability.
    pub people: People,
    /// Their forecast load, by [`PersonIndex`].
    pub workload: Workload,
}

impl Schedule {
    /// The schedule of a plan with nothing to schedule.
    pub fn empty(today: NaiveDate) -> Schedule {
        Schedule {
            today,
            levelled: false,
            start: None,
            finish: None,
            planned_finish: None,
            timings: Vec::new(),
            critical_path: Vec::new(),
            conflicts: Vec::new(),
            graph: DependencyGraph::default(),
            people: People::default(),
            workload: Workload::default(),
        }
    }

    pub fn timing(&self, item: ItemId) -> Option<&Timing> {
        self.timings.get(item).and_then(Option::as_ref)
    }

    /// Working days from plan start to finish (inclusive).
    pub fn length(&self, calendar: &Calendar) -> i64 {
        match (self.start, self.finish) {
            (Some(start), Some(finish)) => calendar.workdays_in(start, finish),
            _ => 0,
        }
    }

    /// A person's load, by their id.
    pub fn load_of(&self, person: &str) -> Option<(PersonIndex, &PersonLoad)> {
        let index = self.people.find(person)?;
        Some((index, self.workload.people.get(index)?))
    }
}

pub fn compute_schedule(plan: &Plan, options: ScheduleOptions) -> Schedule {
    // Independent of each other: built side by side.
    let (graph, (people, workers)) = rayon::join(
        || DependencyGraph::build(plan),
        || {
            let people = People::build(plan);
            let workers: Vec<Vec<Worker>> = (0..plan.items.len())
                .map(|item| people.workers_of(plan, item))
                .collect();
            (people, workers)
        },
    );
    let calendar = &plan.config.calendar;
    let plan_start = plan
        .config
        .start
        .or_else(|| earliest_written_start(plan))
        .unwrap_or(options.today);
    let today = calendar.on_or_after(options.today);
    let (earliest, latest) = written_span(plan, [plan_start, options.today]);
    let days = WorkingDays::new(calendar, earliest, latest);
    let pass = |mode| Pass {
        plan,
        graph: &graph,
        calendar: &days,
        people: &people,
        workers: &workers,
        plan_start: calendar.on_or_after(plan_start),
        // The planned pass gives only its dates to the schedule: the
        // reasons for delays shown are the forecast's.
        explain_delays: !options.dates_only && matches!(mode, Mode::Forecast { .. }),
        mode,
    };
    let planned = run_pass(&pass(Mode::Planned), options.level);
    let forecast_pass = pass(Mode::Forecast {
        today,
        planned: &planned.timings,
    });
    let forecast = run_pass(&forecast_pass, options.level);
    let mut timings = forecast.timings;
    for (timing, planned) in timings.iter_mut().zip(&planned.timings) {
        if let (Some(timing), Some(planned)) = (timing, planned) {
            timing.planned_start = planned.start;
            timing.planned_finish = planned.finish;
        }
    }
    let (start, finish) = span_of(&timings);
    let (critical_path, workload) = if options.dates_only {
        (Vec::new(), Workload::default())
    } else {
        slack_and_workload(
            &forecast_pass,
            &mut timings,
            finish,
            &forecast.placed_in,
            today,
        )
    };
    let schedule_start = start.map(|start| start.min(calendar.on_or_after(plan_start)));
    Schedule {
        today: options.today,
        levelled: options.level,
        start: schedule_start,
        finish,
        planned_finish: span_of(&planned.timings).1,
        timings,
        critical_path,
        conflicts: planned.conflicts,
        graph,
        people,
        workload,
    }
}

/// Fills each timing's slack from the plan finish backwards, and books the
/// forecast on its people: the critical path and the workload.
fn slack_and_workload(
    pass: &Pass<'_>,
    timings: &mut [Option<Timing>],
    finish: Option<NaiveDate>,
    placed_in: &[ItemId],
    today: NaiveDate,
) -> (Vec<ItemId>, Workload) {
    if let Some(finish) = finish {
        slack::backward_pass(
            pass.plan,
            pass.graph,
            pass.calendar,
            timings,
            finish,
            placed_in,
        );
    }
    let mut workload = Workload::new(pass.people);
    for &item in &pass.graph.order {
        if let Some(timing) = &timings[item] {
            level::book_task(pass, &mut workload, item, timing);
        }
    }
    workload.finish(&pass.plan.config.calendar, pass.people, today);
    (
        slack::critical_path(pass.plan, pass.graph, timings),
        workload,
    )
}

/// One pass's dates: earliest dates, then levelled when asked.
fn run_pass(pass: &Pass<'_>, level: bool) -> PassResult {
    let mut result = pass.run();
    if level {
        if let (_, Some(finish)) = span_of(&result.timings) {
            let timings = &mut result.timings;
            slack::backward_pass(pass.plan, pass.graph, pass.calendar, timings, finish, &[]);
        }
        (result.timings, result.placed_in) = level::level(pass, &result);
    }
    result
}

/// The earliest start and latest finish of what is not cancelled.
fn span_of(timings: &[Option<Timing>]) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let scheduled = || timings.iter().flatten().filter(|timing| !timing.cancelled);
    (
        scheduled().map(|timing| timing.start).min(),
        scheduled().map(|timing| timing.finish).max(),
    )
}

/// The earliest and latest of `also` and every date written on a task or
/// milestone: the stretch whose working days are numbered.
fn written_span(plan: &Plan, also: [NaiveDate; 2]) -> (NaiveDate, NaiveDate) {
    let written = plan.items.iter().flat_map(|item| {
        let task = item.as_task();
        let milestone = item.as_milestone();
        [
            task.and_then(|task| task.start.as_ref()),
            task.and_then(|task| task.end.as_ref()),
            task.and_then(|task| task.started.as_ref()),
            task.and_then(|task| task.finished.as_ref()),
            milestone.and_then(|milestone| milestone.date.as_ref()),
            milestone.and_then(|milestone| milestone.reached.as_ref()),
        ]
        .into_iter()
        .flatten()
        .map(|date| date.value)
    });
    let dates = || written.clone().chain(also);
    let earliest = dates().min().unwrap_or(also[0]);
    let latest = dates().max().unwrap_or(also[0]);
    // Dates centuries apart (typos): number the years around the plan start
    // and today; the rest asks the calendar.
    if (latest - earliest).num_days() > 60 * 366 {
        let [start, today] = also;
        return (start.min(today), start.max(today));
    }
    (earliest, latest)
}

fn earliest_written_start(plan: &Plan) -> Option<NaiveDate> {
    plan.items
        .iter()
        .filter_map(|item| {
            item.as_task()
                .and_then(|task| task.start.as_ref())
                .map(|start| start.value)
        })
        .min()
}

#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
