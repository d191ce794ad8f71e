//! The HTTP side of `serve`: answers GET and HEAD with files of the
//! in-memory site only (a request path is looked up, never joined to a
//! folder), adds the live-reload script to HTML on the way out, and streams
//! build events to open pages over Server-Sent Events.

use std::io::Write;
use std::net::TcpListener;
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use tiny_http::{Header, Method, Request, Response, Server};

use super::live::LiveSite;

/// Paths under this prefix belong to the server, never to the site.
const RESERVED: &str = "/__planbook/";
const EVENTS_PATH: &str = "/__planbook/events";
const SCRIPT_PATH: &str = "/__planbook/live-reload.js";
const LIVE_RELOAD_JS: &str = include_str!("../../themes/serve/live-reload.js");
const SCRIPT_TAG: &[u8] = b"<script src=\"/__planbook/live-reload.js\"></script>";
/// An idle event stream sends a comment this often, so that a page that
/// went away is noticed (the write fails) and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Characters escaped when a request path goes back into a `Location`.
const PATH_ESCAPES: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'?').add(b'%');

pub struct HttpServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
}

impl HttpServer {
    /// Stops answering and waits for the request thread to end.
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves `site` on `listener` from a background thread.
pub fn start(
    listener: TcpListener,
    site: Arc<LiveSite>,
) -> Result<HttpServer, Box<dyn std::error::Error + Send + Sync>> {
    let server = Arc::new(Server::from_listener(listener, None)?);
    let requests = Arc::clone(&server);
    let thread = std::thread::Builder::new()
        .name("planbook-http".into())
        .spawn(move || {
            for request in requests.incoming_requests() {
                handle(request, &site);
            }
        })?;
    Ok(HttpServer {
        server,
        thread: Some(thread),
    })
}

fn handle(request: Request, site: &Arc<LiveSite>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::empty(405).with_header(header("Allow", "GET, HEAD")));
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        stream_events(request, site);
        return;
    }
    let response = if path == SCRIPT_PATH {
        file_response(LIVE_RELOAD_JS.as_bytes().to_vec(), "live-reload.js")
    } else {
        site_response(path, site)
    };
    // A page that closed before reading its answer is no error of ours.
    let _ = request.respond(response);
}

fn site_response(path: &str, site: &LiveSite) -> Response<std::io::Cursor<Vec<u8>>> {
    if path.starts_with(RESERVED) {
        return not_found();
    }
    let Some(site_path) = resolve_path(path) else {
        return not_found();
    };
    if let Some(bytes) = site.file(&site_path) {
        let body = if content_type(&site_path).starts_with("text/html") {
            inject_live_reload(&bytes)
        } else {
            bytes.to_vec()
        };
        return file_response(body, &site_path);
    }
    // `/tasks` is the folder `/tasks/`: redirect, so relative links work.
    let folder_index = format!("{site_path}/index.html");
    if !site_path.ends_with("index.html") && site.file(&folder_index).is_some() {
        let location = format!("/{}/", utf8_percent_encode(&site_path, PATH_ESCAPES));
        if let Ok(location) = Header::from_bytes("Location", location) {
            return Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(location);
        }
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

fn file_response(body: Vec<u8>, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_header(header("Content-Type", content_type(path)))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// A 404 page that still listens for rebuilds, so a page that is being
/// created shows up by itself.
fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    let page = inject_live_reload(
        b"<!doctype html><title>Not found</title><body><h1>404 Not found</h1>\
          <p>No page of the plan is at this address.</p></body>",
    );
    file_response(page, "404.html").with_status_code(404)
}

/// Answers with an event stream on a thread of its own: it stays open for
/// as long as the page does, and must not hold up other requests.
fn stream_events(request: Request, site: &LiveSite) {
    let events = site.subscribe();
    let spawned = std::thread::Builder::new()
        .name("planbook-events".into())
        .spawn(move || {
            let mut writer = request.into_writer();
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                        Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
            let mut send = |text: &str| {
                writer
                    .write_all(text.as_bytes())
                    .and_then(|()| writer.flush())
                    .is_ok()
            };
            if !send(head) {
                return;
            }
            loop {
                let frame = match events.recv_timeout(KEEP_ALIVE) {
                    Ok(event) => event.frame(),
                    Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                if !send(&frame) {
                    return;
                }
            }
        });
    // Out of threads: the page's EventSource retries by itself.
    drop(spawned);
}

fn header(name: &str, value: &str) -> Header {
    // Only called with the ASCII constants of this file.
    Header::from_bytes(name, value).expect("ASCII header")
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
