//! Keeping the analysis in step with the editor: buffers opened, edited
//! and closed, files changed on disk, and the findings published after
//! each analysis. Edits are collected here and analysed together.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crossbeam_channel::unbounded;

use lsp_server::{Notification, Request, RequestId};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::Uri;
use serde_json::Value;

use super::Server;
use crate::analysis::SourceChange;
use crate::lsp::capabilities::watch_registration;
use crate::lsp::documents::Document;
use crate::lsp::watch;
use crate::source::CONFIG_FILE;

impl Server<'_> {
    pub(super) fn on_notification(&mut self, notification: Notification) {
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

    pub(super) fn files_changed_on_disk(&mut self, paths: Vec<String>) {
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
    pub(super) fn refresh(&mut self) {
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
            // Pages and images; any other file changes nothing.
            let filter = self.analysis.page_filter();
            let relevant: Vec<String> = on_disk
                .into_iter()
                .filter(|path| path.ends_with(".md") || filter.is_asset(path))
                .collect();
            changes.extend(self.analysis.changes_on_disk(&relevant));
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
fn needs_full_read(root: &Path, path: &str) -> bool {
    if path == CONFIG_FILE {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.contains('.') && (root.join(path).is_dir() || !root.join(path).exists())
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|error| format!("parameters do not parse: {error}"))
}
