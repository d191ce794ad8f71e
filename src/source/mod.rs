//! The source stage: where a plan's text comes from, and the line index
//! that turns byte offsets into `line:column`. [`PlanSources`] is the raw
//! text of a plan however it was read: from a folder ([`read_folder`]) or
//! from git (the index or a revision, in [`crate::git`]). Every reader
//! applies the same [`PageFilter`]. This stage only reads; it never writes
//! and never interprets what it reads.

mod folder;
mod root;

use std::sync::Arc;

pub use folder::{
    is_image_path, list_pages, read_config_file, read_folder, relative_path, ListedFiles,
    PageFilter, SourceError, IMAGE_TYPES,
};
pub use root::{find_plan_root, find_plans_below, plan_root_for, RootError};

/// The plan's settings file at the plan root.
pub const CONFIG_FILE: &str = "planbook.toml";

/// Index of a file in the plan's list of files (pages by path, then
/// planbook.toml).
pub type FileId = usize;

/// The raw text of a plan, however it was read (folder or git).
#[derive(Clone, Default)]
pub struct PlanSources {
    /// planbook.toml's bytes, when the plan has one.
    pub config: Option<Vec<u8>>,
    /// Page paths (relative, `/`) and their bytes.
    pub pages: Vec<(String, Vec<u8>)>,
    /// Pages that exist but could not be read, with the reason: each is
    /// reported on its own page rather than stopping the whole run.
    pub unreadable: Vec<(String, String)>,
    /// Pages and planbook.toml still in conflict in the git index (an
    /// unfinished merge), with the side whose text `config` or `pages`
    /// holds for them: the plan is read whole, and the conflict reported.
    pub unmerged: Vec<UnmergedFile>,
    /// Image files below the root that pages may show, sorted (`/` paths).
    pub asset_paths: Vec<String>,
    /// Reads those images from where the pages came from, so that the site
    /// never reads the plan's folder itself. None for in-memory sources.
    pub assets: Option<Arc<dyn AssetReader>>,
}

impl std::fmt::Debug for PlanSources {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PlanSources")
            .field("config", &self.config.as_ref().map(Vec::len))
            .field("pages", &self.pages.len())
            .field("unreadable", &self.unreadable)
            .field("unmerged", &self.unmerged)
            .field("asset_paths", &self.asset_paths)
            .finish_non_exhaustive()
    }
}

impl PlanSources {
    /// Sources held in memory (tests, editors): pages by path, no assets.
    pub fn in_memory(config: Option<&str>, pages: &[(&str, &str)]) -> PlanSources {
        PlanSources {
            config: config.map(|text| text.as_bytes().to_vec()),
            pages: pages
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect(),
            ..PlanSources::default()
        }
    }

    /// The bytes of an image the pages show, when the source has it.
    pub fn read_asset(&self, path: &str) -> Option<Vec<u8>> {
        if self
            .asset_paths
            .binary_search_by(|known| known.as_str().cmp(path))
            .is_err()
        {
            return None;
        }
        self.assets.as_ref()?.read_asset(path)
    }
}

/// A file the git index holds in conflict: several versions (stages) of
/// it, none resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmergedFile {
    /// Relative to the plan root, `/` separators.
    pub path: String,
    /// The version read in its place.
    pub read_from: MergeSide,
}

/// One version of a conflicted file. A plan is read with `Ours` (the
/// branch being merged into) when it has the file, else `Theirs` (it was
/// deleted on our side), else `Base` (deleted on both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MergeSide {
    Ours,
    Theirs,
    Base,
}

impl MergeSide {
    /// The side of git's merge stage (1 base, 2 ours, 3 theirs).
    pub fn from_stage(stage: u16) -> Option<MergeSide> {
        match stage {
            1 => Some(MergeSide::Base),
            2 => Some(MergeSide::Ours),
            3 => Some(MergeSide::Theirs),
            _ => None,
        }
    }

    /// The side in words: "our side" (git's `--ours`), "their side", "the
    /// merge base".
    pub fn describe(self) -> &'static str {
        match self {
            MergeSide::Ours => "our side",
            MergeSide::Theirs => "their side",
            MergeSide::Base => "the merge base",
        }
    }
}

/// Reads the image files of a plan from wherever its pages came from.
pub trait AssetReader: Send + Sync {
    /// The bytes of the file at `path` (relative, `/`), or None when it
    /// cannot be read or lies outside the plan.
    fn read_asset(&self, path: &str) -> Option<Vec<u8>>;
}

/// Decides which files are pages from planbook.toml's bytes (its `exclude`
/// and `output`). Reading the settings is the model's job, so the readers
/// of this stage and of git are handed this decision rather than making it.
pub type FilterForConfig<'a> = &'a (dyn Fn(Option<&[u8]>) -> PageFilter + Sync);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end }
    }
}

/// One text file of the plan, as read (from disk or from git).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the plan root, with `/` separators.
    pub path: String,
    /// The text; invalid UTF-8 has been replaced (and reported by the parser).
    pub text: String,
    /// Byte offset of the first invalid UTF-8 sequence, when there was one.
    pub invalid_utf8_at: Option<usize>,
    line_starts: Vec<usize>,
    /// Per line: true when it is all ASCII, so a column is a byte difference
    /// (many findings on one very long line must not each count characters).
    ascii_lines: Vec<bool>,
}

impl SourceFile {
    pub fn new(path: String, bytes: Vec<u8>) -> SourceFile {
        let (text, invalid_utf8_at) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    Some(at),
                )
            }
        };
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        let ascii_lines = if text.is_ascii() {
            vec![true; line_starts.len()]
        } else {
            line_starts
                .iter()
                .enumerate()
                .map(|(index, start)| {
                    let end = line_starts.get(index + 1).copied().unwrap_or(text.len());
                    text.as_bytes()[*start..end].is_ascii()
                })
                .collect()
        };
        SourceFile {
            path,
            text,
            invalid_utf8_at,
            line_starts,
            ascii_lines,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(index) => index - 1,
        };
        let line_start = self.line_starts[line_index];
        let offset = floor_char_boundary(&self.text, offset);
        let mut column = if self.ascii_lines[line_index] {
            offset - line_start
        } else {
            self.text[line_start..offset].chars().count()
        };
        // A byte order mark is invisible in editors: it takes no column.
        if line_index == 0 && offset > 0 && self.text.starts_with('\u{feff}') {
            column -= 1;
        }
        (line_index + 1, column + 1)
    }

    /// Byte offset of the start of a 1-based line (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        let index = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[index]
    }

    /// Byte range of the 1-based line that holds `offset`, without its newline.
    pub fn line_range_at(&self, offset: usize) -> std::ops::Range<usize> {
        let (line, _) = self.line_col(offset);
        let start = self.line_start(line);
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |n| start + n);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1)
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let file = SourceFile::new("a.md".into(), "ab\nçd\n".as_bytes().to_vec());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(5), (2, 2));
    }

    #[test]
    fn byte_order_mark_takes_no_column() {
        let file = SourceFile::new("a.md".into(), "\u{feff}---\nab".as_bytes().to_vec());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (1, 1));
        assert_eq!(file.line_col(4), (1, 2));
        assert_eq!(file.line_col(8), (2, 2));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let file = SourceFile::new("a.md".into(), vec![b'a', b'\n', 0xff, b'b']);
        assert_eq!(file.invalid_utf8_at, Some(2));
        assert!(file.text.contains('\u{fffd}'));
    }
}
