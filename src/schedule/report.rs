//! The schedule as a document: what `planbook schedule --format json` prints
//! and what the site's `plan.json` carries.

use chrono::NaiveDate;
use serde::Serialize;

use super::Schedule;
use crate::model::{ItemKind, Plan};

/// The `planbook schedule --format json` document (FORMAT.md section 6).
#[derive(Debug, Serialize)]
pub struct ScheduleReport {
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    pub today: NaiveDate,
    /// Working days from start to finish (inclusive).
    pub length: i64,
    /// The baseline compared against, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    /// Tasks and milestones that could not be scheduled (in or after a
    /// dependency cycle).
    #[serde(skip)]
    pub unscheduled: usize,
    pub critical_path: Vec<String>,
    pub tasks: Vec<TaskReport>,
    pub milestones: Vec<MilestoneReport>,
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
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub duration: u32,
    pub slack: i64,
    pub critical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slip: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneReport {
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
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
        let mut tasks = Vec::new();
        let mut milestones = Vec::new();
        for (index, item) in plan.items.iter().enumerate() {
            let Some(timing) = schedule.timing(index) else {
                continue;
            };
            match item.kind {
                ItemKind::Task => tasks.push(TaskReport {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    owner: item.owner.as_ref().map(|owner| owner.value.clone()),
                    start: timing.start,
                    finish: timing.finish,
                    duration: timing.duration,
                    slack: timing.slack,
                    critical: timing.critical,
                    slip: None,
                }),
                ItemKind::Milestone => milestones.push(MilestoneReport {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    date: timing.finish,
                    target: timing.target,
                    late: timing.late,
                    slack: timing.slack,
                    critical: timing.critical,
                    slip: None,
                }),
                _ => {}
            }
        }
        tasks.sort_by(|a, b| (a.start, a.finish, &a.id).cmp(&(b.start, b.finish, &b.id)));
        milestones.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        ScheduleReport {
            start: schedule.start,
            finish: schedule.finish,
            today: schedule.today,
            length: schedule.length(&plan.config.calendar),
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
            tasks,
            milestones,
        }
    }
}
