//! The plan's log: every commit reachable from HEAD that changed the plan
//! (a page or planbook.toml), with the files it changed and their blob ids
//! before and after, read in one walk. Page histories, Recent changes and
//! the plan's states over time are all derived from this one walk, so a
//! build never walks the history twice. Each commit is compared with its
//! parents tree by tree, descending only into folders whose ids differ, so
//! a commit that touches three pages costs three short paths, not the
//! whole plan. Never writes to the repository.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use git2::{Commit, ObjectType, Oid, Repository, Tree};

use super::history::{ChangeKind, CommitSummary, NoHistory, PageChange};
use super::sources::plan_subtree;
use super::{GitError, PlanRepo};
use crate::source::{PageFilter, CONFIG_FILE};

/// The id of a blob (a file's content) in the repository.
pub type BlobId = Oid;

/// One plan file a commit changed, with its content before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub change: PageChange,
    /// The blob in the parent (None when added).
    pub before: Option<BlobId>,
    /// The blob in this commit (None when deleted).
    pub after: Option<BlobId>,
}

/// A commit that changed the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCommit {
    pub oid: Oid,
    pub summary: CommitSummary,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
    /// Committer date, UTC: the date of this state of the plan.
    pub committed: NaiveDate,
    /// Sorted by path.
    pub changes: Vec<FileChange>,
    /// The plan folder's tree in this commit, and in its first parent
    /// (None where the folder does not exist). When a commit's parent tree
    /// is the tree of the plan commit before it, its changes carry the plan
    /// from that state to its own, and states can be rolled forward from
    /// the log without comparing trees again.
    pub plan_tree: Option<Oid>,
    pub parent_plan_tree: Option<Oid>,
    /// More than one parent: its changes leave out what the other parents
    /// brought, so they do not carry the first parent's state forward.
    pub merge: bool,
    /// On HEAD's first-parent line (the branch as it was built, merges
    /// standing for the work they bring) and changing a page or
    /// planbook.toml of its first parent: a state of the plan's own line,
    /// which the trends chart. Side-branch commits are not, though they
    /// have `changes` of their own.
    pub on_mainline: bool,
}

/// The commits that changed the plan, newest first (by commit time, then
/// id), and where to read their trees again.
#[derive(Debug, Clone)]
pub struct PlanLog {
    pub git_dir: PathBuf,
    /// The plan root inside the work tree (`""` or `"docs/plan/"`).
    pub prefix: String,
    /// The commit HEAD points at (it may not have changed the plan).
    pub head: Oid,
    pub commits: Vec<PlanCommit>,
}

/// Walks the history reachable from HEAD once and keeps each commit that
/// changed a file below the plan root that `filter` calls a page (or
/// planbook.toml).
pub fn read_plan_log(root: &Path, filter: &PageFilter) -> Result<PlanLog, NoHistory> {
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
    let head = check_head(repo)?;
    let commits = walk(repo, &plan_repo.prefix, filter)
        .map_err(|error| NoHistory::Failed(error.message().to_string()))?;
    Ok(PlanLog {
        git_dir: repo.path().to_path_buf(),
        prefix: plan_repo.prefix.clone(),
        head,
        commits,
    })
}

/// HEAD names a commit; else why there is no history to walk. A new
/// repository's branch has no commit yet; any other failure is damage
/// that must be said, not passed off as "no commits".
fn check_head(repo: &Repository) -> Result<git2::Oid, NoHistory> {
    match repo.head() {
        Ok(head) => match head.peel_to_commit() {
            Ok(commit) => Ok(commit.id()),
            Err(_) => Err(NoHistory::BrokenHead(format!(
                "`{}` is not a commit",
                head.name().unwrap_or("HEAD")
            ))),
        },
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

fn walk(
    repo: &Repository,
    prefix: &str,
    filter: &PageFilter,
) -> Result<Vec<PlanCommit>, git2::Error> {
    let mainline = first_parent_line(repo)?;
    let mut commits = Vec::new();
    for oid in commits_newest_first(repo)? {
        let commit = repo.find_commit(oid)?;
        let diff = commit_changes(repo, &commit, prefix, filter)?;
        let on_mainline = diff.first_parent_changed && mainline.contains(&oid);
        if diff.changes.is_empty() && !on_mainline {
            continue;
        }
        let time = commit.time().seconds();
        commits.push(PlanCommit {
            oid,
            summary: summarize(&commit),
            time,
            committed: utc_date(time),
            changes: diff.changes,
            plan_tree: diff.tree,
            parent_plan_tree: diff.parent_tree,
            merge: commit.parent_count() > 1,
            on_mainline,
        });
    }
    Ok(commits)
}

/// The commits of HEAD's first-parent line.
fn first_parent_line(repo: &Repository) -> Result<std::collections::HashSet<Oid>, git2::Error> {
    let mut line = std::collections::HashSet::new();
    let mut next = Some(repo.head()?.peel_to_commit()?);
    while let Some(commit) = next {
        line.insert(commit.id());
        next = commit.parent(0).ok();
    }
    Ok(line)
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

/// The UTC calendar date of a time in seconds since the epoch.
pub(super) fn utc_date(seconds: i64) -> NaiveDate {
    DateTime::from_timestamp(seconds, 0)
        .map(|time| time.date_naive())
        .unwrap_or_default()
}

pub(super) fn summarize(commit: &Commit) -> CommitSummary {
    let id = commit.id().to_string();
    let author = commit.author();
    let message = String::from_utf8_lossy(commit.message_bytes());
    CommitSummary {
        short: id[..7.min(id.len())].to_string(),
        id,
        date: utc_date(author.when().seconds()),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        subject: message.lines().next().unwrap_or("").trim().to_string(),
    }
}

/// What a commit changed in the plan, and the plan trees compared.
struct CommitDiff {
    changes: Vec<FileChange>,
    /// Whether any plan file differs from the first parent (a merge's
    /// `changes` may be empty though it brought changes in).
    first_parent_changed: bool,
    tree: Option<Oid>,
    parent_tree: Option<Oid>,
}

/// The plan files a commit changed. Compared with its first parent; for a
/// merge, a change that one of the other parents already had is that
/// parent's, not the merge's (as `git log PATH` sees it).
fn commit_changes(
    repo: &Repository,
    commit: &Commit,
    prefix: &str,
    filter: &PageFilter,
) -> Result<CommitDiff, git2::Error> {
    let new = plan_subtree(repo, &commit.tree()?, prefix)?;
    let mut parents = commit.parents();
    let old = match parents.next() {
        Some(parent) => plan_subtree(repo, &parent.tree()?, prefix)?,
        None => None,
    };
    let mut changes = Vec::new();
    diff_trees(repo, old.as_ref(), new.as_ref(), "", filter, &mut changes)?;
    let first_parent_changed = !changes.is_empty();
    for other in parents {
        let Some(other_tree) = plan_subtree(repo, &other.tree()?, prefix)? else {
            continue;
        };
        changes.retain(|change| blob_at(Some(&other_tree), &change.change.path) != change.after);
    }
    changes.sort_by(|a, b| a.change.path.cmp(&b.change.path));
    Ok(CommitDiff {
        changes,
        first_parent_changed,
        tree: new.as_ref().map(Tree::id),
        parent_tree: old.as_ref().map(Tree::id),
    })
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
pub(super) fn diff_trees(
    repo: &Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    folder: &str,
    filter: &PageFilter,
    changes: &mut Vec<FileChange>,
) -> Result<(), git2::Error> {
    if let (Some(old), Some(new)) = (old, new) {
        if old.id() == new.id() {
            return Ok(());
        }
    }
    let old_entries = entries(old);
    let new_entries = entries(new);
    let names: BTreeSet<&String> = old_entries.keys().chain(new_entries.keys()).collect();
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
        let blob = |entry: Option<&Entry>| entry.filter(|entry| !entry.is_tree).map(|e| e.id);
        let (before, after) = (blob(before), blob(after));
        let change = match (before, after) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Deleted,
            (Some(_), Some(_)) => ChangeKind::Modified,
            (None, None) => continue,
        };
        if relative == CONFIG_FILE || filter.is_page(&relative) {
            changes.push(FileChange {
                change: PageChange {
                    path: relative,
                    change,
                },
                before,
                after,
            });
        }
    }
    Ok(())
}
