//! What later stages need from a page body: its first `# ` title, its
//! headings with their anchors, and its links, each with a byte offset.
//! Rendering to HTML happens in the site stage; this only reads.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Markdown extensions planbook enables everywhere (lint and site agree).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The anchor id the site gives it (explicit `{#id}` or a slug).
    pub anchor: String,
    /// Byte offsets in the file: the heading line, and where its section's
    /// content ends (the next heading of the same or a higher level).
    pub start: usize,
    pub end: usize,
    pub section_end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub destination: String,
    /// Byte range of the whole link in the file.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyOutline {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Images (`![alt](diagram.png)`), which the site copies beside the page.
    pub images: Vec<Link>,
    /// Reference definitions (`[plan]: tasks/plan.md`), by position: the
    /// place a reference-style link's destination is written, which the
    /// editor's rename of a page must change.
    pub link_definitions: Vec<Link>,
}

impl BodyOutline {
    /// The text of the first level-1 heading.
    pub fn title(&self) -> Option<&str> {
        self.headings
            .iter()
            .find(|heading| heading.level == 1)
            .map(|heading| heading.text.as_str())
    }

    /// The trimmed text of the first section whose heading is `name`
    /// (case-insensitive), e.g. `Mitigation`.
    pub fn section<'a>(&self, text: &'a str, name: &str) -> Option<&'a str> {
        let heading = self
            .headings
            .iter()
            .find(|heading| heading.text.trim().eq_ignore_ascii_case(name))?;
        Some(text[heading.end..heading.section_end].trim())
    }
}

/// How much of a page body the later stages need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyDetail {
    /// Every heading, link and image (lint and site).
    #[default]
    Full,
    /// Only the first `# ` title (an analysis that needs only dates, such as
    /// `planbook schedule`): the outline then holds that heading alone.
    TitleOnly,
}

/// The outline `detail` asks for.
pub fn outline(text: &str, body_start: usize, detail: BodyDetail) -> BodyOutline {
    match detail {
        BodyDetail::Full => outline_body(text, body_start),
        BodyDetail::TitleOnly => outline_title(text, body_start),
    }
}

/// An outline with only the body's first level-1 heading, the same one
/// [`outline_body`] finds. A body that opens with an ATX `# ` line (the
/// usual page) is read from that line alone: a top-level ATX heading is
/// one line whatever follows, so the rest need not be parsed.
pub fn outline_title(text: &str, body_start: usize) -> BodyOutline {
    let body = &text[body_start..];
    let leading = body.len() - body.trim_start_matches(['\n', '\r']).len();
    let first_line = body[leading..].split(['\n', '\r']).next().unwrap_or("");
    let indent = first_line.len() - first_line.trim_start_matches(' ').len();
    let rest = &first_line[indent..];
    let is_h1 = indent < 4
        && rest.starts_with('#')
        && (rest.len() == 1 || rest[1..].starts_with([' ', '\t']));
    let (start, scanned) = if is_h1 {
        // The line with its line break, as the full parse has it.
        let from = body_start + leading;
        let after = text[from..]
            .find('\n')
            .map_or(text.len(), |newline| from + newline + 1);
        (from, &text[from..after])
    } else {
        (body_start, body)
    };
    let mut outline = first_title(start, scanned);
    for heading in &mut outline.headings {
        heading.section_end = text_len(body_start, body);
    }
    outline
}

/// The first level-1 heading of `scanned`, which starts at byte `offset`
/// of the page; parsing stops there.
fn first_title(offset: usize, scanned: &str) -> BodyOutline {
    let mut outline = BodyOutline::default();
    let mut open: Option<(Option<String>, usize, String)> = None;
    for (event, range) in Parser::new_ext(scanned, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) if heading_level(level) == 1 => {
                open = Some((id.map(|id| id.to_string()), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, start, title)) = open.take() {
                    let title = title.trim().to_string();
                    let anchor = AnchorSet::default().claim(id.unwrap_or_else(|| slugify(&title)));
                    outline.headings.push(Heading {
                        level: 1,
                        text: title,
                        anchor,
                        start: offset + start,
                        end: offset + range.end,
                        section_end: offset + scanned.len(),
                    });
                    break;
                }
            }
            Event::Text(piece) | Event::Code(piece) => {
                if let Some((_, _, title)) = &mut open {
                    title.push_str(&piece);
                }
            }
            _ => {}
        }
    }
    outline
}

/// Reads the outline of `text[body_start..]`; offsets are of the whole text.
pub fn outline_body(text: &str, body_start: usize) -> BodyOutline {
    let body = &text[body_start..];
    let mut outline = BodyOutline::default();
    let mut anchors = AnchorSet::default();
    let mut open_heading: Option<(u8, Option<String>, usize, String)> = None;
    let mut events = Parser::new_ext(body, markdown_options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                open_heading = Some((
                    heading_level(level),
                    id.map(|id| id.to_string()),
                    range.start,
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, start, text)) = open_heading.take() {
                    let text = text.trim().to_string();
                    let anchor = anchors.claim(id.unwrap_or_else(|| slugify(&text)));
                    outline.headings.push(Heading {
                        level,
                        text,
                        anchor,
                        start: body_start + start,
                        end: body_start + range.end,
                        section_end: text_len(body_start, body),
                    });
                }
            }
            Event::Text(piece) | Event::Code(piece) => {
                if let Some((_, _, _, text)) = &mut open_heading {
                    text.push_str(&piece);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => outline.links.push(Link {
                destination: dest_url.to_string(),
                start: body_start + range.start,
                end: body_start + range.end,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => outline.images.push(Link {
                destination: dest_url.to_string(),
                start: body_start + range.start,
                end: body_start + range.end,
            }),
            _ => {}
        }
    }
    close_sections(&mut outline.headings);
    outline.link_definitions = events
        .reference_definitions()
        .iter()
        .map(|(_, definition)| Link {
            destination: definition.dest.to_string(),
            start: body_start + definition.span.start,
            end: body_start + definition.span.end,
        })
        .collect();
    outline.link_definitions.sort_by_key(|link| link.start);
    outline
}

fn text_len(body_start: usize, body: &str) -> usize {
    body_start + body.len()
}

/// A section runs until the next heading of the same or a higher level.
fn close_sections(headings: &mut [Heading]) {
    for index in 0..headings.len() {
        let level = headings[index].level;
        if let Some(next) = headings[index + 1..]
            .iter()
            .find(|heading| heading.level <= level)
        {
            headings[index].section_end = next.start;
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// GitHub-style heading slug: lowercase, spaces to `-`, other punctuation
/// (except `-` and `_`) dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for character in text.trim().chars() {
        if character.is_alphanumeric() || character == '-' || character == '_' {
            slug.extend(character.to_lowercase());
        } else if character == ' ' {
            slug.push('-');
        }
    }
    slug
}

/// Gives repeated anchors `-1`, `-2` suffixes, as GitHub does.
#[derive(Default)]
pub struct AnchorSet {
    seen: std::collections::HashMap<String, usize>,
}

impl AnchorSet {
    pub fn claim(&mut self, anchor: String) -> String {
        let count = self.seen.entry(anchor.clone()).or_insert(0);
        let claimed = if *count == 0 {
            anchor.clone()
        } else {
            format!("{anchor}-{count}")
        };
        *count += 1;
        if claimed != anchor {
            self.seen.entry(claimed.clone()).or_insert(1);
        }
        claimed
    }
}

/// The path and anchor of a relative link; None for URLs and absolute paths.
pub fn relative_link_target(destination: &str) -> Option<(String, Option<String>)> {
    let destination = destination.trim();
    if destination.is_empty() || destination.starts_with('/') || destination.starts_with("//") {
        return None;
    }
    if let Some(colon) = destination.find(':') {
        let scheme = &destination[..colon];
        if !scheme.contains(['/', '#', '?']) {
            return None;
        }
    }
    let (path, anchor) = match destination.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (destination, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    Some((
        percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned(),
        anchor.filter(|anchor| !anchor.is_empty()),
    ))
}

/// `target` relative to the folder of `from`, normalised; None when it leaves the root.
pub fn resolve_relative_path(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("Risk & Mitigation: v2.0"), "risk--mitigation-v20");
        assert_eq!(slugify("Communication strategy"), "communication-strategy");
        assert_eq!(slugify("Straße_2"), "straße_2");
    }

    #[test]
    fn repeated_headings_get_suffixes() {
        let outline = outline_body("# A\n## Notes\n## Notes\n", 0);
        let anchors: Vec<_> = outline.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["a", "notes", "notes-1"]);
    }

    #[test]
    fn the_title_alone_is_the_full_outlines_title() {
        for body in [
            "# Plain title\n\nText with a [link](a.md).\n",
            "\n\n  # Indented *title* `code` #\nmore\n",
            "# Title {#custom}\n",
            "Intro paragraph.\n\n## Sub\n\n# Later title\n",
            "Setext title\n============\n\n# Second\n",
            "> # In a quote\n\n# Top\n",
            "    # indented code, not a heading\n\n# Real\n",
            "```\n# in a fence\n```\n# After\n",
            "#hashtag is a paragraph\n\n# Title\n",
            "No heading at all.\n",
            "",
        ] {
            let text = format!("---\nkind: task\n---\n{body}");
            let start = text.find(body).unwrap_or(text.len());
            let full = outline_body(&text, start);
            let title_only = outline_title(&text, start);
            assert_eq!(title_only.title(), full.title(), "{body:?}");
            assert_eq!(
                title_only
                    .headings
                    .first()
                    .map(|heading| (heading.start, heading.end)),
                full.headings
                    .iter()
                    .find(|heading| heading.level == 1)
                    .map(|heading| (heading.start, heading.end)),
                "{body:?}"
            );
            assert!(title_only.links.is_empty());
        }
    }

    #[test]
    fn reference_definitions_are_kept_where_they_are_written() {
        let text = "---\n---\n# Plan\nSee [the build][b] and [design].\n\n[design]: tasks/design.md\n[b]: <tasks/build.md> \"Build\"\n[unused]: x.md\n";
        let outline = outline_body(text, 8);
        let written: Vec<(&str, &str)> = outline
            .link_definitions
            .iter()
            .map(|link| (link.destination.as_str(), &text[link.start..link.end]))
            .collect();
        assert_eq!(
            written,
            [
                ("tasks/design.md", "[design]: tasks/design.md"),
                ("tasks/build.md", "[b]: <tasks/build.md> \"Build\""),
                ("x.md", "[unused]: x.md"),
            ]
        );
        // The links themselves point where their definitions say.
        let destinations: Vec<&str> = outline
            .links
            .iter()
            .map(|link| link.destination.as_str())
            .collect();
        assert_eq!(destinations, ["tasks/build.md", "tasks/design.md"]);
    }

    #[test]
    fn finds_title_links_and_sections() {
        let text = "---\n---\n# Risk\nSee [x](../a.md#b).\n## Mitigation\nDo it.\n## Other\n";
        let outline = outline_body(text, 8);
        assert_eq!(outline.title(), Some("Risk"));
        assert_eq!(outline.links[0].destination, "../a.md#b");
        assert_eq!(
            &text[outline.links[0].start..outline.links[0].end],
            "[x](../a.md#b)"
        );
        assert_eq!(outline.section(text, "mitigation"), Some("Do it."));
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn percent_escapes_next_to_multibyte_characters_do_not_panic() {
        assert_eq!(
            relative_link_target("%a\u{e9}.md"),
            Some(("%a\u{e9}.md".into(), None))
        );
        assert_eq!(
            relative_link_target("caf%C3%A9.md"),
            Some(("caf\u{e9}.md".into(), None))
        );
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(
            resolve_relative_path("tasks/a.md", "../risks/b.md").as_deref(),
            Some("risks/b.md")
        );
        assert_eq!(
            resolve_relative_path("a.md", "./b.md").as_deref(),
            Some("b.md")
        );
        assert_eq!(resolve_relative_path("a.md", "../b.md"), None);
    }

    #[test]
    fn skips_urls() {
        assert!(relative_link_target("https://example.com/a.md").is_none());
        assert!(relative_link_target("mailto:x@y").is_none());
        assert_eq!(
            relative_link_target("b.md#x"),
            Some(("b.md".into(), Some("x".into())))
        );
        assert_eq!(
            relative_link_target("#x"),
            Some(("".into(), Some("x".into())))
        );
        assert_eq!(
            relative_link_target("my%20page.md"),
            Some(("my page.md".into(), None))
        );
    }
}
