//! `planbook serve` as an author uses it: the real binary on a free port,
//! a temporary plan edited on disk, plain HTTP over std's TcpStream. Every
//! wait has a timeout, and the server is killed when a test ends.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::write_plan;

const WAIT: Duration = Duration::from_secs(15);
const PAGE_A: &str = "---\nkind: task\nowner: alice\nduration: 2d\nstart: 2026-01-05\n---\n# Task A\n\nFirst text.\n";
const PLAN_TOML: &str = "title = \"Serve test\"\nstart = \"2026-01-05\"\n\n[people]\nalice = { name = \"Alice\", role = \"Lead\" }\n";

/// A running `planbook serve`; killed on drop so no test leaves it behind.
struct Server {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        // Another process may take the free port between our check and the
        // server's bind: try again with another one.
        for _ in 0..5 {
            let port = free_port();
            if let Some(server) = Server::try_start(root, port) {
                return server;
            }
        }
        panic!("planbook serve did not start");
    }

    fn try_start(root: &Path, port: u16) -> Option<Server> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planbook"))
            .env("NO_COLOR", "1")
            // A wider quiet period than the 30 ms default, so that a test's
            // burst of writes stays one burst on a busy CI machine.
            .env("PLANBOOK_SERVE_QUIET_MS", "200")
            .args(["serve", root.to_str().unwrap(), "--port", &port.to_string()])
            .args(["--today", "2026-01-05"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("planbook runs");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stdout = child.stdout.take().unwrap();
        let collected = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                collected.lock().unwrap().push(line);
            }
        });
        let mut server = Server { child, port, lines };
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if server.output().contains("serving the plan at") {
                return Some(server);
            }
            // Exited: most likely the port was taken meanwhile.
            if server.child.try_wait().ok().flatten().is_some() {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("no `serving` line; output: {}", server.output());
    }

    fn output(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    fn count_lines(&self, prefix: &str) -> usize {
        let lines = self.lines.lock().unwrap();
        lines.iter().filter(|line| line.starts_with(prefix)).count()
    }

    fn get(&self, path: &str) -> HttpResponse {
        http_get(self.port, path)
    }

    fn events(&self) -> EventStream {
        EventStream::connect(self.port)
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().unwrap().port()
}

struct HttpResponse {
    status: u16,
    head: String,
    body: String,
}

impl HttpResponse {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// One GET with the path sent exactly as given (no client-side cleanup).
fn http_get(port: u16, path: &str) -> HttpResponse {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("response");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("HTTP head");
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok());
    HttpResponse {
        status: status.expect("status code"),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// The live-reload event stream, as an open page sees it.
struct EventStream {
    events: Receiver<(String, String)>,
}

impl EventStream {
    fn connect(port: u16) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET /__planbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        while reader.read_line(&mut head).unwrap_or(0) > 0 && !head.ends_with("\r\n\r\n") {}
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::new(), String::new());
            for line in reader.lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(text) = line.strip_prefix("data: ") {
                    data = text.to_string();
                } else if line.is_empty() && !event.is_empty() {
                    let frame = (std::mem::take(&mut event), std::mem::take(&mut data));
                    if sender.send(frame).is_err() {
                        return;
                    }
                }
            }
        });
        EventStream { events }
    }

    /// The next event: (name, data).
    fn next(&self) -> (String, String) {
        self.events
            .recv_timeout(WAIT)
            .expect("an event within the timeout")
    }

    fn none_within(&self, wait: Duration) -> Option<(String, String)> {
        self.events.recv_timeout(wait).ok()
    }
}

fn plan() -> tempfile::TempDir {
    write_plan(&[
        ("planbook.toml", PLAN_TOML),
        ("tasks/a.md", PAGE_A),
        ("notes/b.md", "# Note B\n\nA note.\n"),
    ])
}

#[test]
fn serves_pages_with_the_live_reload_script_and_reloads_after_an_edit() {
    let dir = plan();
    let server = Server::start(dir.path());
    let page = server.get("/pages/tasks/a.html");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("Cache-Control").as_deref(), Some("no-store"));
    assert!(page.body.contains("First text."));
    assert!(page
        .body
        .contains("<script src=\"/__planbook/live-reload.js\"></script></body>"));
    let index = server.get("/pages.html");
    assert!(
        index.body.contains("href=\"pages&#x2f;tasks&#x2f;a.html\""),
        "{}",
        index.body
    );
    let script = server.get("/__planbook/live-reload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .header("Content-Type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(script.body.contains("EventSource"));

    let events = server.events();
    std::fs::write(
        dir.path().join("tasks/a.md"),
        PAGE_A.replace("First", "Second"),
    )
    .unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(server
        .get("/pages/tasks/a.html")
        .body
        .contains("Second text."));
}

#[test]
fn broken_front_matter_shows_the_overlay_error_then_recovers() {
    let dir = plan();
    let server = Server::start(dir.path());
    let events = server.events();
    let page = dir.path().join("tasks/a.md");
    std::fs::write(&page, PAGE_A.replace("owner: alice", "owner: [alice")).unwrap();
    let (name, data) = events.next();
    assert_eq!(name, "error", "{data}");
    let error: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(error["file"], "tasks/a.md");
    assert!(error["line"].as_u64().unwrap() >= 3, "{data}");
    assert!(
        error["message"].as_str().unwrap().contains("front matter"),
        "{data}"
    );
    // The terminal names the finding; the browser keeps the last good page.
    assert!(
        wait_until(|| server.output().contains("invalid-front-matter")),
        "{}",
        server.output()
    );
    assert!(server
        .get("/pages/tasks/a.html")
        .body
        .contains("First text."));
    // A page opened now hears about the error at once.
    assert_eq!(server.events().next().0, "error");

    std::fs::write(&page, PAGE_A.replace("First", "Fixed")).unwrap();
    assert_eq!(events.next().0, "reload");
    assert!(server
        .get("/pages/tasks/a.html")
        .body
        .contains("Fixed text."));
}

#[test]
fn paths_outside_the_site_are_not_found() {
    let dir = plan();
    // A file next to the plan that a traversal would reach.
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let server = Server::start(dir.path());
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/x",
        "/..%2fx",
        "/..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/C:/x",
        "/C:%5cWindows",
        "/..\\secret.txt",
        "/tasks%5c..%5csecret.txt",
        "/secret.txt",
        "/tasks/a.md",
        "/planbook.toml",
        "/pages/tasks/a.html%00",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("secret"), "{path}");
    }
    assert_eq!(server.get("/pages/tasks/a.html").status, 200);
}

/// Sends `request` as given and reads the whole answer.
fn raw_exchange(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn odd_requests_get_their_status() {
    let dir = plan();
    let server = Server::start(dir.path());
    let post = raw_exchange(server.port, b"POST / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
    assert!(post.contains("\r\nAllow: GET, HEAD\r\n"), "{post}");
    let garbage = raw_exchange(server.port, b"\x01\x02 nonsense\r\n\r\n");
    assert!(garbage.starts_with("HTTP/1.1 400 "), "{garbage}");
    let mut huge = b"GET / HTTP/1.1\r\nX-Filler: ".to_vec();
    huge.resize(huge.len() + 20_000, b'a');
    huge.extend_from_slice(b"\r\n\r\n");
    let huge = raw_exchange(server.port, &huge);
    assert!(huge.starts_with("HTTP/1.1 431 "), "{huge}");
    // HEAD: the GET's head, no body.
    let get = server.get("/pages/tasks/a.html");
    let head = raw_exchange(
        server.port,
        b"HEAD /pages/tasks/a.html HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    let length = format!("Content-Length: {}\r\n", get.body.len());
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains(&length), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "no body: {head}");
    // A query string is not part of the path; HTTP/1.0 is answered too.
    let old = raw_exchange(server.port, b"GET /pages/tasks/a.html?x=1 HTTP/1.0\r\n\r\n");
    assert!(old.starts_with("HTTP/1.1 200 OK\r\n"), "{old}");
    assert!(old.contains("First text."));
}

#[test]
fn a_deleted_page_is_gone() {
    let dir = plan();
    let server = Server::start(dir.path());
    assert_eq!(server.get("/pages/notes/b.html").status, 200);
    let events = server.events();
    std::fs::remove_file(dir.path().join("notes/b.md")).unwrap();
    assert_eq!(events.next().0, "reload");
    assert_eq!(server.get("/pages/notes/b.html").status, 404);
    assert!(!server.get("/pages.html").body.contains("b.html"));
}

#[test]
fn a_burst_of_writes_and_a_rename_save_rebuild_once() {
    let dir = plan();
    let server = Server::start(dir.path());
    let events = server.events();
    let before = server.count_lines("rebuilt in");
    let page = dir.path().join("tasks/a.md");
    for round in 0..5 {
        std::fs::write(&page, PAGE_A.replace("First", &format!("Round {round}"))).unwrap();
    }
    // An editor's atomic save: a temporary file renamed over the page.
    let temporary = dir.path().join("tasks/.a.md.tmp");
    std::fs::write(&temporary, PAGE_A.replace("First", "Saved")).unwrap();
    std::fs::rename(&temporary, &page).unwrap();

    assert_eq!(events.next().0, "reload");
    assert_eq!(events.none_within(Duration::from_millis(600)), None);
    assert_eq!(
        server.count_lines("rebuilt in"),
        before + 1,
        "{}",
        server.output()
    );
    assert!(server
        .get("/pages/tasks/a.html")
        .body
        .contains("Saved text."));
}

/// Bigger than what the socket buffers of both ends hold together, so the
/// server is still writing when a client stops reading.
const BIG_IMAGE: usize = 24 << 20;
/// How long the server waits on a client that takes no data (docs/serve.md).
const STALL: Duration = Duration::from_secs(10);

/// A plan whose note shows a 24 MiB image, served from memory like pages.
#[test]
fn an_image_added_or_changed_is_served_and_its_finding_goes() {
    let dir = write_plan(&[
        ("planbook.toml", PLAN_TOML),
        ("tasks/a.md", PAGE_A),
        ("notes/b.md", "# Note B\n\n![diagram](diagram.png)\n"),
    ]);
    let server = Server::start(dir.path());
    assert_eq!(server.get("/pages/notes/diagram.png").status, 404);
    assert!(server.get("/findings.html").body.contains("diagram.png"));
    let events = server.events();
    // The image the page shows appears after the server started.
    std::fs::write(dir.path().join("notes/diagram.png"), b"first").unwrap();
    assert_eq!(events.next().0, "reload");
    let image = server.get("/pages/notes/diagram.png");
    assert_eq!((image.status, image.body.as_str()), (200, "first"));
    assert!(
        !server.get("/findings.html").body.contains("diagram.png"),
        "the broken-link finding is gone"
    );
    // A new version of it replaces the one served.
    std::fs::write(dir.path().join("notes/diagram.png"), b"second").unwrap();
    assert_eq!(events.next().0, "reload");
    assert_eq!(server.get("/pages/notes/diagram.png").body, "second");
}

fn plan_with_big_image() -> tempfile::TempDir {
    let dir = write_plan(&[
        ("planbook.toml", PLAN_TOML),
        ("tasks/a.md", PAGE_A),
        ("notes/b.md", "# Note B\n\n![big](big.png)\n"),
    ]);
    std::fs::write(dir.path().join("notes/big.png"), vec![7u8; BIG_IMAGE]).unwrap();
    dir
}

/// Asks for `path`, reads the start of the answer, and then never again.
/// Its receive buffer is small and fixed: where the system lets a
/// loopback buffer grow to tens of megabytes, the whole answer could
/// otherwise fit in it and nothing would stall.
fn stalled_client(port: u16, path: &str) -> TcpStream {
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("a socket");
    socket
        .set_recv_buffer_size(64 * 1024)
        .expect("a small buffer");
    let address: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    socket.connect(&address.into()).expect("connect");
    let mut stream: TcpStream = socket.into();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut start = [0u8; 12];
    stream.read_exact(&mut start).expect("the answer starts");
    assert_eq!(&start, b"HTTP/1.1 200");
    stream
}

/// `http_get` on a thread of its own; None when no answer came in `limit`.
fn get_within(port: u16, path: &str, limit: Duration) -> Option<HttpResponse> {
    let (sender, answer) = mpsc::channel();
    let path = path.to_string();
    std::thread::spawn(move || {
        let _ = sender.send(http_get(port, &path));
    });
    answer.recv_timeout(limit).ok()
}

/// Reads what is left of a response: the bytes that came before the end.
fn drain(stream: &mut TcpStream) -> usize {
    let mut buffer = vec![0u8; 1 << 16];
    let mut received = 0;
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return received,
            Ok(count) => received += count,
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => return received,
            Err(error) => panic!("the stalled connection was not closed: {error}"),
        }
    }
}

#[test]
fn a_client_that_never_reads_holds_up_no_one() {
    let dir = plan_with_big_image();
    let server = Server::start(dir.path());
    let mut stalled = vec![stalled_client(server.port, "/pages/notes/big.png")];
    let started = Instant::now();
    // And one that never sends its request.
    let mut silent = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    silent.set_read_timeout(Some(WAIT)).unwrap();
    for round in 0..2 {
        let page = get_within(server.port, "/pages/tasks/a.html", Duration::from_secs(5))
            .expect("an answer while other clients stall");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("First text."));
        if round == 0 {
            stalled.extend((0..2).map(|_| stalled_client(server.port, "/pages/notes/big.png")));
        }
    }
    // A client that takes no data for STALL is dropped: read now, what is
    // left ends (the socket buffers' worth) long before the whole image. A
    // client that sends no request is dropped after as long. Twice STALL:
    // on a loaded machine a worker may start its answer seconds late.
    std::thread::sleep((2 * STALL).saturating_sub(started.elapsed()));
    for stream in &mut stalled {
        let received = drain(stream);
        assert!(received < BIG_IMAGE / 2, "{received} bytes: never dropped");
    }
    assert_eq!(drain(&mut silent), 0, "a silent client is dropped too");
}

/// The server's threads, as the kernel counts them.
#[cfg(target_os = "linux")]
fn thread_count(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|line| line.starts_with("Threads:"));
    line.and_then(|line| line["Threads:".len()..].trim().parse().ok())
        .expect("a thread count")
}

#[cfg(target_os = "linux")]
#[test]
fn many_connections_and_open_pages_never_grow_the_threads() {
    let dir = plan();
    let server = Server::start(dir.path());
    let pid = server.child.id();
    // More open pages than the server gives a stream of their own (64):
    // pages past those hear `retry` and try again later.
    let mut pages: Vec<EventStream> = (0..80).map(|_| server.events()).collect();
    let with_pages = thread_count(pid);
    pages.extend((0..80).map(|_| server.events()));
    let more_pages = thread_count(pid);
    assert!(
        more_pages <= with_pages + 2,
        "{with_pages} -> {more_pages} threads"
    );
    let page = get_within(server.port, "/pages/tasks/a.html", Duration::from_secs(5))
        .expect("an answer while many pages are open");
    assert_eq!(page.status, 200);
    // Connections that never send a request wait for a worker.
    let idle: Vec<TcpStream> = (0..100)
        .filter_map(|_| {
            let address = SocketAddr::from(([127, 0, 0, 1], server.port));
            TcpStream::connect_timeout(&address, Duration::from_secs(2)).ok()
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let with_idle = thread_count(pid);
    assert!(
        with_idle <= with_pages + 2,
        "{} idle connections: {with_pages} -> {with_idle} threads",
        idle.len()
    );
}

#[test]
fn a_busy_port_names_the_next_one() {
    let dir = plan();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = common::planbook()
        .args([
            "serve",
            dir.path().to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!(
        "port {port} is in use; try `planbook serve --port {}`",
        port + 1
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = plan();
    let mut server = Server::start(dir.path());
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    assert!(
        wait_until(|| server.output().ends_with("stopped")),
        "{}",
        server.output()
    );
}

fn wait_until(mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
