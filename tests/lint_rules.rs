//! Every lint rule fires on its fixture plan (tests/fixtures/rules/<rule>/)
//! exactly at the locations listed in its `expected.txt`, and nowhere else:
//! each fixture also holds clean pages that must not fire.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{finding_lines, fixture, lint_json};

#[test]
fn every_rule_has_a_fixture_that_fires_exactly_where_expected() {
    let rules = planbook::lint::rule_names();
    for rule in rules {
        let dir = fixture(&format!("rules/{rule}"));
        let expected_text = std::fs::read_to_string(dir.join("expected.txt"))
            .unwrap_or_else(|_| panic!("rule `{rule}` has no fixture with expected.txt"));
        let expected: Vec<String> = expected_text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(str::to_string)
            .collect();
        assert!(
            expected
                .iter()
                .any(|line| line.starts_with(&format!("{rule} "))),
            "fixture of `{rule}` must make it fire"
        );
        let (json, _) = lint_json(&dir, &[]);
        let found = finding_lines(&json);
        assert_eq!(found, expected, "findings of fixture `{rule}`");
        assert!(
            !found.iter().any(|line| line.contains("tasks/clean.md")),
            "the clean neighbour of `{rule}` fired"
        );
    }
}

/// The registry is the one list of rules: every rule file is registered,
/// every registered rule has its file and its fixture, and no fixture is
/// left without a rule.
#[test]
fn the_registry_lists_every_rule_file_and_fixture() {
    let registered: BTreeSet<String> = planbook::lint::rule_names()
        .iter()
        .map(|rule| rule.to_string())
        .collect();
    assert_eq!(
        registered.len(),
        planbook::lint::rule_names().len(),
        "a rule is registered twice"
    );
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let names_in = |folder: &str, strip: &str| -> BTreeSet<String> {
        std::fs::read_dir(manifest.join(folder))
            .expect("folder exists")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name != "mod.rs")
            .map(|name| name.trim_end_matches(strip).replace('_', "-"))
            .collect()
    };
    assert_eq!(names_in("src/lint/rules", ".rs"), registered, "rule files");
    assert_eq!(
        names_in("tests/fixtures/rules", ""),
        registered,
        "rule fixtures"
    );
    let format = std::fs::read_to_string(manifest.join("docs/format.md")).expect("docs");
    for rule in &registered {
        assert!(
            format.contains(&format!("[`{rule}`](rules.md#{rule})")),
            "docs/format.md section 5 lists `{rule}`"
        );
    }
}

#[test]
fn every_finding_has_a_message_naming_the_item_and_a_help_line() {
    for rule in planbook::lint::rule_names() {
        let (json, _) = lint_json(&fixture(&format!("rules/{rule}")), &[]);
        for finding in json["findings"].as_array().unwrap() {
            let message = finding["message"].as_str().unwrap();
            assert!(
                message.contains('`'),
                "message names something in backticks: {message}"
            );
            assert!(
                !finding["help"].as_str().unwrap().is_empty(),
                "help for {message}"
            );
            assert!(["error", "warning"].contains(&finding["severity"].as_str().unwrap()));
        }
    }
}

#[test]
fn suggestions_for_typos() {
    let (json, _) = lint_json(&fixture("rules/unknown-field"), &[]);
    let helps: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["help"].as_str().unwrap())
        .collect();
    assert!(helps.contains(&"did you mean `owner`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `calendar`?"), "{helps:?}");

    assert_eq!(
        help_of("rules/unknown-dependency", "desing"),
        "did you mean `design`?"
    );
    assert_eq!(
        help_of("rules/broken-link", "clen.md"),
        "did you mean `../tasks/clean.md`?"
    );

    let (json, _) = lint_json(&fixture("rules/unknown-owner"), &[]);
    let helps: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["help"].as_str().unwrap())
        .collect();
    assert_eq!(helps, ["did you mean `alice`?", "did you mean `bob`?"]);
}

#[test]
fn a_cycle_prints_the_whole_cycle() {
    let (json, code) = lint_json(&fixture("rules/dependency-cycle"), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        json["findings"][0]["message"],
        "`a` depends on itself through a dependency cycle: a -> b -> c -> a"
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    let (json, _) = lint_json(&fixture("rules/duplicate-id"), &[]);
    let finding = &json["findings"][0];
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("tasks/migrate.md:1"),
        "{finding}"
    );
    assert_eq!(finding["related"][0]["file"], "tasks/migrate.md");
}

#[test]
fn one_malformed_page_does_not_hide_the_others() {
    let dir = common::write_plan(&[
        ("planbook.toml", common::ROSTER_TOML),
        ("tasks/broken.md", "---\nkind: task\nowner: [alice\n---\n"),
        (
            "tasks/ownerless.md",
            "---\nkind: task\nstart: 2026-01-05\nduration: 1d\n---\n",
        ),
    ]);
    let (json, code) = lint_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let lines = finding_lines(&json);
    // At the bracket that is never closed, not where the parser gave up.
    assert!(
        lines.contains(&"invalid-front-matter tasks/broken.md:3:8".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"missing-owner tasks/ownerless.md:1:1".to_string()),
        "{lines:?}"
    );
}

#[test]
fn a_missing_contingency_points_at_the_score_it_comes_from() {
    let (json, _) = lint_json(&fixture("rules/missing-contingency"), &[]);
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["file"] == "risks/big.md")
        .expect("big risk reported")
        .clone();
    assert_eq!(
        (finding["line"].clone(), finding["column"].clone()),
        (4.into(), 14.into())
    );
    assert_eq!(finding["related"][0]["line"], 5, "{finding}");
    assert_eq!(finding["related"][0]["message"], "impact `high`");
}

/// The help line of the finding of fixture `plan` whose message contains `needle`.
fn help_of(plan: &str, needle: &str) -> String {
    let (json, _) = lint_json(&fixture(plan), &[]);
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["message"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no finding about `{needle}` in {plan}"))
        .clone();
    finding["help"].as_str().unwrap().to_string()
}
