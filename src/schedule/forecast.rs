//! What a task asks of the schedule once its dependencies are known: the
//! status-date rules (FORMAT.md section 4, "The status date"). In the
//! planned pass every task simply runs from its dependency-driven start; in
//! the forecast pass done work keeps its dates, work under way finishes its
//! remaining part from today, and work not started cannot start before
//! today. Decides no dates of other tasks and no levelling order.

use chrono::NaiveDate;

use super::effort::effort_units;
use super::forward::Pass;
use super::Timing;
use crate::model::{ItemId, Task};

/// The work a task still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Working days of the plan calendar (fixed duration: people's
    /// availability does not change it).
    Days(u32),
    /// Effort units ([`super::capacity::FULL_DAY`] per person-day): done
    /// at the pace of the people who work it.
    Effort(u64),
}

/// A task's dates as a request to the schedule.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Settled dates: done work, or cancelled work (its planned dates).
    Fixed {
        start: NaiveDate,
        finish: NaiveDate,
    },
    Work(WorkRequest),
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkRequest {
    /// The day work began, for work already under way (its start stays there).
    pub started: Option<NaiveDate>,
    /// The first day the work still to do may be done on.
    pub earliest: NaiveDate,
    pub work: Work,
    /// The finish it keeps at least: the planned finish of work under way.
    pub min_finish: Option<NaiveDate>,
    /// Whether levelling may move it (work not started yet).
    pub movable: bool,
}

/// How far along a task is, as the forecast reads its status and actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Cancelled,
    Done,
    /// Under way: `active`, a `started` date, or `blocked` with progress.
    UnderWay {
        percent: u8,
    },
    NotStarted,
}

pub fn progress_of(status: &str, task: &Task) -> Progress {
    let percent = task.progress.unwrap_or(0);
    match status {
        "cancelled" => Progress::Cancelled,
        "done" => Progress::Done,
        _ if task.finished.is_some() => Progress::Done,
        "active" => Progress::UnderWay { percent },
        _ if task.started.is_some() || percent > 0 => Progress::UnderWay { percent },
        _ => Progress::NotStarted,
    }
}

/// Whether levelling may move a task: in the planned pass anything not
/// cancelled, in the forecast only work not started yet.
pub fn is_movable(status: &str, task: &Task, forecast: bool) -> bool {
    match progress_of(status, task) {
        Progress::Cancelled => false,
        Progress::NotStarted => true,
        Progress::Done | Progress::UnderWay { .. } => !forecast,
    }
}

/// Whether the task's length is its effort (effort without `duration` or
/// `end`; with either, effort-and-duration reports it and effort is ignored).
pub fn is_effort_driven(task: &Task) -> bool {
    task.effort.is_some() && task.duration.is_none() && task.end.is_none()
}

/// The request of a task of the planned pass: everything runs to plan from
/// its dependency-driven start `nominal`. `days` is its length in working
/// days when it is not effort-driven.
pub fn planned_request(task: &Task, cancelled: bool, nominal: NaiveDate, days: u32) -> Request {
    Request::Work(WorkRequest {
        started: None,
        earliest: nominal,
        work: full_work(task, days),
        min_finish: None,
        movable: !cancelled,
    })
}

/// The request of a task of the forecast pass, as of `today` (a working day).
pub fn forecast_request(
    pass: &Pass<'_>,
    item: ItemId,
    nominal: NaiveDate,
    today: NaiveDate,
    planned: &Timing,
) -> Request {
    let record = &pass.plan.items[item];
    let Some(task) = record.as_task() else {
        return Request::Fixed {
            start: planned.start,
            finish: planned.finish,
        };
    };
    let actual =
        |date: &Option<crate::model::Spanned<NaiveDate>>| date.as_ref().map(|date| date.value);
    let days = planned.duration.max(1);
    match progress_of(&record.status, task) {
        Progress::Cancelled => Request::Fixed {
            start: planned.start,
            finish: planned.finish,
        },
        Progress::Done => {
            let start = actual(&task.started).unwrap_or(planned.start);
            let finish = actual(&task.finished).unwrap_or_else(|| {
                if task.started.is_some() {
                    pass.calendar
                        .finish_of(pass.calendar.on_or_after(start), days)
                } else {
                    planned.finish
                }
            });
            Request::Fixed {
                start: start.min(finish),
                finish,
            }
        }
        Progress::UnderWay { percent } => {
            let start = actual(&task.started).unwrap_or_else(|| nominal.min(today));
            let full = full_work(task, days);
            let min_finish = pass.finish_from(item, start, full);
            Request::Work(WorkRequest {
                started: Some(start),
                earliest: today.max(start),
                work: remaining(full, percent),
                min_finish: Some(min_finish),
                movable: false,
            })
        }
        Progress::NotStarted => Request::Work(WorkRequest {
            started: None,
            earliest: nominal.max(today),
            work: full_work(task, days),
            min_finish: None,
            movable: true,
        }),
    }
}

fn full_work(task: &Task, days: u32) -> Work {
    match &task.effort {
        Some(effort) if is_effort_driven(task) => Work::Effort(effort_units(effort.value)),
        _ => Work::Days(days),
    }
}

/// What is left of `work` at `percent` done, rounded up:
/// `ceil(work × (100 − percent) / 100)`.
pub fn remaining(work: Work, percent: u8) -> Work {
    let left = u64::from(100 - percent.min(100));
    match work {
        Work::Days(days) => Work::Days((u64::from(days) * left).div_ceil(100) as u32),
        Work::Effort(units) => Work::Effort((units * left).div_ceil(100)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_work_rounds_up() {
        assert_eq!(remaining(Work::Days(5), 40), Work::Days(3));
        assert_eq!(remaining(Work::Days(5), 50), Work::Days(3));
        assert_eq!(remaining(Work::Days(5), 100), Work::Days(0));
        assert_eq!(remaining(Work::Days(7), 0), Work::Days(7));
        assert_eq!(remaining(Work::Effort(30_000), 30), Work::Effort(21_000));
    }

    #[test]
    fn progress_from_status_and_actuals() {
        let mut task = Task::default();
        assert_eq!(progress_of("planned", &task), Progress::NotStarted);
        assert_eq!(progress_of("blocked", &task), Progress::NotStarted);
        assert_eq!(
            progress_of("active", &task),
            Progress::UnderWay { percent: 0 }
        );
        assert_eq!(progress_of("cancelled", &task), Progress::Cancelled);
        task.progress = Some(20);
        assert_eq!(
            progress_of("blocked", &task),
            Progress::UnderWay { percent: 20 }
        );
        task.finished = Some(crate::model::Spanned::new(
            "2026-01-09".parse().expect("date"),
            crate::source::Span::default(),
        ));
        assert_eq!(progress_of("active", &task), Progress::Done);
    }
}
