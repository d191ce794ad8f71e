//! YAML front matter to [`Node`], keeping positions. Built on yaml-rust2's
//! event parser because its markers give every scalar's place.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::node::{Key, Node, Value};
use super::SyntaxError;
use crate::source::{FileId, Span};

/// Parses `matter`, which starts at byte `offset` of file `file`.
pub fn parse_yaml(matter: &str, file: FileId, offset: usize) -> Result<Node, SyntaxError> {
    let positions = Positions::new(matter, file, offset);
    let mut builder = TreeBuilder {
        positions: &positions,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
    };
    let mut parser = Parser::new_from_str(matter);
    if let Err(error) = parser.load(&mut builder, false) {
        let at = positions.offset(error.marker());
        return Err(SyntaxError {
            message: error.info().to_string(),
            at,
        });
    }
    let empty = Node::new(Value::Map(Vec::new()), Span::new(file, offset, offset));
    Ok(builder.root.unwrap_or(empty))
}

/// Turns yaml-rust2 markers (character counts) into byte offsets of the file.
struct Positions<'a> {
    matter: &'a str,
    file: FileId,
    offset: usize,
    /// Byte offset of every character, only built for non-ASCII text.
    char_bytes: Option<Vec<usize>>,
}

impl<'a> Positions<'a> {
    fn new(matter: &'a str, file: FileId, offset: usize) -> Self {
        let char_bytes = (!matter.is_ascii()).then(|| {
            let mut offsets: Vec<usize> = matter.char_indices().map(|(at, _)| at).collect();
            offsets.push(matter.len());
            offsets
        });
        Positions {
            matter,
            file,
            offset,
            char_bytes,
        }
    }

    fn byte(&self, marker: &Marker) -> usize {
        match &self.char_bytes {
            None => marker.index().min(self.matter.len()),
            Some(offsets) => offsets[marker.index().min(offsets.len() - 1)],
        }
    }

    fn offset(&self, marker: &Marker) -> usize {
        self.offset + self.byte(marker)
    }

    /// The span of a scalar that starts at `marker`, kept on its line.
    fn scalar_span(&self, marker: &Marker, text: &str, style: TScalarStyle) -> Span {
        let start = self.byte(marker);
        let line_end = self.matter[start..]
            .find(['\n', '\r'])
            .map_or(self.matter.len(), |n| start + n);
        let written = match style {
            TScalarStyle::Plain => text.len(),
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => text.len() + 2,
            _ => 1,
        };
        let end = (start + written.max(1)).min(line_end).max(start);
        Span::new(self.file, self.offset + start, self.offset + end)
    }

    fn point(&self, marker: &Marker) -> Span {
        let at = self.offset(marker);
        Span::new(self.file, at, at)
    }
}

enum Frame {
    List {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
        span: Span,
        anchor: usize,
    },
}

struct TreeBuilder<'a> {
    positions: &'a Positions<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
}

impl TreeBuilder<'_> {
    fn push_value(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::List { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    let name = node.scalar_text().unwrap_or_default();
                    *pending_key = Some(Key {
                        name,
                        span: node.span,
                    });
                }
            },
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }
}

impl MarkedEventReceiver for TreeBuilder<'_> {
    fn on_event(&mut self, event: Event, marker: Marker) {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let span = self.positions.scalar_span(&marker, &text, style);
                let is_string_tag = tag.as_ref().is_some_and(|tag| tag.suffix == "str");
                let value = if style == TScalarStyle::Plain && !is_string_tag {
                    resolve_plain(text)
                } else {
                    Value::Str(text)
                };
                let node = Node::new(value, span);
                self.remember(anchor, &node);
                self.push_value(node);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::List {
                items: Vec::new(),
                span: self.positions.point(&marker),
                anchor,
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                entries: Vec::new(),
                pending_key: None,
                span: self.positions.point(&marker),
                anchor,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::List {
                        items,
                        span,
                        anchor,
                    }) => {
                        let node = Node::new(Value::List(items), span);
                        self.remember(anchor, &node);
                        node
                    }
                    Some(Frame::Map {
                        entries,
                        span,
                        anchor,
                        ..
                    }) => {
                        // A block mapping's marker sits at its first key's `:`;
                        // the mapping really starts at that key.
                        let mut span = span;
                        if let Some((first_key, _)) = entries.first() {
                            span.start = span.start.min(first_key.span.start);
                        }
                        let node = Node::new(Value::Map(entries), span);
                        self.remember(anchor, &node);
                        node
                    }
                    None => return,
                };
                self.push_value(node);
            }
            Event::Alias(anchor) => {
                let span = self.positions.point(&marker);
                let node = self
                    .anchors
                    .get(&anchor)
                    .cloned()
                    .map(|mut node| {
                        node.span = span;
                        node
                    })
                    .unwrap_or_else(|| Node::new(Value::Null, span));
                self.push_value(node);
            }
            _ => {}
        }
    }
}

/// YAML 1.2 core schema resolution of an unquoted scalar.
fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(number) = text.parse::<i64>() {
        return Value::Int(number);
    }
    let looks_numeric = text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'-' | b'+'))
        && text.bytes().any(|byte| byte.is_ascii_digit());
    if looks_numeric {
        if let Ok(number) = text.parse::<f64>() {
            return Value::Float(number);
        }
    }
    Value::Str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_byte_positions_of_keys_and_values() {
        let text = "id: a\nowner: bé\ndepends_on:\n  - x\n  - { id: y, lag: 2d }\n";
        let root = parse_yaml(text, 0, 10).unwrap();
        let (key, value) = root.entry("owner").unwrap();
        assert_eq!(key.span.start, 10 + 6);
        assert_eq!(value.span.start, 10 + 13);
        assert_eq!(value.as_str(), Some("bé"));
        let deps = root.get("depends_on").unwrap().as_list().unwrap();
        assert_eq!(deps[0].as_str(), Some("x"));
        assert_eq!(deps[1].get("lag").unwrap().as_str(), Some("2d"));
    }

    #[test]
    fn resolves_plain_scalars_but_not_quoted_ones() {
        let root = parse_yaml("a: 5\nb: '5'\nc: true\nd:\ne: 2026-01-05\n", 0, 0).unwrap();
        assert_eq!(root.get("a").unwrap().value, Value::Int(5));
        assert_eq!(root.get("b").unwrap().value, Value::Str("5".into()));
        assert_eq!(root.get("c").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("d").unwrap().value, Value::Null);
        assert_eq!(root.get("e").unwrap().as_str(), Some("2026-01-05"));
    }

    #[test]
    fn reports_syntax_errors_with_offset() {
        let error = parse_yaml("a: [1, 2\nb: c\n", 0, 4).unwrap_err();
        assert!(error.at >= 4);
        assert!(!error.message.is_empty());
    }
}
