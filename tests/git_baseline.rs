//! `--baseline REF`: the plan as committed at a ref, compared with now.

mod git_support;

use chrono::NaiveDate;
use git_support::{planbook, stderr, stdout, task, TestRepo, CONFIG};
use planbook::analysis::{Analysis, AnalysisOptions};

const MILESTONE: &str =
    "---\nkind: milestone\nowner: ana\ncriteria: shipped\ndepends_on: [build]\n---\n";

/// A plan in `plan/` tagged `v1`, then `design` grows from 5 to 8 days and
/// `build` changes owner in the working tree (not even committed).
fn grown_plan() -> TestRepo {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &task("ana", "5d", &[]));
    repo.write_staged("plan/tasks/build.md", &task("ana", "5d", &["design"]));
    repo.write_staged("plan/launch.md", MILESTONE);
    repo.commit("Plan v1", "Ana", 0);
    repo.tag("v1");
    repo.write_staged("plan/tasks/design.md", &task("ana", "8d", &[]));
    repo.commit("Design takes longer", "Ana", 1);
    repo.write("plan/tasks/build.md", &task("bo", "5d", &["design"]));
    repo.write("plan/tasks/test.md", &task("bo", "2d", &["build"]));
    repo
}

#[test]
fn schedule_json_carries_the_slip_of_each_task_and_milestone() {
    let repo = grown_plan();
    let output = planbook(
        &repo.path().join("plan"),
        &[
            "schedule",
            "--baseline",
            "v1",
            "--format",
            "json",
            "--today",
            "2026-01-01",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let slip = |list: &str, id: &str| {
        json[list]
            .as_array()
            .expect("list")
            .iter()
            .find(|entry| entry["id"] == id)
            .map(|entry| entry["slip"].clone())
            .expect("item listed")
    };
    assert_eq!(slip("tasks", "design"), 3);
    assert_eq!(slip("tasks", "build"), 3);
    assert_eq!(slip("milestones", "launch"), 3);
    // New since the baseline: no slip to speak of.
    assert!(slip("tasks", "test").is_null());
}

#[test]
fn schedule_table_shows_a_slip_column_and_reads_the_baseline_from_the_config() {
    let repo = grown_plan();
    repo.write(
        "plan/planbook.toml",
        &format!("baseline = \"v1\"\n{CONFIG}"),
    );
    let output = planbook(
        &repo.path().join("plan"),
        &["schedule", "--today", "2026-01-01"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    assert!(table.contains("SLIP"), "{table}");
    assert!(table.contains("Baseline v1"), "{table}");
    let design = table
        .lines()
        .find(|line| line.starts_with("design"))
        .expect("row");
    assert!(design.contains("+3"), "{design}");
}

#[test]
fn an_unknown_ref_is_an_error_naming_it() {
    let repo = grown_plan();
    let output = planbook(
        &repo.path().join("plan"),
        &["schedule", "--baseline", "v9-missing"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`v9-missing`"),
        "{}",
        stderr(&output)
    );
}

/// The error line a command printed, with the part that says where the
/// reference came from taken out.
fn error_without_origin(output: &std::process::Output) -> String {
    stderr(output)
        .replace("(from --baseline)", "(from X)")
        .replace("(from `baseline` in planbook.toml)", "(from X)")
}

#[test]
fn a_baseline_must_be_a_commit() {
    let repo = grown_plan();
    let plan = repo.path().join("plan");
    for reference in ["HEAD^{tree}", "HEAD:plan/planbook.toml"] {
        for args in [
            vec!["schedule", "--baseline", reference],
            vec!["build", "--baseline", reference, "--no-history"],
        ] {
            let output = planbook(&plan, &args);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stdout(&output)
            );
            assert!(
                stderr(&output).contains("not a commit"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
    assert!(
        !plan.join("site").exists(),
        "no site from a refused baseline"
    );
    // An annotated tag names its commit: fine.
    let head = repo
        .repo
        .head()
        .and_then(|head| head.peel_to_commit())
        .expect("head");
    let signature = git2::Signature::now("Ana", "ana@example.com").expect("signature");
    repo.repo
        .tag("v2", head.as_object(), &signature, "release", false)
        .expect("tag");
    let output = planbook(&plan, &["schedule", "--baseline", "v2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_baseline_in_planbook_toml_is_as_strict_as_the_flag() {
    let repo = grown_plan();
    let plan = repo.path().join("plan");
    for reference in ["v9-missing", "HEAD^{tree}"] {
        let flag = planbook(&plan, &["schedule", "--baseline", reference]);
        repo.write(
            "plan/planbook.toml",
            &format!("baseline = \"{reference}\"\n{CONFIG}"),
        );
        for args in [&["schedule"][..], &["build", "--no-history"]] {
            let configured = planbook(&plan, args);
            assert_eq!(configured.status.code(), Some(2), "{args:?} {reference}");
            assert_eq!(
                error_without_origin(&configured),
                error_without_origin(&flag),
                "{args:?} {reference}"
            );
        }
        // The flag still wins over the setting.
        let output = planbook(&plan, &["schedule", "--baseline", "v1"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        repo.write("plan/planbook.toml", CONFIG);
    }
    assert!(!plan.join("site").exists());
}

#[test]
fn comparison_lists_what_changed_biggest_first() {
    let repo = grown_plan();
    let root = repo.path().join("plan");
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let analysis = Analysis::open_folder(&root, AnalysisOptions::new(today)).expect("plan");
    // Any revspec works: HEAD~1 is the tagged commit.
    let comparison = analysis
        .compare_with_baseline(Some("HEAD~1"))
        .expect("baseline")
        .expect("a baseline was named");
    assert_eq!(comparison.reference.as_deref(), Some("HEAD~1"));
    assert_eq!(comparison.finish_slip, Some(5));
    let added: Vec<&str> = comparison
        .added
        .iter()
        .map(|item| item.id.as_str())
        .collect();
    assert_eq!(added, ["test"]);
    assert!(comparison.removed.is_empty());
    assert_eq!(comparison.owner_changes.len(), 1);
    assert_eq!(comparison.owner_changes[0].id, "build");
    let slips: Vec<(&str, i64)> = comparison
        .date_slips
        .iter()
        .map(|slip| (slip.id.as_str(), slip.slip))
        .collect();
    assert_eq!(slips, [("build", 3), ("design", 3), ("launch", 3)]);
    let design = comparison
        .items
        .iter()
        .find(|item| item.id == "design")
        .expect("design");
    assert!(design.baseline.is_some() && design.current.is_some());
}
