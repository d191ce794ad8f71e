//! The status report as a document, written once as blocks and rendered
//! as Markdown (to paste into an email or chat) or as a standalone HTML
//! page (to publish). Plan text is escaped for each format, so a title can
//! never become markup.

use std::fmt::Write as _;

use super::report::{ItemEvent, MilestoneMove, StatusReport};
use crate::model::calendar::signed_working_days;

/// Inline text: plain, code (`id`), or bold.
enum Inline {
    Text(String),
    Code(String),
    Strong(String),
}

enum Block {
    Heading(u8, String),
    Paragraph(Vec<Inline>),
    /// Each entry, with optional nested entries.
    List(Vec<(Vec<Inline>, Vec<Vec<Inline>>)>),
    Table(Vec<String>, Vec<Vec<Vec<Inline>>>),
}

fn text(value: impl Into<String>) -> Inline {
    Inline::Text(value.into())
}

fn code(value: impl Into<String>) -> Inline {
    Inline::Code(value.into())
}

fn strong(value: impl Into<String>) -> Inline {
    Inline::Strong(value.into())
}

fn date(value: Option<chrono::NaiveDate>) -> String {
    value.map_or_else(|| "not scheduled".to_string(), |date| date.to_string())
}

fn short(commit: &Option<String>) -> String {
    commit
        .as_deref()
        .map_or("before the first commit".into(), |id| {
            id[..7.min(id.len())].to_string()
        })
}

/// "From v1.0 (2026-03-02, commit " for a ref, "From 2026-03-01 (commit "
/// for a date or a commit id: the date and the commit are said once.
fn since_words(report: &StatusReport) -> String {
    let date = report.since.date.to_string();
    if report.since_label == date {
        format!("From {date} (commit ")
    } else {
        format!("From {} ({date}, commit ", report.since_label)
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn blocks(report: &StatusReport) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(1, format!("Status report: {}", report.title)),
        Block::Paragraph(vec![
            text(since_words(report)),
            code(short(&report.since.commit)),
            text(format!(") to {} (HEAD, commit ", report.until.date)),
            code(short(&report.until.commit)),
            text(format!(
                "): {} changed the plan.",
                plural(report.commits, "commit", "commits")
            )),
        ]),
    ];
    blocks.extend(milestone_blocks(&report.milestones));
    blocks.extend(event_blocks(
        "Tasks",
        &report.tasks,
        &[
            ("finished", "Finished"),
            ("started", "Started"),
            ("late", "Newly late"),
        ],
    ));
    blocks.extend(event_blocks(
        "Risks",
        &report.risks,
        &[
            ("opened", "Opened"),
            ("occurred", "Occurred"),
            ("closed", "Closed"),
            ("score-rose", "Score rose"),
            ("score-fell", "Score fell"),
        ],
    ));
    let owners: Vec<_> = report
        .changes
        .iter()
        .filter(|change| change.field == "owner")
        .map(|change| {
            (
                vec![
                    code(change.id.clone()),
                    text(format!(": {} (", change.described)),
                    code(change.short.clone()),
                    text(")"),
                ],
                Vec::new(),
            )
        })
        .collect();
    blocks.push(Block::Heading(2, "Owners changed".into()));
    if owners.is_empty() {
        blocks.push(Block::Paragraph(vec![text("No owner changed.")]));
    } else {
        blocks.push(Block::List(owners));
    }
    blocks.push(Block::Heading(2, "Changes".into()));
    if report.changes.is_empty() {
        blocks.push(Block::Paragraph(vec![text(
            "No field of any item changed.",
        )]));
    } else {
        let rows = report
            .changes
            .iter()
            .map(|change| {
                vec![
                    vec![code(change.id.clone())],
                    vec![text(change.described.clone())],
                    vec![code(change.short.clone())],
                ]
            })
            .collect();
        blocks.push(Block::Table(
            vec!["Item".into(), "Change".into(), "Commit".into()],
            rows,
        ));
    }
    blocks.push(Block::Heading(2, "Open findings".into()));
    if report.findings.is_empty() {
        blocks.push(Block::Paragraph(vec![text("None: the plan lints clean.")]));
    } else {
        let entries = report
            .findings
            .iter()
            .map(|finding| {
                (
                    vec![
                        code(format!(
                            "{}:{}:{}",
                            finding.file, finding.line, finding.column
                        )),
                        text(format!(" {} ", finding.severity)),
                        code(finding.rule),
                        text(": "),
                    ]
                    .into_iter()
                    .chain(message_inlines(&finding.message))
                    .collect(),
                    Vec::new(),
                )
            })
            .collect();
        blocks.push(Block::List(entries));
    }
    blocks
}

fn milestone_blocks(milestones: &[MilestoneMove]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, "Milestones".into())];
    if milestones.is_empty() {
        blocks.push(Block::Paragraph(vec![text(
            "No milestone was reached or moved.",
        )]));
        return blocks;
    }
    let entries = milestones
        .iter()
        .map(|milestone| {
            let mut line = vec![
                strong(milestone.title.clone()),
                text(" ("),
                code(milestone.id.clone()),
                text(")"),
            ];
            if milestone.reached {
                line.push(text(format!(
                    " reached, forecast {}",
                    date(milestone.after)
                )));
            }
            if let Some(slip) = milestone.slip.filter(|slip| *slip != 0) {
                line.push(text(format!(
                    "{} moved {} → {} ({})",
                    if milestone.reached { ";" } else { "" },
                    date(milestone.before),
                    date(milestone.after),
                    signed_working_days(slip)
                )));
            }
            let causes = milestone
                .causes
                .iter()
                .map(|change| {
                    vec![
                        code(change.id.clone()),
                        text(format!(": {} (", change.described)),
                        code(change.short.clone()),
                        text(")"),
                    ]
                })
                .collect();
            (line, causes)
        })
        .collect();
    blocks.push(Block::List(entries));
    blocks
}

fn event_blocks(title: &str, events: &[ItemEvent], kinds: &[(&str, &str)]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, title.into())];
    let mut entries = Vec::new();
    for (event, label) in kinds {
        let matching: Vec<&ItemEvent> = events.iter().filter(|e| e.event == *event).collect();
        if matching.is_empty() {
            continue;
        }
        let nested = matching
            .iter()
            .map(|item| {
                let mut line = vec![
                    text(format!("{} (", item.title)),
                    code(item.id.clone()),
                    text(")"),
                ];
                if let (Some(before), Some(after)) = (item.before, item.after) {
                    if before != after {
                        line.push(text(format!(", score {before} → {after}")));
                    }
                }
                if let Some(owner) = &item.owner {
                    line.push(text(format!(", owner {owner}")));
                }
                line
            })
            .collect();
        entries.push((vec![text(format!("{label}:"))], nested));
    }
    if entries.is_empty() {
        blocks.push(Block::Paragraph(vec![text(format!(
            "Nothing changed for {}.",
            title.to_lowercase()
        ))]));
    } else {
        blocks.push(Block::List(entries));
    }
    blocks
}

/// A finding's message: its `quoted` ids as code, the rest as text.
fn message_inlines(message: &str) -> Vec<Inline> {
    message
        .split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(index, part)| {
            if index % 2 == 1 {
                code(part)
            } else {
                text(part)
            }
        })
        .collect()
}

/// Escapes what Markdown would read as markup.
fn escape_markdown(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for character in value.chars() {
        if "\\`*_[]<>|".contains(character) {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

/// A value on one line: a multi-line value (a `mitigation: |` block) would
/// end the table row or the list item it stands in.
fn one_line(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['\n', '\r']) {
        return value.into();
    }
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

fn inline_markdown(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Inline::Text(value) => escape_markdown(&one_line(value)),
            Inline::Strong(value) => format!("**{}**", escape_markdown(&one_line(value))),
            Inline::Code(value) => code_span(&one_line(value)),
        })
        .collect()
}

/// A Markdown code span of `value`, however many backticks it holds: the
/// fence is one backtick longer than the longest run inside it, and a value
/// with a backtick is padded with spaces so that its own backticks do not
/// touch the fence (CommonMark strips one space at each end).
fn code_span(value: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for character in value.chars() {
        run = if character == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        return format!("`{value}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {value} {fence}")
}

/// The report as Markdown, starting with its `#` heading.
pub fn render_markdown(report: &StatusReport) -> String {
    let mut out = String::new();
    for block in blocks(report) {
        match block {
            Block::Heading(level, title) => {
                let _ = writeln!(
                    out,
                    "{} {}\n",
                    "#".repeat(level.into()),
                    escape_markdown(&one_line(&title))
                );
            }
            Block::Paragraph(parts) => {
                let _ = writeln!(out, "{}\n", inline_markdown(&parts));
            }
            Block::List(entries) => {
                for (line, nested) in entries {
                    let _ = writeln!(out, "- {}", inline_markdown(&line));
                    for inner in nested {
                        let _ = writeln!(out, "  - {}", inline_markdown(&inner));
                    }
                }
                out.push('\n');
            }
            Block::Table(header, rows) => {
                let _ = writeln!(out, "| {} |", header.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|cell| inline_markdown(cell)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn escape_html(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for character in value.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            other => escaped.push(other),
        }
    }
    escaped
}

fn inline_html(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|part| match part {
            Inline::Text(value) => escape_html(value),
            Inline::Strong(value) => format!("<strong>{}</strong>", escape_html(value)),
            Inline::Code(value) => format!("<code>{}</code>", escape_html(value)),
        })
        .collect()
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1d2430}code{font-size:.9em;background:#eef1f5;padding:0 .2em;border-radius:3px}table{border-collapse:collapse}th,td{border:1px solid #c8ced8;padding:.25rem .5rem;text-align:left;vertical-align:top}";

/// The report as a standalone HTML page.
pub fn render_html(report: &StatusReport) -> String {
    let mut body = String::new();
    for block in blocks(report) {
        match block {
            Block::Heading(level, title) => {
                let _ = writeln!(body, "<h{level}>{}</h{level}>", escape_html(&title));
            }
            Block::Paragraph(parts) => {
                let _ = writeln!(body, "<p>{}</p>", inline_html(&parts));
            }
            Block::List(entries) => {
                body.push_str("<ul>\n");
                for (line, nested) in entries {
                    let _ = write!(body, "<li>{}", inline_html(&line));
                    if !nested.is_empty() {
                        body.push_str("<ul>");
                        for inner in nested {
                            let _ = write!(body, "<li>{}</li>", inline_html(&inner));
                        }
                        body.push_str("</ul>");
                    }
                    body.push_str("</li>\n");
                }
                body.push_str("</ul>\n");
            }
            Block::Table(header, rows) => {
                body.push_str("<table>\n<thead><tr>");
                for cell in header {
                    let _ = write!(body, "<th scope=\"col\">{}</th>", escape_html(&cell));
                }
                body.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        let _ = write!(body, "<td>{}</td>", inline_html(&cell));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</tbody>\n</table>\n");
            }
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Status report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape_html(&report.title)
    )
}

#[cfg(test)]
mod tests {
    use super::code_span;

    /// The code span pulldown-cmark reads back from `markdown`.
    fn code_read_back(markdown: &str) -> String {
        pulldown_cmark::Parser::new(markdown)
            .filter_map(|event| match event {
                pulldown_cmark::Event::Code(code) => Some(code.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_code_span_holds_any_run_of_backticks() {
        for value in ["api", "a`b", "a``b", "`edge`", "x```y`z"] {
            let span = code_span(value);
            assert_eq!(code_read_back(&span), value, "{span}");
        }
        assert_eq!(code_span("api"), "`api`");
        assert_eq!(code_span("a``b"), "``` a``b ```");
    }
}
