//! Markdown body to HTML for the site. Heading ids come from the page outline
//! the parse stage computed, so every anchor the linter accepts exists on the
//! site. Raw HTML is sanitized unless the plan opts out (`[site] raw_html`).

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::parse::markdown::{markdown_options, Heading};

/// A rendered body: its leading `# ` title (taken out so the layout can put
/// the item card between title and text) and the rest as HTML.
#[derive(Debug, Default)]
pub struct RenderedBody {
    /// The anchor of the leading level-1 heading, when the body starts with one.
    pub title_anchor: Option<String>,
    pub html: String,
}

/// Renders `body` (the page text after its front matter). `headings` is the
/// page outline's heading list for the same text, in order. `link_base` is
/// put before relative links when the HTML is shown somewhere else than the
/// page's own place (the overview on the home page): `pages/` for a page at
/// the plan root.
pub fn render_body(
    body: &str,
    headings: &[Heading],
    raw_html: bool,
    link_base: &str,
) -> RenderedBody {
    let mut rewriter = EventRewriter {
        headings,
        raw_html,
        link_base,
        heading_index: 0,
        title_anchor: None,
        skipping_title: false,
        seen_block: false,
        has_raw_html: false,
        events: Vec::new(),
    };
    for event in Parser::new_ext(body, markdown_options()) {
        rewriter.take(event);
    }
    let capacity = body.len() * 3 / 2;
    RenderedBody {
        html: events_to_html(rewriter.events, rewriter.has_raw_html, raw_html, capacity),
        title_anchor: rewriter.title_anchor,
    }
}

/// Walks a body's Markdown events once, changing what the site needs
/// changed: the leading title taken out, heading ids from the outline,
/// links to pages pointed at their HTML, task-list checkboxes labelled.
struct EventRewriter<'a> {
    headings: &'a [Heading],
    raw_html: bool,
    link_base: &'a str,
    heading_index: usize,
    title_anchor: Option<String>,
    /// Inside the leading `# ` title, whose events are dropped.
    skipping_title: bool,
    /// Whether any block came before: only a first `# ` is the title.
    seen_block: bool,
    has_raw_html: bool,
    events: Vec<Event<'a>>,
}

impl<'a> EventRewriter<'a> {
    fn take(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => self.start_heading(level, classes, attrs),
            Event::End(TagEnd::Heading(_)) if self.skipping_title => self.skipping_title = false,
            _ if self.skipping_title => {}
            Event::Html(_) | Event::InlineHtml(_) => {
                self.has_raw_html = true;
                self.push(event);
            }
            Event::TaskListMarker(checked) => {
                self.push(Event::InlineHtml(CowStr::from(checkbox_html(checked))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let destination = rewrite_link(&dest_url, self.raw_html);
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(rebase(destination, self.link_base)),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let destination = neutralize_script_url(&dest_url, self.raw_html);
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(rebase(destination, self.link_base)),
                    title,
                    id,
                }));
            }
            other => self.push(other),
        }
    }

    fn push(&mut self, event: Event<'a>) {
        self.seen_block = true;
        self.events.push(event);
    }

    /// A heading gets its outline anchor; a first level-1 heading is the
    /// title, which the layout shows apart from the body.
    fn start_heading(
        &mut self,
        level: pulldown_cmark::HeadingLevel,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) {
        let anchor = self
            .headings
            .get(self.heading_index)
            .map(|heading| heading.anchor.clone());
        self.heading_index += 1;
        if !self.seen_block && level == pulldown_cmark::HeadingLevel::H1 {
            self.title_anchor = anchor;
            self.skipping_title = true;
            self.seen_block = true;
            return;
        }
        // `{key=value}` attributes bypass the sanitizer (they are not raw
        // HTML): `{onmouseover=...}` must not get through.
        let attrs = if self.raw_html { attrs } else { Vec::new() };
        self.push(Event::Start(Tag::Heading {
            level,
            id: anchor.map(CowStr::from),
            classes,
            attrs,
        }));
    }
}

/// The events as HTML; raw HTML in them is sanitized unless the plan
/// trusts it.
fn events_to_html(
    events: Vec<Event<'_>>,
    has_raw_html: bool,
    raw_html: bool,
    capacity: usize,
) -> String {
    let mut html = String::with_capacity(capacity);
    if !has_raw_html || raw_html {
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        return html;
    }
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    if nesting_depth(&html) <= MAX_SANITIZED_DEPTH {
        return SANITIZER.clean(&html).to_string();
    }
    // The sanitizer's HTML tree builder slows down quadratically with
    // nesting depth (100,000 `<div>` take minutes); such a page shows its raw
    // HTML as text instead, which is safe without sanitizing.
    html.clear();
    let escaped = events.into_iter().map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text)
            if *text != *checkbox_html(true) && *text != *checkbox_html(false) =>
        {
            Event::Text(text)
        }
        other => other,
    });
    pulldown_cmark::html::push_html(&mut html, escaped);
    html
}

/// A labelled, read-only checkbox: the list item's text says what it is.
fn checkbox_html(checked: bool) -> String {
    let label = if checked { "done" } else { "not done" };
    let checked = if checked { " checked" } else { "" };
    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ")
}

/// Deeper HTML than this is not sanitized but shown as text (see render_body).
const MAX_SANITIZED_DEPTH: usize = 512;

/// The deepest nesting of elements in `html`, roughly: void elements and
/// self-closing tags do not nest, and unbalanced closing tags are ignored.
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut index = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[index..]) {
        let at = index + found;
        index = at + 1;
        // A tag ends at the next `>`, unless another `<` comes first; either
        // way the scan resumes there, so the whole pass stays linear.
        let Some(end) = memchr::memchr2(b'>', b'<', &bytes[at + 1..]).map(|n| at + 1 + n) else {
            break;
        };
        if bytes[end] == b'<' {
            continue;
        }
        index = end + 1;
        let tag = &html[at + 1..end];
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if !name.is_empty() && !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The words of a Markdown snippet without its markup, for places that show
/// plain text (a risk's mitigation from a body section, in a table cell).
pub fn markdown_to_text(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    for event in Parser::new_ext(text, markdown_options()) {
        match event {
            Event::Text(piece) | Event::Code(piece) => plain.push_str(&piece),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
                if !plain.ends_with(' ') && !plain.is_empty() =>
            {
                plain.push(' ')
            }
            _ => {}
        }
    }
    plain.trim().to_string()
}

/// Relative links to `.md` pages point at their rendered `.html` instead;
/// the site keeps the plan's folder layout under `pages/`, so the relative
/// path itself stays right, and the file name is the page's output name
/// (shortened like it when it is very long).
fn rewrite_link(destination: &str, raw_html: bool) -> String {
    let destination = neutralize_script_url(destination, raw_html);
    if is_external(&destination) || destination.starts_with('/') {
        return destination;
    }
    let (path, fragment) = match destination.find(['#', '?']) {
        Some(at) => destination.split_at(at),
        None => (destination.as_str(), ""),
    };
    match path.strip_suffix(".md") {
        Some(stem) => format!("{}{fragment}", super::paths::linked_page_output(stem)),
        None => destination.clone(),
    }
}

fn rebase(destination: String, link_base: &str) -> String {
    if link_base.is_empty()
        || destination.is_empty()
        || destination.starts_with(['#', '/'])
        || is_external(&destination)
    {
        destination
    } else {
        format!("{link_base}{destination}")
    }
}

fn is_external(destination: &str) -> bool {
    match destination.find(':') {
        Some(colon) => !destination[..colon].contains(['/', '#', '?']),
        None => false,
    }
}

/// Markdown links are not raw HTML, yet `[x](javascript:...)` runs script;
/// unless the plan trusts its authors, such links go nowhere.
fn neutralize_script_url(destination: &str, raw_html: bool) -> String {
    let scheme = destination
        .trim()
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let dangerous = destination.contains(':')
        && matches!(scheme.trim(), "javascript" | "vbscript" | "data" | "file");
    if dangerous && !raw_html {
        "#".to_string()
    } else {
        destination.to_string()
    }
}

/// The safe subset: ammonia's defaults plus what pulldown-cmark itself writes
/// (heading ids, footnote classes and ids, task-list checkboxes, alignment).
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input"])
        .add_generic_attributes(["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None);
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::outline_body;

    fn render(text: &str, raw_html: bool) -> RenderedBody {
        let outline = outline_body(text, 0);
        render_body(text, &outline.headings, raw_html, "")
    }

    #[test]
    fn headings_get_the_linter_anchors() {
        let body = render(
            "# Title\n\n## Notes\n\n## Notes\n\n## Risk & Mitigation: v2\n",
            false,
        );
        assert_eq!(body.title_anchor.as_deref(), Some("title"));
        assert!(body.html.contains("<h2 id=\"notes\">"));
        assert!(body.html.contains("<h2 id=\"notes-1\">"));
        assert!(body.html.contains("<h2 id=\"risk--mitigation-v2\">"));
        assert!(!body.html.contains("<h1"));
    }

    #[test]
    fn links_to_pages_point_at_html() {
        let body = render(
            "[a](../b.md#x) [c](https://e.com/a.md) [d](c.md?q#y)",
            false,
        );
        assert!(body.html.contains("href=\"../b.html#x\""));
        assert!(body.html.contains("href=\"https://e.com/a.md\""));
        assert!(body.html.contains("href=\"c.html?q#y\""));
    }

    #[test]
    fn links_can_be_rebased() {
        let outline = outline_body("[a](b.md) [c](#d) [e](https://x.org)", 0);
        let body = render_body(
            "[a](b.md) [c](#d) [e](https://x.org)",
            &outline.headings,
            false,
            "pages/",
        );
        assert!(body.html.contains("href=\"pages/b.html\""));
        assert!(body.html.contains("href=\"#d\""));
        assert!(body.html.contains("href=\"https://x.org\""));
    }

    #[test]
    fn heading_attributes_cannot_carry_script() {
        let text = "## Notes {onmouseover=alert(1) style=position:fixed .wide}\n";
        let safe = render(text, false);
        assert!(!safe.html.contains("onmouseover"), "{}", safe.html);
        assert!(!safe.html.contains("style="), "{}", safe.html);
        assert!(safe.html.contains("class=\"wide\""), "{}", safe.html);
        assert!(render(text, true).html.contains("onmouseover"));
    }

    #[test]
    fn raw_html_is_sanitized_by_default() {
        let text =
            "Hi <script>alert(1)</script><b onclick=\"x()\">bold</b>\n\n[x](javascript:alert(1))\n";
        let safe = render(text, false);
        assert!(!safe.html.contains("<script"));
        assert!(!safe.html.contains("onclick"));
        assert!(!safe.html.contains("javascript:"));
        assert!(safe.html.contains("<b>bold</b>"));
        let trusted = render(text, true);
        assert!(trusted.html.contains("<script>"));
    }

    #[test]
    fn deeply_nested_raw_html_is_shown_as_text() {
        let text = format!(
            "- [x] done\n\n{}<script>x</script>\n",
            "<div>".repeat(5_000)
        );
        let body = render(&text, false);
        assert!(!body.html.contains("<div>") && !body.html.contains("<script"));
        assert!(body.html.contains("&lt;div&gt;"));
        assert!(body
            .html
            .contains("<input type=\"checkbox\" disabled checked"));
        assert_eq!(nesting_depth("<p><br><img src=x/><b>x</b></p><hr/>"), 2);
        assert_eq!(nesting_depth(&"<a".repeat(100_000)), 0);
    }

    #[test]
    fn plain_text_drops_markup() {
        let text = "- **Trigger:** see [runbook](../a.md).\n- Two `code`\n";
        assert_eq!(markdown_to_text(text), "Trigger: see runbook. Two code");
    }

    #[test]
    fn task_lists_tables_and_footnotes() {
        let text = "- [x] done\n- [ ] open\n\n|a|b|\n|-|:-:|\n|1|2|\n\nNote[^n].\n\n[^n]: Foot <i>x</i>.\n";
        let body = render(text, false);
        assert!(body.html.contains("<input type=\"checkbox\" disabled"));
        assert!(body.html.contains("<table>"));
        assert!(body.html.contains("footnote-definition"));
    }
}
