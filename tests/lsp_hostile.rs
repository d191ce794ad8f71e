//! `planbook lsp` given bad input keeps answering: broken YAML, a 5 MB
//! buffer, positions past the end, files outside the plan, malformed
//! JSON-RPC, requests before `initialize` and after `shutdown`.

mod common;
mod lsp_support;

use serde_json::{json, Value};

use common::write_plan;
use lsp_support::{uri_of, Client};

const CONFIG: &str = "start = \"2026-01-05\"\n[people]\nana = \"Ana\"\n";
const TASK: &str = "---\nkind: task\nowner: ana\nstart: 2026-01-05\nduration: 3d\n---\n# Task\n";

fn plan() -> tempfile::TempDir {
    write_plan(&[("planbook.toml", CONFIG), ("task.md", TASK)])
}

/// The server still answers a plain request.
fn still_answers(client: &mut Client) {
    let answer = client.request("workspace/symbol", json!({ "query": "" }));
    assert!(answer["result"].is_array(), "{answer}");
}

#[test]
fn broken_yaml_in_a_buffer_is_a_diagnostic() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let uri = uri_of(&dir.path().join("task.md"));
    client.open(&uri, "---\nkind: task\nowner: [ana\n---\n# Task\n");
    let diagnostics = client.diagnostics(&uri, |list| !list.is_empty());
    assert_eq!(diagnostics[0]["code"], "invalid-front-matter");
    let hover = client.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 3 } }),
    );
    assert_eq!(hover, Value::Null);
    let completion = client.call(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 6 } }),
    );
    assert!(completion["items"]
        .as_array()
        .is_some_and(|items| !items.is_empty()));
    still_answers(&mut client);
}

#[test]
fn a_five_megabyte_buffer_is_analysed() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    let uri = uri_of(&dir.path().join("big.md"));
    let line = "Some long prose about the plan, with [a link](task.md) and words. ".repeat(4);
    let mut text = String::from(
        "---\nkind: task\nowner: nobody\nduration: 2d\nstart: 2026-01-05\n---\n# Big\n",
    );
    while text.len() < 5 << 20 {
        text.push_str(&line);
        text.push('\n');
    }
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, |list| !list.is_empty());
    assert_eq!(diagnostics[0]["code"], "unknown-owner");
    // An incremental edit at the end of the big buffer.
    let last_line = text.matches('\n').count();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{
            "range": { "start": { "line": last_line, "character": 0 }, "end": { "line": last_line, "character": 0 } },
            "text": "[broken](missing.md)\n" }] }),
    );
    client.diagnostics(&uri, |list| {
        list.iter()
            .any(|diagnostic| diagnostic["code"] == "broken-link")
    });
    still_answers(&mut client);
}

#[test]
fn positions_past_the_end_and_files_outside_the_plan_get_answers() {
    let dir = plan();
    let outside = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path(), json!({}));
    let uri = uri_of(&dir.path().join("task.md"));
    let far = json!({ "line": 9999, "character": 9999 });
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        let answer = client.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": far }),
        );
        assert!(
            answer.get("result").is_some() || answer.get("error").is_some(),
            "{method}: {answer}"
        );
    }
    let stranger = uri_of(&outside.path().join("elsewhere.md"));
    client.open(&stranger, TASK);
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
    ] {
        let answer = client.call(method, json!({ "textDocument": { "uri": stranger }, "position": { "line": 1, "character": 1 } }));
        assert_eq!(answer, Value::Null, "{method}");
    }
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "untitled:Untitled-1" } }),
    );
    assert_eq!(symbols, Value::Null);
    let bad_uri = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "::not a uri" }, "position": far }),
    );
    assert_eq!(bad_uri["error"]["code"], -32602, "{bad_uri}");
    still_answers(&mut client);
}

#[test]
fn malformed_messages_get_errors_and_the_server_goes_on() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    // A body that is no JSON: a parse error with a null id.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let error = client.wait_for(|message| message["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    // JSON that is no message: an invalid request, with its id.
    client.send(&json!({ "jsonrpc": "2.0", "id": 77 }));
    let error = client.wait_for(|message| message["error"]["code"] == -32600);
    assert_eq!(error["id"], 77);
    // A header line without a colon, then a good message.
    client.send_raw(b"garbage\r\n\r\n");
    client.wait_for(|message| message["error"]["code"] == -32700);
    // Parameters of the wrong shape, and a method nobody knows.
    let answer = client.request("textDocument/hover", json!("nonsense"));
    assert_eq!(answer["error"]["code"], -32602);
    let answer = client.request("planbook/unknown", json!({}));
    assert_eq!(answer["error"]["code"], -32601);
    // A notification with bad parameters is dropped.
    client.notify("textDocument/didOpen", json!({ "textDocument": 5 }));
    still_answers(&mut client);
    assert_eq!(client.shutdown().code(), Some(0));
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let dir = plan();
    let mut client = Client::spawn();
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    let answer = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri_of(dir.path()), "capabilities": {} }),
    );
    assert!(answer.get("result").is_some(), "{answer}");
    client.notify("initialized", json!({}));
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    let late = client.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(late["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(0));
}

#[test]
fn the_input_ending_without_exit_ends_with_status_1() {
    let dir = plan();
    let mut client = Client::start(dir.path(), json!({}));
    client.close_stdin();
    assert_eq!(client.wait_exit().code(), Some(1));
}
