//! The editor's side of the plan: which files are open, their unsaved
//! text and version, and how a `file://` URI maps to a path relative to
//! the plan root. Applies the edits a client sends; knows nothing of the
//! plan's meaning.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{offset, Encoding, IndexedText, LineIndex};

/// An open buffer.
#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub lines: LineIndex,
}

impl Document {
    pub fn new(uri: Uri, version: i32, text: String) -> Document {
        let lines = LineIndex::new(&text);
        Document {
            uri,
            version,
            text,
            lines,
        }
    }

    /// Applies one change: a range replaced, or (without range) the whole text.
    pub fn apply(&mut self, change: TextDocumentContentChangeEvent, encoding: Encoding) {
        match change.range {
            None => self.text = change.text,
            Some(range) => {
                let indexed = IndexedText {
                    text: &self.text,
                    index: &self.lines,
                };
                let start = offset(&indexed, range.start, encoding);
                let end = offset(&indexed, range.end, encoding).max(start);
                self.text.replace_range(start..end, &change.text);
            }
        }
        self.lines = LineIndex::new(&self.text);
    }
}

/// The plan root and the open buffers, by path relative to the root.
#[derive(Debug)]
pub struct Documents {
    root: PathBuf,
    /// The root with symbolic links resolved, when that differs.
    canonical_root: Option<PathBuf>,
    open: BTreeMap<String, Document>,
}

impl Documents {
    pub fn new(root: PathBuf) -> Documents {
        let canonical_root = root
            .canonicalize()
            .ok()
            .filter(|canonical| *canonical != root);
        Documents {
            root,
            canonical_root,
            open: BTreeMap::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path relative to the plan root (`/` separators) of a `file:`
    /// URI; None for other schemes and files outside the root.
    pub fn relative_path(&self, uri: &Uri) -> Option<String> {
        let path = file_path(uri)?;
        let relative = path
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                let canonical = self.canonical_root.as_ref()?;
                let resolved = path.parent()?.canonicalize().ok()?.join(path.file_name()?);
                resolved.strip_prefix(canonical).ok().map(Path::to_path_buf)
            })?;
        let mut parts = Vec::new();
        for component in relative.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_str()?.to_string()),
                Component::CurDir => {}
                _ => return None,
            }
        }
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// The `file:` URI of a path relative to the root.
    pub fn uri(&self, relative: &str) -> Option<Uri> {
        if let Some(document) = self.open.get(relative) {
            return Some(document.uri.clone());
        }
        file_uri(&self.root.join(relative))
    }

    pub fn open(&mut self, path: String, document: Document) {
        self.open.insert(path, document);
    }

    pub fn close(&mut self, path: &str) -> Option<Document> {
        self.open.remove(path)
    }

    pub fn get(&self, path: &str) -> Option<&Document> {
        self.open.get(path)
    }

    pub fn get_mut(&mut self, path: &str) -> Option<&mut Document> {
        self.open.get_mut(path)
    }

    /// The paths of the open buffers.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.open.keys()
    }

    pub fn is_open(&self, path: &str) -> bool {
        self.open.contains_key(path)
    }
}

/// The local path a `file:` URI names.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of an absolute path.
pub fn file_uri(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// The plan folder for a workspace folder, found as the command line finds
/// it (`crate::source::plan_root_for`): the nearest folder at or above it
/// with a planbook.toml within its git repository, else the plan below it
/// (the first, when there are several: an editor has nobody to ask), else
/// the workspace folder itself.
pub fn find_plan_root(workspace: &Path) -> PathBuf {
    crate::source::find_plan_root(workspace)
        .or_else(|| {
            crate::source::find_plans_below(workspace)
                .into_iter()
                .next()
        })
        .unwrap_or_else(|| workspace.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::CONFIG_FILE;
    use lsp_types::{Position, Range};

    #[test]
    fn incremental_changes_apply_in_utf16() {
        let uri = Uri::from_str("file:///plan/a.md").unwrap();
        let mut document = Document::new(uri, 1, "owner: zoë\nx\n".into());
        document.apply(
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(0, 10), Position::new(1, 1))),
                range_length: None,
                text: "!\ny".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(document.text, "owner: zoë!\ny\n");
    }

    #[test]
    fn uris_map_to_paths_inside_the_root_only() {
        let documents = Documents::new(PathBuf::from("/plan"));
        let inside = Uri::from_str("file:///plan/tasks/my%20task.md").unwrap();
        assert_eq!(
            documents.relative_path(&inside).as_deref(),
            Some("tasks/my task.md")
        );
        let outside = Uri::from_str("file:///elsewhere/a.md").unwrap();
        assert_eq!(documents.relative_path(&outside), None);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(documents.relative_path(&other), None);
        assert_eq!(
            documents.uri("tasks/my task.md").unwrap().as_str(),
            "file:///plan/tasks/my%20task.md"
        );
    }

    #[test]
    fn the_plan_root_is_found_above_or_below() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("docs/plan");
        std::fs::create_dir_all(plan.join("tasks")).unwrap();
        std::fs::write(plan.join(CONFIG_FILE), "").unwrap();
        assert_eq!(find_plan_root(dir.path()), plan);
        assert_eq!(
            find_plan_root(&plan.join("tasks")).canonicalize().unwrap(),
            plan.canonicalize().unwrap()
        );
    }

    #[test]
    fn the_plan_root_is_never_above_the_repository() {
        // As on the command line: a planbook.toml above the repository the
        // workspace is in belongs to something else.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("notes")).unwrap();
        assert_eq!(find_plan_root(&repo.join("notes")), repo.join("notes"));
        assert_eq!(find_plan_root(&repo), repo);
    }
}
