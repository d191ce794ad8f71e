//! Every place an id is written: the declarations (an `id:` field, a
//! roster key) and the references (`depends_on`, `owner`, `resources`,
//! `milestone`, `affects`, objectives' milestones, communication owners),
//! plus a page's `kind` line standing for its item, and the Markdown links
//! between pages. Definition, references, hover and rename all read this
//! one index, built from the model's spans; it never parses text again.

use std::collections::HashMap;

use crate::model::{ItemId, Plan, Spanned};
use crate::parse::markdown::{relative_link_target, resolve_relative_path};
use crate::source::{FileId, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The written id of an item (`id:` or a `[people]` key).
    Declaration(ItemId),
    /// A page's `kind: ...` line, standing for the page's item.
    KindLine(ItemId),
    /// A use of an id under `key` (`depends_on`, `owner`...).
    Reference(&'static str),
    /// A rule id in `lint.allow` or `[lint]`.
    Rule,
}

#[derive(Debug, Clone)]
pub struct Occurrence {
    pub id: String,
    /// The value as written (with quotes, when quoted).
    pub span: Span,
    pub role: Role,
}

/// A relative Markdown link from one page to another (or to a heading).
#[derive(Debug, Clone)]
pub struct PageLink {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
    /// The page it points at, relative to the root.
    pub target: String,
    pub anchor: Option<String>,
}

#[derive(Debug, Default)]
pub struct IdIndex {
    occurrences: Vec<Occurrence>,
    by_file: HashMap<FileId, Vec<usize>>,
    by_id: HashMap<String, Vec<usize>>,
    links: Vec<PageLink>,
    links_by_file: HashMap<FileId, Vec<usize>>,
    links_by_target: HashMap<String, Vec<usize>>,
}

impl IdIndex {
    pub fn build(plan: &Plan) -> IdIndex {
        let mut index = IdIndex::default();
        for (item_id, item) in plan.items.iter().enumerate() {
            if item.id_span != item.start || item.page.is_none() {
                index.add(&item.id, item.id_span, Role::Declaration(item_id));
            }
            if item.is_page_item {
                if let Some((key, value)) = item.fields.entry("kind") {
                    let span = Span::new(key.span.file, key.span.start, value.span.end);
                    index.add(&item.id, span, Role::KindLine(item_id));
                }
            }
            index.add_references(item);
        }
        for page in &plan.pages {
            for allowed in &page.allow {
                index.add(&allowed.value, allowed.span, Role::Rule);
            }
        }
        for setting in &plan.config.lint_levels {
            index.add(&setting.rule.value, setting.rule.span, Role::Rule);
        }
        index.add_links(plan);
        for positions in index.by_file.values_mut() {
            let occurrences = &index.occurrences;
            positions.sort_by_key(|at| occurrences[*at].span.start);
        }
        index
    }

    fn add(&mut self, id: &str, span: Span, role: Role) {
        let at = self.occurrences.len();
        self.occurrences.push(Occurrence {
            id: id.to_string(),
            span,
            role,
        });
        self.by_file.entry(span.file).or_default().push(at);
        if role != Role::Rule {
            self.by_id.entry(id.to_string()).or_default().push(at);
        }
    }

    fn add_spanned(&mut self, value: &Spanned<String>, key: &'static str) {
        self.add(&value.value, value.span, Role::Reference(key));
    }

    fn add_references(&mut self, item: &crate::model::Item) {
        if let Some(owner) = &item.owner {
            self.add_spanned(owner, "owner");
        }
        for dependency in item.depends_on() {
            self.add_spanned(&dependency.id, "depends_on");
        }
        if let Some(task) = item.as_task() {
            for resource in &task.resources {
                self.add_spanned(&resource.person, "resources");
            }
            if let Some(milestone) = &task.milestone {
                self.add_spanned(milestone, "milestone");
            }
        }
        if let Some(risk) = item.as_risk() {
            for affected in &risk.affects {
                self.add_spanned(affected, "affects");
            }
        }
        if let Some(overview) = item.as_overview() {
            for objective in &overview.objectives {
                if let Some(milestone) = &objective.milestone {
                    self.add_spanned(milestone, "milestone");
                }
            }
            for entry in &overview.communication {
                if let Some(owner) = &entry.owner {
                    self.add_spanned(owner, "owner");
                }
            }
        }
    }

    fn add_links(&mut self, plan: &Plan) {
        for page in &plan.pages {
            // A reference definition is where a reference-style link's
            // destination is written: it links to the page as well.
            let outline = &page.outline;
            for link in outline.links.iter().chain(&outline.link_definitions) {
                let Some((target, anchor)) = relative_link_target(&link.destination) else {
                    continue;
                };
                let target = if target.is_empty() {
                    page.path.clone()
                } else if target.ends_with(".md") {
                    match resolve_relative_path(&page.path, &target) {
                        Some(resolved) => resolved,
                        None => continue,
                    }
                } else {
                    continue;
                };
                let at = self.links.len();
                self.links_by_file.entry(page.file).or_default().push(at);
                self.links_by_target
                    .entry(target.clone())
                    .or_default()
                    .push(at);
                self.links.push(PageLink {
                    file: page.file,
                    start: link.start,
                    end: link.end,
                    target,
                    anchor,
                });
            }
        }
    }

    /// The occurrence under byte `offset` of `file` (its end included, so a
    /// cursor right after a word still finds it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let positions = self.by_file.get(&file)?;
        let after = positions.partition_point(|at| self.occurrences[*at].span.start <= offset);
        positions[..after]
            .iter()
            .rev()
            .map(|at| &self.occurrences[*at])
            .find(|occurrence| occurrence.span.end >= offset)
    }

    /// Every occurrence of `id` (declarations, kind lines and references).
    pub fn of_id(&self, id: &str) -> impl Iterator<Item = &Occurrence> {
        self.by_id
            .get(id)
            .into_iter()
            .flatten()
            .map(|at| &self.occurrences[*at])
    }

    /// The Markdown link under `offset` of `file`.
    pub fn link_at(&self, file: FileId, offset: usize) -> Option<&PageLink> {
        self.links_by_file
            .get(&file)?
            .iter()
            .map(|at| &self.links[*at])
            .find(|link| link.start <= offset && offset < link.end)
    }

    /// Links to the page at `path`.
    pub fn links_to(&self, path: &str) -> impl Iterator<Item = &PageLink> {
        self.links_by_target
            .get(path)
            .into_iter()
            .flatten()
            .map(|at| &self.links[*at])
    }
}

/// The bytes of `span` that spell `id` (inside quotes, when quoted).
pub fn id_bytes(text: &str, span: Span, id: &str) -> Option<Span> {
    let written = text.get(span.start..span.end)?;
    let found = written.find(id)?;
    Some(Span::new(
        span.file,
        span.start + found,
        span.start + found + id.len(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_plan;
    use crate::source::PlanSources;
    use std::path::Path;

    #[test]
    fn finds_declarations_references_and_links() {
        let sources = PlanSources::in_memory(
            Some("[people]\nana = \"Ana\"\n"),
            &[
                (
                    "a.md",
                    "---\nkind: task\nowner: ana\n---\n# A\nSee [b](b.md#b).\n",
                ),
                (
                    "b.md",
                    "---\nkind: task\nid: bee\ndepends_on: [\"a\"]\n---\n# B\n",
                ),
            ],
        );
        let plan = build_plan(Path::new("."), sources);
        let index = IdIndex::build(&plan);
        let uses: Vec<(&str, Role)> = index
            .of_id("a")
            .map(|found| (found.id.as_str(), found.role))
            .collect();
        assert!(matches!(
            uses[..],
            [
                ("a", Role::KindLine(_)),
                ("a", Role::Reference("depends_on"))
            ]
        ));
        let b_text = &plan.files[1].text;
        let quoted = b_text.find("\"a\"").unwrap();
        let found = index.at(1, quoted + 1).unwrap();
        assert_eq!(found.role, Role::Reference("depends_on"));
        let inner = id_bytes(b_text, found.span, "a").unwrap();
        assert_eq!(&b_text[inner.start..inner.end], "a");
        assert!(index
            .of_id("ana")
            .any(|found| matches!(found.role, Role::Declaration(_))));
        let link = index
            .link_at(0, plan.files[0].text.find("[b]").unwrap())
            .unwrap();
        assert_eq!(
            (link.target.as_str(), link.anchor.as_deref()),
            ("b.md", Some("b"))
        );
        assert_eq!(index.links_to("b.md").count(), 1);
    }
}
