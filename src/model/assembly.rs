//! A plan assembled from the items of its pages, modelled one page at a
//! time: the plan's states over time are built this way, replacing only
//! the pages that changed between two commits instead of modelling the
//! whole plan again. An assembled [`Plan`] has the items, ids, config and
//! roster of a plan and nothing else: no files, no pages, no problems, and
//! spans that point nowhere. It can be scheduled; it must never be linted
//! or rendered.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::page_items::model_page;
use super::{add_roster, load_config, Item, Plan};
use crate::parse::parse_page;
use crate::source::SourceFile;

/// The items a page's bytes declare, read under `config`. Spans in them
/// name file 0: they are for comparing and scheduling, not for findings.
/// The items belong to no page of a plan.
pub fn page_items(path: &str, bytes: Vec<u8>, config: &super::Config) -> Vec<Arc<Item>> {
    let source = SourceFile::new(path.to_string(), bytes);
    let parsed = parse_page(0, &source);
    let mut items = model_page(&source, parsed, config).items;
    for item in &mut items {
        // Just made, so not shared: this changes the item in place.
        Arc::make_mut(item).page = None;
    }
    items
}

/// A plan kept up to date page by page.
pub struct PlanAssembly {
    plan: Plan,
    /// Each page's items in `plan.items`: (first index, count), by path.
    ranges: BTreeMap<String, (usize, usize)>,
    /// Where the roster's items start (after every page's items).
    roster_start: usize,
    ids_stale: bool,
}

impl PlanAssembly {
    pub fn new(root: &Path) -> PlanAssembly {
        PlanAssembly {
            plan: Plan::empty(root),
            ranges: BTreeMap::new(),
            roster_start: 0,
            ids_stale: false,
        }
    }

    /// planbook.toml's bytes. Returns true when the pages must be modelled
    /// again because the risk scale, which their ratings are read on,
    /// changed.
    pub fn set_config(&mut self, bytes: Option<Vec<u8>>) -> bool {
        let config = load_config(bytes, 0).config;
        let rescaled = config.risk_scale != self.plan.config.risk_scale;
        self.plan.config = config;
        self.plan.items.truncate(self.roster_start);
        add_roster(&mut self.plan);
        self.ids_stale = true;
        rescaled
    }

    /// The config the pages are read under.
    pub fn config(&self) -> &super::Config {
        &self.plan.config
    }

    /// Replaces the items of the page at `path` (None: the page is gone).
    pub fn set_page(&mut self, path: &str, items: Option<Vec<Arc<Item>>>) {
        self.set_pages(BTreeMap::from([(path.to_string(), items)]));
    }

    /// Replaces the items of several pages (None: the page is gone) in one
    /// pass over the plan's items, however many pages change.
    pub fn set_pages(&mut self, mut changes: BTreeMap<String, Option<Vec<Arc<Item>>>>) {
        if changes.is_empty() {
            return;
        }
        for path in changes.keys() {
            if !self.ranges.contains_key(path) {
                self.ranges.insert(path.clone(), (0, 0));
            }
        }
        let mut old = std::mem::take(&mut self.plan.items).into_iter();
        let mut items = Vec::with_capacity(old.len());
        let mut gone = Vec::new();
        for (path, range) in self.ranges.iter_mut() {
            let start = items.len();
            match changes.remove(path) {
                Some(new) => {
                    old.by_ref().take(range.1).for_each(drop);
                    match new {
                        Some(new) => items.extend(new),
                        None => gone.push(path.clone()),
                    }
                }
                None => items.extend(old.by_ref().take(range.1)),
            }
            *range = (start, items.len() - start);
        }
        for path in gone {
            self.ranges.remove(&path);
        }
        self.roster_start = items.len();
        items.extend(old);
        self.plan.items = items;
        self.ids_stale = true;
    }

    /// The assembled plan, ids indexed (the first declaration of an id wins,
    /// as in a plan read whole).
    pub fn plan(&mut self) -> &Plan {
        if self.ids_stale {
            let plan = &mut self.plan;
            plan.ids.clear();
            for (index, item) in plan.items.iter().enumerate() {
                plan.ids.entry(item.id.clone()).or_insert(index);
            }
            self.ids_stale = false;
        }
        &self.plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_plan;
    use crate::source::PlanSources;

    const CONFIG: &str = "[people]\nana = \"Ana\"\n";

    fn task(id: &str) -> String {
        format!("---\nkind: task\nid: {id}\nowner: ana\nduration: 2d\n---\n")
    }

    fn ids(plan: &Plan) -> Vec<&str> {
        plan.items.iter().map(|item| item.id.as_str()).collect()
    }

    #[test]
    fn pages_replaced_one_at_a_time_give_the_items_of_the_whole_plan() {
        let mut assembly = PlanAssembly::new(Path::new("."));
        assert!(!assembly.set_config(Some(CONFIG.as_bytes().to_vec())));
        let config = assembly.config().clone();
        let add = |assembly: &mut PlanAssembly, path: &str, text: &str| {
            let items = page_items(path, text.as_bytes().to_vec(), &config);
            assembly.set_page(path, Some(items));
        };
        add(&mut assembly, "b.md", &task("b"));
        add(&mut assembly, "d.md", &task("d"));
        add(&mut assembly, "a.md", "# A note\n");
        add(&mut assembly, "c.md", &task("c"));
        add(&mut assembly, "a.md", &task("a"));
        assert_eq!(ids(assembly.plan()), ["a", "b", "c", "d", "ana"]);
        assembly.set_page("b.md", None);
        add(
            &mut assembly,
            "c.md",
            "---\nkind: task\nid: c\ntasks:\n  - id: c2\n---\n",
        );
        assert_eq!(ids(assembly.plan()), ["a", "c", "c2", "d", "ana"]);
        assert_eq!(assembly.plan().ids["d"], 3);

        // The same as the plan read whole.
        let whole = build_plan(
            Path::new("."),
            PlanSources::in_memory(
                Some(CONFIG),
                &[
                    ("a.md", &task("a")),
                    ("c.md", "---\nkind: task\nid: c\ntasks:\n  - id: c2\n---\n"),
                    ("d.md", &task("d")),
                ],
            ),
        );
        assert_eq!(ids(assembly.plan()), ids(&whole));

        // A new scale asks for the pages to be read again.
        assert!(assembly.set_config(Some(b"[risk]\nscale = 5\n".to_vec())));
        assert_eq!(ids(assembly.plan()), ["a", "c", "c2", "d"]);
    }
}
