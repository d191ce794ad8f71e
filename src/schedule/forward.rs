//! The forward pass: earliest dates of every task and milestone in
//! dependency order, for one pass (planned or forecast), with nobody's load
//! taken into account (levelling, in level.rs, does that). Written dates
//! that contradict the dependencies become [`Conflict`]s in the planned pass.

use chrono::NaiveDate;

use super::capacity::{People, Worker};
use super::days::WorkingDays;
use super::effort::FULL_DAY;
use super::forecast::{forecast_request, is_effort_driven, planned_request, Request, Work};
use super::graph::DependencyGraph;
use super::{Conflict, Timing};
use crate::model::{ItemId, ItemKind, Plan};

/// Which schedule a pass computes.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// As if everything ran to plan: statuses and `today` ignored.
    Planned,
    /// As of `today` (a working day), from the planned pass's dates.
    Forecast {
        today: NaiveDate,
        planned: &'a [Option<Timing>],
    },
}

/// What every step of a pass reads.
pub struct Pass<'a> {
    pub plan: &'a Plan,
    pub graph: &'a DependencyGraph,
    /// The plan calendar's working days, numbered for this computation.
    pub calendar: &'a WorkingDays<'a>,
    pub people: &'a People,
    /// Who works each task, by item.
    pub workers: &'a [Vec<Worker>],
    /// The plan start, moved to a working day.
    pub plan_start: NaiveDate,
    pub mode: Mode<'a>,
    /// Whether levelling records whom each moved task waited for
    /// ([`Timing::delayed_by`]); only dates are needed otherwise.
    pub explain_delays: bool,
}

/// The dates of one pass.
pub struct PassResult {
    pub timings: Vec<Option<Timing>>,
    /// Each task's length in working days when it is not effort-driven (a
    /// task with only `end` gets it from its planned start).
    pub lengths: Vec<u32>,
    pub conflicts: Vec<Conflict>,
    /// The order items were placed in when levelled (a topological order
    /// of dependencies and waits together); empty: dependency order.
    pub placed_in: Vec<ItemId>,
}

impl Pass<'_> {
    /// Earliest dates of everything that can be scheduled.
    pub fn run(&self) -> PassResult {
        let count = self.plan.items.len();
        let mut result = PassResult {
            timings: vec![None; count],
            lengths: vec![1; count],
            conflicts: Vec::new(),
            placed_in: Vec::new(),
        };
        for &item in &self.graph.order {
            let timing = match self.plan.items[item].kind {
                ItemKind::Milestone => self.milestone_timing(&result.timings, item),
                _ => {
                    let ready = self.ready_after_dependencies(&result.timings, item);
                    let conflicts =
                        matches!(self.mode, Mode::Planned).then_some(&mut result.conflicts);
                    let (request, days) = self.task_request(item, ready, conflicts);
                    result.lengths[item] = days;
                    let (start, finish) = self.place_unhindered(item, &request);
                    self.task_timing(item, start, finish)
                }
            };
            result.timings[item] = Some(timing);
        }
        result
    }

    /// A task's request once its dependencies are placed (`ready`), and its
    /// length in working days. Conflicts are recorded when asked for.
    pub fn task_request(
        &self,
        item: ItemId,
        ready: Option<(NaiveDate, ItemId)>,
        mut conflicts: Option<&mut Vec<Conflict>>,
    ) -> (Request, u32) {
        let nominal = self.nominal_start(item, ready, conflicts.as_deref_mut());
        match self.mode {
            Mode::Planned => {
                let days = self.planned_days(item, nominal, conflicts.as_deref_mut());
                if let Some(conflicts) = conflicts {
                    self.check_actuals(item, conflicts);
                    self.check_effort(item, nominal, conflicts);
                }
                let record = &self.plan.items[item];
                let cancelled = record.status == "cancelled";
                let request = match record.as_task() {
                    Some(task) => planned_request(task, cancelled, nominal, days),
                    None => Request::Fixed {
                        start: nominal,
                        finish: nominal,
                    },
                };
                (request, days)
            }
            Mode::Forecast { today, planned } => {
                let Some(planned) = planned.get(item).and_then(Option::as_ref) else {
                    // Not scheduled when planned (cannot happen: same graph).
                    return (
                        Request::Fixed {
                            start: nominal,
                            finish: nominal,
                        },
                        1,
                    );
                };
                let request = forecast_request(self, item, nominal, today, planned);
                (request, planned.duration.max(1))
            }
        }
    }

    /// The latest "may start" date any dependency allows, and which one.
    /// Cancelled tasks are no one's dependency.
    pub fn ready_after_dependencies(
        &self,
        timings: &[Option<Timing>],
        item: ItemId,
    ) -> Option<(NaiveDate, ItemId)> {
        let mut ready: Option<(NaiveDate, ItemId)> = None;
        for edge in &self.graph.predecessors[item] {
            let Some(from) = timings[edge.from].as_ref().filter(|from| !from.cancelled) else {
                continue;
            };
            let date = ready_after(self.calendar, from, edge.lag);
            if ready.is_none_or(|(latest, _)| date > latest) {
                ready = Some((date, edge.from));
            }
        }
        ready
    }

    /// The start the written `start` and the dependencies allow together
    /// (the plan start for a task with neither).
    fn nominal_start(
        &self,
        item: ItemId,
        ready: Option<(NaiveDate, ItemId)>,
        conflicts: Option<&mut Vec<Conflict>>,
    ) -> NaiveDate {
        let record = &self.plan.items[item];
        let written = record
            .as_task()
            .and_then(|task| task.start.as_ref())
            .map(|start| (self.calendar.on_or_after(start.value), start.span));
        match (written, ready) {
            (Some((written, span)), Some((ready, blocker))) => {
                if written < ready {
                    if let Some(conflicts) = conflicts {
                        conflicts.push(Conflict {
                            item,
                            span,
                            message: format!(
                                "task `{}` starts on {written} but `{}` only lets it start on {ready}",
                                record.id, self.plan.items[blocker].id
                            ),
                            help: format!("move `start` to {ready} or later, or remove it and let the dependencies decide"),
                        });
                    }
                }
                written.max(ready)
            }
            (Some((written, _)), None) => written,
            (None, Some((ready, _))) => ready,
            (None, None) => self.plan_start,
        }
    }

    /// A task's length in working days as planned from `start`: its
    /// `duration`, or up to its `end`; one day when it has neither (so the
    /// rest of the plan can still be scheduled: missing-duration reports it).
    fn planned_days(
        &self,
        item: ItemId,
        start: NaiveDate,
        conflicts: Option<&mut Vec<Conflict>>,
    ) -> u32 {
        let record = &self.plan.items[item];
        let Some(task) = record.as_task() else {
            return 1;
        };
        let mut found = Vec::new();
        let days = match (&task.duration, &task.end) {
            (Some(duration), end) => {
                let finish = self.calendar.finish_of(start, duration.value);
                if let Some(end) = end.as_ref().filter(|end| end.value != finish) {
                    found.push(Conflict {
                        item,
                        span: end.span,
                        message: format!(
                            "task `{}` gives both `duration: {}d` (finishing {finish}) and `end: {}`",
                            record.id, duration.value, end.value
                        ),
                        help: "keep only one of `duration` and `end`".into(),
                    });
                }
                duration.value
            }
            (None, Some(end)) if end.value < start => {
                found.push(Conflict {
                    item,
                    span: end.span,
                    message: format!(
                        "task `{}` ends on {} before it can start on {start}",
                        record.id, end.value
                    ),
                    help: format!("move `end` to {start} or later, or give a `duration` instead"),
                });
                1
            }
            (None, Some(end)) => {
                let finish = if self.calendar.is_workday(end.value) {
                    end.value
                } else {
                    self.calendar.previous_workday(end.value).max(start)
                };
                self.calendar.workdays_in(start, finish).max(1) as u32
            }
            (None, None) => task.effort.as_ref().map_or(1, |effort| effort.value),
        };
        if let Some(conflicts) = conflicts {
            conflicts.extend(found);
        }
        days
    }

    /// `finished` before `started` cannot have happened.
    fn check_actuals(&self, item: ItemId, conflicts: &mut Vec<Conflict>) {
        let record = &self.plan.items[item];
        let Some(task) = record.as_task() else { return };
        if let (Some(started), Some(finished)) = (&task.started, &task.finished) {
            if finished.value < started.value {
                conflicts.push(Conflict {
                    item,
                    span: finished.span,
                    message: format!(
                        "task `{}` finished on {} before it started on {}",
                        record.id, finished.value, started.value
                    ),
                    help:
                        "correct `started` or `finished` to the days it really started and finished"
                            .into(),
                });
            }
        }
    }

    /// Effort that nobody ever works on cannot finish.
    fn check_effort(&self, item: ItemId, start: NaiveDate, conflicts: &mut Vec<Conflict>) {
        let record = &self.plan.items[item];
        let Some(task) = record.as_task().filter(|task| is_effort_driven(task)) else {
            return;
        };
        let Some(effort) = &task.effort else { return };
        let units = u64::from(effort.value) * FULL_DAY;
        if self.effort_window(item, start, units).is_none() {
            conflicts.push(Conflict {
                item,
                span: effort.span,
                message: format!(
                    "task `{}` has `effort: {}d` but its people never work enough days to do it",
                    record.id, effort.value
                ),
                help: "check who works it (`resources`, else `owner`) and their `availability`, `workdays` and `leaves`; it is scheduled as if one person worked it full time".into(),
            });
        }
    }

    fn effort_window(
        &self,
        item: ItemId,
        earliest: NaiveDate,
        units: u64,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let workers = &self.workers[item];
        if workers.is_empty() {
            // Nobody named: effort is done as by one full-time person.
            let start = self.calendar.on_or_after(earliest);
            let days = units.div_ceil(FULL_DAY).min(u64::from(u32::MAX)) as u32;
            return Some((start, self.calendar.finish_of(start, days)));
        }
        self.people.effort_window(workers, earliest, units)
    }

    /// The days `work` occupies when it may begin on `earliest` and nothing
    /// else is in the way; None for no work left.
    pub fn window(
        &self,
        item: ItemId,
        earliest: NaiveDate,
        work: Work,
    ) -> Option<(NaiveDate, NaiveDate)> {
        match work {
            Work::Days(0) | Work::Effort(0) => None,
            Work::Days(days) => {
                let start = self.calendar.on_or_after(earliest);
                Some((start, self.calendar.finish_of(start, days)))
            }
            Work::Effort(units) => self.effort_window(item, earliest, units).or_else(|| {
                // Never finished by its people (a conflict says so): as if
                // done by one person full time.
                let days = units.div_ceil(FULL_DAY).min(u64::from(u32::MAX)) as u32;
                self.window(item, earliest, Work::Days(days))
            }),
        }
    }

    /// The finish of `work` started on `start` with nothing in the way.
    pub fn finish_from(&self, item: ItemId, start: NaiveDate, work: Work) -> NaiveDate {
        self.window(item, start, work)
            .map_or(start, |(_, finish)| finish)
    }

    /// Start and finish of a request when nothing else is in the way.
    pub fn place_unhindered(&self, item: ItemId, request: &Request) -> (NaiveDate, NaiveDate) {
        match request {
            Request::Fixed { start, finish } => (*start, *finish),
            Request::Work(work) => {
                let window = self.window(item, work.earliest, work.work);
                settle(work, window)
            }
        }
    }

    pub fn task_timing(&self, item: ItemId, start: NaiveDate, finish: NaiveDate) -> Timing {
        Timing {
            start,
            finish,
            planned_start: start,
            planned_finish: finish,
            duration: self.calendar.workdays_in(start, finish).max(1) as u32,
            late_finish: finish,
            slack: 0,
            critical: false,
            target: None,
            late: 0,
            cancelled: self.plan.items[item].status == "cancelled",
            delayed_by: Vec::new(),
        }
    }

    /// A milestone is reached when its latest dependency finishes (plus
    /// lag); without dependencies on its `date`, else on the plan start. In
    /// the forecast, a `reached` date (or status) keeps what happened.
    pub fn milestone_timing(&self, timings: &[Option<Timing>], item: ItemId) -> Timing {
        let milestone = self.plan.items[item].as_milestone();
        let target = milestone
            .and_then(|milestone| milestone.date.as_ref())
            .map(|date| date.value);
        let happened = match self.mode {
            Mode::Forecast { planned, .. } => milestone
                .and_then(|milestone| milestone.reached.as_ref())
                .map(|reached| reached.value)
                .or_else(|| {
                    (self.plan.items[item].status == "reached")
                        .then(|| planned.get(item).and_then(Option::as_ref))
                        .flatten()
                        .map(|timing| timing.finish)
                }),
            Mode::Planned => None,
        };
        let by_dependencies = self.graph.predecessors[item]
            .iter()
            .filter_map(|edge| {
                timings[edge.from]
                    .as_ref()
                    .filter(|from| !from.cancelled)
                    .map(|from| self.calendar.add_workdays(from.finish, i64::from(edge.lag)))
            })
            .max();
        let reached = happened
            .or(by_dependencies)
            .or(target)
            .unwrap_or(self.plan_start);
        let late = match target {
            Some(target) if reached > target => {
                self.calendar.workdays_between(target, reached).max(1)
            }
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
            cancelled: false,
            delayed_by: Vec::new(),
        }
    }
}

/// Start and finish of work placed in `window` (None: nothing left to do).
pub fn settle(
    work: &super::forecast::WorkRequest,
    window: Option<(NaiveDate, NaiveDate)>,
) -> (NaiveDate, NaiveDate) {
    let start = work
        .started
        .unwrap_or_else(|| window.map_or(work.earliest, |(start, _)| start));
    let finish = window.map_or(start, |(_, finish)| finish);
    let finish = work.min_finish.map_or(finish, |min| finish.max(min));
    (start, finish.max(start))
}

/// The first day a successor may start after `from` finishes, with `lag`.
/// A milestone is reached "on" a day; work after it starts the next working
/// day, exactly as after a task that finishes that day.
pub fn ready_after(calendar: &WorkingDays<'_>, from: &Timing, lag: u32) -> NaiveDate {
    calendar.add_workdays(calendar.next_workday(from.finish), i64::from(lag))
}
