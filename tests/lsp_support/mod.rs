//! A small LSP client for the tests: the real `planbook lsp` binary over
//! stdio, JSON-RPC framed with Content-Length. Every wait has a timeout,
//! and the server is killed when the client is dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const WAIT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and requests from the server not yet looked at.
    pub backlog: Vec<Value>,
    next_id: i64,
    pub root_uri: String,
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `file://` URI of a path.
pub fn uri_of(path: &Path) -> String {
    url::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

/// The capabilities of a modern client (UTF-16, file renames, nesting).
pub fn full_capabilities() -> Value {
    json!({
        "workspace": {
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] },
            "didChangeWatchedFiles": { "dynamicRegistration": true }
        },
        "textDocument": { "documentSymbol": { "hierarchicalDocumentSymbolSupport": true } }
    })
}

impl Client {
    /// Starts the server and completes the handshake for the plan at `root`.
    pub fn start(root: &Path, capabilities: Value) -> Client {
        let mut client = Client::spawn();
        client.root_uri = uri_of(root);
        let answer = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": client.root_uri, "capabilities": capabilities }),
        );
        assert!(
            answer.get("result").is_some(),
            "initialize failed: {answer}"
        );
        client
            .backlog
            .push(json!({ "initializeResult": answer["result"] }));
        client.notify("initialized", json!({}));
        client
    }

    /// The server process, before any message.
    pub fn spawn() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planbook"))
            .args(["lsp", "--today", "2026-01-05"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("planbook runs");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
            root_uri: String::new(),
        }
    }

    pub fn initialize_result(&self) -> Value {
        self.backlog
            .iter()
            .find_map(|message| message.get("initializeResult").cloned())
            .unwrap_or(Value::Null)
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|message| {
            message.get("id") == Some(&json!(id)) && message.get("method").is_none()
        })
    }

    /// The `result` of a request, failing the test on an error answer.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let answer = self.request(method, params);
        assert!(
            answer.get("error").is_none(),
            "{method} answered an error: {answer}"
        );
        answer["result"].clone()
    }

    /// The first message (seen or arriving) that `wanted` accepts.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(at);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self.incoming.recv_timeout(left).unwrap_or_else(|_| {
                panic!("no such message within {WAIT:?}; seen: {:#?}", self.backlog)
            });
            if wanted(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The next diagnostics published for `uri` that `wanted` accepts.
    pub fn diagnostics(&mut self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && wanted(
                    message["params"]["diagnostics"]
                        .as_array()
                        .map_or(&[], |list| list.as_slice()),
                )
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Forgets the messages received so far.
    pub fn drain(&mut self) {
        std::thread::sleep(Duration::from_millis(200));
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push(message);
        }
        self.backlog
            .retain(|message| message.get("initializeResult").is_some());
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// Replaces the whole text of an open buffer.
    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// `shutdown`, `exit`, and the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let answer = self.request("shutdown", Value::Null);
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        self.stdin.take();
        self.wait_exit()
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_none()
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A position `{ line, character }` (UTF-16 columns) of the first `needle`
/// in `text`, plus `offset` characters.
pub fn position_of(text: &str, needle: &str, offset: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` in the text"));
    let mut position = position_at(text, at);
    position["character"] = json!(position["character"].as_u64().unwrap() as usize + offset);
    position
}

/// The position (UTF-16 columns) of byte `at` of `text`.
pub fn position_at(text: &str, at: usize) -> Value {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    json!({ "line": line, "character": before[line_start..].encode_utf16().count() })
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
pub fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("the line exists") + 1;
    }
    let mut units = 0;
    for (at, found) in text[start..].char_indices() {
        if units >= character || found == '\n' {
            return start + at;
        }
        units += found.len_utf16();
    }
    text.len()
}

/// `text` with LSP text edits applied.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut ranged: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            (
                offset_of(text, &edit["range"]["start"]),
                offset_of(text, &edit["range"]["end"]),
                edit["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    ranged.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut edited = text.to_string();
    for (start, end, new_text) in ranged {
        edited.replace_range(start..end, &new_text);
    }
    edited
}

/// The text edits of a workspace edit for `uri`, from `changes` or
/// `documentChanges`.
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|change| change["textDocument"]["uri"] == uri)
        .flat_map(|change| change["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// A `textDocument/...` request's params at `needle` (+ `offset`) of `text`.
pub fn at(uri: &str, text: &str, needle: &str, offset: usize) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position_of(text, needle, offset) })
}
