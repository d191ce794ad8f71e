//! The parse stage: one source file in, its front matter (as a positioned
//! [`Node`] tree) and body outline out. Never fails: a page that cannot be
//! read is returned with a [`PageError`] so the model can report it.

pub mod front_matter;
pub mod markdown;
pub mod merge_markers;
pub mod node;
pub mod toml;
pub mod yaml;

use crate::source::{FileId, SourceFile};
pub use front_matter::{split_front_matter, FrontMatterFormat, Split};
pub use markdown::{BodyDetail, BodyOutline};
pub use merge_markers::{find_merge_markers, MergeMarkers};
pub use node::{Key, Node, Value};

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub at: usize,
}

/// Why a page's front matter could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct PageError {
    pub message: String,
    pub help: String,
    pub at: usize,
}

#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub file: FileId,
    /// The front matter's root mapping, when it parsed.
    pub front_matter: Option<Node>,
    pub format: Option<FrontMatterFormat>,
    /// Byte offset of the opening delimiter line (0 when there is none).
    pub opening: usize,
    pub body_start: usize,
    pub outline: BodyOutline,
    /// Conflict markers a merge left in the file.
    pub merge_markers: Vec<MergeMarkers>,
    pub error: Option<PageError>,
}

impl ParsedPage {
    /// The first conflict marker line inside `range`, when there is one.
    fn merge_markers_in(&self, range: &std::ops::Range<usize>) -> Option<usize> {
        self.merge_markers
            .iter()
            .flat_map(|markers| std::iter::once(&markers.first).chain(&markers.others))
            .map(|line| line.start)
            .find(|start| range.contains(start))
    }
}

pub fn parse_page(file: FileId, source: &SourceFile) -> ParsedPage {
    parse_page_with(file, source, BodyDetail::Full)
}

/// [`parse_page`], reading as much of the body as `detail` asks for.
pub fn parse_page_with(file: FileId, source: &SourceFile, detail: BodyDetail) -> ParsedPage {
    let text = &source.text;
    let mut page = ParsedPage {
        file,
        front_matter: None,
        format: None,
        opening: 0,
        body_start: 0,
        outline: BodyOutline::default(),
        merge_markers: find_merge_markers(text),
        error: None,
    };
    if let Some(at) = source.invalid_utf8_at {
        page.error = Some(PageError {
            message: "the page is not valid UTF-8".into(),
            help: "save the file as UTF-8 in your editor".into(),
            at,
        });
        return page;
    }
    match split_front_matter(text) {
        Split::NoFrontMatter { body_start } => page.body_start = body_start,
        Split::Unclosed { format, opening } => {
            page.format = Some(format);
            page.opening = opening;
            page.body_start = text.len();
            page.error = Some(PageError {
                message: format!(
                    "front matter opened with `{}` is never closed",
                    format.delimiter()
                ),
                help: format!(
                    "add a line `{}` after the last front-matter key",
                    format.delimiter()
                ),
                at: opening,
            });
            return page;
        }
        Split::FrontMatter {
            format,
            opening,
            matter,
            body_start,
        } => {
            page.format = Some(format);
            page.opening = opening;
            page.body_start = body_start;
            read_front_matter(&mut page, text, format, matter);
        }
    }
    page.outline = markdown::outline(text, page.body_start, detail);
    page
}

/// Parses the front matter between the delimiters into the page, or records
/// why it cannot be read.
fn read_front_matter(
    page: &mut ParsedPage,
    text: &str,
    format: FrontMatterFormat,
    matter: std::ops::Range<usize>,
) {
    let matter_text = &text[matter.clone()];
    let parsed = match format {
        FrontMatterFormat::Yaml => yaml::parse_yaml(matter_text, page.file, matter.start),
        FrontMatterFormat::Toml => toml::parse_toml(matter_text, page.file, matter.start),
    };
    page.error = match parsed {
        Ok(root) if matches!(root.value, Value::Map(_)) => {
            page.front_matter = Some(root);
            None
        }
        Ok(root) => Some(PageError {
            message: format!(
                "front matter is {}, not a mapping of keys",
                root.type_name()
            ),
            help: "write front matter as `key: value` lines".into(),
            at: root.span.start,
        }),
        // The markers are the cause; the parser's words would mislead.
        Err(_) if page.merge_markers_in(&matter).is_some() => Some(PageError {
            message: "front matter cannot be read while it holds merge conflict markers".into(),
            help: "resolve the conflict: keep the lines you want and delete the marker lines"
                .into(),
            at: page.merge_markers_in(&matter).unwrap_or(matter.start),
        }),
        Err(error) => Some(PageError {
            message: format!("front matter does not parse: {}", error.message),
            help: match format {
                FrontMatterFormat::Yaml => {
                    "fix the YAML syntax here (check indentation, quotes and `key: value` pairs)"
                        .into()
                }
                FrontMatterFormat::Toml => {
                    "fix the TOML syntax here (`key = value`, strings in quotes)".into()
                }
            },
            at: error.at,
        }),
    };
}
