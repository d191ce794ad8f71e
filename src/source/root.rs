//! Which folder is the plan root when the command line names none: the
//! nearest folder at or above the current one that has a planbook.toml, as
//! git finds `.git` and cargo finds `Cargo.toml`, but never above the top
//! of the git repository the search started in (a plan inside a repository
//! is not part of a planbook.toml somewhere above it). Looks at folder
//! entries only; never reads a file.

use std::path::{Path, PathBuf};

use super::CONFIG_FILE;

/// The plan root for a command: `given` as it is when the user named one,
/// else the nearest folder at or above `current` with a planbook.toml,
/// else `current` itself (which may then turn out to hold no plan).
pub fn plan_root_for(given: Option<PathBuf>, current: &Path) -> PathBuf {
    given.unwrap_or_else(|| find_plan_root(current).unwrap_or_else(|| current.to_path_buf()))
}

/// The nearest folder at or above `start` that has a planbook.toml,
/// looking no higher than the top of the git work tree `start` is in.
/// `start` itself is returned as given; a folder above it as an absolute
/// path.
pub fn find_plan_root(start: &Path) -> Option<PathBuf> {
    if start.join(CONFIG_FILE).is_file() {
        return Some(start.to_path_buf());
    }
    if is_repository_top(start) {
        return None;
    }
    let absolute = std::path::absolute(start).ok()?;
    for folder in absolute.ancestors().skip(1) {
        if folder.join(CONFIG_FILE).is_file() {
            return Some(folder.to_path_buf());
        }
        if is_repository_top(folder) {
            return None;
        }
    }
    None
}

/// A folder with a `.git` entry (a folder, or the file of a linked
/// worktree or submodule) is the top of a git work tree.
fn is_repository_top(folder: &Path) -> bool {
    folder.join(".git").symlink_metadata().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "").expect("write");
    }

    #[test]
    fn the_nearest_planbook_toml_upward_wins() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = dir.path().join("plan");
        touch(&plan.join(CONFIG_FILE));
        touch(&plan.join("tasks/a.md"));
        let tasks = plan.join("tasks");
        let found = find_plan_root(&tasks).expect("found");
        assert_eq!(
            found.canonicalize().expect("exists"),
            plan.canonicalize().expect("exists")
        );
        // At the plan root itself the path comes back as it was given.
        assert_eq!(find_plan_root(&plan), Some(plan.clone()));
        // A nested plan is its own root.
        touch(&tasks.join("inner").join(CONFIG_FILE));
        assert_eq!(
            find_plan_root(&tasks.join("inner")),
            Some(tasks.join("inner"))
        );
    }

    #[test]
    fn the_search_stops_at_the_top_of_the_repository() {
        let dir = tempfile::tempdir().expect("temp dir");
        touch(&dir.path().join(CONFIG_FILE));
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
        std::fs::create_dir_all(repo.join("docs")).expect("mkdir");
        assert_eq!(find_plan_root(&repo.join("docs")), None);
        assert_eq!(find_plan_root(&repo), None);
        // Outside the repository the search goes on upward.
        let outside = dir.path().join("elsewhere/deep");
        std::fs::create_dir_all(&outside).expect("mkdir");
        assert!(find_plan_root(&outside).is_some());
    }

    #[test]
    fn a_named_root_is_used_as_given() {
        let dir = tempfile::tempdir().expect("temp dir");
        touch(&dir.path().join(CONFIG_FILE));
        let named = dir.path().join("sub");
        assert_eq!(plan_root_for(Some(named.clone()), dir.path()), named);
        assert_eq!(
            plan_root_for(None, &dir.path().join("sub"))
                .canonicalize()
                .ok(),
            dir.path().canonicalize().ok()
        );
    }
}
