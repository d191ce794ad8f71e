//! The typed items of a plan. Every field that came from the text keeps its
//! [`Span`] so that lint rules can point at it.

use chrono::NaiveDate;

use crate::parse::{Key, Node};
use crate::source::Span;

pub type ItemId = usize;
pub type PageId = usize;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Plan,
    Task,
    Milestone,
    Risk,
    Person,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] = [
        ItemKind::Plan,
        ItemKind::Task,
        ItemKind::Milestone,
        ItemKind::Risk,
        ItemKind::Person,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Plan => "plan",
            ItemKind::Task => "task",
            ItemKind::Milestone => "milestone",
            ItemKind::Risk => "risk",
            ItemKind::Person => "person",
        }
    }

    pub fn from_name(name: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The register list key that declares items of this kind (`tasks:`...).
    pub fn register_key(self) -> Option<&'static str> {
        match self {
            ItemKind::Task => Some("tasks"),
            ItemKind::Milestone => Some("milestones"),
            ItemKind::Risk => Some("risks"),
            ItemKind::Person => Some("people"),
            ItemKind::Plan => None,
        }
    }

    /// Allowed `status` values; the first is the default.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            ItemKind::Task => &["planned", "active", "done", "blocked", "cancelled"],
            ItemKind::Milestone => &["planned", "reached", "missed"],
            ItemKind::Risk => &["open", "closed", "occurred"],
            ItemKind::Plan | ItemKind::Person => &["planned", "active", "done"],
        }
    }
}

/// One item of the plan, whichever way it was declared.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: ItemKind,
    pub id: String,
    /// Where the id was written; the item's start when it was defaulted.
    pub id_span: Span,
    /// The item's start: the page's opening delimiter, or the `- ` line of a
    /// register entry, or the roster key in planbook.toml.
    pub start: Span,
    /// The page that declares it (None for the planbook.toml roster).
    pub page: Option<PageId>,
    /// True when the item is its page (one page, one item).
    pub is_page_item: bool,
    pub title: String,
    pub owner: Option<Spanned<String>>,
    pub status: String,
    pub tags: Vec<String>,
    /// The raw fields, for exports and templates.
    pub fields: std::sync::Arc<Node>,
    pub details: Details,
}

#[derive(Debug, Clone)]
pub enum Details {
    Plan(Overview),
    Task(Task),
    Milestone(Milestone),
    Risk(Risk),
    Person(Person),
}

/// One `depends_on` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    pub id: Spanned<String>,
    /// Working days to wait after the dependency finishes.
    pub lag: u32,
}

/// One `resources` entry: a person and the share of their available time
/// the task takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub person: Spanned<String>,
    /// Percent of the person's available time, 1 to 100 (100 for a plain id).
    pub allocation: u32,
}

/// `priority` when none is written; levelling places higher numbers first.
pub const DEFAULT_PRIORITY: u32 = 500;

#[derive(Debug, Clone, Default)]
pub struct Task {
    pub resources: Vec<Assignment>,
    pub depends_on: Vec<Dependency>,
    pub start: Option<Spanned<NaiveDate>>,
    pub duration: Option<Spanned<u32>>,
    pub end: Option<Spanned<NaiveDate>>,
    /// Person-days of work, instead of a `duration`.
    pub effort: Option<Spanned<u32>>,
    /// Actual dates, which win over computed ones.
    pub started: Option<Spanned<NaiveDate>>,
    pub finished: Option<Spanned<NaiveDate>>,
    /// 0 to 1000; None means [`DEFAULT_PRIORITY`].
    pub priority: Option<Spanned<u32>>,
    pub milestone: Option<Spanned<String>>,
    pub progress: Option<u8>,
    pub workstream: Option<String>,
}

impl Task {
    pub fn priority(&self) -> u32 {
        self.priority
            .as_ref()
            .map_or(DEFAULT_PRIORITY, |priority| priority.value)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Milestone {
    pub date: Option<Spanned<NaiveDate>>,
    pub criteria: Vec<String>,
    pub depends_on: Vec<Dependency>,
    /// The day it was actually reached.
    pub reached: Option<Spanned<NaiveDate>>,
}

/// A probability or impact as written and as a level of the scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub written: String,
    /// The level (1-based) when the value is on the plan's scale.
    pub level: Option<u8>,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Contingency {
    pub trigger: Option<String>,
    pub response: Option<String>,
    /// Text of a `Contingency` body section, which counts as both.
    pub section: Option<String>,
}

impl Contingency {
    pub fn is_complete(&self) -> bool {
        self.section.is_some() || (self.trigger.is_some() && self.response.is_some())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Risk {
    pub probability: Option<Rating>,
    pub impact: Option<Rating>,
    /// A `score` written by the author (checked against the computed one).
    pub written_score: Option<Spanned<i64>>,
    pub mitigation: Vec<String>,
    pub contingency: Contingency,
    pub affects: Vec<Spanned<String>>,
    pub register: RiskRegister,
}

impl Risk {
    /// probability x impact, when both are on the scale.
    pub fn score(&self) -> Option<u32> {
        let probability = self.probability.as_ref()?.level?;
        let impact = self.impact.as_ref()?.level?;
        Some(u32::from(probability) * u32::from(impact))
    }

    /// The score after the response: residual probability x residual
    /// impact, each falling back to the inherent rating when not given.
    /// None when neither residual rating is written.
    pub fn residual_score(&self) -> Option<u32> {
        let register = &self.register;
        if register.residual_probability.is_none() && register.residual_impact.is_none() {
            return None;
        }
        let (probability, impact) = self.residual_levels()?;
        Some(u32::from(probability) * u32::from(impact))
    }

    /// Residual (probability, impact) levels, as [`Risk::residual_score`].
    pub fn residual_levels(&self) -> Option<(u8, u8)> {
        let register = &self.register;
        let level = |residual: &Option<Rating>, inherent: &Option<Rating>| {
            residual.as_ref().or(inherent.as_ref())?.level
        };
        Some((
            level(&register.residual_probability, &self.probability)?,
            level(&register.residual_impact, &self.impact)?,
        ))
    }
}

// --- The risk register's fields (PRINCE2 and PMBOK registers) ----------

/// Responses to a threat, then to an opportunity.
pub const RISK_RESPONSES: &[&str] = &[
    "avoid", "reduce", "transfer", "share", "accept", "exploit", "enhance",
];

/// What a risk register keeps beyond ratings, mitigation and contingency;
/// every field is optional.
#[derive(Debug, Clone, Default)]
pub struct RiskRegister {
    /// One of [`RISK_RESPONSES`].
    pub response: Option<Spanned<String>>,
    pub residual_probability: Option<Rating>,
    pub residual_impact: Option<Rating>,
    /// When the risk is looked at again.
    pub review: Option<Spanned<NaiveDate>>,
    pub category: Option<String>,
    /// Why a risk is accepted as it is.
    pub rationale: Option<String>,
}

/// "low", "medium" or "high" for a score against the contingency
/// threshold ("unrated" without a score).
pub fn risk_band(score: Option<u32>, threshold: u32) -> &'static str {
    match score {
        Some(score) if score >= threshold => "high",
        Some(score) if score * 2 >= threshold => "medium",
        Some(_) => "low",
        None => "unrated",
    }
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub id: Option<String>,
    pub title: String,
    pub kind: Option<String>,
    /// What is measured, in words.
    pub measure: Option<String>,
    pub milestone: Option<Spanned<String>>,
    /// The `- ` line of the entry.
    pub start: Span,
    /// The measure's target and readings, when it has them.
    pub target: Option<MeasureTarget>,
    pub readings: Vec<Reading>,
    /// The keys the entry was written with.
    pub keys: Vec<Key>,
}

impl Objective {
    /// Where to report that `key` has no value (see [`Item::missing_at`]).
    pub fn missing_at(&self, key: &str) -> Span {
        missing_value_at(self.keys.iter(), key, self.start)
    }
}

// --- Objectives' measures, tracked ----------------------------------------

/// Which way a measure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// `target: { value: 99.5, unit: "%", better: higher }`.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureTarget {
    pub value: f64,
    pub unit: Option<String>,
    pub better: Better,
    pub span: Span,
}

impl MeasureTarget {
    /// Whether a reading is at or past the target.
    pub fn is_met_by(&self, value: f64) -> bool {
        match self.better {
            Better::Higher => value >= self.value,
            Better::Lower => value <= self.value,
        }
    }
}

/// One reading of a measure: `{ date, value, note }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub date: NaiveDate,
    pub value: f64,
    pub note: Option<String>,
    pub span: Span,
}

/// Readings of an objective's measure kept on a page of their own (front
/// matter `measure: { objective: id, target: ..., readings: [...] }`).
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurePage {
    pub objective: Spanned<String>,
    pub target: Option<MeasureTarget>,
    pub readings: Vec<Reading>,
}

// --- The communication calendar -----------------------------------------

/// How often a communication happens, as far as a calendar can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    Daily,
    Weekly,
    Biweekly,
    Monthly,
    /// As needed, or driven by events: no calendar entry.
    Unscheduled,
}

/// The `frequency` forms planbook reads (case and extra spaces aside).
pub const FREQUENCY_FORMS: &[(&str, Recurrence)] = &[
    ("daily", Recurrence::Daily),
    ("every day", Recurrence::Daily),
    ("weekly", Recurrence::Weekly),
    ("every week", Recurrence::Weekly),
    ("biweekly", Recurrence::Biweekly),
    ("fortnightly", Recurrence::Biweekly),
    ("every two weeks", Recurrence::Biweekly),
    ("every 2 weeks", Recurrence::Biweekly),
    ("monthly", Recurrence::Monthly),
    ("every month", Recurrence::Monthly),
    ("as needed", Recurrence::Unscheduled),
    ("ad hoc", Recurrence::Unscheduled),
    ("on demand", Recurrence::Unscheduled),
    ("event-driven", Recurrence::Unscheduled),
];

impl Recurrence {
    pub fn parse(text: &str) -> Option<Recurrence> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let normal = words.join(" ").to_lowercase();
        FREQUENCY_FORMS
            .iter()
            .find(|(form, _)| *form == normal)
            .map(|(_, recurrence)| *recurrence)
    }
}

/// `day` of a communication entry: a weekday, or a day of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingDay {
    /// Monday = 0.
    Weekday(u8),
    /// 1 to 28 (every month has it).
    OfMonth(u8),
}

#[derive(Debug, Clone)]
pub struct Communication {
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub frequency: Option<String>,
    /// Where `frequency` was written, and what it says (None: unreadable).
    pub frequency_span: Option<Span>,
    pub recurrence: Option<Recurrence>,
    pub day: Option<MeetingDay>,
    /// `time: "10:00"`: hours and minutes, local time.
    pub time: Option<(u8, u8)>,
    pub owner: Option<Spanned<String>>,
    pub start: Span,
    /// The keys the entry was written with.
    pub keys: Vec<Key>,
}

impl Communication {
    /// Where to report that `key` has no value (see [`Item::missing_at`]).
    pub fn missing_at(&self, key: &str) -> Span {
        missing_value_at(self.keys.iter(), key, self.start)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub objectives: Vec<Objective>,
    pub scope_in: Vec<String>,
    pub scope_out: Vec<String>,
    pub stakeholders: Vec<String>,
    pub communication: Vec<Communication>,
}

#[derive(Debug, Clone, Default)]
pub struct Person {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub availability: Availability,
}

/// When a person can work: a share of each of their working days, their
/// own weekdays, and their leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Availability {
    /// Percent of each working day, 1 to 100.
    pub percent: u32,
    /// Their own working weekdays (Monday = 0), within the plan's; None: the plan's.
    pub workdays: Option<[bool; 7]>,
    /// Sorted by start.
    pub leaves: Vec<Leave>,
}

impl Default for Availability {
    fn default() -> Self {
        Availability {
            percent: 100,
            workdays: None,
            leaves: Vec::new(),
        }
    }
}

/// Days off, `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct Leave {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: Option<String>,
    /// The `- ` of the entry (or the entry itself in TOML).
    pub span: Span,
}

/// Where a finding about a missing value points: at the key when it is
/// written with nothing after it (`owner:`), else at `start`.
fn missing_value_at<'k>(mut keys: impl Iterator<Item = &'k Key>, key: &str, start: Span) -> Span {
    keys.find(|written| written.name == key)
        .map_or(start, |written| written.span)
}

impl Item {
    /// Where to report that `key` has no (usable) value: at the key when
    /// it is written, else at the item's start.
    pub fn missing_at(&self, key: &str) -> Span {
        let keys = self.fields.as_map().unwrap_or_default();
        missing_value_at(keys.iter().map(|(key, _)| key), key, self.start)
    }

    pub fn as_task(&self) -> Option<&Task> {
        match &self.details {
            Details::Task(task) => Some(task),
            _ => None,
        }
    }

    pub fn as_milestone(&self) -> Option<&Milestone> {
        match &self.details {
            Details::Milestone(milestone) => Some(milestone),
            _ => None,
        }
    }

    pub fn as_risk(&self) -> Option<&Risk> {
        match &self.details {
            Details::Risk(risk) => Some(risk),
            _ => None,
        }
    }

    pub fn as_overview(&self) -> Option<&Overview> {
        match &self.details {
            Details::Plan(overview) => Some(overview),
            _ => None,
        }
    }

    pub fn as_person(&self) -> Option<&Person> {
        match &self.details {
            Details::Person(person) => Some(person),
            _ => None,
        }
    }

    /// The dependencies of a task or milestone (empty for other kinds).
    pub fn depends_on(&self) -> &[Dependency] {
        match &self.details {
            Details::Task(task) => &task.depends_on,
            Details::Milestone(milestone) => &milestone.depends_on,
            _ => &[],
        }
    }
}
