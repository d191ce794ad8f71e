//! A risk's fields: its ratings (inherent and residual, on the plan's 3-
//! or 5-point scale), mitigation and contingency (front matter or body
//! sections), and the register's fields: response, review date, category
//! and the rationale for accepting it.

use super::field_reader::FieldReader;
use super::item_fields::ItemContext;
use super::items::*;
use crate::parse::Value;

pub(super) const RISK_KEYS: &[&str] = &[
    "probability",
    "impact",
    "score",
    "mitigation",
    "contingency",
    "affects",
    "response",
    "residual_probability",
    "residual_impact",
    "review",
    "category",
    "rationale",
];
pub(super) const CONTINGENCY_KEYS: &[&str] = &["trigger", "response"];

pub(super) fn read_risk(reader: &mut FieldReader<'_, '_>, context: &ItemContext<'_>) -> Risk {
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
        register: read_register(reader, scale),
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

/// The register's fields, all optional.
fn read_register(reader: &mut FieldReader<'_, '_>, scale: u8) -> RiskRegister {
    let text = |reader: &mut FieldReader<'_, '_>, key: &str| {
        reader
            .string(key)
            .map(|text| text.value)
            .filter(|text| !text.trim().is_empty())
    };
    RiskRegister {
        response: reader.choice("response", RISK_RESPONSES),
        residual_probability: read_rating(reader, "residual_probability", scale),
        residual_impact: read_rating(reader, "residual_impact", scale),
        review: reader.date("review"),
        category: text(reader, "category"),
        rationale: text(reader, "rationale"),
    }
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
