//! Completion from `planbook lsp` over stdio: keys, values, people and ids
//! in front matter, and planbook.toml.

mod common;
mod lsp_sample;
mod lsp_support;

use std::path::Path;

use serde_json::{json, Value};

use lsp_sample::*;
use lsp_support::{position_at, Client};

fn labels(result: &Value) -> Vec<String> {
    result["items"]
        .as_array()
        .expect("a completion list")
        .iter()
        .map(|item| item["label"].as_str().unwrap().to_string())
        .collect()
}

/// Opens `path` with `text` and asks for completion at the end of `needle`.
fn complete(client: &mut Client, root: &Path, path: &str, text: &str, needle: &str) -> Value {
    let uri = uri(root, path);
    client.open(&uri, text);
    let cursor = text.find(needle).expect("needle") + needle.len();
    let params = json!({ "textDocument": { "uri": uri }, "position": position_at(text, cursor) });
    client.call("textDocument/completion", params)
}

#[test]
fn completes_keys_values_people_and_ids() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let text = "---\nkind: task\now\n---\n";
    let result = complete(&mut client, dir.path(), "tasks/new.md", text, "\now");
    let keys = labels(&result);
    assert!(keys.contains(&"owner".to_string()), "{keys:?}");
    assert!(
        !keys.contains(&"kind".to_string()),
        "already written: {keys:?}"
    );
    let owner = &result["items"][0];
    assert!(
        owner["detail"].as_str().unwrap().contains("accountable"),
        "{owner}"
    );
    assert_eq!(owner["textEdit"]["newText"], "owner: ");

    let text = "---\nkind: task\nowner: \n---\n";
    let people = complete(&mut client, dir.path(), "tasks/new2.md", text, "owner: ");
    assert_eq!(labels(&people), ["ana", "bob"]);
    assert_eq!(people["items"][0]["detail"], "Ana Tomás · Lead");

    let text = "---\nkind: task\nstatus: a\n---\n";
    let statuses = complete(&mut client, dir.path(), "tasks/new3.md", text, "status: a");
    assert_eq!(labels(&statuses), ["planned", "active", "cancelled"]);

    let text = "---\nkind: task\ndepends_on:\n  - bu\n---\n";
    let ids = complete(&mut client, dir.path(), "tasks/new4.md", text, "  - bu");
    assert_eq!(labels(&ids), ["build"]);
    assert_eq!(ids["items"][0]["detail"], "task: Build");

    let text = "---\nkind: task\nmilestone: \n---\n";
    let milestones = complete(
        &mut client,
        dir.path(),
        "tasks/new5.md",
        text,
        "milestone: ",
    );
    assert_eq!(labels(&milestones), ["launch"]);

    let text = "---\nkind: risk\nprobability: \n---\n";
    let levels = complete(
        &mut client,
        dir.path(),
        "risks/new.md",
        text,
        "probability: ",
    );
    assert_eq!(labels(&levels), ["low", "medium", "high"]);

    let text = "---\nkind: \n---\n";
    let kinds = complete(&mut client, dir.path(), "new.md", text, "kind: ");
    assert_eq!(
        labels(&kinds),
        ["plan", "task", "milestone", "risk", "person"]
    );

    let text = "---\nlint: { allow: [missing-o] }\n---\n";
    let rules = complete(&mut client, dir.path(), "note.md", text, "missing-o");
    assert_eq!(labels(&rules), ["missing-owner"]);

    // A register entry gets the keys of its kind.
    let text = "---\ntasks:\n  - id: x\n    dur\n---\n";
    let entry = complete(&mut client, dir.path(), "reg2.md", text, "    dur");
    assert_eq!(labels(&entry), ["duration"]);

    // Nothing in a page body.
    let text = "---\nkind: task\n---\nowner: \n";
    let body = complete(&mut client, dir.path(), "tasks/new6.md", text, "\nowner: ");
    assert_eq!(body, Value::Null);
}

#[test]
fn completes_planbook_toml() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let text = format!("{CONFIG}\n[lint]\nmissing-con\n");
    let rules = complete(
        &mut client,
        dir.path(),
        "planbook.toml",
        &text,
        "missing-con",
    );
    assert_eq!(labels(&rules), ["missing-contingency"]);
    let text = format!("{CONFIG}\n[lint]\nmissing-owner = \"\n");
    let levels = complete(
        &mut client,
        dir.path(),
        "planbook.toml",
        &text,
        "missing-owner = \"",
    );
    assert_eq!(labels(&levels), ["error", "warning", "off"]);
    assert_eq!(levels["items"][0]["textEdit"]["newText"], "error");
    let text = "[risk]\nsc\n";
    let keys = complete(&mut client, dir.path(), "planbook.toml", text, "\nsc");
    assert_eq!(labels(&keys), ["scale"]);
    let text = "[calendar]\nworkdays = [\"mon\", \"t\n";
    let days = complete(&mut client, dir.path(), "planbook.toml", text, "\"t");
    assert_eq!(labels(&days), ["tue", "thu", "sat"]);
}
