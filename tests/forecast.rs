//! Schedules worked out by hand: the status-date forecast, effort, people's
//! availability, cancelled work, weeks, cycles and levelling. Each case is
//! a plan in tests/fixtures/schedule/<case>/ whose `expected.txt` lists the
//! command's arguments and every date the real binary must print
//! (`planbook schedule --format json`). Each page says in its body how its
//! dates were worked out.
//!
//! `expected.txt` lines (`#` starts a comment):
//!
//! ```text
//! args --today 2026-01-14 --level   arguments after `schedule ROOT --format json`
//! exit 1                            exit status (default 0)
//! dates ID START FINISH             a task's forecast; every task must be listed
//! planned ID START FINISH           a task's planned dates
//! date ID DATE                      a milestone's forecast; every milestone must be listed
//! late ID DAYS                      a milestone's working days late
//! waits ID PERSON:TASK ...          a task's `delayed_by` (TASK `away`: no task)
//! overallocated PERSON FIRST LAST   one run of over-allocated days (all must be listed)
//! critical ID ...                   the critical path
//! cancelled ID ...                  the cancelled tasks
//! unscheduled ID ...                items left out (in or after a cycle)
//! ```

mod common;

use std::collections::BTreeSet;

use common::{fixture, run, stderr, stdout};
use serde_json::Value;

fn entries<'a>(json: &'a Value, list: &str) -> &'a [Value] {
    json[list].as_array().map_or(&[], Vec::as_slice)
}

fn find<'a>(json: &'a Value, list: &str, id: &str) -> &'a Value {
    entries(json, list)
        .iter()
        .find(|entry| entry["id"] == id)
        .unwrap_or_else(|| panic!("`{id}` is not in `{list}`"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("null")
}

/// Checks one case; returns what failed, one line each.
fn check_case(case: &str) -> Vec<String> {
    let dir = fixture(&format!("schedule/{case}"));
    let expected = std::fs::read_to_string(dir.join("expected.txt"))
        .unwrap_or_else(|_| panic!("case `{case}` has no expected.txt"));
    let lines: Vec<Vec<&str>> = expected
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(|line| line.split_whitespace().collect())
        .collect();
    let mut args = vec!["schedule", dir.to_str().unwrap(), "--format", "json"];
    let mut exit = 0;
    for line in &lines {
        match line[0] {
            "args" => args.extend(&line[1..]),
            "exit" => exit = line[1].parse().expect("exit status"),
            _ => {}
        }
    }
    let output = run(&args);
    let mut failures = Vec::new();
    if output.status.code() != Some(exit) {
        failures.push(format!(
            "exit {:?}, expected {exit}: {}",
            output.status.code(),
            stderr(&output)
        ));
    }
    let json: Value = match serde_json::from_slice(&output.stdout) {
        Ok(json) => json,
        Err(error) => return vec![format!("no JSON ({error}): {}", stdout(&output))],
    };
    let mut listed_tasks = BTreeSet::new();
    let mut listed_milestones = BTreeSet::new();
    let mut runs = Vec::new();
    for line in &lines {
        let mut expect = |what: String, found: String, wanted: String| {
            if found != wanted {
                failures.push(format!("{what}: found {found}, expected {wanted}"));
            }
        };
        let words = |from: usize| line[from..].join(" ");
        match line[0] {
            "args" | "exit" => {}
            "dates" => {
                listed_tasks.insert(line[1].to_string());
                let task = find(&json, "tasks", line[1]);
                let found = format!("{} {}", text(&task["start"]), text(&task["finish"]));
                expect(format!("dates of `{}`", line[1]), found, words(2));
            }
            "planned" => {
                let task = find(&json, "tasks", line[1]);
                let found = format!(
                    "{} {}",
                    text(&task["planned_start"]),
                    text(&task["planned_finish"])
                );
                expect(format!("planned dates of `{}`", line[1]), found, words(2));
            }
            "date" => {
                listed_milestones.insert(line[1].to_string());
                let found = text(&find(&json, "milestones", line[1])["date"]).to_string();
                expect(format!("date of `{}`", line[1]), found, words(2));
            }
            "late" => {
                let found = find(&json, "milestones", line[1])["late"].to_string();
                expect(format!("lateness of `{}`", line[1]), found, words(2));
            }
            "waits" => {
                let task = find(&json, "tasks", line[1]);
                let found: Vec<String> = task["delayed_by"]
                    .as_array()
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|delay| {
                        let what = delay["task"].as_str().unwrap_or("away");
                        format!("{}:{what}", text(&delay["person"]))
                    })
                    .collect();
                expect(format!("waits of `{}`", line[1]), found.join(" "), words(2));
            }
            "overallocated" => runs.push(words(1)),
            "critical" => {
                let found: Vec<&str> = entries(&json, "critical_path").iter().map(text).collect();
                expect("critical path".into(), found.join(" "), words(1));
            }
            "cancelled" => {
                let found: Vec<&str> = entries(&json, "tasks")
                    .iter()
                    .filter(|task| task["cancelled"] == true)
                    .map(|task| text(&task["id"]))
                    .collect();
                expect("cancelled".into(), found.join(" "), words(1));
            }
            "unscheduled" => {
                for id in &line[1..] {
                    let present = ["tasks", "milestones"]
                        .iter()
                        .any(|list| entries(&json, list).iter().any(|entry| entry["id"] == *id));
                    if present {
                        failures.push(format!("`{id}` is scheduled, expected it left out"));
                    }
                }
            }
            other => panic!("case `{case}`: unknown line `{other}`"),
        }
    }
    let found_runs: Vec<String> = entries(&json, "overallocated")
        .iter()
        .map(|run| {
            format!(
                "{} {} {}",
                text(&run["person"]),
                text(&run["first"]),
                text(&run["last"])
            )
        })
        .collect();
    if found_runs != runs {
        failures.push(format!(
            "over-allocations: found {found_runs:?}, expected {runs:?}"
        ));
    }
    for (list, listed) in [("tasks", &listed_tasks), ("milestones", &listed_milestones)] {
        for entry in entries(&json, list) {
            let id = text(&entry["id"]);
            if !listed.contains(id) {
                failures.push(format!(
                    "`{id}` is scheduled but expected.txt gives no date"
                ));
            }
        }
    }
    failures
}

#[test]
fn every_hand_worked_schedule_gives_the_expected_dates() {
    let root = fixture("schedule");
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/fixtures/schedule")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "{cases:?}");
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            check_case(case)
                .into_iter()
                .map(move |failure| format!("{case}: {failure}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_levelled_plan_has_no_overallocated_findings() {
    for case in [
        "leave-across-weekend",
        "level-by-slack",
        "part-time-allocation",
    ] {
        let dir = fixture(&format!("schedule/{case}"));
        let root = dir.to_str().unwrap();
        let lint = |extra: &[&str]| {
            let mut args = vec!["lint", root, "--format", "json", "--today", "2026-01-05"];
            args.extend_from_slice(extra);
            let output = run(&args);
            let json: Value = serde_json::from_slice(&output.stdout).expect("lint JSON");
            entries(&json, "findings")
                .iter()
                .filter(|finding| finding["rule"] == "overallocated")
                .count()
        };
        assert!(lint(&[]) > 0, "case `{case}` is over-allocated unlevelled");
        assert_eq!(lint(&["--level"]), 0, "case `{case}` levelled");
    }
}

#[test]
fn level_in_planbook_toml_is_the_same_as_the_flag() {
    let plan = common::copy_fixture("schedule/level-by-slack");
    let root = plan.path().to_str().unwrap();
    let schedule = |extra: &[&str]| {
        let mut args = vec!["schedule", root, "--today", "2026-01-05"];
        args.extend_from_slice(extra);
        stdout(&run(&args))
    };
    let flagged = schedule(&["--level"]);
    assert!(flagged.contains("WAITS FOR"), "{flagged}");
    let config = plan.path().join("planbook.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[schedule]\nlevel = true\n")).unwrap();
    assert_eq!(schedule(&[]), flagged);
}
