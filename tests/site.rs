//! `planbook build` end to end: the real binary on fixture plans in
//! `tests/fixtures/site-*`, snapshots of the pages, and output safety.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-03-04";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds without git history: the fixtures live in planbook's own
/// repository, whose commits are not theirs (tests/site_git.rs covers it).
fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planbook"))
        .arg("build")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY, "--no-history"])
        .args(extra)
        .output()
        .expect("planbook runs")
}

/// Every file of a folder, by relative path.
fn read_tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(folder).unwrap();
            files.insert(
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} was written"))
            .clone(),
    )
    .unwrap()
}

/// A copy of a fixture in a temporary folder (tests that change the plan).
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture(name);
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

#[test]
fn builds_the_fixture_site() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(&fixture("site-basic"), &site, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("index.html"),
        "says where to open it: {stderr}"
    );
    assert!(
        stderr.contains("the plan has 0 errors, 2 warnings"),
        "summarises findings: {stderr}"
    );
    let files = read_tree(&site);
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("file_list", paths.join("\n"));
    for page in [
        "index.html",
        "pages/tasks/build.html",
        "items/vendor-late.html",
        "timeline.html",
        "graph.html",
        "board.html",
        "report.html",
        "risks.html",
        "milestones.html",
        "people.html",
        "findings.html",
        "pages/notes/plain.html",
    ] {
        insta::assert_snapshot!(page.replace('/', "__"), text(&files, page));
    }
    for export in ["tasks.csv", "risks.csv", "milestones.ics", "plan.json"] {
        insta::assert_snapshot!(export, text(&files, export));
    }
}

#[test]
fn front_matter_is_escaped_and_raw_html_sanitized() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build(&fixture("site-basic"), &site, &[]).status.success());
    let files = read_tree(&site);
    let build_page = text(&files, "pages/tasks/build.html");
    assert!(!build_page.contains("<script>alert"));
    assert!(!build_page.contains("onclick"));
    assert!(!build_page.contains("javascript:"));
    assert!(build_page.contains("<b>bold</b>"));
    assert!(
        build_page.contains("<h2 id=\"details\">"),
        "linter's anchor"
    );
    let home = text(&files, "index.html");
    assert!(home.contains("Launch the &lt;new&gt; portal"));
    assert!(!home.contains("<new>"));
    // The overview's links are rebased from its page to the home page.
    assert!(home.contains("href=\"pages/tasks/build.html#details\""));
}

#[test]
fn output_is_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    let first = out.path().join("first");
    let second = out.path().join("second");
    assert!(build(&fixture("site-basic"), &first, &[]).status.success());
    assert!(build(&fixture("site-basic"), &second, &[]).status.success());
    assert_eq!(read_tree(&first), read_tree(&second));
    // Rebuilding over an existing site gives the same bytes as well.
    assert!(build(&fixture("site-basic"), &first, &[]).status.success());
    assert_eq!(read_tree(&first), read_tree(&second));
}

#[test]
fn refuses_the_plan_root_and_its_parents() {
    let plan = copy_fixture("site-basic");
    let before = read_tree(plan.path());
    for out in [plan.path().to_path_buf(), plan.path().join("..")] {
        let result = build(plan.path(), &out, &[]);
        assert_eq!(result.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("plan root"), "{stderr}");
    }
    assert_eq!(read_tree(plan.path()), before, "nothing was touched");
}

#[test]
fn refuses_a_folder_it_did_not_make() {
    let out = tempfile::tempdir().unwrap();
    let foreign = out.path().join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let result = build(&fixture("site-basic"), &foreign, &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("did not write"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
    // An empty folder is fine, and a site planbook made may be rebuilt.
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(build(&fixture("site-basic"), &empty, &[]).status.success());
    assert!(empty.join(".planbook-site").is_file());
    assert!(build(&fixture("site-basic"), &empty, &[]).status.success());
}

/// Builds the site-basic fixture once, then again with a plan template
/// `page.html` that breaks the build; returns the plan, the site folder, the
/// first site's files and the second build's output.
fn build_then_break(
    page_template: &str,
) -> (
    tempfile::TempDir,
    PathBuf,
    BTreeMap<String, Vec<u8>>,
    Output,
) {
    let plan = copy_fixture("site-basic");
    let site = plan.path().join("site");
    assert!(build(plan.path(), &site, &[]).status.success());
    let before = read_tree(&site);
    let templates = plan.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("page.html"), page_template).unwrap();
    let result = build(plan.path(), &site, &[]);
    (plan, site, before, result)
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let (_plan, site, before, result) = build_then_break(
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock %}\n",
    );
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("templates/page.html"), "{stderr}");
    assert!(stderr.contains("line 3"), "{stderr}");
    assert_eq!(read_tree(&site), before);
}

#[test]
fn a_plan_template_overrides_the_theme() {
    let plan = copy_fixture("site-basic");
    let site = plan.path().join("site");
    let templates = plan.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("findings.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Our findings: {{ findings|length }}</h1>{% endblock %}",
    )
    .unwrap();
    assert!(build(plan.path(), &site, &[]).status.success());
    let findings = std::fs::read_to_string(site.join("findings.html")).unwrap();
    assert!(findings.contains("<h1>Our findings: 2</h1>"));
}

#[test]
fn ids_cannot_write_outside_the_output() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("deep/site");
    let result = build(&fixture("site-escape"), &site, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let files = read_tree(out.path());
    assert!(files
        .keys()
        .all(|path| path.starts_with("deep/site/") || path.starts_with("deep/.site.")));
    // Invalid ids (`../../x`, `..`) are lint errors and never items; an id
    // that starts with a dot becomes a harmless, visible file name.
    assert!(files.contains_key("deep/site/items/~2eplanbook-site.html"));
    let marker = &files["deep/site/.planbook-site"];
    assert!(String::from_utf8_lossy(marker).contains("planbook build"));
}

#[test]
fn deny_refuses_to_build() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(&fixture("site-escape"), &site, &["--deny", "errors"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!site.exists());
    let result = build(&fixture("site-basic"), &site, &["--deny", "warnings"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(build(&fixture("site-basic"), &site, &["--deny", "errors"])
        .status
        .success());
}

#[test]
fn images_a_page_shows_are_copied_beside_it() {
    let plan = tempfile::tempdir().unwrap();
    let root = plan.path().join("plan");
    std::fs::create_dir_all(root.join("notes/img")).unwrap();
    std::fs::write(root.join("planbook.toml"), "title = \"Images\"\n").unwrap();
    std::fs::write(
        root.join("notes/design.md"),
        "# Design\n\n![the flow](img/flow.png) ![gone](img/missing.png) ![outside](../../secret.png)\n![html](img/page.html) ![host](img/etc/hostname.png) ![config](../planbook.toml)\n",
    )
    .unwrap();
    std::fs::write(root.join("notes/img/flow.png"), b"\x89PNG fake").unwrap();
    // Not images, or not inside the plan: never copied.
    std::fs::write(root.join("notes/img/page.html"), "<script>x</script>").unwrap();
    std::os::unix::fs::symlink("/etc", root.join("notes/img/etc")).unwrap();
    std::fs::write(plan.path().join("secret.png"), b"secret").unwrap();
    let out = plan.path().join("site");
    let output = build(&root, &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = read_tree(&out);
    assert_eq!(
        files.get("pages/notes/img/flow.png").map(Vec::as_slice),
        Some(&b"\x89PNG fake"[..])
    );
    assert!(text(&files, "pages/notes/design.html").contains("src=\"img/flow.png\""));
    assert!(
        !files
            .keys()
            .any(|path| path.contains("missing") || path.contains("secret")),
        "{:?}",
        files.keys()
    );
}

#[test]
fn a_build_that_fails_while_writing_leaves_the_previous_site() {
    // This template compiles, so the build starts writing into its staging
    // folder; it fails while rendering pages, half-way through the site.
    let (plan, site, before, result) = build_then_break(
        "{% extends \"base.html\" %}\n{% block content %}{% include \"missing.html\" %}{% endblock %}\n",
    );
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(read_tree(&site), before, "the previous site is untouched");
    // Nothing beside the plan's files, the site and planbook's staging folders.
    let mut names: Vec<String> = std::fs::read_dir(plan.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    names.sort();
    assert!(
        names.iter().all(|name| name.starts_with(".site.planbook-")),
        "{names:?}"
    );
}

#[test]
fn links_planted_in_the_output_are_not_written_through() {
    let plan = copy_fixture("site-basic");
    let outside = tempfile::tempdir().unwrap();
    let site = plan.path().join("site");
    assert!(build(plan.path(), &site, &[]).status.success());
    // Two builds recycle the site before last as staging; plant links in both.
    assert!(build(plan.path(), &site, &[]).status.success());
    let old = plan.path().join(".site.planbook-old");
    for folder in [&site, &old] {
        if folder.join("findings.html").exists() {
            std::fs::remove_file(folder.join("findings.html")).unwrap();
            std::os::unix::fs::symlink(
                outside.path().join("victim.html"),
                folder.join("findings.html"),
            )
            .unwrap();
        }
        if folder.join("pages").exists() {
            std::fs::remove_dir_all(folder.join("pages")).unwrap();
            std::os::unix::fs::symlink(outside.path(), folder.join("pages")).unwrap();
        }
    }
    assert!(build(plan.path(), &site, &[]).status.success());
    assert!(build(plan.path(), &site, &[]).status.success());
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing written outside"
    );
    assert!(
        site.join("pages").is_dir()
            && !std::fs::symlink_metadata(site.join("pages"))
                .unwrap()
                .file_type()
                .is_symlink()
    );
    assert!(site.join("findings.html").is_file());
}

#[test]
fn links_to_pages_with_shortened_file_names_reach_them() {
    let plan = tempfile::tempdir().unwrap();
    let long = format!(
        "{} plan",
        "the-very-long-name-of-a-note ".repeat(7).trim_end()
    );
    assert!(long.len() > 200);
    std::fs::create_dir_all(plan.path().join("notes")).unwrap();
    std::fs::write(plan.path().join("planbook.toml"), "title = \"Long\"\n").unwrap();
    std::fs::write(
        plan.path().join(format!("notes/{long}.md")),
        "# Long\n\nText.\n",
    )
    .unwrap();
    let encoded = long.replace(' ', "%20");
    std::fs::write(
        plan.path().join("index.md"),
        format!("# Index\n\n[encoded](notes/{encoded}.md) and [angle](<notes/{long}.md#long>)\n"),
    )
    .unwrap();
    let out = plan.path().join("site");
    let output = build(plan.path(), &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index = std::fs::read_to_string(out.join("pages/index.html")).unwrap();
    let hrefs: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("notes/"))
        .collect();
    assert_eq!(hrefs.len(), 2, "{index}");
    for href in hrefs {
        let path = href.split('#').next().unwrap();
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .unwrap();
        assert!(
            out.join("pages").join(decoded.as_ref()).is_file(),
            "`{href}` leads nowhere"
        );
    }
}

#[test]
fn an_output_folder_outside_the_plan_comes_only_from_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    std::fs::create_dir_all(root.join("tasks")).unwrap();
    std::fs::write(
        root.join("planbook.toml"),
        "title = \"Out\"\noutput = \"../outside\"\n",
    )
    .unwrap();
    std::fs::write(root.join("notes.md"), "---\ntitle: Notes\n---\n# Notes\n").unwrap();
    let lint = Command::new(env!("CARGO_BIN_EXE_planbook"))
        .args(["lint", root.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "invalid-value", "{json}");
    assert_eq!(
        (finding["file"].as_str(), finding["line"].as_i64()),
        (Some("planbook.toml"), Some(2))
    );
    let output = Command::new(env!("CARGO_BIN_EXE_planbook"))
        .args(["build", root.to_str().unwrap(), "--no-history"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--out DIR"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !dir.path().join("outside").exists(),
        "written outside the plan"
    );
    assert!(!root.join("site").exists(), "nor where it was not asked to");
    // `--out` may point anywhere.
    let out = dir.path().join("elsewhere");
    assert!(build(&root, &out, &[]).status.success());
    assert!(out.join("index.html").is_file());
}

/// The home page's headline status, as its `<h2>` says it.
fn headline_of(site: &Path) -> String {
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let start = home.find("class=\"headline-status\">").expect("a headline");
    let heading = &home[start..];
    let end = heading.find("</h2>").unwrap();
    heading[..end]
        .rsplit("</span> ")
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_headline_follows_the_plan_and_its_settings() {
    let plan = copy_fixture("site-basic");
    let site = plan.path().join("site");
    assert!(build(plan.path(), &site, &[]).status.success());
    // The launch is forecast a working day after its target.
    assert_eq!(headline_of(&site), "Late");
    let launch = plan.path().join("milestones/launch.md");
    let text = std::fs::read_to_string(&launch).unwrap();
    std::fs::write(
        &launch,
        text.replace("date: 2026-03-13", "date: 2026-03-20"),
    )
    .unwrap();
    // Now four working days to spare, but a high open risk remains.
    assert!(build(plan.path(), &site, &[]).status.success());
    assert_eq!(headline_of(&site), "At risk");
    let config = plan.path().join("planbook.toml");
    let settings = std::fs::read_to_string(&config).unwrap() + "\n[site]\nat_risk_risks = 0\n";
    std::fs::write(&config, &settings).unwrap();
    assert!(build(plan.path(), &site, &[]).status.success());
    assert_eq!(headline_of(&site), "On track");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("forecast at least 3 working days before it"),
        "explained"
    );
    // A stricter margin than the milestone has puts it at risk again.
    std::fs::write(&config, settings + "at_risk_slack = 5\n").unwrap();
    assert!(build(plan.path(), &site, &[]).status.success());
    assert_eq!(headline_of(&site), "At risk");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        home.contains("only 4 working days before its target"),
        "{home}"
    );
}

/// A plan of `tasks` tasks in two workstreams, chained in each, feeding one
/// milestone per workstream.
fn large_plan(tasks: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut register = String::from("---\ntasks:\n");
    for n in 0..tasks {
        let (stream, previous) = (n % 2, n.checked_sub(2));
        let after = previous.map_or(", start: 2026-03-02".to_string(), |p| {
            format!(", depends_on: [t{p}]")
        });
        register.push_str(&format!(
            "  - {{ id: t{n}, title: Task {n}, owner: alice, duration: 1d, workstream: Stream {stream}{after} }}\n"
        ));
    }
    register.push_str("milestones:\n");
    for stream in 0..2 {
        let last = tasks - 2 + stream;
        register.push_str(&format!(
            "  - {{ id: m{stream}, title: Done {stream}, owner: alice, depends_on: [t{last}], criteria: [all done] }}\n"
        ));
    }
    register.push_str("---\n# Work\n");
    std::fs::write(dir.path().join("work.md"), register).unwrap();
    std::fs::write(
        dir.path().join("planbook.toml"),
        "title = \"Large\"\n[people]\nalice = { name = \"Alice\" }\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_large_plan_splits_the_graph_the_board_and_the_timeline() {
    let plan = large_plan(640);
    let site = plan.path().join("site");
    let result = build(plan.path(), &site, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let files = read_tree(&site);
    // The board: one per workstream, and counts on board.html.
    let boards: Vec<&String> = files
        .keys()
        .filter(|path| path.starts_with("board/"))
        .collect();
    assert_eq!(boards.len(), 2, "{boards:?}");
    let index = text(&files, "board.html");
    assert!(index.contains("class=\"board-parts\"") && !index.contains("<li class=\"board-card"));
    for board in &boards {
        assert_eq!(
            text(&files, board)
                .matches("<li class=\"board-card")
                .count(),
            320
        );
    }
    // The graph: one per milestone, none over 300 nodes.
    let graphs: Vec<&String> = files
        .keys()
        .filter(|path| path.starts_with("graph/"))
        .collect();
    assert!(graphs.len() >= 2, "{graphs:?}");
    let mut nodes = 0;
    for graph in &graphs {
        let count = text(&files, graph).matches("<a class=\"node ").count();
        assert!(count <= 300, "{graph}: {count} nodes");
        nodes += count;
    }
    assert_eq!(nodes, 642, "every task and milestone is in one graph");
    // 321 nodes lead to each milestone: drawn in pieces of at most 300.
    let overview = text(&files, "graph.html");
    assert!(
        overview.contains("m0~1.html") && overview.contains("m1~"),
        "{overview}"
    );
    assert!(
        !result_has_errors(&result),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    // The timeline: a page per workstream; a chart of over 300 rows only at
    // the zoom that fits, the overview at every zoom.
    let timelines: Vec<&String> = files
        .keys()
        .filter(|path| path.starts_with("timeline"))
        .collect();
    assert!(
        files.contains_key("timeline/stream-0.html"),
        "{timelines:?}"
    );
    assert!(!timelines.iter().any(|path| path.starts_with("timeline/stream-0.") && *path != "timeline/stream-0.html"), "{timelines:?}");
    assert_eq!(
        timelines.iter().filter(|path| !path.contains('/')).count(),
        3,
        "{timelines:?}"
    );
}

fn result_has_errors(result: &Output) -> bool {
    String::from_utf8_lossy(&result.stderr).contains("error(s)")
}

#[test]
fn overdue_work_is_late_now_on_home_board_and_report() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    // Design (active, critical) was planned to finish Fri 6 Mar.
    let result = Command::new(env!("CARGO_BIN_EXE_planbook"))
        .arg("build")
        .arg(fixture("site-basic"))
        .arg("--out")
        .arg(&site)
        .args(["--today", "2026-03-10", "--no-history"])
        .output()
        .unwrap();
    assert!(result.status.success());
    let files = read_tree(&site);
    let home = text(&files, "index.html");
    let late_now = &home[home.find("id=\"pb-late-now\"").unwrap()..];
    let late_now = &late_now[..late_now.find("</div>").unwrap()];
    assert!(late_now.contains("Design the portal"), "{late_now}");
    assert!(late_now.contains("2 working days overdue: planned to finish Fri 6 Mar 2026"));
    assert!(home.contains("is on the critical path and 2 working days overdue."));
    let board = text(&files, "board.html");
    assert!(
        board.contains("<li class=\"board-card is-late\""),
        "late badge"
    );
    assert!(text(&files, "report.html").contains("2 working days overdue"));
}
