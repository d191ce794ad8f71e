//! Where the cursor stands in YAML front matter, read from the raw
//! lines: completion runs while the author types, when the YAML often
//! does not parse (`own` without its colon), so the parsed tree cannot
//! tell. Indentation and `- ` markers give the path of keys above the
//! cursor; the current line tells whether a key or a value is being typed.

/// One step from the top of the front matter down to the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    /// An entry of the list under the step before.
    Item,
}

/// What is being typed at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A key of the mapping at `path`; `siblings` are the keys already there.
    Key { siblings: Vec<String> },
    /// A value of `key` in the mapping at `path` (inside a list when the
    /// value is a flow or block list).
    Value { key: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorContext {
    pub path: Vec<Step>,
    pub slot: Slot,
    /// The typed text the completion replaces: from here to the cursor.
    pub replace_from: usize,
    /// The typed text opens a quote (`"`): the value goes inside it.
    pub quoted: bool,
}

/// A line split into its indentation, `- ` markers and content.
struct Line<'a> {
    /// Column of the first non-blank character (a marker or the content).
    indent: usize,
    has_marker: bool,
    /// Column where the content after the markers starts.
    content_column: usize,
    content: &'a str,
}

fn split_line(line: &str) -> Line<'_> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    let mut column = indent;
    let mut has_marker = false;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        has_marker = true;
        let spaces = after.len() - after.trim_start_matches(' ').len();
        column += rest.len() - after.len() + spaces;
        rest = &after[spaces..];
    }
    Line {
        indent,
        has_marker,
        content_column: column,
        content: rest,
    }
}

/// `key` of a `key:` (YAML) line, and the text after the colon.
fn yaml_key(content: &str) -> Option<(&str, &str)> {
    let colon = content.find(':')?;
    let key = content[..colon].trim().trim_matches(['"', '\'']);
    let after = &content[colon + 1..];
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|character| character.is_alphanumeric() || matches!(character, '-' | '_' | '.'))
        && (after.is_empty() || after.starts_with([' ', '\t']));
    valid.then_some((key, after))
}

/// The cursor context in YAML front matter: `lines` are the front matter's
/// lines up to and including the cursor's line (cut at the cursor), and
/// `below` the lines after it; `line_start` is the byte offset of the
/// cursor's line.
pub fn yaml_context(
    lines_above: &[&str],
    current: &str,
    below: &[&str],
    line_start: usize,
) -> Option<CursorContext> {
    let line = split_line(current);
    if line.content.starts_with('#') {
        return None;
    }
    let mut path = Vec::new();
    let limit = if line.has_marker {
        line.indent
    } else {
        line.content_column
    };
    let siblings = parents(lines_above, limit, &mut path);
    if line.has_marker {
        path.push(Step::Item);
    }
    let content_start = line_start + line.content_column;
    if let Some((key, after)) = yaml_key(line.content) {
        let value = after.trim_start();
        let value_start = content_start + line.content.len() - value.len();
        return value_context(path, Some(key), value, value_start);
    }
    if line.has_marker && line.content.starts_with('{') {
        return value_context(path, None, line.content, content_start);
    }
    if line.content.contains([':', '{', '[', '"', '\'', ' ']) {
        return None;
    }
    // A bare word: a key, or an entry of a list of values (`- de|`).
    if line.has_marker {
        if let Some(Step::Key(parent)) = path.iter().rev().nth(1).cloned() {
            if !below_is_mapping(below, line.content_column) {
                path.truncate(path.len() - 2);
                return Some(CursorContext {
                    path,
                    slot: Slot::Value { key: parent },
                    replace_from: content_start,
                    quoted: false,
                });
            }
        }
    }
    let mut siblings = siblings;
    siblings.extend(keys_below(below, line.content_column));
    Some(CursorContext {
        path,
        slot: Slot::Key { siblings },
        replace_from: content_start,
        quoted: false,
    })
}

/// Whether the lines below continue a mapping at `column` (then the word
/// on a `- ` line is the first key of an entry, not a plain value).
fn below_is_mapping(below: &[&str], column: usize) -> bool {
    below
        .iter()
        .map(|line| split_line(line))
        .find(|line| !line.content.is_empty())
        .is_some_and(|line| {
            !line.has_marker && line.indent == column && yaml_key(line.content).is_some()
        })
}

/// Pushes the keys above the cursor onto `path` (outermost first) and
/// returns the keys written before it in the cursor's own mapping.
fn parents(lines_above: &[&str], mut limit: usize, path: &mut Vec<Step>) -> Vec<String> {
    let mut reversed = Vec::new();
    let mut siblings = Vec::new();
    let mut in_own_mapping = true;
    for text in lines_above.iter().rev() {
        let line = split_line(text);
        if line.content.is_empty() || line.content.starts_with('#') {
            continue;
        }
        if line.content_column == limit && in_own_mapping {
            if let Some((key, _)) = yaml_key(line.content) {
                siblings.push(key.to_string());
            }
            if line.has_marker {
                // The first key of our list entry: the entry is a parent.
                reversed.push(Step::Item);
                limit = line.indent;
                in_own_mapping = false;
            }
            continue;
        }
        if line.indent >= limit {
            continue;
        }
        in_own_mapping = false;
        if line.content_column < limit {
            if let Some((key, _)) = yaml_key(line.content) {
                reversed.push(Step::Key(key.to_string()));
            }
        }
        if line.has_marker {
            reversed.push(Step::Item);
        }
        limit = line.indent;
        if limit == 0 {
            break;
        }
    }
    reversed.reverse();
    path.extend(reversed);
    siblings
}

fn keys_below(below: &[&str], column: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for text in below {
        let line = split_line(text);
        if line.content.is_empty() || line.content.starts_with('#') {
            continue;
        }
        if line.indent < column || (line.has_marker && line.indent <= column) {
            break;
        }
        if line.content_column == column && !line.has_marker {
            if let Some((key, _)) = yaml_key(line.content) {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

/// The value being typed after `key:`; inside `[a, b|` or `{ id: x|`
/// the part after the last separator of the innermost open bracket.
fn value_context(
    mut path: Vec<Step>,
    key: Option<&str>,
    value: &str,
    value_start: usize,
) -> Option<CursorContext> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut separator = 0;
    let mut quote: Option<char> = None;
    for (at, character) in value.char_indices() {
        match (quote, character) {
            (Some(open_quote), _) if character == open_quote => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(character),
            (None, '[' | '{') => {
                open.push((character, at));
                separator = at + 1;
            }
            (None, ']' | '}') => {
                open.pop();
                separator = at + 1;
            }
            (None, ',') => separator = at + 1,
            _ => {}
        }
    }
    let segment = &value[separator.min(value.len())..];
    let typed = segment.trim_start();
    let typed_start = value_start + value.len() - typed.len();
    let (from, typed, key) = match open.last() {
        Some(('{', _)) => {
            // Inside a flow mapping such as `{ id: x, lag: 2d }`; a `- {`
            // line (no key) is already inside its list entry.
            if let Some(key) = key {
                path.push(Step::Key(key.to_string()));
                if open.iter().any(|(bracket, _)| *bracket == '[') {
                    path.push(Step::Item);
                }
            }
            match yaml_key(typed) {
                Some((inner, after)) => {
                    let inner_value = after.trim_start();
                    (
                        value_start + value.len() - inner_value.len(),
                        inner_value,
                        inner.to_string(),
                    )
                }
                None => {
                    return Some(CursorContext {
                        path,
                        slot: Slot::Key {
                            siblings: Vec::new(),
                        },
                        replace_from: typed_start,
                        quoted: false,
                    })
                }
            }
        }
        Some(('[', list_at)) if open.iter().any(|(bracket, _)| *bracket == '{') => {
            // A list inside a flow mapping: `{ allow: [a, b|`.
            let (_, map_at) = open.iter().rev().find(|(bracket, _)| *bracket == '{')?;
            let before = &value[map_at + 1..*list_at];
            let entry = before.rsplit(',').next().unwrap_or(before);
            let inner = entry.trim().strip_suffix(':')?.trim();
            if let Some(key) = key {
                path.push(Step::Key(key.to_string()));
            }
            (typed_start, typed, inner.to_string())
        }
        _ => (typed_start, typed, key?.to_string()),
    };
    let quoted = typed.starts_with(['"', '\'']);
    Some(CursorContext {
        path,
        slot: Slot::Value { key },
        replace_from: from + usize::from(quoted),
        quoted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> CursorContext {
        let cursor = text.find('|').expect("a cursor");
        let text = text.replace('|', "");
        let before = &text[..cursor];
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let above: Vec<&str> = before[..line_start].lines().collect();
        let below: Vec<&str> = text[cursor..].lines().skip(1).collect();
        yaml_context(&above, &before[line_start..], &below, line_start).expect("a context")
    }

    fn key(name: &str) -> Step {
        Step::Key(name.into())
    }

    #[test]
    fn keys_and_values_at_the_top() {
        let context = yaml("kind: task\now|\nstatus: active\n");
        assert_eq!(context.path, []);
        assert_eq!(
            context.slot,
            Slot::Key {
                siblings: vec!["kind".into(), "status".into()]
            }
        );
        let context = yaml("kind: task\nstatus: ac|");
        assert_eq!(
            context.slot,
            Slot::Value {
                key: "status".into()
            }
        );
        assert_eq!(context.replace_from, "kind: task\nstatus: ".len());
    }

    #[test]
    fn lists_of_ids_block_and_flow() {
        let context = yaml("depends_on:\n  - design\n  - re|");
        assert_eq!(
            (context.path, context.slot),
            (
                vec![],
                Slot::Value {
                    key: "depends_on".into()
                }
            )
        );
        let context = yaml("depends_on: [design, \"re|");
        assert_eq!(
            context.slot,
            Slot::Value {
                key: "depends_on".into()
            }
        );
        assert!(context.quoted);
        let context = yaml("depends_on:\n  - { id: design, lag: 2d }\n  - { id: |");
        assert_eq!(context.path, [key("depends_on"), Step::Item]);
        assert_eq!(context.slot, Slot::Value { key: "id".into() });
    }

    #[test]
    fn register_entries_and_nested_maps() {
        let context = yaml("tasks:\n  - id: a\n    ow|");
        assert_eq!(context.path, [key("tasks"), Step::Item]);
        assert_eq!(
            context.slot,
            Slot::Key {
                siblings: vec!["id".into()]
            }
        );
        let context = yaml("kind: risk\ncontingency:\n  trigger: x\n  re|");
        assert_eq!(context.path, [key("contingency")]);
        let context = yaml("tasks:\n  - id: a\n    owner: |");
        assert_eq!(
            (context.path, context.slot),
            (
                vec![key("tasks"), Step::Item],
                Slot::Value {
                    key: "owner".into()
                }
            )
        );
        let context = yaml("lint:\n  allow: [broken-link, miss|");
        assert_eq!(
            (context.path, context.slot),
            (
                vec![key("lint")],
                Slot::Value {
                    key: "allow".into()
                }
            )
        );
    }
}
