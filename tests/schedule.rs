//! Schedules worked out by hand: weekends, holidays, lags, milestones,
//! slack and the critical path (FORMAT.md section 4).

mod common;

use common::{run, write_plan};
use serde_json::Value;

const HOLIDAY_TOML: &str = "start = \"2026-12-21\"\n\n[calendar]\nholidays = [\"2026-12-25\", \"2027-01-01\"]\n\n[people]\nalice = { name = \"Alice\" }\n";

fn task(extra: &str) -> String {
    format!("---\nkind: task\nowner: alice\n{extra}---\n")
}

/// The schedule as of the plan's start (2026-12-21 for the holiday plan):
/// nothing is late yet, so the dates are the planned ones.
fn schedule_json(root: &std::path::Path) -> Value {
    schedule_json_on(root, "2026-12-21")
}

fn schedule_json_on(root: &std::path::Path, today: &str) -> Value {
    let output = run(&[
        "schedule",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        today,
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    serde_json::from_slice(&output.stdout).expect("schedule JSON")
}

fn entry<'a>(json: &'a Value, list: &str, id: &str) -> &'a Value {
    json[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {list}"))
}

#[test]
fn holidays_weekends_lags_and_milestones() {
    let dir = write_plan(&[
        ("planbook.toml", HOLIDAY_TOML),
        // Mon 21 Dec + 5 working days, skipping Christmas: 21, 22, 23, 24, 28.
        ("tasks/t1.md", &task("start: 2026-12-21\nduration: 5d\n")),
        // Next working day after 28 Dec is 29: 29, 30, 31.
        ("tasks/t2.md", &task("depends_on: [t1]\nduration: 3d\n")),
        // 29 Dec plus a lag of 2 working days is 31 Dec; 2d: 31 Dec, (1 Jan holiday), 4 Jan.
        ("tasks/t3.md", &task("depends_on: [{ id: t1, lag: 2d }]\nduration: 2d\n")),
        // Reached when t3 finishes (4 Jan): 1 working day after its 31 Dec target.
        ("milestones/m1.md", "---\nkind: milestone\nowner: alice\ndate: 2026-12-31\ncriteria: [done]\ndepends_on: [t2, t3]\n---\n"),
        // Starts the working day after the milestone: 5 Jan.
        ("tasks/t4.md", &task("depends_on: [m1]\nduration: 1d\n")),
        // A Saturday start moves to Monday 28 Dec.
        ("tasks/t5.md", &task("start: 2026-12-26\nduration: 1d\n")),
    ]);
    let json = schedule_json(dir.path());
    let dates = |id: &str| {
        let task = entry(&json, "tasks", id);
        (
            task["start"].as_str().unwrap().to_string(),
            task["finish"].as_str().unwrap().to_string(),
            task["slack"].as_i64().unwrap(),
            task["critical"].as_bool().unwrap(),
        )
    };
    assert_eq!(
        dates("t1"),
        ("2026-12-21".into(), "2026-12-28".into(), 0, true)
    );
    assert_eq!(
        dates("t2"),
        ("2026-12-29".into(), "2026-12-31".into(), 1, false)
    );
    assert_eq!(
        dates("t3"),
        ("2026-12-31".into(), "2027-01-04".into(), 0, true)
    );
    assert_eq!(
        dates("t4"),
        ("2027-01-05".into(), "2027-01-05".into(), 0, true)
    );
    assert_eq!(
        dates("t5"),
        ("2026-12-28".into(), "2026-12-28".into(), 5, false)
    );
    let milestone = entry(&json, "milestones", "m1");
    assert_eq!(milestone["date"], "2027-01-04");
    assert_eq!(milestone["target"], "2026-12-31");
    assert_eq!(milestone["late"], 1);
    assert_eq!(json["start"], "2026-12-21");
    assert_eq!(json["finish"], "2027-01-05");
    assert_eq!(
        json["critical_path"],
        serde_json::json!(["t1", "t3", "m1", "t4"])
    );
}

#[test]
fn end_dates_plan_start_and_milestones_without_dependencies() {
    let dir = write_plan(&[
        ("planbook.toml", "start = \"2026-03-02\"\n"),
        // No start, no dependencies: the plan start (Mon 2 Mar).
        (
            "tasks/first.md",
            "---\nkind: task\nowner: a\nduration: 2w\n---\n",
        ),
        // An `end` instead of a duration: 16 Mar to 20 Mar.
        (
            "tasks/second.md",
            "---\nkind: task\nowner: a\ndepends_on: [first]\nend: 2026-03-20\n---\n",
        ),
        (
            "milestones/review.md",
            "---\nkind: milestone\nowner: a\ndate: 2026-03-10\ncriteria: reviewed\n---\n",
        ),
    ]);
    let json = schedule_json_on(dir.path(), "2026-03-02");
    assert_eq!(entry(&json, "tasks", "first")["finish"], "2026-03-13");
    let second = entry(&json, "tasks", "second");
    assert_eq!(
        (
            second["start"].as_str(),
            second["finish"].as_str(),
            second["duration"].as_i64()
        ),
        (Some("2026-03-16"), Some("2026-03-20"), Some(5))
    );
    let review = entry(&json, "milestones", "review");
    assert_eq!(
        (review["date"].as_str(), review["late"].as_i64()),
        (Some("2026-03-10"), Some(0))
    );
}

#[test]
fn a_task_delivering_a_milestone_feeds_it() {
    let dir = write_plan(&[
        ("planbook.toml", "start = \"2026-03-02\"\n"),
        (
            "tasks/build.md",
            "---\nkind: task\nowner: a\nstart: 2026-03-02\nduration: 3d\nmilestone: beta\n---\n",
        ),
        (
            "milestones/beta.md",
            "---\nkind: milestone\nowner: a\ncriteria: shipped\n---\n",
        ),
    ]);
    let json = schedule_json_on(dir.path(), "2026-03-02");
    assert_eq!(entry(&json, "milestones", "beta")["date"], "2026-03-04");
    assert_eq!(entry(&json, "milestones", "beta")["target"], Value::Null);
}

#[test]
fn five_point_risk_scale() {
    let toml = "[risk]\nscale = 5\n\n[people]\nbob = { name = \"Bob\" }\n";
    let risk = |name: &str, probability: &str, impact: &str| {
        (format!("risks/{name}.md"), format!("---\nkind: risk\nowner: bob\nprobability: {probability}\nimpact: {impact}\nmitigation: watch\n---\n"))
    };
    let files = [
        ("planbook.toml".to_string(), toml.to_string()),
        // 4 x 4 = 16 reaches the 5-point default threshold of 12.
        risk("high", "high", "high"),
        // 5 x 2 = 10 stays below it.
        risk("medium", "very-high", "low"),
        // 5 is on the 5-point scale; "extreme" is not.
        risk("numeric", "5", "very-low"),
        risk("extreme", "extreme", "low"),
    ];
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let dir = write_plan(&borrowed);
    let (json, _) = common::lint_json(dir.path(), &[]);
    assert_eq!(
        common::finding_lines(&json),
        [
            "invalid-risk-rating risks/extreme.md:4:14",
            "missing-contingency risks/high.md:4:14"
        ]
    );
    assert!(json["findings"][1]["message"]
        .as_str()
        .unwrap()
        .contains("scores 16 (threshold 12)"));
}

#[test]
fn cycles_leave_items_unscheduled_but_the_rest_scheduled() {
    let dir = write_plan(&[
        (
            "tasks/a.md",
            "---\nkind: task\nowner: x\ndepends_on: [b]\nduration: 1d\n---\n",
        ),
        (
            "tasks/b.md",
            "---\nkind: task\nowner: x\ndepends_on: [a]\nduration: 1d\n---\n",
        ),
        (
            "tasks/c.md",
            "---\nkind: task\nowner: x\nstart: 2026-03-02\nduration: 1d\n---\n",
        ),
    ]);
    // A cycle is an error: the rest is still scheduled and printed, the
    // cycle is named on stderr where lint shows it (the entry that closes
    // it), and the exit status is 1.
    let root = dir.path().to_str().unwrap();
    let output = run(&[
        "schedule",
        root,
        "--format",
        "json",
        "--today",
        "2026-03-02",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        common::stderr(&output),
        "error: dependency cycle: a -> b -> a; the items in it and after it are not scheduled\n \
         --> tasks/b.md:4:14\n\
         help: remove one of these dependencies so that work flows one way\n"
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("schedule JSON");
    let ids: Vec<&str> = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|task| task["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c"]);
    assert_eq!(json["cycles"], serde_json::json!([["a", "b", "a"]]));
    let output = run(&["schedule", root, "--today", "2026-03-02"]);
    assert_eq!(output.status.code(), Some(1));
    let table = common::stdout(&output);
    assert!(table.contains("could not be scheduled"), "{table}");
}

#[test]
fn a_page_item_without_title_or_heading_is_titled_by_its_id() {
    let dir = write_plan(&[("tasks/file-name.md", "---\nkind: task\nid: real-id\nowner: a\nstart: 2026-03-02\nduration: 1d\n---\nNo heading.\n")]);
    let json = schedule_json_on(dir.path(), "2026-03-02");
    assert_eq!(entry(&json, "tasks", "real-id")["title"], "real-id");
}

#[test]
fn toml_and_yaml_date_times_count_by_their_date() {
    let dir = write_plan(&[
        (
            "planbook.toml",
            "start = 2026-12-21T08:00:00Z\n\n[calendar]\nholidays = [2026-12-25T00:00:00]\n\n[people]\nalice = { name = \"Alice\" }\n",
        ),
        (
            "tasks/toml.md",
            "+++\nkind = \"task\"\nowner = \"alice\"\nstart = 2026-12-23T09:30:00+01:00\nduration = \"3d\"\n+++\n",
        ),
        ("tasks/yaml.md", &task("start: 2026-12-21 14:00\nduration: 1d\n")),
    ]);
    let (json, code) = common::lint_json(dir.path(), &[]);
    assert_eq!(json["findings"], serde_json::json!([]), "exit {code}");
    let schedule = schedule_json(dir.path());
    assert_eq!(schedule["start"], "2026-12-21");
    // 23rd, 24th, then the 25th is a holiday and the weekend follows.
    assert_eq!(entry(&schedule, "tasks", "toml")["finish"], "2026-12-28");
    assert_eq!(entry(&schedule, "tasks", "yaml")["finish"], "2026-12-21");
}
