//! Workspace edits as the client can take them: versioned document
//! changes (with file renames) when it supports them, else a plain map of
//! text edits per file. Edits are byte ranges of the analysed text.

use std::collections::{BTreeMap, HashMap};

use lsp_types::{
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    RenameFile, ResourceOp, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use super::view::PlanView;
use crate::source::{FileId, Span};

/// Text edits by file, then file renames (old path, new path).
#[derive(Debug, Default)]
pub struct EditSet {
    edits: BTreeMap<FileId, Vec<(Span, String)>>,
    renames: Vec<(String, String)>,
}

impl EditSet {
    pub fn replace(&mut self, span: Span, text: impl Into<String>) {
        self.edits
            .entry(span.file)
            .or_default()
            .push((span, text.into()));
    }

    pub fn insert(&mut self, file: FileId, at: usize, text: impl Into<String>) {
        self.replace(Span::new(file, at, at), text);
    }

    pub fn rename_file(&mut self, from: String, to: String) {
        self.renames.push((from, to));
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.renames.is_empty()
    }

    pub fn into_workspace_edit(mut self, view: &PlanView<'_>) -> WorkspaceEdit {
        for edits in self.edits.values_mut() {
            edits.sort_by_key(|(span, _)| (span.start, span.end));
            edits.dedup_by_key(|(span, _)| (span.start, span.end));
        }
        let text_edits = |file: FileId, edits: &[(Span, String)]| -> Vec<TextEdit> {
            edits
                .iter()
                .map(|(span, text)| {
                    TextEdit::new(view.range(file, span.start, span.end), text.clone())
                })
                .collect()
        };
        let path_of = |file: FileId| view.analysis.plan.files[file].path.clone();
        if !view.client.document_changes {
            // lsp-types keys `changes` by Uri, whose parsed form caches
            // lazily; the map is built once and only serialized.
            #[allow(clippy::mutable_key_type)]
            let mut changes = HashMap::new();
            for (file, edits) in &self.edits {
                if let Some(uri) = view.uri(&path_of(*file)) {
                    changes.insert(uri, text_edits(*file, edits));
                }
            }
            return WorkspaceEdit::new(changes);
        }
        let mut operations = Vec::new();
        for (file, edits) in &self.edits {
            let path = path_of(*file);
            let Some(uri) = view.uri(&path) else { continue };
            let version = view.documents.get(&path).map(|document| document.version);
            operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: text_edits(*file, edits)
                    .into_iter()
                    .map(OneOf::Left)
                    .collect(),
            }));
        }
        for (from, to) in self.renames {
            let (Some(old_uri), Some(new_uri)) = (view.uri(&from), view.uri(&to)) else {
                continue;
            };
            operations.push(DocumentChangeOperation::Op(ResourceOp::Rename(
                RenameFile {
                    old_uri,
                    new_uri,
                    options: None,
                    annotation_id: None,
                },
            )));
        }
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(operations)),
            ..WorkspaceEdit::default()
        }
    }
}
