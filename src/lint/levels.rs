//! The lint stage's vocabulary for how loudly a rule speaks: [`Severity`],
//! the `[lint]` levels of planbook.toml and the per-page `lint.allow`. The
//! model keeps both as the author wrote them; this module decides what they
//! mean, and the `unknown-field` and `invalid-value` rules report the
//! settings it cannot read.

use serde::Serialize;

use super::{find_rule, Finding};
use crate::model::{LintSetting, Plan};

/// How a rule's findings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// `"error"` or `"warning"`, as every reporter and page spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A `[lint]` setting: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

/// The level a `[lint]` value names; None for a word that is no level.
pub fn parse_level(word: &str) -> Option<RuleLevel> {
    match word {
        "error" => Some(RuleLevel::On(Severity::Error)),
        "warning" | "warn" => Some(RuleLevel::On(Severity::Warning)),
        "off" | "allow" => Some(RuleLevel::Off),
        _ => None,
    }
}

/// The level `[lint]` sets for `rule`, when it sets a readable one (the
/// last line wins, as in TOML a key is written once anyway).
pub fn configured_level(plan: &Plan, rule: &str) -> Option<RuleLevel> {
    plan.config
        .lint_levels
        .iter()
        .rev()
        .filter(|setting| setting.rule.value == rule)
        .find_map(|setting| parse_level(&setting.level.value))
}

/// `[lint]` lines whose key is not a rule (for `unknown-field`).
pub fn unknown_rule_settings(plan: &Plan) -> impl Iterator<Item = &LintSetting> {
    plan.config
        .lint_levels
        .iter()
        .filter(|setting| find_rule(&setting.rule.value).is_none())
}

/// Findings of `invalid-value` for `[lint]` levels that are no level and
/// `lint.allow` entries that are no rule.
pub fn invalid_settings(plan: &Plan, rule_name: &'static str, findings: &mut Vec<Finding>) {
    for setting in &plan.config.lint_levels {
        if find_rule(&setting.rule.value).is_some() && parse_level(&setting.level.value).is_none() {
            findings.push(Finding::new(
                rule_name,
                setting.level.span,
                format!(
                    "[lint] `{}` should be \"error\", \"warning\" or \"off\"",
                    setting.rule.value
                ),
                "write `rule-name = \"warning\"`",
            ));
        }
    }
    for page in &plan.pages {
        for allowed in &page.allow {
            if find_rule(&allowed.value).is_none() {
                findings.push(Finding::new(
                    rule_name,
                    allowed.span,
                    format!("`{}` in `lint.allow` is not a rule", allowed.value),
                    super::did_you_mean(
                        &allowed.value,
                        super::rule_names().iter().copied(),
                        "run `planbook explain` to list the rules",
                    ),
                ));
            }
        }
    }
}
