//! The model stage: the one in-memory [`Plan`] every later stage reads
//! (schedule, lint, site). Built from source files; never re-reads them.

mod assembly;
mod availability;
pub mod calendar;
pub mod config;
pub mod field_reader;
mod item_fields;
pub mod items;
pub mod keys;
mod measure_fields;
mod measures;
mod overview_fields;
mod page_items;
mod risk_fields;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use assembly::{page_items, PlanAssembly};
pub use calendar::Calendar;
pub use config::{Config, HeadlineSettings, LintSetting};
pub use field_reader::{Problem, Problems, UnknownKey};
pub use items::*;
pub use measures::TrackedMeasure;
pub use risk_fields::scale_levels;

use crate::parse::{
    find_merge_markers, parse_page_with, BodyDetail, BodyOutline, FrontMatterFormat, MergeMarkers,
    Node, PageError,
};
use crate::source::{
    FileId, MergeSide, PageFilter, PlanSources, SourceFile, Span, UnmergedFile, CONFIG_FILE,
};

/// One Markdown page of the plan.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileId,
    /// Relative to the plan root, `/` separators.
    pub path: String,
    pub title: String,
    /// The page item's kind, when the page is an item.
    pub kind: Option<ItemKind>,
    pub format: Option<FrontMatterFormat>,
    pub opening: usize,
    pub body_start: usize,
    pub outline: BodyOutline,
    /// The page item, when the page is one.
    pub item: Option<ItemId>,
    /// Every item the page declares (page item and register entries).
    pub items: Vec<ItemId>,
    /// Rules silenced on this page by `lint: { allow: [...] }`, as written
    /// (the lint stage knows which names are rules).
    pub allow: Vec<Spanned<String>>,
    pub tags: Vec<String>,
    pub front_matter: Option<std::sync::Arc<Node>>,
    pub error: Option<PageError>,
    /// Readings of an objective's measure kept on this page.
    pub measure: Option<MeasurePage>,
}

/// Item index by id. Every stage looks ids up, the schedule once per
/// dependency: a fast hash (seeded per process, so crafted ids cannot
/// make it slow).
pub type ItemIds = HashMap<String, ItemId, foldhash::fast::RandomState>;

/// A whole plan, ready for scheduling, linting and rendering.
#[derive(Debug, Clone)]
pub struct Plan {
    pub root: PathBuf,
    /// Every source file; pages first (sorted by path), then planbook.toml.
    /// Shared with the parse cache of an incremental analysis.
    pub files: Vec<Arc<SourceFile>>,
    pub config: Config,
    pub config_file: Option<FileId>,
    /// A planbook.toml syntax error.
    pub config_error: Option<PageError>,
    pub pages: Vec<Page>,
    /// Shared, so a copy of the plan is cheap: the trends copy the plan
    /// of every point of the history to schedule it.
    pub items: Vec<Arc<Item>>,
    /// Item index by id (the first declaration when ids repeat).
    pub ids: ItemIds,
    pub problems: Problems,
    /// Image files the plan has (relative paths, sorted), which pages may show.
    pub assets: Vec<String>,
    /// Signs of an unfinished merge: files in conflict in the git index,
    /// conflict markers left in a file.
    pub merge_conflicts: Vec<MergeConflict>,
}

/// A sign of an unfinished merge in one file.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeConflict {
    /// The git index holds the file in conflict; the plan holds `read_from`.
    Unmerged { file: FileId, read_from: MergeSide },
    /// Conflict markers in the file's text: the opening (or a stray) marker
    /// line, then the others of the same conflict.
    Markers { first: Span, others: Vec<Span> },
}

impl MergeConflict {
    fn markers(file: FileId, markers: Vec<MergeMarkers>) -> impl Iterator<Item = MergeConflict> {
        let span = move |range: std::ops::Range<usize>| Span::new(file, range.start, range.end);
        markers
            .into_iter()
            .map(move |found| MergeConflict::Markers {
                first: span(found.first),
                others: found.others.into_iter().map(span).collect(),
            })
    }
}

/// planbook.toml, parsed before the pages because it decides which files
/// are pages (exclude, output) and how risks are rated.
pub struct LoadedConfig {
    pub config: Config,
    pub file: Option<SourceFile>,
    pub error: Option<PageError>,
    pub problems: Problems,
    /// Conflict markers a merge left in the file.
    pub merge_markers: Vec<MergeMarkers>,
}

pub fn load_config(bytes: Option<Vec<u8>>, file_id: FileId) -> LoadedConfig {
    let mut loaded = LoadedConfig {
        config: Config::default(),
        file: None,
        error: None,
        problems: Problems::default(),
        merge_markers: Vec::new(),
    };
    let Some(bytes) = bytes else {
        return loaded;
    };
    let file = SourceFile::new(CONFIG_FILE.to_string(), bytes);
    loaded.merge_markers = find_merge_markers(&file.text);
    if let Some(at) = file.invalid_utf8_at {
        loaded.error = Some(PageError {
            message: "planbook.toml is not valid UTF-8".into(),
            help: "save the file as UTF-8".into(),
            at,
        });
    } else {
        match crate::parse::toml::parse_toml(&file.text, file_id, 0) {
            Ok(root) => loaded.config = config::read_config(&root, &mut loaded.problems),
            Err(error) => {
                loaded.error = Some(PageError {
                    message: format!("planbook.toml does not parse: {}", error.message),
                    help: "fix the TOML syntax here (`key = value`, strings in quotes); defaults are used until then".into(),
                    at: error.at,
                })
            }
        }
    }
    loaded.file = Some(file);
    loaded
}

impl Config {
    /// The filter that decides which files are pages.
    pub fn page_filter(&self) -> PageFilter {
        PageFilter::new(&self.exclude, &self.output)
    }

    /// Whether the site publishes an image file a page shows: image types
    /// only, and SVG (which can carry script) only when the plan allows
    /// raw HTML. The site copies by it and `broken-link` checks by it.
    pub fn publishes_image(&self, path: &str) -> bool {
        crate::source::is_image_path(path)
            && (self.raw_html || !path.to_ascii_lowercase().ends_with(".svg"))
    }
}

/// Which files are pages, decided from planbook.toml's bytes as the model
/// reads them (what every source reader is handed).
pub fn page_filter_for(config: Option<&[u8]>) -> PageFilter {
    load_config(config.map(<[u8]>::to_vec), 0)
        .config
        .page_filter()
}

/// Builds the model from raw sources: parse and convert pages in parallel,
/// then index ids and attach the roster.
pub fn build_plan(root: &Path, sources: PlanSources) -> Plan {
    build_plan_cached(root, sources, None)
}

/// [`build_plan`] reading only as much of page bodies as `detail` says:
/// with [`BodyDetail::TitleOnly`], pages know their title but not their
/// headings, links or sections (enough for dates, not for lint or the site).
pub fn build_plan_with(root: &Path, sources: PlanSources, detail: BodyDetail) -> Plan {
    build_plan_from(root, sources.into(), None, detail)
}

/// Parsed pages kept between builds of one plan (`planbook serve`,
/// `planbook lsp`): a page whose text and position did not change is not
/// parsed again. The cache and the plan share the files and the cached
/// models, so keeping it costs no second copy of the text.
#[derive(Debug, Default)]
pub struct ParseCache {
    config: Option<Vec<u8>>,
    pages: Vec<(Arc<SourceFile>, Arc<page_items::PageModel>)>,
}

type CachedPage = (Arc<SourceFile>, Arc<page_items::PageModel>);

impl ParseCache {
    /// The page parsed last time at `file_id`, if it is still the same.
    fn reuse(&self, file_id: FileId, path: &str, bytes: &[u8]) -> Option<CachedPage> {
        let (source, model) = self.pages.get(file_id)?;
        let same = source.path == path
            && source.invalid_utf8_at.is_none()
            && source.text.as_bytes() == bytes;
        same.then(|| (Arc::clone(source), Arc::clone(model)))
    }
}

/// The sources of one build, owned (a fresh read) or borrowed (the text an
/// incremental analysis keeps): only pages that must be parsed again are
/// copied.
#[derive(Debug, Default)]
pub struct BuildSources<'a> {
    pub config: Option<Cow<'a, [u8]>>,
    pub pages: Vec<(Cow<'a, str>, Cow<'a, [u8]>)>,
    pub unreadable: Vec<(String, String)>,
    pub asset_paths: Vec<String>,
    pub unmerged: Vec<UnmergedFile>,
}

impl From<PlanSources> for BuildSources<'static> {
    fn from(sources: PlanSources) -> Self {
        BuildSources {
            config: sources.config.map(Cow::Owned),
            pages: sources
                .pages
                .into_iter()
                .map(|(path, bytes)| (Cow::Owned(path), Cow::Owned(bytes)))
                .collect(),
            unreadable: sources.unreadable,
            asset_paths: sources.asset_paths,
            unmerged: sources.unmerged,
        }
    }
}

/// [`build_plan`], reusing and refreshing `cache` when one is given.
pub fn build_plan_cached(
    root: &Path,
    sources: PlanSources,
    cache: Option<&mut ParseCache>,
) -> Plan {
    build_plan_from(root, sources.into(), cache, BodyDetail::Full)
}

/// [`build_plan_cached`] from owned or borrowed sources, reading as much of
/// page bodies as `detail` says.
pub fn build_plan_from(
    root: &Path,
    sources: BuildSources<'_>,
    mut cache: Option<&mut ParseCache>,
    detail: BodyDetail,
) -> Plan {
    let assets = sources.asset_paths;
    let unmerged = sources.unmerged;
    let mut page_sources = sources.pages;
    let unreadable: HashMap<String, String> = sources.unreadable.into_iter().collect();
    page_sources.extend(
        unreadable
            .keys()
            .map(|path| (Cow::Owned(path.clone()), Cow::Owned(Vec::new()))),
    );
    page_sources.sort_by(|a, b| a.0.cmp(&b.0));
    let config_file_id = page_sources.len();
    // Page models depend on the config (risk scale) and on file ids (spans).
    if let Some(cache) = cache.as_deref_mut() {
        if cache.config.as_deref() != sources.config.as_deref()
            || cache.pages.len() != page_sources.len()
        {
            *cache = ParseCache {
                config: sources.config.as_ref().map(|config| config.to_vec()),
                pages: Vec::new(),
            };
        }
    }
    let loaded = load_config(sources.config.map(Cow::into_owned), config_file_id);
    let config = loaded.config;

    let previous = cache.as_deref();
    let modelled: Vec<CachedPage> = page_sources
        .into_par_iter()
        .enumerate()
        .map(|(file_id, (path, bytes))| {
            let readable = !unreadable.contains_key(path.as_ref());
            if let Some(reused) = previous
                .filter(|_| readable)
                .and_then(|cache| cache.reuse(file_id, &path, &bytes))
            {
                return reused;
            }
            let source = SourceFile::new(path.into_owned(), bytes.into_owned());
            let mut parsed = parse_page_with(file_id, &source, detail);
            if let Some(reason) = unreadable.get(&source.path) {
                parsed.error = Some(PageError {
                    message: format!("the page cannot be read: {reason}"),
                    help: "make the file readable (check its permissions), or remove it".into(),
                    at: 0,
                });
            }
            let model = page_items::model_page(&source, parsed, &config);
            (Arc::new(source), Arc::new(model))
        })
        .collect();
    let keep = cache.is_some();
    if let Some(cache) = cache {
        cache.pages = modelled.clone();
    }

    let mut plan = Plan {
        root: root.to_path_buf(),
        files: Vec::with_capacity(modelled.len() + 1),
        config_file: loaded.file.as_ref().map(|_| config_file_id),
        config_error: loaded.error,
        config,
        pages: Vec::with_capacity(modelled.len()),
        items: Vec::new(),
        ids: ItemIds::default(),
        problems: loaded.problems,
        assets,
        merge_conflicts: Vec::new(),
    };
    for (page_id, (source, model)) in modelled.into_iter().enumerate() {
        // Without a cache the model is the plan's alone: no copy.
        let mut model = if keep {
            page_items::PageModel::clone(&model)
        } else {
            Arc::try_unwrap(model).unwrap_or_else(|shared| (*shared).clone())
        };
        let markers = std::mem::take(&mut model.merge_markers);
        plan.merge_conflicts
            .extend(MergeConflict::markers(page_id, markers));
        // Page ids are file ids: model_page gave each item its page.
        debug_assert_eq!(model.page.file, page_id);
        for item in model.items {
            let item_id = plan.items.len();
            if item.is_page_item {
                model.page.item = Some(item_id);
            }
            model.page.items.push(item_id);
            plan.items.push(item);
        }
        plan.problems.extend(model.problems);
        plan.files.push(source);
        plan.pages.push(model.page);
    }
    if let Some(file) = loaded.file {
        plan.files.push(Arc::new(file));
        plan.merge_conflicts
            .extend(MergeConflict::markers(config_file_id, loaded.merge_markers));
    }
    add_unmerged(&mut plan, &unmerged);
    add_roster(&mut plan);
    report_extra_overviews(&mut plan);
    measures::report_unknown_objectives(&mut plan);
    for (item_id, item) in plan.items.iter().enumerate() {
        plan.ids.entry(item.id.clone()).or_insert(item_id);
    }
    plan
}

/// FORMAT.md allows at most one `kind: plan` page; later ones are reported.
fn report_extra_overviews(plan: &mut Plan) {
    let overviews: Vec<&Page> = plan
        .pages
        .iter()
        .filter(|page| page.kind == Some(ItemKind::Plan))
        .collect();
    let Some(first) = overviews.first() else {
        return;
    };
    let first_path = first.path.clone();
    let spans: Vec<Span> = overviews[1..]
        .iter()
        .filter_map(|page| {
            page.front_matter
                .as_ref()?
                .get("kind")
                .map(|kind| kind.span)
        })
        .collect();
    for span in spans {
        plan.problems.invalid(
            span,
            format!("a second `kind: plan` page: the plan overview is `{first_path}`"),
            "keep one overview page; make this one a note (remove `kind`) or merge it into the overview",
        );
    }
}

/// The files the git index holds in conflict, by the file the plan read.
fn add_unmerged(plan: &mut Plan, unmerged: &[UnmergedFile]) {
    for file in unmerged {
        let file_id = if file.path == CONFIG_FILE {
            plan.config_file
        } else {
            plan.pages
                .binary_search_by(|page| page.path.as_str().cmp(&file.path))
                .ok()
        };
        if let Some(file_id) = file_id {
            plan.merge_conflicts.push(MergeConflict::Unmerged {
                file: file_id,
                read_from: file.read_from,
            });
        }
    }
}

fn add_roster(plan: &mut Plan) {
    for entry in plan.config.people.clone() {
        plan.items.push(Arc::new(Item {
            kind: ItemKind::Person,
            id: entry.key.name.clone(),
            id_span: entry.key.span,
            start: entry.key.span,
            page: None,
            is_page_item: false,
            title: entry.name.clone().unwrap_or_else(|| entry.key.name.clone()),
            owner: None,
            status: ItemKind::Person.statuses()[0].to_string(),
            tags: Vec::new(),
            fields: Arc::new(entry.fields.clone()),
            details: Details::Person(Person {
                name: entry.name,
                role: entry.role,
                email: entry.email,
                availability: entry.availability,
            }),
        }));
    }
}

impl Plan {
    /// A plan with nothing in it, rooted at `root`.
    pub fn empty(root: &Path) -> Plan {
        build_plan(root, PlanSources::default())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.ids.get(id).map(|index| &*self.items[*index])
    }

    pub fn file(&self, span: Span) -> &SourceFile {
        &self.files[span.file]
    }

    /// Ids of every person (roster and person items).
    pub fn people(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .map(|item| &**item)
            .filter(|item| item.kind == ItemKind::Person)
    }

    pub fn tasks(&self) -> impl Iterator<Item = (ItemId, &Item)> {
        self.items
            .iter()
            .map(|item| &**item)
            .enumerate()
            .filter(|(_, item)| item.kind == ItemKind::Task)
    }

    pub fn overview(&self) -> Option<&Item> {
        self.items
            .iter()
            .map(|item| &**item)
            .find(|item| item.kind == ItemKind::Plan)
    }

    /// The page a file id belongs to, if it is a page.
    pub fn page_of_file(&self, file: FileId) -> Option<&Page> {
        self.pages.get(file).filter(|page| page.file == file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_pages_are_reported_on_the_page() {
        let sources = PlanSources {
            pages: vec![("a.md".into(), b"# A\n".to_vec())],
            unreadable: vec![("b.md".into(), "Permission denied".into())],
            ..PlanSources::default()
        };
        let plan = build_plan(Path::new("."), sources);
        assert_eq!(plan.pages.len(), 2);
        assert!(plan.pages[0].error.is_none());
        let error = plan.pages[1].error.as_ref().expect("reported");
        assert!(error.message.contains("Permission denied"), "{error:?}");
    }
}
