//! Where the cursor stands in TOML (planbook.toml, or `+++` front
//! matter): the table from the last `[header]` above, then what the
//! current line is typing. Read from the raw lines, as for YAML.

use super::text_context::{CursorContext, Slot, Step};

/// The cursor context in TOML (planbook.toml, or `+++` front matter): the
/// table from the last `[header]` above, then the current line.
pub fn toml_context(
    lines_above: &[&str],
    current: &str,
    line_start: usize,
) -> Option<CursorContext> {
    let mut path = Vec::new();
    let mut siblings = Vec::new();
    for line in lines_above.iter().rev() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            let name = header.trim_start_matches('[').trim_end_matches(']').trim();
            path.extend(
                name.split('.')
                    .map(|part| Step::Key(part.trim().trim_matches('"').to_string())),
            );
            if line.starts_with("[[") {
                path.push(Step::Item);
            }
            break;
        }
        if let Some((key, _)) = line.split_once('=') {
            siblings.push(key.trim().trim_matches('"').to_string());
        }
    }
    let indent = current.len() - current.trim_start().len();
    let content = &current[indent..];
    if content.starts_with('#') {
        return None;
    }
    if let Some(header) = content.strip_prefix('[') {
        let word = header.trim_start_matches('[');
        return Some(CursorContext {
            path: Vec::new(),
            slot: Slot::Key {
                siblings: Vec::new(),
            },
            replace_from: line_start + current.len() - word.len(),
            quoted: false,
        });
    }
    let Some((key, value)) = content.split_once('=') else {
        if content.contains([' ', '"', '{']) {
            return None;
        }
        return Some(CursorContext {
            path,
            slot: Slot::Key { siblings },
            replace_from: line_start + indent,
            quoted: false,
        });
    };
    let key = key.trim().trim_matches('"').to_string();
    let value_start = line_start + current.len() - value.len();
    // Inside an inline table: `alice = { name = "A", ro|`.
    if let Some(open) = value.rfind('{') {
        if !value[open..].contains('}') {
            path.push(Step::Key(key));
            let segment = &value[value[open..]
                .rfind(',')
                .map_or(open + 1, |at| open + at + 1)..];
            return Some(match segment.split_once('=') {
                Some((inner, inner_value)) => {
                    let typed = inner_value.trim_start();
                    let quoted = typed.starts_with('"');
                    CursorContext {
                        path,
                        slot: Slot::Value {
                            key: inner.trim().to_string(),
                        },
                        replace_from: value_start + value.len() - typed.len() + usize::from(quoted),
                        quoted,
                    }
                }
                None => CursorContext {
                    path,
                    slot: Slot::Key {
                        siblings: Vec::new(),
                    },
                    replace_from: value_start + value.len() - segment.trim_start().len(),
                    quoted: false,
                },
            });
        }
    }
    let word_at = value.rfind([',', '[', '=']).map_or(0, |at| at + 1);
    let typed = value[word_at..].trim_start();
    let quoted = typed.starts_with('"');
    Some(CursorContext {
        path,
        slot: Slot::Value { key },
        replace_from: value_start + value.len() - typed.len() + usize::from(quoted),
        quoted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Step {
        Step::Key(name.into())
    }

    #[test]
    fn toml_tables_and_inline_tables() {
        let context = toml_context(&["[lint]"], "missing-o", 10).expect("context");
        assert_eq!(context.path, [key("lint")]);
        assert!(matches!(context.slot, Slot::Key { .. }));
        let context =
            toml_context(&["[people]"], "ana = { name = \"Ana\", ro", 0).expect("context");
        assert_eq!(context.path, [key("people"), key("ana")]);
        let context =
            toml_context(&["[calendar]"], "workdays = [\"mon\", \"tu", 0).expect("context");
        assert_eq!(
            context.slot,
            Slot::Value {
                key: "workdays".into()
            }
        );
        assert!(context.quoted);
    }
}
