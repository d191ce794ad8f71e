//! Who changed which page when, for the site: one walk over the history for
//! all pages at once. Each commit is compared with its parents tree by tree,
//! descending only into folders whose ids differ, so a commit that touches
//! three pages costs three short paths, not the whole plan. Dates are UTC
//! calendar dates so a rebuilt site is byte-identical.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use git2::{Commit, ObjectType, Oid, Repository, Tree};
use serde::Serialize;

use super::sources::plan_subtree;
use super::{GitError, PlanRepo};
use crate::source::PageFilter;
use crate::source::CONFIG_FILE;

/// How much history to keep.
#[derive(Debug, Clone)]
pub struct HistoryOptions {
    /// Latest commits listed per page.
    pub commits_per_page: usize,
    /// Latest commits listed on the "Recent changes" page.
    pub recent_commits: usize,
}

impl Default for HistoryOptions {
    fn default() -> HistoryOptions {
        HistoryOptions {
            commits_per_page: 5,
            recent_commits: 30,
        }
    }
}

/// One commit, as a page footer or the recent-changes list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitSummary {
    /// Full hex id.
    pub id: String,
    /// First 7 hex digits.
    pub short: String,
    /// Author date, UTC.
    pub date: NaiveDate,
    pub author: String,
    /// First line of the message.
    pub subject: String,
}

/// The history of one page (path relative to the plan root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageHistory {
    pub last_changed: NaiveDate,
    pub last_author: String,
    /// Newest first, at most [`HistoryOptions::commits_per_page`].
    pub commits: Vec<CommitSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageChange {
    /// Relative to the plan root; a page or planbook.toml.
    pub path: String,
    pub change: ChangeKind,
}

/// A commit that changed the plan, with the files it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecentCommit {
    #[serde(flatten)]
    pub commit: CommitSummary,
    /// Sorted by path.
    pub pages: Vec<PageChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanHistory {
    /// Pages that exist at HEAD, by path relative to the plan root.
    pub pages: BTreeMap<String, PageHistory>,
    /// Newest first, at most [`HistoryOptions::recent_commits`].
    pub recent: Vec<RecentCommit>,
}

/// Why a build has no history; printed once as a note (the message says
/// why, the caller says what follows).
#[derive(Debug)]
pub enum NoHistory {
    NotARepository,
    Shallow,
    /// HEAD names a branch with no commits yet (a new repository).
    NoCommits {
        branch: Option<String>,
    },
    /// HEAD cannot be read: missing, not a ref, or naming no commit.
    BrokenHead(String),
    /// The plan's repository cannot be opened at all (the whole reason).
    Damaged(String),
    Failed(String),
}

impl fmt::Display for NoHistory {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoHistory::NotARepository => write!(out, "the plan is not in a git repository"),
            NoHistory::Shallow => write!(
                out,
                "the repository is a shallow clone, whose history is incomplete (`git fetch --unshallow` fetches the rest)"
            ),
            NoHistory::NoCommits { branch: None } => {
                write!(out, "the repository has no commits yet")
            }
            NoHistory::NoCommits {
                branch: Some(branch),
            } => write!(
                out,
                "the branch `{branch}` that HEAD names has no commits yet"
            ),
            NoHistory::BrokenHead(message) => write!(
                out,
                "the repository's HEAD (`.git/HEAD`) cannot be read ({message}); `git status` there says more"
            ),
            NoHistory::Damaged(reason) => write!(out, "{reason}"),
            NoHistory::Failed(message) => {
                write!(out, "the git history could not be read ({message})")
            }
        }
    }
}

/// HEAD names a commit; else why there is no history to walk. A new
/// repository's branch has no commit yet; any other failure is damage
/// that must be said, not passed off as "no commits".
fn check_head(repo: &Repository) -> Result<(), NoHistory> {
    match repo.head() {
        Ok(head) if head.peel_to_commit().is_ok() => Ok(()),
        Ok(head) => Err(NoHistory::BrokenHead(format!(
            "`{}` is not a commit",
            head.name().unwrap_or("HEAD")
        ))),
        Err(error) if error.code() == git2::ErrorCode::UnbornBranch => {
            let has_commits = repo
                .references()
                .is_ok_and(|mut references| references.next().is_some());
            let branch = repo
                .find_reference("HEAD")
                .ok()
                .and_then(|head| head.symbolic_target().ok().flatten().map(str::to_string))
                .map(|target| target.trim_start_matches("refs/heads/").to_string());
            Err(NoHistory::NoCommits {
                // Only worth naming when other branches do have commits.
                branch: branch.filter(|_| has_commits),
            })
        }
        Err(error) => Err(NoHistory::BrokenHead(error.message().to_string())),
    }
}

/// Walks the history reachable from HEAD once and attributes every change
/// below the plan root to the pages (and planbook.toml) it touched.
pub fn plan_history(
    root: &Path,
    filter: &PageFilter,
    options: &HistoryOptions,
) -> Result<PlanHistory, NoHistory> {
    let plan_repo = match PlanRepo::open(root) {
        Ok(plan_repo) => plan_repo,
        Err(GitError::NotARepository { .. } | GitError::OutsideWorkTree { .. }) => {
            return Err(NoHistory::NotARepository)
        }
        Err(error @ GitError::Damaged { .. }) => return Err(NoHistory::Damaged(error.to_string())),
        Err(error) => return Err(NoHistory::Failed(error.to_string())),
    };
    let repo = &plan_repo.repo;
    if repo.is_shallow() {
        return Err(NoHistory::Shallow);
    }
    check_head(repo)?;
    walk(repo, &plan_repo.prefix, filter, options)
        .map_err(|error| NoHistory::Failed(error.message().to_string()))
}

fn walk(
    repo: &Repository,
    prefix: &str,
    filter: &PageFilter,
    options: &HistoryOptions,
) -> Result<PlanHistory, git2::Error> {
    let commits = commits_newest_first(repo)?;
    let mut history = PlanHistory::default();
    // Paths whose newest change was a deletion: not on the site any more.
    let mut gone: HashSet<String> = HashSet::new();
    for oid in commits {
        let commit = repo.find_commit(oid)?;
        let changes = commit_changes(repo, &commit, prefix, filter)?;
        if changes.is_empty() {
            continue;
        }
        let summary = summarize(&commit);
        for change in &changes {
            if gone.contains(&change.path) {
                continue;
            }
            match history.pages.get_mut(&change.path) {
                Some(page) => {
                    if page.commits.len() < options.commits_per_page {
                        page.commits.push(summary.clone());
                    }
                }
                None if change.change == ChangeKind::Deleted => {
                    gone.insert(change.path.clone());
                }
                None => {
                    history.pages.insert(
                        change.path.clone(),
                        PageHistory {
                            last_changed: summary.date,
                            last_author: summary.author.clone(),
                            commits: std::iter::once(summary.clone())
                                .take(options.commits_per_page)
                                .collect(),
                        },
                    );
                }
            }
        }
        if history.recent.len() < options.recent_commits {
            history.recent.push(RecentCommit {
                commit: summary,
                pages: changes,
            });
        }
    }
    Ok(history)
}

/// Every commit reachable from HEAD, newest commit time first, ties by id,
/// so the result never depends on how the walk happened to visit them.
fn commits_newest_first(repo: &Repository) -> Result<Vec<Oid>, git2::Error> {
    let mut revwalk = repo.revwalk()?;
    revwalk.push_head()?;
    let mut commits = Vec::new();
    for oid in revwalk {
        let oid = oid?;
        let time = repo.find_commit(oid)?.time().seconds();
        commits.push((time, oid));
    }
    commits.sort_by(|a, b| b.cmp(a));
    Ok(commits.into_iter().map(|(_, oid)| oid).collect())
}

fn summarize(commit: &Commit) -> CommitSummary {
    let id = commit.id().to_string();
    let author = commit.author();
    let date = DateTime::from_timestamp(author.when().seconds(), 0)
        .map(|time| time.date_naive())
        .unwrap_or_default();
    let message = String::from_utf8_lossy(commit.message_bytes());
    CommitSummary {
        short: id[..7.min(id.len())].to_string(),
        id,
        date,
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        subject: message.lines().next().unwrap_or("").trim().to_string(),
    }
}

/// The plan files a commit changed. Compared with its first parent; for a
/// merge, a change that one of the other parents already had is that
/// parent's, not the merge's (as `git log PATH` sees it).
fn commit_changes(
    repo: &Repository,
    commit: &Commit,
    prefix: &str,
    filter: &PageFilter,
) -> Result<Vec<PageChange>, git2::Error> {
    let new = plan_subtree(repo, &commit.tree()?, prefix)?;
    let mut parents = commit.parents();
    let old = match parents.next() {
        Some(parent) => plan_subtree(repo, &parent.tree()?, prefix)?,
        None => None,
    };
    let mut changes = Vec::new();
    diff_trees(repo, old.as_ref(), new.as_ref(), "", filter, &mut changes)?;
    for other in parents {
        let Some(other_tree) = plan_subtree(repo, &other.tree()?, prefix)? else {
            continue;
        };
        changes.retain(|change| {
            let in_merge = blob_at(new.as_ref(), &change.path);
            blob_at(Some(&other_tree), &change.path) != in_merge
        });
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

fn blob_at(tree: Option<&Tree>, path: &str) -> Option<Oid> {
    let entry = tree?.get_path(Path::new(path)).ok()?;
    (entry.kind() == Some(ObjectType::Blob)).then(|| entry.id())
}

/// An entry of a tree, detached from the tree's lifetime.
struct Entry {
    id: Oid,
    is_tree: bool,
}

fn entries(tree: Option<&Tree>) -> HashMap<String, Entry> {
    let Some(tree) = tree else {
        return HashMap::new();
    };
    tree.iter()
        .filter_map(|entry| {
            let kind = entry.kind()?;
            if kind != ObjectType::Tree && kind != ObjectType::Blob {
                return None;
            }
            Some((
                entry.name().ok()?.to_string(),
                Entry {
                    id: entry.id(),
                    is_tree: kind == ObjectType::Tree,
                },
            ))
        })
        .collect()
}

/// Records the plan files that differ between two versions of a folder,
/// skipping identical subtrees by id.
fn diff_trees(
    repo: &Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    folder: &str,
    filter: &PageFilter,
    changes: &mut Vec<PageChange>,
) -> Result<(), git2::Error> {
    if let (Some(old), Some(new)) = (old, new) {
        if old.id() == new.id() {
            return Ok(());
        }
    }
    let old_entries = entries(old);
    let new_entries = entries(new);
    let names: std::collections::BTreeSet<&String> =
        old_entries.keys().chain(new_entries.keys()).collect();
    for name in names {
        let before = old_entries.get(name);
        let after = new_entries.get(name);
        if let (Some(before), Some(after)) = (before, after) {
            if before.id == after.id {
                continue;
            }
        }
        let relative = format!("{folder}{name}");
        let subtree = |entry: Option<&Entry>| -> Result<Option<Tree>, git2::Error> {
            match entry {
                Some(entry) if entry.is_tree => repo.find_tree(entry.id).map(Some),
                _ => Ok(None),
            }
        };
        let has_tree =
            before.is_some_and(|entry| entry.is_tree) || after.is_some_and(|entry| entry.is_tree);
        if has_tree && filter.enters_dir(&relative) {
            let (old_sub, new_sub) = (subtree(before)?, subtree(after)?);
            let nested = format!("{relative}/");
            diff_trees(
                repo,
                old_sub.as_ref(),
                new_sub.as_ref(),
                &nested,
                filter,
                changes,
            )?;
        }
        let is_blob = |entry: Option<&Entry>| entry.is_some_and(|entry| !entry.is_tree);
        let is_plan_file = relative == CONFIG_FILE || filter.is_page(&relative);
        let change = match (is_blob(before), is_blob(after)) {
            (false, true) => ChangeKind::Added,
            (true, false) => ChangeKind::Deleted,
            (true, true) => ChangeKind::Modified,
            (false, false) => continue,
        };
        if is_plan_file {
            changes.push(PageChange {
                path: relative,
                change,
            });
        }
    }
    Ok(())
}
