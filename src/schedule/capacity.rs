//! People's capacity: who works a task, on which days each person can work,
//! and how much effort a day of theirs does. Pure arithmetic over the model
//! and the calendar; it never orders or moves tasks (levelling does).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{Availability, ItemId, Plan};

/// A person's place in [`People`].
pub type PersonIndex = usize;

/// Effort is counted in units of a hundredth of a percent of a person-day:
/// a full-time person at 100 % allocation does `FULL_DAY` units a day.
pub const FULL_DAY: u64 = 100 * 100;

/// One person working a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worker {
    pub person: PersonIndex,
    /// Percent of the person's available time.
    pub allocation: u32,
}

/// A day as a number (days of the Common Era), for the loops that visit
/// every day of a task: no calendar conversions on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    pub fn of(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce())
    }

    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.0)
    }

    /// Monday = 0 (day 1 of the Common Era, 1 January of year 1, was a Monday).
    pub fn weekday(self) -> usize {
        (self.0 - 1).rem_euclid(7) as usize
    }

    pub fn next(self) -> Day {
        Day(self.0.saturating_add(1))
    }
}

/// When one person works, as day numbers.
#[derive(Debug, Clone, Default)]
struct Week {
    /// Weekdays that are both theirs and the plan's, Monday = 0.
    days: [bool; 7],
    /// Leaves, `from..=to`, sorted by start.
    leaves: Vec<(i32, i32)>,
}

/// Everyone who works a task: the roster, and anyone named as an owner or
/// resource without being in it (they get the default availability).
#[derive(Debug, Default)]
pub struct People {
    /// Person ids, sorted.
    pub ids: Vec<String>,
    /// The person item of each, when there is one.
    pub items: Vec<Option<ItemId>>,
    pub availability: Vec<Availability>,
    index: HashMap<String, PersonIndex>,
    weeks: Vec<Week>,
    /// The plan's working weekdays and holidays (sorted day numbers).
    plan_days: [bool; 7],
    holidays: Vec<i32>,
}

impl People {
    pub fn build(plan: &Plan) -> People {
        let mut known: Vec<(String, Option<ItemId>)> = Vec::new();
        for (item, record) in plan.items.iter().enumerate() {
            if record.as_person().is_some() {
                known.push((record.id.clone(), Some(item)));
            }
            if let Some(task) = record.as_task() {
                known.extend(
                    task.resources
                        .iter()
                        .map(|assignment| (assignment.person.value.clone(), None)),
                );
                if task.resources.is_empty() {
                    known.extend(record.owner.iter().map(|owner| (owner.value.clone(), None)));
                }
            }
        }
        // The first person item of an id wins, as for every other id.
        known.sort_by(|a, b| (&a.0, a.1.is_none(), a.1).cmp(&(&b.0, b.1.is_none(), b.1)));
        known.dedup_by(|later, earlier| later.0 == earlier.0);
        let calendar = &plan.config.calendar;
        let mut people = People {
            plan_days: calendar.workdays,
            holidays: calendar
                .holidays
                .iter()
                .map(|holiday| holiday.num_days_from_ce())
                .collect(),
            ..People::default()
        };
        for (position, (id, item)) in known.into_iter().enumerate() {
            let availability = item
                .and_then(|item| plan.items[item].as_person())
                .map(|person| person.availability.clone())
                .unwrap_or_default();
            people.index.insert(id.clone(), position);
            people.ids.push(id);
            people.items.push(item);
            people.push_week(&availability);
            people.availability.push(availability);
        }
        people
    }

    /// Replaces a person's availability (tests that vary it).
    #[cfg(test)]
    pub fn set_availability(&mut self, person: PersonIndex, availability: Availability) {
        let last = self.weeks.len();
        self.push_week(&availability);
        self.weeks.swap(person, last);
        self.weeks.pop();
        self.availability[person] = availability;
    }

    fn push_week(&mut self, availability: &Availability) {
        let own = availability.workdays.unwrap_or([true; 7]);
        let mut days = self.plan_days;
        for (day, works) in days.iter_mut().zip(own) {
            *day &= works;
        }
        self.weeks.push(Week {
            days,
            leaves: availability
                .leaves
                .iter()
                .map(|leave| (leave.from.num_days_from_ce(), leave.to.num_days_from_ce()))
                .collect(),
        });
    }

    /// Whether the plan works on `day` (a working weekday, not a holiday).
    pub fn plan_works(&self, day: Day) -> bool {
        self.plan_days[day.weekday()] && self.holidays.binary_search(&day.0).is_err()
    }

    /// Whether `person` works on `day`, which the plan works.
    pub fn works(&self, person: PersonIndex, day: Day) -> bool {
        let week = &self.weeks[person];
        week.days[day.weekday()]
            && !week
                .leaves
                .iter()
                .any(|(from, to)| *from <= day.0 && day.0 <= *to)
    }

    pub fn find(&self, id: &str) -> Option<PersonIndex> {
        self.index.get(id).copied()
    }

    /// Who works a task: its `resources` when given, otherwise its owner.
    /// The same person named twice works the sum of the allocations.
    pub fn workers_of(&self, plan: &Plan, item: ItemId) -> Vec<Worker> {
        let record = &plan.items[item];
        let Some(task) = record.as_task() else {
            return Vec::new();
        };
        let mut workers: Vec<Worker> = Vec::new();
        let named: Vec<(&str, u32)> = if task.resources.is_empty() {
            record
                .owner
                .iter()
                .map(|owner| (owner.value.as_str(), 100))
                .collect()
        } else {
            task.resources
                .iter()
                .map(|assignment| (assignment.person.value.as_str(), assignment.allocation))
                .collect()
        };
        for (id, allocation) in named {
            let Some(person) = self.find(id) else {
                continue;
            };
            match workers.iter_mut().find(|worker| worker.person == person) {
                Some(worker) => worker.allocation += allocation,
                None => workers.push(Worker { person, allocation }),
            }
        }
        workers
    }

    /// Whether `person` can work on `day`: a working day of the plan and of
    /// their own week, and not on leave.
    pub fn is_available(&self, person: PersonIndex, day: NaiveDate) -> bool {
        let day = Day::of(day);
        self.plan_works(day) && self.works(person, day)
    }

    /// [`People::is_available`] for a day known to be a working day of the plan.
    pub fn is_available_on_workday(&self, person: PersonIndex, day: NaiveDate) -> bool {
        self.works(person, Day::of(day))
    }

    /// The leave `person` is on at `day`, if any.
    pub fn leave_end(&self, person: PersonIndex, day: NaiveDate) -> Option<NaiveDate> {
        self.availability[person]
            .leaves
            .iter()
            .filter(|leave| leave.from <= day && day <= leave.to)
            .map(|leave| leave.to)
            .max()
    }

    /// The last day of any leave of `person`.
    pub fn last_leave_day(&self, person: PersonIndex) -> Option<NaiveDate> {
        self.availability[person]
            .leaves
            .iter()
            .map(|leave| leave.to)
            .max()
    }

    /// Effort units `workers` do together on `day`.
    fn contribution(&self, workers: &[Worker], day: NaiveDate) -> u64 {
        self.contribution_on(workers, Day::of(day))
    }

    fn contribution_on(&self, workers: &[Worker], day: Day) -> u64 {
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
    use crate::model::{Calendar, Leave};
    use crate::source::Span;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    fn people(calendar: &Calendar, availabilities: Vec<Availability>) -> People {
        let mut people = People {
            plan_days: calendar.workdays,
            holidays: calendar
                .holidays
                .iter()
                .map(|holiday| holiday.num_days_from_ce())
                .collect(),
            ..People::default()
        };
        for (position, availability) in availabilities.into_iter().enumerate() {
            let id = format!("p{position}");
            people.index.insert(id.clone(), position);
            people.ids.push(id);
            people.items.push(None);
            people.push_week(&availability);
            people.availability.push(availability);
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
