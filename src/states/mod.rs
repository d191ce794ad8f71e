//! Plan states over time, as plain data: what one state of the plan records
//! (each milestone's forecast, each risk's score and status, the scope and
//! the work done), the series of those states that the charts draw
//! ([`Trends`]), and the field-level changes between two versions of an
//! item ([`changes`]). Pure: it reads plans and schedules already made;
//! walking the history and scheduling each state is the `trend` driver's
//! job, and drawing them the site's.

pub mod changes;
mod series;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{risk_band, ItemKind, Plan};
use crate::schedule::Schedule;

pub use changes::{config_changes, item_changes, CommitChanges, FieldChange};
pub use series::{
    BandCounts, BurnupPoint, MilestonePoint, MilestoneTrend, PointInfo, RiskPoint, RiskTrend,
    Trends,
};

/// A milestone in one state of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneState {
    pub id: String,
    pub title: String,
    pub target: Option<NaiveDate>,
    /// The scheduled date; None when it could not be scheduled.
    pub forecast: Option<NaiveDate>,
    pub status: String,
}

/// A risk in one state of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskState {
    pub id: String,
    pub title: String,
    pub score: Option<u32>,
    pub status: String,
    /// "low", "medium", "high" or "unrated" against that state's threshold.
    pub band: &'static str,
}

/// What the charts read of one state of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanState {
    pub milestones: Vec<MilestoneState>,
    pub risks: Vec<RiskState>,
    /// Working days of every task that is not cancelled.
    pub scope: f64,
    /// Working days done: done tasks fully, active ones by their progress.
    pub done: f64,
    /// The latest planned finish of any task or milestone.
    pub planned_finish: Option<NaiveDate>,
}

impl PlanState {
    /// The state of a plan as scheduled.
    pub fn capture(plan: &Plan, schedule: &Schedule) -> PlanState {
        let threshold = plan.config.contingency_threshold;
        let mut state = PlanState {
            milestones: Vec::new(),
            risks: Vec::new(),
            scope: 0.0,
            done: 0.0,
            planned_finish: schedule
                .timings
                .iter()
                .flatten()
                .map(|timing| timing.planned_finish)
                .max(),
        };
        for (index, item) in plan.items.iter().enumerate() {
            // The first declaration of an id is the item (as `ids` says).
            if plan.ids.get(&item.id) != Some(&index) {
                continue;
            }
            let timing = schedule.timing(index);
            match item.kind {
                ItemKind::Milestone => state.milestones.push(MilestoneState {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    target: item
                        .as_milestone()
                        .and_then(|milestone| milestone.date.as_ref())
                        .map(|date| date.value),
                    forecast: timing.map(|timing| timing.finish),
                    status: item.status.clone(),
                }),
                ItemKind::Risk => {
                    let score = item.as_risk().and_then(|risk| risk.score());
                    state.risks.push(RiskState {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        score,
                        status: item.status.clone(),
                        band: risk_band(score, threshold),
                    });
                }
                ItemKind::Task if item.status != "cancelled" => {
                    // A task's size is its planned span: the forecast span
                    // of late work grows every day, and scope and done with
                    // it, though nobody changed anything.
                    let calendar = &plan.config.calendar;
                    let days = timing.map_or(0, |timing| {
                        calendar.workdays_in(timing.planned_start, timing.planned_finish)
                    }) as f64;
                    state.scope += days;
                    state.done += match item.status.as_str() {
                        "done" => days,
                        "active" => {
                            let progress = item.as_task().and_then(|task| task.progress);
                            days * f64::from(progress.unwrap_or(0)) / 100.0
                        }
                        _ => 0.0,
                    };
                }
                _ => {}
            }
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_plan;
    use crate::schedule::{compute_schedule, ScheduleOptions};
    use crate::source::PlanSources;
    use std::path::Path;

    #[test]
    fn scope_counts_every_task_but_cancelled_ones_and_done_counts_progress() {
        let page = |status: &str, extra: &str| {
            format!("---\nkind: task\nowner: a\nduration: 10d\nstatus: {status}\n{extra}---\n")
        };
        let plan = build_plan(
            Path::new("."),
            PlanSources::in_memory(
                Some("start = \"2026-01-05\"\n"),
                &[
                    ("a.md", &page("done", "")),
                    ("b.md", &page("active", "progress: 30\n")),
                    ("c.md", &page("planned", "")),
                    ("d.md", &page("cancelled", "")),
                    (
                        "m.md",
                        "---\nkind: milestone\ndate: 2026-01-09\ndepends_on: [a]\n---\n",
                    ),
                    (
                        "r.md",
                        "---\nkind: risk\nprobability: high\nimpact: medium\n---\n",
                    ),
                ],
            ),
        );
        let state_on = |today: &str| {
            PlanState::capture(
                &plan,
                &compute_schedule(
                    &plan,
                    ScheduleOptions {
                        today: today.parse().unwrap(),
                        level: false,
                        dates_only: true,
                    },
                ),
            )
        };
        let state = state_on("2026-01-05");
        assert_eq!(state.scope, 30.0);
        assert_eq!(state.done, 13.0);
        // Two months on, nothing edited: the active and planned tasks are
        // late, and their forecast spans longer, but the scope is the same.
        let later = state_on("2026-03-02");
        assert_eq!((later.scope, later.done), (30.0, 13.0));
        assert_eq!(
            state.milestones[0].forecast.unwrap().to_string(),
            "2026-01-16"
        );
        assert_eq!(
            state.milestones[0].target.unwrap().to_string(),
            "2026-01-09"
        );
        assert_eq!(
            (state.risks[0].score, state.risks[0].band),
            (Some(6), "high")
        );
    }
}
