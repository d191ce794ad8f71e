//! The plan's files at any commit of its log, read for its states over
//! time: the whole listing once, then only what differs between two
//! commits (subtrees with equal ids are skipped, so the cost follows the
//! change, not the plan), and blobs by id. Never writes, never checks out.

use git2::{ObjectType, Oid, Repository};

use super::log::{diff_trees, BlobId, FileChange, PlanLog};
use super::sources::{collect_pages, plan_subtree, read_blobs, TreeFiles};
use super::GitError;
use crate::source::{FilterForConfig, PageFilter, CONFIG_FILE};

/// Every plan file of one commit, by blob id.
#[derive(Debug, Clone, Default)]
pub struct TreeListing {
    pub config: Option<Vec<u8>>,
    pub config_blob: Option<BlobId>,
    /// Page paths (relative to the plan root) and blobs, sorted by path.
    pub pages: Vec<(String, BlobId)>,
}

/// Reads the trees and blobs of a plan's log.
pub struct PlanTrees {
    repo: Repository,
    prefix: String,
}

impl PlanTrees {
    pub fn open(log: &PlanLog) -> Result<PlanTrees, GitError> {
        let repo = Repository::open(&log.git_dir)
            .map_err(GitError::read(log.git_dir.display().to_string()))?;
        Ok(PlanTrees {
            repo,
            prefix: log.prefix.clone(),
        })
    }

    fn plan_tree(&self, commit: Oid) -> Result<Option<git2::Tree<'_>>, GitError> {
        let what = || format!("the tree of commit {commit}");
        let tree = self
            .repo
            .find_commit(commit)
            .and_then(|commit| commit.tree())
            .map_err(GitError::read(what()))?;
        plan_subtree(&self.repo, &tree, &self.prefix).map_err(GitError::read(what()))
    }

    /// planbook.toml and the pages at `commit`; `filter_for` decides from
    /// that planbook.toml which files are pages.
    pub fn listing(
        &self,
        commit: Oid,
        filter_for: FilterForConfig<'_>,
    ) -> Result<TreeListing, GitError> {
        let Some(tree) = self.plan_tree(commit)? else {
            return Ok(TreeListing::default());
        };
        let config_blob = match tree.get_name(CONFIG_FILE) {
            Some(entry) if entry.kind() == Some(ObjectType::Blob) => Some(entry.id()),
            _ => None,
        };
        let config = config_blob.map(|blob| self.blob(blob)).transpose()?;
        let filter = filter_for(config.as_deref());
        let mut listed = TreeFiles::default();
        collect_pages(&self.repo, &tree, "", &filter, &mut listed)
            .map_err(GitError::read(format!("the tree of commit {commit}")))?;
        let mut pages = listed.pages;
        pages.sort();
        Ok(TreeListing {
            config,
            config_blob,
            pages,
        })
    }

    /// The plan files (pages by `filter`, and planbook.toml) that differ
    /// between the trees of two commits, sorted by path.
    pub fn changes_between(
        &self,
        from: Oid,
        to: Oid,
        filter: &PageFilter,
    ) -> Result<Vec<FileChange>, GitError> {
        let (old, new) = (self.plan_tree(from)?, self.plan_tree(to)?);
        let mut changes = Vec::new();
        diff_trees(
            &self.repo,
            old.as_ref(),
            new.as_ref(),
            "",
            filter,
            &mut changes,
        )
        .map_err(GitError::read(format!("the changes from {from} to {to}")))?;
        changes.sort_by(|a, b| a.change.path.cmp(&b.change.path));
        Ok(changes)
    }

    pub fn blob(&self, blob: BlobId) -> Result<Vec<u8>, GitError> {
        let found = self
            .repo
            .find_blob(blob)
            .map_err(GitError::read(format!("blob {blob}")))?;
        Ok(found.content().to_vec())
    }

    /// Many blobs at once (in parallel when there are many), by path.
    pub fn blobs(&self, blobs: Vec<(String, BlobId)>) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        read_blobs(&self.repo, blobs)
    }

    /// The commit a revision names (tag, branch, sha, `HEAD~3`).
    pub fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        self.repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .map(|commit| commit.id())
            .map_err(|error| GitError::UnknownRevision {
                rev: rev.to_string(),
                message: error.message().to_string(),
            })
    }

    /// The commits reachable from `head` but not from `base` (what `git
    /// log base..head` lists).
    pub fn commits_after(
        &self,
        base: Oid,
        head: Oid,
    ) -> Result<std::collections::HashSet<Oid>, GitError> {
        let what = || format!("the commits from {base} to {head}");
        let mut walk = self.repo.revwalk().map_err(GitError::read(what()))?;
        walk.push(head).map_err(GitError::read(what()))?;
        walk.hide(base).map_err(GitError::read(what()))?;
        walk.map(|oid| oid.map_err(GitError::read(what())))
            .collect()
    }

    /// A commit's committer date (UTC).
    pub fn commit_date(&self, commit: Oid) -> Result<chrono::NaiveDate, GitError> {
        let found = self
            .repo
            .find_commit(commit)
            .map_err(GitError::read(format!("commit {commit}")))?;
        Ok(super::log::utc_date(found.time().seconds()))
    }
}
