//! The pre-commit hook planbook installs: a small shell script that runs
//! `planbook lint --staged` from the plan folder. A marker line tells our
//! own script from one a user or another tool wrote, which we never
//! overwrite unless asked to.

use std::path::{Path, PathBuf};

use super::{GitError, PlanRepo};

/// The line that marks a hook as written by planbook.
pub const HOOK_MARKER: &str = "# planbook-pre-commit-hook";

/// What installing did.
#[derive(Debug, PartialEq, Eq)]
pub enum HookOutcome {
    Installed,
    /// A planbook hook was there already and was rewritten.
    Updated,
    /// A foreign hook was replaced (`--force`).
    Replaced,
}

#[derive(Debug, thiserror::Error)]
pub enum HookError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("`{}` exists and was not written by planbook; not replacing it (rerun with `--force` to replace it, or call `planbook lint --staged` from it yourself)", .path.display())]
    Foreign { path: PathBuf },
    #[error("writing `{}`: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The hook script for a plan at `prefix` (relative to the work tree, as in
/// [`PlanRepo::prefix`]).
pub fn pre_commit_script(prefix: &str) -> String {
    let plan = if prefix.is_empty() {
        ".".to_string()
    } else {
        prefix.trim_end_matches('/').replace('\'', r"'\''")
    };
    format!(
        r#"#!/bin/sh
{HOOK_MARKER}
# Written by `planbook hook install`: lints the plan exactly as it will be
# committed (the git index, not the working tree). `planbook hook install
# --force` rewrites this file; `git commit --no-verify` skips it once.
plan='{plan}'
if ! command -v planbook >/dev/null 2>&1; then
    echo "planbook pre-commit hook: planbook is not on PATH; install it from a planbook checkout with 'cargo install --path <checkout>' (or 'cargo install --git <planbook repository URL>'), or commit with --no-verify" >&2
    exit 1
fi
# git may point the hook at a temporary index by a path relative to the top
# of the work tree; keep it valid after changing folder.
if [ -n "$GIT_INDEX_FILE" ]; then
    case "$GIT_INDEX_FILE" in
        /*) ;;
        *) GIT_INDEX_FILE="$PWD/$GIT_INDEX_FILE"; export GIT_INDEX_FILE ;;
    esac
fi
top=$(git rev-parse --show-toplevel 2>/dev/null) || top=.
cd "$top/$plan" || exit 1
exec planbook lint --staged .
"#
    )
}

/// The `planbook` executable the hook will find on `path` (the value of
/// `PATH`), if any: the hook runs it by name.
pub fn planbook_on_path(path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let name = if cfg!(windows) {
        "planbook.exe"
    } else {
        "planbook"
    };
    std::env::split_paths(path?)
        .map(|folder| folder.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// How to put planbook on PATH, for a warning: `cargo install --path` with
/// the checkout `running` (this executable) was built in, when it was
/// built in one (`<checkout>/target/<profile>/planbook`); else the forms
/// that work from anywhere.
pub fn install_command(running: &Path) -> String {
    let checkout = running.ancestors().skip(1).find(|folder| {
        std::fs::read_to_string(folder.join("Cargo.toml"))
            .is_ok_and(|manifest| manifest.contains("name = \"planbook\""))
    });
    match checkout {
        Some(checkout) => format!("cargo install --path '{}'", checkout.display()),
        None => "from a planbook checkout, `cargo install --path <checkout>`, or `cargo install --git <planbook repository URL>`".to_string(),
    }
}

/// Where git looks for hooks: `core.hooksPath` when set, else the `hooks`
/// folder of the main git folder (shared by linked worktrees).
pub fn hooks_dir(plan_repo: &PlanRepo) -> PathBuf {
    let configured = plan_repo
        .repo
        .config()
        .ok()
        .and_then(|config| config.get_path("core.hooksPath").ok());
    match configured {
        Some(path) if path.is_absolute() => path,
        Some(path) => plan_repo.workdir.join(path),
        None => plan_repo.repo.commondir().join("hooks"),
    }
}

/// Writes the pre-commit hook for the plan in `root`. Returns the hook's
/// path and what was done.
pub fn install_pre_commit_hook(
    root: &Path,
    force: bool,
) -> Result<(PathBuf, HookOutcome), HookError> {
    let plan_repo = PlanRepo::open(root)?;
    let dir = hooks_dir(&plan_repo);
    let path = dir.join("pre-commit");
    let outcome = match std::fs::read(&path) {
        Ok(existing) if String::from_utf8_lossy(&existing).contains(HOOK_MARKER) => {
            HookOutcome::Updated
        }
        Ok(_) if force => HookOutcome::Replaced,
        Ok(_) => return Err(HookError::Foreign { path }),
        Err(_) => HookOutcome::Installed,
    };
    let write_error = |source| HookError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(write_error)?;
    std::fs::write(&path, pre_commit_script(&plan_repo.prefix)).map_err(write_error)?;
    make_executable(&path).map_err(write_error)?;
    Ok((path, outcome))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_carries_the_marker_and_the_plan_folder() {
        let script = pre_commit_script("docs/plan/");
        assert!(script.starts_with("#!/bin/sh\n"));
        assert!(script.contains(HOOK_MARKER));
        assert!(script.contains("plan='docs/plan'"));
        assert!(pre_commit_script("").contains("plan='.'"));
    }

    #[test]
    fn the_missing_binary_message_gives_a_command_that_works() {
        let script = pre_commit_script("");
        assert!(!script.contains("'cargo install planbook'"), "{script}");
        assert!(script.contains("cargo install --path"), "{script}");
    }

    #[test]
    fn planbook_is_looked_for_on_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = std::env::join_paths([dir.path()]).expect("path");
        assert_eq!(planbook_on_path(Some(&path)), None);
        let binary = dir.path().join("planbook");
        std::fs::write(&binary, "#!/bin/sh\n").expect("write");
        make_executable(&binary).expect("chmod");
        assert_eq!(planbook_on_path(Some(&path)), Some(binary));
        assert_eq!(planbook_on_path(None), None);
    }

    #[test]
    fn a_binary_built_in_a_checkout_names_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"planbook\"\n",
        )
        .expect("write");
        let built = dir.path().join("target/release/planbook");
        let command = install_command(&built);
        assert_eq!(
            command,
            format!("cargo install --path '{}'", dir.path().display())
        );
        assert!(install_command(Path::new("/usr/local/bin/planbook")).contains("--git"));
    }

    #[test]
    fn quotes_in_the_folder_name_stay_quoted() {
        assert!(pre_commit_script("it's/").contains(r"plan='it'\''s'"));
    }
}
