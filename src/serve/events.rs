//! The live-reload event streams: one thread for each open page, from a
//! fixed budget, sending build events as Server-Sent Events. A stream stays
//! open as long as its page, so it must never hold a worker of the pool
//! (connections.rs), and a page past the budget is never refused for good.

use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use super::connections::STALL_TIMEOUT;
use super::live::{LiveEvent, LiveSite};

/// Open live-reload streams, each on a thread of its own. Browsers open at
/// most six connections to one server anyway; pages past the budget are
/// told to try again later.
const STREAMS: usize = 64;
/// An idle event stream sends a comment this often, so that a page that
/// went away is noticed (the write fails) and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// What a page past the stream budget hears: try again in ten seconds (an
/// `EventSource` whose stream ends reconnects by itself; one that got an
/// error status would give up for good).
const RETRY_LATER: &str = "retry: 10000\n\n";
const EVENTS_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                           Cache-Control: no-store\r\nConnection: close\r\n\r\n";

/// The live-reload streams open now, out of [`STREAMS`].
#[derive(Default)]
pub struct StreamBudget {
    open: AtomicUsize,
}

/// One open stream's share of the budget, given back when it is dropped.
pub struct StreamSlot {
    budget: Arc<StreamBudget>,
}

impl StreamBudget {
    /// A slot for one more stream, or None when the budget is spent.
    pub fn take(budget: &Arc<StreamBudget>) -> Option<StreamSlot> {
        let taken = budget
            .open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |open| {
                (open < STREAMS).then_some(open + 1)
            });
        taken.ok().map(|_| StreamSlot {
            budget: Arc::clone(budget),
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.budget.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers with an event stream on a thread of its own, from the stream
/// budget: it stays open for as long as the page does, and must not hold a
/// worker. A page past the budget is told to try again later.
pub fn open_stream(mut stream: TcpStream, site: &LiveSite, streams: &Arc<StreamBudget>) {
    let retry_later = |mut stream: TcpStream| {
        let _ = stream.set_write_timeout(Some(STALL_TIMEOUT));
        let _ = stream.write_all(format!("{EVENTS_HEAD}{RETRY_LATER}").as_bytes());
    };
    let Some(slot) = StreamBudget::take(streams) else {
        retry_later(stream);
        return;
    };
    let events = site.subscribe();
    // Out of threads: the connection closes, and the page's EventSource
    // reconnects by itself.
    let _ = std::thread::Builder::new()
        .name("planbook-events".into())
        .spawn(move || stream_events(&mut stream, &events, slot));
}

/// Sends build events until the page goes away, stalls for
/// [`STALL_TIMEOUT`], or the server stops.
fn stream_events(stream: &mut TcpStream, events: &Receiver<LiveEvent>, _slot: StreamSlot) {
    if stream.set_write_timeout(Some(STALL_TIMEOUT)).is_err() {
        return;
    }
    let mut send = |text: &str| stream.write_all(text.as_bytes()).is_ok();
    if !send(&format!("{EVENTS_HEAD}retry: 500\n\n")) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_budget_is_given_back() {
        let budget = Arc::new(StreamBudget::default());
        let slots: Vec<StreamSlot> = (0..STREAMS)
            .map(|_| StreamBudget::take(&budget).expect("within the budget"))
            .collect();
        assert!(StreamBudget::take(&budget).is_none());
        drop(slots);
        assert!(StreamBudget::take(&budget).is_some());
    }
}
