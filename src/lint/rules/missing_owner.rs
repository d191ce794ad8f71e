use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::ItemKind;

pub const RULE: Rule = Rule {
    name: "missing-owner",
    default_severity: Severity::Error,
    summary: "a task, milestone or risk without an owner",
    doc: r#"## What it does
Reports a task, milestone or risk that has no `owner`. The location is the
`owner:` key when it is written with nothing after it, else the item's
start: the page's opening `---` or the `- ` line of a register entry.

## Why does it matter
Work without one accountable person is work nobody chases. Implementation
plans name an owner for every task, checkpoint and risk.

## Example
```yaml
---
kind: task
duration: 5d
---
```

## Fix
```yaml
---
kind: task
owner: alice
duration: 5d
---
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for item in &context.plan.items {
        if matches!(
            item.kind,
            ItemKind::Task | ItemKind::Milestone | ItemKind::Risk
        ) && item.owner.is_none()
        {
            findings.push(Finding::new(
                RULE.name,
                item.missing_at("owner"),
                format!("{} `{}` has no owner", item.kind.name(), item.id),
                "add `owner: <person id>`",
            ));
        }
    }
}
