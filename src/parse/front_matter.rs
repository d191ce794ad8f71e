//! Splits a page into front matter and body, as byte ranges of the
//! original text, so that every position later stages report is an offset
//! of the file itself. Never copies or changes the text.
//!
//! This is done here rather than with a front-matter crate: gray_matter
//! (0.3), the common one, returns the matter and the body as new strings,
//! trimmed and rebuilt line by line (`\r\n` lost), with no offsets into the
//! input, and it cannot tell an unclosed `---` from a page without front
//! matter. Running it only to search its output back in the text did its
//! work twice; the split itself is a first-line check and a search for the
//! closing delimiter line.

/// The syntax of a page's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

impl FrontMatterFormat {
    pub fn delimiter(self) -> &'static str {
        match self {
            FrontMatterFormat::Yaml => "---",
            FrontMatterFormat::Toml => "+++",
        }
    }
}

/// Where the parts of a page are, as byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// No front matter: the whole page (after a BOM) is body.
    NoFrontMatter { body_start: usize },
    /// Front matter between `opening` (the delimiter line's start) and the
    /// closing delimiter; `matter` is the text between, `body_start` follows
    /// the closing line.
    FrontMatter {
        format: FrontMatterFormat,
        opening: usize,
        matter: std::ops::Range<usize>,
        body_start: usize,
    },
    /// An opening delimiter without its closing line.
    Unclosed {
        format: FrontMatterFormat,
        opening: usize,
    },
}

/// Finds the front matter: a first line (after an optional byte order
/// mark) that is exactly `---` (YAML) or `+++` (TOML), up to the next line
/// that is exactly the same delimiter. Trailing spaces and `\r` on the
/// delimiter lines are allowed.
pub fn split_front_matter(text: &str) -> Split {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let page = &text[bom..];
    let first_line_end = page.find('\n');
    let first_line = first_line_end.map_or(page, |end| &page[..end]).trim_end();
    let format = match first_line {
        "---" => FrontMatterFormat::Yaml,
        "+++" => FrontMatterFormat::Toml,
        _ => return Split::NoFrontMatter { body_start: bom },
    };
    let closing = first_line_end.and_then(|end| {
        let after_opening = end + 1;
        find_closing_line(page, after_opening, format.delimiter())
            .map(|closing| (after_opening, closing))
    });
    match closing {
        Some((after_opening, (closing_start, body_start))) => Split::FrontMatter {
            format,
            opening: bom,
            matter: bom + after_opening..bom + closing_start,
            body_start: bom + body_start,
        },
        None => Split::Unclosed {
            format,
            opening: bom,
        },
    }
}

/// The start of the first line at or after `from` that is exactly the
/// delimiter, and the start of the line after it.
fn find_closing_line(page: &str, from: usize, delimiter: &str) -> Option<(usize, usize)> {
    let mut line_start = page[..from].rfind('\n').map_or(0, |n| n + 1);
    while line_start < page.len() {
        let line_end = page[line_start..]
            .find('\n')
            .map_or(page.len(), |n| line_start + n);
        if page[line_start..line_end].trim_end() == delimiter {
            return Some((line_start, (line_end + 1).min(page.len())));
        }
        line_start = line_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_keeps_offsets() {
        let text = "---\nid: a\n---\n# Title\n";
        match split_front_matter(text) {
            Split::FrontMatter {
                format,
                matter,
                body_start,
                ..
            } => {
                assert_eq!(format, FrontMatterFormat::Yaml);
                assert_eq!(&text[matter], "id: a\n");
                assert_eq!(&text[body_start..], "# Title\n");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_and_toml_front_matter() {
        assert!(matches!(
            split_front_matter("---\n---\nbody"),
            Split::FrontMatter { .. }
        ));
        let text = "+++\nid = \"a\"\n+++\n";
        assert!(matches!(
            split_front_matter(text),
            Split::FrontMatter {
                format: FrontMatterFormat::Toml,
                ..
            }
        ));
    }

    #[test]
    fn detects_unclosed_and_absent_front_matter() {
        assert!(matches!(
            split_front_matter("---\nid: a\n# no end\n"),
            Split::Unclosed { .. }
        ));
        assert_eq!(
            split_front_matter("# Just a note\n"),
            Split::NoFrontMatter { body_start: 0 }
        );
    }

    #[test]
    fn the_first_closing_line_ends_the_matter_and_offsets_are_the_files() {
        let text = "---\n\n  title: x\n\n--- \n---\nbody\n";
        match split_front_matter(text) {
            Split::FrontMatter {
                matter, body_start, ..
            } => {
                // Untrimmed: blank lines and indentation keep their place.
                assert_eq!(&text[matter], "\n  title: x\n\n");
                assert_eq!(&text[body_start..], "---\nbody\n");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(split_front_matter("---"), Split::Unclosed { .. }));
        assert!(matches!(
            split_front_matter("----\nx\n----\n"),
            Split::NoFrontMatter { .. }
        ));
    }

    #[test]
    fn handles_crlf_and_bom() {
        let text = "\u{feff}---\r\nid: a\r\n---\r\nbody";
        match split_front_matter(text) {
            Split::FrontMatter {
                matter, body_start, ..
            } => {
                assert_eq!(&text[matter], "id: a\r\n");
                assert_eq!(&text[body_start..], "body");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
