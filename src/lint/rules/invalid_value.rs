use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "invalid-value",
    default_severity: Severity::Error,
    summary: "a date, duration, enum, number or list of the wrong shape",
    doc: r#"## What it does
Reports a value that has the wrong shape for its key: a date that is not an
ISO 8601 calendar date, a duration that is not `5d`, `2w` or a whole number,
a `status` or `kind` outside its allowed values, a `progress` outside
0..100, a text where a list or mapping belongs, an invalid id, a register
entry without `id`, or a person's `name` written with nothing after it
(`name:`, `name = ""`: leave the key out to use the page title or the id).

## Why does it matter
A value planbook cannot read is dropped, so the schedule and the site are
built as if it were not there.

## Example
```yaml
---
kind: task
owner: alice
start: 03/02/2026
duration: two weeks
status: in-progress
---
```

## Fix
```yaml
---
kind: task
owner: alice
start: 2026-03-02
duration: 2w
status: active
---
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for problem in &context.plan.problems.invalid_values {
        findings.push(Finding::new(
            RULE.name,
            problem.span,
            problem.message.clone(),
            problem.help.clone(),
        ));
    }
    crate::lint::levels::invalid_settings(context.plan, RULE.name, findings);
}
