//! Page history for the site: one walk, attributed per page.

mod git_support;

use git_support::{stderr, task, TestRepo, CONFIG};
use planbook::git::{plan_history, ChangeKind, HistoryOptions, NoHistory};
use planbook::source::PageFilter;

fn filter() -> PageFilter {
    PageFilter::new(&["drafts/**".to_string()], "site")
}

#[test]
fn attributes_changes_to_commits_and_authors() {
    let repo = TestRepo::new();
    repo.write_staged("README.md", "outside the plan\n");
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("plan/tasks/old.md", &task("ana", "1d", &[]));
    repo.commit("Start the plan\n\nLonger body.", "Ana Moreno", 0);

    repo.write_staged("plan/tasks/build.md", &task("bo", "5d", &["design"]));
    repo.write_staged("plan/drafts/idea.md", "draft\n");
    repo.commit("Add build", "Bo Chen", 1);

    repo.write_staged("plan/tasks/design.md", &task("ana", "8d", &[]));
    repo.write_staged("README.md", "still outside\n");
    repo.unstage_delete("plan/tasks/old.md");
    repo.commit("Design takes longer; drop old", "Chen Li", 2);

    repo.write_staged("README.md", "only outside\n");
    repo.commit("Readme only", "Dana", 3);

    let options = HistoryOptions {
        commits_per_page: 5,
        recent_commits: 10,
    };
    let history = plan_history(&repo.path().join("plan"), &filter(), &options).expect("history");

    let paths: Vec<&str> = history.pages.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        ["planbook.toml", "tasks/build.md", "tasks/design.md"]
    );

    let design = &history.pages["tasks/design.md"];
    assert_eq!(design.last_author, "Chen Li");
    assert_eq!(design.last_changed.to_string(), "2026-01-03");
    let subjects: Vec<&str> = design.commits.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(
        subjects,
        ["Design takes longer; drop old", "Start the plan"]
    );
    assert_eq!(design.commits[0].short.len(), 7);
    assert!(design.commits[0].id.starts_with(&design.commits[0].short));

    let build = &history.pages["tasks/build.md"];
    assert_eq!(build.last_author, "Bo Chen");
    assert_eq!(build.commits.len(), 1);

    // Recent changes: commits that touched the plan only, newest first.
    let recent: Vec<&str> = history
        .recent
        .iter()
        .map(|commit| commit.commit.subject.as_str())
        .collect();
    assert_eq!(
        recent,
        [
            "Design takes longer; drop old",
            "Add build",
            "Start the plan"
        ]
    );
    let changes: Vec<(&str, ChangeKind)> = history.recent[0]
        .pages
        .iter()
        .map(|change| (change.path.as_str(), change.change))
        .collect();
    assert_eq!(
        changes,
        [
            ("tasks/design.md", ChangeKind::Modified),
            ("tasks/old.md", ChangeKind::Deleted)
        ]
    );
    // The excluded draft never shows up.
    assert_eq!(history.recent[1].pages.len(), 1);
}

#[test]
fn keeps_only_the_latest_commits_per_page() {
    let repo = TestRepo::new();
    for day in 0..6 {
        repo.write_staged("notes.md", &format!("# Notes\n\nVersion {day}.\n"));
        repo.commit(&format!("Version {day}"), "Ana", day);
    }
    let options = HistoryOptions {
        commits_per_page: 3,
        recent_commits: 2,
    };
    let history = plan_history(repo.path(), &filter(), &options).expect("history");
    let subjects: Vec<&str> = history.pages["notes.md"]
        .commits
        .iter()
        .map(|commit| commit.subject.as_str())
        .collect();
    assert_eq!(subjects, ["Version 5", "Version 4", "Version 3"]);
    assert_eq!(history.recent.len(), 2);
    let json = serde_json::to_value(&history).expect("serializable");
    assert_eq!(json["recent"][0]["subject"], "Version 5");
    assert_eq!(json["recent"][0]["pages"][0]["change"], "modified");
}

#[test]
fn no_history_outside_git_in_an_empty_or_shallow_repository() {
    let options = HistoryOptions::default();
    let plain = tempfile::tempdir().expect("temp folder");
    assert!(matches!(
        plan_history(plain.path(), &filter(), &options),
        Err(NoHistory::NotARepository)
    ));

    let repo = TestRepo::new();
    repo.write_staged("notes.md", "# Notes\n");
    assert!(matches!(
        plan_history(repo.path(), &filter(), &options),
        Err(NoHistory::NoCommits { branch: None })
    ));

    let first = repo.commit("Notes", "Ana", 0);
    std::fs::write(repo.path().join(".git/shallow"), format!("{first}\n")).expect("shallow");
    let shallow = plan_history(repo.path(), &filter(), &options);
    assert!(matches!(shallow, Err(NoHistory::Shallow)));
    assert!(shallow
        .expect_err("shallow")
        .to_string()
        .contains("shallow clone"));
}

#[test]
fn a_merge_is_not_credited_with_its_branch_changes() {
    let repo = TestRepo::new();
    repo.write_staged("a.md", "# A\n");
    repo.write_staged("b.md", "# B\n");
    let base = repo.commit("Base", "Ana", 0);
    // A side branch changes b.md; main changes a.md; then main merges it.
    repo.write_staged("b.md", "# B\n\nOn the branch.\n");
    let branch = repo.commit("Branch edits b", "Bo", 1);
    repo.repo
        .reset(
            &repo.repo.find_object(base, None).expect("base"),
            git2::ResetType::Hard,
            None,
        )
        .expect("reset");
    repo.write_staged("a.md", "# A\n\nOn main.\n");
    let main = repo.commit("Main edits a", "Ana", 2);
    repo.write_staged("b.md", "# B\n\nOn the branch.\n");
    let tree = repo
        .repo
        .find_tree(
            repo.repo
                .index()
                .expect("index")
                .write_tree()
                .expect("tree"),
        )
        .expect("tree");
    let signature = git2::Signature::new(
        "Chen",
        "chen@example.com",
        &git2::Time::new(1_767_225_600 + 3 * 86_400, 0),
    )
    .expect("signature");
    let parents = [
        &repo.repo.find_commit(main).expect("main"),
        &repo.repo.find_commit(branch).expect("branch"),
    ];
    repo.repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            "Merge branch",
            &tree,
            &parents,
        )
        .expect("merge");

    let history =
        plan_history(repo.path(), &filter(), &HistoryOptions::default()).expect("history");
    assert_eq!(history.pages["b.md"].last_author, "Bo");
    assert_eq!(history.pages["a.md"].last_author, "Ana");
    assert!(history
        .recent
        .iter()
        .all(|commit| commit.commit.subject != "Merge branch"));
}

#[test]
fn a_damaged_head_is_said_not_taken_for_an_empty_repository() {
    let options = HistoryOptions::default();
    let repo = TestRepo::new();
    repo.write_staged("notes.md", "# Notes\n");
    repo.commit("Notes", "Ana", 0);
    std::fs::write(repo.path().join(".git/HEAD"), "garbage\n").expect("write HEAD");
    let history = plan_history(repo.path(), &filter(), &options);
    let reason = history.expect_err("no history").to_string();
    assert!(reason.contains("HEAD"), "{reason}");
    assert!(!reason.contains("no commits"), "{reason}");

    // HEAD naming a branch that does not exist, beside one that does.
    std::fs::write(repo.path().join(".git/HEAD"), "ref: refs/heads/gone\n").expect("write");
    let reason = plan_history(repo.path(), &filter(), &options)
        .expect_err("no history")
        .to_string();
    assert!(reason.contains("`gone`"), "{reason}");
}

#[test]
fn a_repository_without_head_inside_another_is_reported_not_skipped() {
    // The outer repository has history; the plan's own is damaged.
    let outer = TestRepo::new();
    outer.write_staged("README.md", "# Outer\n");
    outer.commit("Outer", "Bo", 0);
    let plan = outer.path().join("plan");
    let inner = git2::Repository::init(&plan).expect("inner repository");
    drop(inner);
    std::fs::write(plan.join("planbook.toml"), CONFIG).expect("write");
    std::fs::write(plan.join("notes.md"), "---\ntitle: Notes\n---\n# Notes\n").expect("write");
    std::fs::remove_file(plan.join(".git/HEAD")).expect("remove HEAD");
    let output = git_support::planbook(&plan, &["build", "--today", "2026-01-05"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let note = stderr(&output);
    assert!(note.contains("note:") && note.contains("damaged"), "{note}");
    assert!(
        note.contains(&plan.join(".git").display().to_string()),
        "{note}"
    );
    // Staged lint cannot read such a repository either, and says why.
    let staged = git_support::planbook(&plan, &["lint", "--staged"]);
    assert_eq!(staged.status.code(), Some(2));
    assert!(stderr(&staged).contains("damaged"), "{}", stderr(&staged));
}
