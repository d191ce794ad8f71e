//! The real site behind `planbook serve`: the same [`SiteBuilder`] as
//! `planbook build`, kept in memory and rebuilt incrementally. A changed page
//! re-renders itself, the aggregate pages (home, timeline, risks, people,
//! milestones, findings, search, exports) and the pages of items whose
//! computed dates or links changed with it, not the whole site. The git
//! history (page histories, Recent changes, trends) is read once at start
//! and extended when a commit lands, never walked again per save.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;

use super::{BuildResult, ChangedPath, Findings, PageError, SiteFiles, SiteSource, GIT_HEAD};
use crate::analysis::{Analysis, AnalysisOptions};
use crate::git::{read_plan_log, HistoryOptions, PlanHistory};
use crate::lint::report::{render_report, LintFormat};
use crate::lint::{Diagnostic, LintReport};
use crate::model::{ItemId, ItemKind, Plan};
use crate::schedule::Schedule;
use crate::site::{page_images, Output, SiteBuilder, SiteInputs, Theme};
use crate::states::Trends;
use crate::trend::{current_settings, TrendOptions, TrendWalker};

/// The rule whose finding is shown as the browser overlay.
const OVERLAY_RULE: &str = "invalid-front-matter";

/// What an item looked like in the last build, to see what a change moved:
/// when its dates or its links to other items change, its card (and so its
/// page) must be rendered again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ItemSignature {
    start: Option<NaiveDate>,
    finish: Option<NaiveDate>,
    planned: Option<(NaiveDate, NaiveDate)>,
    slack: i64,
    critical: bool,
    cancelled: bool,
    /// Whom levelling made it wait for (`person:task`).
    waits: Vec<String>,
    /// Dependencies, dependants (`>id`), owner (`@id`) and title lines (`#`).
    links: Vec<String>,
}

pub struct LiveSite {
    root: PathBuf,
    today: Option<NaiveDate>,
    /// Level the schedule (`serve --level`).
    level: bool,
    color: bool,
    theme: Option<Theme>,
    /// The plan as last analysed: a rebuild re-reads and re-parses only
    /// the changed pages.
    analysis: Option<Analysis>,
    /// Site files each Markdown page produced last time (page path -> outputs).
    outputs_by_page: HashMap<String, Vec<String>>,
    /// Items' dates and links last time (item id -> signature).
    signatures: HashMap<String, ItemSignature>,
    /// The findings of the last build (rule, file, message): a rebuild
    /// shows again only those of the changed pages and the new ones.
    known_findings: HashSet<FindingKey>,
    history: GitHistory,
}

/// A finding as far as "was it there before" goes: its place in the file
/// moves with edits above it, so the place is left out.
type FindingKey = (&'static str, String, String);

/// The plan's git history as last read, and where to extend it from.
#[derive(Default)]
struct GitHistory {
    /// The commit HEAD pointed at, and the options the trends were made with.
    seen: Option<(git2::Oid, TrendOptions)>,
    pages: Option<Arc<PlanHistory>>,
    trends: Option<Arc<Trends>>,
    walker: Option<TrendWalker>,
}

impl LiveSite {
    /// `color`: whether the findings text may use terminal colours.
    pub fn new(root: PathBuf, today: Option<NaiveDate>, color: bool) -> LiveSite {
        LiveSite {
            root,
            today,
            level: false,
            color,
            theme: None,
            analysis: None,
            outputs_by_page: HashMap::new(),
            signatures: HashMap::new(),
            known_findings: HashSet::new(),
            history: GitHistory::default(),
        }
    }

    /// Levels the schedule of every build (`serve --level`).
    pub fn with_level(mut self, level: bool) -> LiveSite {
        self.level = level;
        self
    }

    /// Reads the history when HEAD (or the trend settings) moved since the
    /// last time: new points are added to the trends, nothing is re-read.
    /// A plan outside git (or a shallow clone) simply has no history.
    fn refresh_history(&mut self) {
        let (filter, options) = current_settings(&self.root);
        let Ok(log) = read_plan_log(&self.root, &filter) else {
            self.history = GitHistory::default();
            return;
        };
        let seen = Some((log.head, options.clone()));
        if self.history.seen == seen {
            return;
        }
        let same_options = self
            .history
            .seen
            .as_ref()
            .is_some_and(|(_, old)| *old == options);
        if !same_options {
            self.history.walker = None;
        }
        let walker = self
            .history
            .walker
            .get_or_insert_with(|| TrendWalker::new(&self.root));
        self.history.trends = match walker.advance(&log, &options) {
            Ok(()) => Some(Arc::new(walker.trends.clone())),
            Err(_) => None,
        };
        self.history.pages = Some(Arc::new(PlanHistory::from_log(
            &log,
            &HistoryOptions::default(),
        )));
        self.history.seen = seen;
    }

    /// A fresh analysis of the whole folder (`today` re-read each time, so
    /// a server left running over midnight moves on with the calendar).
    fn analyse_all(&mut self) -> anyhow::Result<&Analysis> {
        let options = AnalysisOptions {
            incremental: true,
            level: self.level,
            ..AnalysisOptions::today_or_now(self.today)
        };
        let analysis = Analysis::open_folder(&self.root, options)
            .with_context(|| format!("reading the plan in `{}`", self.root.display()))?;
        Ok(self.analysis.insert(analysis))
    }

    /// Renders the pages `pages` (by path) and everything that reads the
    /// whole plan; remembers what each page produced.
    fn render(&mut self, pages: &BTreeSet<String>) -> anyhow::Result<BTreeMap<String, Vec<u8>>> {
        let theme = self
            .theme
            .as_ref()
            .context("the theme is loaded before rendering")?;
        let analysis = self
            .analysis
            .as_ref()
            .context("the plan is read before rendering")?;
        let inputs = SiteInputs {
            history: self.history.pages.clone(),
            baseline: None,
            trends: self.history.trends.clone(),
        };
        let builder = SiteBuilder::new(analysis, theme, inputs);
        let mut files = BTreeMap::new();
        let add = |outputs: Vec<Output>, files: &mut BTreeMap<String, Vec<u8>>| -> Vec<String> {
            outputs
                .into_iter()
                .map(|output| {
                    let path = output.path.clone();
                    files.insert(output.path, output.bytes);
                    path
                })
                .collect()
        };
        for (page_id, page) in analysis.plan.pages.iter().enumerate() {
            if pages.contains(&page.path) {
                let produced = add(builder.render_page(page_id)?, &mut files);
                self.outputs_by_page.insert(page.path.clone(), produced);
            }
        }
        let (roster, aggregates) = rayon::join(
            || builder.render_roster_items(),
            || builder.render_aggregates(),
        );
        add(roster?, &mut files);
        add(aggregates?, &mut files);
        if pages.len() == analysis.plan.pages.len() {
            add(page_images(&builder), &mut files);
        }
        self.signatures = signatures(&analysis.plan, &analysis.schedule);
        Ok(files)
    }
}

impl SiteSource for LiveSite {
    fn build_all(&mut self) -> anyhow::Result<BuildResult> {
        self.refresh_history();
        let analysis = self.analyse_all()?;
        let theme_name = analysis.plan.config.theme.clone();
        let every_page: BTreeSet<String> = analysis
            .plan
            .pages
            .iter()
            .map(|page| page.path.clone())
            .collect();
        let theme = Theme::load(&self.root, &theme_name).context("loading the theme")?;
        self.theme = Some(theme);
        self.outputs_by_page.clear();
        let files = self.render(&every_page)?;
        let analysis = self.analysis.as_ref().context("analysed above")?;
        let findings = &mut self.known_findings;
        Ok(BuildResult {
            files: SiteFiles::Full(files),
            findings: findings_to_show(findings, self.color, analysis, None),
            page_error: overlay_error(&analysis.report, &[]),
        })
    }

    fn rebuild(&mut self, changed: &[ChangedPath]) -> anyhow::Result<BuildResult> {
        // planbook.toml, templates, themes and whole folders can change any
        // page; so does a commit (every page's history block).
        if changed
            .iter()
            .any(|change| !change.path.ends_with(".md") || change.path == GIT_HEAD)
            || self.analysis.is_none()
        {
            return self.build_all();
        }
        let analysis = self.analysis.as_mut().context("analysed before")?;
        let paths: Vec<String> = changed.iter().map(|change| change.path.clone()).collect();
        analysis.reread(&paths);
        let mut pages: BTreeSet<String> = paths.iter().cloned().collect();
        pages.extend(pages_of_moved_items(
            &analysis.plan,
            &analysis.schedule,
            &self.signatures,
        ));
        let written = self.render(&pages)?;
        let analysis = self.analysis.as_ref().context("analysed before")?;
        let mut removed = Vec::new();
        for change in changed {
            if analysis
                .plan
                .pages
                .iter()
                .all(|page| page.path != change.path)
            {
                removed.extend(
                    self.outputs_by_page
                        .remove(&change.path)
                        .unwrap_or_default(),
                );
            }
        }
        let findings = &mut self.known_findings;
        Ok(BuildResult {
            files: SiteFiles::Delta { written, removed },
            findings: findings_to_show(findings, self.color, analysis, Some(changed)),
            page_error: overlay_error(&analysis.report, changed),
        })
    }
}

/// The findings to print: all of them after a full build (`changed`
/// None); after a rebuild, those in the changed pages and those that
/// were not there before, so a save in a big plan shows what it did.
fn findings_to_show(
    known: &mut HashSet<FindingKey>,
    color: bool,
    analysis: &Analysis,
    changed: Option<&[ChangedPath]>,
) -> Findings {
    let (plan, report) = (&analysis.plan, &analysis.report);
    let key = |diagnostic: &Diagnostic| -> FindingKey {
        (
            diagnostic.rule,
            diagnostic.location.file.clone(),
            diagnostic.message.clone(),
        )
    };
    let shown: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| {
            changed.is_none_or(|changed| {
                changed
                    .iter()
                    .any(|change| change.path == diagnostic.location.file)
                    || !known.contains(&key(diagnostic))
            })
        })
        .cloned()
        .collect();
    *known = report.diagnostics.iter().map(key).collect();
    let unchanged = report.diagnostics.len() - shown.len();
    let mut text = String::new();
    if !shown.is_empty() {
        let shown = LintReport {
            diagnostics: shown,
            ..LintReport::default()
        };
        text = render_report(plan, &shown, LintFormat::Human, color);
        // The report ends with its own count line; serve prints its own.
        let body_end = text.trim_end().rfind('\n').unwrap_or(0);
        text.truncate(body_end);
    }
    Findings {
        errors: report.errors,
        warnings: report.warnings,
        text,
        unchanged,
    }
}

fn signatures(plan: &Plan, schedule: &Schedule) -> HashMap<String, ItemSignature> {
    plan.items
        .iter()
        .enumerate()
        .map(|(index, item)| (item.id.clone(), signature(plan, schedule, index)))
        .collect()
}

fn signature(plan: &Plan, schedule: &Schedule, item: ItemId) -> ItemSignature {
    let timing = schedule.timing(item);
    let mut links: Vec<String> = schedule.graph.predecessors[item]
        .iter()
        .map(|edge| plan.items[edge.from].id.clone())
        .chain(
            schedule.graph.successors[item]
                .iter()
                .map(|edge| format!(">{}", plan.items[edge.to].id)),
        )
        .collect();
    links.extend(
        plan.items[item]
            .owner
            .iter()
            .map(|owner| format!("@{}", owner.value)),
    );
    links.extend(
        plan.items[item]
            .title
            .lines()
            .map(|title| format!("#{title}")),
    );
    links.sort();
    ItemSignature {
        start: timing.map(|timing| timing.start),
        finish: timing.map(|timing| timing.finish),
        planned: timing.map(|timing| (timing.planned_start, timing.planned_finish)),
        slack: timing.map_or(0, |timing| timing.slack),
        critical: timing.is_some_and(|timing| timing.critical),
        cancelled: timing.is_some_and(|timing| timing.cancelled),
        waits: timing
            .iter()
            .flat_map(|timing| &timing.delayed_by)
            .map(|delay| {
                let task = delay.task.map_or("", |task| plan.items[task].id.as_str());
                format!("{}:{task}", delay.person)
            })
            .collect(),
        links,
    }
}

/// Pages that declare an item whose dates or links differ from the last
/// build, or that link to such an item (its dependencies, dependents,
/// owner). When anything moved, every person page too: their load charts
/// share one scale.
fn pages_of_moved_items(
    plan: &Plan,
    schedule: &Schedule,
    previous: &HashMap<String, ItemSignature>,
) -> BTreeSet<String> {
    let mut moved: BTreeSet<ItemId> = BTreeSet::new();
    for (index, item) in plan.items.iter().enumerate() {
        if previous.get(&item.id) != Some(&signature(plan, schedule, index)) {
            moved.insert(index);
            moved.extend(
                schedule.graph.predecessors[index]
                    .iter()
                    .map(|edge| edge.from),
            );
            moved.extend(schedule.graph.successors[index].iter().map(|edge| edge.to));
            if let Some(owner) = plan.items[index]
                .owner
                .as_ref()
                .and_then(|owner| plan.ids.get(&owner.value))
            {
                moved.insert(*owner);
            }
        }
    }
    if !moved.is_empty() {
        moved.extend(
            plan.items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.kind == ItemKind::Person)
                .map(|(index, _)| index),
        );
    }
    moved
        .into_iter()
        .filter_map(|item| plan.items[item].page)
        .map(|page| plan.pages[page].path.clone())
        .collect()
}

/// The first broken front matter of the plan, preferring a changed page: the
/// site is not right until every page parses.
fn overlay_error(report: &LintReport, changed: &[ChangedPath]) -> Option<PageError> {
    let broken = || {
        report
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.rule == OVERLAY_RULE)
    };
    let diagnostic = broken()
        .find(|diagnostic| {
            changed
                .iter()
                .any(|change| change.path == diagnostic.location.file)
        })
        .or_else(|| broken().next())?;
    Some(PageError {
        file: diagnostic.location.file.clone(),
        line: diagnostic.location.line,
        column: diagnostic.location.column,
        message: format!("{}\nhelp: {}", diagnostic.message, diagnostic.help),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::ChangeKind;

    fn task(extra: &str) -> String {
        format!("---\nkind: task\nowner: a\nduration: 2d\n{extra}---\n# Task\n")
    }

    /// Writes `text` to `path` under `root`, making its folders.
    fn write_file(root: &std::path::Path, path: &str, text: &str) {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    fn written(result: &BuildResult) -> Vec<String> {
        match &result.files {
            SiteFiles::Delta { written, .. } => written.keys().cloned().collect(),
            SiteFiles::Full(_) => panic!("expected a delta"),
        }
    }

    #[test]
    fn a_rebuild_shows_the_findings_of_changed_pages_and_new_ones_only() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| write_file(dir.path(), path, text);
        write(
            "planbook.toml",
            "start = \"2026-03-02\"\n[people]\na = \"A\"\n",
        );
        // Each page has a finding of its own: an owner nobody knows.
        write(
            "tasks/first.md",
            &task("").replace("owner: a", "owner: zed"),
        );
        write(
            "tasks/second.md",
            &task("depends_on: [first]\n").replace("owner: a", "owner: yan"),
        );
        let mut site = LiveSite::new(
            dir.path().to_path_buf(),
            NaiveDate::from_ymd_opt(2026, 3, 2),
            false,
        );
        let built = site.build_all().unwrap().findings;
        assert!(
            built.text.contains("`zed`") && built.text.contains("`yan`"),
            "{}",
            built.text
        );
        assert_eq!(built.unchanged, 0);

        // A save of the first page: its finding again, not the other page's.
        let change = [ChangedPath {
            path: "tasks/first.md".into(),
            kind: ChangeKind::Modified,
        }];
        write(
            "tasks/first.md",
            &format!(
                "{}More words.\n",
                task("").replace("owner: a", "owner: zed")
            ),
        );
        let rebuilt = site.rebuild(&change).unwrap().findings;
        assert!(rebuilt.text.contains("`zed`"), "{}", rebuilt.text);
        assert!(!rebuilt.text.contains("`yan`"), "{}", rebuilt.text);
        assert_eq!(rebuilt.unchanged, 1);
        assert_eq!(
            rebuilt.warnings + rebuilt.errors,
            built.warnings + built.errors
        );

        // Renaming the first page's id breaks the second page's dependency:
        // a new finding in a page that did not change is shown.
        write(
            "tasks/first.md",
            &task("id: start\n").replace("owner: a", "owner: zed"),
        );
        let rebuilt = site.rebuild(&change).unwrap().findings;
        assert!(rebuilt.text.contains("`first`"), "{}", rebuilt.text);
        assert!(rebuilt.text.contains("`zed`"), "{}", rebuilt.text);
        assert!(!rebuilt.text.contains("`yan`"), "{}", rebuilt.text);
        assert_eq!(rebuilt.unchanged, 1);
    }

    #[test]
    fn a_change_re_renders_its_page_its_dependents_and_the_aggregates_only() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| write_file(dir.path(), path, text);
        write("planbook.toml", "start = \"2026-03-02\"\n");
        write("tasks/first.md", &task("start: 2026-03-02\n"));
        write("tasks/second.md", &task("depends_on: [first]\n"));
        // The longest task: the plan's finish (and so every slack) stays put.
        write(
            "tasks/apart.md",
            &task("start: 2026-03-02\n").replace("2d", "20d"),
        );
        let today = NaiveDate::from_ymd_opt(2026, 3, 2);
        let mut site = LiveSite::new(dir.path().to_path_buf(), today, false);
        site.build_all().unwrap();

        // Only the body changes: no dates move, so only the page itself.
        write(
            "tasks/first.md",
            &format!("{}More words.\n", task("start: 2026-03-02\n")),
        );
        let change = [ChangedPath {
            path: "tasks/first.md".into(),
            kind: ChangeKind::Modified,
        }];
        let files = written(&site.rebuild(&change).unwrap());
        assert!(
            files.contains(&"pages/tasks/first.html".to_string()),
            "{files:?}"
        );
        assert!(files.contains(&"timeline.html".to_string()));
        assert!(
            !files.contains(&"pages/tasks/second.html".to_string()),
            "{files:?}"
        );
        assert!(
            !files.contains(&"pages/tasks/apart.html".to_string()),
            "{files:?}"
        );

        // The duration grows: the dependent's dates move, so its page too.
        write(
            "tasks/first.md",
            &task("start: 2026-03-02\n").replace("2d", "5d"),
        );
        let files = written(&site.rebuild(&change).unwrap());
        assert!(
            files.contains(&"pages/tasks/second.html".to_string()),
            "{files:?}"
        );
        assert!(
            !files.contains(&"pages/tasks/apart.html".to_string()),
            "{files:?}"
        );
    }

    #[test]
    fn a_deleted_page_removes_its_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("planbook.toml"), "").unwrap();
        std::fs::write(dir.path().join("note.md"), "# Note\n").unwrap();
        let mut site = LiveSite::new(dir.path().to_path_buf(), None, false);
        site.build_all().unwrap();
        std::fs::remove_file(dir.path().join("note.md")).unwrap();
        let change = [ChangedPath {
            path: "note.md".into(),
            kind: ChangeKind::Removed,
        }];
        match site.rebuild(&change).unwrap().files {
            SiteFiles::Delta { removed, .. } => assert_eq!(removed, ["pages/note.html"]),
            SiteFiles::Full(_) => panic!("expected a delta"),
        }
    }

    /// Commits everything in `dir` at day `day` of January 2026.
    fn commit_all(dir: &std::path::Path, message: &str, day: i64) {
        let repo = git2::Repository::open(dir)
            .or_else(|_| git2::Repository::init(dir))
            .unwrap();
        let mut index = repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let time = git2::Time::new(1_767_225_600 + day * 86_400, 0);
        let signature = git2::Signature::new("Ana", "ana@example.com", &time).unwrap();
        let parent = repo.head().ok().and_then(|head| head.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )
        .unwrap();
    }

    fn file(result: &BuildResult, path: &str) -> String {
        let files = match &result.files {
            SiteFiles::Full(files) => files,
            SiteFiles::Delta { written, .. } => written,
        };
        String::from_utf8_lossy(files.get(path).expect("written")).into_owned()
    }

    #[test]
    fn trends_and_history_follow_the_commits_that_land() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| write_file(dir.path(), path, text);
        write("planbook.toml", "start = \"2026-01-05\"\n");
        write("tasks/first.md", &task("start: 2026-01-05\n"));
        write(
            "beta.md",
            "---\nkind: milestone\ndepends_on: [first]\n---\n# Beta\n",
        );
        commit_all(dir.path(), "Start", 0);
        let today = NaiveDate::from_ymd_opt(2026, 1, 10);
        let mut site = LiveSite::new(dir.path().to_path_buf(), today, false);
        let first = site.build_all().unwrap();
        let markers = |html: &str| html.matches("class=\"marker\"").count();
        assert_eq!(markers(&file(&first, "trends.html")), 1);
        assert!(file(&first, "changes.html").contains("Start"));

        // Saving alone is no new point; the commit is.
        write(
            "tasks/first.md",
            &task("start: 2026-01-05\n").replace("2d", "4d"),
        );
        commit_all(dir.path(), "First takes longer", 2);
        let change = [ChangedPath {
            path: GIT_HEAD.into(),
            kind: ChangeKind::Modified,
        }];
        let after = site.rebuild(&change).unwrap();
        let trends = file(&after, "trends.html");
        assert_eq!(markers(&trends), 2, "one more point");
        // Beta after two days of work (Tue 6), then after four (Thu 8).
        assert!(trends.contains("forecast 2026-01-06") && trends.contains("forecast 2026-01-08"));
        let changes = file(&after, "changes.html");
        assert!(changes.contains("duration 2d → 4d"), "{changes}");
    }
}
