//! The output folder under pressure, with the real binary: builds at the
//! same time into one folder, and a build killed in the middle of its swap.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const TODAY: &str = "2026-03-04";
const WAIT: Duration = Duration::from_secs(30);

/// A copy of the site-basic fixture in a temporary folder.
fn plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site-basic");
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

fn start_build(root: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_planbook"))
        .arg("build")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY, "--no-history"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("planbook runs")
}

/// Waits for a build; its exit code and stderr.
fn finish(child: Child) -> (Option<i32>, String) {
    let output = child.wait_with_output().expect("planbook ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

/// Every file of a folder, by relative path.
fn read_tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(folder).unwrap();
            files.insert(
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

/// The hidden names planbook keeps beside `site`.
fn hidden_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn builds_at_the_same_time_into_one_folder_all_succeed() {
    let plan = plan();
    let site = plan.path().join("site");
    for round in 0..4 {
        let builds: Vec<Child> = (0..3).map(|_| start_build(plan.path(), &site)).collect();
        for build in builds {
            let (code, stderr) = finish(build);
            assert_eq!(code, Some(0), "round {round}: {stderr}");
        }
        assert!(site.join(".planbook-site").is_file(), "round {round}");
        assert!(site.join("index.html").is_file(), "round {round}");
    }
    let names = hidden_names(plan.path());
    assert!(
        names.iter().all(|name| name.starts_with(".site.planbook-")),
        "{names:?}"
    );
    assert!(
        !names.contains(&".site.planbook-new".to_string()),
        "{names:?}"
    );
}

#[test]
fn a_second_build_waits_for_the_first() {
    let plan = plan();
    let site = plan.path().join("site");
    // Hold the lock as a running build does.
    let lock = std::fs::File::create(plan.path().join(".site.planbook-lock")).unwrap();
    lock.lock().unwrap();
    let mut build = start_build(plan.path(), &site);
    let stderr = build.stderr.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let waiting = lines.recv_timeout(WAIT).expect("a line on stderr");
    let expected = format!("waiting for another build of {}...", site.display());
    assert!(waiting.contains(&expected), "{waiting}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(build.try_wait().unwrap().is_none(), "the build waits");
    assert!(!site.exists(), "nothing is swapped in while it waits");
    lock.unlock().unwrap();
    let status = build.wait().unwrap();
    let rest: Vec<String> = lines.try_iter().collect();
    assert!(status.success(), "{rest:?}");
    assert!(site.join("index.html").is_file());
}

/// The folders as a build killed between the two renames of a swap (where
/// the system has no one-step exchange) leaves them: the previous site moved
/// aside, the new one staged, and no site.
fn interrupt_a_swap(plan: &Path) -> (PathBuf, BTreeMap<String, Vec<u8>>) {
    let site = plan.join("site");
    for _ in 0..2 {
        assert_eq!(finish(start_build(plan, &site)).0, Some(0));
    }
    let before = read_tree(&site);
    let old = plan.join(".site.planbook-old");
    let staged = plan.join(".site.planbook-new");
    std::fs::rename(&old, &staged).unwrap();
    std::fs::rename(&site, &old).unwrap();
    assert!(!site.exists());
    (site, before)
}

#[test]
fn a_build_after_an_interrupted_swap_restores_the_site_first() {
    let plan = plan();
    let (site, before) = interrupt_a_swap(plan.path());
    // A build that fails while writing: the site it found is put back, so
    // the folder is never left without one.
    let templates = plan.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}\n{% block content %}{% include \"missing.html\" %}{% endblock %}\n",
    )
    .unwrap();
    let (code, stderr) = finish(start_build(plan.path(), &site));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(site.is_dir(), "no site after the failed build: {stderr}");
    assert!(stderr.contains("restored"), "{stderr}");
    assert_eq!(read_tree(&site), before, "the previous site is back");
    // And the next good build swaps in as usual.
    std::fs::remove_dir_all(&templates).unwrap();
    let (code, stderr) = finish(start_build(plan.path(), &site));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(read_tree(&site), before);
}

/// README's first command builds `sample-plan/` in this checkout: what it
/// writes must not show up in `git status` (judged by the project's own
/// .gitignore, in a repository of its own so that any checkout will do).
#[test]
fn what_a_build_of_the_sample_plan_leaves_is_ignored_by_git() {
    let ignore = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".gitignore"))
        .expect("the project has a .gitignore");
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    std::fs::write(dir.path().join(".gitignore"), ignore).unwrap();
    for written in [
        "sample-plan/site/index.html",
        "sample-plan/.site.planbook-lock",
        "sample-plan/.site.planbook-new/index.html",
        "sample-plan/.site.planbook-old/index.html",
    ] {
        assert!(
            repo.is_path_ignored(written).unwrap(),
            "`{written}` would show in git status"
        );
    }
    assert!(!repo.is_path_ignored("sample-plan/overview.md").unwrap());
}
