//! `planbook lint --staged`: the plan exactly as it will be committed.

mod git_support;

use git_support::{ownerless_task, planbook, stderr, stdout, task, TestRepo, CONFIG};

fn clean_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write_staged("planbook.toml", CONFIG);
    repo.write_staged("tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("tasks/build.md", &task("bo", "5d", &["design"]));
    repo
}

#[test]
fn a_fix_staged_but_not_in_the_tree_passes() {
    let repo = clean_repo();
    repo.commit("plan", "Ana", 0);
    // The working tree still has the error; the index has the fix.
    repo.write("tasks/design.md", &ownerless_task());
    let staged = planbook(repo.path(), &["lint", "--staged"]);
    assert_eq!(staged.status.code(), Some(0), "{}", stdout(&staged));
    let tree = planbook(repo.path(), &["lint"]);
    assert_eq!(tree.status.code(), Some(1), "{}", stdout(&tree));
}

#[test]
fn an_error_staged_but_fixed_in_the_tree_fails() {
    let repo = clean_repo();
    repo.write_staged("tasks/design.md", &ownerless_task());
    repo.write("tasks/design.md", &task("ana", "5d", &[]));
    let staged = planbook(repo.path(), &["lint", "--staged", "--format", "json"]);
    assert_eq!(staged.status.code(), Some(1), "{}", stderr(&staged));
    let out = stdout(&staged);
    assert!(out.contains("\"missing-owner\""), "{out}");
    assert!(out.contains("\"file\": \"tasks/design.md\""), "{out}");
    assert_eq!(planbook(repo.path(), &["lint"]).status.code(), Some(0));
}

#[test]
fn a_page_deleted_in_the_index_is_gone() {
    let repo = clean_repo();
    repo.write_staged("tasks/broken.md", &ownerless_task());
    repo.commit("plan", "Ana", 0);
    repo.unstage_delete("tasks/broken.md");
    let staged = planbook(repo.path(), &["lint", "--staged"]);
    assert_eq!(staged.status.code(), Some(0), "{}", stdout(&staged));
    // Deleting a page others depend on is caught before the commit.
    repo.unstage_delete("tasks/design.md");
    let staged = planbook(repo.path(), &["lint", "--staged"]);
    assert_eq!(staged.status.code(), Some(1));
    assert!(
        stdout(&staged).contains("unknown-dependency"),
        "{}",
        stdout(&staged)
    );
}

#[test]
fn a_renamed_page_is_reported_under_its_new_name() {
    let repo = clean_repo();
    repo.write_staged("tasks/old.md", &ownerless_task());
    repo.commit("plan", "Ana", 0);
    std::fs::rename(
        repo.path().join("tasks/old.md"),
        repo.path().join("tasks/new.md"),
    )
    .expect("rename");
    repo.unstage_delete("tasks/old.md");
    repo.stage("tasks/new.md");
    let staged = planbook(repo.path(), &["lint", "--staged", "--format", "json"]);
    let out = stdout(&staged);
    assert!(out.contains("\"file\": \"tasks/new.md\""), "{out}");
    assert!(!out.contains("tasks/old.md"), "{out}");
}

#[test]
fn a_plan_in_a_sub_folder_is_found_from_anywhere_in_the_repository() {
    let repo = TestRepo::new();
    repo.write_staged("README.md", "# Not a plan page\n");
    repo.write_staged("docs/plan/planbook.toml", CONFIG);
    repo.write_staged("docs/plan/tasks/design.md", &ownerless_task());
    repo.write("docs/plan/tasks/design.md", &task("ana", "5d", &[]));
    std::fs::create_dir_all(repo.path().join("src/deep")).expect("mkdir");
    for folder in ["", "src/deep", "docs/plan", "docs/plan/tasks"] {
        let output = planbook(
            &repo.path().join(folder),
            &["lint", "--staged", "--format", "json"],
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "from `{folder}`: {}",
            stderr(&output)
        );
        let out = stdout(&output);
        assert!(
            out.contains("\"file\": \"tasks/design.md\""),
            "from `{folder}`: {out}"
        );
        assert!(!out.contains("README.md"), "{out}");
    }
    // An explicit ROOT is taken as given.
    let output = planbook(repo.path(), &["lint", "--staged", "docs/plan"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_repository_with_no_commits_yet_lints_its_index() {
    let repo = clean_repo();
    assert!(repo.repo.head().is_err(), "no commit yet");
    let output = planbook(repo.path(), &["lint", "--staged"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    repo.write_staged("tasks/broken.md", &ownerless_task());
    assert_eq!(
        planbook(repo.path(), &["lint", "--staged"]).status.code(),
        Some(1)
    );
}

#[test]
fn excluded_and_unstaged_pages_are_not_linted() {
    let repo = TestRepo::new();
    repo.write_staged(
        "planbook.toml",
        &format!("exclude = [\"drafts/**\"]\n{CONFIG}"),
    );
    repo.write_staged("tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("drafts/idea.md", &ownerless_task());
    repo.write("tasks/untracked.md", &ownerless_task());
    let output = planbook(repo.path(), &["lint", "--staged"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn outside_git_staged_is_a_clear_exit_2_error() {
    let dir = tempfile::tempdir().expect("temp folder");
    std::fs::write(dir.path().join("planbook.toml"), CONFIG).expect("write");
    let output = planbook(dir.path(), &["lint", "--staged"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not inside a git repository"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn git_index_file_points_at_the_index_git_commits_from() {
    // `git commit -a` hands hooks a temporary index through GIT_INDEX_FILE.
    let repo = clean_repo();
    let temporary = repo.path().join(".git/next-index.lock");
    std::fs::copy(repo.path().join(".git/index"), &temporary).expect("copy index");
    repo.write_staged("tasks/broken.md", &ownerless_task());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_planbook"))
        .args(["lint", "--staged"])
        .current_dir(repo.path())
        .env("GIT_INDEX_FILE", ".git/next-index.lock")
        .output()
        .expect("run planbook");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn an_edit_of_the_same_size_right_after_staging_is_not_mistaken_for_the_staged_page() {
    let repo = clean_repo();
    let staged = task("ana", "5d", &[]);
    let edited = staged.replace("owner: ana", "ownex: ana");
    assert_eq!(staged.len(), edited.len());
    repo.write_staged("tasks/design.md", &edited);
    repo.write("tasks/design.md", &staged);
    let output = planbook(repo.path(), &["lint", "--staged", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).contains("missing-owner"));

    repo.write_staged("tasks/design.md", &staged);
    repo.write("tasks/design.md", &edited);
    let output = planbook(repo.path(), &["lint", "--staged"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// `rule file:line:col` of every finding of `lint --format json` in `dir`.
fn staged_findings(dir: &std::path::Path, extra: &[&str]) -> (Vec<String>, Option<i32>) {
    let mut args = vec!["lint", "--format", "json", "--today", "2026-01-05"];
    args.extend_from_slice(extra);
    let output = planbook(dir, &args);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("json ({error}): {}{}", stdout(&output), stderr(&output)));
    let lines = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            format!(
                "{} {}:{}:{}",
                finding["rule"].as_str().unwrap(),
                finding["file"].as_str().unwrap(),
                finding["line"],
                finding["column"]
            )
        })
        .collect();
    (lines, output.status.code())
}

/// The 1-based line of the first `<<<<<<<` in a working-tree file.
fn marker_line(repo: &TestRepo, path: &str) -> usize {
    let text = std::fs::read_to_string(repo.path().join(path)).expect("read");
    text.lines()
        .position(|line| line.starts_with("<<<<<<<"))
        .expect("the merge left markers")
        + 1
}

#[test]
fn a_page_in_conflict_is_reported_and_its_ids_stay_known() {
    let repo = clean_repo();
    repo.commit("plan", "Ana", 0);
    repo.merge_with_conflicts(
        &[("tasks/design.md", Some(&task("ana", "6d", &[])))],
        &[("tasks/design.md", Some(&task("bo", "4d", &[])))],
    );
    let (staged, code) = staged_findings(repo.path(), &["--staged"]);
    assert_eq!(code, Some(1), "{staged:?}");
    // Read from our side: `build`, which depends on `design`, is fine.
    assert_eq!(staged, ["merge-conflict tasks/design.md:1:1"]);

    // The working tree has git's markers: the same rule, at the marker.
    let line = marker_line(&repo, "tasks/design.md");
    let (tree, code) = staged_findings(repo.path(), &[]);
    assert_eq!(code, Some(1), "{tree:?}");
    let expected = format!("merge-conflict tasks/design.md:{line}:1");
    assert!(tree.contains(&expected), "{tree:?}");
}

#[test]
fn a_planbook_toml_in_conflict_is_reported_and_its_settings_still_apply() {
    let repo = TestRepo::new();
    let config = |title: &str| format!("title = \"{title}\"\nexclude = [\"drafts/**\"]\n{CONFIG}");
    repo.write_staged("planbook.toml", &config("Base"));
    repo.write_staged("tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("drafts/idea.md", &ownerless_task());
    repo.commit("plan", "Ana", 0);
    repo.merge_with_conflicts(
        &[("planbook.toml", Some(&config("Ours")))],
        &[("planbook.toml", Some(&config("Theirs")))],
    );
    // From a sub-folder too: the conflicted planbook.toml marks the plan.
    for folder in ["", "tasks"] {
        let (staged, code) = staged_findings(&repo.path().join(folder), &["--staged"]);
        assert_eq!(code, Some(1), "from `{folder}`: {staged:?}");
        // The excluded draft stays excluded: the plan kept its settings.
        assert_eq!(
            staged,
            ["merge-conflict planbook.toml:1:1"],
            "from `{folder}`"
        );
    }
}

#[test]
fn a_page_we_deleted_and_they_changed_is_read_from_their_side() {
    let repo = clean_repo();
    repo.commit("plan", "Ana", 0);
    repo.merge_with_conflicts(
        &[("tasks/design.md", None)],
        &[("tasks/design.md", Some(&task("bo", "4d", &[])))],
    );
    let output = planbook(repo.path(), &["lint", "--staged", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("read it from their side"), "{out}");
    assert!(!out.contains("unknown-dependency"), "{out}");
}
