//! One parsed page to its items: the page item (when the front matter has a
//! `kind`) and the entries of its register lists. Pure: it reads the parsed
//! page and the config, and returns the items with the problems it saw. The
//! fields of each kind are read in [`super::item_fields`].

use std::sync::Arc;

use super::config::Config;
use super::field_reader::{FieldReader, Problems};
use super::item_fields::{read_item, ItemContext};
use super::items::*;
use super::Page;
use crate::parse::ParsedPage;
use crate::source::{SourceFile, Span};

const PAGE_KEYS: &[&str] = &[
    "kind",
    "title",
    "tags",
    "lint",
    "tasks",
    "milestones",
    "risks",
    "people",
];
const LINT_KEYS: &[&str] = &["allow"];
/// What one page contributes to the plan.
#[derive(Debug, Clone)]
pub struct PageModel {
    pub page: Page,
    pub items: Vec<Item>,
    pub problems: Problems,
}

pub fn model_page(source: &SourceFile, parsed: ParsedPage, config: &Config) -> PageModel {
    let mut problems = Problems::default();
    let mut items = Vec::new();
    let file = parsed.file;
    let stem = page_stem(&source.path);
    let opening = Span::new(file, parsed.opening, parsed.opening + 3);
    let mut page = Page {
        file,
        path: source.path.clone(),
        title: parsed.outline.title().unwrap_or(&stem).to_string(),
        kind: None,
        format: parsed.format,
        opening: parsed.opening,
        body_start: parsed.body_start,
        outline: parsed.outline,
        item: None,
        items: Vec::new(),
        allow: Vec::new(),
        tags: Vec::new(),
        front_matter: None,
        error: parsed.error,
    };
    let Some(front_matter) = parsed.front_matter else {
        return PageModel {
            page,
            items,
            problems,
        };
    };
    // Shared by the page and its page item: big plans must not copy it.
    let front_matter = Arc::new(front_matter);

    let mut reader = FieldReader::new(
        &front_matter,
        format!("page `{}`", source.path),
        &mut problems,
    );
    let kind = reader
        .choice("kind", &["plan", "task", "milestone", "risk", "person"])
        .and_then(|kind| ItemKind::from_name(&kind.value));
    page.allow = read_lint_allow(&mut reader);
    if let Some(title) = reader.string("title") {
        page.title = title.value;
    }
    page.tags = reader
        .strings("tags")
        .into_iter()
        .map(|tag| tag.value)
        .collect();
    if kind.is_none() && !reader.has("kind") {
        reader.reject_unknown(PAGE_KEYS);
    }
    page.kind = kind;

    if let Some(kind) = kind {
        let context = ItemContext {
            source,
            config,
            outline: Some(&page.outline),
        };
        let outline_title = page.outline.title().unwrap_or_default().to_string();
        let item = read_item(
            &context,
            kind,
            Arc::clone(&front_matter),
            opening,
            Some(&stem),
            &outline_title,
            &mut problems,
            true,
        );
        if let Some(mut item) = item {
            item.is_page_item = true;
            page.title = item.title.clone();
            items.push(item);
        }
    }

    for kind in [
        ItemKind::Task,
        ItemKind::Milestone,
        ItemKind::Risk,
        ItemKind::Person,
    ] {
        let Some(list_key) = kind.register_key() else {
            continue;
        };
        let mut reader = FieldReader::new(
            &front_matter,
            format!("page `{}`", source.path),
            &mut problems,
        );
        let Some(entries) = reader.list(list_key) else {
            continue;
        };
        let context = ItemContext {
            source,
            config,
            outline: None,
        };
        for entry in entries {
            let start = Span::new(
                file,
                entry_start(&source.text, entry.span.start),
                entry.span.start,
            );
            if entry.as_map().is_none() {
                problems.invalid(
                    entry.span,
                    format!(
                        "an entry of `{list_key}` in `{}` is {}, not a {}",
                        source.path,
                        entry.type_name(),
                        kind.name()
                    ),
                    format!(
                        "write each entry as a mapping with at least `id`, e.g. `- id: my-{}`",
                        kind.name()
                    ),
                );
                continue;
            }
            if entry.get("id").is_none() {
                problems.invalid(
                    start,
                    format!("an entry of `{list_key}` in `{}` has no `id`", source.path),
                    "add `id: <unique id>` to the entry",
                );
                continue;
            }
            if let Some(item) = read_item(
                &context,
                kind,
                Arc::new(entry.clone()),
                start,
                None,
                "",
                &mut problems,
                false,
            ) {
                items.push(item);
            }
        }
    }
    page.front_matter = Some(front_matter);
    PageModel {
        page,
        items,
        problems,
    }
}
/// The `- ` of a block-list entry whose first key starts at `offset`.
pub(super) fn entry_start(text: &str, offset: usize) -> usize {
    let before = &text[..offset];
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.ends_with('-') {
        trimmed.len() - 1
    } else {
        offset
    }
}
fn page_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}
fn read_lint_allow(reader: &mut FieldReader<'_, '_>) -> Vec<Spanned<String>> {
    let Some(lint) = reader.map("lint") else {
        return Vec::new();
    };
    let what = reader.what.clone();
    let mut lint_reader = FieldReader::new(lint, format!("`lint` of {what}"), reader.problems);
    let allowed = lint_reader.strings("allow");
    lint_reader.reject_unknown(LINT_KEYS);
    allowed
}
