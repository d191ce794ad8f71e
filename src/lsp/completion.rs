//! Completion in front matter and planbook.toml: the keys valid where the
//! cursor stands (with their one-line description), `kind` and `status`
//! values, people from the roster for `owner` and `resources`, ids for
//! `depends_on`, `affects` and `milestone`, the levels of the plan's risk
//! scale, rule ids in `lint.allow` and `[lint]`. Nothing in page bodies.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Documentation, TextEdit,
};

use super::text_context::{yaml_context, CursorContext, Slot, Step};
use super::toml_context::toml_context;
use super::view::{Answer, PlanView, Spot};
use crate::lint::rules::RULES;
use crate::model::calendar::WEEKDAY_NAMES;
use crate::model::keys::{describe, group_keys, KeyGroup, Shape};
use crate::model::{scale_levels, ItemKind, Plan};
use crate::parse::{split_front_matter, FrontMatterFormat, Split};
use crate::source::CONFIG_FILE;

/// Most items in one answer; the client asks again as the author types.
const MAX_ITEMS: usize = 200;

pub fn complete(
    view: &PlanView<'_>,
    params: CompletionParams,
) -> Answer<Option<CompletionResponse>> {
    let at = params.text_document_position;
    let Some(spot) = view.spot(&at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let Some((context, toml, kind)) = cursor_context(&spot) else {
        return Ok(None);
    };
    let typed = spot
        .file
        .text
        .get(context.replace_from..spot.offset)
        .unwrap_or("");
    let candidates = match &context.slot {
        Slot::Key { siblings } => key_candidates(
            &context.path,
            kind,
            toml,
            siblings,
            spot.path == CONFIG_FILE,
        ),
        Slot::Value { key } => value_candidates(
            &view.analysis.plan,
            &context.path,
            kind,
            key,
            spot.path == CONFIG_FILE,
        ),
    };
    let range = view.range(
        spot.file_id,
        context.replace_from.min(spot.offset),
        spot.offset,
    );
    let typed_lower = typed.to_lowercase();
    let mut items: Vec<CompletionItem> = candidates
        .into_iter()
        .filter(|candidate| {
            typed.is_empty() || candidate.label.to_lowercase().contains(&typed_lower)
        })
        .map(|candidate| {
            let quote = toml && candidate.quote && !context.quoted;
            let insert = if quote {
                format!("\"{}\"", candidate.insert)
            } else {
                candidate.insert.clone()
            };
            CompletionItem {
                label: candidate.label,
                kind: Some(candidate.kind),
                detail: candidate.detail,
                documentation: candidate.documentation.map(Documentation::String),
                filter_text: Some(if context.quoted {
                    typed.to_string()
                } else {
                    String::new()
                })
                .filter(|text| !text.is_empty()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
                ..CompletionItem::default()
            }
        })
        .collect();
    let incomplete = items.len() > MAX_ITEMS;
    items.truncate(MAX_ITEMS);
    for (rank, item) in items.iter_mut().enumerate() {
        item.sort_text = Some(format!("{rank:04}"));
    }
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: incomplete,
        items,
    })))
}

/// The cursor's context, whether it is TOML, and the page's kind.
fn cursor_context(spot: &Spot<'_>) -> Option<(CursorContext, bool, Option<ItemKind>)> {
    let text = &spot.file.text;
    let offset = spot.offset;
    let (start, end, format) = if spot.path == CONFIG_FILE {
        (0, text.len(), FrontMatterFormat::Toml)
    } else {
        match split_front_matter(text) {
            Split::FrontMatter { format, matter, .. } => (matter.start, matter.end, format),
            Split::Unclosed { format, opening } => {
                let after = text[opening..]
                    .find('\n')
                    .map_or(text.len(), |at| opening + at + 1);
                (after, text.len(), format)
            }
            Split::NoFrontMatter { .. } => return None,
        }
    };
    if offset < start || offset > end {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1).max(start);
    let above: Vec<&str> = text[start..line_start].lines().collect();
    let current = &text[line_start..offset];
    let toml = format == FrontMatterFormat::Toml;
    let context = if toml {
        toml_context(&above, current, line_start)?
    } else {
        let below: Vec<&str> = text[offset..end].lines().skip(1).collect();
        yaml_context(&above, current, &below, line_start)?
    };
    let kind = if spot.path == CONFIG_FILE {
        None
    } else {
        page_kind(&text[start..end], toml)
    };
    Some((context, toml, kind))
}

/// The `kind` written at the top of the front matter, read from the text.
fn page_kind(matter: &str, toml: bool) -> Option<ItemKind> {
    let separator = if toml { '=' } else { ':' };
    matter.lines().find_map(|line| {
        let (key, value) = line.split_once(separator)?;
        (key.trim_end() == "kind" && line.starts_with("kind"))
            .then(|| ItemKind::from_name(value.trim().trim_matches(['"', '\''])))
            .flatten()
    })
}

/// The key groups of the mapping at `path`, and the item kind in force.
fn groups_at(
    path: &[Step],
    page_kind: Option<ItemKind>,
    config: bool,
) -> (Vec<KeyGroup>, Option<ItemKind>) {
    let mut groups = if config {
        vec![KeyGroup::Config]
    } else {
        match page_kind {
            Some(kind) => vec![KeyGroup::PageOnly, KeyGroup::Common, KeyGroup::Kind(kind)],
            None => vec![KeyGroup::Page],
        }
    };
    let mut kind = page_kind;
    let mut steps = path.iter().peekable();
    while let Some(step) = steps.next() {
        let Step::Key(key) = step else {
            continue;
        };
        let in_item = steps.peek() == Some(&&Step::Item);
        let shape = groups
            .iter()
            .find_map(|group| describe(*group, key))
            .map(|(_, shape)| shape);
        groups = match (shape, in_item) {
            (Some(Shape::Register(register)), true) => {
                kind = Some(register);
                vec![KeyGroup::Common, KeyGroup::Kind(register)]
            }
            (Some(Shape::Map(group) | Shape::ListOf(group) | Shape::TextOrMap(group)), _) => {
                vec![group]
            }
            (Some(Shape::Objectives), true) => vec![KeyGroup::Objective],
            (Some(Shape::Dependencies), true) => vec![KeyGroup::Dependency],
            (Some(Shape::Assignments), true) => vec![KeyGroup::Assignment],
            (Some(Shape::Roster), _) if steps.peek().is_some() => vec![KeyGroup::RosterPerson],
            _ => Vec::new(),
        };
        if groups == [KeyGroup::RosterPerson] {
            break;
        }
    }
    (groups, kind)
}

struct Candidate {
    label: String,
    insert: String,
    detail: Option<String>,
    documentation: Option<String>,
    kind: CompletionItemKind,
    /// A TOML string value: quoted unless the author opened the quote.
    quote: bool,
}

impl Candidate {
    fn value(label: &str, detail: Option<String>, kind: CompletionItemKind) -> Candidate {
        Candidate {
            label: label.to_string(),
            insert: label.to_string(),
            detail,
            documentation: None,
            kind,
            quote: true,
        }
    }
}

fn key_candidates(
    path: &[Step],
    page_kind: Option<ItemKind>,
    toml: bool,
    siblings: &[String],
    config: bool,
) -> Vec<Candidate> {
    // `[lint]` of planbook.toml: rule ids as keys.
    if config && path == [Step::Key("lint".into())] {
        return RULES
            .iter()
            .filter(|rule| !siblings.iter().any(|written| written == rule.name))
            .map(|rule| Candidate {
                label: rule.name.to_string(),
                insert: format!("{} = ", rule.name),
                detail: Some(rule.summary.to_string()),
                documentation: None,
                kind: CompletionItemKind::PROPERTY,
                quote: false,
            })
            .collect();
    }
    let (groups, _) = groups_at(path, page_kind, config);
    let mut candidates = Vec::new();
    for group in groups {
        for key in group_keys(group) {
            if siblings.iter().any(|written| written == key)
                || candidates
                    .iter()
                    .any(|known: &Candidate| known.label == *key)
            {
                continue;
            }
            let (summary, shape) = describe(group, key).unwrap_or(("", Shape::Text));
            let nested = matches!(
                shape,
                Shape::Map(_)
                    | Shape::ListOf(_)
                    | Shape::Register(_)
                    | Shape::Objectives
                    | Shape::Roster
                    | Shape::LintLevels
            );
            let insert = match (toml, nested) {
                (true, true) if config => format!("[{key}]"),
                (true, _) => format!("{key} = "),
                (false, true) => format!("{key}:"),
                (false, false) => format!("{key}: "),
            };
            candidates.push(Candidate {
                label: key.to_string(),
                insert,
                detail: (!summary.is_empty()).then(|| summary.to_string()),
                documentation: None,
                kind: CompletionItemKind::PROPERTY,
                quote: false,
            });
        }
    }
    candidates
}

fn value_candidates(
    plan: &Plan,
    path: &[Step],
    page_kind: Option<ItemKind>,
    key: &str,
    config: bool,
) -> Vec<Candidate> {
    if config && path == [Step::Key("lint".into())] {
        return ["error", "warning", "off"]
            .iter()
            .map(|level| Candidate::value(level, None, CompletionItemKind::ENUM_MEMBER))
            .collect();
    }
    let (groups, kind) = groups_at(path, page_kind, config);
    let Some(shape) = groups
        .iter()
        .find_map(|group| describe(*group, key))
        .map(|(_, shape)| shape)
    else {
        return Vec::new();
    };
    let words = |words: &[&str], detail: &str| -> Vec<Candidate> {
        words
            .iter()
            .map(|word| {
                Candidate::value(
                    word,
                    Some(detail.to_string()),
                    CompletionItemKind::ENUM_MEMBER,
                )
            })
            .collect()
    };
    match shape {
        Shape::Kind => words(&ItemKind::ALL.map(ItemKind::name), "kind of page"),
        Shape::Status => match kind {
            Some(kind) => words(kind.statuses(), &format!("{} status", kind.name())),
            None => Vec::new(),
        },
        Shape::Rating => words(scale_levels(plan.config.risk_scale), "risk level"),
        Shape::ObjectiveType => words(group_keys(KeyGroup::ObjectiveTypes), "objective type"),
        Shape::OneOf(choices) => words(choices, key),
        Shape::Weekdays => words(&WEEKDAY_NAMES, "weekday"),
        Shape::Bool => {
            let mut values = words(&["true", "false"], "");
            values.iter_mut().for_each(|value| value.quote = false);
            values
        }
        Shape::Rules => RULES
            .iter()
            .map(|rule| {
                Candidate::value(
                    rule.name,
                    Some(rule.summary.to_string()),
                    CompletionItemKind::ENUM_MEMBER,
                )
            })
            .collect(),
        Shape::Id(kinds) | Shape::Ids(kinds) => item_candidates(plan, kinds),
        Shape::Dependencies => item_candidates(plan, &[ItemKind::Task, ItemKind::Milestone]),
        Shape::Assignments => item_candidates(plan, &[ItemKind::Person]),
        _ => Vec::new(),
    }
}

/// Ids of the plan's items of `kinds`: people with name and role, others
/// with kind and title.
fn item_candidates(plan: &Plan, kinds: &[ItemKind]) -> Vec<Candidate> {
    let mut seen = std::collections::HashSet::new();
    plan.items
        .iter()
        .filter(|item| kinds.contains(&item.kind) && seen.insert(item.id.as_str()))
        .map(|item| {
            let detail = match item.as_person() {
                Some(person) => match &person.role {
                    Some(role) => format!("{} · {role}", item.title),
                    None => item.title.clone(),
                },
                None => format!("{}: {}", item.kind.name(), item.title),
            };
            let kind = if item.kind == ItemKind::Person {
                CompletionItemKind::REFERENCE
            } else {
                CompletionItemKind::EVENT
            };
            Candidate::value(&item.id, Some(detail), kind)
        })
        .collect()
}
