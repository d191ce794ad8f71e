//! The small plan the LSP feature and completion tests open: two people,
//! a task with a heading to link to, a task that links to it, a milestone,
//! a risk and a register page.
#![allow(dead_code)]

use std::path::Path;

use crate::lsp_support::uri_of;

pub const CONFIG: &str = "title = \"LSP test\"\nstart = \"2026-01-05\"\n\n[people]\nana = { name = \"Ana Tomás\", role = \"Lead\" }\nbob = { name = \"Bob\", role = \"Engineer\" }\n";
pub const DESIGN: &str =
    "---\nkind: task\nowner: ana\nstart: 2026-01-05\nduration: 3d\n---\n# Design\n\n## Review\n";
pub const BUILD: &str = "---\nkind: task\nid: build\nowner: bob\ndepends_on: [design]\nduration: 2d\n---\n# Build\n\nSee [the design](design.md#review).\n";
pub const LAUNCH: &str =
    "---\nkind: milestone\nowner: ana\ndepends_on: [build]\ncriteria: [live]\n---\n# Launch\n";
pub const OUTAGE: &str = "---\nkind: risk\nowner: ana\nprobability: high\nimpact: high\nmitigation: test twice\naffects: [build]\n---\n# Outage\n\n## Notes\n";
pub const REGISTER: &str = "---\ntasks:\n  - id: docs\n    title: Write the docs\n    owner: bob\n    duration: 1d\n    depends_on: [build]\n---\n# Register\n\n## Later\n";

pub fn plan() -> tempfile::TempDir {
    crate::common::write_plan(&[
        ("planbook.toml", CONFIG),
        ("tasks/design.md", DESIGN),
        ("tasks/build.md", BUILD),
        ("launch.md", LAUNCH),
        ("risks/outage.md", OUTAGE),
        ("register.md", REGISTER),
    ])
}

pub fn uri(root: &Path, path: &str) -> String {
    uri_of(&root.join(path))
}
