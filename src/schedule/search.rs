//! Levelling's search: the earliest window, from a start on, in which all
//! of a task's workers have room for it, and whom it waited for on the way.
//! Reads the bookings made so far; books nothing (level.rs does).

use chrono::NaiveDate;

use super::capacity::{Day, PersonIndex};
use super::effort::EffortProfile;
use super::forecast::{Work, WorkRequest};
use super::forward::Pass;
use super::load::{Booking, Workload};
use super::Delay;
use crate::model::calendar::{next_day, previous_day};
use crate::model::ItemId;

/// Why a window does not fit: a worker and the day they cannot take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clash {
    person: PersonIndex,
    /// The first day they cannot take it.
    day: NaiveDate,
    /// The last day of the stretch the search then skipped for them.
    until: NaiveDate,
    /// Away on `day` (leave, or not a day of theirs) rather than busy.
    away: bool,
}

/// The earliest window from `first` on in which the task's workers have
/// room; None when there is none (the task then keeps its unhindered
/// window). Also every clash met on the way.
pub fn search(
    pass: &Pass<'_>,
    workload: &Workload,
    item: ItemId,
    work: &WorkRequest,
    first: (NaiveDate, NaiveDate),
) -> (Option<(NaiveDate, NaiveDate)>, Vec<Clash>) {
    let workers = &pass.workers[item];
    let effort = matches!(work.work, Work::Effort(_));
    // Past this day, nobody's week changes any more: a window that does not
    // fit there never will.
    let horizon = workers
        .iter()
        .flat_map(|worker| {
            [
                workload.people[worker.person].last_day,
                pass.people.last_leave_day(worker.person),
            ]
        })
        .chain([pass
            .plan
            .config
            .calendar
            .holidays
            .iter()
            .next_back()
            .copied()])
        .flatten()
        .max();
    let mut clashes = Vec::new();
    let mut window = first;
    let mut profile = match work.work {
        Work::Effort(units) if !workers.is_empty() => Some((
            EffortProfile::new(pass.people, workers, work.earliest),
            units,
        )),
        _ => None,
    };
    loop {
        let Some(mut clash) = first_clash(pass, workload, item, window, effort) else {
            return (Some(window), clashes);
        };
        if horizon.is_none_or(|horizon| window.0 > horizon) {
            clashes.push(clash);
            return (None, clashes);
        }
        let next = next_candidate(pass, workload, item, effort, clash, horizon);
        clash.until = previous_day(next).max(clash.day);
        clashes.push(clash);
        let later = match &mut profile {
            Some((profile, units)) => profile.window(next, *units),
            None => pass.window(item, next, work.work),
        };
        match later {
            Some(later) if later.0 > window.0 => window = later,
            _ => return (None, clashes),
        }
    }
}

/// The first day of `window` on which a worker cannot take the task (the
/// first-named worker when several cannot on that day).
fn first_clash(
    pass: &Pass<'_>,
    workload: &Workload,
    item: ItemId,
    window: (NaiveDate, NaiveDate),
    effort: bool,
) -> Option<Clash> {
    let (first, last) = (Day::of(window.0), Day::of(window.1));
    // Worker by worker, each through the days in order (their load read a
    // week at a time); a later worker only wins with an earlier day.
    let mut found: Option<(Day, PersonIndex, bool)> = None;
    for worker in &pass.workers[item] {
        let until = match found {
            Some((day, ..)) if day.0 <= first.0 => break,
            Some((day, ..)) => Day(day.0 - 1),
            None => last,
        };
        let person = worker.person;
        let mut loads = workload.people[person].day_loads();
        let mut day = first;
        while day <= until {
            if pass.people.plan_works(day) {
                let away = !pass.people.works(person, day);
                let clash = if away {
                    !effort
                } else {
                    loads.on(day) + worker.allocation > 100
                };
                if clash {
                    found = Some((day, person, away));
                    break;
                }
            }
            if day.0 == i32::MAX {
                break;
            }
            day = day.next();
        }
    }
    found.map(|(day, person, away)| {
        let date = day.date().unwrap_or(window.1);
        Clash {
            person,
            day: date,
            until: date,
            away,
        }
    })
}

/// The next start worth trying after `clash`: the first later day on which
/// the clashing worker could take the task. Every day before it fails for
/// them, and a window that starts earlier would hold such a day: fixed
/// work holds its first day, and effort done by one person starts on a day
/// that person works. Effort shared by several people may start on a day
/// one of them is away and fit around their block, so it moves a day at a
/// time. The scan stops past `horizon` (nothing changes any more).
fn next_candidate(
    pass: &Pass<'_>,
    workload: &Workload,
    item: ItemId,
    effort: bool,
    clash: Clash,
    horizon: Option<NaiveDate>,
) -> NaiveDate {
    let day_after = next_day(clash.day);
    if effort && pass.workers[item].len() > 1 {
        return day_after;
    }
    let Some(worker) = pass.workers[item]
        .iter()
        .find(|worker| worker.person == clash.person)
    else {
        return day_after;
    };
    let load = &workload.people[clash.person];
    let limit = Day::of(horizon.unwrap_or(clash.day)).0.saturating_add(8);
    let mut day = Day::of(day_after);
    while day.0 <= limit {
        if !pass.people.plan_works(day) || !pass.people.works(clash.person, day) {
            day = day.next();
            continue;
        }
        if load.load_on_day(day) + worker.allocation <= 100 {
            return day.date().unwrap_or(day_after);
        }
        // Too busy: every booking of this day lasts until its relief, and
        // loads each day in between that the person works, so none of
        // those days fits either. Jump there instead of trying each.
        day = load.relief_after_day(day).max(day.next());
    }
    day.date().unwrap_or(day_after)
}

/// Who and what a task waited for: each clash's person with the tasks that
/// booked them that day (or no task: they were away). People in the order
/// first met; each person's tasks by start. Each person's bookings are read
/// once, however many days clashed.
pub fn delays(pass: &Pass<'_>, workload: &Workload, clashes: &[Clash], effort: bool) -> Vec<Delay> {
    let people = pass.people;
    let mut persons: Vec<PersonIndex> = Vec::new();
    for clash in clashes {
        if !persons.contains(&clash.person) {
            persons.push(clash.person);
        }
    }
    // Days of a stretch, as day numbers.
    let stretch = |clash: &Clash| (Day::of(clash.day).0..=Day::of(clash.until).0).map(Day);
    let mut delays: Vec<Delay> = Vec::new();
    for person in persons {
        let id = &people.ids[person];
        let stretches: Vec<&Clash> = clashes
            .iter()
            .filter(|clash| clash.person == person)
            .collect();
        // Fixed work waits for someone away; effort just goes on without them.
        let away = !effort
            && stretches.iter().any(|clash| {
                stretch(clash).any(|day| people.plan_works(day) && !people.works(person, day))
            });
        if away {
            delays.push(Delay {
                person: id.clone(),
                task: None,
            });
        }
        let mut blockers: Vec<&Booking> = workload.people[person]
            .bookings
            .iter()
            .filter(|booking| {
                stretches.iter().any(|clash| {
                    let from = booking.from.max(clash.day);
                    let until = booking.to.min(clash.until);
                    from <= until
                        && (Day::of(from).0..=Day::of(until).0).map(Day).any(|day| {
                            people.works(person, day)
                                && booking.loads(people, person, day.date().unwrap_or(from))
                        })
                })
            })
            .collect();
        blockers.sort_by_key(|booking| (booking.from, booking.task));
        for booking in blockers {
            let delay = Delay {
                person: id.clone(),
                task: Some(booking.task),
            };
            if !delays.contains(&delay) {
                delays.push(delay);
            }
        }
    }
    delays
}
