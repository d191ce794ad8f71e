//! How `serve` takes connections: one thread accepts them, a fixed pool of
//! workers answers them (one request each), and live-reload streams, which
//! stay open as long as their page, leave the pool for threads of their own
//! from a fixed budget (events.rs). Every read and write has a timeout, so a
//! client that stalls costs one worker for a bounded time and nobody else
//! waits on it.
//!
//! This module must never start a thread per connection, nor wait on a
//! client without a timeout. When every worker is busy, new connections wait
//! (in a short queue, then in the system's backlog) and are answered in turn.
//!
//! Why std's sockets and not an HTTP server crate: tiny_http (used before)
//! starts a thread for every connection and sets no socket timeouts, so one
//! reader that never reads froze the server; hyper or axum would bring an
//! async runtime for a preview server on one machine. std's `TcpStream` has
//! the timeouts, `httparse` reads the request head (http.rs), and a response
//! is a status line, a few headers and the bytes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use super::events::StreamBudget;
use super::http;
use super::live::LiveSite;

/// Threads that answer requests. Answers come from memory, so a worker is
/// busy only as long as its client takes to send a request and read the
/// answer: a handful is plenty for one author's browser.
const WORKERS: usize = 16;
/// Accepted connections that wait for a free worker.
const WAITING: usize = 32;
/// How long a client may take to send its request head, from connecting.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take no data at all before it is dropped.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one answer may take in all, however slowly it is read.
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(60);

pub struct HttpServer {
    stop: Arc<AtomicBool>,
    address: SocketAddr,
    accept: Option<JoinHandle<()>>,
}

impl HttpServer {
    /// Stops taking connections and waits for the accepting thread to end.
    /// Workers finish the request at hand (bounded by the timeouts); the
    /// process exits without waiting for them.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` has no timeout: a connection of our own wakes it.
        let woken = TcpStream::connect_timeout(&self.address, Duration::from_secs(1)).is_ok();
        if let (true, Some(accept)) = (woken, self.accept.take()) {
            let _ = accept.join();
        }
    }
}

/// Serves `site` on `listener` from background threads.
pub fn start(listener: TcpListener, site: Arc<LiveSite>) -> std::io::Result<HttpServer> {
    let address = wake_address(listener.local_addr()?);
    let (queue, waiting) = mpsc::sync_channel::<TcpStream>(WAITING);
    let waiting = Arc::new(Mutex::new(waiting));
    let streams = Arc::new(StreamBudget::default());
    for number in 0..WORKERS {
        let waiting = Arc::clone(&waiting);
        let site = Arc::clone(&site);
        let streams = Arc::clone(&streams);
        std::thread::Builder::new()
            .name(format!("planbook-http-{number}"))
            .spawn(move || work(&waiting, &site, &streams))?;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::clone(&stop);
    let accept = std::thread::Builder::new()
        .name("planbook-accept".into())
        .spawn(move || accept_connections(&listener, &queue, &stopping))?;
    Ok(HttpServer {
        stop,
        address,
        accept: Some(accept),
    })
}

fn accept_connections(listener: &TcpListener, queue: &SyncSender<TcpStream>, stop: &AtomicBool) {
    for connection in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match connection {
            Ok(stream) => {
                fix_send_buffer(&stream);
                if !hand_over(stream, queue, stop) {
                    return;
                }
            }
            // Out of file descriptors, or a client that gave up: pause, so
            // that an error that repeats does not spin.
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// The kernel's share of an answer in flight. A fixed send buffer turns
/// off its growth: where the system lets it grow (to megabytes on
/// loopback), a client that takes nothing still lets each write make a
/// little progress as the buffer grows, and the stall timeout would never
/// fire. Where the size cannot be set, the answer deadline still holds.
const SEND_BUFFER: usize = 256 * 1024;

fn fix_send_buffer(stream: &TcpStream) {
    let _ = rustix::net::sockopt::set_socket_send_buffer_size(stream, SEND_BUFFER);
}

/// Queues `stream` for a worker; false when the server stops. While every
/// worker is busy and the queue is full this waits, and the connections
/// after it wait in the system's backlog; a stop still ends the wait.
fn hand_over(stream: TcpStream, queue: &SyncSender<TcpStream>, stop: &AtomicBool) -> bool {
    let mut waiting = stream;
    loop {
        match queue.try_send(waiting) {
            Ok(()) => return true,
            Err(TrySendError::Full(stream)) if !stop.load(Ordering::SeqCst) => {
                waiting = stream;
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => return false,
        }
    }
}

fn work(waiting: &Mutex<Receiver<TcpStream>>, site: &Arc<LiveSite>, streams: &Arc<StreamBudget>) {
    loop {
        let next = waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok(stream) = next else {
            return;
        };
        // A fault in one answer must not shrink the pool for good.
        let _ = catch_unwind(AssertUnwindSafe(|| http::answer(stream, site, streams)));
    }
}

/// Where `stop` connects to wake the accepting thread: a listener on every
/// address (`0.0.0.0`) is reached on loopback.
fn wake_address(local: SocketAddr) -> SocketAddr {
    let ip = match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, local.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_wakes_a_listener_on_every_address() {
        let any: SocketAddr = "0.0.0.0:8000".parse().unwrap();
        assert_eq!(wake_address(any), "127.0.0.1:8000".parse().unwrap());
        let any6: SocketAddr = "[::]:8000".parse().unwrap();
        assert_eq!(wake_address(any6), "[::1]:8000".parse().unwrap());
    }
}
