//! Who changed which page when, for the site, derived from the plan's log
//! (one walk over the history for all pages at once, [`super::log`]).
//! Dates are UTC calendar dates so a rebuilt site is byte-identical.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::log::{read_plan_log, FileChange, PlanLog};
use crate::source::PageFilter;

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

/// Walks the history reachable from HEAD once and attributes every change
/// below the plan root to the pages (and planbook.toml) it touched.
pub fn plan_history(
    root: &Path,
    filter: &PageFilter,
    options: &HistoryOptions,
) -> Result<PlanHistory, NoHistory> {
    read_plan_log(root, filter).map(|log| PlanHistory::from_log(&log, options))
}

impl PlanHistory {
    /// Page histories and Recent changes from the plan's log.
    pub fn from_log(log: &PlanLog, options: &HistoryOptions) -> PlanHistory {
        let mut history = PlanHistory::default();
        // Paths whose newest change was a deletion: not on the site any more.
        let mut gone: HashSet<String> = HashSet::new();
        // A merge that only brought others' changes has none of its own.
        for commit in log
            .commits
            .iter()
            .filter(|commit| !commit.changes.is_empty())
        {
            let summary = &commit.summary;
            for FileChange { change, .. } in &commit.changes {
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
                    commit: summary.clone(),
                    pages: commit
                        .changes
                        .iter()
                        .map(|change| change.change.clone())
                        .collect(),
                });
            }
        }
        history
    }
}
