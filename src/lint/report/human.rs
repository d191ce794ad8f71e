//! rustc-like output: the source line with a caret under the offending text.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::lint::Severity;
use crate::lint::{Diagnostic, LintReport};
use crate::model::Plan;

pub fn render(plan: &Plan, report: &LintReport, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        out.push_str(&renderer.render(&diagnostic_groups(plan, diagnostic)));
        out.push_str("\n\n");
    }
    out.push_str(&summary(report));
    out
}

fn diagnostic_groups<'a>(plan: &'a Plan, diagnostic: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let file = &plan.files[diagnostic.span.file];
    let line = file.line_range_at(diagnostic.span.start);
    let start = diagnostic.span.start.clamp(line.start, line.end);
    let end = diagnostic.span.end.clamp(start, line.end);
    let caret = if end > start {
        start..end
    } else {
        start..(start + next_char_len(&file.text, start)).min(line.end.max(start))
    };
    let source = &file.text[line.clone()];
    let (line_number, _) = file.line_col(line.start);
    let snippet = Snippet::source(source)
        .line_start(line_number)
        .path(file.path.as_str())
        .annotation(AnnotationKind::Primary.span(caret.start - line.start..caret.end - line.start));
    let mut groups = vec![level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.rule)
        .element(snippet)];
    for related in &diagnostic.related {
        let related_span = plan
            .files
            .iter()
            .find(|candidate| candidate.path == related.location.file)
            .map(|candidate| (candidate, candidate.line_start(related.location.line)));
        if let Some((related_file, offset)) = related_span {
            let related_line = related_file.line_range_at(offset);
            let text = &related_file.text[related_line.clone()];
            let column_offset = text
                .char_indices()
                .nth(related.location.column - 1)
                .map_or(0, |(at, _)| at);
            let width = next_char_len(text, column_offset).max(1);
            groups.push(
                Group::with_title(Level::NOTE.secondary_title(related.message.as_str())).element(
                    Snippet::source(text)
                        .line_start(related.location.line)
                        .path(related_file.path.as_str())
                        .annotation(AnnotationKind::Context.span(
                            column_offset
                                ..(column_offset + width).min(text.len().max(column_offset)),
                        )),
                ),
            );
        }
    }
    groups.push(Group::with_title(
        Level::HELP.secondary_title(diagnostic.help.as_str()),
    ));
    groups
}

fn next_char_len(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

fn summary(report: &LintReport) -> String {
    if report.diagnostics.is_empty() {
        return "no findings\n".into();
    }
    format!(
        "{}\n",
        super::count_findings(report.errors, report.warnings)
    )
}
