//! Small plans in memory, for the tests of every part of the schedule.

use super::*;
use crate::source::PlanSources;

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("valid date")
}

/// The plan of `pages` (path, text) and its schedule as of `today`.
pub fn schedule_of(
    config: &str,
    pages: &[(&str, &str)],
    today: &str,
    level: bool,
) -> (Plan, Schedule) {
    let sources = PlanSources::in_memory(Some(config), pages);
    let plan = crate::model::build_plan(std::path::Path::new("."), sources);
    let options = ScheduleOptions {
        today: date(today),
        level,
        dates_only: false,
    };
    let schedule = compute_schedule(&plan, options);
    (plan, schedule)
}

/// A task page: `tasks/{id}.md` with `fields`.
pub fn task(id: &str, fields: &str) -> (String, String) {
    (
        format!("tasks/{id}.md"),
        format!("---\nkind: task\n{fields}\n---\n"),
    )
}

pub fn timing<'s>(plan: &Plan, schedule: &'s Schedule, id: &str) -> &'s Timing {
    schedule
        .timing(plan.ids[id])
        .unwrap_or_else(|| panic!("`{id}` is scheduled"))
}

/// `start..finish` of an item, as text.
pub fn dates(plan: &Plan, schedule: &Schedule, id: &str) -> String {
    let timing = timing(plan, schedule, id);
    format!("{}..{}", timing.start, timing.finish)
}

pub fn borrowed(pages: &[(String, String)]) -> Vec<(&str, &str)> {
    pages
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect()
}
