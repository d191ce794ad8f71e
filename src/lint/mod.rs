//! The lint stage: runs every rule of [`rules::RULES`] over the plan and its
//! schedule, applies `[lint]` levels and per-page `lint.allow`, and returns
//! located, sorted [`Diagnostic`]s that every reporter consumes.

pub mod levels;
pub mod report;
pub mod rules;

use std::sync::LazyLock;

use rayon::prelude::*;
use serde::Serialize;

pub use levels::{RuleLevel, Severity};

use crate::model::Plan;
use crate::schedule::Schedule;
use crate::source::Span;

/// What a rule found, before levels and locations are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub span: Span,
    pub message: String,
    pub help: String,
    /// Other places worth showing (e.g. the first declaration of a duplicate id).
    pub related: Vec<(Span, String)>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            span,
            message: message.into(),
            help: help.into(),
            related: Vec::new(),
        }
    }

    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Finding {
        self.related.push((span, note.into()));
        self
    }
}

/// What a rule reads.
pub struct LintContext<'a> {
    pub plan: &'a Plan,
    pub schedule: &'a Schedule,
}

/// A lint rule: its name, default severity, documentation and check.
pub struct Rule {
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line for listings.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, an example that fires, the fix.
    pub doc: &'static str,
    pub check: fn(&LintContext<'_>, &mut Vec<Finding>),
}

/// The names of every rule, in registry order.
pub fn rule_names() -> &'static [&'static str] {
    static NAMES: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| rules::RULES.iter().map(|rule| rule.name).collect());
    &NAMES
}

pub fn find_rule(name: &str) -> Option<&'static Rule> {
    rules::RULES.iter().find(|rule| rule.name == name)
}

/// A place in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedLocation {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    /// The same place as bytes, for reporters that count columns their own
    /// way (the language server).
    #[serde(skip)]
    pub span: Span,
}

/// A finding with its severity decided and its location resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    #[serde(flatten)]
    pub location: Location,
    #[serde(skip)]
    pub end: Location,
    pub message: String,
    pub help: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedLocation>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LintReport {
    #[serde(rename = "findings")]
    pub diagnostics: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
}

impl LintReport {
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The same report with `prefix` before every file path: code scanning
    /// and workflow annotations want paths from the top of the repository,
    /// while planbook's own paths start at the plan root.
    pub fn with_path_prefix(&self, prefix: &str) -> LintReport {
        let mut report = self.clone();
        for diagnostic in &mut report.diagnostics {
            for location in [&mut diagnostic.location, &mut diagnostic.end] {
                location.file = format!("{prefix}{}", location.file);
            }
            for related in &mut diagnostic.related {
                related.location.file = format!("{prefix}{}", related.location.file);
            }
        }
        report
    }
}

/// Runs every rule and returns the sorted report.
pub fn lint_plan(plan: &Plan, schedule: &Schedule) -> LintReport {
    let context = LintContext { plan, schedule };
    // Rules are independent readers of the plan: run them side by side
    // (an editor waits for this after every keystroke).
    let per_rule: Vec<Vec<Finding>> = rules::RULES
        .par_iter()
        .map(|rule| {
            let mut findings = Vec::new();
            (rule.check)(&context, &mut findings);
            debug_assert!(findings.iter().all(|finding| finding.rule == rule.name));
            findings
        })
        .collect();
    let findings = per_rule.into_iter().flatten();
    let mut diagnostics: Vec<Diagnostic> = findings
        .filter_map(|finding| {
            let severity = severity_for(plan, &finding)?;
            Some(locate(plan, finding, severity))
        })
        .collect();
    diagnostics
        .sort_by(|a, b| (&a.location, a.rule, &a.message).cmp(&(&b.location, b.rule, &b.message)));
    diagnostics.dedup();
    let errors = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    LintReport {
        warnings: diagnostics.len() - errors,
        errors,
        diagnostics,
    }
}

/// The severity after `[lint]` and `lint.allow`; None when silenced.
fn severity_for(plan: &Plan, finding: &Finding) -> Option<Severity> {
    if let Some(page) = plan.page_of_file(finding.span.file) {
        if page.allow.iter().any(|rule| rule.value == finding.rule) {
            return None;
        }
    }
    let rule = find_rule(finding.rule)?;
    match levels::configured_level(plan, finding.rule) {
        Some(RuleLevel::Off) => None,
        Some(RuleLevel::On(severity)) => Some(severity),
        None => Some(rule.default_severity),
    }
}

pub fn location(plan: &Plan, offset_span: Span, at_end: bool) -> Location {
    let file = plan.file(offset_span);
    let (line, column) = file.line_col(if at_end {
        offset_span.end
    } else {
        offset_span.start
    });
    Location {
        file: file.path.clone(),
        line,
        column,
    }
}

fn locate(plan: &Plan, finding: Finding, severity: Severity) -> Diagnostic {
    Diagnostic {
        rule: finding.rule,
        severity,
        location: location(plan, finding.span, false),
        end: location(plan, finding.span, true),
        message: finding.message,
        help: finding.help,
        related: finding
            .related
            .into_iter()
            .map(|(span, message)| RelatedLocation {
                location: location(plan, span, false),
                message,
                span,
            })
            .collect(),
        span: finding.span,
    }
}

/// "did you mean `x`?" help, or a fallback.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    match crate::suggest::closest(word, candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None => fallback.to_string(),
    }
}

/// The rules page of the documentation (docs/rules.md), made from the
/// rules' own documentation so the two never drift apart.
pub fn rules_markdown() -> String {
    let mut page = String::from(
        "# Lint rules\n\n<!-- Generated from the rules' documentation in src/lint/rules/. Do not edit: run `UPDATE_DOCS=1 cargo test --test docs`. -->\n\n`planbook lint` checks every rule below. Change a rule's severity or turn it off in `[lint]` of planbook.toml (`rule-id = \"error\" | \"warning\" | \"off\"`), or silence it on one page with front matter `lint: { allow: [rule-id] }`. `planbook explain RULE` prints a rule's section in the terminal.\n\n| rule | default | fires when |\n|---|---|---|\n",
    );
    for rule in rules::RULES {
        page.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            rule.name,
            rule.default_severity.as_str(),
            rule.summary
        ));
    }
    for rule in rules::RULES {
        let body = rule
            .doc
            .trim()
            .replace("\n## ", "\n### ")
            .replacen("## ", "### ", 1);
        page.push_str(&format!(
            "\n## {}\n\nDefault severity: {}.\n\n{}\n",
            rule.name,
            rule.default_severity.as_str(),
            body
        ));
    }
    page
}
