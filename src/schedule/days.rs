//! Working-day arithmetic for one schedule computation, as lookups: the
//! plan calendar's working days over the stretch of time the plan uses,
//! numbered once, so that moving by N working days or counting them is an
//! index rather than a walk through the calendar. Dates outside the stretch
//! ask the [`Calendar`] itself, so results never depend on the stretch.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::Calendar;

/// Days before the plan's earliest date and after its latest that are numbered.
const BEFORE: u64 = 2 * 366;
const AFTER: u64 = 25 * 366;
/// The widest stretch numbered (a plan spread wider asks the calendar).
const MOST_DAYS: i64 = 80 * 366;

pub struct WorkingDays<'c> {
    calendar: &'c Calendar,
    /// Day number (days of the Common Era) of the first numbered day.
    first: i32,
    /// For each numbered day: how many working days come before it.
    before: Vec<u32>,
    /// The working days of the stretch, in order (as dates: every lookup
    /// returns one, so none is made from a day number).
    workdays: Vec<NaiveDate>,
}

impl<'c> WorkingDays<'c> {
    /// Numbers the working days around `earliest..=latest`.
    pub fn new(calendar: &'c Calendar, earliest: NaiveDate, latest: NaiveDate) -> WorkingDays<'c> {
        let from = earliest
            .checked_sub_days(Days::new(BEFORE))
            .unwrap_or(earliest);
        let to = latest.checked_add_days(Days::new(AFTER)).unwrap_or(latest);
        let to = if (to - from).num_days() > MOST_DAYS {
            from.checked_add_days(Days::new(MOST_DAYS as u64))
                .unwrap_or(from)
        } else {
            to
        };
        let first = from.num_days_from_ce();
        let length = ((to - from).num_days().max(0) + 1) as usize;
        let mut before = Vec::with_capacity(length);
        let mut workdays = Vec::new();
        let mut day = from;
        for _ in 0..length {
            before.push(workdays.len() as u32);
            if calendar.is_workday(day) {
                workdays.push(day);
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        WorkingDays {
            calendar,
            first,
            before,
            workdays,
        }
    }

    /// The index of `date` in the stretch.
    fn index(&self, date: NaiveDate) -> Option<usize> {
        let offset = date.num_days_from_ce().checked_sub(self.first)?;
        let offset = usize::try_from(offset).ok()?;
        (offset < self.before.len()).then_some(offset)
    }

    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.index(date) {
            Some(index) => {
                let next = self.before.get(index + 1).copied();
                let here = self.before[index];
                match next {
                    Some(next) => next > here,
                    None => self.calendar.is_workday(date),
                }
            }
            None => self.calendar.is_workday(date),
        }
    }

    /// The `n`-th working day of the stretch, when there is one.
    fn workday(&self, n: i64) -> Option<NaiveDate> {
        let n = usize::try_from(n).ok()?;
        self.workdays.get(n).copied()
    }

    /// `date` itself when it is a working day, else the next working day.
    pub fn on_or_after(&self, date: NaiveDate) -> NaiveDate {
        self.index(date)
            .and_then(|index| self.workday(i64::from(self.before[index])))
            .unwrap_or_else(|| self.calendar.on_or_after(date))
    }

    /// The first working day strictly after `date`.
    pub fn next_workday(&self, date: NaiveDate) -> NaiveDate {
        match self.index(date) {
            Some(index) => {
                let count = i64::from(self.before[index]) + i64::from(self.is_workday(date));
                self.workday(count)
                    .unwrap_or_else(|| self.calendar.next_workday(date))
            }
            None => self.calendar.next_workday(date),
        }
    }

    /// The last working day strictly before `date`.
    pub fn previous_workday(&self, date: NaiveDate) -> NaiveDate {
        self.index(date)
            .and_then(|index| self.workday(i64::from(self.before[index]) - 1))
            .unwrap_or_else(|| self.calendar.previous_workday(date))
    }

    /// Moves `count` working days from working day `date` (negative: back).
    pub fn add_workdays(&self, date: NaiveDate, count: i64) -> NaiveDate {
        let moved = self
            .index(date)
            .filter(|_| self.is_workday(date))
            .and_then(|index| {
                let at = i64::from(self.before[index]);
                self.workday(at.checked_add(count)?)
            });
        moved.unwrap_or_else(|| self.calendar.add_workdays(date, count))
    }

    /// The inclusive finish of `duration` working days from working day `start`.
    pub fn finish_of(&self, start: NaiveDate, duration: u32) -> NaiveDate {
        self.add_workdays(start, i64::from(duration.max(1)) - 1)
    }

    /// Working days in `from..=to` (0 when `to < from`).
    pub fn workdays_in(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return 0;
        }
        match (self.index(from), self.index(to)) {
            (Some(start), Some(end)) if end + 1 < self.before.len() => {
                i64::from(self.before[end + 1]) - i64::from(self.before[start])
            }
            _ => self.calendar.workdays_in(from, to),
        }
    }

    /// How many working days `later` is after `earlier` (negative: before).
    pub fn workdays_between(&self, earlier: NaiveDate, later: NaiveDate) -> i64 {
        if later > earlier {
            self.workdays_in(crate::model::calendar::next_day(earlier), later)
        } else if later < earlier {
            -self.workdays_in(crate::model::calendar::next_day(later), earlier)
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    #[test]
    fn lookups_agree_with_the_calendar_inside_and_outside_the_stretch() {
        let mut calendar = Calendar::default();
        for holiday in ["2026-12-24", "2026-12-25", "2027-01-01", "2026-01-05"] {
            calendar.holidays.insert(date(holiday));
        }
        let days = WorkingDays::new(&calendar, date("2026-06-01"), date("2026-06-30"));
        let starts = [
            "2026-01-01",
            "2026-01-05",
            "2026-12-23",
            "2026-12-26",
            "2027-01-01",
            "2024-03-10",
            "2019-01-07",
            "2060-02-29",
        ];
        for start in starts.map(date) {
            assert_eq!(
                days.is_workday(start),
                calendar.is_workday(start),
                "{start}"
            );
            assert_eq!(
                days.on_or_after(start),
                calendar.on_or_after(start),
                "{start}"
            );
            assert_eq!(
                days.next_workday(start),
                calendar.next_workday(start),
                "{start}"
            );
            assert_eq!(
                days.previous_workday(start),
                calendar.previous_workday(start),
                "{start}"
            );
            let from = calendar.on_or_after(start);
            for count in [-400i64, -7, -1, 0, 1, 4, 5, 23, 400, 9000] {
                assert_eq!(
                    days.add_workdays(from, count),
                    calendar.add_workdays(from, count),
                    "{from} {count}"
                );
            }
            for length in [0u64, 1, 6, 40, 800, 12_000] {
                let to = start + Days::new(length);
                assert_eq!(days.workdays_in(start, to), calendar.workdays_in(start, to));
                assert_eq!(
                    days.workdays_between(start, to),
                    calendar.workdays_between(start, to)
                );
                assert_eq!(
                    days.workdays_between(to, start),
                    calendar.workdays_between(to, start)
                );
            }
        }
    }

    #[test]
    fn the_edges_of_the_calendar_do_not_panic() {
        let calendar = Calendar::default();
        let days = WorkingDays::new(&calendar, NaiveDate::MIN, NaiveDate::MAX);
        assert_eq!(
            days.add_workdays(date("2026-01-05"), i64::MAX),
            NaiveDate::MAX
        );
        let late = WorkingDays::new(&calendar, NaiveDate::MAX, NaiveDate::MAX);
        assert_eq!(late.on_or_after(date("2026-01-03")), date("2026-01-05"));
    }
}
