//! Which folder is the plan: without ROOT, the nearest folder at or above
//! the current one with a planbook.toml (within the git repository); a
//! folder that holds no plan at all is refused with exit 2 by every command
//! that reads one, rather than passing as an empty plan.

mod common;

use common::{run, run_in, stderr, stdout, write_plan, ROSTER_TOML};

const DESIGN: &str =
    "---\nkind: task\nowner: alice\nstart: 2026-01-05\nduration: 5d\n---\n# Design\n";
const BUILD: &str =
    "---\nkind: task\nowner: bob\nduration: 3d\ndepends_on: [design]\n---\n# Build\n";

fn assert_refused(output: &std::process::Output, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(2),
        "{what}: {}{}",
        stdout(output),
        stderr(output)
    );
    assert!(
        stderr(output).contains("no planbook.toml and no page with front matter"),
        "{what}: {}",
        stderr(output)
    );
}

#[test]
fn an_empty_folder_is_no_plan_for_any_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        &["lint"][..],
        &["schedule"],
        &["build", "--no-history"],
        &["serve", "--port", "0"],
    ] {
        assert_refused(&run_in(dir.path(), args), &args.join(" "));
    }
    // Run in the folder, the error says which folder `.` was.
    let refused = stderr(&run_in(dir.path(), &["lint"]));
    let folder = dir.path().canonicalize().expect("canonical temp dir");
    assert!(
        refused.contains(&format!("no plan in `.` ({})", folder.display())),
        "{refused}"
    );
    assert!(
        !dir.path().join("site").exists(),
        "no empty site is published"
    );
    // Markdown notes without front matter are no plan either.
    std::fs::write(dir.path().join("README.md"), "# Notes\n").expect("write");
    assert_refused(&run_in(dir.path(), &["lint"]), "notes only");
    // An explicit ROOT is checked the same way.
    let named = dir.path().to_str().expect("utf-8");
    assert_refused(&run(&["lint", named]), "lint ROOT");
    assert_refused(&run(&["build", named, "--no-history"]), "build ROOT");
}

#[test]
fn pages_with_front_matter_are_a_plan_without_planbook_toml() {
    let dir = write_plan(&[("tasks/design.md", DESIGN)]);
    let output = run_in(dir.path(), &["lint", "--today", "2026-01-05"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn inside_a_plan_folder_the_plan_root_is_found_upward() {
    let dir = write_plan(&[
        ("plan/planbook.toml", ROSTER_TOML),
        ("plan/tasks/design.md", DESIGN),
        ("plan/tasks/build.md", BUILD),
        ("plan/milestones/notes/.keep", ""),
    ]);
    let plan = dir.path().join("plan");
    for folder in ["tasks", "milestones/notes", ""] {
        let output = run_in(
            &plan.join(folder),
            &["lint", "--format", "json", "--today", "2026-01-05"],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "from `{folder}`: {}{}",
            stdout(&output),
            stderr(&output)
        );
        assert!(
            !stdout(&output).contains("unknown-dependency"),
            "{}",
            stdout(&output)
        );
    }
    let schedule = run_in(&plan.join("tasks"), &["schedule", "--today", "2026-01-05"]);
    assert_eq!(schedule.status.code(), Some(0), "{}", stderr(&schedule));
    assert!(stdout(&schedule).contains("build"), "{}", stdout(&schedule));
    // The site goes where it would from the plan root.
    let build = run_in(
        &plan.join("tasks"),
        &["build", "--no-history", "--today", "2026-01-05"],
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(plan.join("site/index.html").is_file());
    assert!(!plan.join("tasks/site").exists());
    // `new` adds the page to the plan, not below the current folder.
    let new = run_in(&plan.join("tasks"), &["new", "task", "Deploy"]);
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    assert!(plan.join("tasks/deploy.md").is_file());
    // At the plan root the new page's path is said relative to it.
    let here = run_in(&plan, &["new", "milestone", "Go live"]);
    assert_eq!(stdout(&here), "milestones/go-live.md\n");
}

#[test]
fn an_explicit_root_is_used_as_given() {
    let dir = write_plan(&[
        ("planbook.toml", ROSTER_TOML),
        ("design/design.md", DESIGN),
        ("tasks/build.md", BUILD),
    ]);
    // Named, `tasks` is the plan root: `build` sees only its folder's
    // pages, so `design` is unknown there, and paths start at `tasks`.
    let tasks = dir.path().join("tasks");
    let output = run(&[
        "lint",
        tasks.to_str().expect("utf-8"),
        "--format",
        "json",
        "--today",
        "2026-01-05",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(out.contains("\"unknown-dependency\""), "{out}");
    assert!(out.contains("\"file\": \"build.md\""), "{out}");
    // From inside `tasks` without ROOT, the plan above is found instead.
    let found = run_in(&tasks, &["lint", "--today", "2026-01-05"]);
    assert_eq!(found.status.code(), Some(0), "{}", stdout(&found));
}

#[test]
fn the_search_stops_at_the_top_of_the_git_repository() {
    let dir = write_plan(&[("planbook.toml", ROSTER_TOML)]);
    let repo = dir.path().join("repo");
    git2::Repository::init(&repo).expect("git init");
    std::fs::create_dir_all(repo.join("docs")).expect("mkdir");
    std::fs::write(repo.join("docs/notes.md"), "# Notes\n").expect("write");
    // The planbook.toml above the repository is some other plan's.
    assert_refused(&run_in(&repo.join("docs"), &["lint"]), "in a repository");
    // Nothing staged is no plan for `lint --staged` either.
    assert_refused(&run_in(&repo, &["lint", "--staged"]), "lint --staged");
}

#[test]
fn at_the_top_of_a_repository_the_one_plan_below_is_used() {
    // The usual layout: the plan in `docs/plan/` of a project repository,
    // and the command run from the repository's top.
    let dir = write_plan(&[
        ("README.md", "# The project\n"),
        ("docs/plan/planbook.toml", ROSTER_TOML),
        ("docs/plan/tasks/design.md", DESIGN),
        ("docs/plan/tasks/build.md", BUILD),
    ]);
    git2::Repository::init(dir.path()).expect("git init");
    let plan = dir.path().join("docs/plan");
    let lint = run_in(dir.path(), &["lint", "--today", "2026-01-05"]);
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    let build = run_in(
        dir.path(),
        &["build", "--no-history", "--today", "2026-01-05"],
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(plan.join("site/index.html").is_file(), "{}", stderr(&build));
    assert!(
        !dir.path().join("site").exists(),
        "the repository's top is no plan: its README is not published"
    );
    // With a second plan below, which one is meant is the user's to say.
    std::fs::create_dir_all(dir.path().join("examples/demo")).expect("mkdir");
    std::fs::write(dir.path().join("examples/demo/planbook.toml"), "").expect("write");
    let several = run_in(dir.path(), &["lint"]);
    assert_eq!(several.status.code(), Some(2), "{}", stdout(&several));
    assert!(
        stderr(&several).contains("several plans below it (docs/plan, examples/demo)"),
        "{}",
        stderr(&several)
    );
}
