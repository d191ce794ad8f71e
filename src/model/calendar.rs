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

    fn has_workdays(&self) -> bool {
        self.workdays.iter().any(|day| *day)
    }

    /// `date` itself when it is a working day, else the next working day.
    pub fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        // A calendar with no working weekday would loop forever; the model
        // rejects it, and this guard keeps the function total anyway.
        for _ in 0..3660 {
            if !self.has_workdays() || self.is_workday(day) {
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
        for _ in 0..3660 {
            if !self.has_workdays() || self.is_workday(day) {
                return day;
            }
            day = previous_day(day);
        }
        day
    }

    /// Moves `count` working days forward (negative: backward) from a working day.
    pub fn add_workdays(&self, date: NaiveDate, count: i64) -> NaiveDate {
        let mut day = date;
        if count >= 0 {
            for _ in 0..count {
                day = self.next_workday(day);
            }
        } else {
            for _ in 0..(-count) {
                day = self.previous_workday(day);
            }
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
    fn weekday_names() {
        assert_eq!(weekday_index("mon"), Some(0));
        assert_eq!(weekday_index("Sunday"), Some(6));
        assert_eq!(weekday_index("funday"), None);
    }
}
