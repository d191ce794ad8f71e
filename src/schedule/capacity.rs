//! People's capacity: who works a task, on which days each person can work,
//! and how much effort a day of theirs does. Pure arithmetic over the model
//! and the calendar; it never orders or moves tasks (levelling does).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use crate::model::calendar::next_day;
use crate::model::{Availability, Calendar, ItemId, Plan};

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
        let mut people = People::default();
        for (position, (id, item)) in known.into_iter().enumerate() {
            let availability = item
                .and_then(|item| plan.items[item].as_person())
                .map(|person| person.availability.clone())
                .unwrap_or_default();
            people.index.insert(id.clone(), position);
            people.ids.push(id);
            people.items.push(item);
            people.availability.push(availability);
        }
        people
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
    pub fn is_available(&self, calendar: &Calendar, person: PersonIndex, day: NaiveDate) -> bool {
        calendar.is_workday(day) && self.is_available_on_workday(person, day)
    }

    /// [`People::is_available`] for a day known to be a working day of the plan.
    pub fn is_available_on_workday(&self, person: PersonIndex, day: NaiveDate) -> bool {
        let availability = &self.availability[person];
        let weekday = day.weekday().num_days_from_monday() as usize;
        if availability
            .workdays
            .is_some_and(|workdays| !workdays[weekday])
        {
            return false;
        }
        !availability
            .leaves
            .iter()
            .any(|leave| leave.from <= day && day <= leave.to)
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
    fn contribution(&self, calendar: &Calendar, workers: &[Worker], day: NaiveDate) -> u64 {
        if !calendar.is_workday(day) {
            return 0;
        }
        workers
            .iter()
            .filter(|worker| self.is_available_on_workday(worker.person, day))
            .map(|worker| {
                u64::from(self.availability[worker.person].percent) * u64::from(worker.allocation)
            })
            .sum()
    }

    /// The first day after `day` on which what `workers` can do may change:
    /// a holiday, or a leave of one of them starting or ending. Until then
    /// their week repeats itself.
    fn next_change(
        &self,
        calendar: &Calendar,
        workers: &[Worker],
        day: NaiveDate,
    ) -> Option<NaiveDate> {
        // A holiday changes its own day and, back to normal, the day after.
        let holiday = calendar
            .holidays
            .range(day..)
            .take(2)
            .flat_map(|holiday| [*holiday, next_day(*holiday)])
            .filter(|edge| *edge > day)
            .min();
        let leave_edges = workers.iter().flat_map(|worker| {
            self.availability[worker.person]
                .leaves
                .iter()
                .flat_map(|leave| [leave.from, next_day(leave.to)])
        });
        holiday
            .into_iter()
            .chain(leave_edges)
            .filter(|edge| *edge > day)
            .min()
    }

    /// The days effort work occupies when it may begin on `earliest`: from
    /// the first day anyone contributes to the day `units` are reached.
    /// None when they never are (nobody ever works, or past the calendar's end).
    pub fn effort_window(
        &self,
        calendar: &Calendar,
        workers: &[Worker],
        earliest: NaiveDate,
        units: u64,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let mut day = earliest;
        let mut first: Option<NaiveDate> = None;
        let mut done = 0u64;
        let mut change = self.next_change(calendar, workers, day);
        loop {
            if change.is_some_and(|change| day >= change) {
                change = self.next_change(calendar, workers, day);
            }
            let room = change.map_or(i64::MAX, |change| (change - day).num_days());
            if room >= 14 {
                // A stretch in which every week is the same: jump whole weeks.
                let week: Vec<u64> = (0..7u64)
                    .map(|offset| {
                        day.checked_add_days(Days::new(offset))
                            .map_or(0, |date| self.contribution(calendar, workers, date))
                    })
                    .collect();
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
            let today = self.contribution(calendar, workers, day);
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

/// Effort units of `days` person-days.
pub fn effort_units(days: u32) -> u64 {
    u64::from(days) * FULL_DAY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Leave;
    use crate::source::Span;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    fn people(availabilities: Vec<Availability>) -> People {
        let mut people = People::default();
        for (position, availability) in availabilities.into_iter().enumerate() {
            let id = format!("p{position}");
            people.index.insert(id.clone(), position);
            people.ids.push(id);
            people.items.push(None);
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
        let people = people(vec![Availability::default(), Availability::default(), half]);
        let monday = date("2026-01-05");
        // Effort 6d with two full-time people: Mon to Wed.
        let window = people.effort_window(&calendar, &[full(0), full(1)], monday, effort_units(6));
        assert_eq!(window, Some((monday, date("2026-01-07"))));
        // Effort 3d by a half-time person: six working days, Mon to Mon.
        let window = people.effort_window(&calendar, &[full(2)], monday, effort_units(3));
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
        let people = people(vec![away]);
        // Thu 1 Jan is a holiday, then on leave to Tue 6, Wed 7 is a holiday:
        // 3 days are Thu 8, Fri 9, Mon 12.
        let window =
            people.effort_window(&calendar, &[full(0)], date("2026-01-01"), effort_units(3));
        assert_eq!(window, Some((date("2026-01-08"), date("2026-01-12"))));
    }

    #[test]
    fn own_workdays_and_allocation() {
        let calendar = Calendar::default();
        let mon_wed = Availability {
            workdays: Some([true, false, true, false, false, false, false]),
            ..Availability::default()
        };
        let people = people(vec![mon_wed]);
        let worker = Worker {
            person: 0,
            allocation: 50,
        };
        // Half of Mon and Wed each week: 2d of effort takes Mon, Wed, Mon, Wed.
        let window =
            people.effort_window(&calendar, &[worker], date("2026-01-05"), effort_units(2));
        assert_eq!(window, Some((date("2026-01-05"), date("2026-01-14"))));
        assert!(!people.is_available(&calendar, 0, date("2026-01-06")));
        assert!(people.is_available(&calendar, 0, date("2026-01-07")));
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
        let people = people(vec![away]);
        let worker = Worker {
            person: 0,
            allocation: 50,
        };
        let start = date("2026-01-05");
        for days in [1u32, 7, 40, 150, 400] {
            let units = effort_units(days);
            let window = people.effort_window(&calendar, &[worker], start, units);
            // Day by day, the slow way.
            let mut done = 0;
            let mut day = start;
            loop {
                done += people.contribution(&calendar, &[worker], day);
                if done >= units {
                    break;
                }
                day = next_day(day);
            }
            assert_eq!(window, Some((start, day)), "{days} days");
        }
    }

    #[test]
    fn nobody_working_never_finishes_and_does_not_hang() {
        let calendar = Calendar::default();
        let weekends_only = Availability {
            workdays: Some([false, false, false, false, false, true, true]),
            ..Availability::default()
        };
        let people = people(vec![weekends_only]);
        let window = people.effort_window(&calendar, &[full(0)], date("2026-01-05"), 1);
        assert_eq!(window, None);
        let tiny = Availability {
            percent: 1,
            ..Availability::default()
        };
        let people = super::tests::people(vec![tiny]);
        let slow = Worker {
            person: 0,
            allocation: 1,
        };
        // 10,000 person-days at 1 % of 1 %: past the end of the calendar.
        let window =
            people.effort_window(&calendar, &[slow], date("2026-01-05"), effort_units(10_000));
        assert_eq!(window, None);
    }
}
