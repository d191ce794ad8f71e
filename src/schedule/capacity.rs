//! People's capacity: who works a task and on which days each person can
//! work (effort over those days is in effort.rs). Pure arithmetic over the
//! model and the calendar; it never orders or moves tasks (levelling does).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::model::{Availability, Calendar, ItemId, Plan};

/// A person's place in [`People`].
pub type PersonIndex = usize;

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
pub(super) struct Week {
    /// Weekdays that are both theirs and the plan's, Monday = 0.
    days: [bool; 7],
    /// Leaves, `from..=to`, sorted by start.
    pub(super) leaves: Vec<(i32, i32)>,
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
    index: HashMap<String, PersonIndex, foldhash::fast::RandomState>,
    pub(super) weeks: Vec<Week>,
    /// The plan's working weekdays and holidays (sorted day numbers).
    plan_days: [bool; 7],
    pub(super) holidays: Vec<i32>,
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
        let mut people = People::on_calendar(&plan.config.calendar);
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

    /// Nobody yet, on the plan's calendar.
    pub(super) fn on_calendar(calendar: &Calendar) -> People {
        People {
            plan_days: calendar.workdays,
            holidays: calendar
                .holidays
                .iter()
                .map(|holiday| holiday.num_days_from_ce())
                .collect(),
            ..People::default()
        }
    }

    /// Adds someone who is in no plan (tests).
    #[cfg(test)]
    pub(super) fn add(&mut self, id: &str, availability: Availability) -> PersonIndex {
        let position = self.ids.len();
        self.index.insert(id.to_string(), position);
        self.ids.push(id.to_string());
        self.items.push(None);
        self.push_week(&availability);
        self.availability.push(availability);
        position
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

    pub(super) fn push_week(&mut self, availability: &Availability) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_weekdays_leaves_and_holidays() {
        let mut calendar = Calendar::default();
        calendar
            .holidays
            .insert("2026-01-08".parse().expect("date"));
        let mut people = People::on_calendar(&calendar);
        let leave = crate::model::Leave {
            from: "2026-01-13".parse().expect("date"),
            to: "2026-01-14".parse().expect("date"),
            reason: None,
            span: crate::source::Span::default(),
        };
        let mo = people.add(
            "mo",
            Availability {
                workdays: Some([true, false, true, true, false, false, false]),
                leaves: vec![leave],
                ..Availability::default()
            },
        );
        let works = |day: &str| people.is_available(mo, day.parse().expect("date"));
        // Mon, not Tue, Wed, not Thu (holiday), not Fri (not theirs), not Sat.
        let week: Vec<bool> = [
            "2026-01-05",
            "2026-01-06",
            "2026-01-07",
            "2026-01-08",
            "2026-01-09",
            "2026-01-10",
        ]
        .iter()
        .map(|day| works(day))
        .collect();
        assert_eq!(week, [true, false, true, false, false, false]);
        assert!(!works("2026-01-14") && works("2026-01-15"));
        assert_eq!(
            people.leave_end(mo, "2026-01-13".parse().expect("date")),
            Some("2026-01-14".parse().expect("date"))
        );
        assert_eq!(Day::of("2026-01-05".parse().expect("date")).weekday(), 0);
    }
}
