//! Baseline comparison: the same plan scheduled at two points (now and a git
//! ref) and what moved between them. Pure: it reads two plans and their
//! schedules and returns plain data for the terminal and the site; reading
//! the old plan from git is the pipeline's job
//! ([`crate::analysis::Analysis::compare_with_baseline`]).

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Item, ItemKind, Plan};
use crate::schedule::{BaselineSummary, Schedule, ScheduleReport};

/// Kinds that a baseline compares: scheduled items and risks.
const COMPARED: [ItemKind; 3] = [ItemKind::Task, ItemKind::Milestone, ItemKind::Risk];

/// A scheduled item's dates (for baseline bars under the current ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub start: NaiveDate,
    /// Inclusive finish; a milestone's day.
    pub finish: NaiveDate,
}

/// One task or milestone in either schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemComparison {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub baseline: Option<Bar>,
    pub current: Option<Bar>,
    /// Current finish minus baseline finish in working days (positive:
    /// later); None unless both schedules place the item.
    pub slip: Option<i64>,
}

/// An item present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateSlip {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub baseline_finish: NaiveDate,
    pub current_finish: NaiveDate,
    pub slip: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerChange {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub baseline: Option<String>,
    pub current: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskScoreChange {
    pub id: String,
    pub title: String,
    pub baseline: Option<u32>,
    pub current: Option<u32>,
    /// Current minus baseline (a missing score counts as 0).
    pub change: i64,
}

/// Everything that moved since the baseline. Every list is sorted biggest
/// first (by absolute size, then later/higher first, then id); added and
/// removed items, which have no size, by kind then id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineComparison {
    /// The git ref compared against, when known.
    pub reference: Option<String>,
    pub baseline_finish: Option<NaiveDate>,
    pub current_finish: Option<NaiveDate>,
    /// Plan finish slip in working days.
    pub finish_slip: Option<i64>,
    /// Tasks and milestones of both schedules, by id.
    pub items: Vec<ItemComparison>,
    pub added: Vec<ItemRef>,
    pub removed: Vec<ItemRef>,
    pub date_slips: Vec<DateSlip>,
    pub owner_changes: Vec<OwnerChange>,
    pub risk_changes: Vec<RiskScoreChange>,
}

impl BaselineComparison {
    /// A task or milestone of either schedule, by id.
    pub fn item(&self, id: &str) -> Option<&ItemComparison> {
        self.items
            .binary_search_by(|item| item.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.items[index])
    }

    /// The slip of a task or milestone, by id.
    pub fn slip(&self, id: &str) -> Option<i64> {
        self.item(id).and_then(|item| item.slip)
    }

    /// Fills the baseline finish and the `slip` of every task and milestone
    /// of a schedule report.
    pub fn fill_report(&self, report: &mut ScheduleReport) {
        report.baseline = Some(BaselineSummary {
            reference: self.reference.clone(),
            finish: self.baseline_finish,
            finish_slip: self.finish_slip,
        });
        for task in &mut report.tasks {
            task.slip = self.slip(&task.id);
        }
        for milestone in &mut report.milestones {
            milestone.slip = self.slip(&milestone.id);
        }
    }
}

/// Compares the current plan with its baseline. Slips count working days of
/// the current calendar (FORMAT.md section 4).
pub fn compare(current: (&Plan, &Schedule), baseline: (&Plan, &Schedule)) -> BaselineComparison {
    let (plan, schedule) = current;
    let (old_plan, old_schedule) = baseline;
    let calendar = &plan.config.calendar;
    let ids: BTreeSet<&str> = compared_ids(plan).chain(compared_ids(old_plan)).collect();
    let mut comparison = BaselineComparison {
        reference: None,
        baseline_finish: old_schedule.finish,
        current_finish: schedule.finish,
        finish_slip: old_schedule
            .finish
            .zip(schedule.finish)
            .map(|(old, new)| calendar.workdays_between(old, new)),
        items: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        date_slips: Vec::new(),
        owner_changes: Vec::new(),
        risk_changes: Vec::new(),
    };
    for id in ids {
        let now = lookup(plan, schedule, id);
        let then = lookup(old_plan, old_schedule, id);
        match (now, then) {
            (Some(now), None) => comparison.added.push(item_ref(now.item)),
            (None, Some(then)) => comparison.removed.push(item_ref(then.item)),
            (Some(now), Some(then)) => compare_item(&mut comparison, now, then, calendar),
            (None, None) => {}
        }
        if let Some(side) = now.or(then) {
            if side.item.kind != ItemKind::Risk {
                let current = now.and_then(|now| now.bar);
                let baseline = then.and_then(|then| then.bar);
                comparison.items.push(ItemComparison {
                    id: id.to_string(),
                    kind: side.item.kind.name(),
                    title: side.item.title.clone(),
                    baseline,
                    current,
                    slip: current
                        .zip(baseline)
                        .map(|(now, then)| calendar.workdays_between(then.finish, now.finish)),
                });
            }
        }
    }
    sort_biggest_first(&mut comparison);
    comparison
}

/// One item of one side, with its dates when scheduled.
#[derive(Clone, Copy)]
struct Side<'p> {
    item: &'p Item,
    bar: Option<Bar>,
}

fn compared_ids(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.items
        .iter()
        .filter(|item| COMPARED.contains(&item.kind))
        .map(|item| item.id.as_str())
}

fn lookup<'p>(plan: &'p Plan, schedule: &Schedule, id: &str) -> Option<Side<'p>> {
    let index = *plan.ids.get(id)?;
    let item = &plan.items[index];
    if !COMPARED.contains(&item.kind) {
        return None;
    }
    let bar = schedule.timing(index).map(|timing| Bar {
        start: timing.start,
        finish: timing.finish,
    });
    Some(Side { item, bar })
}

fn item_ref(item: &Item) -> ItemRef {
    ItemRef {
        id: item.id.clone(),
        kind: item.kind.name(),
        title: item.title.clone(),
    }
}

fn compare_item(
    comparison: &mut BaselineComparison,
    now: Side,
    then: Side,
    calendar: &crate::model::Calendar,
) {
    let item = now.item;
    if let (Some(now_bar), Some(then_bar)) = (now.bar, then.bar) {
        let slip = calendar.workdays_between(then_bar.finish, now_bar.finish);
        if slip != 0 {
            comparison.date_slips.push(DateSlip {
                id: item.id.clone(),
                kind: item.kind.name(),
                title: item.title.clone(),
                baseline_finish: then_bar.finish,
                current_finish: now_bar.finish,
                slip,
            });
        }
    }
    let owner = |item: &Item| item.owner.as_ref().map(|owner| owner.value.clone());
    if owner(item) != owner(then.item) {
        comparison.owner_changes.push(OwnerChange {
            id: item.id.clone(),
            kind: item.kind.name(),
            title: item.title.clone(),
            baseline: owner(then.item),
            current: owner(item),
        });
    }
    let score = |item: &Item| item.as_risk().and_then(|risk| risk.score());
    if item.kind == ItemKind::Risk && score(item) != score(then.item) {
        let (current, baseline) = (score(item), score(then.item));
        comparison.risk_changes.push(RiskScoreChange {
            id: item.id.clone(),
            title: item.title.clone(),
            baseline,
            current,
            change: i64::from(current.unwrap_or(0)) - i64::from(baseline.unwrap_or(0)),
        });
    }
}

fn sort_biggest_first(comparison: &mut BaselineComparison) {
    let by_kind_then_id = |a: &ItemRef, b: &ItemRef| (a.kind, &a.id).cmp(&(b.kind, &b.id));
    comparison.added.sort_by(by_kind_then_id);
    comparison.removed.sort_by(by_kind_then_id);
    comparison.date_slips.sort_by_key(|slip| {
        (
            Reverse(slip.slip.abs()),
            Reverse(slip.slip),
            slip.id.clone(),
        )
    });
    comparison.risk_changes.sort_by_key(|risk| {
        (
            Reverse(risk.change.abs()),
            Reverse(risk.change),
            risk.id.clone(),
        )
    });
    comparison.owner_changes.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_plan;
    use crate::schedule::{compute_schedule, ScheduleOptions};
    use crate::source::PlanSources;
    use std::path::Path;

    fn plan(pages: &[(&str, &str)]) -> (Plan, Schedule) {
        let sources = PlanSources::in_memory(Some("start = \"2026-01-05\"\n"), pages);
        let plan = build_plan(Path::new("."), sources);
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date");
        let schedule = compute_schedule(
            &plan,
            ScheduleOptions {
                today,
                level: false,
                dates_only: false,
            },
        );
        (plan, schedule)
    }

    const DESIGN: &str = "---\nkind: task\nowner: ana\nduration: 5d\n---\n";
    const BUILD: &str = "---\nkind: task\nowner: ana\nduration: 5d\ndepends_on: [design]\n---\n";
    const LAUNCH: &str = "---\nkind: milestone\ndepends_on: [build]\n---\n";

    #[test]
    fn a_longer_task_slips_itself_and_its_successors() {
        let old = plan(&[
            ("design.md", DESIGN),
            ("build.md", BUILD),
            ("launch.md", LAUNCH),
        ]);
        let longer = DESIGN.replace("5d", "8d");
        let new = plan(&[
            ("design.md", &longer),
            ("build.md", BUILD),
            ("launch.md", LAUNCH),
        ]);
        let comparison = compare((&new.0, &new.1), (&old.0, &old.1));
        assert_eq!(comparison.slip("design"), Some(3));
        assert_eq!(comparison.slip("build"), Some(3));
        assert_eq!(comparison.slip("launch"), Some(3));
        assert_eq!(comparison.finish_slip, Some(3));
        assert_eq!(comparison.date_slips.len(), 3);
        assert!(comparison.added.is_empty() && comparison.removed.is_empty());
    }

    #[test]
    fn lists_added_removed_owner_and_risk_changes_biggest_first() {
        let risk = |probability: &str| {
            format!("---\nkind: risk\nowner: ana\nprobability: {probability}\nimpact: high\nmitigation: m\n---\n")
        };
        let old = plan(&[
            ("design.md", DESIGN),
            ("build.md", BUILD),
            ("r1.md", &risk("low")),
            ("r2.md", &risk("low")),
        ]);
        let new_design = DESIGN.replace("owner: ana", "owner: bo");
        let new = plan(&[
            ("design.md", &new_design),
            (
                "launch.md",
                "---\nkind: milestone\ndepends_on: [design]\n---\n",
            ),
            ("r1.md", &risk("medium")),
            ("r2.md", &risk("high")),
        ]);
        let comparison = compare((&new.0, &new.1), (&old.0, &old.1));
        let ids = |refs: &[ItemRef]| refs.iter().map(|item| item.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&comparison.added), ["launch"]);
        assert_eq!(ids(&comparison.removed), ["build"]);
        assert_eq!(comparison.owner_changes[0].current.as_deref(), Some("bo"));
        let risks: Vec<(&str, i64)> = comparison
            .risk_changes
            .iter()
            .map(|risk| (risk.id.as_str(), risk.change))
            .collect();
        assert_eq!(risks, [("r2", 6), ("r1", 3)]);
    }
}
