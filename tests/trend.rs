//! The plan's states over time from real git repositories (made with git2,
//! commits at fixed committer dates), through `planbook trend` and
//! `planbook report` on the real binary. Forecasts are worked out by hand
//! on the default Monday-to-Friday calendar.

mod git_support;

use git_support::{planbook, stderr, stdout, TestRepo};
use serde_json::Value;

const CONFIG: &str =
    "start = \"2026-01-05\"\n\n[people]\nana = { name = \"Ana\" }\nbo = { name = \"Bo\" }\n";

fn design(duration: &str) -> String {
    format!("---\nkind: task\nowner: ana\nduration: {duration}\nstart: 2026-01-05\nstatus: active\nprogress: 50\n---\n# Design\n")
}

fn beta(depends_on: &str) -> String {
    format!("---\nkind: milestone\nowner: ana\ndate: 2026-01-09\ncriteria: [demo]\ndepends_on: [{depends_on}]\n---\n# Beta\n")
}

fn vendor(probability: &str, status: &str) -> String {
    format!("---\nkind: risk\nowner: bo\nprobability: {probability}\nimpact: medium\nstatus: {status}\nmitigation: talk early\ncontingency: {{ trigger: late, response: switch }}\naffects: [beta]\n---\n# Vendor late\n")
}

/// Three commits that change the plan (Sun 4, Wed 7 and Thu 8 January
/// 2026) and one in between that changes only a file outside the plan.
/// Design is under way at every point (it starts on Mon 5 January, the
/// first working day after the first point), so each forecast runs from
/// the status date of its point.
fn three_point_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &design("5d"));
    repo.write_staged("plan/milestones/beta.md", &beta("design"));
    repo.write_staged("plan/risks/vendor.md", &vendor("low", "open"));
    repo.commit("Start the plan", "Ana", 3);

    repo.write_staged("README.md", "not the plan\n");
    repo.commit("Readme", "Bo", 4);

    repo.write_staged("plan/tasks/design.md", &design("8d"));
    repo.write_staged("plan/risks/vendor.md", &vendor("high", "open"));
    repo.commit("Design takes longer; the vendor is slow", "Ana", 6);

    repo.write_staged(
        "plan/tasks/build.md",
        "---\nkind: task\nowner: bo\nduration: 3d\ndepends_on: [design]\n---\n# Build\n",
    );
    repo.write_staged("plan/milestones/beta.md", &beta("design, build"));
    repo.write_staged("plan/risks/vendor.md", &vendor("high", "occurred"));
    repo.commit("Add the build before beta", "Bo", 7);
    repo
}

fn trend_json(repo: &TestRepo, extra: &[&str]) -> Value {
    let mut args = vec!["trend", "plan", "--format", "json"];
    args.extend_from_slice(extra);
    let output = planbook(repo.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("JSON")
}

fn column<'a>(points: &'a Value, key: &str) -> Vec<&'a Value> {
    points
        .as_array()
        .expect("points")
        .iter()
        .map(|point| &point[key])
        .collect()
}

#[test]
fn each_commit_that_changed_the_plan_is_a_point_scheduled_as_of_its_date() {
    let repo = three_point_repo();
    let json = trend_json(&repo, &[]);
    let beta = &json["milestones"][0];
    assert_eq!(beta["id"], "beta");
    assert_eq!(beta["title"], "Beta");
    assert_eq!(beta["target"], "2026-01-09");
    // The readme-only commit is no point.
    assert_eq!(
        column(&beta["points"], "date"),
        ["2026-01-04", "2026-01-07", "2026-01-08"]
    );
    // Design from Mon 5 Jan (Sunday's status date is Monday): 5 days to
    // Fri 9. On Wed 7, 8 days at half done: 4 days left (Mon 12) but not
    // before Wed 14, 8 days from its start; on Thu 8 the same, then build
    // (3 days) Thu 15, Fri 16, Mon 19.
    assert_eq!(
        column(&beta["points"], "forecast"),
        ["2026-01-09", "2026-01-14", "2026-01-19"]
    );
    let commits = column(&beta["points"], "commit");
    assert!(commits.iter().all(|id| id.as_str().unwrap().len() == 40));
    assert_eq!(
        beta["points"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["commit", "date", "forecast"]
    );

    // low x medium = 2, then high x medium = 6.
    let vendor = &json["risks"][0];
    assert_eq!(vendor["id"], "vendor");
    assert_eq!(column(&vendor["points"], "score"), [2, 6, 6]);
    assert_eq!(
        column(&vendor["points"], "status"),
        ["open", "open", "occurred"]
    );

    // Scope: 5, 8, 11 working days; done: half of the active design task.
    assert_eq!(column(&json["burnup"], "scope"), [5.0, 8.0, 11.0]);
    assert_eq!(column(&json["burnup"], "done"), [2.5, 4.0, 4.0]);
}

#[test]
fn since_keeps_the_later_points_and_the_table_and_csv_say_the_same() {
    let repo = three_point_repo();
    let json = trend_json(&repo, &["--since", "2026-01-05"]);
    assert_eq!(
        column(&json["milestones"][0]["points"], "forecast"),
        ["2026-01-14", "2026-01-19"]
    );
    let by_ref = trend_json(&repo, &["--since", "HEAD"]);
    assert_eq!(by_ref["burnup"].as_array().unwrap().len(), 1);

    let table = stdout(&planbook(repo.path(), &["trend", "plan"]));
    assert!(
        table.starts_with("3 points from 2026-01-04 to 2026-01-08"),
        "{table}"
    );
    let beta_row = table
        .lines()
        .find(|line| line.starts_with("beta"))
        .expect("beta row");
    let cells: Vec<&str> = beta_row.split_whitespace().collect();
    // Target, first, current, drift (working days), moves.
    assert_eq!(
        cells,
        ["beta", "2026-01-09", "2026-01-09", "2026-01-19", "+6", "2"]
    );

    let csv = stdout(&planbook(
        repo.path(),
        &["trend", "plan", "--format", "csv"],
    ));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("series,id,title,date,commit,value,status")
    );
    let milestone_rows: Vec<&str> = csv
        .lines()
        .filter(|line| line.starts_with("milestone,"))
        .collect();
    assert_eq!(milestone_rows.len(), 3);
    assert!(
        milestone_rows[2].contains(",2026-01-08,")
            && milestone_rows[2].contains(",2026-01-19,planned")
    );
}

#[test]
fn beyond_the_point_limit_the_last_commit_of_each_week_is_kept() {
    let repo = TestRepo::new();
    repo.write_staged(
        "planbook.toml",
        &format!("{CONFIG}\n[history]\npoints = 3\n"),
    );
    repo.write_staged("tasks/design.md", &design("5d"));
    repo.write_staged("milestones/beta.md", &beta("design"));
    // Thu 1 to Sat 10 January: ten commits in two ISO weeks.
    for day in 0..10 {
        repo.write_staged("notes.md", &format!("# Notes\n\nDay {day}.\n"));
        repo.commit(&format!("Day {day}"), "Ana", day);
    }
    let output = planbook(repo.path(), &["trend", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    // Sunday 4 January ends the first week; the newest commit is kept.
    assert_eq!(
        column(&json["burnup"], "date"),
        ["2026-01-04", "2026-01-10"]
    );
}

#[test]
fn outside_git_the_trend_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("planbook.toml"), CONFIG).unwrap();
    let output = planbook(dir.path(), &["trend"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not in a git repository"),
        "{}",
        stderr(&output)
    );
}

/// Commits the index with `parents` at `day`, moving HEAD when asked.
fn commit_with_parents(
    repo: &TestRepo,
    message: &str,
    day: i64,
    parents: &[git2::Oid],
    move_head: bool,
) -> git2::Oid {
    let seconds = 1_767_225_600 + day * 86_400 + 12 * 3_600;
    let signature =
        git2::Signature::new("Ana", "ana@example.com", &git2::Time::new(seconds, 0)).unwrap();
    let mut index = repo.repo.index().unwrap();
    let tree = repo.repo.find_tree(index.write_tree().unwrap()).unwrap();
    let parents: Vec<git2::Commit> = parents
        .iter()
        .map(|oid| repo.repo.find_commit(*oid).unwrap())
        .collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    let head = move_head.then_some("HEAD");
    repo.repo
        .commit(head, &signature, &signature, message, &tree, &parents)
        .unwrap()
}

#[test]
fn a_side_branch_is_charted_where_it_is_merged() {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    repo.write_staged("plan/tasks/design.md", &design("5d"));
    repo.write_staged("plan/milestones/beta.md", &beta("design"));
    let start = repo.commit("Start", "Ana", 3);

    // A side branch makes design longer (8 days: beta on Wed 14).
    repo.write_staged("plan/tasks/design.md", &design("8d"));
    let side = commit_with_parents(&repo, "Longer design", 5, &[start], false);

    // Meanwhile the main line adds a 3-day build after design (beta Wed 14).
    repo.write_staged("plan/tasks/design.md", &design("5d"));
    repo.write_staged(
        "plan/tasks/build.md",
        "---\nkind: task\nowner: bo\nduration: 3d\ndepends_on: [design]\n---\n# Build\n",
    );
    repo.write_staged("plan/milestones/beta.md", &beta("design, build"));
    let main = commit_with_parents(&repo, "Add build", 6, &[start], true);

    // The merge has both: design to Wed 14, build Thu 15 to Mon 19.
    repo.write_staged("plan/tasks/design.md", &design("8d"));
    commit_with_parents(&repo, "Merge the longer design", 7, &[main, side], true);

    let json = trend_json(&repo, &[]);
    let beta = &json["milestones"][0];
    assert_eq!(
        column(&beta["points"], "date"),
        ["2026-01-04", "2026-01-07", "2026-01-08"]
    );
    assert_eq!(
        column(&beta["points"], "forecast"),
        ["2026-01-09", "2026-01-14", "2026-01-19"]
    );
    // Recent changes still credit the side-branch commit with its change.
    let history = planbook::git::plan_history(
        &repo.path().join("plan"),
        &planbook::source::PageFilter::new(&[], "site"),
        &planbook::git::HistoryOptions::default(),
    )
    .unwrap();
    let subjects: Vec<&str> = history
        .recent
        .iter()
        .map(|commit| commit.commit.subject.as_str())
        .collect();
    assert_eq!(subjects, ["Add build", "Longer design", "Start"]);
}

/// Twelve points, more than the copies of the plan that may wait for
/// their schedule at once: the points come out in order and the same
/// however many threads schedule them, one thread included (the walk then
/// helps with the schedules rather than wait for a thread it holds).
#[test]
fn points_scheduled_in_parallel_come_out_in_order_on_any_pool() {
    let repo = TestRepo::new();
    repo.write_staged("planbook.toml", CONFIG);
    repo.write_staged("milestones/beta.md", &beta("design"));
    for day in 0..12 {
        // Planned from Mon 2 February, one day longer at each commit.
        repo.write_staged(
            "tasks/design.md",
            &format!(
                "---\nkind: task\nowner: ana\nstart: 2026-02-02\nduration: {}d\n---\n# Design\n",
                day + 1
            ),
        );
        repo.commit(&format!("Day {day}"), "Ana", day);
    }
    let root = repo.path().to_path_buf();
    let trends_on = |threads: usize| {
        let root = root.clone();
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let trends = pool.install(|| {
                let (filter, options) = planbook::trend::current_settings(&root);
                let log = planbook::git::read_plan_log(&root, &filter).expect("log");
                planbook::trend::compute_trends(&root, &log, &options).expect("trends")
            });
            let _ = done.send(trends);
        });
        result
            .recv_timeout(std::time::Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("the trends on {threads} threads never finished"))
    };
    let one = trends_on(1);
    let forecasts: Vec<String> = one.milestones[0]
        .points
        .iter()
        .map(|point| {
            point
                .forecast
                .map_or("none".into(), |date| date.to_string())
        })
        .collect();
    // 1 to 12 working days from Mon 2 February.
    assert_eq!(
        forecasts,
        [
            "2026-02-02",
            "2026-02-03",
            "2026-02-04",
            "2026-02-05",
            "2026-02-06",
            "2026-02-09",
            "2026-02-10",
            "2026-02-11",
            "2026-02-12",
            "2026-02-13",
            "2026-02-16",
            "2026-02-17"
        ]
    );
    let dates: Vec<String> = one
        .points
        .iter()
        .map(|point| point.date.to_string())
        .collect();
    assert_eq!(dates.first().map(String::as_str), Some("2026-01-01"));
    assert_eq!(dates.last().map(String::as_str), Some("2026-01-12"));
    assert_eq!(trends_on(3), one);
}

/// Design (5 days from Mon 5 Jan, planned to finish Fri 9) is 0 %, 40 %
/// and 80 % done at the points of Mon 5, Mon 12 and Mon 19 January: 4 of
/// its 5 days done in 14 days. The planned finish has passed at the last
/// point, so the burn-up carries that rate to the day the last day would
/// be done: 1 day left at 4/14 a day is 3.5, so 4 days, Fri 23 January.
#[test]
fn past_the_planned_finish_the_burn_up_projects_the_completion() {
    let repo = TestRepo::new();
    repo.write_staged("plan/planbook.toml", CONFIG);
    for (day, progress) in [(4, 0), (11, 40), (18, 80)] {
        repo.write_staged(
            "plan/tasks/design.md",
            &format!("---\nkind: task\nowner: ana\nduration: 5d\nstart: 2026-01-05\nstatus: active\nprogress: {progress}\n---\n# Design\n"),
        );
        repo.commit(&format!("Design at {progress} %"), "Ana", day);
    }
    let site = repo.path().join("site-out");
    let output = planbook(
        repo.path(),
        &[
            "build",
            "plan",
            "--today",
            "2026-01-19",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(site.join("trends.html")).expect("trends page");
    assert!(
        page.contains("The planned finish, Fri 9 Jan 2026, has passed; the dashed line carries the rate of the last eight weeks, 2.0 working days done per week, to the day today's scope would be done at that rate: Fri 23 Jan 2026."),
        "{}",
        page.lines().filter(|line| line.contains("dashed") || line.contains("No progress")).collect::<Vec<_>>().join("\n")
    );
    assert!(page.contains("carried to the day the scope would be done"));
    assert!(!page.contains("No progress in the last eight weeks"));
}
