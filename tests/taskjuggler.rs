//! planbook against TaskJuggler (`tj3`), where their semantics coincide:
//! effort-driven tasks, part-time people, leaves, holidays and levelling by
//! priority. Each case in tests/fixtures/taskjuggler/<case>/ is a planbook
//! plan and the same project as `plan.tjp` (with a CSV report of every
//! task's start and end); both must give the same dates. docs/format.md
//! ("planbook and TaskJuggler") says where the two differ and why.
//!
//! Needs `tj3` (Debian package `tj3`), so it is ignored by a plain `cargo
//! test`; `.ci/steps/50-taskjuggler.sh` installs tj3 and runs it with
//! `cargo test --test taskjuggler -- --ignored`. Without tj3 it fails.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{fixture, run, stderr};

/// `id -> (start, end)` from TaskJuggler's `"Id";"Start";"End"` CSV.
fn taskjuggler_dates(case: &str) -> BTreeMap<String, (String, String)> {
    let out = tempfile::tempdir().expect("temp dir");
    let output = Command::new("tj3")
        .args(["--silent", "--no-color", "--output-dir"])
        .arg(out.path())
        .arg(fixture(&format!("taskjuggler/{case}/plan.tjp")))
        .output()
        .expect("tj3 runs (apt-get install tj3)");
    assert!(
        output.status.success(),
        "tj3 failed on {case}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_to_string(out.path().join("dates.csv")).expect("dates.csv");
    csv.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<String> = line
                .split(';')
                .map(|cell| cell.trim_matches('"').to_string())
                .collect();
            assert_eq!(cells.len(), 3, "{line}");
            (cells[0].clone(), (cells[1].clone(), cells[2].clone()))
        })
        .collect()
}

/// `id -> (start, finish)` of `planbook schedule --level`.
fn planbook_dates(case: &str) -> BTreeMap<String, (String, String)> {
    let root = fixture(&format!("taskjuggler/{case}"));
    let output = run(&[
        "schedule",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--level",
        "--today",
        "2026-01-05",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    json["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|task| {
            let text = |key: &str| task[key].as_str().expect("date").to_string();
            (text("id"), (text("start"), text("finish")))
        })
        .collect()
}

#[test]
#[ignore = "needs tj3; run by .ci/steps/50-taskjuggler.sh"]
fn planbook_and_taskjuggler_give_the_same_dates() {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("taskjuggler"))
        .expect("tests/fixtures/taskjuggler")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "{cases:?}");
    for case in cases {
        let theirs = taskjuggler_dates(&case);
        let ours = planbook_dates(&case);
        assert!(!ours.is_empty(), "{case}: no tasks");
        assert_eq!(ours, theirs, "{case}: planbook (left) and tj3 (right)");
    }
}
