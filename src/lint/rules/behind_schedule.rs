use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::calendar::working_days;
use crate::model::{Item, ItemId};
use crate::schedule::{progress_of, Progress, Timing};
use crate::source::Span;

pub const RULE: Rule = Rule {
    name: "behind-schedule",
    default_severity: Severity::Warning,
    summary: "work that is late by its own doing as of today",
    doc: r#"## What it does
Reports, as of the status date (`--today`, else the real date), work that is
late by its own doing:

- a task under way (`active`, or with `started:`) past its planned finish;
- a task not started (`planned`, `blocked`) past its planned start although
  everything it depends on is done.

Work that is late only because something before it is late is not
reported, so one slip gives one finding. The location is the task's
`status` (its start when no status is written).

## Why does it matter
The forecast already moves the task and everything after it; this says
where the slip comes from, while there is still time to act on it, and
keeps a plan from claiming "on time" when it is not.

## Example
Today is 2026-01-14; the task was planned for 2026-01-05 to 2026-01-09:
```yaml
---
kind: task
owner: alice
start: 2026-01-05
duration: 5d
status: active
progress: 40
---
```

## Fix
Bring the page up to date: raise `progress`, set `status: done` (with
`finished:`), or re-plan the task (`start`, `duration`) so that its plan is
one people believe again.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let (plan, schedule) = (context.plan, context.schedule);
    let today = schedule.today;
    let calendar = &plan.config.calendar;
    for (item, record) in plan.tasks() {
        let (Some(task), Some(timing)) = (record.as_task(), schedule.timing(item)) else {
            continue;
        };
        let days = |from, to| {
            let late = calendar.workdays_between(from, to).max(1);
            working_days(late)
        };
        match progress_of(&record.status, task) {
            Progress::UnderWay { percent } if timing.finish < today => {
                // All of it done, by its own account, yet not marked done.
                findings.push(Finding::new(
                    RULE.name,
                    status_span(record),
                    format!(
                        "task `{}` was planned to finish on {} and is {percent}% done, but is still `{}`",
                        record.id, timing.planned_finish, record.status
                    ),
                    "set `status: done` (and `finished:` to the day it finished)",
                ));
            }
            Progress::UnderWay { percent } if timing.planned_finish < today => {
                findings.push(Finding::new(
                    RULE.name,
                    status_span(record),
                    format!(
                        "task `{}` was planned to finish on {} but is still under way ({percent}% done): forecast to finish on {}, {} late",
                        record.id,
                        timing.planned_finish,
                        timing.finish,
                        days(timing.planned_finish, timing.finish)
                    ),
                    "bring `progress` and `status` up to date (`status: done` with `finished:`), or re-plan its `duration`",
                ));
            }
            Progress::NotStarted
                if timing.planned_start < today && dependencies_done(context, item) =>
            {
                findings.push(Finding::new(
                    RULE.name,
                    status_span(record),
                    format!(
                        "task `{}` was planned to start on {} and nothing it depends on is still open, but it has not started: forecast {} to {}, {} late",
                        record.id,
                        timing.planned_start,
                        timing.start,
                        timing.finish,
                        days(timing.planned_start, timing.start)
                    ),
                    "start it (`status: active`, `started:`), or re-plan its `start`",
                ));
            }
            _ => {}
        }
    }
}

/// Whether everything `item` waits for is over by today: done (its forecast
/// finish is in the past) or cancelled.
fn dependencies_done(context: &LintContext<'_>, item: ItemId) -> bool {
    let schedule = context.schedule;
    schedule.graph.predecessors[item].iter().all(|edge| {
        schedule
            .timing(edge.from)
            .is_some_and(|from: &Timing| from.cancelled || from.finish < schedule.today)
    })
}

fn status_span(record: &Item) -> Span {
    record
        .fields
        .get("status")
        .map_or(record.start, |status| status.span)
}
