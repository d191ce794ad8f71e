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
use lsp_types::InitializeParams;
use serde_json::Value;

mod sync;

use super::capabilities::{client_support, server_capabilities};
use super::diagnostics::{Published, RulesDocs};
use super::documents::{file_path, find_plan_root, Documents};
use super::index::IdIndex;
use super::position::Encoding;
use super::view::{ClientSupport, PlanView, RequestError};
use super::{code_actions, completion, hover, navigation, rename, symbols};
use crate::analysis::{Analysis, AnalysisOptions, Origin};
use crate::source::PlanSources;

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
