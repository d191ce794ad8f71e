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
mod forecast;
mod forward;
pub mod graph;
mod level;
mod load;
mod report;
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
    let graph = DependencyGraph::build(plan);
    let calendar = &plan.config.calendar;
    let people = People::build(plan);
    let workers: Vec<Vec<Worker>> = (0..plan.items.len())
        .map(|item| people.workers_of(plan, item))
        .collect();
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
    if let Some(finish) = finish {
        slack::backward_pass(
            plan,
            &graph,
            &days,
            &mut timings,
            finish,
            &forecast.placed_in,
        );
    }
    let mut workload = Workload::new(&people);
    for &item in &graph.order {
        if let Some(timing) = &timings[item] {
            level::book_task(&forecast_pass, &mut workload, item, timing);
        }
    }
    workload.finish(calendar, &people, today);
    let critical_path = slack::critical_path(plan, &graph, &timings);
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

/// Small plans in memory, for the tests of every part of the schedule.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::source::PlanSources;

    pub fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    /// The plan of `pages` (path, text) and its schedule as of `today`.
    pub fn schedule_of(
        config: &str,
        pages: &[(&str, &str)],
        today: &str,
        level: bool,
    ) -> (Plan, Schedule) {
        let sources = PlanSources::in_memory(Some(config), pages);
        let plan = crate::model::build_plan(std::path::Path::new("."), sources);
        let options = ScheduleOptions {
            today: date(today),
            level,
        };
        let schedule = compute_schedule(&plan, options);
        (plan, schedule)
    }

    /// A task page: `tasks/{id}.md` with `fields`.
    pub fn task(id: &str, fields: &str) -> (String, String) {
        (
            format!("tasks/{id}.md"),
            format!("---\nkind: task\n{fields}\n---\n"),
        )
    }

    pub fn timing<'s>(plan: &Plan, schedule: &'s Schedule, id: &str) -> &'s Timing {
        schedule
            .timing(plan.ids[id])
            .unwrap_or_else(|| panic!("`{id}` is scheduled"))
    }

    /// `start..finish` of an item, as text.
    pub fn dates(plan: &Plan, schedule: &Schedule, id: &str) -> String {
        let timing = timing(plan, schedule, id);
        format!("{}..{}", timing.start, timing.finish)
    }

    pub fn borrowed(pages: &[(String, String)]) -> Vec<(&str, &str)> {
        pages
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;

    const PEOPLE: &str = "start = \"2026-01-05\"\n[people]\nana = \"Ana\"\nbob = \"Bob\"\n";

    #[test]
    fn slack_and_the_critical_path_follow_the_longest_chain() {
        let pages = [
            task("a", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
            task("b", "owner: ana\ndepends_on: [a]\nduration: 2d"),
            task("c", "owner: bob\nstart: 2026-01-05\nduration: 2d"),
            task(
                "d",
                "owner: bob\ndepends_on: [c, { id: a, lag: 1d }]\nduration: 1d",
            ),
        ];
        let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-05", false);
        // a 5-7, b 8-9; c 5-6; d after a plus a day of lag: 9.
        assert_eq!(dates(&plan, &schedule, "b"), "2026-01-08..2026-01-09");
        assert_eq!(dates(&plan, &schedule, "d"), "2026-01-09..2026-01-09");
        let slack = |id| timing(&plan, &schedule, id).slack;
        assert_eq!(
            (slack("a"), slack("b"), slack("c"), slack("d")),
            (0, 0, 2, 0)
        );
        let path: Vec<&str> = schedule
            .critical_path
            .iter()
            .map(|item| plan.items[*item].id.as_str())
            .collect();
        assert_eq!(path, ["a", "b", "d"]);
        assert_eq!(schedule.finish, Some(date("2026-01-09")));
    }

    #[test]
    fn today_on_a_weekend_starts_late_work_on_monday() {
        let pages = [task("late", "owner: ana\nstart: 2026-01-05\nduration: 2d")];
        let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-10", false);
        assert_eq!(dates(&plan, &schedule, "late"), "2026-01-12..2026-01-13");
        let timing = timing(&plan, &schedule, "late");
        assert_eq!(
            (timing.planned_start, timing.planned_finish),
            (date("2026-01-05"), date("2026-01-06"))
        );
    }

    #[test]
    fn an_active_task_ahead_of_plan_keeps_its_planned_finish() {
        let pages = [task(
            "quick",
            "owner: ana\nstart: 2026-01-05\nduration: 10d\nstatus: active\nprogress: 90",
        )];
        // One day left from Tue 6 Jan, but the plan says 16 Jan: the later wins.
        let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-06", false);
        assert_eq!(dates(&plan, &schedule, "quick"), "2026-01-05..2026-01-16");
    }

    #[test]
    fn done_work_keeps_its_dates_and_cancelled_work_delays_nobody() {
        let pages = [
            task(
                "old",
                "owner: ana\nstart: 2026-01-05\nduration: 2d\nstatus: done",
            ),
            task(
                "dropped",
                "owner: bob\nstart: 2026-01-05\nduration: 9d\nstatus: cancelled",
            ),
            task(
                "next",
                "owner: ana\ndepends_on: [old, dropped]\nduration: 1d",
            ),
        ];
        let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-14", false);
        assert_eq!(dates(&plan, &schedule, "old"), "2026-01-05..2026-01-06");
        // `next` waited only for `old`, but nothing starts before today.
        assert_eq!(dates(&plan, &schedule, "next"), "2026-01-14..2026-01-14");
        let dropped = timing(&plan, &schedule, "dropped");
        assert!(dropped.cancelled && !dropped.critical && dropped.slack == 0);
        assert_eq!(schedule.finish, Some(date("2026-01-14")));
        let bob = schedule.load_of("bob").expect("bob").1;
        assert!(bob.bookings.is_empty(), "{:?}", bob.bookings);
    }

    #[test]
    fn an_effort_task_whose_people_never_work_is_a_conflict_not_a_hang() {
        let config =
            "start = \"2026-01-05\"\n[people]\nsam = { name = \"Sam\", workdays = [\"sat\"] }\n";
        let pages = [task("weekend", "owner: sam\nstart: 2026-01-05\neffort: 3d")];
        let (plan, schedule) = schedule_of(config, &borrowed(&pages), "2026-01-05", true);
        // Scheduled as if one person worked it full time.
        assert_eq!(dates(&plan, &schedule, "weekend"), "2026-01-05..2026-01-07");
        assert_eq!(schedule.conflicts.len(), 1);
        assert!(
            schedule.conflicts[0]
                .message
                .contains("never work enough days"),
            "{:?}",
            schedule.conflicts
        );
    }

    #[test]
    fn the_same_plan_gives_the_same_schedule() {
        let pages = [
            task("a", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
            task("b", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
            task("c", "owner: ana\nstart: 2026-01-05\neffort: 2d"),
        ];
        let (plan, first) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-05", true);
        let (_, second) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-05", true);
        assert_eq!(first.timings, second.timings);
        assert!(first
            .workload
            .people
            .iter()
            .all(|load| load.overloads.is_empty()));
        // a and b have no slack, c a day: a, then b, then c.
        assert_eq!(dates(&plan, &first, "b"), "2026-01-08..2026-01-12");
        assert_eq!(dates(&plan, &first, "c"), "2026-01-13..2026-01-14");
    }
}
