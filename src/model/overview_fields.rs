//! The overview's fields (a `kind: plan` page): objectives with their
//! measures, scope, stakeholders and the communication strategy.

use super::field_reader::FieldReader;
use super::item_fields::ItemContext;
use super::items::*;
use super::page_items::entry_start;
use crate::parse::Node;
use crate::source::Span;

pub(super) const PLAN_KEYS: &[&str] = &["objectives", "scope", "stakeholders", "communication"];
const OBJECTIVE_KEYS: &[&str] = &["id", "title", "type", "measure", "milestone"];
const OBJECTIVE_TYPES: &[&str] = &["time", "performance", "outcome"];
const COMMUNICATION_KEYS: &[&str] = &["channel", "audience", "frequency", "owner"];
const SCOPE_KEYS: &[&str] = &["in", "out"];

pub(super) fn read_overview(
    reader: &mut FieldReader<'_, '_>,
    context: &ItemContext<'_>,
) -> Overview {
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
    };
    inner.reject_unknown(COMMUNICATION_KEYS);
    Some(communication)
}
