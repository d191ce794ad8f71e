//! TOML (front matter or `planbook.toml`) to [`Node`], keeping positions.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::node::{Key, Node, Value};
use super::SyntaxError;
use crate::source::{FileId, Span};

/// Parses `text`, which starts at byte `offset` of file `file`.
pub fn parse_toml(text: &str, file: FileId, offset: usize) -> Result<Node, SyntaxError> {
    match DeTable::parse(text) {
        Ok(table) => {
            let span = Span::new(file, offset, offset);
            Ok(Node::new(
                convert_table(table.get_ref(), file, offset),
                span,
            ))
        }
        Err(error) => Err(SyntaxError {
            message: error.message().trim().to_string(),
            at: offset + error.span().map_or(0, |span| span.start),
        }),
    }
}

fn convert_table(table: &DeTable<'_>, file: FileId, offset: usize) -> Value {
    let mut entries: Vec<(Key, Node)> = table
        .iter()
        .map(|(key, value)| {
            let key_span = key.span();
            let key = Key {
                name: key.get_ref().to_string(),
                span: Span::new(file, offset + key_span.start, offset + key_span.end),
            };
            (key, convert(value, file, offset))
        })
        .collect();
    entries.sort_by_key(|(key, _)| key.span.start);
    Value::Map(entries)
}

fn convert(value: &Spanned<DeValue<'_>>, file: FileId, offset: usize) -> Node {
    let range = value.span();
    let span = Span::new(file, offset + range.start, offset + range.end);
    let converted = match value.get_ref() {
        DeValue::String(text) => Value::Str(text.to_string()),
        DeValue::Integer(number) => number
            .as_str()
            .replace('_', "")
            .parse::<i64>()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::Str(number.as_str().to_string())),
        DeValue::Float(number) => number
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .map(Value::Float)
            .unwrap_or_else(|_| Value::Str(number.as_str().to_string())),
        DeValue::Boolean(flag) => Value::Bool(*flag),
        DeValue::Datetime(datetime) => Value::Str(datetime.to_string()),
        DeValue::Array(items) => Value::List(
            items
                .iter()
                .map(|item| convert(item, file, offset))
                .collect(),
        ),
        DeValue::Table(table) => convert_table(table, file, offset),
    };
    Node::new(converted, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_turns_dates_into_strings() {
        let text = "id = \"a\"\nstart = 2026-01-05\n[people]\nalice = { name = \"A\" }\n";
        let root = parse_toml(text, 3, 100).unwrap();
        let (key, value) = root.entry("start").unwrap();
        assert_eq!(key.span.start, 100 + 9);
        assert_eq!(value.as_str(), Some("2026-01-05"));
        let alice = root.get("people").unwrap().get("alice").unwrap();
        assert_eq!(alice.get("name").unwrap().as_str(), Some("A"));
        assert_eq!(alice.span.file, 3);
    }

    #[test]
    fn reports_syntax_errors_with_offset() {
        let error = parse_toml("a = 1\nb = \n", 0, 10).unwrap_err();
        assert!(error.at >= 16, "{error:?}");
    }
}
