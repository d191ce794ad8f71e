//! The site's URL scheme: where each page, item and aggregate lands, and how
//! one page links to another. Every href the site writes is relative, so the
//! site works from `file://` and under any sub-path; ids and file names are
//! encoded here so that nothing a plan author writes can name a path outside
//! the output folder.

use std::fmt::Write as _;

use crate::model::{ItemId, Plan};

pub const HOME: &str = "index.html";
pub const TIMELINE: &str = "timeline.html";
pub const RISKS: &str = "risks.html";
pub const MILESTONES: &str = "milestones.html";
pub const PEOPLE: &str = "people.html";
pub const FINDINGS: &str = "findings.html";
pub const SEARCH: &str = "search.html";
pub const ALL_PAGES: &str = "pages.html";
pub const SEARCH_INDEX: &str = "search-index.js";
pub const BOARD: &str = "board.html";
pub const GRAPH: &str = "graph.html";
pub const REPORT: &str = "report.html";
/// Written only when the plan has git history.
pub const RECENT_CHANGES: &str = "changes.html";
/// Written only when the plan has git history with at least one point.
pub const TRENDS: &str = "trends.html";
/// Written only when the build compares with a baseline.
pub const BASELINE_CHANGES: &str = "baseline.html";

/// Where a file a page shows (an image) lands: beside the page's output,
/// `tasks/diagram.png` -> `pages/tasks/diagram.png`.
pub fn page_asset_output(path: &str) -> String {
    format!("pages/{path}")
}

/// The output path of a Markdown page: `tasks/a.md` -> `pages/tasks/a.html`.
/// Pages live under `pages/` so that no page name can collide with the
/// aggregate pages at the top.
pub fn page_output(page_path: &str) -> String {
    let stem = page_path.strip_suffix(".md").unwrap_or(page_path);
    let (folder, name) = match stem.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), stem),
    };
    format!("pages/{folder}{}.html", shorten_name(name))
}

/// A relative link's target as written, `../tasks/a` (from `a.md`), turned
/// into the page's output name: `../tasks/a.html`, with the file name
/// shortened as [`page_output`] shortens it. The name is decoded to measure
/// it and, when shortened, encoded again for the href.
pub fn linked_page_output(written_stem: &str) -> String {
    let (folder, name) = match written_stem.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), written_stem),
    };
    let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
    match shorten_name(&decoded) {
        std::borrow::Cow::Borrowed(_) => format!("{written_stem}.html"),
        std::borrow::Cow::Owned(short) => format!("{folder}{}.html", encode_href(&short)),
    }
}

/// File names are kept well under the 255 bytes most file systems allow
/// (with room for `.html` and a `-2` suffix).
const MAX_NAME_BYTES: usize = 200;

/// `name` itself when short enough; else its start and a hash of the whole,
/// so distinct long names stay distinct and every build names them alike.
fn shorten_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.len() <= MAX_NAME_BYTES {
        return name.into();
    }
    let keep = crate::source::floor_char_boundary(name, MAX_NAME_BYTES - 24);
    // FNV-1a: tiny, and stable across Rust versions (unlike std's hasher).
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{}~{hash:016x}", &name[..keep]).into()
}

/// A file name for an id: ASCII letters, digits, `-`, `_` and inner `.` stay;
/// everything else (`/`, a leading `.`, `~` itself) becomes `~hex`, so the
/// mapping is one-to-one and `../../x` stays one harmless file name.
pub fn id_file_stem(id: &str) -> String {
    let mut stem = String::with_capacity(id.len());
    for (index, character) in id.chars().enumerate() {
        let keep = character.is_ascii_alphanumeric()
            || character == '-'
            || character == '_'
            || (character == '.' && index > 0);
        if keep {
            stem.push(character);
        } else {
            let _ = write!(stem, "~{:x}", u32::from(character));
        }
    }
    if stem.is_empty() {
        stem.push('~');
    }
    shorten_name(&stem).into_owned()
}

/// Where an item is shown: its own page for a page item, else a generated
/// `items/<id>.html` (register entries and the planbook.toml roster).
pub fn item_output(plan: &Plan, item: ItemId) -> String {
    let record = &plan.items[item];
    if record.is_page_item {
        if let Some(page) = record.page {
            return page_output(&plan.pages[page].path);
        }
    }
    // A repeated id (a lint error) shares the first item's page.
    let first = plan.ids.get(&record.id).copied().unwrap_or(item);
    if first != item {
        return item_output(plan, first);
    }
    format!("items/{}.html", id_file_stem(&record.id))
}

/// True when the item gets a generated page of its own.
pub fn has_generated_page(plan: &Plan, item: ItemId) -> bool {
    let record = &plan.items[item];
    !record.is_page_item && plan.ids.get(&record.id) == Some(&item)
}

/// `../` once per folder of `output`: the way back to the site root.
pub fn root_prefix(output: &str) -> String {
    "../".repeat(output.matches('/').count())
}

/// What an href keeps as written: letters, digits, `/` and the unreserved marks.
const HREF_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a site path for an href (keeps `/` and unreserved characters).
pub fn encode_href(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, HREF_KEEPS).to_string()
}

/// The href from a page at `root` (its [`root_prefix`]) to a site path.
/// A `#fragment` is kept as written (anchors are slugs and encoded stems).
pub fn href(root: &str, path: &str) -> String {
    match path.split_once('#') {
        Some((path, fragment)) => format!("{root}{}#{fragment}", encode_href(path)),
        None => format!("{root}{}", encode_href(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape() {
        assert_eq!(id_file_stem("../../x"), "~2e.~2f..~2fx");
        assert_eq!(id_file_stem("go-live"), "go-live");
        assert_eq!(id_file_stem("v1.2"), "v1.2");
        assert_eq!(id_file_stem(""), "~");
        assert_eq!(id_file_stem("a~b"), "a~7eb");
        assert!(!id_file_stem("a/b\\c").contains(['/', '\\']));
    }

    #[test]
    fn long_names_are_shortened_distinctly() {
        let long_a = "a".repeat(4000);
        let long_b = format!("{}b", "a".repeat(3999));
        let stem_a = id_file_stem(&long_a);
        assert!(stem_a.len() <= MAX_NAME_BYTES);
        assert_ne!(stem_a, id_file_stem(&long_b));
        assert_eq!(stem_a, id_file_stem(&long_a));
        let page = format!("tasks/{}.md", "é".repeat(126));
        let output = page_output(&page);
        let name = output.rsplit('/').next().unwrap();
        assert!(name.len() <= 255 && name.ends_with(".html"), "{output}");
        assert!(output.starts_with("pages/tasks/é"));
    }

    #[test]
    fn links_to_long_page_names_find_the_shortened_file() {
        let name = "a".repeat(250);
        let output = page_output(&format!("tasks/{name}.md"));
        let linked = linked_page_output(&format!("../tasks/{name}"));
        assert_eq!(
            format!("pages/tasks/{}", linked.trim_start_matches("../tasks/")),
            output
        );
        // Encoded as written, measured decoded.
        let spaced = format!("{} b", "é".repeat(120));
        let output = page_output(&format!("{spaced}.md"));
        let linked = linked_page_output(&encode_href(&spaced));
        assert_eq!(linked, encode_href(output.trim_start_matches("pages/")));
        // Short names stay as they were written.
        assert_eq!(linked_page_output("../x/my%20page"), "../x/my%20page.html");
    }

    #[test]
    fn pages_and_roots() {
        assert_eq!(page_output("tasks/a.md"), "pages/tasks/a.html");
        assert_eq!(root_prefix("pages/tasks/a.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(href("../", "pages/my page.html"), "../pages/my%20page.html");
    }
}
