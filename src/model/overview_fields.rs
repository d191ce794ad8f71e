//! The overview's fields (a `kind: plan` page): objectives with their
//! measures, scope, stakeholders and the communication strategy.

use super::field_reader::FieldReader;
use super::item_fields::ItemContext;
use super::items::*;
use super::measure_fields::read_measure;
use super::page_items::entry_start;
use crate::parse::{Key, Node};
use crate::source::Span;

pub(super) const PLAN_KEYS: &[&str] = &["objectives", "scope", "stakeholders", "communication"];
pub(super) const OBJECTIVE_KEYS: &[&str] = &["id", "title", "type", "measure", "milestone"];
pub(super) const OBJECTIVE_TYPES: &[&str] = &["time", "performance", "outcome"];
pub(super) const COMMUNICATION_KEYS: &[&str] =
    &["channel", "audience", "frequency", "owner", "day", "time"];
pub(super) const SCOPE_KEYS: &[&str] = &["in", "out"];

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
                target: None,
                readings: Vec::new(),
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
    let measure = read_measure(&mut inner);
    let objective = Objective {
        id,
        kind: inner.choice("type", OBJECTIVE_TYPES).map(|kind| kind.value),
        measure: measure.text,
        milestone: inner.string("milestone"),
        title,
        start,
        target: measure.target,
        readings: measure.readings,
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
    let frequency = inner
        .string("frequency")
        .filter(|text| !text.value.trim().is_empty());
    let recurrence = frequency
        .as_ref()
        .and_then(|text| Recurrence::parse(&text.value));
    let communication = Communication {
        channel: inner.string("channel").map(|text| text.value),
        audience: inner.string("audience").map(|text| text.value),
        recurrence,
        frequency_span: frequency.as_ref().map(|text| text.span),
        frequency: frequency.map(|text| text.value),
        day: read_day(&mut inner, recurrence),
        time: read_time(&mut inner),
        owner: inner.string("owner"),
        start: entry_span(entry, text),
        keys: entry_keys(entry),
    };
    inner.reject_unknown(COMMUNICATION_KEYS);
    Some(communication)
}

/// `day`: a weekday (`tuesday`, `tue`) or a day of the month (1 to 28).
/// A day of the month only means something for a monthly entry, and a
/// daily one meets every working day: rather than drop such a `day`
/// silently, it is a finding.
fn read_day(
    reader: &mut FieldReader<'_, '_>,
    recurrence: Option<Recurrence>,
) -> Option<MeetingDay> {
    let text = reader.string("day")?;
    let written = text.value.trim().to_lowercase();
    if recurrence == Some(Recurrence::Daily) {
        reader.problems.invalid(
            text.span,
            format!(
                "`day` of {} is `{}`, but the entry is daily: it meets on every working day",
                reader.what, text.value
            ),
            "remove `day`, or give a weekly or monthly `frequency`",
        );
        return None;
    }
    if let Ok(day) = written.parse::<u8>() {
        if (1..=28).contains(&day) {
            if matches!(recurrence, Some(Recurrence::Weekly | Recurrence::Biweekly)) {
                reader.problems.invalid(
                    text.span,
                    format!(
                        "`day` of {} is {day}, a day of the month, but the entry is {}",
                        reader.what,
                        if recurrence == Some(Recurrence::Weekly) { "weekly" } else { "every two weeks" }
                    ),
                    "write the weekday it meets on, such as `tuesday`, or make it `frequency: monthly`",
                );
                return None;
            }
            return Some(MeetingDay::OfMonth(day));
        }
    }
    let weekday = super::calendar::WEEKDAY_NAMES
        .iter()
        .position(|name| written.starts_with(name) && written.len() >= 3);
    if let Some(index) = weekday {
        return Some(MeetingDay::Weekday(index as u8));
    }
    reader.problems.invalid(
        text.span,
        format!(
            "`day` of {} is not a weekday or a day of the month: `{}`",
            reader.what, text.value
        ),
        "write a weekday such as `tuesday`, or a day of the month from 1 to 28",
    );
    None
}

/// `time`: `HH:MM` on a 24-hour clock.
fn read_time(reader: &mut FieldReader<'_, '_>) -> Option<(u8, u8)> {
    let text = reader.string("time")?;
    let parsed = text
        .value
        .trim()
        .split_once(':')
        .and_then(|(hours, minutes)| {
            let hours: u8 = hours.parse().ok().filter(|hours| *hours < 24)?;
            let minutes: u8 = minutes.parse().ok().filter(|minutes| *minutes < 60)?;
            (minutes_digits(&text.value)).then_some((hours, minutes))
        });
    if parsed.is_none() {
        reader.problems.invalid(
            text.span,
            format!(
                "`time` of {} is not a time of day: `{}`",
                reader.what, text.value
            ),
            "write `time: \"10:00\"` (24-hour clock, in quotes)",
        );
    }
    parsed
}

/// Minutes are written with two digits (`10:05`, not `10:5`).
fn minutes_digits(text: &str) -> bool {
    text.trim()
        .split_once(':')
        .is_some_and(|(_, minutes)| minutes.len() == 2)
}
