//! Where a new key goes in an item's front matter or register entry, and
//! how to add a rule to a page's `lint.allow`, written the way the
//! surrounding text is written (YAML block or flow, or TOML).

use super::edits::EditSet;
use super::view::PlanView;
use crate::model::Item;
use crate::parse::FrontMatterFormat;
use crate::source::FileId;

/// A place for a new `key: value` of one item.
#[derive(Debug, Clone)]
pub struct KeyPlace {
    pub file: FileId,
    pub at: usize,
    /// Indentation of the item's keys.
    pub indent: String,
    /// Inside a flow mapping `{ ... }`: insert `key: value, `.
    pub flow: bool,
    pub toml: bool,
    /// The place is the end of a file without a final newline.
    newline_first: bool,
}

impl KeyPlace {
    pub fn key_line(&self, key: &str, value: &str) -> String {
        let line = if self.toml {
            format!("{key} = \"{value}\"\n")
        } else if self.flow {
            return format!("{key}: {value}, ");
        } else {
            format!("{}{key}: {value}\n", self.indent)
        };
        if self.newline_first {
            format!("\n{line}")
        } else {
            line
        }
    }
}

/// After the line that holds `offset` (None past the end without newline).
fn after_line(text: &str, offset: usize) -> (usize, bool) {
    match text[offset.min(text.len())..].find('\n') {
        Some(end) => (offset + end + 1, false),
        None => (text.len(), true),
    }
}

fn column(text: &str, offset: usize) -> usize {
    offset - text[..offset].rfind('\n').map_or(0, |newline| newline + 1)
}

/// Where a new key of `item` goes: after a page's `kind` line (or its
/// opening delimiter), or after a register entry's `id` line.
pub fn new_key_place(view: &PlanView<'_>, item: &Item) -> Option<KeyPlace> {
    let plan = &view.analysis.plan;
    let page = &plan.pages[item.page?];
    page.front_matter.as_ref()?;
    let text = &plan.files[page.file].text;
    let toml = page.format == Some(FrontMatterFormat::Toml);
    let place = |at: usize, indent: usize, flow: bool, newline_first: bool| KeyPlace {
        file: page.file,
        at,
        indent: " ".repeat(indent),
        flow,
        toml,
        newline_first,
    };
    if item.is_page_item {
        let anchor = match (toml, item.fields.entry("kind")) {
            (false, Some((key, _))) => key.span.start,
            _ => page.opening,
        };
        let (at, newline_first) = after_line(text, anchor);
        return Some(place(at, 0, false, newline_first));
    }
    let first_key = item.start.end;
    if text[..first_key].trim_end().ends_with('{') {
        return Some(place(first_key, 0, true, false));
    }
    let (at, newline_first) = after_line(text, item.id_span.start);
    Some(place(at, column(text, first_key), false, newline_first))
}

/// Adds `rule` to the `lint.allow` of the page in `file`.
pub fn allow_rule_edit(view: &PlanView<'_>, file: FileId, rule: &str) -> Option<EditSet> {
    let plan = &view.analysis.plan;
    let page = plan.page_of_file(file)?;
    if page.allow.iter().any(|allowed| allowed.value == rule) {
        return None;
    }
    let text = &plan.files[file].text;
    let toml = page.format == Some(FrontMatterFormat::Toml);
    let quoted = if toml {
        format!("\"{rule}\"")
    } else {
        rule.to_string()
    };
    let mut edits = EditSet::default();
    let Some(front_matter) = page.front_matter.as_ref() else {
        if page.format.is_some() {
            return None; // front matter that does not parse: fix it first
        }
        let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
        edits.insert(file, at, format!("---\nlint: {{ allow: [{rule}] }}\n---\n"));
        return Some(edits);
    };
    if let Some(last) = page.allow.last() {
        let after = text[last.span.end..].trim_start_matches([' ', '\t', '"', '\'']);
        if after.starts_with([',', ']']) {
            edits.insert(file, last.span.end, format!(", {quoted}"));
        } else {
            let line_start = text[..last.span.start]
                .rfind('\n')
                .map_or(0, |newline| newline + 1);
            let prefix = &text[line_start..last.span.start];
            if !prefix.trim_start().starts_with('-') {
                return None; // `allow: one-rule` written as a scalar
            }
            let (at, newline_first) = after_line(text, last.span.start);
            let newline = if newline_first { "\n" } else { "" };
            edits.insert(file, at, format!("{newline}{prefix}{rule}\n"));
        }
        return Some(edits);
    }
    if let Some((key, value)) = front_matter.entry("lint") {
        let rest_of_line = &text[key.span.end..after_line(text, key.span.start).0];
        if toml || value.as_map().is_none() || rest_of_line.contains('{') {
            return None;
        }
        let (at, newline_first) = after_line(text, key.span.start);
        let newline = if newline_first { "\n" } else { "" };
        let indent = " ".repeat(column(text, key.span.start) + 2);
        edits.insert(file, at, format!("{newline}{indent}allow: [{rule}]\n"));
        return Some(edits);
    }
    let line = if toml {
        format!("lint = {{ allow = [{quoted}] }}\n")
    } else {
        format!("lint: {{ allow: [{rule}] }}\n")
    };
    let anchor = match (toml, front_matter.entry("kind")) {
        (false, Some((key, _))) => key.span.start,
        _ => page.opening,
    };
    let (at, newline_first) = after_line(text, anchor);
    let newline = if newline_first { "\n" } else { "" };
    edits.insert(file, at, format!("{newline}{line}"));
    Some(edits)
}
