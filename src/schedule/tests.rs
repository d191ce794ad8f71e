//! The schedule as a whole: slack, the status date, cancelled work,
//! effort that cannot finish, determinism.

use super::testing::*;
use super::{compute_schedule, Schedule, ScheduleOptions};

const PEOPLE: &str = "start = \"2026-01-05\"\n[people]\nana = \"Ana\"\nbob = \"Bob\"\n";

#[test]
fn slack_and_the_critical_path_follow_the_longest_chain() {
    let pages = [
        task("a", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
        task("b", "owner: ana\ndepends_on: [a]\nduration: 2d"),
        task("c", "owner: bob\nstart: 2026-01-05\nduration: 2d"),
        task(
            "d",
            "owner: bob\ndepends_on: [c, { id: a, lag: 1d }]\nduration: 1d",
        ),
    ];
    let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-05", false);
    // a 5-7, b 8-9; c 5-6; d after a plus a day of lag: 9.
    assert_eq!(dates(&plan, &schedule, "b"), "2026-01-08..2026-01-09");
    assert_eq!(dates(&plan, &schedule, "d"), "2026-01-09..2026-01-09");
    let slack = |id| timing(&plan, &schedule, id).slack;
    assert_eq!(
        (slack("a"), slack("b"), slack("c"), slack("d")),
        (0, 0, 2, 0)
    );
    let path: Vec<&str> = schedule
        .critical_path
        .iter()
        .map(|item| plan.items[*item].id.as_str())
        .collect();
    assert_eq!(path, ["a", "b", "d"]);
    assert_eq!(schedule.finish, Some(date("2026-01-09")));
}

#[test]
fn today_on_a_weekend_starts_late_work_on_monday() {
    let pages = [task("late", "owner: ana\nstart: 2026-01-05\nduration: 2d")];
    let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-10", false);
    assert_eq!(dates(&plan, &schedule, "late"), "2026-01-12..2026-01-13");
    let timing = timing(&plan, &schedule, "late");
    assert_eq!(
        (timing.planned_start, timing.planned_finish),
        (date("2026-01-05"), date("2026-01-06"))
    );
}

#[test]
fn an_active_task_ahead_of_plan_keeps_its_planned_finish() {
    let pages = [task(
        "quick",
        "owner: ana\nstart: 2026-01-05\nduration: 10d\nstatus: active\nprogress: 90",
    )];
    // One day left from Tue 6 Jan, but the plan says 16 Jan: the later wins.
    let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-06", false);
    assert_eq!(dates(&plan, &schedule, "quick"), "2026-01-05..2026-01-16");
}

#[test]
fn done_work_keeps_its_dates_and_cancelled_work_delays_nobody() {
    let pages = [
        task(
            "old",
            "owner: ana\nstart: 2026-01-05\nduration: 2d\nstatus: done",
        ),
        task(
            "dropped",
            "owner: bob\nstart: 2026-01-05\nduration: 9d\nstatus: cancelled",
        ),
        task(
            "next",
            "owner: ana\ndepends_on: [old, dropped]\nduration: 1d",
        ),
    ];
    let (plan, schedule) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-14", false);
    assert_eq!(dates(&plan, &schedule, "old"), "2026-01-05..2026-01-06");
    // `next` waited only for `old`, but nothing starts before today.
    assert_eq!(dates(&plan, &schedule, "next"), "2026-01-14..2026-01-14");
    let dropped = timing(&plan, &schedule, "dropped");
    assert!(dropped.cancelled && !dropped.critical && dropped.slack == 0);
    assert_eq!(schedule.finish, Some(date("2026-01-14")));
    let bob = schedule.load_of("bob").expect("bob").1;
    assert!(bob.bookings.is_empty(), "{:?}", bob.bookings);
}

#[test]
fn an_effort_task_whose_people_never_work_is_a_conflict_not_a_hang() {
    let config =
        "start = \"2026-01-05\"\n[people]\nsam = { name = \"Sam\", workdays = [\"sat\"] }\n";
    let pages = [task("weekend", "owner: sam\nstart: 2026-01-05\neffort: 3d")];
    let (plan, schedule) = schedule_of(config, &borrowed(&pages), "2026-01-05", true);
    // Scheduled as if one person worked it full time.
    assert_eq!(dates(&plan, &schedule, "weekend"), "2026-01-05..2026-01-07");
    assert_eq!(schedule.conflicts.len(), 1);
    assert!(
        schedule.conflicts[0]
            .message
            .contains("never work enough days"),
        "{:?}",
        schedule.conflicts
    );
}

#[test]
fn the_same_plan_gives_the_same_schedule() {
    let pages = [
        task("a", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
        task("b", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
        task("c", "owner: ana\nstart: 2026-01-05\neffort: 2d"),
    ];
    let (plan, first) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-05", true);
    let (_, second) = schedule_of(PEOPLE, &borrowed(&pages), "2026-01-05", true);
    assert_eq!(first.timings, second.timings);
    assert!(first
        .workload
        .people
        .iter()
        .all(|load| load.overloads.is_empty()));
    // a and b have no slack, c a day: a, then b, then c.
    assert_eq!(dates(&plan, &first, "b"), "2026-01-08..2026-01-12");
    assert_eq!(dates(&plan, &first, "c"), "2026-01-13..2026-01-14");
}

#[test]
fn dates_only_gives_the_same_dates_without_slack_path_workload_or_delays() {
    let pages = [
        task("a", "owner: ana\nstart: 2026-01-05\nduration: 3d"),
        task("b", "owner: ana\ndepends_on: [a]\nduration: 2d"),
        task("c", "owner: ana\nstart: 2026-01-05\nduration: 2d"),
    ];
    let sources = crate::source::PlanSources::in_memory(Some(PEOPLE), &borrowed(&pages));
    let plan = crate::model::build_plan(std::path::Path::new("."), sources);
    for level in [false, true] {
        let options = |dates_only| ScheduleOptions {
            today: date("2026-01-06"),
            level,
            dates_only,
        };
        let full = compute_schedule(&plan, options(false));
        let dates = compute_schedule(&plan, options(true));
        let span = |schedule: &Schedule| -> Vec<_> {
            schedule
                .timings
                .iter()
                .map(|timing| {
                    timing
                        .as_ref()
                        .map(|t| (t.start, t.finish, t.planned_finish))
                })
                .collect()
        };
        assert_eq!(span(&full), span(&dates), "level {level}");
        assert_eq!((full.start, full.finish), (dates.start, dates.finish));
        assert!(!full.critical_path.is_empty() && dates.critical_path.is_empty());
        assert!(!full.workload.people.is_empty() && dates.workload.people.is_empty());
        // Levelled, c waits for Ana on a and b; only the full schedule says so.
        let waits = |schedule: &Schedule| timing(&plan, schedule, "c").delayed_by.len();
        assert_eq!(
            (waits(&full), waits(&dates)),
            (if level { 2 } else { 0 }, 0)
        );
    }
}
