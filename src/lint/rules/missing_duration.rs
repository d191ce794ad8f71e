use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::parse::Value;

pub const RULE: Rule = Rule {
    name: "missing-duration",
    default_severity: Severity::Error,
    summary: "a task with neither `duration` nor `end`",
    doc: r#"## What it does
Reports a task that has neither `duration` nor `end`. planbook schedules it
as one working day so that the rest of the plan can still be computed.

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
        if task.duration.is_none() && task.end.is_none() && !written("duration") && !written("end")
        {
            let span = match item.fields.get("duration") {
                Some(_) => item.missing_at("duration"),
                None => item.missing_at("end"),
            };
            findings.push(Finding::new(
                RULE.name,
                span,
                format!("task `{}` has neither `duration` nor `end`", item.id),
                "add `duration: 5d` (working days; `2w` for weeks) or `end: <date>`",
            ));
        }
    }
}
