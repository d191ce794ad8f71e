//! `planbook hook install`: writes the pre-commit hook, never clobbers a
//! foreign one without `--force`, and the hook really stops a bad commit.

mod git_support;

use std::path::Path;
use std::process::Command;

use git_support::{binary_dir, ownerless_task, planbook, stderr, stdout, task, TestRepo, CONFIG};

const MARKER: &str = "# planbook-pre-commit-hook";

fn hook(repo: &TestRepo) -> String {
    std::fs::read_to_string(repo.path().join(".git/hooks/pre-commit")).expect("hook written")
}

#[test]
fn installs_a_marked_executable_hook_for_the_plan_folder() {
    let repo = TestRepo::new();
    repo.write("docs/plan/planbook.toml", CONFIG);
    let output = planbook(&repo.path().join("docs/plan"), &["hook", "install"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("installed"), "{}", stdout(&output));
    let script = hook(&repo);
    assert!(script.contains(MARKER));
    assert!(script.contains("plan='docs/plan'"), "{script}");
    assert!(script.contains("planbook lint --staged"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo.path().join(".git/hooks/pre-commit"))
            .expect("hook")
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }
    // Its own hook is simply rewritten.
    let again = planbook(&repo.path().join("docs/plan"), &["hook", "install"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stdout(&again).contains("updated"), "{}", stdout(&again));
}

#[test]
fn refuses_to_overwrite_a_foreign_hook_unless_forced() {
    let repo = TestRepo::new();
    let foreign = "#!/bin/sh\necho 'my own checks'\n";
    repo.write(".git/hooks/pre-commit", foreign);
    let refused = planbook(repo.path(), &["hook", "install"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("not written by planbook"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(hook(&repo), foreign, "left untouched");

    let forced = planbook(repo.path(), &["hook", "install", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(hook(&repo).contains(MARKER));
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let path = std::env::join_paths(std::iter::once(binary_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    Command::new("git")
        .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.com"])
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR")
        .env("NO_COLOR", "1")
        .output()
        .expect("run git")
}

#[test]
fn the_installed_hook_stops_a_commit_with_a_plan_error() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: no git executable to make commits with");
        return;
    }
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &task("ana", "5d", &[]));
    assert_eq!(
        planbook(&repo.path().join("plan"), &["hook", "install"])
            .status
            .code(),
        Some(0)
    );
    let clean = git(repo.path(), &["commit", "-q", "-m", "clean plan"]);
    assert!(clean.status.success(), "{}", stderr(&clean));

    repo.write("plan/tasks/broken.md", &ownerless_task());
    let add = git(repo.path(), &["add", "plan/tasks/broken.md"]);
    assert!(add.status.success());
    let refused = git(repo.path(), &["commit", "-q", "-m", "broken plan"]);
    assert!(!refused.status.success(), "the commit went through");
    let shown = format!("{}{}", stdout(&refused), stderr(&refused));
    assert!(
        shown.contains("missing-owner") && shown.contains("tasks/broken.md"),
        "{shown}"
    );

    // `git commit -a` lints the temporary index git builds for it.
    repo.write("plan/tasks/design.md", &ownerless_task());
    let all = git(
        repo.path(),
        &["rm", "-q", "--cached", "plan/tasks/broken.md"],
    );
    assert!(all.status.success(), "{}", stderr(&all));
    let refused = git(repo.path(), &["commit", "-a", "-q", "-m", "broken again"]);
    assert!(!refused.status.success(), "commit -a went through");
}

#[test]
fn install_warns_when_planbook_is_not_on_path() {
    let repo = TestRepo::new();
    repo.write("planbook.toml", CONFIG);
    let install = |path: std::ffi::OsString| {
        Command::new(env!("CARGO_BIN_EXE_planbook"))
            .args(["hook", "install"])
            .current_dir(repo.path())
            .env("PATH", path)
            .env_remove("GIT_DIR")
            .output()
            .expect("run planbook")
    };
    let without = install(std::ffi::OsString::from("/nonexistent-folder"));
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    let warning = stderr(&without);
    assert!(warning.contains("not on PATH"), "{warning}");
    // The test binary was built in this checkout: the warning names it.
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        warning.contains(&format!("cargo install --path '{}'", checkout.display())),
        "{warning}"
    );
    let with = install(std::env::join_paths([binary_dir()]).expect("PATH"));
    assert_eq!(with.status.code(), Some(0));
    assert!(!stderr(&with).contains("not on PATH"), "{}", stderr(&with));
}
