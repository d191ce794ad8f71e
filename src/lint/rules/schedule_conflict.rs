use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "schedule-conflict",
    default_severity: Severity::Error,
    summary: "a task's written dates contradict its dependencies or each other",
    doc: r#"## What it does
Reports a task whose written `start` is earlier than its dependencies allow
(it would start before one of them finishes), whose `end` comes before the
day it can start, whose `duration` and `end` disagree, whose `finished`
comes before its `started`, or whose `effort` its people never have the days
to do (their `workdays` are none of the plan's). The location is the value
at fault.

## Why does it matter
The written dates are what people read and promise; the computed schedule
says they cannot hold. planbook schedules the task when its dependencies
allow, so the page and the timeline disagree until the dates are fixed.

## Example
`build` finishes on 2026-01-09 and:
```yaml
---
kind: task
owner: alice
depends_on: [build]
start: 2026-01-07
duration: 3d
---
```

## Fix
```yaml
start: 2026-01-12
```
or remove `start` and let the dependencies decide.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for conflict in &context.schedule.conflicts {
        findings.push(Finding::new(
            RULE.name,
            conflict.span,
            conflict.message.clone(),
            conflict.help.clone(),
        ));
    }
}
