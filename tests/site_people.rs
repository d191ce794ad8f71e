//! The site's view of people and of the forecast (issue 9, section 5):
//! load charts on one shared scale with over-allocated weeks and leaves,
//! assignments in date order, what a levelled task waited for, planned
//! dates beside the forecast, cancelled work and milestones behind a cycle.
//! Built by the real binary into a temporary folder.

mod common;

use common::{run, stderr, write_plan};

const CONFIG: &str = "title = \"People\"\nstart = \"2026-03-02\"\n\n[people]\nana = { name = \"Ana\", leaves = [{ from = 2026-03-16, to = 2026-03-20, reason = \"Ski week\" }] }\nbob = { name = \"Bob\", availability = 50 }\n";

fn task(fields: &str) -> String {
    format!("---\nkind: task\n{fields}\n---\n")
}

/// Builds the plan in `files` as of `today` (with `extra` flags) and returns
/// a page of the site as text.
struct Site {
    _plan: tempfile::TempDir,
    out: tempfile::TempDir,
}

impl Site {
    fn build(files: &[(&str, &str)], today: &str, extra: &[&str]) -> Site {
        let plan = write_plan(files);
        let out = tempfile::tempdir().expect("temp dir");
        let site = out.path().join("site");
        let mut args = vec![
            "build",
            plan.path().to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
            "--today",
            today,
            "--no-history",
        ];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        Site { _plan: plan, out }
    }

    fn page(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.path().join("site").join(path))
            .unwrap_or_else(|_| panic!("{path} was written"))
    }
}

/// The chart of one person on the People page.
fn chart_of<'a>(people: &'a str, name: &str) -> &'a str {
    let start = people
        .find(&format!("<title>Weekly load of {name}:"))
        .unwrap_or_else(|| panic!("a chart for {name}: {people}"));
    let svg_start = people[..start].rfind("<svg").expect("svg start");
    let end = start + people[start..].find("</svg>").expect("svg end");
    &people[svg_start..end]
}

fn attribute<'a>(svg: &'a str, name: &str) -> &'a str {
    let from = svg.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    &svg[from..from + svg[from..].find('"').expect("closing quote")]
}

#[test]
fn the_people_page_draws_everyone_on_one_scale_with_overloads_and_leaves() {
    let design = task("owner: ana\nstart: 2026-03-02\nduration: 5d");
    let review = task("owner: ana\nstart: 2026-03-04\nduration: 2d");
    let over_leave = task("owner: ana\nstart: 2026-03-16\nduration: 2d");
    let support = task("owner: bob\nstart: 2026-03-02\nduration: 10d");
    let site = Site::build(
        &[
            ("planbook.toml", CONFIG),
            ("tasks/design.md", &design),
            ("tasks/review.md", &review),
            ("tasks/over-leave.md", &over_leave),
            ("tasks/support.md", &support),
        ],
        "2026-03-02",
        &[],
    );
    let people = site.page("people.html");
    let (ana, bob) = (chart_of(&people, "Ana"), chart_of(&people, "Bob"));
    // One scale: the same size, the same weeks and the same top of the axis.
    assert_eq!(attribute(ana, "width"), attribute(bob, "width"));
    assert!(
        ana.contains(">7d</text>") && bob.contains(">7d</text>"),
        "{ana}\n{bob}"
    );
    assert!(ana.contains(">Mar 2026</text>"), "{ana}");
    // Ana: 7 of 5 person-days in the first week (design and review overlap),
    // and fixed work in her leave week: both weeks are marked.
    assert!(
        ana.contains("Week of 2026-03-02: 7 of 5 person-days (140%), over-allocated"),
        "{ana}"
    );
    assert!(
        ana.contains("Week of 2026-03-16: 2 of 0 person-days, over-allocated, 5 days of leave"),
        "{ana}"
    );
    assert_eq!(ana.matches("load-bar load-over").count(), 2, "{ana}");
    assert!(ana.contains("class=\"load-leave\""), "{ana}");
    // Bob gives half of each day: 2.5 person-days a week, full.
    assert!(
        bob.contains("Week of 2026-03-02: 2.5 of 2.5 person-days (100%)"),
        "{bob}"
    );
    assert!(!bob.contains("load-over"), "{bob}");
    assert!(people.contains("over-allocated 2 weeks"), "{people}");
    assert!(people.contains("<td>50%</td>"), "{people}");
}

#[test]
fn a_person_page_lists_assignments_in_date_order_with_status() {
    let late = task("owner: ana\nstart: 2026-03-09\nduration: 2d\nstatus: active");
    let early = task("owner: bob\nresources: [ana, { id: bob, allocation: 50 }]\nstart: 2026-03-02\nduration: 3d\nstatus: done");
    let dropped = task("owner: ana\nstart: 2026-03-05\nduration: 1d\nstatus: cancelled");
    let site = Site::build(
        &[
            ("planbook.toml", CONFIG),
            ("tasks/a-late.md", &late),
            ("tasks/b-early.md", &early),
            ("tasks/c-dropped.md", &dropped),
        ],
        "2026-03-09",
        &[],
    );
    let ana = site.page("items/ana.html");
    let section = &ana[ana.find("<h2 id=\"pb-assignments\">").expect("assignments")..];
    let order: Vec<usize> = [">b-early<", ">c-dropped<", ">a-late<"]
        .iter()
        .map(|link| {
            section
                .find(link)
                .unwrap_or_else(|| panic!("{link}: {section}"))
        })
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{section}");
    assert!(section.contains("2026-03-02 to 2026-03-04"), "{section}");
    assert!(section.contains("works 100%"), "{section}");
    assert!(section.contains("status-done"), "{section}");
    assert!(
        section.contains("<td class=\"cancelled-item\">"),
        "{section}"
    );
    assert!(section.contains("accountable, works 100%"), "{section}");
    assert!(
        ana.contains("Mon 16 Mar 2026 to Fri 20 Mar 2026: Ski week"),
        "{ana}"
    );
    let bob = site.page("items/bob.html");
    assert!(bob.contains("50% of each working day"), "{bob}");
    assert!(bob.contains("accountable, works 50%"), "{bob}");
}

#[test]
fn a_task_page_shows_its_planned_dates_and_what_it_waited_for() {
    let first = task("owner: ana\nstart: 2026-03-02\nduration: 3d\npriority: 900");
    let second = task("owner: ana\nstart: 2026-03-02\nduration: 2d");
    let site = Site::build(
        &[
            ("planbook.toml", CONFIG),
            ("tasks/first.md", &first),
            ("tasks/second.md", &second),
        ],
        "2026-03-03",
        &["--level"],
    );
    // As planned (levelled too), `first` runs 2 to 4 March and `second`
    // after it. As of the 3rd, `first` has not started: it runs 3 to 5
    // March, and `second` waits for it again.
    let first = site.page("pages/tasks/first.html");
    assert!(
        first.contains("<dt>Start</dt><dd>Tue 3 Mar 2026</dd>"),
        "{first}"
    );
    assert!(
        first.contains("<dt>Planned</dt><dd>Mon 2 Mar 2026 to Wed 4 Mar 2026</dd>"),
        "{first}"
    );
    assert!(!first.contains("<dt>Waits for</dt>"), "{first}");
    let second = site.page("pages/tasks/second.html");
    assert!(
        second.contains("<dt>Start</dt><dd>Fri 6 Mar 2026</dd>"),
        "{second}"
    );
    assert!(
        second.contains("<dt>Planned</dt><dd>Thu 5 Mar 2026 to Fri 6 Mar 2026</dd>"),
        "{second}"
    );
    assert!(
        second.contains("<dt>Waits for</dt><dd><a href=\"..&#x2f;..&#x2f;items&#x2f;ana.html\">Ana</a> (busy with <a href=\"..&#x2f;..&#x2f;pages&#x2f;tasks&#x2f;first.html\">first</a>)</dd>"),
        "{second}"
    );
    assert!(site.page("people.html").contains("(levelled: work waits"));
}

#[test]
fn cancelled_work_is_struck_through_and_a_milestone_behind_a_cycle_keeps_its_target() {
    let dropped = task("owner: ana\nstart: 2026-03-02\nduration: 2d\nstatus: cancelled");
    let a = task("owner: ana\ndepends_on: [b]\nduration: 1d");
    let b = task("owner: ana\ndepends_on: [a]\nduration: 1d");
    let milestone = "---\nkind: milestone\nowner: ana\ndate: 2026-03-20\ndepends_on: [b]\ncriteria: done\n---\n";
    let site = Site::build(
        &[
            ("planbook.toml", CONFIG),
            ("tasks/dropped.md", &dropped),
            ("tasks/a.md", &a),
            ("tasks/b.md", &b),
            ("milestones/stuck.md", milestone),
        ],
        "2026-03-02",
        &[],
    );
    let dropped = site.page("pages/tasks/dropped.html");
    assert!(
        dropped.contains("<span class=\"cancelled-item\">Mon 2 Mar 2026 to Tue 3 Mar 2026</span> (cancelled: out of the schedule)"),
        "{dropped}"
    );
    let stuck = site.page("pages/milestones/stuck.html");
    assert!(
        stuck.contains("<dt>Target</dt><dd>Fri 20 Mar 2026</dd>"),
        "{stuck}"
    );
    assert!(stuck.contains("not scheduled"), "{stuck}");
}

#[test]
fn on_time_on_the_site_means_on_time_as_of_today() {
    let work = task("owner: ana\nstart: 2026-03-02\nduration: 5d\nmilestone: launch");
    let launch = "---\nkind: milestone\nowner: ana\ndate: 2026-03-06\ncriteria: shipped\n---\n";
    let files = [
        ("planbook.toml", CONFIG),
        ("tasks/work.md", work.as_str()),
        ("milestones/launch.md", launch),
    ];
    let on_plan = Site::build(&files, "2026-03-02", &[]);
    assert!(on_plan
        .page("index.html")
        .contains("<span class=\"on-time\">on its target date, nothing to spare</span>"));
    // Not started by Wednesday: five days from the 4th, two days late.
    let later = Site::build(&files, "2026-03-04", &[]);
    for page in ["index.html", "milestones.html"] {
        let html = later.page(page);
        assert!(
            html.contains("<span class=\"late\">late by 2 working days</span>"),
            "{page}: {html}"
        );
    }
}
