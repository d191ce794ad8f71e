use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "effort-and-duration",
    default_severity: Severity::Error,
    summary: "a task with `effort` and also `duration` or `end`",
    doc: r#"## What it does
Reports a task that gives `effort` (person-days of work) together with
`duration` or `end` (its length in working days, or its last day). A task
has one or the other; one with neither is a `missing-duration`. planbook
schedules it by `duration` or `end` and ignores the effort. The location is
the `effort` value.

## Why does it matter
Effort and duration answer different questions: effort-driven work takes
as long as its people need at their availability and allocation, fixed
work takes its days whoever works it. Both at once cannot both hold.

## Example
```yaml
---
kind: task
owner: alice
effort: 10d
duration: 5d
---
```

## Fix
Keep `effort` when the people decide how long it takes (two people finish
10d of effort in 5 days), or `duration` when the calendar does:
```yaml
effort: 10d
resources: [alice, bob]
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for (_, item) in context.plan.tasks() {
        let Some(task) = item.as_task() else { continue };
        let Some(effort) = &task.effort else { continue };
        let other = match (&task.duration, &task.end) {
            (Some(_), _) => "duration",
            (None, Some(_)) => "end",
            (None, None) => continue,
        };
        findings.push(Finding::new(
            RULE.name,
            effort.span,
            format!(
                "task `{}` gives both `effort: {}d` and `{other}`",
                item.id, effort.value
            ),
            format!(
                "keep `effort` (person-days: its people decide the dates) or `{other}`, not both"
            ),
        ));
    }
}
