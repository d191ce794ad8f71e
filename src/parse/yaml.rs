//! YAML front matter to [`Node`], keeping positions. Built on yaml-rust2's
//! event parser because its markers give every scalar's place.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::node::{Key, Node, Value};
use super::SyntaxError;
use crate::source::{FileId, Span};

/// How deep lists and mappings may nest. Plans need four or five levels; the
/// limit keeps every later walk of the tree (conversion, exports, templates)
/// far from the end of the stack.
pub const MAX_DEPTH: usize = 64;

/// How many values aliases (`*name`) may add in total: plenty for reuse,
/// far too few for an exponential "billion laughs" expansion.
pub const MAX_ALIAS_EXPANSION: usize = 100_000;

/// Parses `matter`, which starts at byte `offset` of file `file`.
///
/// Events are pulled one at a time rather than through yaml-rust2's `load`,
/// which recurses once per nesting level and overflows the stack on input
/// such as a line of 100,000 `- `.
pub fn parse_yaml(matter: &str, file: FileId, offset: usize) -> Result<Node, SyntaxError> {
    let positions = Positions::new(matter, file, offset);
    let mut builder = TreeBuilder {
        positions: &positions,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        documents: 0,
        expanded: 0,
    };
    let mut parser = Parser::new_from_str(matter);
    loop {
        let (event, marker) = parser.next_token().map_err(|error| {
            builder.unclosed_bracket(SyntaxError {
                message: error.info().to_string(),
                at: positions.offset(error.marker()),
            })
        })?;
        if event == Event::StreamEnd {
            break;
        }
        builder.on_event(event, marker)?;
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
        let written = match style {
            TScalarStyle::Plain => text.len(),
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => text.len() + 2,
            _ => 1,
        };
        // Only the written length is searched for a line end: scanning to the
        // end of the line would be quadratic on a long one-line flow mapping.
        let limit = crate::source::floor_char_boundary(self.matter, start + written.max(1));
        let end = self.matter[start..limit]
            .find(['\n', '\r'])
            .map_or(limit, |n| start + n);
        Span::new(self.file, self.offset + start, self.offset + end)
    }

    fn point(&self, marker: &Marker) -> Span {
        let at = self.offset(marker);
        Span::new(self.file, at, at)
    }

    /// The 1-based line of the page at byte `at` of the file. Front matter
    /// always starts on the page's second line, after the opening `---`.
    fn line(&self, at: usize) -> usize {
        let within = at.saturating_sub(self.offset).min(self.matter.len());
        2 + memchr::memchr_iter(b'\n', &self.matter.as_bytes()[..within]).count()
    }

    /// The bracket a collection starting at `marker` opens with, when it
    /// is written inline (`[a, b]`, `{ id: x }`).
    fn flow_bracket(&self, marker: &Marker) -> Option<char> {
        let at = self.byte(marker);
        self.matter[at..]
            .chars()
            .next()
            .filter(|bracket| matches!(bracket, '[' | '{'))
    }

    /// Whether the bracket at file offset `at` is closed anywhere in the
    /// rest of the front matter (quoted text skipped).
    fn closes_later(&self, bracket: char, at: usize) -> bool {
        let closer = if bracket == '[' { ']' } else { '}' };
        let rest = &self.matter[(at - self.offset).min(self.matter.len())..];
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for character in rest.chars() {
            match (quote, character) {
                (Some(open), _) if character == open => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(character),
                (None, _) if character == bracket => depth += 1,
                (None, _) if character == closer => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    fn error(&self, marker: &Marker, message: String) -> SyntaxError {
        SyntaxError {
            message,
            at: self.offset(marker),
        }
    }
}

/// A list or mapping being read. `flow` is its opening bracket (`[` or
/// `{`) when it is written inline, None for a block (indented) one.
enum Frame {
    List {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
        flow: Option<char>,
    },
    Map {
        entries: Vec<(Key, Node)>,
        pending_key: Option<Key>,
        span: Span,
        anchor: usize,
        flow: Option<char>,
    },
}

struct TreeBuilder<'a> {
    positions: &'a Positions<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    documents: usize,
    /// Values added by aliases so far.
    expanded: usize,
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

impl TreeBuilder<'_> {
    fn on_event(&mut self, event: Event, marker: Marker) -> Result<(), SyntaxError> {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.positions.error(
                        &marker,
                        "a second YAML document starts here (after a `---` or `...` line inside the front matter); planbook reads one".into(),
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_string_tag = tag.as_ref().is_some_and(|tag| tag.suffix == "str");
                self.on_scalar(text, style, anchor, is_string_tag, &marker);
            }
            Event::SequenceStart(anchor, _) => self.open_collection(true, anchor, &marker)?,
            Event::MappingStart(anchor, _) => self.open_collection(false, anchor, &marker)?,
            Event::SequenceEnd | Event::MappingEnd => self.close_collection()?,
            Event::Alias(anchor) => self.on_alias(anchor, &marker)?,
            _ => {}
        }
        Ok(())
    }

    fn on_scalar(
        &mut self,
        text: String,
        style: TScalarStyle,
        anchor: usize,
        is_string_tag: bool,
        marker: &Marker,
    ) {
        let span = self.positions.scalar_span(marker, &text, style);
        let value = if style == TScalarStyle::Plain && !is_string_tag {
            resolve_plain(text)
        } else {
            Value::Str(text)
        };
        let node = Node::new(value, span);
        self.remember(anchor, &node);
        self.push_value(node);
    }

    /// A list or mapping begins: a frame collects its values until it ends.
    fn open_collection(
        &mut self,
        is_list: bool,
        anchor: usize,
        marker: &Marker,
    ) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.positions.error(
                marker,
                format!("lists and mappings are nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        let span = self.positions.point(marker);
        let flow = self.positions.flow_bracket(marker);
        self.stack.push(if is_list {
            Frame::List {
                items: Vec::new(),
                span,
                anchor,
                flow,
            }
        } else {
            Frame::Map {
                entries: Vec::new(),
                pending_key: None,
                span,
                anchor,
                flow,
            }
        });
        Ok(())
    }

    fn close_collection(&mut self) -> Result<(), SyntaxError> {
        let (node, anchor) = match self.stack.pop() {
            Some(Frame::List {
                items,
                span,
                anchor,
                ..
            }) => (Node::new(Value::List(items), span), anchor),
            Some(Frame::Map {
                entries,
                span,
                anchor,
                ..
            }) => {
                self.reject_duplicate_keys(&entries)?;
                // A block mapping's marker sits at its first key's `:`;
                // the mapping really starts at that key.
                let mut span = span;
                if let Some((first_key, _)) = entries.first() {
                    span.start = span.start.min(first_key.span.start);
                }
                (Node::new(Value::Map(entries), span), anchor)
            }
            None => return Ok(()),
        };
        self.remember(anchor, &node);
        self.push_value(node);
        Ok(())
    }

    /// `*name`: a copy of the anchored value, within the expansion budget.
    fn on_alias(&mut self, anchor: usize, marker: &Marker) -> Result<(), SyntaxError> {
        let span = self.positions.point(marker);
        let node = match self.anchors.get(&anchor) {
            Some(anchored) => {
                let budget = MAX_ALIAS_EXPANSION - self.expanded;
                let size = count_values(anchored, budget + 1);
                if size > budget {
                    return Err(self.positions.error(
                        marker,
                        format!("aliases (`*name`) expand to more than {MAX_ALIAS_EXPANSION} values; nested aliases grow exponentially"),
                    ));
                }
                self.expanded += size;
                let mut node = anchored.clone();
                node.span = span;
                node
            }
            None => Node::new(Value::Null, span),
        };
        self.push_value(node);
        Ok(())
    }

    /// When the parser stops inside a `[` or `{` that the rest of the
    /// front matter never closes, the bracket is the mistake: the parser
    /// only notices it lines later (at a key, or at the closing `---`).
    fn unclosed_bracket(&self, error: SyntaxError) -> SyntaxError {
        let innermost_flow = self.stack.iter().rev().find_map(|frame| match frame {
            Frame::List {
                flow: Some(bracket),
                span,
                ..
            }
            | Frame::Map {
                flow: Some(bracket),
                span,
                ..
            } => Some((*bracket, span.start)),
            _ => None,
        });
        let Some((bracket, at)) = innermost_flow else {
            return error;
        };
        let positions = self.positions;
        let later_line = positions.line(error.at) > positions.line(at);
        if !later_line || positions.closes_later(bracket, at) {
            return error;
        }
        let closer = if bracket == '[' { ']' } else { '}' };
        SyntaxError {
            message: format!(
                "`{bracket}` is never closed: add `{closer}` after the last value (the parser stopped on line {}: {})",
                positions.line(error.at),
                error.message
            ),
            at,
        }
    }

    /// YAML forbids a key twice in one mapping; TOML does too, and silently
    /// reading only one of them would hide the author's mistake.
    fn reject_duplicate_keys(&self, entries: &[(Key, Node)]) -> Result<(), SyntaxError> {
        let mut seen: HashMap<&str, &Key> = HashMap::with_capacity(entries.len());
        for (key, _) in entries {
            if key.name.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(&key.name, key) {
                return Err(SyntaxError {
                    message: format!(
                        "key `{}` appears twice in one mapping (first on line {})",
                        key.name,
                        self.positions.line(first.span.start)
                    ),
                    at: key.span.start,
                });
            }
        }
        Ok(())
    }
}

/// The number of values in `node` (itself included), counting no further
/// than `limit`. Iterative: the tree may be as deep as [`MAX_DEPTH`].
fn count_values(node: &Node, limit: usize) -> usize {
    let mut count = 0;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        count += 1;
        if count >= limit {
            break;
        }
        match &node.value {
            Value::List(items) => pending.extend(items),
            Value::Map(entries) => pending.extend(entries.iter().map(|(_, value)| value)),
            _ => {}
        }
    }
    count
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

    #[test]
    fn an_unclosed_bracket_is_reported_at_the_bracket() {
        for (text, bracket) in [
            ("owner: [dana\n", 7),
            ("owner: [dana\nstatus: done\n", 7),
            ("a: {b: 1\nc: 2\n", 3),
            ("a: [x, [y\n", 7),
        ] {
            let error = parse_yaml(text, 0, 4).unwrap_err();
            assert_eq!(error.at, 4 + bracket, "{text:?}: {error:?}");
            assert!(error.message.contains("never closed"), "{error:?}");
        }
        // A list closed on a later line is no unclosed bracket: the error
        // stays where the parser found it.
        let error = parse_yaml("a: [x,\n  y: : z]\n", 0, 0).unwrap_err();
        assert!(!error.message.contains("never closed"), "{error:?}");
        assert!(parse_yaml("a: [x,\n  y]\n", 0, 0).is_ok());
    }

    #[test]
    fn stops_exponential_aliases() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let error = parse_yaml(&text, 0, 0).unwrap_err();
        assert!(error.message.contains("aliases"), "{error:?}");
        let small = parse_yaml("a: &a [1, 2]\nb: *a\n", 0, 0).unwrap();
        assert_eq!(small.get("b").unwrap().as_list().unwrap().len(), 2);
    }

    #[test]
    fn limits_nesting_without_recursing() {
        let dashes = format!("x:\n{}a\n", "- ".repeat(100_000));
        let error = parse_yaml(&dashes, 0, 0).unwrap_err();
        assert!(error.message.contains("nested"), "{error:?}");
        let fine = format!(
            "x: {}1{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(parse_yaml(&fine, 0, 0).is_ok());
    }

    #[test]
    fn rejects_duplicate_keys_and_second_documents() {
        let error = parse_yaml("a: 1\nb: 2\na: 3\n", 0, 4).unwrap_err();
        assert_eq!(error.at, 4 + 10);
        assert!(error.message.contains("`a`") && error.message.contains("line 2"));
        let error = parse_yaml("a: 1\n--- b: 2\n", 0, 0).unwrap_err();
        assert!(error.message.contains("second YAML document"), "{error:?}");
        assert!(parse_yaml("a: 1\n...\n", 0, 0).is_ok());
    }
}
