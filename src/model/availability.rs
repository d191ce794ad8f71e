//! Reading when a person can work: `availability`, `workdays` and `leaves`,
//! the same on a person page, a `people:` entry and a `[people]` entry of
//! planbook.toml. Only reads and checks values; the schedule decides what
//! they mean for dates.

use super::calendar::weekday_index;
use super::field_reader::{FieldReader, Problems};
use super::items::{Availability, Leave, Spanned};
use crate::parse::Node;
use crate::source::Span;

/// The keys of one `leaves` entry.
pub(super) const LEAVE_KEYS: &[&str] = &["from", "to", "reason"];

pub(super) fn read_availability(reader: &mut FieldReader<'_, '_>) -> Availability {
    let mut availability = Availability::default();
    if let Some(percent) = reader.integer("availability", 1, 100) {
        availability.percent = percent.value as u32;
    }
    if let Some(list) = reader.get("workdays") {
        let days = reader.strings("workdays");
        let what = format!("`workdays` of {}", reader.what);
        availability.workdays = weekdays(&days, &what, list.span, reader.problems);
    }
    if let Some(entries) = reader.list("leaves") {
        availability.leaves = entries
            .iter()
            .filter_map(|entry| read_leave(reader, entry))
            .collect();
        availability
            .leaves
            .sort_by_key(|leave| (leave.from, leave.to));
    }
    availability
}

/// Weekday names as a Monday-first mask; None (reported) when no name is a
/// weekday, since a week without a working day cannot be scheduled.
pub(super) fn weekdays(
    names: &[Spanned<String>],
    what: &str,
    list: Span,
    problems: &mut Problems,
) -> Option<[bool; 7]> {
    let mut days = [false; 7];
    for day in names {
        match weekday_index(&day.value) {
            Some(index) => days[index] = true,
            None => problems.invalid(
                day.span,
                format!("`{}` in {what} is not a weekday", day.value),
                "use mon, tue, wed, thu, fri, sat, sun",
            ),
        }
    }
    if days.iter().any(|day| *day) {
        return Some(days);
    }
    problems.invalid(
        list,
        format!("{what} has no working day"),
        "list at least one weekday: mon, tue, wed, thu, fri, sat or sun",
    );
    None
}

/// One `leaves` entry: `{ from: DATE, to: DATE, reason: TEXT }`; without
/// `to` it is one day.
fn read_leave(reader: &mut FieldReader<'_, '_>, entry: &Node) -> Option<Leave> {
    let what = reader.what.clone();
    if entry.as_map().is_none() {
        reader.problems.invalid(
            entry.span,
            format!("a leave of {what} is {}", entry.type_name()),
            "write `- { from: 2026-08-03, to: 2026-08-14, reason: Summer holiday }`",
        );
        return None;
    }
    let mut inner = reader.nested(entry, format!("a leave of {what}"));
    let from = inner.date("from");
    let to = inner.date("to");
    let reason = inner
        .string("reason")
        .map(|reason| reason.value)
        .filter(|reason| !reason.trim().is_empty());
    inner.reject_unknown(LEAVE_KEYS);
    let Some(from) = from else {
        if inner.get("from").is_none() {
            inner.problems.invalid(
                entry.span,
                format!("a leave of {what} has no `from` date"),
                "write `from: 2026-08-03` (and `to:` for more than one day)",
            );
        }
        return None;
    };
    let to = to.map_or(from.value, |to| to.value);
    if to < from.value {
        let span = entry.get("to").map_or(entry.span, |node| node.span);
        inner.problems.invalid(
            span,
            format!(
                "a leave of {what} ends on {to}, before it starts on {}",
                from.value
            ),
            "swap `from` and `to`, or fix the dates",
        );
        return None;
    }
    Some(Leave {
        from: from.value,
        to,
        reason,
        span: entry.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> (Availability, Problems) {
        let root = crate::parse::yaml::parse_yaml(yaml, 0, 0).expect("yaml");
        let mut problems = Problems::default();
        let mut reader = FieldReader::new(&root, "person `ana`".into(), &mut problems);
        let availability = read_availability(&mut reader);
        (availability, problems)
    }

    #[test]
    fn part_time_own_weekdays_and_leaves() {
        let (availability, problems) = read(
            "availability: 50%\nworkdays: [mon, Tuesday]\nleaves:\n  - { from: 2026-03-09, to: 2026-03-13, reason: Ski }\n  - { from: 2026-02-02 }\n",
        );
        assert_eq!(problems.invalid_values, []);
        assert_eq!(availability.percent, 50);
        assert_eq!(
            availability.workdays,
            Some([true, true, false, false, false, false, false])
        );
        let days: Vec<String> = availability
            .leaves
            .iter()
            .map(|leave| format!("{}..{} {:?}", leave.from, leave.to, leave.reason))
            .collect();
        assert_eq!(
            days,
            [
                "2026-02-02..2026-02-02 None",
                "2026-03-09..2026-03-13 Some(\"Ski\")"
            ]
        );
    }

    #[test]
    fn bad_values_are_reported_and_left_out() {
        let (availability, problems) = read(
            "availability: 0\nworkdays: [funday]\nleaves:\n  - { from: 2026-03-13, to: 2026-03-09 }\n  - { to: 2026-03-09 }\n  - holiday\n",
        );
        assert_eq!(availability, Availability::default());
        let messages: Vec<&str> = problems
            .invalid_values
            .iter()
            .map(|problem| problem.message.as_str())
            .collect();
        assert_eq!(messages.len(), 6, "{messages:?}");
        assert!(messages[0].contains("`availability`"), "{messages:?}");
        assert!(messages[1].contains("`funday`"), "{messages:?}");
        assert!(messages[2].contains("has no working day"), "{messages:?}");
        assert!(messages[3].contains("before it starts"), "{messages:?}");
        assert!(messages[4].contains("no `from`"), "{messages:?}");
        assert!(
            messages[5].contains("a leave of person `ana` is"),
            "{messages:?}"
        );
    }
}
