//! The server loop: the `initialize` handshake (load the whole plan, agree
//! on position encoding), then messages one at a time until `exit`.
//! Buffer edits are collected and analysed once the queue is empty or a
//! request needs the new state, so a burst of keystrokes is one analysis.
//! A handler that fails answers with an error; one that panics answers
//! with an internal error and the server goes on.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use chrono::NaiveDate;
use crossbeam_channel::{select, unbounded, Receiver, TryRecvError};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{InitializeParams, Uri};
use serde_json::Value;

use super::capabilities::{client_support, server_capabilities, watch_registration};
use super::diagnostics::{Published, RulesDocs};
use super::documents::{file_path, find_plan_root, Document, Documents};
use super::index::IdIndex;
use super::position::Encoding;
use super::view::{ClientSupport, PlanView, RequestError};
use super::{code_actions, completion, hover, navigation, rename, symbols, watch};
use crate::analysis::{Analysis, AnalysisOptions, Origin, SourceChange};
use crate::source::{PlanSources, CONFIG_FILE};

/// How the server is started.
#[derive(Debug, Clone, Default)]
pub struct LspOptions {
    /// The status date for the schedule (hover's forecasts); today by default.
    pub today: Option<NaiveDate>,
}

/// Serves one client on `connection` until `exit`. Returns whether the
/// client asked for `shutdown` first (the exit status is 0 only then).
pub fn serve(connection: &Connection, options: &LspOptions) -> bool {
    let Some((id, params)) = wait_for_initialize(connection) else {
        return false;
    };
    let mut server = Server::start(connection, params, options);
    let result = lsp_types::InitializeResult {
        capabilities: server_capabilities(server.encoding),
        server_info: Some(lsp_types::ServerInfo {
            name: "planbook".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    server.send(Response::new_ok(id, result));
    server.run()
}

/// Waits for `initialize`, answering anything else as the protocol says.
fn wait_for_initialize(connection: &Connection) -> Option<(RequestId, InitializeParams)> {
    for message in &connection.receiver {
        match message {
            Message::Request(request) if request.method == req::Initialize::METHOD => {
                match serde_json::from_value(request.params) {
                    Ok(params) => return Some((request.id, params)),
                    Err(error) => {
                        let message = format!("initialize parameters do not parse: {error}");
                        let response =
                            Response::new_err(request.id, ErrorCode::InvalidParams as i32, message);
                        let _ = connection.sender.send(response.into());
                    }
                }
            }
            Message::Request(request) => {
                let response = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".into(),
                );
                let _ = connection.sender.send(response.into());
            }
            Message::Notification(notification) if notification.method == note::Exit::METHOD => {
                return None
            }
            _ => {}
        }
    }
    None
}

struct Server<'a> {
    connection: &'a Connection,
    analysis: Analysis,
    documents: Documents,
    encoding: Encoding,
    client: ClientSupport,
    docs: RulesDocs,
    published: Published,
    index: Option<IdIndex>,
    /// Buffers edited since the last analysis.
    edited: BTreeSet<String>,
    /// Files changed on disk since the last analysis.
    changed_on_disk: BTreeSet<String>,
    /// Buffers opened (or edited) whose diagnostics the client waits for.
    to_publish: BTreeSet<String>,
    shut_down: bool,
    next_request: i32,
    disk_events: Receiver<Vec<String>>,
    watcher: Option<notify::RecommendedWatcher>,
}

impl<'a> Server<'a> {
    fn start(
        connection: &'a Connection,
        params: InitializeParams,
        options: &LspOptions,
    ) -> Server<'a> {
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|general| general.position_encodings.as_deref()),
        );
        let workspace = workspace_folder(&params);
        let root = find_plan_root(&workspace);
        let analysis_options = AnalysisOptions {
            incremental: true,
            ..AnalysisOptions::today_or_now(options.today)
        };
        let analysis = Analysis::open_folder(&root, analysis_options).unwrap_or_else(|error| {
            eprintln!("planbook lsp: {error}; starting with an empty plan");
            Analysis::from_sources(
                &root,
                PlanSources::default(),
                Origin::Memory,
                analysis_options,
            )
        });
        let rules_url = params
            .initialization_options
            .as_ref()
            .and_then(|options| options.get("rulesUrl"))
            .and_then(Value::as_str)
            .map(str::to_string);
        eprintln!(
            "planbook lsp: the plan at {} ({} pages)",
            root.display(),
            analysis.plan.pages.len()
        );
        let (_, never) = unbounded();
        Server {
            connection,
            analysis,
            documents: Documents::new(root),
            encoding,
            client: client_support(&params.capabilities),
            docs: RulesDocs::new(rules_url),
            published: Published::default(),
            index: None,
            edited: BTreeSet::new(),
            changed_on_disk: BTreeSet::new(),
            to_publish: BTreeSet::new(),
            shut_down: false,
            next_request: 0,
            disk_events: never,
            watcher: None,
        }
    }

    fn send(&self, message: impl Into<Message>) {
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    /// The loop; returns whether `shutdown` came before `exit`.
    fn run(&mut self) -> bool {
        loop {
            let message = if self.is_dirty() {
                match self.connection.receiver.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Empty) => {
                        self.refresh();
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return false,
                }
            } else {
                select! {
                    recv(self.connection.receiver) -> message => match message {
                        Ok(message) => message,
                        Err(_) => return false,
                    },
                    recv(self.disk_events) -> paths => {
                        if let Ok(paths) = paths {
                            self.files_changed_on_disk(paths);
                        }
                        continue;
                    }
                }
            };
            match message {
                Message::Request(request) => self.on_request(request),
                Message::Notification(notification) => {
                    if notification.method == note::Exit::METHOD {
                        return self.shut_down;
                    }
                    self.on_notification(notification);
                }
                Message::Response(_) => {}
            }
        }
    }

    fn is_dirty(&self) -> bool {
        !self.edited.is_empty() || !self.changed_on_disk.is_empty() || !self.to_publish.is_empty()
    }

    fn on_request(&mut self, request: Request) {
        if self.shut_down {
            let response = Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
            return self.send(response);
        }
        if request.method == req::Shutdown::METHOD {
            self.shut_down = true;
            return self.send(Response::new_ok(request.id, ()));
        }
        if self.is_dirty() {
            self.refresh();
        }
        let id = request.id.clone();
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(request)));
        let response = match answer {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(error)) => Response::new_err(id, error.code as i32, error.message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "planbook failed on this request (a bug: please report it with the page)".into(),
            ),
        };
        self.send(response);
    }

    fn answer(&mut self, request: Request) -> Result<Value, RequestError> {
        if self.index.is_none() {
            self.index = Some(IdIndex::build(&self.analysis.plan));
        }
        let view = PlanView {
            analysis: &self.analysis,
            documents: &self.documents,
            index: self.index.as_ref().expect("built above"),
            encoding: self.encoding,
            client: self.client,
        };
        let params = request.params;
        match request.method.as_str() {
            req::Completion::METHOD => {
                handle::<req::Completion>(params, |p| completion::complete(&view, p))
            }
            req::HoverRequest::METHOD => {
                handle::<req::HoverRequest>(params, |p| hover::hover(&view, p))
            }
            req::GotoDefinition::METHOD => {
                handle::<req::GotoDefinition>(params, |p| navigation::definition(&view, p))
            }
            req::References::METHOD => {
                handle::<req::References>(params, |p| navigation::references(&view, p))
            }
            req::PrepareRenameRequest::METHOD => {
                handle::<req::PrepareRenameRequest>(params, |p| rename::prepare(&view, p))
            }
            req::Rename::METHOD => handle::<req::Rename>(params, |p| rename::rename(&view, p)),
            req::CodeActionRequest::METHOD => {
                handle::<req::CodeActionRequest>(params, |p| code_actions::code_actions(&view, p))
            }
            req::DocumentSymbolRequest::METHOD => {
                handle::<req::DocumentSymbolRequest>(params, |p| {
                    symbols::document_symbols(&view, p)
                })
            }
            req::WorkspaceSymbolRequest::METHOD => {
                handle::<req::WorkspaceSymbolRequest>(params, |p| {
                    symbols::workspace_symbols(&view, p)
                })
            }
            other => Err(RequestError {
                code: ErrorCode::MethodNotFound,
                message: format!("planbook does not answer `{other}`"),
            }),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let handled = catch_unwind(AssertUnwindSafe(|| self.notified(notification)));
        match handled {
            Ok(Ok(())) => {}
            Ok(Err(message)) => eprintln!("planbook lsp: `{method}`: {message}"),
            Err(_) => eprintln!("planbook lsp: `{method}` failed (a bug: please report it)"),
        }
    }

    fn notified(&mut self, notification: Notification) -> Result<(), String> {
        let params = notification.params;
        match notification.method.as_str() {
            note::Initialized::METHOD => self.initialized(),
            note::DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = parse(params)?;
                let item = params.text_document;
                if let Some(path) = self.plan_path(&item.uri) {
                    self.documents.open(
                        path.clone(),
                        Document::new(item.uri, item.version, item.text),
                    );
                    self.edited.insert(path.clone());
                    self.to_publish.insert(path);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams = parse(params)?;
                let Some(path) = self.documents.relative_path(&params.text_document.uri) else {
                    return Ok(());
                };
                let encoding = self.encoding;
                let Some(document) = self.documents.get_mut(&path) else {
                    return Ok(());
                };
                document.version = params.text_document.version;
                for change in params.content_changes {
                    document.apply(change, encoding);
                }
                self.edited.insert(path.clone());
                self.to_publish.insert(path);
            }
            note::DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = parse(params)?;
                if let Some(path) = self.documents.relative_path(&params.text_document.uri) {
                    if self.documents.close(&path).is_some() {
                        self.edited.remove(&path);
                        self.changed_on_disk.insert(path);
                    }
                }
            }
            note::DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams = parse(params)?;
                // A saved planbook.toml may change which files are pages.
                if self
                    .documents
                    .relative_path(&params.text_document.uri)
                    .as_deref()
                    == Some(CONFIG_FILE)
                {
                    self.changed_on_disk.insert(CONFIG_FILE.into());
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                let params: lsp_types::DidChangeWatchedFilesParams = parse(params)?;
                let paths = params
                    .changes
                    .iter()
                    .filter_map(|change| self.documents.relative_path(&change.uri))
                    .collect();
                self.files_changed_on_disk(paths);
            }
            _ => {}
        }
        Ok(())
    }

    /// After the handshake: watch the files and publish every finding.
    fn initialized(&mut self) {
        if self.client.watch_files {
            self.next_request += 1;
            let id = RequestId::from(format!("planbook-watch-{}", self.next_request));
            let request = Request::new(
                id,
                req::RegisterCapability::METHOD.into(),
                watch_registration(),
            );
            self.send(request);
        } else {
            let (sender, receiver) = unbounded();
            match watch::watch_folder(self.documents.root(), sender) {
                Ok(watcher) => {
                    self.watcher = Some(watcher);
                    self.disk_events = receiver;
                }
                Err(error) => eprintln!("planbook lsp: cannot watch the plan folder: {error}"),
            }
        }
        self.publish();
    }

    fn files_changed_on_disk(&mut self, paths: Vec<String>) {
        for path in paths {
            // An open buffer is what the author sees: it wins over the disk.
            if !self.documents.is_open(&path) || path == CONFIG_FILE {
                self.changed_on_disk.insert(path);
            }
        }
    }

    /// A path of the plan (a page or planbook.toml) for a URI.
    fn plan_path(&self, uri: &Uri) -> Option<String> {
        let path = self.documents.relative_path(uri)?;
        (path == CONFIG_FILE || self.analysis.page_filter().is_page(&path)).then_some(path)
    }

    /// Analyses the edits and disk changes collected, then publishes.
    fn refresh(&mut self) {
        let refreshed = catch_unwind(AssertUnwindSafe(|| self.analyse_changes()));
        if refreshed.is_err() {
            eprintln!("planbook lsp: analysing the changes failed (a bug: please report it)");
        }
        self.index = None;
        self.publish();
    }

    fn analyse_changes(&mut self) {
        let on_disk = std::mem::take(&mut self.changed_on_disk);
        let edited = std::mem::take(&mut self.edited);
        let root = self.documents.root().to_path_buf();
        let mut changes = Vec::new();
        if on_disk.iter().any(|path| needs_full_read(&root, path)) {
            // Re-reads every file (the pages may be others now), then puts
            // the open buffers back on top.
            self.analysis.reread(&[CONFIG_FILE.to_string()]);
            self.index = None;
            let open: Vec<String> = self.documents.paths().cloned().collect();
            changes.extend(open.iter().map(|path| self.buffer_change(path)));
        } else {
            let filter = self.analysis.page_filter();
            for path in on_disk.iter().filter(|path| path.ends_with(".md")) {
                let bytes = std::fs::read(root.join(path))
                    .ok()
                    .filter(|_| filter.is_page(path));
                changes.push(SourceChange::Page {
                    path: path.clone(),
                    bytes,
                });
            }
        }
        changes.extend(edited.iter().map(|path| self.buffer_change(path)));
        if !changes.is_empty() {
            self.analysis.update(changes);
        }
    }

    fn buffer_change(&self, path: &str) -> SourceChange {
        let bytes = self
            .documents
            .get(path)
            .map(|document| document.text.clone().into_bytes());
        if path == CONFIG_FILE {
            return SourceChange::Config(
                bytes.or_else(|| std::fs::read(self.documents.root().join(CONFIG_FILE)).ok()),
            );
        }
        SourceChange::Page {
            path: path.to_string(),
            bytes,
        }
    }

    fn publish(&mut self) {
        let always = std::mem::take(&mut self.to_publish);
        let notifications = self.published.update(
            &self.analysis,
            &self.documents,
            self.encoding,
            &self.docs,
            &always,
        );
        for params in notifications {
            self.notify::<note::PublishDiagnostics>(params);
        }
    }
}

/// planbook.toml, or a folder appearing or going (a checkout, a move):
/// which files are pages must be decided again.
fn needs_full_read(root: &std::path::Path, path: &str) -> bool {
    if path == CONFIG_FILE {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.contains('.') && (root.join(path).is_dir() || !root.join(path).exists())
}

fn handle<R: lsp_types::request::Request>(
    params: Value,
    handler: impl FnOnce(R::Params) -> Result<R::Result, RequestError>,
) -> Result<Value, RequestError> {
    let params = serde_json::from_value(params).map_err(|error| {
        RequestError::invalid_params(format!("`{}` parameters do not parse: {error}", R::METHOD))
    })?;
    let result = handler(params)?;
    serde_json::to_value(result).map_err(|error| RequestError {
        code: ErrorCode::InternalError,
        message: error.to_string(),
    })
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|error| format!("parameters do not parse: {error}"))
}

/// The folder the client opened: the first workspace folder, else the
/// root URI, else the root path, else the current folder.
fn workspace_folder(params: &InitializeParams) -> PathBuf {
    #[allow(deprecated)]
    let root_uri = params.root_uri.as_ref();
    #[allow(deprecated)]
    let root_path = params.root_path.as_ref();
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|folder| file_path(&folder.uri))
        .or_else(|| root_uri.and_then(file_path))
        .or_else(|| root_path.map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}
