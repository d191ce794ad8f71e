//! Working-day arithmetic: which days count, and moving by working days.
//! Every date computation of the schedule goes through here.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Working weekdays, indexed Monday = 0.
    pub workdays: [bool; 7],
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            workdays: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
        }
    }
}

/// "1 working day", "-1 working day", "3 working days": how every count of
/// working days is written out.
pub fn working_days(count: i64) -> String {
    match count {
        1 | -1 => format!("{count} working day"),
        _ => format!("{count} working days"),
    }
}

/// A slip or change: "+3 working days", "-1 working day", "0 working days".
pub fn signed_working_days(count: i64) -> String {
    let sign = if count > 0 { "+" } else { "" };
    format!("{sign}{}", working_days(count))
}

/// Weekday names accepted in `[calendar] workdays`.
pub const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Calendar {
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.workdays[date.weekday().num_days_from_monday() as usize]
            && !self.holidays.contains(&date)
    }

    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        !self.workdays[date.weekday().num_days_from_monday() as usize]
    }

    /// Working weekdays in a week: what `1w` counts (holidays aside).
    pub fn days_per_week(&self) -> u32 {
        self.workdays.iter().filter(|day| **day).count() as u32
    }

    fn has_workdays(&self) -> bool {
        self.workdays.iter().any(|day| *day)
    }

    /// The longest possible run of non-working days: a week per holiday
    /// (a holiday can knock out the only working day of its week), plus one.
    /// Bounds the day-by-day searches so a calendar with no working day left
    /// cannot loop forever.
    fn longest_break(&self) -> usize {
        7 * (self.holidays.len() + 1)
    }

    /// `date` itself when it is a working day, else the next working day.
    pub fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        // A calendar with no working weekday would loop forever; the model
        // rejects it, and this guard keeps the function total anyway.
        if !self.has_workdays() {
            return day;
        }
        for _ in 0..self.longest_break() {
            if self.is_workday(day) {
                return day;
            }
            day = next_day(day);
        }
        day
    }

    /// The first working day strictly after `date`.
    pub fn next_workday(&self, date: NaiveDate) -> NaiveDate {
        self.on_or_after(next_day(date))
    }

    /// The last working day strictly before `date`.
    pub fn previous_workday(&self, date: NaiveDate) -> NaiveDate {
        let mut day = previous_day(date);
        if !self.has_workdays() {
            return day;
        }
        for _ in 0..self.longest_break() {
            if self.is_workday(day) {
                return day;
            }
            day = previous_day(day);
        }
        day
    }

    /// Moves `count` working days forward (negative: backward) from a working day.
    /// Whole weeks are jumped arithmetically (holidays in them counted from
    /// the holiday list), so the cost does not grow with `count`.
    pub fn add_workdays(&self, date: NaiveDate, count: i64) -> NaiveDate {
        let per_week = self.workdays.iter().filter(|day| **day).count() as i64;
        let mut day = date;
        let mut remaining = count.unsigned_abs().min(i64::MAX as u64) as i64;
        while remaining > 0 {
            // Jump whole weeks while more than a week's work is left; the
            // last steps go day by day so the result lands on a working day.
            let weeks = if per_week > 0 {
                (remaining - 1) / per_week
            } else {
                0
            };
            if weeks > 0 {
                let days = Days::new((weeks as u64).saturating_mul(7));
                let jumped = if count > 0 {
                    day.checked_add_days(days)
                } else {
                    day.checked_sub_days(days)
                };
                let Some(jumped) = jumped else {
                    // Beyond the last date chrono knows: stop at the edge.
                    return if count > 0 {
                        NaiveDate::MAX
                    } else {
                        NaiveDate::MIN
                    };
                };
                let passed = if count > 0 {
                    self.workdays_in(next_day(day), jumped)
                } else {
                    self.workdays_in(jumped, previous_day(day))
                };
                remaining -= passed;
                day = jumped;
                continue;
            }
            let stepped = if count > 0 {
                self.next_workday(day)
            } else {
                self.previous_workday(day)
            };
            if stepped == day {
                break;
            }
            day = stepped;
            remaining -= 1;
        }
        day
    }

    /// The inclusive finish of work that starts on working day `start` and
    /// lasts `duration` working days (at least one).
    pub fn finish_of(&self, start: NaiveDate, duration: u32) -> NaiveDate {
        self.add_workdays(start, i64::from(duration.max(1)) - 1)
    }

    /// Working days in the inclusive range `from..=to` (0 when `to < from`).
    /// Counts whole weeks arithmetically so long ranges stay cheap.
    pub fn workdays_in(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return 0;
        }
        let days = (to - from).num_days() + 1;
        let per_week = self.workdays.iter().filter(|day| **day).count() as i64;
        let mut count = (days / 7) * per_week;
        let first_weekday = from.weekday().num_days_from_monday() as i64;
        for offset in 0..(days % 7) {
            if self.workdays[((first_weekday + offset) % 7) as usize] {
                count += 1;
            }
        }
        let holidays_on_workdays = self
            .holidays
            .range(from..=to)
            .filter(|holiday| !self.is_weekend(**holiday))
            .count() as i64;
        count - holidays_on_workdays
    }

    /// Signed working-day distance: how many working days `later` is after
    /// `earlier` (negative when it is before).
    pub fn workdays_between(&self, earlier: NaiveDate, later: NaiveDate) -> i64 {
        if later > earlier {
            self.workdays_in(next_day(earlier), later)
        } else if later < earlier {
            -self.workdays_in(next_day(later), earlier)
        } else {
            0
        }
    }
}

pub fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

pub fn previous_day(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(1)).unwrap_or(date)
}

pub fn weekday_index(name: &str) -> Option<usize> {
    WEEKDAY_NAMES.iter().position(|known| {
        known.eq_ignore_ascii_case(name) || weekday_long_name(known) == name.to_ascii_lowercase()
    })
}

fn weekday_long_name(short: &str) -> String {
    let weekday: Weekday = short.parse().unwrap_or(Weekday::Mon);
    match weekday {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn with_christmas() -> Calendar {
        let mut calendar = Calendar::default();
        calendar.holidays.insert(date("2026-12-25"));
        calendar.holidays.insert(date("2027-01-01"));
        calendar
    }

    #[test]
    fn five_days_from_monday_end_on_friday() {
        let calendar = Calendar::default();
        assert_eq!(
            calendar.finish_of(date("2026-01-05"), 5),
            date("2026-01-09")
        );
    }

    #[test]
    fn weekends_and_holidays_are_skipped() {
        let calendar = with_christmas();
        // Wed 23 Dec + 5 working days: 23, 24, (25 holiday), 28, 29, 30.
        assert_eq!(
            calendar.finish_of(date("2026-12-23"), 5),
            date("2026-12-30")
        );
        assert_eq!(
            calendar.next_workday(date("2026-12-31")),
            date("2027-01-04")
        );
        assert_eq!(calendar.on_or_after(date("2026-12-26")), date("2026-12-28"));
    }

    #[test]
    fn distances_count_working_days() {
        let calendar = with_christmas();
        assert_eq!(
            calendar.workdays_between(date("2026-12-24"), date("2026-12-28")),
            1
        );
        assert_eq!(
            calendar.workdays_between(date("2026-12-28"), date("2026-12-24")),
            -1
        );
        assert_eq!(
            calendar.workdays_in(date("2026-12-21"), date("2027-01-01")),
            8
        );
        assert_eq!(
            calendar.previous_workday(date("2026-12-28")),
            date("2026-12-24")
        );
    }

    #[test]
    fn counts_of_working_days_are_singular_only_for_one() {
        assert_eq!(working_days(1), "1 working day");
        assert_eq!(working_days(-1), "-1 working day");
        assert_eq!(working_days(0), "0 working days");
        assert_eq!(working_days(12), "12 working days");
        assert_eq!(signed_working_days(1), "+1 working day");
        assert_eq!(signed_working_days(-3), "-3 working days");
        assert_eq!(signed_working_days(0), "0 working days");
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_index("mon"), Some(0));
        assert_eq!(weekday_index("Sunday"), Some(6));
        assert_eq!(weekday_index("funday"), None);
    }

    #[test]
    fn long_moves_match_day_by_day_counting() {
        let calendar = with_christmas();
        let start = date("2026-12-21");
        let mut expected = start;
        for count in 0..40i64 {
            assert_eq!(calendar.add_workdays(start, count), expected, "{count}");
            assert_eq!(calendar.add_workdays(expected, -count), start, "-{count}");
            expected = calendar.next_workday(expected);
        }
        let far = calendar.add_workdays(start, 10_000);
        assert_eq!(calendar.workdays_between(start, far), 10_000);
        assert_eq!(calendar.add_workdays(far, -10_000), start);
        // Far past chrono's last date it stops at the edge, quickly.
        assert_eq!(calendar.add_workdays(start, i64::MAX), NaiveDate::MAX);
        assert_eq!(calendar.add_workdays(start, i64::MIN), NaiveDate::MIN);
    }

    #[test]
    fn holidays_longer_than_any_fixed_guard_are_skipped() {
        let mut calendar = Calendar::default();
        let mut day = date("2026-01-01");
        while day < date("2041-01-01") {
            calendar.holidays.insert(day);
            day = next_day(day);
        }
        assert_eq!(calendar.on_or_after(date("2026-01-05")), date("2041-01-01"));
        assert_eq!(
            calendar.previous_workday(date("2041-01-01")),
            date("2025-12-31")
        );
        assert_eq!(
            calendar.add_workdays(date("2025-12-31"), 1),
            date("2041-01-01")
        );
    }
}
