//! The command line: every subcommand, flag, format and exit code.

mod common;

use common::{fixture, run, stderr, stdout, write_plan, ROSTER_TOML};

fn sample_plan() -> String {
    format!("{}/sample-plan", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_plan_lints_clean_even_denying_warnings() {
    let output = run(&[
        "lint",
        &sample_plan(),
        "--deny",
        "warnings",
        "--today",
        "2026-10-06",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "no findings\n");
}

#[test]
fn exit_codes_errors_warnings_and_deny() {
    let warning_only = fixture("rules/missing-criteria");
    let output = run(&["lint", warning_only.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "warnings alone pass");
    let output = run(&["lint", warning_only.to_str().unwrap(), "--deny", "warnings"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "--deny warnings fails on warnings"
    );
    let errors = fixture("rules/missing-owner");
    assert_eq!(
        run(&["lint", errors.to_str().unwrap()]).status.code(),
        Some(1)
    );
}

#[test]
fn could_not_run_exits_2_with_a_message() {
    let output = run(&["lint", "/definitely/not/a/plan"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/definitely/not/a/plan"),
        "{}",
        stderr(&output)
    );
    // The cause is said once, not repeated by every layer that passed it on.
    assert_eq!(
        stderr(&output).matches("No such file or directory").count(),
        1,
        "{}",
        stderr(&output)
    );
    let output = run(&["lint", "--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["lint", "--today", "yesterday"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a date"),
        "{}",
        stderr(&output)
    );
    let output = run(&["lint", "--deny", "everything"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn human_output_shows_the_line_and_a_caret() {
    let output = run(&[
        "lint",
        fixture("rules/unknown-owner").to_str().unwrap(),
        "--today",
        "2026-01-05",
    ]);
    let text = stdout(&output);
    assert!(
        text.contains("warning[unknown-owner]: owner `alcie` of task `typo` is not in the roster"),
        "{text}"
    );
    assert!(text.contains("--> tasks/typo.md:3:8"), "{text}");
    assert!(
        text.contains("3 | owner: alcie\n  |        ^^^^^"),
        "{text}"
    );
    assert!(text.contains("help: did you mean `alice`?"), "{text}");
    assert!(text.ends_with("0 errors, 2 warnings\n"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn json_output_is_the_documented_object() {
    let (json, code) = common::lint_json(&fixture("rules/missing-owner"), &[]);
    assert_eq!(code, 1);
    let object = json.as_object().unwrap();
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort();
    assert_eq!(keys, ["errors", "findings", "warnings"]);
    assert_eq!(json["errors"], 3);
    assert_eq!(json["warnings"], 0);
    let finding = json["findings"][2].as_object().unwrap();
    assert_eq!(finding.len(), 7);
    // Keys come in the documented order.
    let raw = stdout(&run(&[
        "lint",
        fixture("rules/missing-owner").to_str().unwrap(),
        "--format",
        "json",
    ]));
    let positions: Vec<usize> = [
        "\"rule\"",
        "\"severity\"",
        "\"file\"",
        "\"line\"",
        "\"column\"",
        "\"message\"",
        "\"help\"",
    ]
    .iter()
    .map(|key| raw.find(key).unwrap())
    .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{raw}");
    assert_eq!(json["findings"][2]["file"], "tasks/orphan.md");
    assert_eq!(json["findings"][2]["message"], "task `orphan` has no owner");
}

#[test]
fn sarif_output_has_the_2_1_0_shape() {
    let plan = common::copy_fixture("rules/duplicate-id");
    let output = run(&[
        "lint",
        plan.path().to_str().unwrap(),
        "--format",
        "sarif",
        "--today",
        "2026-01-05",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "planbook");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), planbook::lint::rule_names().len());
    for rule in rules {
        assert!(rule["id"].is_string() && rule["shortDescription"]["text"].is_string());
        assert!(
            ["error", "warning"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "duplicate-id");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "duplicate-id"
    );
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"].is_string());
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "tasks/register.md");
    assert_eq!(location["region"]["startLine"], 3);
    assert_eq!(location["region"]["startColumn"], 9);
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tasks/migrate.md"
    );
}

#[test]
fn github_output_is_workflow_commands() {
    let plan = common::copy_fixture("rules/missing-dependencies");
    let output = run(&[
        "lint",
        plan.path().to_str().unwrap(),
        "--format",
        "github",
        "--today",
        "2026-01-05",
    ]);
    let text = stdout(&output);
    assert_eq!(
        text,
        "::warning file=tasks/floating.md,line=1,col=1,endLine=1,endColumn=4,title=missing-dependencies::task `floating` has neither `depends_on` nor `start` (help: add `depends_on: [<task or milestone id>]`%2C or `start: <date>` if it can begin on its own)\n"
            .replace("%2C", ",")
    );
}

#[test]
fn lint_levels_and_page_allow() {
    let page = "---\nkind: task\nowner: alice\nduration: 1d\n---\n";
    let allowed =
        "---\nkind: task\nowner: bob\nduration: 1d\nlint: { allow: [missing-dependencies] }\n---\n";
    let dir = write_plan(&[
        ("planbook.toml", ROSTER_TOML),
        ("tasks/a.md", page),
        ("tasks/b.md", allowed),
    ]);
    let (json, _) = common::lint_json(dir.path(), &[]);
    assert_eq!(
        common::finding_lines(&json),
        ["missing-dependencies tasks/a.md:1:1"]
    );

    let config = format!("{ROSTER_TOML}\n[lint]\nmissing-dependencies = \"error\"\n");
    std::fs::write(dir.path().join("planbook.toml"), config).unwrap();
    let (json, code) = common::lint_json(dir.path(), &[]);
    assert_eq!(
        (json["findings"][0]["severity"].as_str(), code),
        (Some("error"), 1)
    );

    let config = format!(
        "{ROSTER_TOML}\n[lint]\nmissing-dependencies = \"off\"\nmissing-dependancies = \"off\"\n"
    );
    std::fs::write(dir.path().join("planbook.toml"), config).unwrap();
    let (json, _) = common::lint_json(dir.path(), &[]);
    let lines = common::finding_lines(&json);
    assert_eq!(
        lines,
        ["unknown-field planbook.toml:10:1"],
        "a misspelt rule is reported, the real one is off"
    );
    assert_eq!(
        json["findings"][0]["help"],
        "did you mean `missing-dependencies`?"
    );
}

#[test]
fn explain_prints_each_rule_and_lists_them() {
    for rule in planbook::lint::rule_names() {
        let output = run(&["explain", rule]);
        assert!(output.status.success());
        let text = stdout(&output);
        for section in [
            "## What it does",
            "## Why does it matter",
            "## Example",
            "## Fix",
        ] {
            assert!(text.contains(section), "{rule} lacks {section}");
        }
    }
    let list = stdout(&run(&["explain"]));
    assert_eq!(list.lines().count(), planbook::lint::rule_names().len());
    let output = run(&["explain", "missing-ownr"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `missing-owner`?"));
}

#[test]
fn init_writes_a_clean_plan_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan");
    let output = run(&["init", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for file in [
        "planbook.toml",
        "overview.md",
        "tasks/design.md",
        "tasks/build.md",
        "milestones/launch.md",
        "risks/register.md",
    ] {
        assert!(target.join(file).is_file(), "{file}");
    }
    let lint = run(&[
        "lint",
        target.to_str().unwrap(),
        "--deny",
        "warnings",
        "--today",
        "2027-01-04",
    ]);
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));

    std::fs::write(target.join("overview.md"), "mine").unwrap();
    let again = run(&["init", target.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("never overwrites"));
    assert_eq!(
        std::fs::read_to_string(target.join("overview.md")).unwrap(),
        "mine"
    );
}

#[test]
fn init_keeps_what_build_writes_out_of_git() {
    // `git add -A` after a first build must not commit the site, nor the
    // lock file the build leaves beside it.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan");
    let output = run(&["init", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(".gitignore"),
        "{}",
        stdout(&output)
    );
    let build = run(&[
        "build",
        target.to_str().unwrap(),
        "--no-history",
        "--today",
        "2027-01-04",
    ]);
    assert!(build.status.success(), "{}", stderr(&build));
    let repo = git2::Repository::init(&target).unwrap();
    for built in [
        "site/index.html",
        ".site.planbook-lock",
        ".site.planbook-old/index.html",
    ] {
        assert!(
            repo.is_path_ignored(built).unwrap(),
            "{built} would be committed"
        );
    }
    for page in ["planbook.toml", "tasks/design.md"] {
        assert!(!repo.is_path_ignored(page).unwrap(), "{page} is ignored");
    }

    // A folder with a .gitignore of its own keeps it as it is.
    let own = dir.path().join("own");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(own.join(".gitignore"), "*.log\n").unwrap();
    let output = run(&["init", own.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(own.join(".gitignore")).unwrap(),
        "*.log\n"
    );
    assert!(
        stdout(&output).contains("add `/site/` and `/.site.planbook-*` to it"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn new_adds_a_stub_page_per_kind() {
    let dir = write_plan(&[("planbook.toml", ROSTER_TOML)]);
    let root = dir.path().to_str().unwrap();
    for (kind, folder) in [
        ("task", "tasks"),
        ("milestone", "milestones"),
        ("risk", "risks"),
        ("person", "people"),
    ] {
        let output = run(&["new", kind, "Migrate Invoices: Phase 2", "--root", root]);
        assert!(output.status.success(), "{}", stderr(&output));
        let path = dir.path().join(folder).join("migrate-invoices-phase-2.md");
        assert_eq!(stdout(&output).trim(), path.to_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(&format!(
                "---\ntitle: \"Migrate Invoices: Phase 2\"\nkind: {kind}\n"
            )),
            "{text}"
        );
    }
    // The stubs parse; what is left to fill in is reported, not a parse error.
    let (json, _) = common::lint_json(dir.path(), &[]);
    let lines = common::finding_lines(&json);
    assert!(
        lines
            .iter()
            .all(|line| !line.starts_with("invalid-front-matter")
                && !line.starts_with("unknown-field")),
        "{lines:?}"
    );
    // At the empty `owner:` line the stub has.
    assert!(
        lines.contains(&"missing-owner tasks/migrate-invoices-phase-2.md:4:1".to_string()),
        "{lines:?}"
    );
    // The person's name is the title given: not reported as missing.
    assert!(
        lines
            .iter()
            .all(|line| !line.starts_with("invalid-value people/")),
        "{lines:?}"
    );
    let person =
        std::fs::read_to_string(dir.path().join("people/migrate-invoices-phase-2.md")).unwrap();
    assert!(
        person.contains("\nname: \"Migrate Invoices: Phase 2\"\n"),
        "{person}"
    );
    // It refuses to overwrite.
    let again = run(&["new", "task", "Migrate Invoices: Phase 2", "--root", root]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn schedule_table_shows_the_critical_path() {
    let output = run(&["schedule", &sample_plan(), "--today", "2026-10-06"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("Plan: 2026-09-07 to "), "{text}");
    assert!(
        text.contains("Critical path: vendor-contract -> "),
        "{text}"
    );
    assert!(text.contains("MILESTONE"));
}

#[test]
fn output_is_deterministic() {
    let first = run(&[
        "lint",
        fixture("rules/unknown-field").to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    let second = run(&[
        "lint",
        fixture("rules/unknown-field").to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn the_current_folder_is_the_default_root() {
    let output = common::run_in(
        &fixture("rules/missing-owner"),
        &["lint", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("tasks/orphan.md"));
}

#[test]
fn sarif_and_github_paths_start_at_the_repository_top() {
    let repo = tempfile::tempdir().unwrap();
    git2::Repository::init(repo.path()).unwrap();
    let plan = repo.path().join("docs/plan");
    std::fs::create_dir_all(plan.join("tasks")).unwrap();
    std::fs::write(
        plan.join("tasks/floating.md"),
        "---\nkind: task\nowner: a\nduration: 1d\n---\n",
    )
    .unwrap();
    let github = stdout(&run(&[
        "lint",
        plan.to_str().unwrap(),
        "--format",
        "github",
    ]));
    assert!(
        github.starts_with("::warning file=docs/plan/tasks/floating.md,line=1,col=1,"),
        "{github}"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&["lint", plan.to_str().unwrap(), "--format", "sarif"]).stdout)
            .unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(uri, "docs/plan/tasks/floating.md");
    // The human and JSON formats keep paths relative to the plan root.
    let (json, _) = common::lint_json(&plan, &[]);
    assert_eq!(json["findings"][0]["file"], "tasks/floating.md");
}

#[test]
fn schema_prints_json_schema_for_pages_and_the_config() {
    let page = run(&["schema", "page"]);
    assert!(page.status.success());
    let page: serde_json::Value = serde_json::from_slice(&page.stdout).expect("JSON");
    assert_eq!(
        page["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(page["$defs"]["risk-page"]["properties"]["contingency"].is_object());
    let config = run(&["schema", "config"]);
    let config: serde_json::Value = serde_json::from_slice(&config.stdout).expect("JSON");
    assert_eq!(config["properties"]["risk"]["$ref"], "#/$defs/risk");
    assert!(!run(&["schema", "nonsense"]).status.success());
}

/// A reader that stops early (`planbook schedule | head`) ends the command
/// quietly, with its usual exit code, instead of a panic and a backtrace.
#[test]
fn a_reader_that_stops_early_is_no_crash() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // Far more output than a pipe holds, so the writer meets the closed pipe.
    let mut register =
        String::from("---\nkind: task\nid: lead\nowner: ana\nduration: 1d\ntasks:\n");
    for number in 0..3000 {
        register.push_str(&format!(
            "  - id: step-{number}\n    owner: ana\n    duration: 1d\n"
        ));
    }
    register.push_str("---\n# Lead\n");
    let plan = write_plan(&[
        (
            "planbook.toml",
            "start = \"2026-01-05\"\n[people]\nana = \"Ana\"\n",
        ),
        ("tasks/lead.md", &register),
    ]);
    for args in [
        ["schedule", "--format", "json"],
        ["schedule", "--format", "table"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planbook"))
            .args(args)
            .arg(plan.path())
            .args(["--today", "2026-01-05"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("planbook runs");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let output = child.wait_with_output().expect("planbook ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
