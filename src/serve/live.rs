//! The site as served right now: its files in memory, the error of the last
//! build, and the open pages waiting to hear about the next build. Shared by
//! the serve loop (the only writer) and the HTTP threads (readers).

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::{PageError, SiteFiles};

/// What an open page is told after a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    Reload,
    Error(Arc<PageError>),
}

impl LiveEvent {
    /// The Server-Sent Events frame for this event.
    pub fn frame(&self) -> String {
        match self {
            LiveEvent::Reload => "event: reload\ndata: {}\n\n".to_string(),
            LiveEvent::Error(error) => {
                let json = serde_json::to_string(error.as_ref()).unwrap_or_default();
                format!("event: error\ndata: {json}\n\n")
            }
        }
    }
}

#[derive(Default)]
pub struct LiveSite {
    files: RwLock<HashMap<String, Arc<[u8]>>>,
    error: Mutex<Option<Arc<PageError>>>,
    listeners: Mutex<Vec<Sender<LiveEvent>>>,
}

impl LiveSite {
    /// A served file, by its path in the site.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        let files = self.files.read().unwrap_or_else(PoisonError::into_inner);
        files.get(path).cloned()
    }

    /// Takes in a build's files, then tells open pages to reload, or to
    /// show the build's page error.
    pub fn apply(&self, site_files: SiteFiles, page_error: Option<PageError>) {
        {
            let mut files = self.files.write().unwrap_or_else(PoisonError::into_inner);
            match site_files {
                SiteFiles::Full(all) => {
                    *files = all
                        .into_iter()
                        .map(|(path, bytes)| (path, bytes.into()))
                        .collect();
                }
                SiteFiles::Delta { written, removed } => {
                    for path in removed {
                        files.remove(&path);
                    }
                    for (path, bytes) in written {
                        files.insert(path, bytes.into());
                    }
                }
            }
        }
        match page_error {
            Some(error) => self.fail(error),
            None => {
                *self.error.lock().unwrap_or_else(PoisonError::into_inner) = None;
                self.broadcast(LiveEvent::Reload);
            }
        }
    }

    /// Keeps the files as they are and shows `error` on open pages.
    pub fn fail(&self, error: PageError) {
        let error = Arc::new(error);
        *self.error.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&error));
        self.broadcast(LiveEvent::Error(error));
    }

    /// A new open page: it hears the current error at once, if any, so a
    /// page loaded while the plan is broken shows the overlay too.
    pub fn subscribe(&self) -> Receiver<LiveEvent> {
        let (sender, receiver) = mpsc::channel();
        let current = self
            .error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(error) = current {
            let _ = sender.send(LiveEvent::Error(error));
        }
        self.listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sender);
        receiver
    }

    /// Ends every open event stream.
    pub fn close(&self) {
        self.listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn broadcast(&self, event: LiveEvent) {
        let mut listeners = self
            .listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // A page that went away has dropped its receiver: forget it.
        listeners.retain(|listener| listener.send(event.clone()).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn full(files: &[(&str, &str)]) -> SiteFiles {
        SiteFiles::Full(
            files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn deltas_write_and_remove_and_listeners_hear_reload() {
        let site = LiveSite::default();
        site.apply(full(&[("index.html", "home"), ("a.html", "a")]), None);
        let events = site.subscribe();
        let delta = SiteFiles::Delta {
            written: BTreeMap::from([("b.html".to_string(), b"b".to_vec())]),
            removed: vec!["a.html".into()],
        };
        site.apply(delta, None);
        assert!(site.file("a.html").is_none());
        assert_eq!(site.file("b.html").as_deref(), Some(&b"b"[..]));
        assert_eq!(events.try_recv(), Ok(LiveEvent::Reload));
    }

    #[test]
    fn a_failure_keeps_files_and_new_listeners_hear_the_error() {
        let site = LiveSite::default();
        site.apply(full(&[("index.html", "home")]), None);
        let error = PageError {
            file: "a.md".into(),
            line: 2,
            column: 3,
            message: "bad <yaml>".into(),
        };
        site.fail(error.clone());
        assert!(site.file("index.html").is_some());
        let late = site.subscribe();
        let event = late.try_recv().unwrap();
        assert_eq!(event, LiveEvent::Error(Arc::new(error)));
        assert!(event
            .frame()
            .starts_with("event: error\ndata: {\"file\":\"a.md\",\"line\":2"));
        site.apply(full(&[("index.html", "fixed")]), None);
        assert_eq!(late.try_recv(), Ok(LiveEvent::Reload));
        assert!(site.subscribe().try_recv().is_err(), "error cleared");
    }
}
