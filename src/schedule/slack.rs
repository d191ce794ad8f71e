//! The backward pass: latest finishes, total slack and the critical path,
//! from the dependencies alone (levelled dates included, once levelled).
//! Cancelled tasks take no part: they have no slack and are never critical.

use chrono::NaiveDate;

use super::days::WorkingDays;
use super::graph::DependencyGraph;
use super::Timing;
use crate::model::{ItemId, ItemKind, Plan};

/// Fills `late_finish`, `slack` and `critical` of every scheduled item,
/// counting back from the plan's `finish`. A levelled task also waits for
/// the tasks in its `delayed_by`, as if it depended on them, so the work
/// that holds up a busy person is critical too; `order` is then the order
/// levelling placed items in (empty: dependency order).
pub fn backward_pass(
    plan: &Plan,
    graph: &DependencyGraph,
    calendar: &WorkingDays<'_>,
    timings: &mut [Option<Timing>],
    finish: NaiveDate,
    order: &[ItemId],
) {
    let mut waited_for_by: Vec<Vec<ItemId>> = vec![Vec::new(); timings.len()];
    for (item, timing) in timings.iter().enumerate() {
        for delay in timing.iter().flat_map(|timing| &timing.delayed_by) {
            if let Some(blocker) = delay.task {
                if !waited_for_by[blocker].contains(&item) {
                    waited_for_by[blocker].push(item);
                }
            }
        }
    }
    let order = if order.is_empty() {
        &graph.order
    } else {
        order
    };
    for &item in order.iter().rev() {
        if timings[item].as_ref().is_none_or(|timing| timing.cancelled) {
            if let Some(timing) = &mut timings[item] {
                timing.late_finish = timing.finish;
                timing.slack = 0;
                timing.critical = false;
            }
            continue;
        }
        let mut late_finish = finish;
        for edge in &graph.successors[item] {
            let Some(successor) = timings[edge.to].as_ref().filter(|to| !to.cancelled) else {
                continue;
            };
            let latest = match plan.items[edge.to].kind {
                ItemKind::Milestone => {
                    calendar.add_workdays(successor.late_finish, -i64::from(edge.lag))
                }
                _ => {
                    let late_start = late_start_of(calendar, successor);
                    calendar
                        .previous_workday(calendar.add_workdays(late_start, -i64::from(edge.lag)))
                }
            };
            late_finish = late_finish.min(latest);
        }
        for &waiting in &waited_for_by[item] {
            if let Some(successor) = timings[waiting].as_ref() {
                late_finish =
                    late_finish.min(calendar.previous_workday(late_start_of(calendar, successor)));
            }
        }
        if let Some(timing) = &mut timings[item] {
            timing.late_finish = late_finish;
            timing.slack = calendar.workdays_between(timing.finish, late_finish);
            timing.critical = timing.slack <= 0;
        }
    }
}

fn late_start_of(calendar: &WorkingDays<'_>, timing: &Timing) -> NaiveDate {
    if timing.duration == 0 {
        timing.late_finish
    } else {
        calendar.add_workdays(timing.late_finish, -(i64::from(timing.duration) - 1))
    }
}

/// Critical tasks and milestones by start date (then finish and id).
pub fn critical_path(
    plan: &Plan,
    graph: &DependencyGraph,
    timings: &[Option<Timing>],
) -> Vec<ItemId> {
    let mut critical: Vec<(NaiveDate, NaiveDate, &str, ItemId)> = graph
        .order
        .iter()
        .filter_map(|&item| {
            let timing = timings[item].as_ref().filter(|timing| timing.critical)?;
            Some((
                timing.start,
                timing.finish,
                plan.items[item].id.as_str(),
                item,
            ))
        })
        .collect();
    critical.sort();
    critical.into_iter().map(|(_, _, _, item)| item).collect()
}
