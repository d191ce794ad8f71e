//! Reading typed fields out of a front-matter mapping. Every value of the
//! wrong shape becomes a [`Problem`] (reported by `invalid-value`), and every
//! key nobody asked for becomes an [`UnknownKey`] (reported by `unknown-field`).

use chrono::NaiveDate;

use super::items::{Dependency, Spanned};
use crate::parse::{Node, Value};
use crate::source::Span;

/// A value of the wrong shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub help: String,
}

/// A key the format does not define in its context.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownKey {
    pub span: Span,
    pub name: String,
    /// Where it was found, e.g. "task `migrate`" or "[calendar]".
    pub context: String,
    pub known: Vec<&'static str>,
}

#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub invalid_values: Vec<Problem>,
    pub unknown_keys: Vec<UnknownKey>,
}

impl Problems {
    pub fn invalid(&mut self, span: Span, message: String, help: impl Into<String>) {
        self.invalid_values.push(Problem {
            span,
            message,
            help: help.into(),
        });
    }

    pub fn extend(&mut self, other: Problems) {
        self.invalid_values.extend(other.invalid_values);
        self.unknown_keys.extend(other.unknown_keys);
    }
}

/// Reads the fields of one mapping node on behalf of one item or table.
pub struct FieldReader<'n, 'p> {
    pub node: &'n Node,
    /// Names the owner in messages: "task `migrate`".
    pub what: String,
    pub problems: &'p mut Problems,
    /// Working days in `1w`: the plan's working weekdays.
    pub week: u32,
}

impl<'n, 'p> FieldReader<'n, 'p> {
    pub fn new(node: &'n Node, what: String, problems: &'p mut Problems) -> Self {
        FieldReader {
            node,
            what,
            problems,
            week: DEFAULT_WEEK,
        }
    }

    /// `1w` counts `days` working days (the plan calendar's week).
    pub fn with_week(mut self, days: u32) -> Self {
        self.week = days.max(1);
        self
    }

    /// A reader for a mapping inside this one, with the same week.
    pub fn nested<'m>(&mut self, node: &'m Node, what: String) -> FieldReader<'m, '_> {
        FieldReader::new(node, what, self.problems).with_week(self.week)
    }

    /// The value under `key`, treating an explicit null as absent.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.node
            .get(key)
            .filter(|value| !matches!(value.value, Value::Null))
    }

    pub fn has(&self, key: &str) -> bool {
        self.node.get(key).is_some()
    }

    fn wrong_shape(&mut self, key: &str, value: &Node, expected: &str, help: &str) {
        let message = format!(
            "`{key}` of {} should be {expected}, found {}",
            self.what,
            value.type_name()
        );
        self.problems.invalid(value.span, message, help);
    }

    /// A scalar as text (numbers and booleans are accepted as their text).
    pub fn string(&mut self, key: &str) -> Option<Spanned<String>> {
        let value = self.get(key)?;
        match value.scalar_text() {
            Some(text) => Some(Spanned::new(text, value.span)),
            None => {
                self.wrong_shape(key, value, "text", &format!("write `{key}: some text`"));
                None
            }
        }
    }

    /// Text that must not be blank when its key is written: `name:` with
    /// nothing after it is a forgotten value, reported at the key, not an
    /// absent one.
    pub fn written_text(&mut self, key: &str, help: &str) -> Option<Spanned<String>> {
        let (written_key, value) = self.node.entry(key)?;
        let blank = match &value.value {
            Value::Null => true,
            Value::Str(text) => text.trim().is_empty(),
            _ => false,
        };
        if blank {
            let message = format!("`{key}` of {} is empty", self.what);
            self.problems.invalid(written_key.span, message, help);
            return None;
        }
        self.string(key)
    }

    /// One string or a list of strings.
    pub fn strings(&mut self, key: &str) -> Vec<Spanned<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        if let Some(text) = value.scalar_text() {
            return vec![Spanned::new(text, value.span)];
        }
        let Some(items) = value.as_list() else {
            self.wrong_shape(
                key,
                value,
                "a list of text",
                &format!("write `{key}: [a, b]`"),
            );
            return Vec::new();
        };
        let mut strings = Vec::new();
        for item in items {
            match item.scalar_text() {
                Some(text) => strings.push(Spanned::new(text, item.span)),
                None => self.wrong_shape(key, item, "text", "each entry should be plain text"),
            }
        }
        strings
    }

    pub fn date(&mut self, key: &str) -> Option<Spanned<NaiveDate>> {
        let text = self.string(key)?;
        match parse_date(&text.value) {
            Some(date) => Some(Spanned::new(date, text.span)),
            None => {
                let help = if is_time_of_day(&text.value) {
                    "this is a time of day: write the calendar date, such as `2026-03-02`"
                } else {
                    "write an ISO 8601 calendar date such as `2026-03-02` (a date-time counts by its date)"
                };
                self.problems.invalid(
                    text.span,
                    format!("`{key}` of {} is not a date: `{}`", self.what, text.value),
                    help,
                );
                None
            }
        }
    }

    /// A duration in working days: `5d`, `2w`, or a whole number.
    pub fn duration(&mut self, key: &str) -> Option<Spanned<u32>> {
        let text = self.string(key)?;
        match parse_working_days(&text.value, self.week) {
            Some(days) if days > MAX_WORKING_DAYS => {
                self.too_long(key, days, text.span);
                None
            }
            Some(days) if days > 0 => Some(Spanned::new(days, text.span)),
            Some(_) => {
                self.problems.invalid(
                    text.span,
                    format!("`{key}` of {} is zero", self.what),
                    "a task lasts at least `1d`; use a milestone for a zero-length checkpoint",
                );
                None
            }
            None => {
                self.problems.invalid(
                    text.span,
                    format!(
                        "`{key}` of {} is not a duration: `{}`",
                        self.what, text.value
                    ),
                    "write working days as `5d`, weeks as `2w`, or a whole number of days",
                );
                None
            }
        }
    }

    /// One of `allowed`; reports anything else with the closest value.
    pub fn choice(&mut self, key: &str, allowed: &[&str]) -> Option<Spanned<String>> {
        let text = self.string(key)?;
        if allowed.contains(&text.value.as_str()) {
            return Some(text);
        }
        let help = match crate::suggest::closest(&text.value, allowed.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? (one of: {})", allowed.join(", ")),
            None => format!("use one of: {}", allowed.join(", ")),
        };
        self.problems.invalid(
            text.span,
            format!(
                "`{key}` of {} has an unknown value `{}`",
                self.what, text.value
            ),
            help,
        );
        None
    }

    /// A whole number within `min..=max`.
    pub fn integer(&mut self, key: &str, min: i64, max: i64) -> Option<Spanned<i64>> {
        let value = self.get(key)?;
        let number = match &value.value {
            Value::Int(number) => Some(*number),
            Value::Float(number) if number.fract() == 0.0 => Some(*number as i64),
            Value::Str(text) => text.trim().trim_end_matches('%').parse::<i64>().ok(),
            _ => None,
        };
        match number {
            Some(number) if (min..=max).contains(&number) => Some(Spanned::new(number, value.span)),
            _ => {
                self.problems.invalid(
                    value.span,
                    format!(
                        "`{key}` of {} should be a whole number from {min} to {max}",
                        self.what
                    ),
                    format!("write `{key}: {max}` or another number in range"),
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value.value {
            Value::Bool(flag) => Some(flag),
            _ => {
                self.wrong_shape(key, value, "true or false", &format!("write `{key}: true`"));
                None
            }
        }
    }

    /// A mapping under `key`, if it is one (reports other shapes).
    pub fn map(&mut self, key: &str) -> Option<&'n Node> {
        let value = self.get(key)?;
        if value.as_map().is_some() {
            return Some(value);
        }
        self.wrong_shape(
            key,
            value,
            "a mapping of keys",
            "write the keys indented below it",
        );
        None
    }

    /// A list under `key`, if it is one (reports other shapes).
    pub fn list(&mut self, key: &str) -> Option<&'n [Node]> {
        let value = self.get(key)?;
        if let Some(items) = value.as_list() {
            return Some(items);
        }
        self.wrong_shape(
            key,
            value,
            "a list",
            "write one `- ` entry per line below it",
        );
        None
    }

    /// `depends_on`: ids, or `{ id, lag }` entries.
    pub fn dependencies(&mut self, key: &str) -> Vec<Dependency> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let entries: Vec<&Node> = match &value.value {
            Value::List(items) => items.iter().collect(),
            _ => vec![value],
        };
        let mut dependencies = Vec::new();
        for entry in entries {
            if let Some(id) = entry.scalar_text() {
                dependencies.push(Dependency {
                    id: Spanned::new(id, entry.span),
                    lag: 0,
                });
                continue;
            }
            if entry.as_map().is_none() {
                self.wrong_shape(
                    key,
                    entry,
                    "an id or `{ id: x, lag: 3d }`",
                    "list the ids of tasks or milestones",
                );
                continue;
            }
            let what = format!("a `{key}` entry of {}", self.what);
            let mut reader = self.nested(entry, what);
            let id = reader.string("id");
            let lag = reader.lag("lag");
            reader.reject_unknown(DEPENDENCY_KEYS);
            match id {
                Some(id) => dependencies.push(Dependency { id, lag }),
                None => self.problems.invalid(
                    entry.span,
                    format!("a `{key}` entry of {} has no `id`", self.what),
                    "write `{ id: other-task, lag: 2d }`",
                ),
            }
        }
        dependencies
    }

    fn lag(&mut self, key: &str) -> u32 {
        let Some(text) = self.string(key) else {
            return 0;
        };
        match parse_working_days(&text.value, self.week) {
            Some(days) if days > MAX_WORKING_DAYS => {
                self.too_long(key, days, text.span);
                0
            }
            Some(days) => days,
            None => {
                self.problems.invalid(
                    text.span,
                    format!(
                        "`{key}` of {} is not a duration: `{}`",
                        self.what, text.value
                    ),
                    "write working days as `3d` or weeks as `1w` (no negative lags)",
                );
                0
            }
        }
    }

    fn too_long(&mut self, key: &str, days: u32, span: Span) {
        self.problems.invalid(
            span,
            format!(
                "`{key}` of {} is {days} working days, more than the {MAX_WORKING_DAYS} (about 40 years) planbook schedules",
                self.what
            ),
            "check the number: working days are written as `5d`, weeks as `2w`",
        );
    }

    /// Records every key not in `known` as unknown.
    pub fn reject_unknown(&mut self, known: &'static [&'static str]) {
        self.reject_unknown_in(&[known]);
    }

    /// Records every key in none of the `groups` of known keys as unknown.
    pub fn reject_unknown_in(&mut self, groups: &[&'static [&'static str]]) {
        let known: Vec<&'static str> = groups
            .iter()
            .flat_map(|group| group.iter().copied())
            .collect();
        let Some(entries) = self.node.as_map() else {
            return;
        };
        for (key, _) in entries {
            if !known.contains(&key.name.as_str()) {
                self.problems.unknown_keys.push(UnknownKey {
                    span: key.span,
                    name: key.name.clone(),
                    context: self.what.clone(),
                    known: known.clone(),
                });
            }
        }
    }
}

/// The keys of a `{ id, lag }` dependency entry.
pub const DEPENDENCY_KEYS: &[&str] = &["id", "lag"];

/// The longest duration or lag planbook schedules, in working days (about
/// 40 years). Anything longer is a typo, and would push dates towards the
/// end of the calendar.
pub const MAX_WORKING_DAYS: u32 = 10_000;

/// An ISO 8601 calendar date, `2026-03-02`. A date-time (a TOML datetime,
/// `2026-03-02T09:00:00Z`, or `2026-03-02 09:00` in YAML) gives its date
/// as written: a plan counts working days, and the writer's own date is
/// the one they meant, whatever their offset.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    let (date, time) = (text.get(..10)?, text.get(10..)?);
    let time = time.strip_prefix(['T', 't', ' '])?;
    is_time_of_day(time).then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())?
}

/// `09:00`, `09:00:00`, `09:00:00.5`, each optionally followed by `Z` or an
/// offset such as `+02:00`.
fn is_time_of_day(text: &str) -> bool {
    let without_offset = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => {
            let offset = &text[at..];
            let valid_offset = offset.eq_ignore_ascii_case("z")
                || chrono::NaiveTime::parse_from_str(&offset[1..], "%H:%M").is_ok();
            if !valid_offset {
                return false;
            }
            &text[..at]
        }
        None => text,
    };
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .any(|format| chrono::NaiveTime::parse_from_str(without_offset, format).is_ok())
}

/// Working days in `1w` without a calendar: Monday to Friday.
pub const DEFAULT_WEEK: u32 = 5;

/// `5d`, `5 d`, `2w`, `5` -> working days; a week is `week` working days
/// (one calendar week of the plan's working weekdays).
pub fn parse_working_days(text: &str, week: u32) -> Option<u32> {
    let text = text.trim();
    let (number, factor) = if let Some(days) = text.strip_suffix('d') {
        (days, 1)
    } else if let Some(weeks) = text.strip_suffix('w') {
        (weeks, week)
    } else {
        (text, 1)
    };
    let number = number.trim();
    if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    number.parse::<u32>().ok()?.checked_mul(factor)
}

/// Ids: letters, digits, `-`, `_`, `.`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|character| character.is_alphanumeric() || matches!(character, '-' | '_' | '.'))
        && id != "."
        && id != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days() {
        assert_eq!(parse_working_days("5d", 5), Some(5));
        assert_eq!(parse_working_days("2w", 5), Some(10));
        assert_eq!(parse_working_days("7", 5), Some(7));
        assert_eq!(parse_working_days("3 d", 5), Some(3));
        assert_eq!(parse_working_days("-2d", 5), None);
        assert_eq!(parse_working_days("five days", 5), None);
        // A week is the plan's working week: four days in a Mon-Thu week.
        assert_eq!(parse_working_days("1w", 4), Some(4));
        assert_eq!(parse_working_days("3w", 6), Some(18));
    }

    #[test]
    fn absurd_durations_and_lags_are_reported() {
        let root =
            crate::parse::yaml::parse_yaml("duration: 99999999d\nlag: 10001d\nok: 10000d\n", 0, 0)
                .unwrap();
        let mut problems = Problems::default();
        let mut reader = FieldReader::new(&root, "task `t`".into(), &mut problems);
        assert_eq!(reader.duration("duration"), None);
        assert_eq!(reader.lag("lag"), 0);
        assert_eq!(reader.duration("ok").map(|days| days.value), Some(10_000));
        assert_eq!(problems.invalid_values.len(), 2);
        assert!(problems.invalid_values[0]
            .message
            .contains("99999999 working days"));
    }

    #[test]
    fn dates_and_the_date_of_a_date_time() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2);
        for text in [
            "2026-03-02",
            " 2026-03-02 ",
            "2026-03-02T09:00:00",
            "2026-03-02T09:00:00Z",
            "2026-03-02t23:30:00.25-05:00",
            "2026-03-02 09:00",
            "2026-03-02T09:00:00+02:00",
        ] {
            assert_eq!(parse_date(text), date, "{text}");
        }
        for text in [
            "2026-03-02Tnoon",
            "2026-03-02T25:00",
            "09:00:00",
            "2026-03-02T09:00+2",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("go-live_2.0"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(".."));
    }
}
