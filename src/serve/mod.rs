//! The serve stage: build the site into memory, serve it over HTTP, watch the
//! plan and rebuild what changed, and tell open pages to reload.
//!
//! Serving drives a [`SiteSource`] (the site builder) and never renders
//! anything itself; it never writes to disk, and a failed rebuild never
//! replaces the last good site.

mod connections;
mod events;
mod http;
mod live;
pub mod live_site;
mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::source::CONFIG_FILE;

pub use live_site::LiveSite;
pub use watch::{ChangeKind, ChangedPath, WatchFilter, GIT_HEAD};

/// Something that can build the site in memory, wholly or after changes.
///
/// The serve loop calls [`SiteSource::build_all`] once at start-up (and the
/// source may fall back to it itself), then [`SiteSource::rebuild`] with the
/// debounced set of changed paths after each burst of edits.
pub trait SiteSource {
    /// Builds the whole site.
    fn build_all(&mut self) -> anyhow::Result<BuildResult>;
    /// Rebuilds what `changed` affects. Returning [`SiteFiles::Delta`] lets
    /// the source re-render only the pages that show the changed data.
    fn rebuild(&mut self, changed: &[ChangedPath]) -> anyhow::Result<BuildResult>;
}

/// What a build produced.
#[derive(Debug, Default)]
pub struct BuildResult {
    pub files: SiteFiles,
    pub findings: Findings,
    /// A mistake that makes the site wrong (broken front matter): shown as
    /// an overlay in the browser until a later build has none.
    pub page_error: Option<PageError>,
}

/// The site's files, by path relative to the site root (`/` separators).
#[derive(Debug)]
pub enum SiteFiles {
    /// The whole site; replaces whatever was served before.
    Full(BTreeMap<String, Vec<u8>>),
    /// Changes to the site served so far.
    Delta {
        written: BTreeMap<String, Vec<u8>>,
        removed: Vec<String>,
    },
}

impl Default for SiteFiles {
    fn default() -> SiteFiles {
        SiteFiles::Delta {
            written: BTreeMap::new(),
            removed: Vec::new(),
        }
    }
}

/// The lint findings of a build, counted and rendered for the terminal.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    pub errors: usize,
    pub warnings: usize,
    /// The human-format report of the findings worth showing (empty when
    /// there are none): all of them after a full build; after a rebuild,
    /// those in the changed pages and those that are new anywhere.
    pub text: String,
    /// Findings left out of `text`: unchanged, in pages that did not change.
    pub unchanged: usize,
}

/// An error shown in the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageError {
    /// Relative to the plan root, `/` separators; empty when not about a file.
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Errors that stop `serve` from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} is in use; try `planbook serve --port {next}`", next = port.saturating_add(1))]
    PortInUse { port: u16 },
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch `{path}` for changes: {source}")]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("cannot install the Ctrl-C handler: {0}")]
    Signal(#[from] ctrlc::Error),
    #[error("the first build failed: {0:#}")]
    FirstBuild(anyhow::Error),
}

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
}

/// What the serve loop reports, for the caller to print.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The first build is in and the server answers at `url`.
    Listening { url: &'a str },
    /// A build finished; `changed` is empty for the first one.
    Built {
        elapsed: Duration,
        changed: &'a [ChangedPath],
        findings: &'a Findings,
        page_error: Option<&'a PageError>,
    },
    /// A rebuild failed as a whole; the last good site is still served.
    Failed {
        elapsed: Duration,
        error: &'a anyhow::Error,
    },
    /// Ctrl-C: the server has stopped.
    Stopped,
}

/// What the serve loop waits for.
enum LoopMessage {
    Changed(notify::Result<notify::Event>),
    Stop,
}

/// Builds the site, serves it and rebuilds on changes until Ctrl-C.
pub fn serve(
    mut source: impl SiteSource,
    options: &ServeOptions,
    mut report: impl FnMut(ServeEvent<'_>),
) -> Result<(), ServeError> {
    // Bind first: a busy port should fail before a long first build.
    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|source| ServeError::Listen {
        address: SocketAddr::new(options.bind, options.port),
        source,
    })?;

    let (sender, messages) = mpsc::channel();
    let stop = sender.clone();
    let commits = sender.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(LoopMessage::Stop);
    })?;
    // Watch before building so that edits made during the build are not lost.
    let root = options.root.canonicalize().unwrap_or(options.root.clone());
    let _watcher = watch::start_watching(&root, move |event| {
        let _ = sender.send(LoopMessage::Changed(event));
    })?;
    // Commits move refs in the git folder, which may sit above the plan:
    // watched too, so the history and trends follow them.
    let mut filter = WatchFilter::load(&root);
    let _git_watcher = filter
        .git_dir()
        .filter(|git_dir| !git_dir.starts_with(&root))
        .and_then(|git_dir| {
            watch::start_watching(git_dir, move |event| {
                let _ = commits.send(LoopMessage::Changed(event));
            })
            .ok()
        });

    let started = Instant::now();
    let first = source.build_all().map_err(ServeError::FirstBuild)?;
    let site = Arc::new(live::LiveSite::default());
    publish(&site, first, started, &[], &mut report);

    let server = connections::start(listener, Arc::clone(&site))
        .map_err(|source| ServeError::Listen { address, source })?;
    let url = format!("http://{}/", display_address(address));
    report(ServeEvent::Listening { url: &url });

    while let Some(changed) = watch::next_changes(&messages, &root, &filter) {
        let started = Instant::now();
        match source.rebuild(&changed) {
            Ok(result) => publish(&site, result, started, &changed, &mut report),
            Err(error) => {
                site.fail(PageError {
                    file: String::new(),
                    line: 0,
                    column: 0,
                    message: format!("{error:#}"),
                });
                report(ServeEvent::Failed {
                    elapsed: started.elapsed(),
                    error: &error,
                });
            }
        }
        if changed.iter().any(|change| change.path == CONFIG_FILE) {
            // planbook.toml may have moved the output folder or the theme.
            filter = WatchFilter::load(&root);
        }
    }
    server.stop();
    site.close();
    report(ServeEvent::Stopped);
    Ok(())
}

/// Serves a build's files, then reports it: open pages hear first.
fn publish(
    site: &live::LiveSite,
    result: BuildResult,
    started: Instant,
    changed: &[ChangedPath],
    report: &mut impl FnMut(ServeEvent<'_>),
) {
    let BuildResult {
        files,
        findings,
        page_error,
    } = result;
    site.apply(files, page_error.clone());
    report(ServeEvent::Built {
        elapsed: started.elapsed(),
        changed,
        findings: &findings,
        page_error: page_error.as_ref(),
    });
}

fn bind(address: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let socket = SocketAddr::new(address, port);
    TcpListener::bind(socket).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AddrInUse {
            ServeError::PortInUse { port }
        } else {
            ServeError::Listen {
                address: socket,
                source,
            }
        }
    })
}

/// `127.0.0.1:8000`, or `[::1]:8000`: the host part of a URL.
fn display_address(address: SocketAddr) -> String {
    match address {
        SocketAddr::V4(v4) => v4.to_string(),
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
    }
}
