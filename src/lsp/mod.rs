//! `planbook lsp`: the plan checked, completed and navigable in an editor,
//! over the Language Server Protocol 3.17 on stdio. A driver over
//! [`crate::analysis::Analysis`] (incremental: each edit re-parses only the
//! changed page, then the plan-wide rules run again): the editor's unsaved
//! buffers are the pages it analyses. It never writes a file itself; edits
//! (rename, quick fixes) go to the editor as workspace edits.
//!
//! `server` runs the loop, `transport` frames the messages, `documents`
//! and `position` map buffers and columns; each feature has its file.

mod capabilities;
mod code_actions;
mod completion;
mod diagnostics;
mod documents;
mod edits;
mod hover;
mod index;
mod insert;
mod navigation;
mod plan_files;
mod position;
mod rename;
mod server;
mod symbols;
mod text_context;
mod toml_context;
pub mod transport;
mod view;
mod watch;

pub use server::{serve, LspOptions};

/// Serves the client on stdin and stdout until `exit`. Returns whether the
/// client asked for `shutdown` first (the exit status is 0 only then).
pub fn serve_stdio(options: &LspOptions) -> std::io::Result<bool> {
    let (connection, transport) = transport::stdio();
    let shut_down = serve(&connection, options);
    drop(connection);
    transport.finish()?;
    Ok(shut_down)
}
