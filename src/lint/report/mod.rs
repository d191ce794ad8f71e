//! Reporters: the one [`LintReport`] printed for people (rustc-like), for
//! tools (JSON), for code scanning (SARIF 2.1.0) and for GitHub Actions.

mod github;
mod human;
mod json;
mod sarif;

use crate::lint::LintReport;
use crate::model::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

/// Renders the report; `color` only applies to the human format.
pub fn render_report(plan: &Plan, report: &LintReport, format: LintFormat, color: bool) -> String {
    match format {
        LintFormat::Human => human::render(plan, report, color),
        LintFormat::Json => json::render(report),
        LintFormat::Sarif => sarif::render(report),
        LintFormat::Github => github::render(report),
    }
}
