//! The status report (`planbook report --since REF|DATE`): what happened to
//! the plan between a ref or date and HEAD, for the communication
//! strategy's rhythm. The plan at both ends is read from git and scheduled
//! (the older end as of its own date); the report compares the two states
//! and lists the field-level changes of every commit in between.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::{Analysis, AnalysisError, AnalysisOptions, Origin};
use crate::git::{read_plan_log, GitError, NoHistory, PlanCommit, PlanTrees};
use crate::model::{ItemId, Plan};
use crate::schedule::Schedule;
use crate::source::PlanSources;

use super::{commit_field_changes, current_settings};

pub use super::report_doc::{render_html, render_markdown};

/// Where the report starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// A git revision: the changes are the commits HEAD has and it has not.
    Ref(String),
    /// A date: the changes are the commits from that day on.
    Date(NaiveDate),
}

impl Since {
    /// `2026-03-01` is a date; anything else a revision.
    pub fn parse(text: &str) -> Since {
        match crate::model::field_reader::parse_date(text) {
            Some(date) if text.trim().len() == 10 => Since::Date(date),
            _ => Since::Ref(text.to_string()),
        }
    }
}

/// Why no report could be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the status report reads the plan's git history, and {0}")]
    NoHistory(NoHistory),
    #[error("the report would start on {since}, after its status date {today}; give an earlier --since or a later --today")]
    SinceAfterToday { since: NaiveDate, today: NaiveDate },
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
}

/// One end of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportEnd {
    pub date: NaiveDate,
    /// Full hex id; None when the report starts before the first commit.
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneMove {
    pub id: String,
    #[serde(skip)]
    pub title: String,
    pub before: Option<NaiveDate>,
    pub after: Option<NaiveDate>,
    /// After minus before in working days (positive: later).
    pub slip: Option<i64>,
    /// Reached since the start of the report.
    pub reached: bool,
    /// The changes that moved it: scheduling fields of it and of the work
    /// that feeds it.
    #[serde(skip)]
    pub causes: Vec<ReportChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportChange {
    pub id: String,
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Full hex id of the commit that made it.
    pub commit: String,
    #[serde(skip)]
    pub short: String,
    #[serde(skip)]
    pub described: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemEvent {
    pub id: String,
    pub title: String,
    /// tasks: `started`, `finished`, `late`; risks: `opened`, `closed`,
    /// `occurred`, `score-rose`, `score-fell`.
    pub event: &'static str,
    /// A risk's score before and after (tasks: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpenFinding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
}

/// The status report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    #[serde(skip)]
    pub title: String,
    /// How the reader named the start: the ref as given (`v1.0`), else its
    /// date (`2026-03-01`; also for a commit id, which the report shows anyway).
    #[serde(skip)]
    pub since_label: String,
    pub since: ReportEnd,
    pub until: ReportEnd,
    /// Commits that changed the plan in between.
    #[serde(skip)]
    pub commits: usize,
    pub milestones: Vec<MilestoneMove>,
    pub changes: Vec<ReportChange>,
    pub risks: Vec<ItemEvent>,
    pub tasks: Vec<ItemEvent>,
    pub findings: Vec<OpenFinding>,
}

/// Fields whose change can move a milestone.
const SCHEDULE_FIELDS: &[&str] = &[
    "start",
    "duration",
    "end",
    "depends_on",
    "milestone",
    "date",
    "status",
    "progress",
    "kind",
];

/// The status report of the plan in `root` since `since`, with `today` the
/// status date of HEAD's plan.
pub fn status_report(
    root: &Path,
    since: &Since,
    today: NaiveDate,
) -> Result<StatusReport, ReportError> {
    if let Since::Date(since) = since {
        if *since > today {
            return Err(ReportError::SinceAfterToday {
                since: *since,
                today,
            });
        }
    }
    let (filter, _) = current_settings(root);
    let log = read_plan_log(root, &filter).map_err(ReportError::NoHistory)?;
    let trees = PlanTrees::open(&log)?;
    let (base, base_date, in_range) = start_of(&log, &trees, since)?;
    let quiet = |today| AnalysisOptions {
        today,
        lint: false,
        incremental: false,
        level: false,
    };
    let before = match base {
        Some(base) => Analysis::open_revision(root, &base.to_string(), quiet(base_date))?,
        None => Analysis::from_sources(
            root,
            PlanSources::default(),
            Origin::Memory,
            quiet(base_date),
        ),
    };
    let after = Analysis::open_revision(root, &log.head.to_string(), AnalysisOptions::new(today))?;
    let mut changes = Vec::new();
    for commit in in_range.iter().rev() {
        let found = commit_field_changes(&trees, commit, &after.plan.config)?;
        changes.extend(found.fields.into_iter().map(|change| ReportChange {
            described: change.describe(),
            id: change.id,
            field: change.field,
            before: change.before,
            after: change.after,
            commit: commit.summary.id.clone(),
            short: commit.summary.short.clone(),
        }));
    }
    let title = after
        .plan
        .config
        .title
        .clone()
        .or_else(|| after.plan.overview().map(|overview| overview.title.clone()))
        .unwrap_or_else(|| "Plan".into());
    Ok(StatusReport {
        title,
        since_label: match since {
            Since::Ref(reference) if !is_id_of(reference, base) => reference.clone(),
            _ => base_date.to_string(),
        },
        since: ReportEnd {
            date: base_date,
            commit: base.map(|base| base.to_string()),
        },
        // HEAD's plan is scheduled as of `today`: that is the date its
        // forecasts and "late" speak for, not the date of its commit.
        until: ReportEnd {
            date: today,
            commit: Some(log.head.to_string()),
        },
        commits: in_range.len(),
        milestones: milestone_moves(&before, &after, &changes),
        risks: risk_events(&before.plan, &after.plan),
        tasks: task_events(&before, &after),
        findings: open_findings(&after),
        changes,
    })
}

/// Whether `reference` is (an abbreviation of) the id of `commit`.
fn is_id_of(reference: &str, commit: Option<git2::Oid>) -> bool {
    let reference = reference.to_ascii_lowercase();
    reference.len() >= 4
        && reference.bytes().all(|byte| byte.is_ascii_hexdigit())
        && commit.is_some_and(|commit| commit.to_string().starts_with(&reference))
}

/// The commit the report starts from (None: before the first one), the
/// status date of that start, and the plan commits after it, newest first.
fn start_of<'l>(
    log: &'l crate::git::PlanLog,
    trees: &PlanTrees,
    since: &Since,
) -> Result<(Option<git2::Oid>, NaiveDate, Vec<&'l PlanCommit>), ReportError> {
    match since {
        Since::Ref(reference) => {
            let base = trees.resolve(reference)?;
            let date = trees.commit_date(base)?;
            let after = trees.commits_after(base, log.head)?;
            let in_range = log
                .commits
                .iter()
                .filter(|commit| after.contains(&commit.oid))
                .collect();
            Ok((Some(base), date, in_range))
        }
        Since::Date(date) => {
            let base = log.commits.iter().find(|commit| commit.committed < *date);
            let in_range = log
                .commits
                .iter()
                .filter(|commit| commit.committed >= *date)
                .collect();
            Ok((base.map(|commit| commit.oid), *date, in_range))
        }
    }
}

fn milestone_moves(
    before: &Analysis,
    after: &Analysis,
    changes: &[ReportChange],
) -> Vec<MilestoneMove> {
    let calendar = &after.plan.config.calendar;
    let forecast = |analysis: &Analysis, id: &str| {
        let index = *analysis.plan.ids.get(id)?;
        analysis.schedule.timing(index).map(|timing| timing.finish)
    };
    let status = |plan: &Plan, id: &str| plan.item(id).map(|item| item.status.clone());
    let mut moves = Vec::new();
    for (index, item) in after.plan.items.iter().enumerate() {
        if item.kind != crate::model::ItemKind::Milestone || after.plan.ids[&item.id] != index {
            continue;
        }
        let (old, new) = (forecast(before, &item.id), forecast(after, &item.id));
        let slip = old
            .zip(new)
            .map(|(old, new)| calendar.workdays_between(old, new));
        let reached = item.status == "reached"
            && status(&before.plan, &item.id).as_deref() != Some("reached");
        if slip.is_none_or(|slip| slip == 0) && !reached {
            continue;
        }
        let upstream = upstream_ids(&after.plan, &after.schedule, index);
        let causes = changes
            .iter()
            .filter(|change| {
                upstream.contains(change.id.as_str())
                    && SCHEDULE_FIELDS.contains(&change.field.as_str())
            })
            .cloned()
            .collect();
        moves.push(MilestoneMove {
            id: item.id.clone(),
            title: item.title.clone(),
            before: old,
            after: new,
            slip,
            reached,
            causes,
        });
    }
    moves.sort_by(|a, b| {
        let size = |item: &MilestoneMove| std::cmp::Reverse(item.slip.map_or(0, i64::abs));
        (!a.reached, size(a), &a.id).cmp(&(!b.reached, size(b), &b.id))
    });
    moves
}

/// The ids of an item and of everything it waits for, transitively.
fn upstream_ids<'p>(plan: &'p Plan, schedule: &Schedule, item: ItemId) -> BTreeSet<&'p str> {
    let mut seen: BTreeSet<ItemId> = BTreeSet::new();
    let mut stack = vec![item];
    while let Some(next) = stack.pop() {
        if !seen.insert(next) {
            continue;
        }
        if let Some(edges) = schedule.graph.predecessors.get(next) {
            stack.extend(edges.iter().map(|edge| edge.from));
        }
    }
    seen.into_iter()
        .map(|index| plan.items[index].id.as_str())
        .collect()
}

fn risk_events(before: &Plan, after: &Plan) -> Vec<ItemEvent> {
    let risks = |plan: &Plan| -> BTreeMap<String, (String, String, Option<u32>)> {
        plan.items
            .iter()
            .filter_map(|item| {
                let risk = item.as_risk()?;
                Some((
                    item.id.clone(),
                    (item.title.clone(), item.status.clone(), risk.score()),
                ))
            })
            .collect()
    };
    let (old, new) = (risks(before), risks(after));
    let mut events = Vec::new();
    for (id, (title, status, score)) in &new {
        let then = old.get(id);
        let old_status = then.map(|(_, status, _)| status.as_str());
        let old_score = then.and_then(|(_, _, score)| *score);
        let event = match (old_status, status.as_str()) {
            (None | Some("closed"), "open") => Some("opened"),
            (Some(old), "closed") if old != "closed" => Some("closed"),
            (old, "occurred") if old != Some("occurred") => Some("occurred"),
            _ => None,
        };
        let event = event.or_else(|| match (then.is_some(), old_score, *score) {
            (true, Some(old), Some(new)) if new > old => Some("score-rose"),
            (true, Some(old), Some(new)) if new < old => Some("score-fell"),
            _ => None,
        });
        if let Some(event) = event {
            events.push(ItemEvent {
                id: id.clone(),
                title: title.clone(),
                event,
                before: old_score,
                after: *score,
                owner: None,
            });
        }
    }
    events.sort_by(|a, b| (a.event, &a.id).cmp(&(b.event, &b.id)));
    events
}

/// Whether a task is late as of its schedule's status date: not finished,
/// and forecast after its plan, or due before the status date.
fn is_late(plan: &Plan, schedule: &Schedule, index: ItemId) -> bool {
    let item = &plan.items[index];
    if matches!(item.status.as_str(), "done" | "cancelled") {
        return false;
    }
    schedule.timing(index).is_some_and(|timing| {
        timing.finish > timing.planned_finish || timing.finish < schedule.today
    })
}

fn task_events(before: &Analysis, after: &Analysis) -> Vec<ItemEvent> {
    let mut events = Vec::new();
    for (index, item) in after.plan.tasks() {
        if after.plan.ids[&item.id] != index {
            continue;
        }
        let then = before.plan.ids.get(&item.id).copied();
        let old_status = then.map(|then| before.plan.items[then].status.as_str());
        let mut push = |event| {
            events.push(ItemEvent {
                id: item.id.clone(),
                title: item.title.clone(),
                event,
                before: None,
                after: None,
                owner: item.owner.as_ref().map(|owner| owner.value.clone()),
            })
        };
        let was = |statuses: &[&str]| old_status.is_some_and(|status| statuses.contains(&status));
        if item.status == "active" && !was(&["active", "done"]) {
            push("started");
        }
        if item.status == "done" && !was(&["done"]) {
            push("finished");
        }
        let late_before = then.is_some_and(|then| is_late(&before.plan, &before.schedule, then));
        if is_late(&after.plan, &after.schedule, index) && !late_before {
            push("late");
        }
    }
    let order = |event: &str| {
        ["finished", "started", "late"]
            .iter()
            .position(|e| *e == event)
    };
    events.sort_by(|a, b| (order(a.event), &a.id).cmp(&(order(b.event), &b.id)));
    events
}

fn open_findings(after: &Analysis) -> Vec<OpenFinding> {
    after
        .report
        .diagnostics
        .iter()
        .map(|diagnostic| OpenFinding {
            file: diagnostic.location.file.clone(),
            line: diagnostic.location.line,
            column: diagnostic.location.column,
            severity: diagnostic.severity.as_str(),
            rule: diagnostic.rule,
            message: diagnostic.message.clone(),
        })
        .collect()
}

/// The report as JSON.
pub fn render_json(report: &StatusReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
