use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::ItemKind;

pub const RULE: Rule = Rule {
    name: "milestone-late",
    default_severity: Severity::Warning,
    summary: "a milestone is forecast after its target date",
    doc: r#"## What it does
Reports a milestone whose forecast date (the forecast finish of its latest
dependency, as of today) falls after its target `date`, with the number of
working days it is late. The location is the `date` value.

## Why does it matter
A late checkpoint is a broken promise waiting to happen; seeing it at commit
time gives the owner time to re-plan or re-negotiate.

## Example
```yaml
---
kind: milestone
owner: alice
date: 2026-03-02
depends_on: [cutover]   # finishes 2026-03-06
---
```

## Fix
Shorten or re-sequence the work that feeds it, or move the target:
```yaml
date: 2026-03-06
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    for (index, item) in plan.items.iter().enumerate() {
        if item.kind != ItemKind::Milestone || item.status == "reached" {
            continue;
        }
        let Some(timing) = context.schedule.timing(index) else {
            continue;
        };
        let (Some(target), Some(date)) = (
            timing.target,
            item.as_milestone()
                .and_then(|milestone| milestone.date.as_ref()),
        ) else {
            continue;
        };
        if timing.late > 0 {
            let days = if timing.late == 1 { "day" } else { "days" };
            findings.push(Finding::new(
                RULE.name,
                date.span,
                format!(
                    "milestone `{}` is reached on {}, {} working {days} after its target {target}",
                    item.id, timing.finish, timing.late
                ),
                "shorten or re-sequence the work that feeds it, or move its `date`",
            ));
        }
    }
}
