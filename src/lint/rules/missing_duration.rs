use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::parse::Value;

pub const RULE: Rule = Rule {
    name: "missing-duration",
    default_severity: Severity::Error,
    summary: "a task with neither `duration`, `end` nor `effort`",
    doc: r#"## What it does
Reports a task that has neither `duration` nor `end` nor `effort`. planbook
schedules it as one working day so that the rest of the plan can still be
computed. (A task with `effort` and also `duration` or `end` is an
`effort-and-duration`.)

## Why does it matter
Without a length, the finish date of the task and of everything that
depends on it is a guess.

## Example
```yaml
---
kind: task
owner: alice
start: 2026-01-05
---
```

## Fix
```yaml
duration: 5d
```
or
```yaml
end: 2026-01-09
```
or, for work whose length depends on who does it, person-days:
```yaml
effort: 10d
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for (_, item) in context.plan.tasks() {
        let Some(task) = item.as_task() else { continue };
        // A value that is written but wrong is an `invalid-value` instead.
        let written = |key: &str| {
            item.fields
                .get(key)
                .is_some_and(|value| !matches!(value.value, Value::Null))
        };
        if task.duration.is_none()
            && task.end.is_none()
            && task.effort.is_none()
            && !["duration", "end", "effort"].into_iter().any(written)
        {
            let span = ["duration", "effort", "end"]
                .into_iter()
                .find(|key| item.fields.get(key).is_some())
                .map_or(item.start, |key| item.missing_at(key));
            findings.push(Finding::new(
                RULE.name,
                span,
                format!(
                    "task `{}` has neither `duration`, `end` nor `effort`",
                    item.id
                ),
                "add `duration: 5d` (working days; `2w` for weeks), `end: <date>` or `effort: 10d` (person-days)",
            ));
        }
    }
}
