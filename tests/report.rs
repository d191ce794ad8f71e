//! `planbook report --since REF|DATE` on a real git repository (made with
//! git2, commits at fixed dates): the semantic changes, milestone slips
//! and their causes, task and risk events, and the JSON shape.

mod git_support;

use git_support::{planbook, stderr, stdout, TestRepo};
use serde_json::Value;

const CONFIG: &str = "title = \"Billing\"\nstart = \"2026-01-05\"\n\n[people]\nravi = { name = \"Ravi\" }\nlena = { name = \"Lena\" }\n";

/// Under way, the task is a fifth done: the forecast from the status date
/// (32 of 40 days left from Mon 12 Jan) ends before its planned finish.
fn api(owner: &str, duration: &str, status: &str) -> String {
    let progress = if status == "active" {
        "progress: 20\n"
    } else {
        ""
    };
    format!("---\nkind: task\ntitle: API integration\nowner: {owner}\nduration: {duration}\nstart: 2026-01-05\nstatus: {status}\n{progress}---\n")
}

fn docs(status: &str) -> String {
    format!("---\nkind: task\ntitle: Docs\nowner: lena\nduration: 2d\nstart: 2026-01-05\nstatus: {status}\n---\n")
}

fn risk(title: &str, probability: &str) -> String {
    format!("---\nkind: risk\ntitle: {title}\nowner: ravi\nprobability: {probability}\nimpact: medium\nmitigation: weekly call\ncontingency: {{ trigger: a week late, response: second vendor }}\naffects: [api-integration]\n---\n")
}

const GO_LIVE: &str = "---\nkind: milestone\ntitle: Go-live\nowner: ravi\ndate: 2026-02-20\ncriteria: [customers billed]\ndepends_on: [api-integration]\n---\n";

/// v1 on Thu 1 January; the changes on Sun 11 January.
fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write_staged("planbook.toml", CONFIG);
    repo.write_staged("tasks/api-integration.md", &api("ravi", "6w", "planned"));
    repo.write_staged("tasks/docs.md", &docs("planned"));
    repo.write_staged("milestones/go-live.md", GO_LIVE);
    repo.write_staged("risks/vendor.md", &risk("Vendor late", "low"));
    repo.commit("Plan v1", "Ravi", 0);
    repo.tag("v1");
    repo.write_staged("notes.md", "# Notes\n");
    repo.commit("Notes", "Ravi", 5);
    repo.write_staged("tasks/api-integration.md", &api("lena", "8w", "active"));
    repo.write_staged("tasks/docs.md", &docs("done"));
    repo.write_staged("risks/vendor.md", &risk("Vendor late", "high"));
    repo.write_staged("risks/scope.md", &risk("Scope creep", "medium"));
    repo.commit("API takes longer; Lena takes it over", "Lena", 10);
    repo
}

/// The Markdown report since `v1` as of Monday 12 January.
fn report_since_v1(repo: &TestRepo) -> String {
    let output = planbook(
        repo.path(),
        &["report", "--since", "v1", "--today", "2026-01-12"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn the_report_says_what_moved_and_why_in_markdown() {
    let repo = repo();
    let text = report_since_v1(&repo);
    assert!(text.starts_with("# Status report: Billing\n"), "{text}");
    assert!(text.contains("2 commits changed the plan"), "{text}");
    // A ref is named with its date; the end is HEAD as of the status date.
    assert!(text.contains("From v1 (2026-01-01, commit `"), "{text}");
    assert!(text.contains(") to 2026-01-12 (HEAD, commit `"), "{text}");
    // 6 weeks from Mon 5 Jan end Fri 13 Feb; 8 weeks Fri 27 Feb.
    assert!(
        text.contains("- **Go-live** (`go-live`) moved 2026-02-13 → 2026-02-27 (+10 working days)"),
        "{text}"
    );
    let causes = text.split("moved 2026-02-13").nth(1).unwrap();
    assert!(
        causes.contains("  - `api-integration`: duration 6w → 8w ("),
        "{text}"
    );
    assert!(
        text.contains("- Finished:\n  - Docs (`docs`), owner lena"),
        "{text}"
    );
    assert!(
        text.contains("- Started:\n  - API integration (`api-integration`), owner lena"),
        "{text}"
    );
    assert!(
        text.contains("- Opened:\n  - Scope creep (`scope`)"),
        "{text}"
    );
    assert!(
        text.contains("- Score rose:\n  - Vendor late (`vendor`), score 2 → 6"),
        "{text}"
    );
    assert!(
        text.contains("## Owners changed\n\n- `api-integration`: owner ravi → lena ("),
        "{text}"
    );
    assert!(
        text.contains("| `docs` | status planned → done |"),
        "{text}"
    );
    // The forecast is now after the target: an open finding.
    assert!(
        text.contains("- `milestones/go-live.md:5:7` warning `milestone-late`: milestone `go-live` is reached on 2026-02-27"),
        "{text}"
    );
    // The notes page has no item: no field change, though it is a commit.
    assert!(!text.contains("notes"), "{text}");
}

#[test]
fn a_report_since_a_commit_id_names_the_commit_once() {
    let repo = repo();
    let git = git2::Repository::open(repo.path()).expect("the test repository");
    let v1 = git.revparse_single("v1").expect("tag v1");
    let first = v1.peel_to_commit().expect("a commit").id().to_string();
    let output = planbook(
        repo.path(),
        &["report", "--since", &first[..7], "--today", "2026-01-12"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("From 2026-01-01 (commit `{}`)", &first[..7])),
        "{text}"
    );
}

#[test]
fn the_report_as_json_and_html_and_since_a_date() {
    let repo = repo();
    let output = planbook(
        repo.path(),
        &[
            "report",
            "--since",
            "2026-01-03",
            "--format",
            "json",
            "--today",
            "2026-01-12",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["since"]["date"], "2026-01-03");
    // HEAD's plan speaks as of the status date, not its commit's date.
    assert_eq!(json["until"]["date"], "2026-01-12");
    let milestone = &json["milestones"][0];
    assert_eq!(milestone["id"], "go-live");
    assert_eq!(milestone["before"], "2026-02-13");
    assert_eq!(milestone["after"], "2026-02-27");
    assert_eq!(milestone["slip"], 10);
    let owner = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["field"] == "owner")
        .expect("owner change");
    assert_eq!(owner["id"], "api-integration");
    assert_eq!(owner["before"], "ravi");
    assert_eq!(owner["after"], "lena");
    assert_eq!(owner["commit"].as_str().unwrap().len(), 40);
    let keys: Vec<&String> = owner.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["after", "before", "commit", "field", "id"]);
    let events: Vec<(&str, &str)> = json["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|risk| {
            (
                risk["id"].as_str().unwrap(),
                risk["event"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(events, [("scope", "opened"), ("vendor", "score-rose")]);
    let tasks: Vec<(&str, &str)> = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|task| {
            (
                task["id"].as_str().unwrap(),
                task["event"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tasks,
        [("docs", "finished"), ("api-integration", "started")]
    );

    let html = stdout(&planbook(
        repo.path(),
        &["report", "--since", "v1", "--format", "html"],
    ));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>Status report: Billing</h1>"));
    assert!(
        html.contains("<td><code>api-integration</code></td><td>duration 6w → 8w</td>"),
        "{html}"
    );
}

#[test]
fn an_unknown_ref_is_named() {
    let repo = repo();
    let output = planbook(repo.path(), &["report", "--since", "v9"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`v9`"), "{}", stderr(&output));
}

#[test]
fn a_page_added_or_removed_is_reported_and_multi_line_values_stay_on_one_row() {
    let repo = repo();
    repo.write_staged(
        "tasks/cutover.md",
        "---\nkind: task\ntitle: Cutover\nowner: ravi\nduration: 1d\ndepends_on: [docs]\n---\n",
    );
    repo.unstage_delete("milestones/go-live.md");
    repo.write_staged(
        "risks/vendor.md",
        &risk("Vendor late", "low").replace(
            "mitigation: weekly call\n",
            "mitigation: |\n  weekly call\n  second | line\n",
        ),
    );
    repo.commit("Cutover in, go-live out, a longer mitigation", "Ravi", 10);
    let text = report_since_v1(&repo);
    assert!(text.contains("| `cutover` | added (task) |"), "{text}");
    assert!(
        text.contains("| `go-live` | removed (milestone) |"),
        "{text}"
    );
    // Every line of the changes table is a whole row.
    let table = text.split("## Changes").nth(1).unwrap();
    for line in table.lines().filter(|line| !line.trim().is_empty()) {
        if line.starts_with('#') {
            break;
        }
        assert!(
            line.starts_with('|') && line.ends_with('|'),
            "broken row `{line}` in {text}"
        );
    }
    assert!(text.contains("weekly call second \\| line"), "{text}");
}

#[test]
fn a_since_date_after_the_status_date_is_refused() {
    let repo = repo();
    let output = planbook(
        repo.path(),
        &["report", "--since", "2999-01-01", "--today", "2026-01-12"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("after its status date 2026-01-12"),
        "{}",
        stderr(&output)
    );
}
