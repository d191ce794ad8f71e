//! Measures what an author waits for under `planbook lsp`: the time from
//! sending `textDocument/didChange` to receiving the `publishDiagnostics`
//! for that version of the page, and the server's memory.
//!
//! ```text
//! lsp_latency --bin PLANBOOK --plan DIR [--page REL.md] [--runs N] [--target-ms MS]
//! ```
//!
//! The plan is never edited: the edits live in the server's buffer only.
//! Each edit changes the page's `duration` (so the schedule moves) and a
//! line of its body. Prints every run, then one line
//! `RESULT median_ms=.. p90_ms=.. max_ms=.. rss_mb=.. start_ms=..` for
//! scripts. Exit status 1 when the median reaches `--target-ms`.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use std::{fs, process};

#[path = "latency_common.rs"]
mod latency_common;

use latency_common::{first_task_page, parse_args, peak_rss_mb, Options};

use serde_json::{json, Value};

const USAGE: &str =
    "usage: lsp_latency --bin PLANBOOK --plan DIR [--page REL.md] [--runs N] [--target-ms MS]";
const TIMEOUT: Duration = Duration::from_secs(60);

/// The server process; killed on every way out.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn send(&mut self, message: Value) -> Result<(), String> {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|_| self.stdin.flush())
            .map_err(|error| format!("writing to the server: {error}"))
    }

    fn wait_for(&self, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .map_err(|_| "the server did not answer in time".to_string())?;
            if wanted(&message) {
                return Ok(message);
            }
        }
    }
}

fn main() {
    let options = parse_args(USAGE, 30, false).unwrap_or_else(|message| {
        eprintln!("lsp_latency: {message}\n{USAGE}");
        process::exit(2);
    });
    match measure(&options) {
        Ok((mut times, rss_mb, start_ms)) => {
            times.sort_by(f64::total_cmp);
            let at = |share: f64| times[((times.len() - 1) as f64 * share).round() as usize];
            let median = at(0.5);
            println!(
                "RESULT median_ms={median:.1} p90_ms={:.1} max_ms={:.1} rss_mb={rss_mb:.1} start_ms={start_ms:.0}",
                at(0.9),
                at(1.0)
            );
            if options.target_ms.is_some_and(|target| median >= target) {
                process::exit(1);
            }
        }
        Err(message) => {
            eprintln!("lsp_latency: {message}");
            process::exit(2);
        }
    }
}

fn measure(options: &Options) -> Result<(Vec<f64>, f64, f64), String> {
    let plan = options
        .plan
        .canonicalize()
        .map_err(|error| format!("{}: {error}", options.plan.display()))?;
    let page = match &options.page {
        Some(page) => page.clone(),
        None => first_task_page(&plan).ok_or("no task page found; give --page")?,
    };
    let original =
        fs::read_to_string(plan.join(&page)).map_err(|error| format!("{page}: {error}"))?;
    let mut server = start(&options.bin)?;
    let started = Instant::now();
    let root_uri = file_uri(&plan);
    server.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": root_uri, "capabilities": {} } }))?;
    server.wait_for(|message| message["id"] == 1)?;
    server.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }))?;
    let start_ms = started.elapsed().as_secs_f64() * 1000.0;
    eprintln!("lsp: initialize answered in {start_ms:.0} ms");

    let uri = format!("{root_uri}/{}", page.replace(' ', "%20"));
    server.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": original } } }))?;
    wait_for_version(&server, &uri, 1)?;

    let mut times = Vec::with_capacity(options.runs);
    for run in 0..options.runs {
        let version = run as i64 + 2;
        let text = edited(&original, run);
        let sent = Instant::now();
        server.send(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "text": text }] } }),
        )?;
        wait_for_version(&server, &uri, version)?;
        let elapsed = sent.elapsed().as_secs_f64() * 1000.0;
        eprintln!("run {run:>2}: {elapsed:.1} ms");
        times.push(elapsed);
        std::thread::sleep(Duration::from_millis(50));
    }
    let rss_mb = peak_rss_mb(server.child.id());
    server.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }))?;
    server.wait_for(|message| message["id"] == 2)?;
    server.send(json!({ "jsonrpc": "2.0", "method": "exit" }))?;
    Ok((times, rss_mb, start_ms))
}

/// The page with another duration and one more body line.
fn edited(original: &str, run: usize) -> String {
    let mut text = String::with_capacity(original.len() + 40);
    for line in original.split_inclusive('\n') {
        if line.starts_with("duration:") {
            text.push_str(&format!("duration: {}d\n", 2 + run % 5));
        } else {
            text.push_str(line);
        }
    }
    text.push_str(&format!("\nEdited in run {run}.\n"));
    text
}

fn wait_for_version(server: &Server, uri: &str, version: i64) -> Result<Value, String> {
    server.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri
            && message["params"]["version"] == version
    })
}

fn start(bin: &Path) -> Result<Server, String> {
    let mut child = Command::new(bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("starting {}: {error}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let stdin = child.stdin.take().ok_or("no stdin")?;
    let (sender, messages) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(message) = read_message(&mut reader) {
            if sender.send(message).is_err() {
                return;
            }
        }
    });
    Ok(Server {
        child,
        stdin,
        messages,
    })
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

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}
