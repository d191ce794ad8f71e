//! The one way into a plan: its sources (a folder, the git index or a
//! revision) parsed into the model, scheduled and linted, in that order.
//! Every command, `serve` and `lsp` go through [`Analysis`], so they all
//! see the same plan, the same dates and the same findings.
//!
//! An analysis keeps the sources it was made from and the parsed pages, so
//! [`Analysis::update`] after an edit re-parses only the changed pages and
//! then schedules and lints the whole plan again (plan-wide rules must see
//! every page). It never writes anything.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::baseline::{compare, BaselineComparison};
use crate::git::{read_index_sources, read_tree_sources, GitError};
use crate::lint::{lint_plan, LintReport};
use crate::model::{
    build_plan_from, build_plan_with, page_filter_for, BuildSources, ParseCache, Plan,
};
use crate::parse::BodyDetail;
use crate::schedule::{compute_schedule, Schedule, ScheduleOptions};
use crate::source::{
    read_folder, AssetReader, PageFilter, PlanSources, SourceError, UnmergedFile, CONFIG_FILE,
};

/// What an analysis computes beyond the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalysisOptions {
    /// The status date the schedule is computed for.
    pub today: NaiveDate,
    /// Whether to lint (a baseline or a point in history needs only dates).
    pub lint: bool,
    /// Whether to keep the sources and parsed pages for [`Analysis::update`]
    /// (`serve`, `lsp`). One-shot commands leave it off: keeping them costs
    /// a copy of every page.
    pub incremental: bool,
    /// Level the schedule (`--level`): work waits until its people are
    /// free. `[schedule] level = true` in planbook.toml levels it too.
    pub level: bool,
}

impl AnalysisOptions {
    /// Schedule and lint as of `today`.
    pub fn new(today: NaiveDate) -> AnalysisOptions {
        AnalysisOptions {
            today,
            lint: true,
            incremental: false,
            level: false,
        }
    }

    /// `today` fixed by the caller, else the real date.
    pub fn today_or_now(today: Option<NaiveDate>) -> AnalysisOptions {
        AnalysisOptions::new(crate::today_or(today))
    }
}

/// Where an analysis read its sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The files of the plan folder.
    Folder,
    /// The git index: the plan as it will be committed.
    Index,
    /// The tree of a git revision.
    Revision(String),
    /// Sources handed over in memory (tests, an editor's buffers).
    Memory,
}

/// Why a plan could not be read at all (a bad page is a finding, not this).
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("no plan in {}: {holder} no planbook.toml and no page with front matter (without a ROOT, planbook uses the nearest folder at or above the current one that has a planbook.toml, within the git repository, else the one plan below it); name the plan folder, or start a plan with `planbook init`", folder_words(.root))]
    NotAPlan { root: PathBuf, holder: &'static str },
    #[error("reading the baseline `{reference}` (from {from})")]
    Baseline {
        reference: String,
        from: &'static str,
        #[source]
        error: GitError,
    },
}

/// "`plans`", or for a relative folder "`.` (/home/ana/work)": `.` alone
/// does not say which folder the command looked in.
fn folder_words(root: &Path) -> String {
    match std::path::absolute(root) {
        Ok(absolute) if root.is_relative() => {
            format!("`{}` ({})", root.display(), absolute.display())
        }
        _ => format!("`{}`", root.display()),
    }
}

/// One change to a plan's sources: a page's new bytes (None: it is gone),
/// planbook.toml's, or an image file that appeared or went (its bytes are
/// read when the site needs them; `broken-link` needs only to know it is
/// there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceChange {
    Page {
        path: String,
        bytes: Option<Vec<u8>>,
    },
    Config(Option<Vec<u8>>),
    Asset {
        path: String,
        present: bool,
    },
}

/// A plan read, scheduled and linted.
///
/// An incremental analysis keeps its sources and parsed pages; another one
/// gives its sources to the model, and its first update takes the text
/// back from the model's files (pages that were not valid UTF-8 then read
/// as their replaced text).
pub struct Analysis {
    pub plan: Plan,
    pub schedule: Schedule,
    /// Empty when the options ask for no lint.
    pub report: LintReport,
    origin: Origin,
    options: AnalysisOptions,
    config: Option<Vec<u8>>,
    pages: BTreeMap<String, Vec<u8>>,
    unreadable: BTreeMap<String, String>,
    unmerged: Vec<UnmergedFile>,
    asset_paths: Vec<String>,
    assets: Option<Arc<dyn AssetReader>>,
    cache: ParseCache,
}

impl Analysis {
    /// The plan in folder `root`.
    pub fn open_folder(root: &Path, options: AnalysisOptions) -> Result<Analysis, AnalysisError> {
        let sources = read_folder(root, &page_filter_for)?;
        Analysis::from_sources(root, sources, Origin::Folder, options).refuse_empty("it has")
    }

    /// The plan in `root` as the git index holds it (what the next commit
    /// will be), the working tree ignored.
    pub fn open_index(root: &Path, options: AnalysisOptions) -> Result<Analysis, AnalysisError> {
        let sources = read_index_sources(root, &page_filter_for)?;
        Analysis::from_sources(root, sources, Origin::Index, options)
            .refuse_empty("the git index holds")
    }

    /// A folder with neither planbook.toml nor a page with front matter is
    /// no plan: most likely the wrong folder, which must not pass as a
    /// plan with no findings (or publish an empty site).
    fn refuse_empty(self, holder: &'static str) -> Result<Analysis, AnalysisError> {
        let plan = &self.plan;
        let is_a_plan =
            plan.config_file.is_some() || plan.pages.iter().any(|page| page.format.is_some());
        if is_a_plan {
            Ok(self)
        } else {
            Err(AnalysisError::NotAPlan {
                root: plan.root.clone(),
                holder,
            })
        }
    }

    /// The plan in `root` as committed at `rev`, without a checkout.
    pub fn open_revision(
        root: &Path,
        rev: &str,
        options: AnalysisOptions,
    ) -> Result<Analysis, AnalysisError> {
        let sources = read_tree_sources(root, rev, &page_filter_for)?;
        let origin = Origin::Revision(rev.to_string());
        Ok(Analysis::from_sources(root, sources, origin, options))
    }

    /// A plan from sources read elsewhere (or held in memory).
    pub fn from_sources(
        root: &Path,
        sources: PlanSources,
        origin: Origin,
        options: AnalysisOptions,
    ) -> Analysis {
        let mut analysis = Analysis {
            plan: Plan::empty(root),
            schedule: Schedule::empty(options.today),
            report: LintReport::default(),
            origin,
            options,
            config: None,
            pages: BTreeMap::new(),
            unreadable: BTreeMap::new(),
            unmerged: Vec::new(),
            asset_paths: Vec::new(),
            assets: sources.assets.clone(),
            cache: ParseCache::default(),
        };
        if options.incremental {
            analysis.keep_sources(sources);
            analysis.recompute();
        } else {
            // Small lists, kept so that a later update can rebuild the rest.
            analysis.unreadable = sources.unreadable.iter().cloned().collect();
            analysis.unmerged = sources.unmerged.clone();
            analysis.asset_paths = sources.asset_paths.clone();
            analysis.analyse(sources);
        }
        analysis
    }

    fn keep_sources(&mut self, sources: PlanSources) {
        self.config = sources.config;
        self.pages = sources.pages.into_iter().collect();
        self.unreadable = sources.unreadable.into_iter().collect();
        self.unmerged = sources.unmerged;
        self.asset_paths = sources.asset_paths;
        if sources.assets.is_some() {
            self.assets = sources.assets;
        }
    }

    /// Makes a one-shot analysis incremental, taking its sources back from
    /// the model's files.
    fn become_incremental(&mut self) {
        if self.options.incremental {
            return;
        }
        self.options.incremental = true;
        let config_file = self.plan.config_file;
        self.config = config_file.map(|file| self.plan.files[file].text.clone().into_bytes());
        let unreadable = &self.unreadable;
        self.pages = self
            .plan
            .pages
            .iter()
            .filter(|page| !unreadable.contains_key(&page.path))
            .map(|page| {
                let text = &self.plan.files[page.file].text;
                (page.path.clone(), text.clone().into_bytes())
            })
            .collect();
    }

    /// Applies changes to the sources, then models, schedules and lints the
    /// plan again; unchanged pages are not parsed again.
    pub fn update(&mut self, changes: impl IntoIterator<Item = SourceChange>) {
        self.become_incremental();
        for change in changes {
            match change {
                SourceChange::Config(bytes) => {
                    self.unmerged.retain(|file| file.path != CONFIG_FILE);
                    self.config = bytes;
                }
                SourceChange::Page { path, bytes } => {
                    self.unreadable.remove(&path);
                    self.unmerged.retain(|file| file.path != path);
                    match bytes {
                        Some(bytes) => self.pages.insert(path, bytes),
                        None => self.pages.remove(&path),
                    };
                }
                SourceChange::Asset { path, present } => {
                    // Kept sorted: `read_asset` and the model search it.
                    match (self.asset_paths.binary_search(&path), present) {
                        (Err(at), true) => self.asset_paths.insert(at, path),
                        (Ok(at), false) => {
                            self.asset_paths.remove(at);
                        }
                        _ => {}
                    }
                }
            }
        }
        self.recompute();
    }

    /// The changes that bring the analysis up to date with the files at
    /// `paths` (relative to the root) in the plan folder: a page's bytes
    /// as they are now (None when it is gone, cannot be read, or is no page
    /// under the current settings), or whether an image is there.
    pub fn changes_on_disk(&self, paths: &[String]) -> Vec<SourceChange> {
        let root = self.root();
        let filter = self.page_filter();
        paths
            .iter()
            .map(|path| {
                if filter.is_asset(path) {
                    return SourceChange::Asset {
                        path: path.clone(),
                        present: root.join(path).is_file(),
                    };
                }
                SourceChange::Page {
                    path: path.clone(),
                    bytes: std::fs::read(root.join(path))
                        .ok()
                        .filter(|_| filter.is_page(path)),
                }
            })
            .collect()
    }

    /// Reads the files at `paths` (relative to the root) from the plan
    /// folder again and updates the analysis: a file that is no page (any
    /// more), or cannot be read now (being replaced, or gone), drops out
    /// until its next change; an image is known to be there or not.
    pub fn reread(&mut self, paths: &[String]) {
        let root = self.plan.root.clone();
        // New settings may change which files are pages: read them all.
        if paths.iter().any(|path| path == CONFIG_FILE) {
            if let Ok(sources) = read_folder(&root, &page_filter_for) {
                self.replace_sources(sources);
                return;
            }
        }
        let changes = self.changes_on_disk(paths);
        self.update(changes);
    }

    /// Replaces every source at once (a whole re-read), keeping the parse
    /// cache for pages whose bytes did not change.
    pub fn replace_sources(&mut self, sources: PlanSources) {
        self.become_incremental();
        self.keep_sources(sources);
        self.recompute();
    }

    /// Models, schedules and lints the kept sources again. The kept bytes
    /// are lent to the model: only pages that changed are copied.
    fn recompute(&mut self) {
        let sources = BuildSources {
            config: self.config.as_deref().map(Cow::Borrowed),
            pages: self
                .pages
                .iter()
                .map(|(path, bytes)| {
                    (
                        Cow::Borrowed(path.as_str()),
                        Cow::Borrowed(bytes.as_slice()),
                    )
                })
                .collect(),
            unreadable: self
                .unreadable
                .iter()
                .map(|(path, reason)| (path.clone(), reason.clone()))
                .collect(),
            unmerged: self.unmerged.clone(),
            asset_paths: self.asset_paths.clone(),
        };
        let root = self.plan.root.clone();
        self.plan = build_plan_from(&root, sources, Some(&mut self.cache), BodyDetail::Full);
        self.schedule_and_lint();
    }

    /// Models (without keeping anything for updates), schedules and lints.
    /// Without lint only dates are wanted: page bodies are read for their
    /// titles alone.
    fn analyse(&mut self, sources: PlanSources) {
        let root = self.plan.root.clone();
        let detail = if self.options.lint {
            BodyDetail::Full
        } else {
            BodyDetail::TitleOnly
        };
        self.plan = build_plan_with(&root, sources, detail);
        self.schedule_and_lint();
    }

    fn schedule_and_lint(&mut self) {
        self.schedule = schedule_plan(&self.plan, &self.options);
        self.report = if self.options.lint {
            lint_plan(&self.plan, &self.schedule)
        } else {
            LintReport::default()
        };
    }

    pub fn root(&self) -> &Path {
        &self.plan.root
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn options(&self) -> AnalysisOptions {
        self.options
    }

    pub fn today(&self) -> NaiveDate {
        self.options.today
    }

    /// Which files are pages under the current planbook.toml.
    pub fn page_filter(&self) -> PageFilter {
        self.plan.config.page_filter()
    }

    /// The bytes of a page as analysed, by its path relative to the root.
    pub fn page_bytes(&self, path: &str) -> Option<&[u8]> {
        self.pages.get(path).map(Vec::as_slice)
    }

    /// The bytes of an image file of the plan, read from where the pages
    /// came from (None when the plan has no such file).
    pub fn read_asset(&self, path: &str) -> Option<Vec<u8>> {
        self.asset_paths
            .binary_search_by(|known| known.as_str().cmp(path))
            .ok()?;
        self.assets.as_ref()?.read_asset(path)
    }

    /// The reference a baseline comparison uses: `flag` (from
    /// `--baseline`), else `baseline` in planbook.toml; with where it came from.
    pub fn baseline_reference(&self, flag: Option<&str>) -> Option<(String, &'static str)> {
        match (flag, &self.plan.config.baseline) {
            (Some(reference), _) => Some((reference.to_string(), "--baseline")),
            (None, Some(reference)) => Some((reference.clone(), "`baseline` in planbook.toml")),
            (None, None) => None,
        }
    }

    /// This plan compared with itself as committed at the baseline named by
    /// `flag` or planbook.toml, scheduled with the same `today`; None when
    /// neither names one.
    pub fn compare_with_baseline(
        &self,
        flag: Option<&str>,
    ) -> Result<Option<BaselineComparison>, AnalysisError> {
        let Some((reference, from)) = self.baseline_reference(flag) else {
            return Ok(None);
        };
        let options = AnalysisOptions {
            lint: false,
            incremental: false,
            ..self.options
        };
        let baseline = read_tree_sources(self.root(), &reference, &page_filter_for)
            .map(|sources| {
                let origin = Origin::Revision(reference.clone());
                Analysis::from_sources(self.root(), sources, origin, options)
            })
            .map_err(|error| AnalysisError::Baseline {
                reference: reference.clone(),
                from,
                error,
            })?;
        let mut comparison = compare(
            (&self.plan, &self.schedule),
            (&baseline.plan, &baseline.schedule),
        );
        comparison.reference = Some(reference);
        Ok(Some(comparison))
    }
}

/// How every analysis schedules a plan under its options: the one place
/// that decides it, so a plan assembled for a point in history
/// ([`crate::model::PlanAssembly`]) is scheduled exactly as a plan read whole.
pub fn schedule_plan(plan: &Plan, options: &AnalysisOptions) -> Schedule {
    let schedule = ScheduleOptions {
        today: options.today,
        level: options.level || plan.config.level,
        dates_only: false,
    };
    compute_schedule(plan, schedule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> AnalysisOptions {
        AnalysisOptions::new(NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date"))
    }

    const TASK_A: &str = "---\nkind: task\nowner: ana\nstart: 2026-01-05\nduration: 3d\n---\n# A\n";
    const TASK_B: &str = "---\nkind: task\nowner: ana\nduration: 2d\ndepends_on: [a]\n---\n# B\n";

    #[test]
    fn an_update_reschedules_and_relints_the_whole_plan() {
        let sources = PlanSources::in_memory(
            Some("start = \"2026-01-05\"\n[people]\nana = \"Ana\"\n"),
            &[("a.md", TASK_A), ("b.md", TASK_B)],
        );
        let incremental = AnalysisOptions {
            incremental: true,
            ..options()
        };
        let mut analysis =
            Analysis::from_sources(Path::new("."), sources, Origin::Memory, incremental);
        assert_eq!(analysis.report.diagnostics, []);
        let b = analysis.plan.ids["b"];
        let finish = analysis.schedule.timing(b).expect("scheduled").finish;
        assert_eq!(finish.to_string(), "2026-01-09");

        // Renaming `a` away leaves `b` with an unknown dependency.
        analysis.update([SourceChange::Page {
            path: "a.md".into(),
            bytes: Some(
                TASK_A
                    .replace("kind: task", "kind: task\nid: first")
                    .into_bytes(),
            ),
        }]);
        let rules: Vec<&str> = analysis
            .report
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.rule)
            .collect();
        // `b` no longer waits for `a`, so ana has both at once.
        assert_eq!(rules, ["unknown-dependency", "overallocated"]);
        assert_eq!(analysis.report.diagnostics[0].location.file, "b.md");

        // Removing the page that names it clears the finding again.
        analysis.update([SourceChange::Page {
            path: "b.md".into(),
            bytes: None,
        }]);
        assert_eq!(analysis.report.diagnostics, []);
        assert!(analysis.plan.item("b").is_none());
    }

    #[test]
    fn a_folder_is_reread_after_changes_on_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(CONFIG_FILE), "").expect("write");
        std::fs::write(dir.path().join("a.md"), "# Note\n").expect("write");
        let mut analysis = Analysis::open_folder(dir.path(), options()).expect("opens");
        assert_eq!(analysis.plan.pages.len(), 1);
        std::fs::write(dir.path().join("b.md"), "# Other\n").expect("write");
        std::fs::write(dir.path().join("drafts.md"), "# Draft\n").expect("write");
        analysis.reread(&["b.md".into(), "drafts.md".into()]);
        assert_eq!(analysis.plan.pages.len(), 3);
        // A new planbook.toml excluding a page takes it out.
        std::fs::write(dir.path().join(CONFIG_FILE), "exclude = [\"drafts.md\"]\n").expect("write");
        analysis.reread(&[CONFIG_FILE.into()]);
        let paths: Vec<&str> = analysis
            .plan
            .pages
            .iter()
            .map(|page| page.path.as_str())
            .collect();
        assert_eq!(paths, ["a.md", "b.md"]);
    }

    #[test]
    fn an_image_appearing_on_disk_is_known_after_a_reread() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(CONFIG_FILE), "").expect("write");
        std::fs::write(dir.path().join("a.md"), "# Note\n\n![flow](flow.png)\n").expect("write");
        let mut analysis = Analysis::open_folder(dir.path(), options()).expect("opens");
        let rules = |analysis: &Analysis| -> Vec<&str> {
            analysis
                .report
                .diagnostics
                .iter()
                .map(|diagnostic| diagnostic.rule)
                .collect()
        };
        assert_eq!(rules(&analysis), ["broken-link"]);
        std::fs::write(dir.path().join("flow.png"), b"image").expect("write");
        analysis.reread(&["flow.png".into()]);
        assert_eq!(rules(&analysis), Vec::<&str>::new());
        assert_eq!(
            analysis.read_asset("flow.png").as_deref(),
            Some(&b"image"[..])
        );
        std::fs::remove_file(dir.path().join("flow.png")).expect("remove");
        analysis.reread(&["flow.png".into()]);
        assert_eq!(rules(&analysis), ["broken-link"]);
        assert_eq!(analysis.read_asset("flow.png"), None);
    }

    #[test]
    fn a_folder_with_no_plan_in_it_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("README.md"), "# Notes\n").expect("write");
        let refused = Analysis::open_folder(dir.path(), options());
        assert!(
            matches!(refused, Err(AnalysisError::NotAPlan { .. })),
            "an empty plan passed"
        );
        // One page with front matter makes it a plan (planbook.toml is optional).
        std::fs::write(dir.path().join("a.md"), TASK_A).expect("write");
        assert!(Analysis::open_folder(dir.path(), options()).is_ok());
    }

    #[test]
    fn a_one_shot_analysis_can_still_be_updated() {
        let sources = PlanSources {
            unreadable: vec![("locked.md".into(), "Permission denied".into())],
            ..PlanSources::in_memory(None, &[("a.md", TASK_A), ("b.md", TASK_B)])
        };
        let mut analysis =
            Analysis::from_sources(Path::new("."), sources, Origin::Memory, options());
        analysis.update([SourceChange::Page {
            path: "a.md".into(),
            bytes: Some(TASK_A.replace("3d", "4d").into_bytes()),
        }]);
        let b = analysis.plan.ids["b"];
        let start = analysis.schedule.timing(b).expect("scheduled").start;
        assert_eq!(start.to_string(), "2026-01-09");
        let locked = analysis
            .plan
            .pages
            .iter()
            .find(|page| page.path == "locked.md");
        assert!(locked.and_then(|page| page.error.as_ref()).is_some());
    }

    #[test]
    fn without_lint_there_are_no_findings() {
        let sources = PlanSources::in_memory(None, &[("a.md", "---\nkind: task\n---\n")]);
        let quiet = AnalysisOptions {
            lint: false,
            ..options()
        };
        let analysis = Analysis::from_sources(Path::new("."), sources, Origin::Memory, quiet);
        assert!(analysis.report.diagnostics.is_empty());
        assert!(analysis.plan.item("a").is_some());
    }
}
