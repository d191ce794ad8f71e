//! `planbook build` in real git repositories: page history, the Recent
//! changes page, a plan outside git, and `--baseline REF`.

mod git_support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use git_support::{planbook, stderr, task, TestRepo, CONFIG};

const TODAY: &str = "2026-01-01";

/// Builds the plan in `root` into `root/../out-NAME` and returns the run.
fn build(root: &Path, site: &Path, extra: &[&str]) -> Output {
    let site = site.to_str().expect("utf-8 path");
    let mut args = vec!["build", "--out", site, "--today", TODAY];
    args.extend_from_slice(extra);
    planbook(root, &args)
}

fn read(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|_| panic!("{path} was written"))
}

/// Every file of a folder, by relative path.
fn read_tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(folder).expect("inside");
            (
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).expect("read"),
            )
        })
        .collect()
}

/// The History block of a rendered page.
fn history_block(page: &str) -> &str {
    let start = page.find("class=\"history\"").expect("a History block");
    let end = page[start..].find("</section>").expect("closed") + start;
    &page[start..end]
}

/// A plan in `plan/` with two commits by two authors; the second changes
/// `build`, deletes `old` and touches a file outside the plan.
fn two_commit_plan() -> TestRepo {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("plan/tasks/build.md", &task("ana", "5d", &["design"]));
    repo.write_staged("plan/tasks/old.md", &task("ana", "1d", &[]));
    repo.commit("Plan the work", "Ana Moreno", 0);
    repo.write_staged("plan/tasks/build.md", &task("bo", "6d", &["design"]));
    repo.unstage_delete("plan/tasks/old.md");
    std::fs::remove_file(repo.path().join("plan/tasks/old.md")).expect("rm");
    repo.write_staged("README.md", "outside the plan\n");
    repo.commit("Bo takes the build <now>", "Bo Chen", 2);
    repo
}

#[test]
fn pages_show_their_history_and_recent_changes_lists_the_commits() {
    let repo = two_commit_plan();
    let site = repo.path().join("out");
    let output = build(&repo.path().join("plan"), &site, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));

    let design = read(&site, "pages/tasks/design.html");
    let block = history_block(&design);
    assert!(block.contains("datetime=\"2026-01-01\""), "{block}");
    assert!(block.contains("by Ana Moreno."), "{block}");
    assert!(block.contains("Plan the work"), "{block}");
    assert!(!block.contains("Bo Chen"), "{block}");

    let build_page = read(&site, "pages/tasks/build.html");
    let block = history_block(&build_page);
    assert!(block.contains("by Bo Chen."), "{block}");
    assert!(
        block.contains("Last changed <time datetime=\"2026-01-03\">"),
        "{block}"
    );
    // Newest first, both commits, subjects escaped.
    let newest = block
        .find("Bo takes the build &lt;now&gt;")
        .expect("newest");
    let oldest = block.find("Plan the work").expect("oldest");
    assert!(newest < oldest, "{block}");

    let changes = read(&site, "changes.html");
    let newest = changes.find("Bo takes the build").expect("second commit");
    let oldest = changes.find("Plan the work").expect("first commit");
    assert!(newest < oldest);
    let second = &changes[newest..oldest];
    assert!(
        second.contains("href=\"pages&#x2f;tasks&#x2f;build.html\""),
        "{second}"
    );
    // A deleted page is named, not linked; files outside the plan are not listed.
    assert!(second.contains("tasks&#x2f;old.md"), "{second}");
    assert!(!changes.contains("old.html"));
    assert!(!changes.contains("README"));
    assert!(changes[oldest..].contains("href=\"pages&#x2f;tasks&#x2f;design.html\""));

    let home = read(&site, "index.html");
    assert!(home.contains(">Recent changes</a>"), "navigation links it");
    assert!(!home.contains("baseline.html"), "no baseline, no link");

    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "plan.json")).expect("plan.json");
    assert_eq!(
        json["history"]["pages"]["tasks/design.md"]["last_author"],
        "Ana Moreno"
    );
    assert_eq!(json["history"]["recent"].as_array().map(Vec::len), Some(2));
    assert!(json.get("baseline").is_none());
}

#[test]
fn a_rebuild_of_the_same_repository_is_byte_identical() {
    let repo = two_commit_plan();
    let root = repo.path().join("plan");
    let (first, second) = (repo.path().join("first"), repo.path().join("second"));
    assert!(build(&root, &first, &[]).status.success());
    assert!(build(&root, &second, &[]).status.success());
    assert_eq!(read_tree(&first), read_tree(&second));
}

#[test]
fn a_plan_outside_git_builds_and_says_so_once() {
    let dir = tempfile::tempdir().expect("temp folder");
    let root = dir.path().join("plan");
    std::fs::create_dir_all(root.join("tasks")).expect("mkdir");
    std::fs::write(root.join("planbook.toml"), CONFIG).expect("write");
    std::fs::write(root.join("tasks/design.md"), task("ana", "5d", &[])).expect("write");
    let site = dir.path().join("out");
    let output = build(&root, &site, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let messages = stderr(&output);
    assert_eq!(messages.matches("note:").count(), 1, "{messages}");
    assert!(
        messages.contains("not in a git repository; the site builds without page history"),
        "{messages}"
    );
    assert!(!site.join("changes.html").exists());
    assert!(!read(&site, "pages/tasks/design.html").contains("class=\"history\""));
    assert!(!read(&site, "index.html").contains("changes.html"));

    // Asked for no history: no note either.
    let output = build(&root, &site, &["--no-history"]);
    assert!(output.status.success());
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));
}

#[test]
fn no_history_leaves_it_out_in_a_repository() {
    let repo = two_commit_plan();
    let site = repo.path().join("out");
    let output = build(&repo.path().join("plan"), &site, &["--no-history"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!site.join("changes.html").exists());
    assert!(!read(&site, "pages/tasks/build.html").contains("class=\"history\""));
}

/// Tagged `v1`, then `design` grows from 5 to 8 working days.
fn grown_plan() -> TestRepo {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("plan/tasks/build.md", &task("ana", "5d", &["design"]));
    repo.commit("Plan v1", "Ana Moreno", 0);
    repo.tag("v1");
    repo.write_staged("plan/tasks/design.md", &task("ana", "8d", &[]));
    repo.commit("Design takes longer", "Ana Moreno", 1);
    repo
}

#[test]
fn baseline_bars_slips_and_the_changes_page() {
    let repo = grown_plan();
    let site = repo.path().join("out");
    let output = build(&repo.path().join("plan"), &site, &["--baseline", "v1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // design ran 2026-01-05..09 at v1 (5 working days); now it runs to the 14th.
    let timeline = read(&site, "timeline.html");
    let bar = timeline
        .find("<rect class=\"baseline\"")
        .map(|start| &timeline[start..start + timeline[start..].find("</rect>").expect("closed")])
        .expect("a baseline bar");
    assert!(bar.contains("<title>"), "{bar}");
    assert!(
        timeline.contains("baseline v1: 2026-01-05 to 2026-01-09, slip +3 working days"),
        "the design bar's title says where it was"
    );
    assert!(timeline.contains("key-baseline"), "legend entry");

    let design = read(&site, "pages/tasks/design.html");
    assert!(design.contains("<dt>Slip</dt>"), "card shows the slip");
    assert!(design.contains("+3 working days</span> vs v1"));

    let changes = read(&site, "baseline.html");
    assert!(changes.contains("Changes since v1"));
    let slips = &changes[changes.find("pb-date-slips").expect("date slips")..];
    let slips = &slips[..slips.find("pb-added").expect("added follows")];
    assert!(slips.contains("tasks&#x2f;design.html"), "{slips}");
    assert!(slips.contains("2026-01-09</td><td>2026-01-14"), "{slips}");
    assert!(slips.contains("+3 working days"), "{slips}");
    assert!(read(&site, "index.html").contains(">Baseline</a>"));

    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "plan.json")).expect("plan.json");
    let design = json["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|task| task["id"] == "design")
        .expect("design");
    assert_eq!(design["slip"], 3);
    assert_eq!(json["baseline"]["reference"], "v1");

    // Without a baseline: no bars, no slip, no page.
    let plain = repo.path().join("plain");
    assert!(build(&repo.path().join("plan"), &plain, &[])
        .status
        .success());
    assert!(!read(&plain, "timeline.html").contains("class=\"baseline\""));
    assert!(!read(&plain, "pages/tasks/design.html").contains("<dt>Slip</dt>"));
    assert!(!plain.join("baseline.html").exists());
}

#[test]
fn baseline_from_the_config_and_an_unknown_ref() {
    let repo = grown_plan();
    let root = repo.path().join("plan");
    repo.write(
        "plan/planbook.toml",
        &format!("baseline = \"v1\"\n{CONFIG}"),
    );
    let site = repo.path().join("out");
    let output = build(&root, &site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.join("baseline.html").exists());

    // The flag wins over planbook.toml.
    let output = build(&root, &site, &["--baseline", "v9-missing"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`v9-missing`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_commit_of_many_pages_lists_fifty_and_counts_the_rest() {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    for number in 0..55 {
        repo.write_staged(&format!("plan/notes/n{number:02}.md"), "# A note\n");
    }
    repo.commit("Import the notes", "Ana Moreno", 0);
    let site = repo.path().join("out");
    let output = build(&repo.path().join("plan"), &site, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let changes = read(&site, "changes.html");
    assert_eq!(changes.matches("class=\"change change-added\"").count(), 50);
    assert!(
        changes.contains("and 6 more files"),
        "55 notes and planbook.toml"
    );
}
