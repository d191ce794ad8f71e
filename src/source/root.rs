//! Which folder is the plan root when the command line names none: the
//! nearest folder at or above the current one that has a planbook.toml, as
//! git finds `.git` and cargo finds `Cargo.toml`, but never above the top
//! of the git repository the search started in (a plan inside a repository
//! is not part of a planbook.toml somewhere above it). When there is none
//! above, the one plan below (a repository whose plan is in `docs/plan/`,
//! run from its top) is the plan, as `lint --staged` finds the one staged
//! plan and the editor server the plan of its workspace. Looks at folder
//! entries only; never reads a file.

use std::path::{Path, PathBuf};

use super::CONFIG_FILE;

/// How deep below the current folder a plan is looked for: `docs/plan/`
/// and `tests/fixtures/plan/` are found, a whole home folder is not walked.
const DEPTH_BELOW: usize = 4;
/// Folders never looked into for a plan below: hidden ones (`.git`) and
/// the usual holders of other people's files.
const NOT_SEARCHED: &[&str] = &["node_modules", "target"];

/// Why no plan root could be chosen without a ROOT.
#[derive(Debug, thiserror::Error)]
pub enum RootError {
    #[error("no planbook.toml at or above `{}`, and several plans below it ({}); name one as ROOT", .current.display(), .plans.join(", "))]
    SeveralBelow {
        current: PathBuf,
        plans: Vec<String>,
    },
}

/// The plan root for a command: `given` as it is when the user named one,
/// else the nearest folder at or above `current` with a planbook.toml,
/// else the only plan below `current`, else `current` itself (which may
/// then turn out to hold no plan). Several plans below, and none above, is
/// an error: picking one would lint the wrong plan without a word.
pub fn plan_root_for(given: Option<PathBuf>, current: &Path) -> Result<PathBuf, RootError> {
    if let Some(given) = given {
        return Ok(given);
    }
    if let Some(found) = find_plan_root(current) {
        return Ok(found);
    }
    let mut below = find_plans_below(current);
    match below.len() {
        0 => Ok(current.to_path_buf()),
        1 => Ok(below.remove(0)),
        _ => Err(RootError::SeveralBelow {
            current: current.to_path_buf(),
            plans: below
                .iter()
                .map(|plan| {
                    let relative = plan.strip_prefix(current).unwrap_or(plan);
                    relative.to_string_lossy().replace('\\', "/")
                })
                .collect(),
        }),
    }
}

/// The folders below `start` (not `start` itself) that hold a
/// planbook.toml, sorted, at most [`DEPTH_BELOW`] levels down; hidden
/// folders, `node_modules` and `target` are not looked into, nor a plan's
/// own folders (a plan inside a plan is a fixture of that plan).
pub fn find_plans_below(start: &Path) -> Vec<PathBuf> {
    let mut plans = Vec::new();
    let mut walk = walkdir::WalkDir::new(start)
        .min_depth(1)
        .max_depth(DEPTH_BELOW)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else {
            continue;
        };
        if !entry.file_type().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || NOT_SEARCHED.contains(&name.as_ref()) {
            walk.skip_current_dir();
            continue;
        }
        if entry.path().join(CONFIG_FILE).is_file() {
            plans.push(entry.into_path());
            walk.skip_current_dir();
        }
    }
    plans
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
        assert_eq!(
            plan_root_for(Some(named.clone()), dir.path()).unwrap(),
            named
        );
        assert_eq!(
            plan_root_for(None, &dir.path().join("sub"))
                .unwrap()
                .canonicalize()
                .ok(),
            dir.path().canonicalize().ok()
        );
    }

    #[test]
    fn without_a_plan_above_the_one_plan_below_is_the_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        touch(&dir.path().join("README.md"));
        let plan = dir.path().join("docs/plan");
        touch(&plan.join(CONFIG_FILE));
        // A plan's fixtures, hidden folders and node_modules are not plans.
        touch(&plan.join("fixtures/other").join(CONFIG_FILE));
        touch(&dir.path().join(".cache/plan").join(CONFIG_FILE));
        touch(&dir.path().join("node_modules/x").join(CONFIG_FILE));
        assert_eq!(plan_root_for(None, dir.path()).unwrap(), plan);
        // Two plans below: which one is meant is for the user to say.
        touch(&dir.path().join("examples/demo").join(CONFIG_FILE));
        let error = plan_root_for(None, dir.path()).unwrap_err().to_string();
        assert!(error.contains("docs/plan, examples/demo"), "{error}");
        // Too deep down is not looked for.
        let deep = tempfile::tempdir().expect("temp dir");
        touch(&deep.path().join("a/b/c/d/e").join(CONFIG_FILE));
        assert_eq!(
            plan_root_for(None, deep.path()).unwrap(),
            deep.path().to_path_buf()
        );
    }
}
