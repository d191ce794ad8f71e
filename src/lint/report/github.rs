//! GitHub Actions workflow commands: one `::error`/`::warning` line per finding.

use crate::lint::LintReport;

pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let command = diagnostic.severity.as_str();
        let location = &diagnostic.location;
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&location.file),
            location.line,
            location.column,
            diagnostic.end.line,
            diagnostic.end.column,
            escape_property(diagnostic.rule),
            escape_data(&format!(
                "{} (help: {})",
                diagnostic.message, diagnostic.help
            )),
        ));
    }
    out
}

/// Workflow-command escaping of a message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping of a property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_toolkit() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
