//! Byte offsets of planbook's spans to LSP positions and back. Columns
//! count UTF-16 code units unless the client agreed to UTF-8; a byte order
//! mark at the start of a file read from disk takes no column, as editors
//! hide it. Positions past a line's end or the text's end are clamped,
//! never an error.

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::{floor_char_boundary, SourceFile};

/// How LSP columns are counted for this client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (it saves counting), else UTF-16,
    /// which every client understands.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, character: char) -> usize {
        match self {
            Encoding::Utf8 => character.len_utf8(),
            Encoding::Utf16 => character.len_utf16(),
        }
    }
}

/// Where lines start in a text: a file of the plan, or an open buffer.
pub trait Lines {
    fn text(&self) -> &str;
    /// 0-based line of a byte offset (clamped to the text).
    fn line_of(&self, offset: usize) -> usize;
    /// Byte offset where 0-based `line` starts; None past the last line.
    fn line_start(&self, line: usize) -> Option<usize>;
}

impl Lines for SourceFile {
    fn text(&self) -> &str {
        &self.text
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_col(offset).0 - 1
    }

    fn line_start(&self, line: usize) -> Option<usize> {
        let start = SourceFile::line_start(self, line + 1);
        (self.line_col(start).0 == line + 1).then_some(start)
    }
}

/// Line starts of an open buffer's text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        LineIndex { starts }
    }
}

/// A text with its line index.
pub struct IndexedText<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl Lines for IndexedText<'_> {
    fn text(&self) -> &str {
        self.text
    }

    fn line_of(&self, offset: usize) -> usize {
        match self
            .index
            .starts
            .binary_search(&offset.min(self.text.len()))
        {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    fn line_start(&self, line: usize) -> Option<usize> {
        self.index.starts.get(line).copied()
    }
}

/// The text of the 0-based `line` from `start`, without its line ending.
fn line_text(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Skips a byte order mark at the very start of the text.
fn visible_start(text: &str, line: usize, start: usize) -> usize {
    if line == 0 && text.starts_with('\u{feff}') {
        start + '\u{feff}'.len_utf8()
    } else {
        start
    }
}

/// The LSP position of a byte offset.
pub fn position(lines: &impl Lines, offset: usize, encoding: Encoding) -> Position {
    let text = lines.text();
    let offset = floor_char_boundary(text, offset);
    let line = lines.line_of(offset);
    let start = lines.line_start(line).unwrap_or(0);
    let start = visible_start(text, line, start).min(offset);
    let column: usize = text[start..offset]
        .chars()
        .map(|character| encoding.width(character))
        .sum();
    Position::new(line as u32, column as u32)
}

pub fn range(lines: &impl Lines, start: usize, end: usize, encoding: Encoding) -> Range {
    Range::new(
        position(lines, start, encoding),
        position(lines, end.max(start), encoding),
    )
}

/// The byte offset of an LSP position: a column past the line's end means
/// the end of the line, a line past the last the end of the text.
pub fn offset(lines: &impl Lines, position: Position, encoding: Encoding) -> usize {
    let text = lines.text();
    let line = position.line as usize;
    let Some(start) = lines.line_start(line) else {
        return text.len();
    };
    let start = visible_start(text, line, start);
    let wanted = position.character as usize;
    let mut counted = 0;
    for (at, character) in line_text(text, start).char_indices() {
        if counted >= wanted {
            return start + at;
        }
        counted += encoding.width(character);
    }
    start + line_text(text, start).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md".into(), text.as_bytes().to_vec())
    }

    #[test]
    fn utf16_columns_count_code_units() {
        let source = file("owner: Tomás\nx: zoë 😀 err\n");
        let err = source.text.find("err").unwrap();
        assert_eq!(
            position(&source, err, Encoding::Utf16),
            Position::new(1, 10)
        );
        assert_eq!(position(&source, err, Encoding::Utf8), Position::new(1, 13));
        assert_eq!(offset(&source, Position::new(1, 10), Encoding::Utf16), err);
        assert_eq!(offset(&source, Position::new(1, 13), Encoding::Utf8), err);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let source = file("ab\r\ncd");
        assert_eq!(offset(&source, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(&source, Position::new(7, 0), Encoding::Utf16), 6);
        assert_eq!(position(&source, 99, Encoding::Utf16), Position::new(1, 2));
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let source = file("\u{feff}---\nab");
        assert_eq!(position(&source, 3, Encoding::Utf16), Position::new(0, 0));
        assert_eq!(position(&source, 6, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(offset(&source, Position::new(0, 1), Encoding::Utf16), 4);
    }

    #[test]
    fn an_indexed_buffer_agrees_with_a_source_file() {
        let text = "a\nbé\n\nc";
        let index = LineIndex::new(text);
        let indexed = IndexedText {
            text,
            index: &index,
        };
        let source = file(text);
        for at in 0..=text.len() {
            assert_eq!(
                position(&indexed, at, Encoding::Utf16),
                position(&source, at, Encoding::Utf16)
            );
        }
        assert_eq!(
            offset(&indexed, Position::new(4, 0), Encoding::Utf16),
            text.len()
        );
    }
}
