//! `communication.ics`: the overview's communication strategy as recurring
//! calendar events (RFC 5545 `RRULE`), from the plan start to the plan
//! finish, so stakeholders subscribe once. An entry without a fixed rhythm
//! (`as needed`) or whose rhythm cannot be read has no event; the linter
//! reports the unreadable ones. Same plan, same bytes: no clock here.

use chrono::{Datelike, Days, NaiveDate};

use super::exports::{fold_ics_line, ics_text};
use crate::model::{Communication, MeetingDay, Plan, Recurrence};
use crate::schedule::Schedule;

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The first day on or after `from` that `matches`, within a year.
fn first_matching(from: NaiveDate, matches: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    (0..=366)
        .filter_map(|offset| from.checked_add_days(Days::new(offset)))
        .find(|day| matches(*day))
        .unwrap_or(from)
}

/// The first occurrence and the rule of one entry; None without a rhythm.
fn rule_of(entry: &Communication, start: NaiveDate, plan: &Plan) -> Option<(NaiveDate, String)> {
    let weekday = |day: NaiveDate| day.weekday().num_days_from_monday() as u8;
    match (entry.recurrence?, entry.day) {
        (Recurrence::Unscheduled, _) => None,
        (Recurrence::Daily, _) => {
            let workdays = &plan.config.calendar.workdays;
            let days: Vec<&str> = (0..7)
                .filter(|day| workdays[*day])
                .map(|day| WEEKDAYS[day])
                .collect();
            let first = first_matching(start, |day| workdays[usize::from(weekday(day))]);
            Some((first, format!("FREQ=DAILY;BYDAY={}", days.join(","))))
        }
        (Recurrence::Weekly | Recurrence::Biweekly, day) => {
            let first = match day {
                Some(MeetingDay::Weekday(wanted)) => {
                    first_matching(start, |day| weekday(day) == wanted)
                }
                _ => start,
            };
            let interval = if entry.recurrence == Some(Recurrence::Biweekly) {
                ";INTERVAL=2"
            } else {
                ""
            };
            let by_day = WEEKDAYS[usize::from(weekday(first))];
            Some((first, format!("FREQ=WEEKLY{interval};BYDAY={by_day}")))
        }
        (Recurrence::Monthly, Some(MeetingDay::OfMonth(date))) => {
            let first = first_matching(start, |day| day.day() == u32::from(date));
            Some((first, format!("FREQ=MONTHLY;BYMONTHDAY={date}")))
        }
        (Recurrence::Monthly, Some(MeetingDay::Weekday(wanted))) => {
            let first = first_matching(start, |day| weekday(day) == wanted && day.day() <= 7);
            Some((
                first,
                format!("FREQ=MONTHLY;BYDAY=1{}", WEEKDAYS[usize::from(wanted)]),
            ))
        }
        (Recurrence::Monthly, None) => Some((start, "FREQ=MONTHLY".to_string())),
    }
}

/// The communication calendar of the plan.
pub fn communication_ics(plan: &Plan, schedule: &Schedule, title: &str) -> Vec<u8> {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//planbook//planbook build//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            ics_text(&format!("{title}: communication"))
        ),
    ];
    let stamp = format!("{}T000000Z", schedule.today.format("%Y%m%d"));
    let calendar_key = crate::parse::markdown::slugify(title);
    let start = schedule
        .start
        .or(plan.config.start)
        .unwrap_or(schedule.today);
    let finish = schedule.finish.unwrap_or(start).max(start);
    let entries = plan
        .overview()
        .and_then(|item| item.as_overview())
        .map(|overview| overview.communication.as_slice())
        .unwrap_or_default();
    for (number, entry) in entries.iter().enumerate() {
        let Some((first, rule)) = rule_of(entry, start, plan) else {
            continue;
        };
        // RFC 5545 counts DTSTART as an occurrence even past UNTIL: a
        // rhythm whose first meeting falls after the plan has none.
        if first > finish {
            continue;
        }
        let channel = entry.channel.as_deref().unwrap_or("Communication");
        let mut description = Vec::new();
        if let Some(audience) = &entry.audience {
            description.push(format!("Audience: {audience}."));
        }
        if let Some(owner) = &entry.owner {
            let name = plan
                .item(&owner.value)
                .and_then(|item| item.as_person())
                .and_then(|person| person.name.clone())
                .unwrap_or_else(|| owner.value.clone());
            description.push(format!("Owner: {name}."));
        }
        if let Some(frequency) = &entry.frequency {
            description.push(format!("Frequency: {frequency}."));
        }
        let (dtstart, dtend, until) = match entry.time {
            Some((hours, minutes)) => (
                format!(
                    "DTSTART:{}T{hours:02}{minutes:02}00",
                    first.format("%Y%m%d")
                ),
                "DURATION:PT1H".to_string(),
                format!("{}T235959", finish.format("%Y%m%d")),
            ),
            None => (
                format!("DTSTART;VALUE=DATE:{}", first.format("%Y%m%d")),
                "DURATION:P1D".to_string(),
                finish.format("%Y%m%d").to_string(),
            ),
        };
        let key = crate::parse::markdown::slugify(channel);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:communication-{}-{key}@{calendar_key}.planbook",
                number + 1
            ),
            format!("DTSTAMP:{stamp}"),
            dtstart,
            dtend,
            format!("RRULE:{rule};UNTIL={until}"),
            format!("SUMMARY:{}", ics_text(channel)),
            format!("DESCRIPTION:{}", ics_text(&description.join(" "))),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut text = String::new();
    for line in lines {
        text.push_str(&fold_ics_line(&line));
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_plan;
    use crate::schedule::{compute_schedule, ScheduleOptions};
    use crate::source::PlanSources;
    use std::path::Path;

    /// The communication calendar of a plan of an overview and one task,
    /// scheduled as of `today`.
    fn calendar_of(config: Option<&str>, overview: &str, task: &str, today: &str) -> String {
        let plan = build_plan(
            Path::new("."),
            PlanSources::in_memory(config, &[("overview.md", overview), ("task.md", task)]),
        );
        let options = ScheduleOptions {
            today: today.parse().expect("a date"),
            level: false,
            dates_only: false,
        };
        let schedule = compute_schedule(&plan, options);
        String::from_utf8(communication_ics(&plan, &schedule, "Plan")).expect("UTF-8")
    }

    #[test]
    fn a_rhythm_whose_first_meeting_is_after_the_plan_finish_has_no_event() {
        // Mon 2 to Wed 4 March: the first Friday and the 28th are after it.
        let overview = "---\nkind: plan\ncommunication:\n  - { channel: Weekly, frequency: weekly, day: friday }\n  - { channel: Monthly, frequency: monthly, day: 28 }\n  - { channel: Daily, frequency: daily }\n---\n";
        let task = "---\nkind: task\nstart: 2026-03-02\nduration: 3d\n---\n";
        let text = calendar_of(None, overview, task, "2026-03-02");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1, "{text}");
        assert!(text.contains("SUMMARY:Daily"), "{text}");
    }

    #[test]
    fn each_rhythm_becomes_a_recurring_event_until_the_plan_finish() {
        let overview = "---\nkind: plan\ncommunication:\n  - { channel: Status, audience: team, frequency: weekly, day: tuesday, time: \"10:00\", owner: ana }\n  - { channel: Steering, frequency: Every two weeks, day: thu }\n  - { channel: Report, frequency: monthly, day: 5 }\n  - { channel: Board, frequency: monthly, day: monday }\n  - { channel: Standup, frequency: daily }\n  - { channel: Slack, frequency: as needed }\n  - { channel: Odd, frequency: sometimes }\n---\n";
        let task = "---\nkind: task\nstart: 2026-03-04\nduration: 40d\n---\n";
        let roster = "[people]\nana = \"Ana Lima\"\n";
        let text = calendar_of(Some(roster), overview, task, "2026-03-01");
        // Wed 4 March to Tue 28 April (40 working days).
        let rules: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("RRULE:"))
            .collect();
        assert_eq!(
            rules,
            [
                "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260428T235959",
                "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20260428",
                "RRULE:FREQ=MONTHLY;BYMONTHDAY=5;UNTIL=20260428",
                "RRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=20260428",
                "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260428",
            ]
        );
        assert!(
            text.contains("DTSTART:20260310T100000\r\n"),
            "the first Tuesday"
        );
        assert!(
            text.contains("DTSTART;VALUE=DATE:20260305\r\n"),
            "the first Thursday"
        );
        assert!(
            text.contains("DTSTART;VALUE=DATE:20260406\r\n"),
            "the first Monday of a month"
        );
        assert!(text.contains("DESCRIPTION:Audience: team. Owner: Ana Lima. Frequency: weekly."));
        assert_eq!(
            text.matches("BEGIN:VEVENT").count(),
            5,
            "no event for as needed or unreadable"
        );
    }
}
