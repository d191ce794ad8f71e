//! The HTTP side of `serve`: reads one request from a connection and
//! answers GET and HEAD with files of the in-memory site only (a request
//! path is looked up, never joined to a folder), adds the live-reload script
//! to HTML on the way out, and streams build events to open pages over
//! Server-Sent Events. It never reads or writes without a deadline
//! (connections.rs says how connections reach it), and answers one request
//! per connection (`Connection: close`), so an idle connection never holds a
//! worker.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use super::connections::{ANSWER_DEADLINE, HEAD_TIMEOUT, STALL_TIMEOUT};
use super::events::{self, StreamBudget};
use super::live::LiveSite;

/// Paths under this prefix belong to the server, never to the site.
const RESERVED: &str = "/__planbook/";
const EVENTS_PATH: &str = "/__planbook/events";
const SCRIPT_PATH: &str = "/__planbook/live-reload.js";
const LIVE_RELOAD_JS: &str = include_str!("../../themes/serve/live-reload.js");
const SCRIPT_TAG: &[u8] = b"<script src=\"/__planbook/live-reload.js\"></script>";
/// A request head larger than this is refused (431).
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// How long, and for how many bytes, a refused request's rest is read.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;
/// An answer is written in pieces, each write with the time left before
/// its deadline, so that a client reading slowly cannot stretch it.
const WRITE_PIECE: usize = 64 * 1024;

/// Characters escaped when a request path goes back into a `Location`
/// (controls among them, so no header can be split).
const PATH_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'?').add(b'%');

/// An answer, written whole with `Content-Length` and `Connection: close`.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<[u8]>,
}

impl Response {
    fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    fn with_status(mut self, status: u16) -> Response {
        self.status = status;
        self
    }
}

/// Why no request came off a connection.
enum Unread {
    /// The client closed, broke off or took too long: nothing to answer.
    Gone,
    /// A malformed or oversized head: answered with an error status.
    Refused(Response),
}

struct Request {
    head_only: bool,
    path: String,
}

/// Reads one request from `stream` and answers it.
pub fn answer(mut stream: TcpStream, site: &Arc<LiveSite>, streams: &Arc<StreamBudget>) {
    // Head and body go out as soon as they are written.
    let _ = stream.set_nodelay(true);
    let request = match read_request(&mut stream, Instant::now() + HEAD_TIMEOUT) {
        Ok(request) => request,
        Err(Unread::Gone) => return,
        Err(Unread::Refused(response)) => {
            if send(&mut stream, &response, false).is_ok() {
                linger(&mut stream);
            }
            return;
        }
    };
    if request.path == EVENTS_PATH {
        events::open_stream(stream, site, streams);
        return;
    }
    let response = if request.path == SCRIPT_PATH {
        file_response(LIVE_RELOAD_JS.as_bytes().into(), "live-reload.js")
    } else {
        site_response(&request.path, site)
    };
    // A client that went away or stalled is no error of ours.
    let _ = send(&mut stream, &response, request.head_only);
}

/// The request head, read before `deadline` however slowly it trickles in.
fn read_request(stream: &mut TcpStream, deadline: Instant) -> Result<Request, Unread> {
    let mut head = vec![0u8; MAX_HEAD];
    let mut filled = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Unread::Gone);
        }
        match stream.read(&mut head[filled..]) {
            Ok(0) | Err(_) => return Err(Unread::Gone),
            Ok(count) => filled += count,
        }
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&head[..filled]) {
            Ok(httparse::Status::Complete(_)) => return checked_request(&parsed),
            Ok(httparse::Status::Partial) if filled < MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Err(Unread::Refused(plain(431, "request head too large")));
            }
            Err(_) => return Err(Unread::Refused(plain(400, "malformed request"))),
        }
    }
}

/// After refusing a request that was not read to its end: closing now
/// with unread bytes would reset the connection, and the client could lose
/// the answer. Reads what is left for a moment first (bounded in time and
/// bytes), after telling the client that the answer is complete.
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut scratch = [0u8; 4096];
    let mut left = LINGER_BYTES;
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut scratch) {
            Ok(0) | Err(_) => return,
            Ok(count) => left = left.saturating_sub(count),
        }
    }
}

fn checked_request(parsed: &httparse::Request<'_, '_>) -> Result<Request, Unread> {
    let head_only = match parsed.method {
        Some("GET") => false,
        Some("HEAD") => true,
        _ => {
            let refused = plain(405, "only GET and HEAD").with_header("Allow", "GET, HEAD");
            return Err(Unread::Refused(refused));
        }
    };
    let target = parsed.path.unwrap_or_default();
    let path = target.split(['?', '#']).next().unwrap_or_default();
    Ok(Request {
        head_only,
        path: path.to_string(),
    })
}

/// Writes `response` within [`ANSWER_DEADLINE`], dropping a client that
/// takes nothing for [`STALL_TIMEOUT`].
fn send(stream: &mut TcpStream, response: &Response, head_only: bool) -> std::io::Result<()> {
    let deadline = Instant::now() + ANSWER_DEADLINE;
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    let _ = write!(
        head,
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    );
    write_before(stream, head.as_bytes(), deadline)?;
    if !head_only {
        write_before(stream, &response.body, deadline)?;
    }
    Ok(())
}

fn write_before(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        // Per call: a blocking write that takes nothing for this long fails.
        // One that ends the wait with a few bytes taken counts as stalled
        // too: Linux then returns the part it took, and a client reading a
        // sliver every STALL_TIMEOUT must not hold a worker for the whole
        // answer deadline.
        stream.set_write_timeout(Some(left.min(STALL_TIMEOUT)))?;
        let started = Instant::now();
        match stream.write(&rest[..rest.len().min(WRITE_PIECE)]) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(_) if started.elapsed() >= STALL_TIMEOUT => {
                return Err(std::io::ErrorKind::TimedOut.into())
            }
            Ok(written) => rest = &rest[written..],
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "",
    }
}

fn site_response(path: &str, site: &LiveSite) -> Response {
    if path.starts_with(RESERVED) {
        return not_found();
    }
    let Some(site_path) = resolve_path(path) else {
        return not_found();
    };
    if let Some(bytes) = site.file(&site_path) {
        let body = if content_type(&site_path).starts_with("text/html") {
            inject_live_reload(&bytes).into()
        } else {
            bytes
        };
        return file_response(body, &site_path);
    }
    // `/tasks` is the folder `/tasks/`: redirect, so relative links work.
    let folder_index = format!("{site_path}/index.html");
    if !site_path.ends_with("index.html") && site.file(&folder_index).is_some() {
        let location = format!("/{}/", utf8_percent_encode(&site_path, PATH_ESCAPES));
        return plain(301, "").with_header("Location", location);
    }
    not_found()
}

/// The site path a request path names, or None when it must be refused.
///
/// The path is percent-decoded once; `..` and `.` segments, empty segments,
/// backslashes, NUL, absolute paths (`//etc`) and drive letters (`C:`) are
/// refused. `/` and `dir/` name `index.html`.
pub fn resolve_path(request_path: &str) -> Option<String> {
    let rest = request_path.strip_prefix('/')?;
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let (folders, file) = match decoded.rsplit_once('/') {
        Some((folders, file)) => (Some(folders), file),
        None => (None, decoded.as_ref()),
    };
    let mut parts: Vec<&str> = folders
        .map(|folders| folders.split('/').collect())
        .unwrap_or_default();
    parts.push(if file.is_empty() { "index.html" } else { file });
    let refused =
        |part: &&str| part.is_empty() || *part == "." || *part == ".." || part.contains(':');
    if parts.iter().any(refused) {
        return None;
    }
    Some(parts.join("/"))
}

/// The `Content-Type` for a site file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// `html` with the live-reload script before its last `</body>` (or at the
/// end when it has none). Done per response, so built files never carry it.
pub fn inject_live_reload(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(b"</body".len())
        .rposition(|window| window.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG);
    out.extend_from_slice(&html[at..]);
    out
}

fn file_response(body: Arc<[u8]>, path: &str) -> Response {
    Response {
        status: 200,
        headers: vec![
            ("Content-Type", content_type(path).to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
        ],
        body,
    }
}

/// A short text answer, for errors and redirects.
fn plain(status: u16, text: &str) -> Response {
    file_response(text.as_bytes().into(), "status.txt").with_status(status)
}

/// A 404 page that still listens for rebuilds, so a page that is being
/// created shows up by itself.
fn not_found() -> Response {
    let page = inject_live_reload(
        b"<!doctype html><title>Not found</title><body><h1>404 Not found</h1>\
          <p>No page of the plan is at this address.</p></body>",
    );
    file_response(page.into(), "404.html").with_status(404)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(resolve_path("/").as_deref(), Some("index.html"));
        assert_eq!(resolve_path("/tasks/").as_deref(), Some("tasks/index.html"));
        assert_eq!(
            resolve_path("/tasks/a.html").as_deref(),
            Some("tasks/a.html")
        );
        assert_eq!(resolve_path("/a%20b.html").as_deref(), Some("a b.html"));
        assert_eq!(
            resolve_path("/%C3%A9t%C3%A9.html").as_deref(),
            Some("été.html")
        );
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/..%2fx",
            "/..%2Fx",
            "/a/../../x",
            "/./x",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/x",
            "/c%3A/x",
            "/..\\x",
            "/a%5c..%5cx",
            "/a%00.html",
            "/%ff.html",
            "relative.html",
            "/a//b.html",
        ] {
            assert_eq!(resolve_path(path), None, "{path} must be refused");
        }
        // Decoded once only: `%252e` is the literal name `%2e`.
        assert_eq!(resolve_path("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("plan.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("a/b.CSV"), "text/csv; charset=utf-8");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("timeline.svg"), "image/svg+xml");
        assert_eq!(content_type("plan.json"), "application/json");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_in_at_serve_time_only() {
        let site = LiveSite::default();
        let built = b"<html><body><p>x</p></BODY></html>".to_vec();
        let files =
            super::super::SiteFiles::Full([("index.html".to_string(), built.clone())].into());
        site.apply(files, None);
        let served = inject_live_reload(&site.file("index.html").unwrap());
        assert_eq!(
            String::from_utf8(served).unwrap(),
            "<html><body><p>x</p><script src=\"/__planbook/live-reload.js\"></script></BODY></html>"
        );
        // The in-memory (built) bytes are untouched.
        assert_eq!(site.file("index.html").unwrap().as_ref(), &built[..]);
        assert!(inject_live_reload(b"<p>no body</p>").ends_with(SCRIPT_TAG));
    }
}
