//! Effort over people's days: how much a group of workers does each day
//! (availability × allocation), when effort started on a day is done, and
//! running totals that make that a lookup for the levelling search. Reads
//! [`People`]; never books anyone.

use chrono::{Datelike, Days, NaiveDate};

use super::capacity::{Day, People, Worker};

/// Effort is counted in units of a hundredth of a percent of a person-day:
/// a full-time person at 100 % allocation does `FULL_DAY` units a day.
pub const FULL_DAY: u64 = 100 * 100;

impl People {
    /// Effort units `workers` do together on `day`.
    fn contribution(&self, workers: &[Worker], day: NaiveDate) -> u64 {
        self.contribution_on(workers, Day::of(day))
    }

    pub(super) fn contribution_on(&self, workers: &[Worker], day: Day) -> u64 {
        if !self.plan_works(day) {
            return 0;
        }
        workers
            .iter()
            .filter(|worker| self.works(worker.person, day))
            .map(|worker| {
                u64::from(self.availability[worker.person].percent) * u64::from(worker.allocation)
            })
            .sum()
    }

    /// The first day after `day` on which what `workers` can do may change:
    /// a holiday, or a leave of one of them starting or ending. Until then
    /// their week repeats itself.
    fn next_change(&self, workers: &[Worker], day: NaiveDate) -> Option<NaiveDate> {
        // A holiday changes its own day and, back to normal, the day after.
        let number = day.num_days_from_ce();
        let upcoming = self.holidays.partition_point(|holiday| *holiday < number);
        let holiday = self.holidays[upcoming..]
            .iter()
            .take(2)
            .flat_map(|holiday| [*holiday, holiday.saturating_add(1)])
            .filter(|edge| *edge > number)
            .min();
        let leave_edges = workers.iter().flat_map(|worker| {
            self.weeks[worker.person]
                .leaves
                .iter()
                .flat_map(|(from, to)| [*from, to.saturating_add(1)])
        });
        holiday
            .into_iter()
            .chain(leave_edges)
            .filter(|edge| *edge > number)
            .min()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
    }

    /// The days effort work occupies when it may begin on `earliest`: from
    /// the first day anyone contributes to the day `units` are reached.
    /// None when they never are (nobody ever works, or past the calendar's end).
    pub fn effort_window(
        &self,
        workers: &[Worker],
        earliest: NaiveDate,
        units: u64,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let mut day = earliest;
        let mut first: Option<NaiveDate> = None;
        let mut done = 0u64;
        let mut change = self.next_change(workers, day);
        loop {
            if change.is_some_and(|change| day >= change) {
                change = self.next_change(workers, day);
            }
            let room = change.map_or(i64::MAX, |change| (change - day).num_days());
            if room >= 14 {
                // A stretch in which every week is the same: jump whole weeks.
                let mut week = [0u64; 7];
                let first_day = Day::of(day);
                for (offset, units) in week.iter_mut().enumerate() {
                    *units = self
                        .contribution_on(workers, Day(first_day.0.saturating_add(offset as i32)));
                }
                let weekly: u64 = week.iter().sum();
                if weekly == 0 {
                    day = change?;
                    continue;
                }
                let weeks_needed = (units - done).saturating_sub(1) / weekly;
                let weeks_room = (room / 7 - 1).max(0) as u64;
                let weeks = weeks_needed.min(weeks_room);
                if weeks > 0 {
                    if first.is_none() {
                        let offset = week.iter().position(|units| *units > 0).unwrap_or(0);
                        first = day.checked_add_days(Days::new(offset as u64));
                    }
                    done += weeks * weekly;
                    day = day.checked_add_days(Days::new(weeks.checked_mul(7)?))?;
                    continue;
                }
            }
            let today = self.contribution(workers, day);
            if today > 0 {
                first.get_or_insert(day);
                done += today;
                if done >= units {
                    return first.map(|first| (first, day));
                }
            }
            day = day.checked_add_days(Days::new(1))?;
        }
    }
}

/// The effort a group of workers does day by day from a first day on, kept
/// as running totals so that the window of effort starting on any later day
/// is a binary search, not a walk (levelling asks for many such windows of
/// one task). Covers a bounded stretch; past it, callers walk
/// ([`People::effort_window`]).
pub struct EffortProfile<'a> {
    people: &'a People,
    workers: &'a [Worker],
    origin: NaiveDate,
    first: Day,
    /// `totals[i]`: effort done on the days before `origin + i`.
    totals: Vec<u64>,
}

/// The most days an [`EffortProfile`] covers (about ten years).
const PROFILE_DAYS: usize = 3660;

impl<'a> EffortProfile<'a> {
    pub fn new(people: &'a People, workers: &'a [Worker], origin: NaiveDate) -> EffortProfile<'a> {
        EffortProfile {
            people,
            workers,
            origin,
            first: Day::of(origin),
            totals: vec![0],
        }
    }

    fn date(&self, index: usize) -> Option<NaiveDate> {
        self.origin.checked_add_days(Days::new(index as u64))
    }

    /// Extends the totals so they cover day index `index`; false past the
    /// covered stretch.
    fn cover(&mut self, index: usize) -> bool {
        if index >= PROFILE_DAYS {
            return false;
        }
        while self.totals.len() <= index + 1 {
            let day = self.totals.len() - 1;
            let Some(number) = self.first.0.checked_add(day as i32) else {
                return false;
            };
            let done = self.people.contribution_on(self.workers, Day(number));
            let last = self.totals[day];
            self.totals.push(last + done);
        }
        true
    }

    /// The same window as [`People::effort_window`] from `earliest` (on or
    /// after the origin).
    pub fn window(&mut self, earliest: NaiveDate, units: u64) -> Option<(NaiveDate, NaiveDate)> {
        let from = usize::try_from((earliest - self.origin).num_days()).ok()?;
        if !self.cover(from) {
            return self.people.effort_window(self.workers, earliest, units);
        }
        let before = self.totals[from];
        // Grow the stretch until it holds the effort.
        let mut end = from + 1;
        while self.totals[end] - before < units {
            let next = (end * 2).max(end + 16);
            if !self.cover(next) {
                return self.people.effort_window(self.workers, earliest, units);
            }
            end = (self.totals.len() - 1).min(next);
        }
        // The first day something is done, and the day the effort is reached.
        let first = self.totals[from + 1..=end].partition_point(|total| *total == before) + from;
        let last =
            self.totals[from + 1..=end].partition_point(|total| total - before < units) + from;
        Some((self.date(first)?, self.date(last)?))
    }
}

/// Effort units of `days` person-days.
pub fn effort_units(days: u32) -> u64 {
    u64::from(days) * FULL_DAY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::next_day;
    use crate::model::{Availability, Calendar, Leave};
    use crate::schedule::capacity::PersonIndex;
    use crate::source::Span;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    fn people(calendar: &Calendar, availabilities: Vec<Availability>) -> People {
        let mut people = People::on_calendar(calendar);
        for (position, availability) in availabilities.into_iter().enumerate() {
            people.add(&format!("p{position}"), availability);
        }
        people
    }

    fn leave(from: &str, to: &str) -> Leave {
        Leave {
            from: date(from),
            to: date(to),
            reason: None,
            span: Span::default(),
        }
    }

    fn full(person: PersonIndex) -> Worker {
        Worker {
            person,
            allocation: 100,
        }
    }

    #[test]
    fn two_people_halve_the_days_and_a_half_time_person_doubles_them() {
        let calendar = Calendar::default();
        let half = Availability {
            percent: 50,
            ..Availability::default()
        };
        let people = people(
            &calendar,
            vec![Availability::default(), Availability::default(), half],
        );
        let monday = date("2026-01-05");
        // Effort 6d with two full-time people: Mon to Wed.
        let window = people.effort_window(&[full(0), full(1)], monday, effort_units(6));
        assert_eq!(window, Some((monday, date("2026-01-07"))));
        // Effort 3d by a half-time person: six working days, Mon to Mon.
        let window = people.effort_window(&[full(2)], monday, effort_units(3));
        assert_eq!(window, Some((monday, date("2026-01-12"))));
    }

    #[test]
    fn leave_days_and_holidays_contribute_nothing() {
        let mut calendar = Calendar::default();
        calendar.holidays.insert(date("2026-01-01"));
        calendar.holidays.insert(date("2026-01-07"));
        let away = Availability {
            leaves: vec![leave("2026-01-02", "2026-01-06")],
            ..Availability::default()
        };
        let people = people(&calendar, vec![away]);
        // Thu 1 Jan is a holiday, then on leave to Tue 6, Wed 7 is a holiday:
        // 3 days are Thu 8, Fri 9, Mon 12.
        let window = people.effort_window(&[full(0)], date("2026-01-01"), effort_units(3));
        assert_eq!(window, Some((date("2026-01-08"), date("2026-01-12"))));
    }

    #[test]
    fn own_workdays_and_allocation() {
        let calendar = Calendar::default();
        let mon_wed = Availability {
            workdays: Some([true, false, true, false, false, false, false]),
            ..Availability::default()
        };
        let people = people(&calendar, vec![mon_wed]);
        let worker = Worker {
            person: 0,
            allocation: 50,
        };
        // Half of Mon and Wed each week: 2d of effort takes Mon, Wed, Mon, Wed.
        let window = people.effort_window(&[worker], date("2026-01-05"), effort_units(2));
        assert_eq!(window, Some((date("2026-01-05"), date("2026-01-14"))));
        assert!(!people.is_available(0, date("2026-01-06")));
        assert!(people.is_available(0, date("2026-01-07")));
    }

    #[test]
    fn long_effort_jumps_whole_weeks_and_matches_day_counting() {
        let mut calendar = Calendar::default();
        calendar.holidays.insert(date("2026-05-01"));
        calendar.holidays.insert(date("2026-12-24"));
        calendar.holidays.insert(date("2026-12-25"));
        let away = Availability {
            percent: 80,
            leaves: vec![leave("2026-03-02", "2026-03-20")],
            ..Availability::default()
        };
        let people = people(&calendar, vec![away]);
        let worker = Worker {
            person: 0,
            allocation: 50,
        };
        let start = date("2026-01-05");
        for days in [1u32, 7, 40, 150, 400] {
            let units = effort_units(days);
            let window = people.effort_window(&[worker], start, units);
            // Day by day, the slow way.
            let mut done = 0;
            let mut day = start;
            loop {
                done += people.contribution(&[worker], day);
                if done >= units {
                    break;
                }
                day = next_day(day);
            }
            assert_eq!(window, Some((start, day)), "{days} days");
        }
    }

    #[test]
    fn a_profile_gives_the_same_windows_as_walking() {
        let mut calendar = Calendar::default();
        calendar.holidays.insert(date("2026-01-15"));
        let people = people(
            &calendar,
            vec![
                Availability {
                    percent: 60,
                    leaves: vec![leave("2026-01-20", "2026-01-23")],
                    ..Availability::default()
                },
                Availability::default(),
            ],
        );
        let workers = [
            full(0),
            Worker {
                person: 1,
                allocation: 30,
            },
        ];
        let origin = date("2026-01-05");
        let mut profile = EffortProfile::new(&people, &workers, origin);
        for offset in [0u64, 1, 4, 5, 9, 17, 30] {
            let earliest = origin + Days::new(offset);
            for days in [1u32, 2, 5, 13, 40] {
                let units = effort_units(days);
                assert_eq!(
                    profile.window(earliest, units),
                    people.effort_window(&workers, earliest, units),
                    "{earliest} {days}"
                );
            }
        }
    }

    #[test]
    fn nobody_working_never_finishes_and_does_not_hang() {
        let calendar = Calendar::default();
        let weekends_only = Availability {
            workdays: Some([false, false, false, false, false, true, true]),
            ..Availability::default()
        };
        let people = people(&calendar, vec![weekends_only]);
        let window = people.effort_window(&[full(0)], date("2026-01-05"), 1);
        assert_eq!(window, None);
        let tiny = Availability {
            percent: 1,
            ..Availability::default()
        };
        let people = super::tests::people(&calendar, vec![tiny]);
        let slow = Worker {
            person: 0,
            allocation: 1,
        };
        // 10,000 person-days at 1 % of 1 %: past the end of the calendar.
        let window = people.effort_window(&[slow], date("2026-01-05"), effort_units(10_000));
        assert_eq!(window, None);
    }
}
