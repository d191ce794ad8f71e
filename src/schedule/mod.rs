//! The schedule stage: critical path method over the dependency graph on the
//! plan's working-day calendar (FORMAT.md section 4). Reads the [`Plan`];
//! reports contradictions as [`Conflict`]s for the lint stage.

pub mod graph;
mod report;
mod table;

use chrono::NaiveDate;

use crate::model::{Calendar, ItemId, ItemKind, Plan};
use crate::source::Span;
pub use graph::DependencyGraph;
pub use report::{BaselineSummary, MilestoneReport, ScheduleReport, TaskReport};
pub use table::render_table;

/// Computed dates of one task or milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// The forecast start.
    pub start: NaiveDate,
    /// Inclusive forecast finish; for a milestone, the day it is reached.
    pub finish: NaiveDate,
    /// The dates as planned (the schedule as if everything ran to plan,
    /// ignoring `today`); the site draws them where they differ from the
    /// forecast. The same as the forecast until the status date is applied.
    pub planned_start: NaiveDate,
    pub planned_finish: NaiveDate,
    /// Working days (0 for milestones).
    pub duration: u32,
    pub late_finish: NaiveDate,
    /// Total slack in working days.
    pub slack: i64,
    pub critical: bool,
    /// A milestone's target `date`.
    pub target: Option<NaiveDate>,
    /// Working days a milestone is reached after its target (0 when on time).
    pub late: i64,
}

/// A task whose written dates contradict its dependencies.
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
    /// Plan start: planbook.toml `start`, else the earliest item start.
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    /// Indexed by item id; None for items that are not scheduled (or sit in a cycle).
    pub timings: Vec<Option<Timing>>,
    /// Critical tasks and milestones, by start date.
    pub critical_path: Vec<ItemId>,
    pub conflicts: Vec<Conflict>,
    pub graph: DependencyGraph,
}

impl Schedule {
    /// The schedule of a plan with nothing to schedule.
    pub fn empty(today: NaiveDate) -> Schedule {
        Schedule {
            today,
            start: None,
            finish: None,
            timings: Vec::new(),
            critical_path: Vec::new(),
            conflicts: Vec::new(),
            graph: DependencyGraph::default(),
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
}

pub fn compute_schedule(plan: &Plan, today: NaiveDate) -> Schedule {
    let graph = DependencyGraph::build(plan);
    let calendar = &plan.config.calendar;
    let plan_start = plan
        .config
        .start
        .or_else(|| earliest_written_start(plan))
        .unwrap_or(today);
    let mut schedule = Schedule {
        today,
        start: None,
        finish: None,
        timings: vec![None; plan.items.len()],
        critical_path: Vec::new(),
        conflicts: Vec::new(),
        graph: DependencyGraph::default(),
    };
    for &item in &graph.order {
        let timing = match plan.items[item].kind {
            ItemKind::Milestone => {
                forward_milestone(plan, &graph, &schedule.timings, item, plan_start)
            }
            _ => forward_task(
                plan,
                &graph,
                &schedule.timings,
                item,
                plan_start,
                &mut schedule.conflicts,
            ),
        };
        schedule.timings[item] = Some(timing);
    }
    let scheduled = || schedule.timings.iter().flatten();
    schedule.start = scheduled()
        .map(|timing| timing.start)
        .min()
        .map(|start| start.min(calendar.on_or_after(plan_start)));
    schedule.finish = scheduled().map(|timing| timing.finish).max();
    if let Some(finish) = schedule.finish {
        backward_pass(plan, &graph, &mut schedule.timings, finish);
    }
    let mut critical: Vec<ItemId> = graph
        .order
        .iter()
        .copied()
        .filter(|item| {
            schedule.timings[*item]
                .as_ref()
                .is_some_and(|timing| timing.critical)
        })
        .collect();
    critical.sort_by_key(|item| {
        let timing = schedule.timings[*item].as_ref().expect("filtered above");
        (timing.start, timing.finish, plan.items[*item].id.clone())
    });
    schedule.critical_path = critical;
    schedule.graph = graph;
    schedule
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

/// The first day a successor may start after `from` finishes, with `lag`.
/// A milestone is reached "on" a day; work after it starts the next working
/// day, exactly as after a task that finishes that day.
fn ready_after(calendar: &Calendar, from: &Timing, lag: u32) -> NaiveDate {
    calendar.add_workdays(calendar.next_workday(from.finish), i64::from(lag))
}

fn forward_task(
    plan: &Plan,
    graph: &DependencyGraph,
    timings: &[Option<Timing>],
    item: ItemId,
    plan_start: NaiveDate,
    conflicts: &mut Vec<Conflict>,
) -> Timing {
    let calendar = &plan.config.calendar;
    let task = plan.items[item].as_task().cloned().unwrap_or_default();
    let written_start = task
        .start
        .as_ref()
        .map(|start| calendar.on_or_after(start.value));
    let mut ready: Option<(NaiveDate, ItemId)> = None;
    for edge in &graph.predecessors[item] {
        if let Some(from) = &timings[edge.from] {
            let date = ready_after(calendar, from, edge.lag);
            if ready.is_none_or(|(latest, _)| date > latest) {
                ready = Some((date, edge.from));
            }
        }
    }
    let start = match (written_start, ready) {
        (Some(written), Some((ready, blocker))) => {
            if written < ready {
                let start_span = task
                    .start
                    .as_ref()
                    .map_or(plan.items[item].start, |start| start.span);
                conflicts.push(Conflict {
                    item,
                    span: start_span,
                    message: format!(
                        "task `{}` starts on {written} but `{}` only lets it start on {ready}",
                        plan.items[item].id, plan.items[blocker].id
                    ),
                    help: format!("move `start` to {ready} or later, or remove it and let the dependencies decide"),
                });
            }
            written.max(ready)
        }
        (Some(written), None) => written,
        (None, Some((ready, _))) => ready,
        (None, None) => calendar.on_or_after(plan_start),
    };
    let (finish, duration) = match (&task.duration, &task.end) {
        (Some(duration), end) => {
            let finish = calendar.finish_of(start, duration.value);
            if let Some(end) = end {
                if end.value != finish {
                    conflicts.push(Conflict {
                        item,
                        span: end.span,
                        message: format!(
                            "task `{}` gives both `duration: {}d` (finishing {finish}) and `end: {}`",
                            plan.items[item].id, duration.value, end.value
                        ),
                        help: "keep only one of `duration` and `end`".into(),
                    });
                }
            }
            (finish, duration.value)
        }
        (None, Some(end)) => {
            if end.value < start {
                conflicts.push(Conflict {
                    item,
                    span: end.span,
                    message: format!(
                        "task `{}` ends on {} before it can start on {start}",
                        plan.items[item].id, end.value
                    ),
                    help: format!("move `end` to {start} or later, or give a `duration` instead"),
                });
                (start, 1)
            } else {
                let finish = if calendar.is_workday(end.value) {
                    end.value
                } else {
                    calendar.previous_workday(end.value).max(start)
                };
                (finish, calendar.workdays_in(start, finish).max(1) as u32)
            }
        }
        // missing-duration reports this; one day keeps the rest of the plan scheduled.
        (None, None) => (start, 1),
    };
    Timing {
        start,
        finish,
        planned_start: start,
        planned_finish: finish,
        duration,
        late_finish: finish,
        slack: 0,
        critical: false,
        target: None,
        late: 0,
    }
}

fn forward_milestone(
    plan: &Plan,
    graph: &DependencyGraph,
    timings: &[Option<Timing>],
    item: ItemId,
    plan_start: NaiveDate,
) -> Timing {
    let calendar = &plan.config.calendar;
    let target = plan.items[item]
        .as_milestone()
        .and_then(|milestone| milestone.date.as_ref())
        .map(|date| date.value);
    let reached_by_dependencies = graph.predecessors[item]
        .iter()
        .filter_map(|edge| {
            timings[edge.from]
                .as_ref()
                .map(|from| calendar.add_workdays(from.finish, i64::from(edge.lag)))
        })
        .max();
    let reached = reached_by_dependencies.or(target).unwrap_or(plan_start);
    let late = match target {
        Some(target) if reached > target => calendar.workdays_between(target, reached).max(1),
        _ => 0,
    };
    Timing {
        start: reached,
        finish: reached,
        planned_start: reached,
        planned_finish: reached,
        duration: 0,
        late_finish: reached,
        slack: 0,
        critical: false,
        target,
        late,
    }
}

fn backward_pass(
    plan: &Plan,
    graph: &DependencyGraph,
    timings: &mut [Option<Timing>],
    finish: NaiveDate,
) {
    let calendar = &plan.config.calendar;
    for &item in graph.order.iter().rev() {
        let mut late_finish = finish;
        for edge in &graph.successors[item] {
            let Some(successor) = &timings[edge.to] else {
                continue;
            };
            let latest = match plan.items[edge.to].kind {
                ItemKind::Milestone => {
                    calendar.add_workdays(successor.late_finish, -i64::from(edge.lag))
                }
                _ => {
                    let late_start = late_start_of(calendar, successor);
                    calendar
                        .previous_workday(calendar.add_workdays(late_start, -i64::from(edge.lag)))
                }
            };
            late_finish = late_finish.min(latest);
        }
        if let Some(timing) = &mut timings[item] {
            timing.late_finish = late_finish;
            timing.slack = calendar.workdays_between(timing.finish, late_finish);
            timing.critical = timing.slack <= 0;
        }
    }
}

fn late_start_of(calendar: &Calendar, timing: &Timing) -> NaiveDate {
    if timing.duration == 0 {
        timing.late_finish
    } else {
        calendar.add_workdays(timing.late_finish, -(i64::from(timing.duration) - 1))
    }
}
