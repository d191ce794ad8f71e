//! `planbook lsp` as an editor drives it: the real binary over stdio with
//! JSON-RPC, on plans in temporary folders. Every wait has a timeout (see
//! tests/lsp_support), and the server is killed when a test ends.

mod common;
mod lsp_support;

use std::path::Path;

use serde_json::{json, Value};

use common::write_plan;
use lsp_support::{full_capabilities, position_of, uri_of, Client};

const CONFIG: &str = "title = \"LSP test\"\nstart = \"2026-01-05\"\n\n[people]\nana = { name = \"Ana Tomás\", role = \"Lead\" }\nbob = { name = \"Bob\", role = \"Engineer\" }\n";
const DESIGN: &str =
    "---\nkind: task\nowner: ana\nstart: 2026-01-05\nduration: 3d\n---\n# Design\n\n## Review\n";
const BUILD: &str = "---\nkind: task\nowner: bob\ndepends_on: [design]\nduration: 2d\n---\n# Build\n\nSee [the design](design.md#review).\n";
const OUTAGE: &str = "---\nkind: risk\nowner: ana\nprobability: high\nimpact: high\nmitigation: test twice\naffects: [build]\n---\n# Outage\n";

fn plan() -> tempfile::TempDir {
    write_plan(&[
        ("planbook.toml", CONFIG),
        ("tasks/design.md", DESIGN),
        ("tasks/build.md", BUILD),
        ("risks/outage.md", OUTAGE),
    ])
}

fn uri(root: &Path, path: &str) -> String {
    uri_of(&root.join(path))
}

fn rules(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn has_rule(rule: &'static str) -> impl Fn(&[Value]) -> bool {
    move |diagnostics| {
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic["code"] == rule)
    }
}

#[test]
fn initialize_loads_the_plan_and_publishes_findings_of_pages_not_open() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let capabilities = &client.initialize_result()["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    let outage = uri(dir.path(), "risks/outage.md");
    let diagnostics = client.diagnostics(&outage, has_rule("missing-contingency"));
    let finding = &diagnostics[0];
    assert_eq!(finding["source"], "planbook");
    assert_eq!(finding["severity"], 2);
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("\nhelp: add a contingency"),
        "{finding}"
    );
    let href = finding["codeDescription"]["href"].as_str().unwrap();
    assert!(
        href.ends_with("docs/rules.md#missing-contingency"),
        "{href}"
    );
    // The range is the score's first input: the probability's value.
    assert_eq!(
        finding["range"]["start"],
        json!({ "line": 3, "character": 13 })
    );
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn diagnostics_follow_the_unsaved_buffer_with_utf16_columns() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    client.open(&build, BUILD);
    client.diagnostics(&build, |diagnostics| diagnostics.is_empty());
    let text = BUILD.replace(
        "depends_on: [design]",
        "title: Tomás zoë\ndepends_on: [\"zoë\", desing]",
    );
    client.change(&build, 2, &text);
    let diagnostics = client.diagnostics(&build, has_rule("unknown-dependency"));
    let finding = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["message"].as_str().unwrap().contains("`desing`"))
        .expect("desing is unknown");
    assert_eq!(finding["range"]["start"], position_of(&text, "desing", 0));
    assert_eq!(finding["range"]["end"], position_of(&text, "desing", 6));
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `design`?"));
    // The non-ASCII id before it is underlined exactly too.
    let zoe = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["message"].as_str().unwrap().contains("`zoë`"))
        .expect("zoë is unknown");
    assert_eq!(zoe["range"]["start"], position_of(&text, "\"zoë\"", 0));
    assert_eq!(zoe["range"]["end"], position_of(&text, "\"zoë\"", 5));
    // Nothing changed on disk.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tasks/build.md")).unwrap(),
        BUILD
    );
}

#[test]
fn a_client_offering_utf8_gets_byte_columns() {
    let dir = plan();
    let capabilities = json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } });
    let mut client = Client::start(dir.path(), capabilities);
    assert_eq!(
        client.initialize_result()["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let build = uri(dir.path(), "tasks/build.md");
    client.open(&build, BUILD);
    let text = BUILD.replace(
        "owner: bob",
        "owner: bob\ntitle: Tomás zoë\nresources: [Tomás]",
    );
    client.change(&build, 2, &text);
    let diagnostics = client.diagnostics(&build, has_rule("unknown-owner"));
    let line = text
        .lines()
        .position(|line| line.starts_with("resources"))
        .unwrap();
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": line, "character": 12 })
    );
    assert_eq!(
        diagnostics[0]["range"]["end"],
        json!({ "line": line, "character": 18 })
    );
}

#[test]
fn a_cycle_across_two_open_buffers_is_reported_and_cleared_in_both() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let design = uri(dir.path(), "tasks/design.md");
    let build = uri(dir.path(), "tasks/build.md");
    client.open(&design, DESIGN);
    client.open(&build, BUILD);
    client.drain();
    let cyclic = DESIGN.replace("start: 2026-01-05", "depends_on: [build]");
    client.change(&design, 2, &cyclic);
    let found = client.diagnostics(&design, has_rule("dependency-cycle"));
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("design -> build"),
        "{found:?}"
    );
    // Undoing it clears the finding, and the other buffer stays clean.
    client.change(&design, 3, DESIGN);
    client.diagnostics(&design, |diagnostics| {
        !has_rule("dependency-cycle")(diagnostics)
    });
    client.change(&build, 2, &BUILD.replace("duration: 2d", "duration: 3d"));
    let build_now = client.diagnostics(&build, |_| true);
    assert_eq!(rules(&build_now), Vec::<String>::new());
}

#[test]
fn fixing_an_id_in_one_page_clears_unknown_dependency_in_another() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let design = uri(dir.path(), "tasks/design.md");
    let build = uri(dir.path(), "tasks/build.md");
    client.open(&design, DESIGN);
    client.drain();
    // Give the design page another id: build.md (not open) loses its dependency.
    client.change(
        &design,
        2,
        &DESIGN.replace("kind: task", "kind: task\nid: drafting"),
    );
    client.diagnostics(&build, has_rule("unknown-dependency"));
    client.change(&design, 3, DESIGN);
    let cleared = client.diagnostics(&build, |_| true);
    assert_eq!(cleared, Vec::<Value>::new());
}

#[test]
fn duplicate_ids_carry_related_information() {
    let dir = plan();
    // register.md comes first in path order, so its `design` is the first
    // declaration and the page tasks/design.md the duplicate.
    let register = "---\ntasks:\n  - id: design\n    owner: ana\n    duration: 1d\n    start: 2026-01-05\n---\n# Register\n";
    std::fs::write(dir.path().join("register.md"), register).unwrap();
    let mut client = Client::start(dir.path(), json!({}));
    let diagnostics = client.diagnostics(
        &uri(dir.path(), "tasks/design.md"),
        has_rule("duplicate-id"),
    );
    let related = &diagnostics[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri(dir.path(), "register.md"));
    assert_eq!(
        related["location"]["range"]["start"],
        position_of(register, "design", 0)
    );
    assert_eq!(
        related["location"]["range"]["end"],
        position_of(register, "design", 6)
    );
    assert!(related["message"]
        .as_str()
        .unwrap()
        .contains("first declared here"));
}

#[test]
fn files_changed_on_disk_are_picked_up() {
    let dir = plan();
    let mut client = Client::start(dir.path(), full_capabilities());
    // The server asks to watch the plan's files.
    let registration = client.wait_for(|message| message["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/*.md");
    let build_path = dir.path().join("tasks/build.md");
    std::fs::write(&build_path, BUILD.replace("[design]", "[desgn]")).unwrap();
    let build = uri(dir.path(), "tasks/build.md");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": build, "type": 2 }] }),
    );
    client.diagnostics(&build, has_rule("unknown-dependency"));
    std::fs::remove_file(&build_path).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": build, "type": 3 }] }),
    );
    client.diagnostics(&build, |diagnostics| diagnostics.is_empty());
}

#[test]
fn an_image_added_on_disk_clears_its_broken_link() {
    let dir = plan();
    let design_path = dir.path().join("tasks/design.md");
    std::fs::write(&design_path, format!("{DESIGN}\n![flow](flow.png)\n")).unwrap();
    let mut client = Client::start(dir.path(), full_capabilities());
    let registration = client.wait_for(|message| message["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    let globs: Vec<&str> = watchers
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|watcher| watcher["globPattern"].as_str())
        .collect();
    assert!(
        globs.iter().any(|glob| glob.contains("png")),
        "images are watched: {globs:?}"
    );
    let design = uri(dir.path(), "tasks/design.md");
    client.diagnostics(&design, has_rule("broken-link"));
    let image = dir.path().join("tasks/flow.png");
    std::fs::write(&image, b"an image").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&image), "type": 1 }] }),
    );
    client.diagnostics(&design, |diagnostics| diagnostics.is_empty());
    // And gone again, the link is broken again.
    std::fs::remove_file(&image).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri_of(&image), "type": 3 }] }),
    );
    client.diagnostics(&design, has_rule("broken-link"));
}

#[test]
fn without_client_watching_the_server_watches_the_folder() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    client.drain();
    std::fs::write(
        dir.path().join("tasks/build.md"),
        BUILD.replace("owner: bob", "owner: bobby"),
    )
    .unwrap();
    client.diagnostics(&build, has_rule("unknown-owner"));
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}
