//! What templates see of an item: its fields resolved into links (owner,
//! dependencies, risks) and its computed timing. Text stays text here;
//! templates auto-escape it, so nothing from front matter reaches the page raw.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Details, ItemId, ItemKind, Plan, Risk, Task};
use crate::schedule::Schedule;

use super::baseline::SlipView;
use super::cross_refs::CrossRefs;
use super::headline::Standing;
use super::markdown::markdown_to_text;
use super::paths;
use super::person_view::{person_view, PersonView};

/// A link to something in the plan. `href` is None when the id names nothing.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TimingView {
    /// The forecast.
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub planned_start: NaiveDate,
    pub planned_finish: NaiveDate,
    /// The planned dates differ from the forecast.
    pub replanned: bool,
    pub duration: u32,
    pub slack: i64,
    pub critical: bool,
    pub target: Option<NaiveDate>,
    pub late: i64,
    /// A milestone's forecast against its target in words: "late by 2
    /// working days", "3 working days to spare" (one fact, never a
    /// lateness beside a slack).
    pub standing: Option<String>,
    /// Cancelled: out of the schedule (shown struck through).
    pub cancelled: bool,
    /// Whom levelling made it wait for, and what kept them busy.
    pub delayed_by: Vec<DelayView>,
}

/// A person a levelled task waited for (`task` None: they were away).
#[derive(Debug, Serialize)]
pub struct DelayView {
    pub person: Link,
    pub task: Option<Link>,
}

#[derive(Debug, Serialize)]
pub struct DependencyView {
    pub link: Link,
    pub lag: u32,
}

#[derive(Debug, Serialize)]
pub struct RiskBadge {
    pub link: Link,
    pub score: Option<u32>,
    pub band: &'static str,
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub href: String,
    pub status: String,
    pub owner: Option<Link>,
    pub tags: Vec<String>,
    pub timing: Option<TimingView>,
    pub depends_on: Vec<DependencyView>,
    pub dependents: Vec<Link>,
    /// Risks whose `affects` names this item.
    pub risks: Vec<RiskBadge>,
    pub task: Option<TaskView>,
    pub milestone: Option<MilestoneView>,
    pub risk: Option<RiskView>,
    pub person: Option<PersonView>,
    /// Slip against the baseline (tasks and milestones of a build with one).
    pub slip: Option<SlipView>,
    /// Forecast (milestones) or score (risks) at each point of the plan's
    /// history, when the build has trends.
    pub trend: Option<super::trends::ItemTrendView>,
}

#[derive(Debug, Serialize)]
pub struct TaskView {
    pub resources: Vec<Link>,
    pub milestone: Option<Link>,
    pub progress: Option<u8>,
    pub workstream: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MilestoneView {
    /// Its target `date`, shown even when it cannot be scheduled.
    pub target: Option<NaiveDate>,
    pub criteria: Vec<String>,
    /// Direct predecessors: the tasks and milestones that feed it.
    pub feeders: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct RiskView {
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub probability_level: Option<u8>,
    pub impact_level: Option<u8>,
    pub score: Option<u32>,
    pub band: &'static str,
    pub mitigation: Vec<String>,
    pub trigger: Option<String>,
    pub response: Option<String>,
    pub contingency_section: Option<String>,
    pub contingency_complete: bool,
    pub affects: Vec<Link>,
    /// Response, residual score, review, category, rationale, proximity.
    pub register: super::risk_register::RiskRegisterView,
}

/// Builds links relative to one page.
pub struct Linker<'a> {
    pub plan: &'a Plan,
    pub schedule: &'a Schedule,
    pub refs: &'a CrossRefs,
    /// The current page's way back to the site root (`../../`).
    pub root: String,
}

impl<'a> Linker<'a> {
    pub fn item(&self, item: ItemId) -> Link {
        let record = &self.plan.items[item];
        let title = match record.as_person().and_then(|person| person.name.clone()) {
            Some(name) => name,
            None => record.title.clone(),
        };
        Link {
            id: record.id.clone(),
            title,
            href: Some(self.path(&self.refs.item_paths[item])),
        }
    }

    /// A link to the item named `id`, or plain text when there is none.
    pub fn id(&self, id: &str) -> Link {
        match self.plan.ids.get(id) {
            Some(&item) => self.item(item),
            None => Link {
                id: id.to_string(),
                title: id.to_string(),
                href: None,
            },
        }
    }

    pub fn path(&self, site_path: &str) -> String {
        paths::href(&self.root, site_path)
    }

    pub fn items(&self, items: &[ItemId]) -> Vec<Link> {
        items.iter().map(|item| self.item(*item)).collect()
    }
}

pub use crate::model::risk_band;

/// The card of one item: what every kind has, then its kind's own part.
pub fn item_view(linker: &Linker<'_>, item: ItemId, load_svg: Option<String>) -> ItemView {
    let plan = linker.plan;
    let record = &plan.items[item];
    let index = linker.refs;
    let threshold = plan.config.contingency_threshold;
    let mut view = ItemView {
        kind: record.kind.name(),
        id: record.id.clone(),
        title: record.title.clone(),
        href: linker.path(&index.item_paths[item]),
        status: record.status.clone(),
        owner: record.owner.as_ref().map(|owner| linker.id(&owner.value)),
        tags: record.tags.clone(),
        timing: linker
            .schedule
            .timing(item)
            .map(|timing| TimingView::of(linker, timing, record.kind)),
        depends_on: record
            .depends_on()
            .iter()
            .map(|dependency| DependencyView {
                link: linker.id(&dependency.id.value),
                lag: dependency.lag,
            })
            .collect(),
        dependents: linker.items(&index.dependents[item]),
        risks: index.risks_affecting[item]
            .iter()
            .map(|risk| risk_badge(linker, *risk, threshold))
            .collect(),
        task: None,
        milestone: None,
        risk: None,
        person: None,
        slip: None,
        trend: None,
    };
    match &record.details {
        Details::Task(task) => view.task = Some(task_view(linker, task)),
        Details::Milestone(milestone) => {
            view.milestone = Some(MilestoneView {
                target: milestone.date.as_ref().map(|date| date.value),
                criteria: milestone.criteria.clone(),
                feeders: linker.items(&index.predecessors[item]),
            })
        }
        Details::Risk(risk) => view.risk = Some(risk_view(linker, risk, &record.status, threshold)),
        Details::Person(person) => {
            view.person = Some(person_view(linker, &record.id, person, load_svg));
        }
        Details::Plan(_) => {}
    }
    view
}

impl TimingView {
    fn of(linker: &Linker<'_>, timing: &crate::schedule::Timing, kind: ItemKind) -> TimingView {
        let calendar = &linker.plan.config.calendar;
        TimingView {
            standing: (kind == ItemKind::Milestone).then(|| Standing::of(timing, calendar).words()),
            start: timing.start,
            finish: timing.finish,
            planned_start: timing.planned_start,
            planned_finish: timing.planned_finish,
            replanned: (timing.planned_start, timing.planned_finish)
                != (timing.start, timing.finish),
            duration: timing.duration,
            slack: timing.slack,
            critical: timing.critical,
            target: timing.target,
            late: timing.late,
            cancelled: timing.cancelled,
            delayed_by: timing
                .delayed_by
                .iter()
                .map(|delay| DelayView {
                    person: linker.id(&delay.person),
                    task: delay.task.map(|task| linker.item(task)),
                })
                .collect(),
        }
    }
}

fn task_view(linker: &Linker<'_>, task: &Task) -> TaskView {
    TaskView {
        resources: task
            .resources
            .iter()
            .map(|assignment| linker.id(&assignment.person.value))
            .collect(),
        milestone: task
            .milestone
            .as_ref()
            .map(|milestone| linker.id(&milestone.value)),
        progress: task.progress,
        workstream: task.workstream.clone(),
    }
}

/// A risk's ratings, score and band, and its responses as plain text.
fn risk_view(linker: &Linker<'_>, risk: &Risk, status: &str, threshold: u32) -> RiskView {
    let score = risk.score();
    let plain = |text: &Option<String>| text.as_deref().map(markdown_to_text);
    RiskView {
        probability: risk
            .probability
            .as_ref()
            .map(|rating| rating.written.clone()),
        impact: risk.impact.as_ref().map(|rating| rating.written.clone()),
        probability_level: risk.probability.as_ref().and_then(|rating| rating.level),
        impact_level: risk.impact.as_ref().and_then(|rating| rating.level),
        score,
        band: risk_band(score, threshold),
        mitigation: risk
            .mitigation
            .iter()
            .map(|step| markdown_to_text(step))
            .collect(),
        trigger: plain(&risk.contingency.trigger),
        response: plain(&risk.contingency.response),
        contingency_section: plain(&risk.contingency.section),
        contingency_complete: risk.contingency.is_complete(),
        affects: risk
            .affects
            .iter()
            .map(|affected| linker.id(&affected.value))
            .collect(),
        register: super::risk_register::register_view(linker.plan, linker.schedule, risk, status),
    }
}

pub fn risk_badge(linker: &Linker<'_>, risk: ItemId, threshold: u32) -> RiskBadge {
    let record = &linker.plan.items[risk];
    let score = record.as_risk().and_then(|risk| risk.score());
    RiskBadge {
        link: linker.item(risk),
        score,
        band: risk_band(score, threshold),
        status: record.status.clone(),
    }
}
