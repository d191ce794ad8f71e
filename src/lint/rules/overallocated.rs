use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "overallocated",
    default_severity: Severity::Warning,
    summary: "someone has more work than time on some days",
    doc: r#"## What it does
Reports a person whose load on some working days, from today on, is more
than they can give: the allocations of the tasks they work that day add up
to more than 100 % of their available time, or fixed-duration work books
them on a day they are away (a leave, or not one of their `workdays`).
Effort-driven work waits for its people and never books a day they are
away.

Who works a task: its `resources` when given, otherwise its owner. There
is one finding per person and run of consecutive working days, naming the
first and last day and the tasks (the first eight, then how many more). The
location is the person (their page, `people:` entry or `[people]` key);
each task is a related location (the first fifty).

## Why does it matter
A plan that needs someone twice at once will slip, and the schedule cannot
know which task loses. Seeing it names the choice to make.

## Example
Both tasks are owned by `alice` and run 2026-01-05 to 2026-01-09:
```yaml
---
kind: task
owner: alice
start: 2026-01-05
duration: 5d
---
```

## Fix
Level the schedule (`planbook schedule --level`, or `[schedule] level =
true` in planbook.toml), so that one task waits for the other; or lower an
`allocation` (`resources: [{ id: alice, allocation: 50 }]`), hand one task
to someone else, or move it with `start` or `depends_on`.
"#,
    check,
};

/// Tasks named in a message, and shown as related locations, at most.
const NAMED: usize = 8;
const RELATED: usize = 50;

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let (plan, schedule) = (context.plan, context.schedule);
    for (person, load) in schedule.workload.people.iter().enumerate() {
        let id = &schedule.people.ids[person];
        for overload in &load.overloads {
            let location = schedule.people.items[person]
                .map(|item| plan.items[item].start)
                .or_else(|| overload.tasks.first().map(|task| plan.items[*task].start));
            let Some(location) = location else { continue };
            let mut tasks: Vec<String> = overload
                .tasks
                .iter()
                .take(NAMED)
                .map(|task| format!("`{}`", plan.items[*task].id))
                .collect();
            if overload.tasks.len() > NAMED {
                tasks.push(format!("and {} more", overload.tasks.len() - NAMED));
            }
            let mut how = Vec::new();
            if overload.peak > 100 {
                how.push(format!("up to {}% of their time", overload.peak));
            }
            if overload.away > 0 {
                how.push(format!(
                    "booked on {} day{} away",
                    overload.away,
                    if overload.away == 1 { "" } else { "s" }
                ));
            }
            let days = if overload.days == 1 {
                format!("on {}", overload.first)
            } else {
                format!(
                    "on {} working days from {} to {}",
                    overload.days, overload.first, overload.last
                )
            };
            let mut finding = Finding::new(
                RULE.name,
                location,
                format!(
                    "`{id}` is over-allocated {days} ({}): {}",
                    how.join(", "),
                    tasks.join(", ")
                ),
                "level the schedule (`--level`, or `[schedule] level = true`), lower an `allocation`, or move or hand over one of these tasks",
            );
            for &task in overload.tasks.iter().take(RELATED) {
                let booking = load.bookings.iter().find(|booking| booking.task == task);
                let note = match booking {
                    Some(booking) => format!(
                        "`{}` books `{id}` at {}% from {} to {}",
                        plan.items[task].id, booking.allocation, booking.from, booking.to
                    ),
                    None => format!("`{}` books `{id}`", plan.items[task].id),
                };
                finding = finding.with_related(plan.items[task].start, note);
            }
            findings.push(finding);
        }
    }
}
