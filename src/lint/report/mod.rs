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

/// `1 error, 2 warnings`: how every command counts findings in words.
pub fn count_findings(errors: usize, warnings: usize) -> String {
    let counted =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        counted(errors, "error"),
        counted(warnings, "warning")
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(count_findings(1, 0), "1 error, 0 warnings");
        assert_eq!(count_findings(4, 1), "4 errors, 1 warning");
    }
}
