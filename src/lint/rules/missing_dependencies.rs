use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "missing-dependencies",
    default_severity: Severity::Warning,
    summary: "a task with neither `depends_on` nor `start`",
    doc: r#"## What it does
Reports a task that has neither `depends_on` nor `start`, so nothing
sequences it: it is simply placed at the plan start.

## Why does it matter
Usually a dependency was forgotten, and the task looks far earlier on the
timeline than it can really happen. When a task truly can start at once,
saying so with `start:` makes that a decision rather than an accident.

## Example
```yaml
---
kind: task
owner: alice
duration: 5d
---
```

## Fix
```yaml
depends_on: [design]
```
or
```yaml
start: 2026-01-05
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for (_, item) in context.plan.tasks() {
        let Some(task) = item.as_task() else { continue };
        if task.depends_on.is_empty() && task.start.is_none() {
            let span = match item.fields.get("depends_on") {
                Some(_) => item.missing_at("depends_on"),
                None => item.missing_at("start"),
            };
            findings.push(Finding::new(
                RULE.name,
                span,
                format!("task `{}` has neither `depends_on` nor `start`", item.id),
                "add `depends_on: [<task or milestone id>]`, or `start: <date>` if it can begin on its own",
            ));
        }
    }
}
