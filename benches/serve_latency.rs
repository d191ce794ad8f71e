//! Measures what an author waits for under `planbook serve`: the time from
//! saving a page to the browser having the new page (the `reload` event has
//! arrived and a fetch of the page returns the new text).
//!
//! ```text
//! serve_latency --bin PLANBOOK --plan DIR [--page REL.md] [--url /PATH]
//!               [--runs N] [--target-ms MS]
//! ```
//!
//! The plan is copied to a temporary folder first, so the benchmark plan is
//! never edited. Prints every run, then one line
//! `RESULT median_ms=.. p90_ms=.. max_ms=.. rss_mb=..` for scripts. Exit
//! status 1 when the median reaches `--target-ms`. Only std is used.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use std::{env, fs, process};

#[path = "latency_common.rs"]
mod latency_common;

use latency_common::{first_task_page, parse_args, peak_rss_mb, Options};

const USAGE: &str = "usage: serve_latency --bin PLANBOOK --plan DIR [--page REL.md] [--url /PATH] [--runs N] [--target-ms MS]";
const TIMEOUT: Duration = Duration::from_secs(20);

/// The server process; killed on every way out.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let options = parse_args(USAGE, 20, true).unwrap_or_else(|message| {
        eprintln!("serve_latency: {message}\n{USAGE}");
        process::exit(2);
    });
    if let Err(message) = run(&options) {
        eprintln!("serve_latency: {message}");
        process::exit(2);
    }
}

fn run(options: &Options) -> Result<(), String> {
    let copy = env::temp_dir().join(format!("planbook-serve-latency-{}", process::id()));
    let _ = fs::remove_dir_all(&copy);
    copy_folder(&options.plan, &copy).map_err(|error| format!("copying the plan: {error}"))?;
    let result = measure(options, &copy);
    let _ = fs::remove_dir_all(&copy);
    let (mut times, rss_mb) = result?;

    times.sort_by(f64::total_cmp);
    let at = |share: f64| times[((times.len() - 1) as f64 * share).round() as usize];
    let (median, p90, max) = (at(0.5), at(0.9), at(1.0));
    println!("RESULT median_ms={median:.1} p90_ms={p90:.1} max_ms={max:.1} rss_mb={rss_mb:.1}");
    if options.target_ms.is_some_and(|target| median >= target) {
        process::exit(1);
    }
    Ok(())
}

/// Starts serve on `plan`, then times `runs` edits. Returns the times in
/// milliseconds and the server's peak resident memory in MB.
fn measure(options: &Options, plan: &Path) -> Result<(Vec<f64>, f64), String> {
    let page = match &options.page {
        Some(page) => page.clone(),
        None => first_task_page(plan).ok_or("no task page found; give --page")?,
    };
    let url = options
        .url
        .clone()
        .unwrap_or_else(|| format!("/pages/{}.html", page.trim_end_matches(".md")));
    let original =
        fs::read_to_string(plan.join(&page)).map_err(|error| format!("{page}: {error}"))?;

    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|error| format!("finding a free port: {error}"))?
        .port();
    let mut child = Command::new(&options.bin)
        .args(["serve", plan.to_str().ok_or("plan path is not UTF-8")?])
        .args(["--port", &port.to_string()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|error| format!("starting {}: {error}", options.bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let serve = Serve(child);
    let (lines_in, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_in.send(line).is_err() {
                return;
            }
        }
    });
    let started = Instant::now();
    loop {
        let line = lines
            .recv_timeout(TIMEOUT)
            .map_err(|_| "serve did not start".to_string())?;
        if line.starts_with("serving the plan at") {
            break;
        }
    }
    eprintln!(
        "serve: first build and start in {} ms",
        started.elapsed().as_millis()
    );

    let events = connect_events(port)?;
    let mut times = Vec::with_capacity(options.runs);
    for run in 0..options.runs {
        let marker = format!("latency-probe-{run}-{}", process::id());
        let edited = format!("{original}\nEdited: {marker}\n");
        let saved = Instant::now();
        fs::write(plan.join(&page), edited).map_err(|error| format!("writing {page}: {error}"))?;
        loop {
            let event = events
                .recv_timeout(TIMEOUT)
                .map_err(|_| "no reload event".to_string())?;
            if event == "reload" {
                break;
            }
        }
        let body = http_get(port, &url)?;
        let elapsed = saved.elapsed().as_secs_f64() * 1000.0;
        if !body.contains(&marker) {
            return Err(format!(
                "{url} does not show the edit after the reload event"
            ));
        }
        eprintln!("run {run:>2}: {elapsed:.1} ms");
        times.push(elapsed);
        // Let the debounce window close so each run is one separate save.
        std::thread::sleep(Duration::from_millis(150));
        while lines.try_recv().is_ok() {}
    }
    let rss_mb = peak_rss_mb(serve.0.id());
    drop(serve);
    Ok((times, rss_mb))
}

/// Event names from the live-reload stream, in order.
fn connect_events(port: u16) -> Result<mpsc::Receiver<String>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|error| error.to_string())?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|error| error.to_string())?;
    stream
        .write_all(b"GET /__planbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .map_err(|error| error.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        if reader
            .read_line(&mut head)
            .map_err(|error| error.to_string())?
            == 0
        {
            return Err("event stream closed".into());
        }
    }
    let (sender, events) = mpsc::channel();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                if sender.send(name.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    Ok(events)
}

fn http_get(port: u16, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|error| error.to_string())?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|error| error.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .map_err(|error| error.to_string())?;
    let mut body = String::new();
    stream
        .read_to_string(&mut body)
        .map_err(|error| format!("GET {path}: {error}"))?;
    Ok(body)
}

fn copy_folder(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_folder(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
