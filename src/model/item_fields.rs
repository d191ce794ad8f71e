//! Reading the fields of each kind of item (task, milestone, risk, plan,
//! person) from a front-matter mapping, wherever it was declared. A risk's
//! fields are read in [`super::risk_fields`], the overview's in
//! [`super::overview_fields`].

use std::sync::Arc;

use super::availability::read_availability;
use super::config::Config;
use super::field_reader::{is_valid_id, FieldReader, Problems};
use super::items::*;
use super::overview_fields::{
    read_overview, COMMUNICATION_KEYS, OBJECTIVE_KEYS, OBJECTIVE_TYPES, PLAN_KEYS, SCOPE_KEYS,
};
use super::risk_fields::{read_risk, CONTINGENCY_KEYS, RISK_KEYS};
use crate::parse::{Node, Value};
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
