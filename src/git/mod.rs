//! The git stage: reads a plan's sources from the git index or from any
//! commit's tree (straight from the object database, never from a checkout),
//! and summarises the plan's history (page histories, and the commits that
//! make the plan's states over time) in one walk. It feeds `source`-level
//! [`PlanSources`](crate::source::PlanSources); it never writes to the
//! repository and never runs the `git` executable.

mod history;
mod hook;
mod log;
mod points;
mod repo;
mod sources;
mod stat;
mod trees;

pub use history::{
    plan_history, ChangeKind, CommitSummary, HistoryOptions, NoHistory, PageChange, PageHistory,
    PlanHistory, RecentCommit,
};
pub use hook::{
    hooks_dir, install_command, install_pre_commit_hook, planbook_on_path, pre_commit_script,
    HookError, HookOutcome, HOOK_MARKER,
};
pub use log::{read_plan_log, BlobId, FileChange, PlanCommit, PlanLog};
pub use points::select_points;
pub use repo::{find_staged_plan_root, PlanRepo};
pub use sources::{read_index_sources, read_tree_sources};
pub use trees::{PlanTrees, TreeListing};

use std::path::PathBuf;

/// Why a plan could not be read from git.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("plan root `{}` cannot be read: {source}", .path.display())]
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}` is not inside a git repository")]
    NotARepository { path: PathBuf },
    #[error("the git repository `{}` is damaged and cannot be opened ({message}); `git status` there says more", .path.display())]
    Damaged { path: PathBuf, message: String },
    #[error("the git repository at `{path}` has no work tree (bare repository)")]
    Bare { path: PathBuf },
    #[error("the plan `{path}` is not inside the work tree of its git repository `{workdir}`")]
    OutsideWorkTree { path: PathBuf, workdir: PathBuf },
    #[error("`{rev}` is not a commit, branch or tag of this repository ({message})")]
    UnknownRevision { rev: String, message: String },
    #[error("`{rev}` names a {kind}, not a commit: a plan is read as committed, so name a commit, branch or tag (`HEAD`, `v1.0`, `HEAD~3`)")]
    NotACommit { rev: String, kind: String },
    #[error("several plans are staged in this repository ({}); name one: `planbook lint --staged DIR`", .roots.join(", "))]
    SeveralPlans { roots: Vec<String> },
    #[error("reading `{what}` from git: {source}")]
    Read { what: String, source: git2::Error },
}

impl GitError {
    fn read(what: impl Into<String>) -> impl FnOnce(git2::Error) -> GitError {
        let what = what.into();
        move |source| GitError::Read { what, source }
    }
}
