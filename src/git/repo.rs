//! Finds the repository that holds a plan and where the plan sits in it.
//! Paths inside git are `/`-separated and relative to the work tree; the
//! plan's `prefix` turns them into paths relative to the plan root.

use std::path::{Path, PathBuf};

use git2::{Index, Repository};

use super::GitError;
use crate::source::CONFIG_FILE;

/// A plan folder inside a git work tree.
pub struct PlanRepo {
    pub repo: Repository,
    /// The work tree, canonical.
    pub workdir: PathBuf,
    /// The plan root relative to the work tree: `""` at the top, else
    /// `"docs/plan/"` (always ending in `/`).
    pub prefix: String,
}

impl PlanRepo {
    /// Discovers the repository from any folder inside it (the plan root need
    /// not be the top of the work tree).
    pub fn open(root: &Path) -> Result<PlanRepo, GitError> {
        let not_a_repo = || GitError::NotARepository {
            path: root.to_path_buf(),
        };
        // libgit2 hashes every object it reads to check it; git itself does
        // not (`git fsck` does). The trends read thousands of blobs and
        // trees, and a corrupt object still fails to inflate or parse.
        git2::opts::strict_hash_verification(false);
        let canonical_root = root.canonicalize().map_err(|source| GitError::Root {
            path: root.to_path_buf(),
            source,
        })?;
        let repo = match nearest_git_entry(&canonical_root) {
            // Open the repository whose `.git` is nearest, as git does: a
            // damaged one must be reported, never skipped for one above it.
            Some(git_entry) => Repository::open(&git_entry).map_err(|error| GitError::Damaged {
                path: git_entry.clone(),
                message: error.message().to_string(),
            })?,
            None => Repository::discover(&canonical_root).map_err(|_| not_a_repo())?,
        };
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::Bare {
                path: repo.path().to_path_buf(),
            })?
            .canonicalize()
            .map_err(|_| not_a_repo())?;
        let prefix = relative_slash_path(&workdir, &canonical_root).ok_or_else(|| {
            GitError::OutsideWorkTree {
                path: root.to_path_buf(),
                workdir: workdir.clone(),
            }
        })?;
        Ok(PlanRepo {
            repo,
            workdir,
            prefix,
        })
    }

    /// The index a commit would be made from. Git points hooks at a temporary
    /// index through `GIT_INDEX_FILE` for `git commit -a` and `git commit
    /// PATH`; libgit2 does not read that variable, so we do.
    pub fn index(&self) -> Result<Index, GitError> {
        match index_file_from_env() {
            Some(path) => Index::open(&path).map_err(GitError::read(path.display().to_string())),
            None => self.repo.index().map_err(GitError::read("the index")),
        }
    }

    /// The file [`PlanRepo::index`] reads.
    pub fn index_path(&self) -> PathBuf {
        index_file_from_env().unwrap_or_else(|| self.repo.path().join("index"))
    }

    /// A path relative to the plan root, when `repo_path` is inside the plan.
    pub fn plan_relative<'a>(&self, repo_path: &'a str) -> Option<&'a str> {
        repo_path.strip_prefix(self.prefix.as_str())
    }
}

/// The `.git` (a folder, or the file of a linked worktree or submodule)
/// of the nearest folder at or above `folder` that has one.
fn nearest_git_entry(folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .map(|ancestor| ancestor.join(".git"))
        .find(|git_entry| git_entry.symlink_metadata().is_ok())
}

fn index_file_from_env() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os("GIT_INDEX_FILE").filter(|path| !path.is_empty())?);
    if path.is_absolute() {
        return Some(path);
    }
    Some(
        std::env::current_dir()
            .map(|dir| dir.join(&path))
            .unwrap_or(path),
    )
}

/// Without an explicit ROOT, `lint --staged` lints the plan the user is in:
/// the nearest folder at or above `start` whose `planbook.toml` is staged,
/// else the one staged plan of the repository, else `start` itself.
pub fn find_staged_plan_root(start: &Path) -> Result<PathBuf, GitError> {
    let plan_repo = PlanRepo::open(start)?;
    let index = plan_repo.index()?;
    // A planbook.toml in conflict (any merge stage) still marks its plan.
    let staged_config = |folder: &str| {
        let path = format!("{folder}{CONFIG_FILE}");
        (0..=3).any(|stage| index.get_path(Path::new(&path), stage).is_some())
    };
    let mut folder = plan_repo.prefix.clone();
    loop {
        if staged_config(&folder) {
            return Ok(plan_repo.workdir.join(&folder));
        }
        if folder.is_empty() {
            break;
        }
        folder = parent_prefix(&folder);
    }
    let mut roots: Vec<String> = index
        .iter()
        .filter_map(|entry| {
            let path = std::str::from_utf8(&entry.path).ok()?;
            let name = path.rsplit('/').next()?;
            (name == CONFIG_FILE).then(|| path[..path.len() - CONFIG_FILE.len()].to_string())
        })
        .collect();
    // The stages of a conflicted planbook.toml follow each other.
    roots.dedup();
    match roots.as_slice() {
        [] => Ok(start.to_path_buf()),
        [only] => Ok(plan_repo.workdir.join(only)),
        _ => Err(GitError::SeveralPlans {
            roots: roots
                .iter()
                .map(|root| {
                    if root.is_empty() {
                        ".".to_string()
                    } else {
                        root.trim_end_matches('/').to_string()
                    }
                })
                .collect(),
        }),
    }
}

/// `"a/b/"` -> `"a/"`, `"a/"` -> `""`.
fn parent_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(at) => trimmed[..=at].to_string(),
        None => String::new(),
    }
}

/// `path` relative to `base` as `a/b/` (empty when equal); None outside it
/// or when a component is not UTF-8 (git paths here are UTF-8 strings).
fn relative_slash_path(base: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(base).ok()?;
    let mut prefix = String::new();
    for component in relative.components() {
        prefix.push_str(component.as_os_str().to_str()?);
        prefix.push('/');
    }
    Some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_prefix_climbs_one_folder() {
        assert_eq!(parent_prefix("a/b/"), "a/");
        assert_eq!(parent_prefix("a/"), "");
    }

    #[test]
    fn relative_prefix_ends_with_slash() {
        let base = Path::new("/repo");
        assert_eq!(
            relative_slash_path(base, Path::new("/repo")),
            Some("".into())
        );
        assert_eq!(
            relative_slash_path(base, Path::new("/repo/docs/plan")),
            Some("docs/plan/".into())
        );
        assert_eq!(relative_slash_path(base, Path::new("/elsewhere")), None);
    }
}
