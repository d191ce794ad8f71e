//! The schedule as a document: what `planbook schedule --format json` prints
//! and what the site's `plan.json` carries.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::{Schedule, Timing};
use crate::model::{Item, ItemKind, Plan};

/// The `planbook schedule --format json` document (FORMAT.md section 6).
#[derive(Debug, Serialize)]
pub struct ScheduleReport {
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    pub today: NaiveDate,
    /// Working days from start to finish (inclusive).
    pub length: i64,
    /// The plan's finish as planned (everything to plan, `today` ignored).
    pub planned_finish: Option<NaiveDate>,
    /// Whether work waits for its people (`--level`, `[schedule] level`).
    pub levelled: bool,
    /// The baseline compared against, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    /// Tasks and milestones that could not be scheduled (in or after a
    /// dependency cycle).
    #[serde(skip)]
    pub unscheduled: usize,
    /// Each dependency cycle as a closed walk of ids (`[a, b, a]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<Vec<String>>,
    pub critical_path: Vec<String>,
    pub tasks: Vec<TaskReport>,
    pub milestones: Vec<MilestoneReport>,
    /// Runs of days on which someone has more work than time, by person.
    pub overallocated: Vec<OverloadReport>,
}

/// The plan finish of the baseline a report is compared with.
#[derive(Debug, Serialize)]
pub struct BaselineSummary {
    pub reference: Option<String>,
    pub finish: Option<NaiveDate>,
    /// Plan finish slip in working days (positive: later).
    pub finish_slip: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct TaskReport {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub status: String,
    /// The forecast.
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub planned_start: NaiveDate,
    pub planned_finish: NaiveDate,
    pub duration: u32,
    pub slack: i64,
    pub critical: bool,
    /// A cancelled task: out of the schedule (its dates are where it would run).
    pub cancelled: bool,
    /// What levelling made it wait for.
    pub delayed_by: Vec<DelayReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slip: Option<i64>,
}

/// A person a levelled task waited for, and the task that kept them busy
/// (None: they were away).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DelayReport {
    pub person: String,
    pub task: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OverloadReport {
    pub person: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Over-allocated working days in the run.
    pub days: u32,
    /// The highest sum of allocations on a day they work (percent of their time).
    pub peak: u32,
    pub tasks: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneReport {
    pub id: String,
    pub title: String,
    /// The forecast.
    pub date: NaiveDate,
    pub planned_date: NaiveDate,
    pub target: Option<NaiveDate>,
    pub late: i64,
    pub slack: i64,
    pub critical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slip: Option<i64>,
}

impl ScheduleReport {
    /// Tasks and milestones sorted by date, then id.
    pub fn new(plan: &Plan, schedule: &Schedule) -> ScheduleReport {
        // Side by side: a big plan has thousands of tasks to copy and sort.
        let scheduled = |kind: ItemKind| {
            plan.items
                .par_iter()
                .enumerate()
                .filter(move |(_, item)| item.kind == kind)
                .filter_map(|(index, item)| Some((item, schedule.timing(index)?)))
        };
        let (tasks, milestones) = rayon::join(
            || {
                let mut tasks: Vec<TaskReport> = scheduled(ItemKind::Task)
                    .map(|(item, timing)| TaskReport::new(plan, item, timing))
                    .collect();
                tasks.par_sort_by(|a, b| {
                    (a.start, a.finish, &a.id).cmp(&(b.start, b.finish, &b.id))
                });
                tasks
            },
            || {
                let mut milestones: Vec<MilestoneReport> = scheduled(ItemKind::Milestone)
                    .map(|(item, timing)| MilestoneReport::new(item, timing))
                    .collect();
                milestones.par_sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                milestones
            },
        );
        ScheduleReport {
            start: schedule.start,
            finish: schedule.finish,
            today: schedule.today,
            length: schedule.length(&plan.config.calendar),
            planned_finish: schedule.planned_finish,
            levelled: schedule.levelled,
            baseline: None,
            unscheduled: plan
                .items
                .iter()
                .enumerate()
                .filter(|(index, item)| {
                    matches!(item.kind, ItemKind::Task | ItemKind::Milestone)
                        && schedule.timing(*index).is_none()
                })
                .count(),
            critical_path: schedule
                .critical_path
                .iter()
                .map(|item| plan.items[*item].id.clone())
                .collect(),
            cycles: schedule
                .graph
                .cycles
                .iter()
                .map(|cycle| {
                    cycle
                        .iter()
                        .map(|item| plan.items[*item].id.clone())
                        .collect()
                })
                .collect(),
            tasks,
            milestones,
            overallocated: overload_reports(plan, schedule),
        }
    }
}

impl TaskReport {
    fn new(plan: &Plan, item: &Item, timing: &Timing) -> TaskReport {
        TaskReport {
            id: item.id.clone(),
            title: item.title.clone(),
            owner: item.owner.as_ref().map(|owner| owner.value.clone()),
            status: item.status.clone(),
            start: timing.start,
            finish: timing.finish,
            planned_start: timing.planned_start,
            planned_finish: timing.planned_finish,
            duration: timing.duration,
            slack: timing.slack,
            critical: timing.critical,
            cancelled: timing.cancelled,
            delayed_by: timing
                .delayed_by
                .iter()
                .map(|delay| DelayReport {
                    person: delay.person.clone(),
                    task: delay.task.map(|task| plan.items[task].id.clone()),
                })
                .collect(),
            slip: None,
        }
    }
}

impl MilestoneReport {
    fn new(item: &Item, timing: &Timing) -> MilestoneReport {
        MilestoneReport {
            id: item.id.clone(),
            title: item.title.clone(),
            date: timing.finish,
            planned_date: timing.planned_finish,
            target: timing.target,
            late: timing.late,
            slack: timing.slack,
            critical: timing.critical,
            slip: None,
        }
    }
}

fn overload_reports(plan: &Plan, schedule: &Schedule) -> Vec<OverloadReport> {
    schedule
        .workload
        .people
        .iter()
        .enumerate()
        .flat_map(|(person, load)| {
            load.overloads.iter().map(move |overload| OverloadReport {
                person: schedule.people.ids[person].clone(),
                first: overload.first,
                last: overload.last,
                days: overload.days,
                peak: overload.peak,
                tasks: overload
                    .tasks
                    .iter()
                    .map(|task| plan.items[*task].id.clone())
                    .collect(),
            })
        })
        .collect()
}
