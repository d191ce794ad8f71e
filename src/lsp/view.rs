//! What a request handler reads: the analysis (made from the open buffers'
//! text), the open buffers, how the client counts columns and what it
//! supports. Read-only: handlers answer, the server loop changes things.

use lsp_server::ErrorCode;
use lsp_types::{Position, Range, Uri};

use super::diagnostics::span_range;
use super::documents::Documents;
use super::index::IdIndex;
use super::plan_files::file_id;
use super::position::{offset, position, Encoding};
use crate::analysis::Analysis;
use crate::source::{FileId, SourceFile, Span};

/// What the client told us it can do, at `initialize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    /// Workspace edits may hold document changes with versions.
    pub document_changes: bool,
    /// ... and file renames among them.
    pub rename_files: bool,
    /// `workspace/didChangeWatchedFiles` can be registered at run time.
    pub watch_files: bool,
    /// Document symbols may nest (headings in headings).
    pub nested_symbols: bool,
}

/// A request that cannot be answered, as an LSP error.
#[derive(Debug, Clone)]
pub struct RequestError {
    pub code: ErrorCode,
    pub message: String,
}

impl RequestError {
    pub fn failed(message: impl Into<String>) -> RequestError {
        RequestError {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }

    pub fn invalid_params(message: impl Into<String>) -> RequestError {
        RequestError {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }
}

pub type Answer<T> = Result<T, RequestError>;

pub struct PlanView<'a> {
    pub analysis: &'a Analysis,
    pub documents: &'a Documents,
    pub index: &'a IdIndex,
    pub encoding: Encoding,
    pub client: ClientSupport,
}

/// A file of the plan a request is about, with the byte offset it points at.
pub struct Spot<'a> {
    pub path: String,
    pub file_id: FileId,
    pub file: &'a SourceFile,
    pub offset: usize,
}

impl<'a> PlanView<'a> {
    /// The plan file a URI names; None for files outside the plan.
    pub fn file(&self, uri: &Uri) -> Option<(String, FileId, &'a SourceFile)> {
        let path = self.documents.relative_path(uri)?;
        let id = file_id(&self.analysis.plan, &path)?;
        Some((path, id, &self.analysis.plan.files[id]))
    }

    /// The plan file and byte offset a text position names.
    pub fn spot(&self, uri: &Uri, at: Position) -> Option<Spot<'a>> {
        let (path, file_id, file) = self.file(uri)?;
        Some(Spot {
            offset: offset(file, at, self.encoding),
            path,
            file_id,
            file,
        })
    }

    pub fn uri(&self, path: &str) -> Option<Uri> {
        self.documents.uri(path)
    }

    pub fn span_range(&self, span: Span) -> Range {
        span_range(&self.analysis.plan.files[span.file], span, self.encoding)
    }

    /// The exact range of bytes `start..end` of a file (no widening).
    pub fn range(&self, file: FileId, start: usize, end: usize) -> Range {
        let source: &SourceFile = &self.analysis.plan.files[file];
        Range::new(
            position(source, start, self.encoding),
            position(source, end, self.encoding),
        )
    }

    pub fn location(&self, span: Span) -> Option<lsp_types::Location> {
        let path = &self.analysis.plan.files[span.file].path;
        Some(lsp_types::Location::new(
            self.uri(path)?,
            self.span_range(span),
        ))
    }
}
