//! Reading the fields of each kind of item (task, milestone, risk, plan,
//! person) from a front-matter mapping, wherever it was declared.

use std::sync::Arc;

use super::availability::read_availability;
use super::config::Config;
use super::field_reader::{is_valid_id, FieldReader, Problems};
use super::items::*;
use super::page_items::entry_start;
use crate::parse::{Key, Node, Value};
use crate::source::{SourceFile, Span};

/// Keys only a page's own front matter has (not a register entry).
const PAGE_ONLY_KEYS: &[&str] = &["kind", "lint", "tasks", "milestones", "risks", "people"];
/// Keys every item has.
const COMMON_KEYS: &[&str] = &["id", "title", "owner", "status", "tags"];
const TASK_KEYS: &[&str] = &[
    "resources",
    "depends_on",
    "start",
    "duration",
    "end",
    "effort",
    "started",
    "finished",
    "priority",
    "milestone",
    "progress",
    "workstream",
];
const MILESTONE_KEYS: &[&str] = &["date", "criteria", "depends_on", "reached"];
const RISK_KEYS: &[&str] = &[
    "probability",
    "impact",
    "score",
    "mitigation",
    "contingency",
    "affects",
];
const PLAN_KEYS: &[&str] = &["objectives", "scope", "stakeholders", "communication"];
/// A person's own keys; `availability`, `workdays` and `leaves` are read by
/// [`super::availability`].
const PERSON_KEYS: &[&str] = &[
    "name",
    "role",
    "email",
    "availability",
    "workdays",
    "leaves",
];
pub(super) const ASSIGNMENT_KEYS: &[&str] = &["id", "allocation"];
const OBJECTIVE_KEYS: &[&str] = &["id", "title", "type", "measure", "milestone"];
const OBJECTIVE_TYPES: &[&str] = &["time", "performance", "outcome"];
const COMMUNICATION_KEYS: &[&str] = &["channel", "audience", "frequency", "owner"];
const CONTINGENCY_KEYS: &[&str] = &["trigger", "response"];
const SCOPE_KEYS: &[&str] = &["in", "out"];
/// The keys of `kind` beyond the common ones.
fn kind_keys(kind: ItemKind) -> &'static [&'static str] {
    match kind {
        ItemKind::Task => TASK_KEYS,
        ItemKind::Milestone => MILESTONE_KEYS,
        ItemKind::Risk => RISK_KEYS,
        ItemKind::Plan => PLAN_KEYS,
        ItemKind::Person => PERSON_KEYS,
    }
}
/// The keys of one group, for completion and the schema ([`super::keys`]).
pub(super) fn item_key_group(group: super::keys::KeyGroup) -> &'static [&'static str] {
    use super::keys::KeyGroup;
    match group {
        KeyGroup::PageOnly => PAGE_ONLY_KEYS,
        KeyGroup::Common => COMMON_KEYS,
        KeyGroup::Kind(kind) => kind_keys(kind),
        KeyGroup::Objective => OBJECTIVE_KEYS,
        KeyGroup::ObjectiveTypes => OBJECTIVE_TYPES,
        KeyGroup::Communication => COMMUNICATION_KEYS,
        KeyGroup::Contingency => CONTINGENCY_KEYS,
        KeyGroup::Scope => SCOPE_KEYS,
        KeyGroup::Assignment => ASSIGNMENT_KEYS,
        KeyGroup::Leave => super::availability::LEAVE_KEYS,
        _ => &[],
    }
}

pub(super) struct ItemContext<'a> {
    pub(super) source: &'a SourceFile,
    pub(super) config: &'a Config,
    /// The page body's outline, for page items (body sections).
    pub(super) outline: Option<&'a crate::parse::BodyOutline>,
}

/// One item as declared: a page's own front matter or a register entry.
pub(super) struct Declaration<'a> {
    pub(super) kind: ItemKind,
    pub(super) fields: Arc<Node>,
    /// The page's opening delimiter, or the entry's `- `.
    pub(super) start: Span,
    /// The id when none is written: a page item's file name.
    pub(super) default_id: Option<&'a str>,
    /// The title when none is written (a page's `# ` title), or empty.
    pub(super) default_title: &'a str,
    /// True for a page's own item, which may also have the page's keys.
    pub(super) is_page_item: bool,
}

/// Reads one item's fields; None when it has no usable id.
pub(super) fn read_item(
    context: &ItemContext<'_>,
    declaration: Declaration<'_>,
    problems: &mut Problems,
) -> Option<Item> {
    let Declaration {
        kind,
        fields,
        start,
        default_id,
        default_title,
        is_page_item,
    } = declaration;
    let path = &context.source.path;
    let node: &Node = &fields;
    let mut reader = FieldReader::new(node, format!("{} in `{path}`", kind.name()), problems)
        .with_week(context.config.calendar.days_per_week());
    let (id, id_span) = match reader.string("id") {
        Some(id) => (id.value, id.span),
        None => (default_id?.to_string(), start),
    };
    if !is_valid_id(&id) {
        reader.problems.invalid(
            id_span,
            format!("`{id}` is not a valid {} id", kind.name()),
            "ids use letters, digits, `-`, `_` and `.` only (rename the page or set `id:`)",
        );
        return None;
    }
    reader.what = format!("{} `{id}`", kind.name());
    let title = reader
        .string("title")
        .map(|title| title.value)
        .or_else(|| (!default_title.is_empty()).then(|| default_title.to_string()))
        .unwrap_or_else(|| id.clone());
    let owner = read_owner(&mut reader);
    let status = reader
        .choice("status", kind.statuses())
        .map(|status| status.value)
        .unwrap_or_else(|| kind.statuses()[0].to_string());
    let tags = reader
        .strings("tags")
        .into_iter()
        .map(|tag| tag.value)
        .collect();
    let details = match kind {
        ItemKind::Task => Details::Task(read_task(&mut reader)),
        ItemKind::Milestone => Details::Milestone(read_milestone(&mut reader)),
        ItemKind::Risk => Details::Risk(read_risk(&mut reader, context)),
        ItemKind::Plan => Details::Plan(read_overview(&mut reader, context)),
        ItemKind::Person => Details::Person(Person {
            name: reader
                .written_text(
                    "name",
                    "write the person's full name, or remove the line to use the page title",
                )
                .map(|name| name.value)
                .or_else(|| Some(title.clone())),
            role: reader.string("role").map(|role| role.value),
            email: reader.string("email").map(|email| email.value),
            availability: read_availability(&mut reader),
        }),
    };
    if is_page_item {
        reader.reject_unknown_in(&[PAGE_ONLY_KEYS, COMMON_KEYS, kind_keys(kind)]);
    } else {
        reader.reject_unknown_in(&[COMMON_KEYS, kind_keys(kind)]);
    }
    Some(Item {
        kind,
        id,
        id_span,
        start,
        page: None,
        is_page_item,
        title,
        owner,
        status,
        tags,
        fields: Arc::clone(&fields),
        details,
    })
}

fn read_owner(reader: &mut FieldReader<'_, '_>) -> Option<Spanned<String>> {
    let value = reader.get("owner")?;
    if value.as_list().is_some() {
        reader.problems.invalid(
            value.span,
            format!("{} has a list of owners", reader.what),
            "name exactly one accountable owner; put the others in `resources`",
        );
        return None;
    }
    reader.string("owner")
}

fn read_task(reader: &mut FieldReader<'_, '_>) -> Task {
    Task {
        resources: read_resources(reader),
        depends_on: reader.dependencies("depends_on"),
        start: reader.date("start"),
        duration: reader.duration("duration"),
        end: reader.date("end"),
        effort: reader.duration("effort"),
        started: reader.date("started"),
        finished: reader.date("finished"),
        priority: reader
            .integer("priority", 0, 1000)
            .map(|priority| Spanned::new(priority.value as u32, priority.span)),
        milestone: reader.string("milestone"),
        progress: reader
            .integer("progress", 0, 100)
            .map(|progress| progress.value as u8),
        workstream: reader
            .string("workstream")
            .map(|workstream| workstream.value),
    }
}

/// `resources`: ids, or `{ id, allocation }` entries (allocation in
/// percent of the person's available time; 100 for a plain id).
fn read_resources(reader: &mut FieldReader<'_, '_>) -> Vec<Assignment> {
    let Some(value) = reader.get("resources") else {
        return Vec::new();
    };
    let entries: Vec<&Node> = match &value.value {
        Value::List(items) => items.iter().collect(),
        _ => vec![value],
    };
    let what = reader.what.clone();
    let mut assignments = Vec::new();
    for entry in entries {
        if let Some(id) = entry.scalar_text() {
            assignments.push(Assignment {
                person: Spanned::new(id, entry.span),
                allocation: 100,
            });
            continue;
        }
        if entry.as_map().is_none() {
            reader.problems.invalid(
                entry.span,
                format!(
                    "`resources` of {what} should list person ids, found {}",
                    entry.type_name()
                ),
                "write `resources: [lena, { id: ken, allocation: 50 }]`",
            );
            continue;
        }
        let mut inner = reader.nested(entry, format!("a `resources` entry of {what}"));
        let person = inner.string("id");
        let allocation = inner.integer("allocation", 1, 100);
        inner.reject_unknown(ASSIGNMENT_KEYS);
        match person {
            Some(person) => assignments.push(Assignment {
                person,
                allocation: allocation.map_or(100, |allocation| allocation.value as u32),
            }),
            None => inner.problems.invalid(
                entry.span,
                format!("a `resources` entry of {what} has no `id`"),
                "write `{ id: lena, allocation: 50 }`",
            ),
        }
    }
    assignments
}

fn read_milestone(reader: &mut FieldReader<'_, '_>) -> Milestone {
    Milestone {
        date: reader.date("date"),
        criteria: reader
            .strings("criteria")
            .into_iter()
            .map(|criterion| criterion.value)
            .filter(|criterion| !criterion.trim().is_empty())
            .collect(),
        depends_on: reader.dependencies("depends_on"),
        reached: reader.date("reached"),
    }
}

fn read_risk(reader: &mut FieldReader<'_, '_>, context: &ItemContext<'_>) -> Risk {
    let scale = context.config.risk_scale;
    let mut risk = Risk {
        probability: read_rating(reader, "probability", scale),
        impact: read_rating(reader, "impact", scale),
        written_score: reader.integer("score", i64::MIN, i64::MAX),
        mitigation: reader
            .strings("mitigation")
            .into_iter()
            .map(|line| line.value)
            .filter(|line| !line.trim().is_empty())
            .collect(),
        contingency: Contingency::default(),
        affects: reader.strings("affects"),
    };
    if let Some(contingency) = reader.get("contingency") {
        if contingency.as_map().is_some() {
            let what = format!("`contingency` of {}", reader.what);
            let mut inner = FieldReader::new(contingency, what, reader.problems);
            risk.contingency.trigger = inner
                .string("trigger")
                .map(|text| text.value)
                .filter(|text| !text.trim().is_empty());
            risk.contingency.response = inner
                .string("response")
                .map(|text| text.value)
                .filter(|text| !text.trim().is_empty());
            inner.reject_unknown(CONTINGENCY_KEYS);
        } else {
            reader.problems.invalid(contingency.span, format!("`contingency` of {} should be `{{ trigger: ..., response: ... }}`", reader.what), "write `contingency: { trigger: what tells us it happens, response: what we then do }`");
        }
    }
    if let Some(outline) = context.outline {
        let text = &context.source.text;
        if risk.mitigation.is_empty() {
            if let Some(section) = outline
                .section(text, "mitigation")
                .filter(|section| !section.is_empty())
            {
                risk.mitigation.push(section.to_string());
            }
        }
        risk.contingency.section = outline
            .section(text, "contingency")
            .filter(|section| !section.is_empty())
            .map(str::to_string);
    }
    risk
}

/// The names of the levels of a 3- or 5-point scale.
pub fn scale_levels(scale: u8) -> &'static [&'static str] {
    if scale == 5 {
        &["very-low", "low", "medium", "high", "very-high"]
    } else {
        &["low", "medium", "high"]
    }
}

fn read_rating(reader: &mut FieldReader<'_, '_>, key: &str, scale: u8) -> Option<Rating> {
    let value = reader.get(key)?;
    let levels = scale_levels(scale);
    let level = match &value.value {
        Value::Int(number) if (1..=i64::from(scale)).contains(number) => Some(*number as u8),
        Value::Str(text) => {
            let normalised = text.trim().to_lowercase().replace([' ', '_'], "-");
            levels
                .iter()
                .position(|level| *level == normalised)
                .map(|index| index as u8 + 1)
        }
        Value::Int(_) => None,
        _ => {
            reader.problems.invalid(
                value.span,
                format!(
                    "`{key}` of {} should be a level such as `{}`",
                    reader.what, levels[1]
                ),
                format!("use one of: {}", levels.join(", ")),
            );
            return None;
        }
    };
    Some(Rating {
        written: value.scalar_text().unwrap_or_default(),
        level,
        span: value.span,
    })
}

fn read_overview(reader: &mut FieldReader<'_, '_>, context: &ItemContext<'_>) -> Overview {
    let text = &context.source.text;
    let mut overview = Overview::default();
    if let Some(objectives) = reader.list("objectives") {
        overview.objectives = objectives
            .iter()
            .filter_map(|entry| read_objective(reader, entry, text))
            .collect();
    }
    let what = reader.what.clone();
    if let Some(scope) = reader.map("scope") {
        let mut inner = FieldReader::new(scope, format!("`scope` of {what}"), reader.problems);
        overview.scope_in = inner
            .strings("in")
            .into_iter()
            .map(|line| line.value)
            .collect();
        overview.scope_out = inner
            .strings("out")
            .into_iter()
            .map(|line| line.value)
            .collect();
        inner.reject_unknown(SCOPE_KEYS);
    }
    overview.stakeholders = reader
        .strings("stakeholders")
        .into_iter()
        .map(|name| name.value)
        .collect();
    if let Some(entries) = reader.list("communication") {
        overview.communication = entries
            .iter()
            .filter_map(|entry| read_communication(reader, entry, text))
            .collect();
    }
    overview
}

/// The `- ` line of a list entry whose value starts at `entry`.
fn entry_span(entry: &Node, text: &str) -> Span {
    Span::new(
        entry.span.file,
        entry_start(text, entry.span.start),
        entry.span.start,
    )
}

/// The keys a mapping entry was written with.
fn entry_keys(entry: &Node) -> Vec<Key> {
    entry
        .as_map()
        .unwrap_or_default()
        .iter()
        .map(|(key, _)| key.clone())
        .collect()
}

/// One `objectives` entry: a mapping, or just its title.
fn read_objective(reader: &mut FieldReader<'_, '_>, entry: &Node, text: &str) -> Option<Objective> {
    let start = entry_span(entry, text);
    let what = reader.what.clone();
    if entry.as_map().is_none() {
        if let Some(title) = entry.scalar_text() {
            return Some(Objective {
                id: None,
                title,
                kind: None,
                measure: None,
                milestone: None,
                start,
                keys: Vec::new(),
            });
        }
        reader.problems.invalid(
            entry.span,
            format!("an objective of {what} is {}", entry.type_name()),
            "write `- { id: ..., title: ..., type: outcome, measure: ..., milestone: ... }`",
        );
        return None;
    }
    let mut inner = FieldReader::new(entry, format!("an objective of {what}"), reader.problems);
    let id = inner.string("id").map(|id| id.value);
    let title = inner
        .string("title")
        .map(|title| title.value)
        .or_else(|| id.clone())
        .unwrap_or_else(|| "objective".into());
    inner.what = format!("objective `{title}`");
    let objective = Objective {
        id,
        kind: inner.choice("type", OBJECTIVE_TYPES).map(|kind| kind.value),
        measure: inner
            .string("measure")
            .map(|measure| measure.value)
            .filter(|measure| !measure.trim().is_empty()),
        milestone: inner.string("milestone"),
        title,
        start,
        keys: entry_keys(entry),
    };
    inner.reject_unknown(OBJECTIVE_KEYS);
    Some(objective)
}

/// One `communication` entry.
fn read_communication(
    reader: &mut FieldReader<'_, '_>,
    entry: &Node,
    text: &str,
) -> Option<Communication> {
    let what = reader.what.clone();
    if entry.as_map().is_none() {
        reader.problems.invalid(
            entry.span,
            format!("a communication entry of {what} is {}", entry.type_name()),
            "write `- { channel: ..., audience: ..., frequency: weekly, owner: ... }`",
        );
        return None;
    }
    let mut inner = FieldReader::new(
        entry,
        format!("a communication entry of {what}"),
        reader.problems,
    );
    let communication = Communication {
        channel: inner.string("channel").map(|text| text.value),
        audience: inner.string("audience").map(|text| text.value),
        frequency: inner
            .string("frequency")
            .map(|text| text.value)
            .filter(|text| !text.trim().is_empty()),
        owner: inner.string("owner"),
        start: entry_span(entry, text),
        keys: entry_keys(entry),
    };
    inner.reject_unknown(COMMUNICATION_KEYS);
    Some(communication)
}
