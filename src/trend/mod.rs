//! The plan's states over time, from its git history: each point (a commit
//! of HEAD's first-parent line that changed the plan, thinned to weeks and
//! months beyond `[history] points`) is the plan as committed there, scheduled with `today` = the
//! point's date, and recorded as a [`PlanState`]. Plus the field-level
//! changes of the latest commits, and the status report since a ref or
//! date ([`report`]). A driver like `serve`: it reads git and schedules,
//! and never writes anything.
//!
//! Cost: one walk of the history (shared with the page history), one full
//! read of the plan at the first point, then at each later point only the
//! blobs that differ from the point before (found by comparing trees by
//! id) are read and modelled; the other pages' items are kept in a
//! [`PlanAssembly`]. A point costs its changed pages and one schedule.

pub mod output;
pub mod report;
mod report_doc;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use rayon::prelude::*;

use crate::git::{
    select_points, BlobId, ChangeKind, FileChange, GitError, PlanCommit, PlanLog, PlanTrees,
};
use crate::model::{load_config, page_filter_for, page_items, Config, Item, Plan, PlanAssembly};
use crate::schedule::{compute_schedule, ScheduleOptions};
use crate::source::{PageFilter, CONFIG_FILE};
use crate::states::{config_changes, item_changes, CommitChanges, PlanState, PointInfo, Trends};

/// How much of the history the trends keep, and which files the log's
/// changes count as pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendOptions {
    /// `[history] points`.
    pub points: usize,
    /// The latest commits whose field-level changes are kept (Recent changes).
    pub recent_commits: usize,
    /// `exclude` and `output` of the planbook.toml the log was walked with:
    /// while a point's planbook.toml says the same, the log's changes are
    /// that point's changes.
    pub exclude: Vec<String>,
    pub output: String,
}

impl TrendOptions {
    /// The options planbook.toml of the current plan sets.
    pub fn for_config(config: &Config) -> TrendOptions {
        TrendOptions {
            points: config.history_points,
            recent_commits: crate::git::HistoryOptions::default().recent_commits,
            exclude: config.exclude.clone(),
            output: config.output.clone(),
        }
    }
}

/// The trends of the plan whose log is `log`, computed from scratch.
pub fn compute_trends(
    root: &Path,
    log: &PlanLog,
    options: &TrendOptions,
) -> Result<Trends, GitError> {
    let mut walker = TrendWalker::new(root);
    walker.advance(log, options)?;
    Ok(walker.trends)
}

/// The trends, kept up to date as commits land: [`TrendWalker::advance`]
/// with a newer log adds the new points and replaces only those the
/// thinning moved (the newest week's, say), re-reading nothing else.
pub struct TrendWalker {
    assembly: PlanAssembly,
    /// The commit the assembly holds, and its pages by blob.
    at: Option<Oid>,
    pages: BTreeMap<String, BlobId>,
    config: Option<Vec<u8>>,
    /// The commits of the points so far, oldest first.
    point_commits: Vec<Oid>,
    pub trends: Trends,
}

impl TrendWalker {
    pub fn new(root: &Path) -> TrendWalker {
        TrendWalker {
            assembly: PlanAssembly::new(root),
            at: None,
            pages: BTreeMap::new(),
            config: None,
            point_commits: Vec::new(),
            trends: Trends::default(),
        }
    }

    /// Brings the trends up to `log`.
    pub fn advance(&mut self, log: &PlanLog, options: &TrendOptions) -> Result<(), GitError> {
        let oldest_first: Vec<&PlanCommit> = log
            .commits
            .iter()
            .rev()
            .filter(|commit| commit.on_mainline)
            .collect();
        let dates: Vec<_> = oldest_first.iter().map(|commit| commit.committed).collect();
        let selected = select_points(&dates, options.points);
        let points: Vec<&PlanCommit> = selected.iter().map(|index| oldest_first[*index]).collect();
        let kept = self
            .point_commits
            .iter()
            .zip(&points)
            .take_while(|(old, new)| **old == new.oid)
            .count();
        if kept < self.point_commits.len() {
            self.trends.truncate(kept);
            self.point_commits.truncate(kept);
        }
        let trees = PlanTrees::open(log)?;
        let todo: Vec<(&PlanCommit, usize)> = points
            .iter()
            .copied()
            .zip(selected.iter().copied())
            .skip(kept)
            .collect();
        // The assembly moves from point to point in order, but each point's
        // schedule depends only on its own plan: each plan is copied out
        // (its items are shared, so a copy is cheap) and scheduled on the
        // pool while the assembly moves on, so the moving overlaps the
        // scheduling. At most `Queue::LIMIT` copies wait at a time.
        let states: Vec<std::sync::Mutex<Option<PlanState>>> =
            todo.iter().map(|_| std::sync::Mutex::new(None)).collect();
        let queue = Queue::default();
        let moved: Result<(), GitError> = rayon::in_place_scope(|scope| {
            for (slot, (commit, index)) in todo.iter().enumerate() {
                queue.wait_for_room();
                let composed = self.log_changes(&oldest_first, *index, options);
                self.move_to(&trees, commit.oid, composed)?;
                let plan = self.assembly.plan().clone();
                let (states, queue) = (&states, &queue);
                let today = commit.committed;
                queue.add();
                scope.spawn(move |_| {
                    let schedule = compute_schedule(&plan, point_options(&plan, today));
                    let state = PlanState::capture(&plan, &schedule);
                    *lock(&states[slot]) = Some(state);
                    queue.done();
                });
            }
            Ok(())
        });
        moved?;
        for ((commit, _), state) in todo.iter().zip(states) {
            let state = state
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .expect("every point is scheduled when the scope ends");
            self.trends.push(
                PointInfo {
                    date: commit.committed,
                    commit: commit.summary.id.clone(),
                    short: commit.summary.short.clone(),
                    subject: commit.summary.subject.clone(),
                },
                state,
            );
            self.point_commits.push(commit.oid);
        }
        self.trends.finish();
        self.record_recent_changes(&trees, log, options.recent_commits)
    }

    /// The changes from the commit the assembly holds to the log's commit
    /// at `to`, rolled forward from the log when every commit in between
    /// continues the one before it (a linear history, the same page
    /// settings); None when the trees must be compared instead.
    fn log_changes(
        &self,
        oldest_first: &[&PlanCommit],
        to: usize,
        options: &TrendOptions,
    ) -> Option<Vec<FileChange>> {
        let at = self.at?;
        let config = self.assembly.config();
        if config.exclude != options.exclude || config.output != options.output {
            return None;
        }
        let from = oldest_first.iter().position(|commit| commit.oid == at)?;
        let steps = oldest_first.get(from + 1..=to)?;
        let mut tree = oldest_first[from].plan_tree;
        let mut composed: BTreeMap<String, FileChange> = BTreeMap::new();
        for commit in steps {
            if commit.merge || commit.parent_plan_tree != tree {
                return None;
            }
            tree = commit.plan_tree;
            for change in &commit.changes {
                composed
                    .entry(change.change.path.clone())
                    .and_modify(|earlier| earlier.after = change.after)
                    .or_insert_with(|| change.clone());
            }
        }
        Some(
            composed
                .into_values()
                .filter(|change| change.before != change.after)
                .map(|change| file_change(&change.change.path, change.before, change.after))
                .collect(),
        )
    }

    /// Moves the assembly to the plan as committed at `commit`, by the
    /// `changes` from the log when known, else by comparing trees.
    fn move_to(
        &mut self,
        trees: &PlanTrees,
        commit: Oid,
        changes: Option<Vec<FileChange>>,
    ) -> Result<(), GitError> {
        let Some(at) = self.at else {
            let listing = trees.listing(commit, &page_filter_for)?;
            self.config = listing.config.clone();
            self.assembly.set_config(listing.config);
            let pages = model_blobs(trees, listing.pages.clone(), self.assembly.config())?;
            self.assembly.set_pages(
                pages
                    .into_iter()
                    .map(|(path, items)| (path, Some(items)))
                    .collect(),
            );
            self.pages = listing.pages.into_iter().collect();
            self.at = Some(commit);
            return Ok(());
        };
        let changes = match changes {
            Some(changes) => changes,
            None => {
                let filter = self.assembly.config().page_filter();
                trees.changes_between(at, commit, &filter)?
            }
        };
        if changes
            .iter()
            .any(|change| change.change.path == CONFIG_FILE)
        {
            return self.relist(trees, commit);
        }
        self.apply(trees, &changes)?;
        self.at = Some(commit);
        Ok(())
    }

    /// A new planbook.toml may change which files are pages, and how risks
    /// are rated: the whole listing is compared, by blob id.
    fn relist(&mut self, trees: &PlanTrees, commit: Oid) -> Result<(), GitError> {
        let listing = trees.listing(commit, &page_filter_for)?;
        self.config = listing.config.clone();
        let rescaled = self.assembly.set_config(listing.config);
        let new: BTreeMap<String, BlobId> = listing.pages.into_iter().collect();
        let mut changes: Vec<FileChange> = Vec::new();
        for (path, blob) in &self.pages {
            if !new.contains_key(path) {
                changes.push(file_change(path, Some(*blob), None));
            }
        }
        for (path, blob) in &new {
            let old = self.pages.get(path).copied();
            if rescaled || old != Some(*blob) {
                changes.push(file_change(path, old, Some(*blob)));
            }
        }
        self.apply(trees, &changes)?;
        self.at = Some(commit);
        Ok(())
    }

    fn apply(&mut self, trees: &PlanTrees, changes: &[FileChange]) -> Result<(), GitError> {
        let mut pages = BTreeMap::new();
        let mut read = Vec::new();
        for change in changes {
            let path = &change.change.path;
            match change.after {
                None => {
                    pages.insert(path.clone(), None);
                    self.pages.remove(path);
                }
                Some(blob) => {
                    self.pages.insert(path.clone(), blob);
                    read.push((path.clone(), blob));
                }
            }
        }
        for (path, items) in model_blobs(trees, read, self.assembly.config())? {
            pages.insert(path, Some(items));
        }
        self.assembly.set_pages(pages);
        Ok(())
    }

    /// The field-level changes of the latest `count` commits of the log;
    /// commits seen before keep what was found for them.
    fn record_recent_changes(
        &mut self,
        trees: &PlanTrees,
        log: &PlanLog,
        count: usize,
    ) -> Result<(), GitError> {
        let mut known = std::mem::take(&mut self.trends.changes);
        let config = self.assembly.config().clone();
        for commit in log
            .commits
            .iter()
            .filter(|commit| !commit.changes.is_empty())
            .take(count)
        {
            let id = commit.summary.id.clone();
            let changes = match known.remove(&id) {
                Some(changes) => changes,
                None => commit_field_changes(trees, commit, &config)?,
            };
            self.trends.changes.insert(id, changes);
        }
        Ok(())
    }
}

/// The plans copied out and waiting for their schedule: the mover waits
/// while `LIMIT` of them do, which bounds the copies alive.
#[derive(Default)]
struct Queue {
    waiting: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

impl Queue {
    const LIMIT: usize = 8;

    fn add(&self) {
        *lock(&self.waiting) += 1;
    }

    fn done(&self) {
        *lock(&self.waiting) -= 1;
        self.freed.notify_one();
    }

    fn wait_for_room(&self) {
        if rayon::current_thread_index().is_some() {
            // On a pool thread (one pool thread may be all there is): help
            // with the schedules instead of blocking the thread they need.
            while *lock(&self.waiting) >= Queue::LIMIT {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::yield_now();
                }
            }
            return;
        }
        let mut waiting = lock(&self.waiting);
        while *waiting >= Queue::LIMIT {
            waiting = self
                .freed
                .wait(waiting)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }
}

/// A lock that a panicked holder left behind still holds its value.
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A point is scheduled as the plan then said (levelled if its
/// planbook.toml asked for it), as of the point's date; the trends read
/// only dates from it.
fn point_options(plan: &Plan, today: chrono::NaiveDate) -> ScheduleOptions {
    ScheduleOptions {
        today,
        level: plan.config.level,
        dates_only: true,
    }
}

fn file_change(path: &str, before: Option<BlobId>, after: Option<BlobId>) -> FileChange {
    let change = match (before, after) {
        (None, _) => ChangeKind::Added,
        (_, None) => ChangeKind::Deleted,
        _ => ChangeKind::Modified,
    };
    FileChange {
        change: crate::git::PageChange {
            path: path.to_string(),
            change,
        },
        before,
        after,
    }
}

/// A page's path and the items it declares.
type PageItems = (String, Vec<Arc<Item>>);

/// Reads and models pages by blob, in parallel when there are many.
fn model_blobs(
    trees: &PlanTrees,
    blobs: Vec<(String, BlobId)>,
    config: &Config,
) -> Result<Vec<PageItems>, GitError> {
    let pages = trees.blobs(blobs)?;
    Ok(pages
        .into_par_iter()
        .with_min_len(8)
        .map(|(path, bytes)| {
            let items = page_items(&path, bytes, config);
            (path, items)
        })
        .collect())
}

/// What one commit changed, field by field: the items of the pages it
/// touched compared before and after (an item that appears or goes, with
/// its page or within it, is added or removed: one change, not a list of
/// its fields), and planbook.toml key by key.
pub fn commit_field_changes(
    trees: &PlanTrees,
    commit: &PlanCommit,
    config: &Config,
) -> Result<CommitChanges, GitError> {
    let mut fields = Vec::new();
    let items_of = |blob: Option<BlobId>, path: &str| -> Result<Vec<Arc<Item>>, GitError> {
        match blob {
            Some(blob) => Ok(page_items(path, trees.blob(blob)?, config)),
            None => Ok(Vec::new()),
        }
    };
    // All pages at once, so an item moved from one page to another is a
    // change of its fields, not a removal and an addition.
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for change in &commit.changes {
        let path = change.change.path.as_str();
        // A page added or deleted gives its items as added or removed (a
        // change of their kind from or to nothing), one line each.
        if path == CONFIG_FILE {
            let read = |blob: Option<BlobId>| blob.map(|blob| trees.blob(blob)).transpose();
            let (old, new) = (read(change.before)?, read(change.after)?);
            fields.extend(config_changes(old.as_deref(), new.as_deref()));
            continue;
        }
        before.extend(items_of(change.before, path)?);
        after.extend(items_of(change.after, path)?);
    }
    fields.extend(item_changes(&before, &after));
    fields.sort_by(|a, b| (&a.id, &a.field).cmp(&(&b.id, &b.field)));
    Ok(CommitChanges {
        commit: commit.summary.id.clone(),
        fields,
    })
}

/// The page filter and trend options of the plan in `root`, from its
/// planbook.toml as the analysis will read it.
pub fn current_settings(root: &Path) -> (PageFilter, TrendOptions) {
    let bytes = crate::source::read_config_file(root).ok().flatten();
    let config = load_config(bytes, 0).config;
    (config.page_filter(), TrendOptions::for_config(&config))
}

/// Why `planbook trend` has nothing to show.
#[derive(Debug, thiserror::Error)]
pub enum TrendError {
    #[error("the trends read the plan's git history, and {0}")]
    NoHistory(crate::git::NoHistory),
    #[error(transparent)]
    Git(#[from] GitError),
}

/// The trends of the plan in `root` (from `since` on, when given) and the
/// calendar of its current planbook.toml, which counts their drift in
/// working days: what `planbook trend` prints.
pub fn plan_trends(
    root: &Path,
    since: Option<&report::Since>,
) -> Result<(Trends, crate::model::Calendar), TrendError> {
    let (filter, options) = current_settings(root);
    let log = crate::git::read_plan_log(root, &filter).map_err(TrendError::NoHistory)?;
    let mut trends = compute_trends(root, &log, &options)?;
    if let Some(since) = since {
        trends = trends.since(resolve_since(&log, since)?);
    }
    let bytes = crate::source::read_config_file(root).ok().flatten();
    Ok((trends, load_config(bytes, 0).config.calendar))
}

/// The first date a `--since` keeps: a date as given, a revision's
/// committer date.
pub fn resolve_since(log: &PlanLog, since: &report::Since) -> Result<chrono::NaiveDate, GitError> {
    match since {
        report::Since::Date(date) => Ok(*date),
        report::Since::Ref(reference) => {
            let trees = PlanTrees::open(log)?;
            let commit = trees.resolve(reference)?;
            trees.commit_date(commit)
        }
    }
}
