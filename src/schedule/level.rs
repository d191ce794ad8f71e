//! Levelling: work waits until its people are free. The rule (FORMAT.md,
//! "Levelling") is deterministic: repeatedly take, among the tasks whose
//! dependencies are all placed, the one with the highest `priority`, then
//! the least total slack in the unlevelled schedule, then the earliest
//! unlevelled start, then page path and position; place it at the earliest
//! day on or after its dependency-driven start at which its workers have
//! the capacity it needs, and book them.
//!
//! Work that cannot move (done, under way, cancelled) is booked first where
//! it is. Levelling never splits a task, never changes its length, and
//! never starts anything earlier than the unlevelled schedule would.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{Days, NaiveDate};

use super::capacity::{Day, EffortProfile, PersonIndex};
use super::forecast::{
    is_effort_driven, is_movable, progress_of, Progress, Request, Work, WorkRequest,
};
use super::forward::{settle, Mode, Pass, PassResult};
use super::load::{Booking, Workload};
use super::{Delay, Timing};
use crate::model::calendar::{next_day, previous_day};
use crate::model::{ItemId, ItemKind};

/// The levelled dates of one pass, and the order they were placed in.
/// `unlevelled` is the same pass without levelling, with its slack
/// computed (the order of placing reads it).
pub fn level(pass: &Pass<'_>, unlevelled: &PassResult) -> (Vec<Option<Timing>>, Vec<ItemId>) {
    let plan = pass.plan;
    let count = plan.items.len();
    let mut timings: Vec<Option<Timing>> = vec![None; count];
    let mut workload = Workload::new(pass.people);
    let mut placed = vec![false; count];
    let mut placed_in = Vec::with_capacity(pass.graph.order.len());
    let mut movable = vec![false; count];
    let forecast = matches!(pass.mode, Mode::Forecast { .. });
    for &item in &pass.graph.order {
        let record = &plan.items[item];
        let Some(task) = record.as_task() else {
            continue;
        };
        movable[item] = is_movable(&record.status, task, forecast);
        if !movable[item] {
            timings[item] = unlevelled.timings[item].clone();
            if let Some(timing) = &timings[item] {
                book_task(pass, &mut workload, item, timing);
            }
            placed[item] = true;
            placed_in.push(item);
        }
    }
    let mut waiting: Vec<usize> = (0..count)
        .map(|item| {
            pass.graph.predecessors[item]
                .iter()
                .filter(|edge| !placed[edge.from])
                .count()
        })
        .collect();
    let order_key = |item: ItemId| {
        let record = &plan.items[item];
        let timing = unlevelled.timings[item].as_ref();
        Reverse((
            Reverse(record.as_task().map_or(0, |task| task.priority())),
            timing.map_or(0, |timing| timing.slack),
            timing.map(|timing| timing.start),
            record.page,
            record.start.start,
            item,
        ))
    };
    let mut queue = BinaryHeap::new();
    let mut released: Vec<ItemId> = pass
        .graph
        .order
        .iter()
        .copied()
        .filter(|item| !placed[*item] && waiting[*item] == 0)
        .collect();
    loop {
        // Milestones are reached as soon as what they wait for is placed.
        while let Some(item) = released.pop() {
            if plan.items[item].kind == ItemKind::Milestone {
                timings[item] = Some(pass.milestone_timing(&timings, item));
                release_successors(pass, item, &mut waiting, &placed, &mut released);
                placed[item] = true;
                placed_in.push(item);
            } else {
                queue.push(order_key(item));
            }
        }
        let Some(Reverse((_, _, _, _, _, item))) = queue.pop() else {
            break;
        };
        let timing = place_task(pass, &timings, &workload, item);
        book_task(pass, &mut workload, item, &timing);
        timings[item] = Some(timing);
        placed[item] = true;
        placed_in.push(item);
        release_successors(pass, item, &mut waiting, &placed, &mut released);
    }
    (timings, placed_in)
}

fn release_successors(
    pass: &Pass<'_>,
    item: ItemId,
    waiting: &mut [usize],
    placed: &[bool],
    released: &mut Vec<ItemId>,
) {
    for edge in &pass.graph.successors[item] {
        if placed[edge.to] {
            continue;
        }
        waiting[edge.to] = waiting[edge.to].saturating_sub(1);
        if waiting[edge.to] == 0 {
            released.push(edge.to);
        }
    }
}

/// The levelled dates of a movable task whose dependencies are placed.
fn place_task(
    pass: &Pass<'_>,
    timings: &[Option<Timing>],
    workload: &Workload,
    item: ItemId,
) -> Timing {
    let ready = pass.ready_after_dependencies(timings, item);
    let (request, _) = pass.task_request(item, ready, None);
    let Request::Work(work) = request else {
        let (start, finish) = pass.place_unhindered(item, &request);
        return pass.task_timing(item, start, finish);
    };
    let unhindered = pass.window(item, work.earliest, work.work);
    let (window, clashes) = match unhindered {
        Some(window) => search(pass, workload, item, &work, window),
        None => (None, Vec::new()),
    };
    let (start, finish) = settle(&work, window.or(unhindered));
    let mut timing = pass.task_timing(item, start, finish);
    if window.is_some() && window.map(|(start, _)| start) != unhindered.map(|(start, _)| start) {
        let effort = matches!(work.work, Work::Effort(_));
        timing.delayed_by = delays(pass, workload, &clashes, effort);
    }
    timing
}

/// Why a window does not fit: a worker and the day they cannot take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clash {
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
fn search(
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

/// The first day of `window` on which a worker cannot take the task.
fn first_clash(
    pass: &Pass<'_>,
    workload: &Workload,
    item: ItemId,
    window: (NaiveDate, NaiveDate),
    effort: bool,
) -> Option<Clash> {
    let workers = &pass.workers[item];
    let (first, last) = (Day::of(window.0), Day::of(window.1));
    let mut day = first;
    while day <= last {
        if pass.people.plan_works(day) {
            for worker in workers {
                let person = worker.person;
                let away = !pass.people.works(person, day);
                let clash = if away {
                    !effort
                } else {
                    workload.people[person].load_on_day(day) + worker.allocation > 100
                };
                if clash {
                    let date = day.date().unwrap_or(window.1);
                    return Some(Clash {
                        person,
                        day: date,
                        until: date,
                        away,
                    });
                }
            }
        }
        if day.0 == i32::MAX {
            break;
        }
        day = day.next();
    }
    None
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
        let fits = pass.people.plan_works(day)
            && pass.people.works(clash.person, day)
            && load.load_on_day(day) + worker.allocation <= 100;
        if fits {
            return day.date().unwrap_or(day_after);
        }
        day = day.next();
    }
    day.date().unwrap_or(day_after)
}

/// Who and what a task waited for: each clash's person with the tasks that
/// booked them that day (or no task: they were away). People in the order
/// first met; each person's tasks by start. Each person's bookings are read
/// once, however many days clashed.
fn delays(pass: &Pass<'_>, workload: &Workload, clashes: &[Clash], effort: bool) -> Vec<Delay> {
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

/// Books a task's workers on the days of `timing`. Cancelled work books
/// nobody; in the forecast, done work books only the days before today.
pub fn book_task(pass: &Pass<'_>, workload: &mut Workload, item: ItemId, timing: &Timing) {
    if timing.cancelled {
        return;
    }
    let record = &pass.plan.items[item];
    let Some(task) = record.as_task() else {
        return;
    };
    let mut to = timing.finish;
    if let Mode::Forecast { today, .. } = pass.mode {
        if progress_of(&record.status, task) == Progress::Done {
            match today.checked_sub_days(Days::new(1)) {
                Some(yesterday) => to = to.min(yesterday),
                None => return,
            }
        }
    }
    let effort = is_effort_driven(task);
    for worker in &pass.workers[item] {
        workload.book(
            pass.people,
            worker.person,
            Booking {
                task: item,
                from: timing.start,
                to,
                allocation: worker.allocation,
                effort,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::schedule::testing::*;

    const TEAM: &str = "start = \"2026-01-05\"\n[people]\nana = \"Ana\"\nbob = \"Bob\"\n";

    fn waits(
        plan: &crate::model::Plan,
        schedule: &crate::schedule::Schedule,
        id: &str,
    ) -> Vec<String> {
        timing(plan, schedule, id)
            .delayed_by
            .iter()
            .map(|delay| {
                let task = delay
                    .task
                    .map_or("away", |task| plan.items[task].id.as_str());
                format!("{}:{task}", delay.person)
            })
            .collect()
    }

    #[test]
    fn partial_allocations_share_a_day_and_the_rest_waits() {
        let pages = [
            task("half", "owner: ana\nresources: [{ id: ana, allocation: 50 }]\nstart: 2026-01-05\nduration: 5d"),
            task("other-half", "owner: ana\nresources: [{ id: ana, allocation: 50 }]\nstart: 2026-01-05\nduration: 3d"),
            task("full", "owner: ana\nstart: 2026-01-05\nduration: 1d"),
        ];
        let (plan, schedule) = schedule_of(TEAM, &borrowed(&pages), "2026-01-05", true);
        assert_eq!(dates(&plan, &schedule, "half"), "2026-01-05..2026-01-09");
        assert_eq!(
            dates(&plan, &schedule, "other-half"),
            "2026-01-05..2026-01-07"
        );
        // Ana is full until the 7th and half-busy to the 9th: the full day waits.
        assert_eq!(dates(&plan, &schedule, "full"), "2026-01-12..2026-01-12");
        assert_eq!(
            waits(&plan, &schedule, "full"),
            ["ana:half", "ana:other-half"]
        );
    }

    #[test]
    fn shared_effort_moves_a_day_at_a_time_around_one_persons_block() {
        let pages = [
            task(
                "ana-busy",
                "owner: ana\nstart: 2026-01-05\nduration: 2d\npriority: 900",
            ),
            task(
                "together",
                "owner: ana\nresources: [ana, bob]\nstart: 2026-01-05\neffort: 2d",
            ),
        ];
        let (plan, schedule) = schedule_of(TEAM, &borrowed(&pages), "2026-01-05", true);
        assert_eq!(
            dates(&plan, &schedule, "together"),
            "2026-01-07..2026-01-07"
        );
        assert_eq!(waits(&plan, &schedule, "together"), ["ana:ana-busy"]);
    }

    #[test]
    fn work_under_way_is_not_moved() {
        let pages = [
            task(
                "planned-one",
                "owner: ana\nstart: 2026-01-05\nduration: 2d\npriority: 1000",
            ),
            task(
                "under-way",
                "owner: ana\nstart: 2026-01-05\nduration: 3d\nstatus: active",
            ),
        ];
        let (plan, schedule) = schedule_of(TEAM, &borrowed(&pages), "2026-01-05", true);
        // The task under way keeps its days despite the other's priority.
        assert_eq!(
            dates(&plan, &schedule, "under-way"),
            "2026-01-05..2026-01-07"
        );
        assert_eq!(
            dates(&plan, &schedule, "planned-one"),
            "2026-01-08..2026-01-09"
        );
        assert_eq!(waits(&plan, &schedule, "planned-one"), ["ana:under-way"]);
    }

    #[test]
    fn work_no_week_can_hold_keeps_its_place_and_says_nothing() {
        let config = "start = \"2026-01-05\"\n[people]\nmo = { name = \"Mo\", workdays = [\"mon\", \"tue\"] }\n";
        let pages = [task("long", "owner: mo\nstart: 2026-01-05\nduration: 3d")];
        let (plan, schedule) = schedule_of(config, &borrowed(&pages), "2026-01-05", true);
        assert_eq!(dates(&plan, &schedule, "long"), "2026-01-05..2026-01-07");
        assert!(waits(&plan, &schedule, "long").is_empty());
        // Still reported: Wednesday is not one of Mo's days.
        let mo = schedule.load_of("mo").expect("mo").1;
        assert_eq!(mo.overloads.len(), 1);
        assert_eq!(mo.overloads[0].first, date("2026-01-07"));
    }

    #[test]
    fn a_milestone_follows_levelled_work() {
        let pages = [
            task(
                "one",
                "owner: ana\nstart: 2026-01-05\nduration: 2d\nmilestone: done",
            ),
            task(
                "two",
                "owner: ana\nstart: 2026-01-05\nduration: 2d\nmilestone: done",
            ),
            (
                "milestones/done.md".to_string(),
                "---\nkind: milestone\ndate: 2026-01-07\n---\n".to_string(),
            ),
        ];
        let (plan, schedule) = schedule_of(TEAM, &borrowed(&pages), "2026-01-05", true);
        let done = timing(&plan, &schedule, "done");
        assert_eq!((done.finish, done.late), (date("2026-01-08"), 1));
    }
}
