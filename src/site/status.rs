//! The plan's status as of `today`, for the home page and the status
//! report: the headline (decided by [`super::headline`]), progress in
//! working days, the forecast finish against the planned and baseline
//! finish, what is due in the next two weeks, what is late now, the open
//! milestones and the top risks. Gathers and words facts; never decides
//! the headline itself.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::{ItemId, ItemKind};

use super::baseline::reference_name;
use super::exports::risks_by_score;
use super::headline::{self, long_date, Facts, Headline, MilestoneFact, Standing};
use super::views::{risk_badge, Link, Linker, RiskBadge};
use super::SiteBuilder;
use crate::model::calendar::working_days;

/// How far ahead "due soon" looks, in calendar days.
pub const DUE_SOON_DAYS: u64 = 14;
/// How many open risks the status lists.
const TOP_RISKS: usize = 5;
/// How many items "due soon" and "late now" list; the rest are counted
/// (the board lists them all).
pub const LISTED: usize = 10;

#[derive(Debug, Serialize)]
pub struct PlanStatus {
    pub headline: Headline,
    pub progress: Progress,
    pub finish: FinishView,
    /// Tasks and milestones due from today to `due_until` (exclusive).
    pub due_soon: Vec<DueItem>,
    pub due_until: NaiveDate,
    /// Work that should have started or finished by today and has not.
    pub late_now: Vec<DueItem>,
    /// Items of the two lists beyond what pages show ([`LISTED`]).
    pub more_due: usize,
    pub more_late: usize,
    /// Every milestone by forecast, with its standing in words.
    pub milestones: Vec<MilestoneLine>,
    pub top_risks: Vec<RiskBadge>,
    /// The settings the headline was decided with (for its explanation).
    pub at_risk_slack: i64,
    pub at_risk_slip: i64,
    pub at_risk_risks: i64,
    pub contingency_threshold: u32,
}

/// Work done against all work, in working days (durations weighted by
/// progress; done counts whole; cancelled tasks count nothing).
#[derive(Debug, Serialize, PartialEq)]
pub struct Progress {
    pub done_days: i64,
    pub total_days: i64,
    pub percent: i64,
}

#[derive(Debug, Serialize)]
pub struct FinishView {
    pub forecast: Option<NaiveDate>,
    pub planned: Option<NaiveDate>,
    /// Forecast against planned, in words ("as planned", "4 working days later").
    pub against_plan: Option<String>,
    pub baseline: Option<BaselineFinish>,
}

#[derive(Debug, Serialize)]
pub struct BaselineFinish {
    pub reference: String,
    pub finish: Option<NaiveDate>,
    pub slip: Option<i64>,
    pub words: String,
}

#[derive(Debug, Serialize)]
pub struct DueItem {
    pub link: Link,
    pub kind: &'static str,
    pub date: NaiveDate,
    pub owner: Option<Link>,
    pub critical: bool,
    /// "finishes", "reached", "2 working days overdue: planned to finish ...".
    pub words: String,
}

#[derive(Debug, Serialize)]
pub struct MilestoneLine {
    pub link: Link,
    pub status: String,
    pub forecast: NaiveDate,
    pub target: Option<NaiveDate>,
    pub standing: String,
    pub late: bool,
}

pub fn plan_status(builder: &SiteBuilder<'_>, linker: &Linker<'_>) -> PlanStatus {
    let plan = builder.plan;
    let today = builder.schedule.today;
    let settings = plan.config.headline;
    let threshold = plan.config.contingency_threshold;
    let milestones = milestone_facts(builder, linker);
    let open_risks: Vec<ItemId> = risks_by_score(plan)
        .into_iter()
        .filter(|item| plan.items[*item].status == "open")
        .collect();
    let high_risks = open_risks
        .iter()
        .filter_map(|item| {
            let score = plan.items[*item].as_risk()?.score()?;
            (score >= threshold).then(|| (linker.item(*item), score))
        })
        .collect();
    let late_now = late_now(builder, linker);
    let facts = Facts {
        milestones: milestones
            .iter()
            .filter(|(status, _)| status == "planned")
            .map(|(_, fact)| fact.clone())
            .collect(),
        finish_slip: builder.inputs.baseline.as_ref().and_then(|comparison| {
            Some((
                comparison.finish_slip?,
                reference_name(comparison).to_string(),
            ))
        }),
        high_risks,
        contingency_threshold: threshold,
        overdue_critical: late_now
            .iter()
            .filter(|due| due.critical && due.kind == "task")
            .map(|due| {
                let days = plan.config.calendar.workdays_between(due.date, today);
                (due.link.clone(), days)
            })
            .collect(),
    };
    let due_until = today
        .checked_add_days(Days::new(DUE_SOON_DAYS))
        .unwrap_or(today);
    PlanStatus {
        headline: headline::assess(&facts, &settings),
        progress: progress(builder),
        finish: finish_view(builder),
        due_soon: due_soon(builder, linker, due_until),
        due_until,
        late_now,
        more_due: 0,
        more_late: 0,
        milestones: milestones
            .into_iter()
            .map(|(status, fact)| MilestoneLine {
                late: fact.standing.is_late(),
                standing: match status.as_str() {
                    "reached" => "reached".to_string(),
                    "missed" => "missed".to_string(),
                    _ => fact.standing.words(),
                },
                status,
                link: fact.link,
                forecast: fact.forecast,
                target: fact.target,
            })
            .collect(),
        top_risks: open_risks
            .into_iter()
            .take(TOP_RISKS)
            .map(|item| risk_badge(linker, item, threshold))
            .collect(),
        at_risk_slack: settings.at_risk_slack,
        at_risk_slip: settings.at_risk_slip,
        at_risk_risks: settings.at_risk_risks,
        contingency_threshold: threshold,
    }
}

impl PlanStatus {
    /// Keeps the first `count` of "due soon" and "late now" and counts the rest.
    pub fn shorten(mut self, count: usize) -> PlanStatus {
        self.more_due += self.due_soon.len().saturating_sub(count);
        self.more_late += self.late_now.len().saturating_sub(count);
        self.due_soon.truncate(count);
        self.late_now.truncate(count);
        self
    }
}

/// Every scheduled milestone by forecast, with its status.
fn milestone_facts(builder: &SiteBuilder<'_>, linker: &Linker<'_>) -> Vec<(String, MilestoneFact)> {
    let plan = builder.plan;
    let mut facts: Vec<(String, MilestoneFact)> = (0..plan.items.len())
        .filter(|item| plan.items[*item].kind == ItemKind::Milestone)
        .filter_map(|item| {
            let timing = builder.schedule.timing(item)?;
            Some((
                plan.items[item].status.clone(),
                MilestoneFact {
                    link: linker.item(item),
                    forecast: timing.finish,
                    target: timing.target,
                    standing: Standing::of(timing, &plan.config.calendar),
                },
            ))
        })
        .collect();
    facts.sort_by(|a, b| (a.1.forecast, &a.1.link.id).cmp(&(b.1.forecast, &b.1.link.id)));
    facts
}

/// True for work that is still to do: tasks not done or cancelled,
/// milestones not reached or missed.
fn is_open(kind: ItemKind, status: &str) -> bool {
    match kind {
        ItemKind::Task => !matches!(status, "done" | "cancelled"),
        ItemKind::Milestone => status == "planned",
        _ => false,
    }
}

fn scheduled_open_items<'b>(builder: &'b SiteBuilder<'_>) -> impl Iterator<Item = ItemId> + 'b {
    let plan = builder.plan;
    (0..plan.items.len()).filter(move |item| {
        let record = &plan.items[*item];
        is_open(record.kind, &record.status) && builder.schedule.timing(*item).is_some()
    })
}

fn due_item(linker: &Linker<'_>, item: ItemId, date: NaiveDate, words: String) -> DueItem {
    let record = &linker.plan.items[item];
    DueItem {
        link: linker.item(item),
        kind: record.kind.name(),
        date,
        owner: record.owner.as_ref().map(|owner| linker.id(&owner.value)),
        critical: linker
            .schedule
            .timing(item)
            .is_some_and(|timing| timing.critical),
        words,
    }
}

fn due_soon(builder: &SiteBuilder<'_>, linker: &Linker<'_>, until: NaiveDate) -> Vec<DueItem> {
    let today = builder.schedule.today;
    let mut due: Vec<DueItem> = scheduled_open_items(builder)
        .filter_map(|item| {
            let timing = builder.schedule.timing(item)?;
            let finish = timing.finish;
            (finish >= today && finish < until).then(|| {
                let words = match builder.plan.items[item].kind {
                    ItemKind::Milestone => "forecast to be reached",
                    _ => "forecast to finish",
                };
                due_item(linker, item, finish, words.to_string())
            })
        })
        .collect();
    due.sort_by(|a, b| (a.date, &a.link.title).cmp(&(b.date, &b.link.title)));
    due
}

/// Open work whose planned finish (or a milestone's target) has passed, and
/// planned tasks whose planned start has.
fn late_now(builder: &SiteBuilder<'_>, linker: &Linker<'_>) -> Vec<DueItem> {
    let (plan, today) = (builder.plan, builder.schedule.today);
    let calendar = &plan.config.calendar;
    let mut late: Vec<DueItem> = scheduled_open_items(builder)
        .filter_map(|item| {
            let timing = builder.schedule.timing(item)?;
            let record = &plan.items[item];
            let due = match record.kind {
                ItemKind::Milestone => timing.target.map_or(timing.planned_finish, |target| {
                    target.min(timing.planned_finish)
                }),
                _ => timing.planned_finish,
            };
            if due < today {
                let days = calendar.workdays_between(due, today);
                let what = match record.kind {
                    ItemKind::Milestone => "due",
                    _ => "planned to finish",
                };
                let words = format!("{} overdue: {what} {}", working_days(days), long_date(due));
                return Some(due_item(linker, item, due, words));
            }
            let not_started = record.kind == ItemKind::Task
                && record.status == "planned"
                && timing.planned_start < today;
            not_started.then(|| {
                let words = format!(
                    "not started: planned to start {}",
                    long_date(timing.planned_start)
                );
                due_item(linker, item, timing.planned_start, words)
            })
        })
        .collect();
    late.sort_by(|a, b| (a.date, &a.link.title).cmp(&(b.date, &b.link.title)));
    late
}

fn progress(builder: &SiteBuilder<'_>) -> Progress {
    let (mut done, mut total) = (0_i64, 0_i64);
    for (item, record) in builder.plan.tasks() {
        if record.status == "cancelled" {
            continue;
        }
        let Some(timing) = builder.schedule.timing(item) else {
            continue;
        };
        let percent = match record.status.as_str() {
            "done" => 100,
            _ => i64::from(
                record
                    .as_task()
                    .and_then(|task| task.progress)
                    .unwrap_or(0)
                    .min(100),
            ),
        };
        let days = i64::from(timing.duration);
        total += days;
        done += days * percent;
    }
    let done_days = (done + 50) / 100;
    Progress {
        done_days,
        total_days: total,
        percent: if total == 0 { 0 } else { done / total },
    }
}

fn finish_view(builder: &SiteBuilder<'_>) -> FinishView {
    let schedule = builder.schedule;
    let calendar = &builder.plan.config.calendar;
    let forecast = schedule.finish;
    let planned = schedule
        .timings
        .iter()
        .flatten()
        .map(|timing| timing.planned_finish)
        .max();
    let against_plan = forecast.zip(planned).map(|(forecast, planned)| {
        match calendar.workdays_between(planned, forecast) {
            0 => "as planned".to_string(),
            days if days > 0 => format!("{} after the planned finish", working_days(days)),
            days => format!("{} before the planned finish", working_days(-days)),
        }
    });
    let baseline = builder.inputs.baseline.as_ref().map(|comparison| {
        let reference = reference_name(comparison).to_string();
        let words = match comparison.finish_slip {
            Some(0) => format!("the same as at {reference}"),
            Some(days) if days > 0 => format!("{} later than at {reference}", working_days(days)),
            Some(days) => format!("{} earlier than at {reference}", working_days(-days)),
            None => format!("not comparable with {reference}"),
        };
        BaselineFinish {
            reference,
            finish: comparison.baseline_finish,
            slip: comparison.finish_slip,
            words,
        }
    });
    FinishView {
        forecast,
        planned,
        against_plan,
        baseline,
    }
}

/// True when `item` is open work that is late now: its planned finish (or a
/// milestone's target) has passed, or a milestone is forecast after its target.
pub fn is_open_late(builder: &SiteBuilder<'_>, item: ItemId) -> bool {
    let record = &builder.plan.items[item];
    let Some(timing) = builder.schedule.timing(item) else {
        return false;
    };
    if !is_open(record.kind, &record.status) {
        return false;
    }
    let due = match record.kind {
        ItemKind::Milestone => timing.target.map_or(timing.planned_finish, |target| {
            target.min(timing.planned_finish)
        }),
        _ => timing.planned_finish,
    };
    due < builder.schedule.today || timing.late > 0
}
