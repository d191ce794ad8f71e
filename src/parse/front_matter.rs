//! Splits a page into front matter and body. gray_matter decides whether a
//! page has front matter and what it is; we then find where it sits in the
//! text so that every position stays a byte offset of the original file.

use gray_matter::engine::Engine;
use gray_matter::{Matter, Pod};

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

/// An engine that parses nothing: we parse the matter ourselves, with positions.
struct SplitOnly;

impl Engine for SplitOnly {
    fn parse(_content: &str) -> gray_matter::Result<Pod> {
        Ok(Pod::Null)
    }
}

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
    let Some(first_line_end) = first_line_end else {
        return Split::Unclosed {
            format,
            opening: bom,
        };
    };
    let after_opening = first_line_end + 1;
    // Only the front matter goes through gray_matter: it copies what it is
    // given line by line, and bodies are most of a plan's bytes.
    let Some((_, candidate_end)) = find_closing_line(page, after_opening, format.delimiter())
    else {
        return Split::Unclosed {
            format,
            opening: bom,
        };
    };
    let mut matter = Matter::<SplitOnly>::new();
    matter.delimiter = format.delimiter().to_string();
    let matter_text = match matter.parse::<Pod>(&page[..candidate_end]) {
        Ok(parsed) => parsed.matter,
        Err(_) => String::new(),
    };
    // gray_matter trims the matter; find it again to know its offset.
    let search_from = if matter_text.is_empty() {
        after_opening
    } else {
        // Usually it is the text between the delimiters, trimmed: compare
        // there first rather than search (a searcher for a long pattern
        // costs more than the comparison).
        let rest = &page[after_opening..];
        let leading = rest.len() - rest.trim_start().len();
        if rest[leading..].starts_with(&matter_text) {
            after_opening + leading + matter_text.len()
        } else {
            match rest.find(&matter_text) {
                Some(found) => after_opening + found + matter_text.len(),
                None => after_opening,
            }
        }
    };
    match find_closing_line(page, search_from, format.delimiter()) {
        Some((closing_start, body_start)) => Split::FrontMatter {
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
