//! An objective's measure: a description, a `target` (a number with a unit
//! and a direction) and `readings` (dated values), written in the overview
//! (`measure: { text, target, readings }`, or `measure: text`) or on a page
//! of its own (`measure: { objective, target, readings }`).

use super::field_reader::{FieldReader, Problems};
use super::items::*;
use crate::parse::{Node, Value};

const MEASURE_KEYS: &[&str] = &["text", "target", "readings"];
const PAGE_MEASURE_KEYS: &[&str] = &["objective", "target", "readings"];
const TARGET_KEYS: &[&str] = &["value", "unit", "better"];
/// The values of a target's `better`.
pub(super) const BETTER: &[&str] = &["higher", "lower"];
const READING_KEYS: &[&str] = &["date", "value", "note"];

/// The keys of one measure group, for completion and the schema
/// ([`super::keys`]).
pub(super) fn measure_key_group(group: super::keys::KeyGroup) -> &'static [&'static str] {
    use super::keys::KeyGroup;
    match group {
        KeyGroup::Measure => MEASURE_KEYS,
        KeyGroup::PageMeasure => PAGE_MEASURE_KEYS,
        KeyGroup::MeasureTarget => TARGET_KEYS,
        KeyGroup::Reading => READING_KEYS,
        _ => &[],
    }
}

/// What an objective's `measure` says: its words, target and readings.
#[derive(Debug, Default)]
pub(super) struct Measure {
    pub(super) text: Option<String>,
    pub(super) target: Option<MeasureTarget>,
    pub(super) readings: Vec<Reading>,
}

/// An objective's `measure`: text, or a mapping with `text`, `target`
/// and `readings`.
pub(super) fn read_measure(reader: &mut FieldReader<'_, '_>) -> Measure {
    let Some(node) = reader.get("measure") else {
        return Measure::default();
    };
    if node.as_map().is_none() {
        return Measure {
            text: reader
                .string("measure")
                .map(|text| text.value)
                .filter(|text| !text.trim().is_empty()),
            ..Measure::default()
        };
    }
    let what = format!("the measure of {}", reader.what);
    let mut inner = FieldReader::new(node, what, reader.problems);
    let measure = Measure {
        text: inner
            .string("text")
            .map(|text| text.value)
            .filter(|text| !text.trim().is_empty()),
        target: read_target(&mut inner),
        readings: read_readings(&mut inner),
    };
    inner.reject_unknown(MEASURE_KEYS);
    measure
}

/// A page's own `measure: { objective, target, readings }`.
pub(super) fn read_page_measure(
    node: &Node,
    path: &str,
    problems: &mut Problems,
) -> Option<MeasurePage> {
    let mut reader = FieldReader::new(node, format!("the measure on `{path}`"), problems);
    if node.as_map().is_none() {
        reader.problems.invalid(
            node.span,
            format!("`measure` on page `{path}` should be a mapping"),
            "write `measure: { objective: objective-id, readings: [{ date: 2026-10-01, value: 98.2 }] }`",
        );
        return None;
    }
    let objective = reader.string("objective");
    let target = read_target(&mut reader);
    let readings = read_readings(&mut reader);
    reader.reject_unknown(PAGE_MEASURE_KEYS);
    let Some(objective) = objective else {
        reader.problems.invalid(
            node.span,
            format!("`measure` on page `{path}` names no `objective`"),
            "add `objective: <the objective's id>` so the readings know whose they are",
        );
        return None;
    };
    Some(MeasurePage {
        objective,
        target,
        readings,
    })
}

/// A number written as a number or as text.
fn number(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Int(number) => Some(*number as f64),
        Value::Float(number) if number.is_finite() => Some(*number),
        Value::Str(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

fn read_number(reader: &mut FieldReader<'_, '_>, key: &str) -> Option<f64> {
    let node = reader.get(key)?;
    let value = number(node);
    if value.is_none() {
        reader.problems.invalid(
            node.span,
            format!("`{key}` of {} is not a number", reader.what),
            format!("write `{key}: 99.5`"),
        );
    }
    value
}

fn read_target(reader: &mut FieldReader<'_, '_>) -> Option<MeasureTarget> {
    let node = reader.map("target")?;
    let what = format!("the target of {}", reader.what);
    let mut inner = FieldReader::new(node, what, reader.problems);
    let value = read_number(&mut inner, "value");
    let unit = inner.string("unit").map(|unit| unit.value);
    let better = inner.choice("better", BETTER).map(|better| better.value);
    inner.reject_unknown(TARGET_KEYS);
    let Some(value) = value else {
        inner.problems.invalid(
            node.span,
            format!("{} has no `value`", inner.what),
            "write `target: { value: 99.5, unit: \"%\", better: higher }`",
        );
        return None;
    };
    Some(MeasureTarget {
        value,
        unit,
        better: if better.as_deref() == Some("lower") {
            Better::Lower
        } else {
            Better::Higher
        },
        span: node.span,
    })
}

fn read_readings(reader: &mut FieldReader<'_, '_>) -> Vec<Reading> {
    let Some(entries) = reader.list("readings") else {
        return Vec::new();
    };
    let what = reader.what.clone();
    let mut readings = Vec::new();
    for entry in entries {
        if entry.as_map().is_none() {
            reader.problems.invalid(
                entry.span,
                format!("a reading of {what} is {}", entry.type_name()),
                "write `- { date: 2026-10-01, value: 98.2, note: trial run }`",
            );
            continue;
        }
        let mut inner = FieldReader::new(entry, format!("a reading of {what}"), reader.problems);
        let date = inner.date("date");
        let value = read_number(&mut inner, "value");
        let note = inner.string("note").map(|note| note.value);
        inner.reject_unknown(READING_KEYS);
        let complete = inner.has("date") && inner.has("value");
        match (date, value) {
            (Some(date), Some(value)) => readings.push(Reading {
                date: date.value,
                value,
                note,
                span: entry.span,
            }),
            // A date or value that is there but unreadable was reported.
            _ if complete => {}
            _ => inner.problems.invalid(
                entry.span,
                format!("a reading of {what} needs a `date` and a `value`"),
                "write `- { date: 2026-10-01, value: 98.2 }`",
            ),
        }
    }
    readings.sort_by_key(|reading| reading.date);
    readings
}
