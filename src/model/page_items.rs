//! One parsed page to its items: the page item (when the front matter has a
//! `kind`) and the entries of its register lists. Pure: it reads the parsed
//! page and the config, and returns the items with the problems it saw. The
//! fields of each kind are read in [`super::item_fields`].

use std::sync::Arc;

use super::config::Config;
use super::field_reader::{FieldReader, Problems};
use super::item_fields::{read_item, Declaration, ItemContext};
use super::items::*;
use super::measure_fields::read_page_measure;
use super::Page;
use crate::parse::{MergeMarkers, Node, ParsedPage};
use crate::source::{SourceFile, Span};

pub(super) const PAGE_KEYS: &[&str] = &[
    "kind",
    "title",
    "tags",
    "lint",
    "tasks",
    "milestones",
    "risks",
    "people",
    "measure",
];
pub(super) const LINT_KEYS: &[&str] = &["allow"];
/// What one page contributes to the plan.
#[derive(Debug, Clone)]
pub struct PageModel {
    pub page: Page,
    /// Shared, each made once: a cached model is copied into every build
    /// of `serve` and `lsp`, and a page's one item must not reserve room
    /// for four (an item is about 750 bytes).
    pub items: Vec<Arc<Item>>,
    pub problems: Problems,
    /// Conflict markers a merge left in the page.
    pub merge_markers: Vec<MergeMarkers>,
}

pub fn model_page(source: &SourceFile, parsed: ParsedPage, config: &Config) -> PageModel {
    let stem = page_stem(&source.path);
    let opening = Span::new(parsed.file, parsed.opening, parsed.opening + 3);
    let mut model = PageModel {
        page: Page {
            file: parsed.file,
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
            measure: None,
        },
        items: Vec::new(),
        problems: Problems::default(),
        merge_markers: parsed.merge_markers,
    };
    let Some(front_matter) = parsed.front_matter else {
        return model;
    };
    // Shared by the page and its page item: big plans must not copy it.
    let front_matter = Arc::new(front_matter);
    read_page_fields(&mut model, &front_matter);
    if let Some(kind) = model.page.kind {
        let context = ItemContext {
            source,
            config,
            outline: Some(&model.page.outline),
        };
        let declaration = Declaration {
            kind,
            fields: Arc::clone(&front_matter),
            start: opening,
            default_id: Some(&stem),
            default_title: model.page.outline.title().unwrap_or_default(),
            is_page_item: true,
        };
        if let Some(item) = read_item(&context, declaration, &mut model.problems) {
            model.page.title = item.title.clone();
            model.items.push(Arc::new(Item {
                page: Some(parsed.file),
                ..item
            }));
        }
    }
    let context = ItemContext {
        source,
        config,
        outline: None,
    };
    for kind in [
        ItemKind::Task,
        ItemKind::Milestone,
        ItemKind::Risk,
        ItemKind::Person,
    ] {
        read_register(&context, kind, &front_matter, &mut model);
    }
    model.page.front_matter = Some(front_matter);
    model
}

/// The page's own keys: `kind`, `lint.allow`, `title` and `tags`.
fn read_page_fields(model: &mut PageModel, front_matter: &Node) {
    let what = format!("page `{}`", model.page.path);
    let mut reader = FieldReader::new(front_matter, what, &mut model.problems);
    let kind = reader
        .choice("kind", &["plan", "task", "milestone", "risk", "person"])
        .and_then(|kind| ItemKind::from_name(&kind.value));
    model.page.allow = read_lint_allow(&mut reader);
    if let Some(title) = reader.string("title") {
        model.page.title = title.value;
    }
    model.page.tags = reader
        .strings("tags")
        .into_iter()
        .map(|tag| tag.value)
        .collect();
    if kind.is_none() && !reader.has("kind") {
        reader.reject_unknown(PAGE_KEYS);
        if let Some(measure) = front_matter.get("measure") {
            let path = model.page.path.clone();
            model.page.measure = read_page_measure(measure, &path, &mut model.problems);
        }
    }
    model.page.kind = kind;
}

/// The entries of one register list (`tasks:`, `risks:`...) of a page.
fn read_register(
    context: &ItemContext<'_>,
    kind: ItemKind,
    front_matter: &Node,
    model: &mut PageModel,
) {
    let Some(list_key) = kind.register_key() else {
        return;
    };
    let source = context.source;
    let what = format!("page `{}`", source.path);
    let mut reader = FieldReader::new(front_matter, what, &mut model.problems);
    let Some(entries) = reader.list(list_key) else {
        return;
    };
    for entry in entries {
        let start = Span::new(
            entry.span.file,
            entry_start(&source.text, entry.span.start),
            entry.span.start,
        );
        if entry.as_map().is_none() {
            model.problems.invalid(
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
            model.problems.invalid(
                start,
                format!("an entry of `{list_key}` in `{}` has no `id`", source.path),
                "add `id: <unique id>` to the entry",
            );
            continue;
        }
        let declaration = Declaration {
            kind,
            fields: Arc::new(entry.clone()),
            start,
            default_id: None,
            default_title: "",
            is_page_item: false,
        };
        if let Some(item) = read_item(context, declaration, &mut model.problems) {
            model.items.push(Arc::new(Item {
                page: Some(model.page.file),
                ..item
            }));
        }
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
