//! Quick fixes for the findings under the cursor: every "did you mean"
//! (an unknown key, id, owner, value, rule or link), "add owner", a
//! contingency skeleton for `missing-contingency`, and `lint.allow` for the
//! rule on this page. The suggestion is the one the rule wrote in its help
//! ("did you mean `x`?"), so the editor and `planbook lint` agree.

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic,
};

use super::edits::EditSet;
use super::insert::{allow_rule_edit, new_key_place, KeyPlace};
use super::position::offset;
use super::view::{Answer, PlanView};
use crate::lint;
use crate::model::Item;
use crate::parse::{Node, Value};
use crate::source::{FileId, Span};

/// Most "add owner" choices offered at once.
const MAX_OWNER_CHOICES: usize = 8;

pub fn code_actions(
    view: &PlanView<'_>,
    params: CodeActionParams,
) -> Answer<Option<CodeActionResponse>> {
    let Some((_, file, source)) = view.file(&params.text_document.uri) else {
        return Ok(None);
    };
    let start = offset(source, params.range.start, view.encoding);
    let end = offset(source, params.range.end, view.encoding).max(start);
    let mut actions = Vec::new();
    for finding in view.analysis.report.diagnostics.iter().filter(|finding| {
        finding.span.file == file && finding.span.start <= end && finding.span.end >= start
    }) {
        let client_diagnostic = matching_diagnostic(view, finding, &params.context.diagnostics);
        let mut add = |title: String, edits: EditSet, preferred: bool| {
            if edits.is_empty() {
                return;
            }
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: client_diagnostic.clone().map(|diagnostic| vec![diagnostic]),
                edit: Some(edits.into_workspace_edit(view)),
                is_preferred: preferred.then_some(true),
                ..CodeAction::default()
            }));
        };
        if let Some(suggestion) = suggestion(&finding.help) {
            if let Some(edits) = replacement(view, finding, suggestion) {
                add(format!("Replace with `{suggestion}`"), edits, true);
            }
        }
        let item = item_at(view, finding.span);
        match (finding.rule, item) {
            ("missing-owner", Some(item)) => {
                for (title, edits) in owner_choices(view, item) {
                    add(title, edits, false);
                }
            }
            ("missing-contingency", Some(item)) => {
                if let Some(edits) = contingency_skeleton(view, item) {
                    add("Add a contingency skeleton".into(), edits, true);
                }
            }
            _ => {}
        }
        if let Some(edits) = allow_rule_edit(view, file, finding.rule) {
            add(
                format!("Allow `{}` on this page (lint.allow)", finding.rule),
                edits,
                false,
            );
        }
    }
    Ok(Some(actions))
}

/// The client's copy of a finding, to tie the fix to it.
fn matching_diagnostic(
    view: &PlanView<'_>,
    finding: &lint::Diagnostic,
    sent: &[Diagnostic],
) -> Option<Diagnostic> {
    let range = view.span_range(finding.span);
    sent.iter()
        .find(|diagnostic| {
            diagnostic.range == range
                && diagnostic.code
                    == Some(lsp_types::NumberOrString::String(finding.rule.to_string()))
        })
        .cloned()
}

/// `x` of "did you mean `x`?" in a help line.
pub fn suggestion(help: &str) -> Option<&str> {
    let start = help.find("did you mean `")? + "did you mean `".len();
    let length = help[start..].find("`?")?;
    Some(&help[start..start + length])
}

/// The edit that puts `suggestion` where the finding points.
fn replacement(
    view: &PlanView<'_>,
    finding: &lint::Diagnostic,
    suggestion: &str,
) -> Option<EditSet> {
    let text = &view.analysis.plan.files[finding.span.file].text;
    let written = text.get(finding.span.start..finding.span.end)?;
    let mut edits = EditSet::default();
    let span = if finding.rule == "broken-link" {
        link_part(finding, written)?
    } else {
        unquoted(finding.span, written)
    };
    edits.replace(span, suggestion);
    Some(edits)
}

/// In a broken link `[text](path#anchor)`: the anchor when the heading is
/// missing, else the path.
fn link_part(finding: &lint::Diagnostic, written: &str) -> Option<Span> {
    let open = written.rfind("](")? + 2;
    let destination_end = written[open..]
        .find([')', ' '])
        .map_or(written.len(), |end| open + end);
    let destination = &written[open..destination_end];
    let hash = destination.find('#');
    let (start, end) = if finding.message.contains("has no heading") {
        (open + hash? + 1, destination_end)
    } else {
        (open, hash.map_or(destination_end, |hash| open + hash))
    };
    let base = finding.span.start;
    Some(Span::new(finding.span.file, base + start, base + end))
}

/// The span without surrounding quotes.
fn unquoted(span: Span, written: &str) -> Span {
    let quoted = written.len() >= 2
        && ((written.starts_with('"') && written.ends_with('"'))
            || (written.starts_with('\'') && written.ends_with('\'')));
    if quoted {
        Span::new(span.file, span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// The item a finding points at: its start or its id, or a key or value
/// of its own.
fn item_at<'v>(view: &PlanView<'v>, span: Span) -> Option<&'v Item> {
    let items = &view.analysis.plan.items;
    items
        .iter()
        .map(|item| &**item)
        .find(|item| item.start == span || item.id_span == span)
        .or_else(|| {
            // A finding at a key of the item (an empty `owner:`, the score's
            // inputs of a risk): the innermost item whose fields hold it, so
            // that a register entry wins over the page that holds it.
            items
                .iter()
                .map(|item| &**item)
                .filter(|item| item.fields.span.file == span.file)
                .map(|item| (item, extent(&item.fields)))
                .filter(|(_, (start, end))| *start <= span.start && span.end <= *end)
                .min_by_key(|(_, (start, end))| end - start)
                .map(|(item, _)| item)
        })
}

/// The bytes a value tree covers: a mapping's or a list's own span is only
/// where it starts, so its end is that of its last key or value.
fn extent(node: &Node) -> (usize, usize) {
    let (start, mut end) = (node.span.start, node.span.end);
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                end = end.max(key.span.end).max(extent(value).1);
            }
        }
        Value::List(values) => {
            for value in values {
                end = end.max(extent(value).1);
            }
        }
        _ => {}
    }
    (start, end)
}

/// "Add owner `x`" for people of the plan.
fn owner_choices(view: &PlanView<'_>, item: &Item) -> Vec<(String, EditSet)> {
    // An `owner:` written with nothing after it gets its value; a second
    // `owner` line would be a duplicate key.
    let empty_key = empty_yaml_key(view, item, "owner");
    let place = new_key_place(view, item);
    if empty_key.is_none() && place.is_none() {
        return Vec::new();
    }
    view.analysis
        .plan
        .people()
        .take(MAX_OWNER_CHOICES)
        .map(|person| {
            let mut edits = EditSet::default();
            match (empty_key, &place) {
                (Some((file, after_colon)), _) => {
                    edits.insert(file, after_colon, format!(" {}", person.id))
                }
                (None, Some(place)) => {
                    edits.insert(place.file, place.at, place.key_line("owner", &person.id))
                }
                (None, None) => {}
            }
            let name = if person.title == person.id {
                String::new()
            } else {
                format!(" ({})", person.title)
            };
            (format!("Add owner `{}`{name}", person.id), edits)
        })
        .collect()
}

/// Where a value goes for `key` of `item` written in YAML with no value
/// (`owner:`): the file and the offset just after its colon.
fn empty_yaml_key(view: &PlanView<'_>, item: &Item, key: &str) -> Option<(FileId, usize)> {
    let (written, value) = item.fields.entry(key)?;
    if !matches!(value.value, Value::Null) {
        return None;
    }
    let text = &view.analysis.plan.files[written.span.file].text;
    let colon = text.get(written.span.end..)?.find(':')?;
    let after_colon = written.span.end + colon + 1;
    // Only a colon right after the key (`owner:` or `owner :`), on its line.
    let between = &text[written.span.end..after_colon - 1];
    between
        .chars()
        .all(|character| character == ' ' || character == '"' || character == '\'')
        .then_some((written.span.file, after_colon))
}

/// `contingency:` with empty trigger and response to fill in; the finding
/// stays until both are written.
fn contingency_skeleton(view: &PlanView<'_>, item: &Item) -> Option<EditSet> {
    if item.fields.get("contingency").is_some() {
        return None;
    }
    let place: KeyPlace = new_key_place(view, item)?;
    let text = match (place.toml, place.flow) {
        (true, _) => "contingency = { trigger = \"\", response = \"\" }\n".to_string(),
        (false, true) => "contingency: { trigger: , response:  }, ".to_string(),
        (false, false) => format!(
            "{0}contingency:\n{0}  trigger:   # what tells us the risk is happening\n{0}  response:  # what we do then\n",
            place.indent
        ),
    };
    let mut edits = EditSet::default();
    edits.insert(place.file, place.at, text);
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn reads_the_suggestion_of_a_help_line() {
        assert_eq!(suggestion("did you mean `owner`?"), Some("owner"));
        assert_eq!(
            suggestion("did you mean `active`? (one of: planned, active)"),
            Some("active")
        );
        assert_eq!(suggestion("add `owner: <person id>`"), None);
    }
}
