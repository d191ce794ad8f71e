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

use chrono::Days;

use super::forecast::{is_effort_driven, is_movable, progress_of, Progress, Request, Work};
use super::forward::{settle, Mode, Pass, PassResult};
use super::load::{Booking, Workload};
use super::search::{delays, search};
use super::Timing;
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
    let moved =
        window.is_some() && window.map(|(start, _)| start) != unhindered.map(|(start, _)| start);
    if moved && pass.explain_delays {
        let effort = matches!(work.work, Work::Effort(_));
        timing.delayed_by = delays(pass, workload, &clashes, effort);
    }
    timing
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
    fn a_shared_task_waits_first_for_whoever_is_busy_first() {
        let pages = [
            task(
                "bob-busy",
                "owner: bob\nstart: 2026-01-05\nduration: 2d\npriority: 900",
            ),
            task(
                "ana-busy",
                "owner: ana\nstart: 2026-01-07\nduration: 1d\npriority: 900",
            ),
            task(
                "pair",
                "owner: ana\nresources: [ana, bob]\nstart: 2026-01-05\nduration: 3d",
            ),
        ];
        let (plan, schedule) = schedule_of(TEAM, &borrowed(&pages), "2026-01-05", true);
        // Bob is busy on Monday, before Ana on Wednesday: he is met first,
        // though Ana is named first; then the window from Wednesday meets Ana.
        assert_eq!(dates(&plan, &schedule, "pair"), "2026-01-08..2026-01-12");
        assert_eq!(
            waits(&plan, &schedule, "pair"),
            ["bob:bob-busy", "ana:ana-busy"]
        );

        // Both busy from the same day: the one named first is met.
        let pages = [
            task(
                "ana-tuesday",
                "owner: ana\nstart: 2026-01-06\nduration: 1d\npriority: 900",
            ),
            task(
                "bob-tuesday",
                "owner: bob\nstart: 2026-01-06\nduration: 1d\npriority: 900",
            ),
            task(
                "pair",
                "owner: bob\nresources: [bob, ana]\nstart: 2026-01-05\nduration: 2d",
            ),
        ];
        let (plan, schedule) = schedule_of(TEAM, &borrowed(&pages), "2026-01-05", true);
        assert_eq!(dates(&plan, &schedule, "pair"), "2026-01-07..2026-01-08");
        assert_eq!(waits(&plan, &schedule, "pair"), ["bob:bob-tuesday"]);
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
