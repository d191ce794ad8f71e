use crate::lint::LintReport;

/// The object of FORMAT.md section 6, pretty-printed, with a final newline.
pub fn render(report: &LintReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serialises");
    text.push('\n');
    text
}
