//! People's load day by day: which tasks book whom on which days, the sum
//! of the allocations per day, and the runs of days on which it exceeds
//! what the person can give. Reads placed dates; never moves a task.
//!
//! A task books each of its workers at its allocation on every working day
//! of its dates; effort-driven work books only the days the person is
//! available (it waits for them), fixed-duration work books their leave too
//! (it does not wait, so that is an over-allocation).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Datelike, NaiveDate};

use super::capacity::{Day, People, PersonIndex};
use crate::model::calendar::next_day;
use crate::model::{Calendar, ItemId};

/// One task's claim on one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub task: ItemId,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    /// Percent of the person's available time.
    pub allocation: u32,
    /// Effort-driven work, which books only the days the person works.
    pub effort: bool,
}

impl Booking {
    /// Whether the booking loads the person on `day`.
    pub fn loads(&self, people: &People, person: PersonIndex, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to && self.loads_workday(people, person, Day::of(day))
    }

    /// [`Booking::loads`] for a day within the booking.
    fn loads_workday(&self, people: &People, person: PersonIndex, day: Day) -> bool {
        people.plan_works(day) && (!self.effort || people.works(person, day))
    }
}

/// Days on end on which a person has more work than time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overload {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Over-allocated working days in the run.
    pub days: u32,
    /// The highest sum of allocations on a day the person works (percent
    /// of their available time; 0 when every day of the run is a day off).
    pub peak: u32,
    /// Days of the run the person is away (leave, or not a day of theirs)
    /// while fixed-duration work books them.
    pub away: u32,
    /// The tasks that book them on those days, by start then item.
    pub tasks: Vec<ItemId>,
}

/// Week numbers are small integers looked up for every day of every
/// booking: a multiplicative hash is all they need.
#[derive(Debug, Default, Clone, Copy)]
struct WeekHasher(u64);

impl Hasher for WeekHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i32(&mut self, number: i32) {
        self.0 = u64::from(number as u32).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type WeekMap<V> = HashMap<i32, V, BuildHasherDefault<WeekHasher>>;

/// One person's days, by week number, in chunks of weeks around their
/// bookings (a plan spans months or a few years, and levelling reads a
/// slot for every day it tries): a lookup is two indexings, not a hash,
/// and a chunk, once made, never moves, so a run that grows copies only
/// the index. Weeks far outside the run (a date written decades off) go
/// to a map, so such a date costs no more memory.
#[derive(Debug, Clone, Default)]
struct WeekSlots {
    /// The chunk number (week number / CHUNK_WEEKS, rounded down) of `chunks[0]`.
    first_chunk: i32,
    /// None for chunks with nothing booked yet.
    chunks: Vec<Option<Box<Chunk>>>,
    far: WeekMap<[DaySlot; 7]>,
}

/// Weeks in a chunk: about a quarter of a year.
const CHUNK_WEEKS: usize = 16;

type Chunk = [[DaySlot; 7]; CHUNK_WEEKS];

impl WeekSlots {
    /// The most chunks the run covers: about twelve years.
    const MAX_CHUNKS: usize = 40;

    /// The chunk number of `week` and the week's place in it.
    fn split(week: i32) -> (i32, usize) {
        (
            week.div_euclid(CHUNK_WEEKS as i32),
            week.rem_euclid(CHUNK_WEEKS as i32) as usize,
        )
    }

    /// Where chunk `chunk` is in `chunks`, if the run covers it.
    fn index(&self, chunk: i32) -> Option<usize> {
        usize::try_from(i64::from(chunk) - i64::from(self.first_chunk))
            .ok()
            .filter(|index| *index < self.chunks.len())
    }

    fn get(&self, week: i32) -> Option<&[DaySlot; 7]> {
        let (chunk, offset) = Self::split(week);
        match self.index(chunk) {
            Some(index) => self.chunks[index].as_ref().map(|days| &days[offset]),
            None => self.far.get(&week),
        }
    }

    fn get_mut(&mut self, week: i32) -> &mut [DaySlot; 7] {
        let (chunk, offset) = Self::split(week);
        // The run only grows while no week has gone to the map, so a week
        // is in the run or in the map, never both.
        if self.far.is_empty() {
            if self.chunks.is_empty() {
                self.first_chunk = chunk;
            }
            let first = i64::from(self.first_chunk);
            let last = first + self.chunks.len() as i64 - 1;
            let (low, high) = (first.min(i64::from(chunk)), last.max(i64::from(chunk)));
            if high - low < Self::MAX_CHUNKS as i64 {
                if i64::from(chunk) < first {
                    let grow = (first - i64::from(chunk)) as usize;
                    self.chunks
                        .splice(0..0, std::iter::repeat_with(|| None).take(grow));
                    self.first_chunk = chunk;
                } else if i64::from(chunk) > last {
                    self.chunks
                        .resize_with((i64::from(chunk) - first + 1) as usize, || None);
                }
            }
        }
        match self.index(chunk) {
            Some(index) => {
                let days = self.chunks[index]
                    .get_or_insert_with(|| Box::new([[EMPTY_SLOT; 7]; CHUNK_WEEKS]));
                &mut days[offset]
            }
            None => self.far.entry(week).or_insert([EMPTY_SLOT; 7]),
        }
    }

    /// Every week with a slot, in order.
    fn weeks(&self) -> Vec<i32> {
        let in_run = self
            .chunks
            .iter()
            .enumerate()
            .filter(|(_, days)| days.is_some());
        let mut weeks: Vec<i32> = in_run
            .flat_map(|(index, _)| {
                let first = (self.first_chunk + index as i32) * CHUNK_WEEKS as i32;
                (0..CHUNK_WEEKS as i32).map(move |offset| first + offset)
            })
            .chain(self.far.keys().copied())
            .collect();
        weeks.sort_unstable();
        weeks
    }
}

/// What is booked on one day of one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DaySlot {
    /// The sum of the allocations.
    load: u32,
    /// The earliest last day of the bookings on it: before then, the load
    /// cannot drop (levelling jumps there).
    first_end: NaiveDate,
}

const EMPTY_SLOT: DaySlot = DaySlot {
    load: 0,
    first_end: NaiveDate::MAX,
};

/// One person's bookings and load.
#[derive(Debug, Clone, Default)]
pub struct PersonLoad {
    /// Sorted by start, then task.
    pub bookings: Vec<Booking>,
    /// Per day, by week.
    weeks: WeekSlots,
    /// The last day with any load.
    pub last_day: Option<NaiveDate>,
    pub overloads: Vec<Overload>,
}

/// A person's load read in day order (levelling's search tries the days of
/// a window one after the other): the week of the last day read is kept.
pub struct DayLoads<'a> {
    weeks: &'a WeekSlots,
    /// The week `days` is; no week is `i32::MIN` (weeks are days / 7).
    week: i32,
    days: Option<&'a [DaySlot; 7]>,
}

impl DayLoads<'_> {
    /// [`PersonLoad::load_on_day`].
    pub fn on(&mut self, day: Day) -> u32 {
        let (week, slot) = week_slot(day);
        if week != self.week {
            self.week = week;
            self.days = self.weeks.get(week);
        }
        self.days.map_or(0, |days| days[slot].load)
    }
}

fn week_slot(day: Day) -> (i32, usize) {
    (day.0.div_euclid(7), day.0.rem_euclid(7) as usize)
}

impl PersonLoad {
    /// The sum of the allocations booked on `day` (percent of the person's
    /// available time; over 100 is more than they can do).
    pub fn load_on(&self, day: NaiveDate) -> u32 {
        self.slot(Day::of(day)).load
    }

    /// [`PersonLoad::load_on`] by day number.
    pub fn load_on_day(&self, day: Day) -> u32 {
        self.slot(day).load
    }

    /// The first day after `day` on which the load may be lower than on
    /// `day`: the day after the first booking on `day` ends.
    pub fn next_relief(&self, day: NaiveDate) -> NaiveDate {
        next_day(self.slot(Day::of(day)).first_end)
    }

    /// [`PersonLoad::next_relief`] by day number: on no day before it
    /// that the person works can their load be lower than on `day`.
    pub fn relief_after_day(&self, day: Day) -> Day {
        Day::of(self.slot(day).first_end).next()
    }

    /// Reads the load day after day, looking each week up once.
    pub fn day_loads(&self) -> DayLoads<'_> {
        DayLoads {
            weeks: &self.weeks,
            week: i32::MIN,
            days: None,
        }
    }

    fn slot(&self, day: Day) -> DaySlot {
        let (week, slot) = week_slot(day);
        self.weeks.get(week).map_or(EMPTY_SLOT, |days| days[slot])
    }

    /// Adds `allocation` on the marked days of week `number`.
    fn add_week(&mut self, number: i32, marked: &[bool; 7], allocation: u32, end: NaiveDate) {
        let days = self.weeks.get_mut(number);
        for (slot, _) in marked.iter().enumerate().filter(|(_, marked)| **marked) {
            let entry = &mut days[slot];
            entry.load = entry.load.saturating_add(allocation);
            entry.first_end = entry.first_end.min(end);
        }
        let last = number * 7 + marked.iter().rposition(|marked| *marked).unwrap_or(0) as i32;
        // Most bookings end before the last day known: no date to make.
        if self
            .last_day
            .is_none_or(|known| last > known.num_days_from_ce())
        {
            if let Some(day) = NaiveDate::from_num_days_from_ce_opt(last) {
                self.last_day = Some(day);
            }
        }
    }

    /// Days with any load, in order.
    fn loaded_days(&self) -> Vec<NaiveDate> {
        self.weeks
            .weeks()
            .into_iter()
            .filter_map(|week| Some((week, *self.weeks.get(week)?)))
            .flat_map(|(week, days)| {
                (0..7)
                    .filter(move |slot| days[*slot].load > 0)
                    .filter_map(move |slot| {
                        NaiveDate::from_num_days_from_ce_opt(week * 7 + slot as i32)
                    })
            })
            .collect()
    }
}

/// Everyone's load, by [`PersonIndex`].
#[derive(Debug, Clone, Default)]
pub struct Workload {
    pub people: Vec<PersonLoad>,
}

impl Workload {
    pub fn new(people: &People) -> Workload {
        Workload {
            people: vec![PersonLoad::default(); people.ids.len()],
        }
    }

    /// Books `person` for the days of `booking`, a week at a time.
    pub fn book(&mut self, people: &People, person: PersonIndex, booking: Booking) {
        let load = &mut self.people[person];
        let mut week: Option<(i32, [bool; 7])> = None;
        let flush = |load: &mut PersonLoad, week: Option<(i32, [bool; 7])>| {
            if let Some((number, days)) = week {
                load.add_week(number, &days, booking.allocation, booking.to);
            }
        };
        let (from, to) = (Day::of(booking.from), Day::of(booking.to));
        let mut day = from;
        while day <= to {
            if booking.loads_workday(people, person, day) {
                let (number, slot) = week_slot(day);
                match &mut week {
                    Some((current, days)) if *current == number => days[slot] = true,
                    _ => {
                        flush(load, week.take());
                        let mut days = [false; 7];
                        days[slot] = true;
                        week = Some((number, days));
                    }
                }
            }
            if day.0 == i32::MAX {
                break;
            }
            day = day.next();
        }
        flush(load, week);
        load.bookings.push(booking);
    }

    /// Sorts bookings and finds every person's over-allocated runs from
    /// `from` on (the past cannot be re-planned).
    pub fn finish(&mut self, calendar: &Calendar, people: &People, from: NaiveDate) {
        for (person, load) in self.people.iter_mut().enumerate() {
            load.bookings
                .sort_by_key(|booking| (booking.from, booking.to, booking.task));
            load.overloads = overloads(calendar, people, person, load, from);
        }
    }
}

/// Whether `load` on `day` is more than `person` can give.
fn is_over(people: &People, person: PersonIndex, day: NaiveDate, load: u32) -> bool {
    if people.is_available_on_workday(person, day) {
        load > 100
    } else {
        load > 0
    }
}

/// Runs of over-allocated working days: a day the plan does not work does
/// not break a run, a working day that is not over does.
fn overloads(
    calendar: &Calendar,
    people: &People,
    person: PersonIndex,
    load: &PersonLoad,
    from: NaiveDate,
) -> Vec<Overload> {
    let over: Vec<NaiveDate> = load
        .loaded_days()
        .into_iter()
        .filter(|day| *day >= from && calendar.is_workday(*day))
        .filter(|day| is_over(people, person, *day, load.load_on(*day)))
        .collect();
    let mut runs: Vec<Vec<NaiveDate>> = Vec::new();
    for day in over {
        match runs.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|last| calendar.next_workday(*last) == day) =>
            {
                run.push(day)
            }
            _ => runs.push(vec![day]),
        }
    }
    runs.into_iter()
        .map(|run| {
            let (first, last) = (run[0], run[run.len() - 1]);
            let available: Vec<u32> = run
                .iter()
                .filter(|day| people.is_available_on_workday(person, **day))
                .map(|day| load.load_on(*day))
                .collect();
            let tasks = load
                .bookings
                .iter()
                .filter(|booking| booking.from <= last && booking.to >= first)
                .filter(|booking| run.iter().any(|day| booking.loads(people, person, *day)))
                .map(|booking| booking.task)
                .collect::<Vec<_>>();
            // One booking per task and person: no task comes twice, but keep
            // the order (by start) whatever.
            let mut seen = std::collections::BTreeSet::new();
            let tasks: Vec<ItemId> = tasks
                .into_iter()
                .filter(|task| seen.insert(*task))
                .collect();
            Overload {
                first,
                last,
                days: run.len() as u32,
                peak: available.iter().copied().max().unwrap_or(0),
                away: (run.len() - available.len()) as u32,
                tasks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Availability, Leave};
    use crate::source::Span;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    fn booking(task: ItemId, from: &str, to: &str, allocation: u32, effort: bool) -> Booking {
        Booking {
            task,
            from: date(from),
            to: date(to),
            allocation,
            effort,
        }
    }

    fn one_person(availability: Availability) -> People {
        let plan_text = "---\nkind: person\n---\n";
        let sources = crate::source::PlanSources::in_memory(None, &[("people/ana.md", plan_text)]);
        let plan = crate::model::build_plan(std::path::Path::new("."), sources);
        let mut people = People::build(&plan);
        people.set_availability(0, availability);
        people
    }

    /// The one person's workload with `bookings`, booked in order.
    fn booked(people: &People, bookings: impl IntoIterator<Item = Booking>) -> Workload {
        let mut workload = Workload::new(people);
        for booking in bookings {
            workload.book(people, 0, booking);
        }
        workload
    }

    #[test]
    fn a_run_spans_the_weekend_and_names_its_tasks() {
        let calendar = Calendar::default();
        let people = one_person(Availability::default());
        let mut workload = booked(
            &people,
            [
                // Task 1 Thu 8 to Tue 13 Jan, task 2 Fri 9 to Mon 12: over Fri and Mon.
                booking(1, "2026-01-08", "2026-01-13", 100, false),
                booking(2, "2026-01-09", "2026-01-12", 60, false),
                // Task 3 at 40 % on Wed 14 only: not over.
                booking(3, "2026-01-13", "2026-01-14", 40, false),
            ],
        );
        workload.finish(&calendar, &people, date("2026-01-01"));
        let overloads = &workload.people[0].overloads;
        assert_eq!(overloads.len(), 1, "{overloads:?}");
        let run = &overloads[0];
        assert_eq!(
            (run.first, run.last),
            (date("2026-01-09"), date("2026-01-13"))
        );
        assert_eq!((run.days, run.peak, run.away), (3, 160, 0));
        assert_eq!(run.tasks, [1, 2, 3]);
        // From a later day on, the past part is no longer reported.
        workload.finish(&calendar, &people, date("2026-01-13"));
        assert_eq!(workload.people[0].overloads[0].first, date("2026-01-13"));
        assert_eq!(workload.people[0].overloads[0].tasks, [1, 3]);
    }

    #[test]
    fn slots_grow_both_ways_and_far_weeks_are_kept_apart() {
        let mut slots = WeekSlots::default();
        // Week 100 is in chunk 6; week 60 grows the run down to chunk 3,
        // week 140 up to chunk 8. Chunks 4, 5 and 7 hold nothing yet.
        slots.get_mut(100)[2].load = 10;
        slots.get_mut(60)[0].load = 20;
        slots.get_mut(140)[6].load = 30;
        assert_eq!((slots.first_chunk, slots.chunks.len()), (3, 6));
        assert_eq!(slots.chunks.iter().flatten().count(), 3);
        // Weeks past the run's reach go to the map; the run keeps its size
        // and everything stays readable.
        let far = 100 + (WeekSlots::MAX_CHUNKS * CHUNK_WEEKS) as i32;
        slots.get_mut(far)[1].load = 40;
        slots.get_mut(-far)[1].load = 50;
        assert_eq!(slots.chunks.len(), 6);
        assert_eq!(slots.far.len(), 2);
        // A week inside the run in a chunk with nothing yet still goes to the run.
        slots.get_mut(70)[3].load = 60;
        assert_eq!((slots.chunks.len(), slots.far.len()), (6, 2));
        let load = |week: i32, day: usize| slots.get(week).map_or(0, |days| days[day].load);
        assert_eq!(
            [
                load(100, 2),
                load(60, 0),
                load(140, 6),
                load(far, 1),
                load(-far, 1),
                load(70, 3)
            ],
            [10, 20, 30, 40, 50, 60]
        );
        assert_eq!((load(98, 0), load(far + 1, 1), load(0, 0)), (0, 0, 0));
        let weeks = slots.weeks();
        assert_eq!(weeks.first(), Some(&-far));
        assert_eq!(weeks.last(), Some(&far));
        assert!(weeks.windows(2).all(|pair| pair[0] < pair[1]));
        assert!([60, 70, 100, 140].iter().all(|week| weeks.contains(week)));
    }

    #[test]
    fn a_booking_decades_off_counts_on_its_days_and_in_order() {
        let people = one_person(Availability::default());
        let workload = booked(
            &people,
            [
                booking(1, "2026-01-05", "2026-01-06", 100, false),
                booking(2, "2066-03-02", "2066-03-02", 50, false),
                booking(3, "2025-12-29", "2025-12-29", 30, false),
            ],
        );
        let load = &workload.people[0];
        assert_eq!(load.load_on(date("2066-03-02")), 50);
        assert_eq!(load.load_on(date("2026-01-06")), 100);
        assert_eq!(load.load_on(date("2066-03-03")), 0);
        assert_eq!(
            load.loaded_days(),
            ["2025-12-29", "2026-01-05", "2026-01-06", "2066-03-02"].map(date)
        );
        assert_eq!(load.last_day, Some(date("2066-03-02")));
    }

    #[test]
    fn fixed_work_over_leave_is_over_and_effort_work_waits() {
        let calendar = Calendar::default();
        let away = Availability {
            leaves: vec![Leave {
                from: date("2026-01-07"),
                to: date("2026-01-07"),
                reason: None,
                span: Span::default(),
            }],
            ..Availability::default()
        };
        let people = one_person(away);
        let mut workload = Workload::new(&people);
        workload.book(
            &people,
            0,
            booking(1, "2026-01-05", "2026-01-09", 100, true),
        );
        workload.finish(&calendar, &people, date("2026-01-01"));
        assert_eq!(workload.people[0].overloads, []);
        assert_eq!(workload.people[0].load_on(date("2026-01-07")), 0);
        workload.book(
            &people,
            0,
            booking(2, "2026-01-06", "2026-01-07", 50, false),
        );
        workload.finish(&calendar, &people, date("2026-01-01"));
        let overloads = &workload.people[0].overloads;
        // Tue 6: 150 %; Wed 7: fixed work on a day away.
        assert_eq!(overloads.len(), 1);
        assert_eq!(
            (overloads[0].days, overloads[0].peak, overloads[0].away),
            (2, 150, 1)
        );
        assert_eq!(overloads[0].tasks, [1, 2]);
    }
}
