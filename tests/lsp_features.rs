//! The editor features of `planbook lsp` over stdio: go to definition,
//! references, hover, rename, code actions and symbols.

mod common;
mod lsp_sample;
mod lsp_support;

use serde_json::json;

use lsp_sample::*;
use lsp_support::{apply_edits, at, edits_for, full_capabilities, position_of, Client};

#[test]
fn goes_to_definitions_of_ids_owners_and_links() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    // A dependency: the page whose file name is the id.
    let found = client.call("textDocument/definition", at(&build, BUILD, "[design]", 2));
    assert_eq!(found["uri"], uri(dir.path(), "tasks/design.md"));
    assert_eq!(
        found["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    // An owner: the roster entry in planbook.toml.
    let found = client.call("textDocument/definition", at(&build, BUILD, "bob", 1));
    assert_eq!(found["uri"], uri(dir.path(), "planbook.toml"));
    assert_eq!(found["range"]["start"], position_of(CONFIG, "bob =", 0));
    // A Markdown link with an anchor: the heading.
    let found = client.call(
        "textDocument/definition",
        at(&build, BUILD, "design.md#", 3),
    );
    assert_eq!(found["uri"], uri(dir.path(), "tasks/design.md"));
    assert_eq!(found["range"]["start"], position_of(DESIGN, "## Review", 0));
    // A register entry's own `id:` from a reference to it.
    let launch = uri(dir.path(), "launch.md");
    let found = client.call("textDocument/definition", at(&launch, LAUNCH, "[build]", 1));
    assert_eq!(
        found["range"]["start"],
        position_of(BUILD, "build\nowner", 0)
    );
}

#[test]
fn finds_every_reference_of_an_id() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    let params = |include: bool| {
        let mut params = at(&build, BUILD, "build\nowner", 0);
        params["context"] = json!({ "includeDeclaration": include });
        params
    };
    let found = client.call("textDocument/references", params(false));
    let places: Vec<(String, u64)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|location| {
            let path = location["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (path, location["range"]["start"]["line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        places,
        [
            ("launch.md".into(), 3),
            ("register.md".into(), 6),
            ("outage.md".into(), 6)
        ]
    );
    let with_declaration = client.call("textDocument/references", params(true));
    assert_eq!(with_declaration.as_array().unwrap().len(), 4);
    // A page item's references include the Markdown links to its page.
    let design = uri(dir.path(), "tasks/design.md");
    let mut params = at(&build, BUILD, "[design]", 1);
    params["context"] = json!({ "includeDeclaration": false });
    let found = client.call("textDocument/references", params);
    let uris: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, [build.as_str(), build.as_str()]);
    let _ = design;
}

#[test]
fn hover_shows_the_schedule_the_risk_and_the_load() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    let hover = client.call("textDocument/hover", at(&build, BUILD, "[design]", 2));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**task `design`**: Design"), "{text}");
    assert!(
        text.contains("forecast: 2026-01-05 → 2026-01-07 (3 working days)"),
        "{text}"
    );
    assert!(text.contains("critical path"), "{text}");
    assert!(text.contains("owner: Ana Tomás (`ana`)"), "{text}");
    // The page's own kind line.
    let outage = uri(dir.path(), "risks/outage.md");
    let hover = client.call("textDocument/hover", at(&outage, OUTAGE, "kind: risk", 3));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("score **9**"), "{text}");
    assert!(text.contains("contingency: none"), "{text}");
    // A person: what they have under way on the status date.
    let hover = client.call("textDocument/hover", at(&build, BUILD, "bob", 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("role: Engineer"), "{text}");
    assert!(
        text.contains("load on 2026-01-05: 0 task(s) under way; 2 more ahead"),
        "{text}"
    );
    let design = uri(dir.path(), "tasks/design.md");
    let hover = client.call("textDocument/hover", at(&design, DESIGN, "ana", 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("1 task(s) under way: `design`"), "{text}");
}

#[test]
fn renames_a_written_id_everywhere() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let launch = uri(dir.path(), "launch.md");
    let prepared = client.call(
        "textDocument/prepareRename",
        at(&launch, LAUNCH, "[build]", 1),
    );
    assert_eq!(prepared["placeholder"], "build");
    let mut params = at(&launch, LAUNCH, "[build]", 1);
    params["newName"] = json!("assemble");
    let edit = client.call("textDocument/rename", params);
    let build = uri(dir.path(), "tasks/build.md");
    assert_eq!(
        apply_edits(BUILD, &edits_for(&edit, &build)),
        BUILD.replace("id: build", "id: assemble")
    );
    assert_eq!(
        apply_edits(LAUNCH, &edits_for(&edit, &launch)),
        LAUNCH.replace("[build]", "[assemble]")
    );
    let outage = uri(dir.path(), "risks/outage.md");
    assert_eq!(
        apply_edits(OUTAGE, &edits_for(&edit, &outage)),
        OUTAGE.replace("[build]", "[assemble]")
    );
    let register = uri(dir.path(), "register.md");
    assert_eq!(
        apply_edits(REGISTER, &edits_for(&edit, &register)),
        REGISTER.replace("[build]", "[assemble]")
    );
}

#[test]
fn renaming_a_file_name_id_renames_the_file_or_adds_an_id() {
    let dir = plan();
    let mut client = Client::start(dir.path(), full_capabilities());
    let build = uri(dir.path(), "tasks/build.md");
    let mut params = at(&build, BUILD, "[design]", 1);
    params["newName"] = json!("blueprint");
    let edit = client.call("textDocument/rename", params.clone());
    let changes = edit["documentChanges"]
        .as_array()
        .expect("document changes");
    let rename = changes
        .iter()
        .find(|change| change["kind"] == "rename")
        .expect("a file rename");
    assert_eq!(rename["oldUri"], uri(dir.path(), "tasks/design.md"));
    assert_eq!(rename["newUri"], uri(dir.path(), "tasks/blueprint.md"));
    let renamed = apply_edits(BUILD, &edits_for(&edit, &build));
    assert_eq!(
        renamed,
        BUILD
            .replace("[design]", "[blueprint]")
            .replace("(design.md#", "(blueprint.md#")
    );
    drop(client);

    // A client that cannot rename files gets an `id:` line instead.
    let mut client = Client::start(dir.path(), json!({}));
    let edit = client.call("textDocument/rename", params);
    let design = uri(dir.path(), "tasks/design.md");
    let page = apply_edits(DESIGN, &edits_for(&edit, &design));
    assert_eq!(page, DESIGN.replacen("---\n", "---\nid: blueprint\n", 1));
}

#[test]
fn renaming_a_page_changes_reference_definitions_that_name_it() {
    const NOTES: &str = "---\nkind: task\nowner: ana\nduration: 1d\n---\n# Notes\n\nSee [the design][d] and [design].\n\n[d]: tasks/design.md#review\n[design]: <tasks/design.md> \"Design\"\n[other]: tasks/build.md\n";
    let dir = crate::common::write_plan(&[
        ("planbook.toml", CONFIG),
        ("tasks/design.md", DESIGN),
        ("tasks/build.md", BUILD),
        ("notes.md", NOTES),
    ]);
    let mut client = Client::start(dir.path(), full_capabilities());
    let build = uri(dir.path(), "tasks/build.md");
    let mut params = at(&build, BUILD, "[design]", 1);
    params["newName"] = json!("blueprint");
    let edit = client.call("textDocument/rename", params);
    let notes = uri(dir.path(), "notes.md");
    assert_eq!(
        apply_edits(NOTES, &edits_for(&edit, &notes)),
        NOTES
            .replace("]: tasks/design.md#", "]: tasks/blueprint.md#")
            .replace("<tasks/design.md>", "<tasks/blueprint.md>"),
        "the definitions name the new file; the links that use them stay"
    );
}

#[test]
fn prepare_rename_refuses_what_cannot_be_renamed() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    let answer = client.request(
        "textDocument/prepareRename",
        at(&build, BUILD, "duration", 2),
    );
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("only ids"),
        "{answer}"
    );
    let mut params = at(&build, BUILD, "[design]", 1);
    params["newName"] = json!("bad id");
    let answer = client.request("textDocument/rename", params.clone());
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a valid id"),
        "{answer}"
    );
    params["newName"] = json!("launch");
    let answer = client.request("textDocument/rename", params.clone());
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already the id"),
        "{answer}"
    );
    // An id that differs only in letter case would collide on macOS and
    // Windows file systems.
    params["newName"] = json!("Launch");
    let answer = client.request("textDocument/rename", params);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("but for letter case (`launch`)"),
        "{answer}"
    );
}

/// The code actions on the line of `needle`, by title, with their edits
/// applied to `text`.
fn actions(client: &mut Client, uri: &str, text: &str, needle: &str) -> Vec<(String, String)> {
    let position = position_of(text, needle, 0);
    let params = json!({
        "textDocument": { "uri": uri },
        "range": { "start": position, "end": position },
        "context": { "diagnostics": [] }
    });
    client
        .call("textDocument/codeAction", params)
        .as_array()
        .unwrap()
        .iter()
        .map(|action| {
            let title = action["title"].as_str().unwrap().to_string();
            (title, apply_edits(text, &edits_for(&action["edit"], uri)))
        })
        .collect()
}

#[test]
fn add_owner_fills_an_empty_owner_line() {
    // The stub `planbook new task` writes: the key is there, its value not.
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let stub = "---\nkind: task\nowner:          # the accountable person's id\nduration: 5d\nstart: 2026-01-05\n---\n# Stub\n";
    let uri = uri(dir.path(), "tasks/stub.md");
    client.open(&uri, stub);
    client.diagnostics(&uri, |diagnostics| {
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic["code"] == "missing-owner")
    });
    let fixes = actions(&mut client, &uri, stub, "owner");
    let fixed = &fixes
        .iter()
        .find(|(title, _)| title.starts_with("Add owner `ana`"))
        .unwrap_or_else(|| panic!("an owner choice: {fixes:?}"))
        .1;
    assert_eq!(
        *fixed,
        stub.replace("owner:", "owner: ana"),
        "the empty key gets the value; no second `owner:` line"
    );
    client.change(&uri, 2, fixed);
    client.diagnostics(&uri, |diagnostics| diagnostics.is_empty());
}

#[test]
fn quick_fixes_for_typos_owners_contingencies_and_allow() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    let typo = BUILD
        .replace("owner: bob", "ownr: bob")
        .replace("[design]", "[desing]");
    client.open(&build, &typo);
    client.diagnostics(&build, |diagnostics| diagnostics.len() >= 2);
    let fixes = actions(&mut client, &build, &typo, "ownr");
    let (title, fixed) = &fixes[0];
    assert_eq!(title, "Replace with `owner`");
    assert_eq!(*fixed, typo.replace("ownr", "owner"));
    assert!(
        fixes.iter().any(|(title, fixed)| title
            == "Allow `unknown-field` on this page (lint.allow)"
            && fixed.contains("kind: task\nlint: { allow: [unknown-field] }\nid: build\n")),
        "{fixes:?}"
    );
    let fixes = actions(&mut client, &build, &typo, "desing");
    assert_eq!(
        fixes[0],
        (
            "Replace with `design`".into(),
            typo.replace("desing", "design")
        )
    );
    // Missing owner: one choice per person; the fixed page is clean of it.
    let fixes = actions(&mut client, &build, &typo, "---");
    let owners: Vec<&str> = fixes
        .iter()
        .map(|(title, _)| title.as_str())
        .filter(|title| title.starts_with("Add owner"))
        .collect();
    assert_eq!(
        owners,
        ["Add owner `ana` (Ana Tomás)", "Add owner `bob` (Bob)"]
    );
    let with_owner = &fixes
        .iter()
        .find(|(title, _)| title.starts_with("Add owner `bob`"))
        .unwrap()
        .1;
    assert!(
        with_owner.starts_with("---\nkind: task\nowner: bob\nid: build\n"),
        "{with_owner}"
    );

    let outage = uri(dir.path(), "risks/outage.md");
    // missing-contingency sits at the score's inputs (the probability).
    let fixes = actions(&mut client, &outage, OUTAGE, "high");
    let skeleton = &fixes
        .iter()
        .find(|(title, _)| title == "Add a contingency skeleton")
        .unwrap_or_else(|| panic!("a skeleton: {fixes:?}"))
        .1;
    assert!(
        skeleton.starts_with("---\nkind: risk\ncontingency:\n  trigger:   # what tells us"),
        "{skeleton}"
    );
    // The skeleton parses (no new findings but the contingency one).
    client.open(&outage, skeleton);
    let after = client.diagnostics(&outage, |_| true);
    let codes: Vec<&str> = after
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["missing-contingency"]);
}

#[test]
fn quick_fix_in_a_register_entry_and_an_existing_allow_list() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let register = uri(dir.path(), "register.md");
    let text = "---\nlint:\n  allow:\n    - broken-link\ntasks:\n  - id: docs\n    duration: 1d\n    depends_on: [build]\n---\n# Register\n";
    client.open(&register, text);
    let fixes = actions(&mut client, &register, text, "- id: docs");
    let owner = &fixes
        .iter()
        .find(|(title, _)| title.starts_with("Add owner `ana`"))
        .expect("owner")
        .1;
    assert!(
        owner.contains("  - id: docs\n    owner: ana\n    duration: 1d\n"),
        "{owner}"
    );
    let allow = &fixes
        .iter()
        .find(|(title, _)| title.contains("`missing-owner` on this page"))
        .expect("allow")
        .1;
    assert!(
        allow.contains("    - broken-link\n    - missing-owner\n"),
        "{allow}"
    );
}

#[test]
fn document_and_workspace_symbols() {
    let dir = plan();
    let mut client = Client::start(dir.path(), full_capabilities());
    let register = uri(dir.path(), "register.md");
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": register } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["docs", "Register"]);
    assert_eq!(symbols[0]["detail"], "task: Write the docs");
    assert_eq!(symbols[1]["children"][0]["name"], "Later");
    let found = client.call("workspace/symbol", json!({ "query": "writedoc" }));
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["docs"]);
    assert_eq!(found[0]["location"]["uri"], register);
}

#[test]
fn quick_fixes_for_broken_links_mend_the_path_or_the_anchor() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let build = uri(dir.path(), "tasks/build.md");
    let broken = BUILD.replace(
        "(design.md#review)",
        "(desgn.md) and [this](design.md#reviw)",
    );
    client.open(&build, &broken);
    client.diagnostics(&build, |diagnostics| diagnostics.len() == 2);
    let fixes = actions(&mut client, &build, &broken, "[the design]");
    assert_eq!(
        fixes[0],
        (
            "Replace with `design.md`".into(),
            broken.replace("(desgn.md)", "(design.md)")
        )
    );
    let fixes = actions(&mut client, &build, &broken, "[this]");
    assert_eq!(
        fixes[0],
        (
            "Replace with `review`".into(),
            broken.replace("#reviw", "#review")
        )
    );
}
