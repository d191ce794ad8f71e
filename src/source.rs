//! Where a plan's text comes from: the files of a folder, with the same
//! exclusions everywhere (hidden entries, the output folder, `templates/`,
//! `exclude` globs). Also the line index that turns byte offsets into
//! `line:column`. This module only reads; it never writes.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Index of a file in [`crate::model::Plan::files`].
pub type FileId = usize;

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

/// Decides which paths below the plan root are pages.
pub struct PageFilter {
    exclude: GlobSet,
    output_dir: Option<String>,
}

impl PageFilter {
    /// `output_dir` is relative to the root (`/` separators), when inside it.
    pub fn new(
        exclude: &[String],
        output_dir: Option<String>,
    ) -> Result<PageFilter, globset::Error> {
        let mut builder = GlobSetBuilder::new();
        for pattern in exclude {
            builder.add(Glob::new(pattern)?);
        }
        Ok(PageFilter {
            exclude: builder.build()?,
            output_dir,
        })
    }

    /// Whether a folder (relative path) should be walked into.
    pub fn enters_dir(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        if name.starts_with('.') || relative == "templates" || name == "node_modules" {
            return false;
        }
        if self.output_dir.as_deref() == Some(relative) {
            return false;
        }
        !self.exclude.is_match(relative) && !self.exclude.is_match(format!("{relative}/"))
    }

    /// Whether a file (relative path) is a page.
    pub fn is_page(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        if !name.ends_with(".md") || name.starts_with('.') {
            return false;
        }
        if relative.starts_with("templates/") {
            return false;
        }
        if let Some(output) = &self.output_dir {
            if relative.starts_with(&format!("{output}/")) {
                return false;
            }
        }
        // Any excluded ancestor folder excludes the page too (matters for
        // sources that list files without walking folders, such as git).
        let mut prefix = String::new();
        for part in relative.split('/') {
            if !prefix.is_empty() {
                if part.starts_with('.') || !self.enters_dir(&prefix) {
                    return false;
                }
                prefix.push('/');
            }
            prefix.push_str(part);
        }
        !self.exclude.is_match(relative)
    }
}

/// Lists the page files below `root`, sorted by relative path.
pub fn list_pages(root: &Path, filter: &PageFilter) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut pages = Vec::new();
    let walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
    let walker = walker.filter_entry(|entry| {
        if entry.depth() == 0 || !entry.file_type().is_dir() {
            return true;
        }
        relative_path(root, entry.path()).is_some_and(|relative| filter.enters_dir(&relative))
    });
    for entry in walker {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(relative) = relative_path(root, entry.path()) {
            if filter.is_page(&relative) {
                pages.push((relative, entry.into_path()));
            }
        }
    }
    pages.sort();
    Ok(pages)
}

/// `path` relative to `root`, with `/` separators; None outside the root
/// (or when it is not UTF-8).
pub fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
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
    fn filter_skips_hidden_templates_output_and_excluded() {
        let filter = PageFilter::new(&["drafts/**".into()], Some("site".into())).unwrap();
        assert!(filter.is_page("tasks/a.md"));
        assert!(!filter.is_page(".hidden/a.md"));
        assert!(!filter.is_page("templates/page.md"));
        assert!(!filter.is_page("site/index.md"));
        assert!(!filter.is_page("drafts/idea.md"));
        assert!(!filter.is_page("tasks/notes.txt"));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let file = SourceFile::new("a.md".into(), vec![b'a', b'\n', 0xff, b'b']);
        assert_eq!(file.invalid_utf8_at, Some(2));
        assert!(file.text.contains('\u{fffd}'));
    }
}
