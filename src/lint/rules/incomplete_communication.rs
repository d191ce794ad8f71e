use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "incomplete-communication",
    default_severity: Severity::Warning,
    summary: "a communication entry without `frequency` or `owner`",
    doc: r#"## What it does
Reports an entry of the plan's `communication` strategy that lacks a
`frequency` or an `owner`. The location is the first empty key of the
two when it is written (`frequency:`), else the entry's `- ` line.

## Why does it matter
A status meeting nobody owns, or that happens "sometimes", does not happen.

## Example
```yaml
communication:
  - channel: steering meeting
    audience: executives
```

## Fix
```yaml
  - channel: steering meeting
    audience: executives
    frequency: monthly
    owner: carol
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for item in &context.plan.items {
        let Some(overview) = item.as_overview() else {
            continue;
        };
        for entry in &overview.communication {
            let missing: Vec<&str> = [
                ("frequency", entry.frequency.is_none()),
                ("owner", entry.owner.is_none()),
            ]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(key, _)| key)
            .collect();
            if missing.is_empty() {
                continue;
            }
            let channel = entry.channel.as_deref().unwrap_or("communication");
            findings.push(Finding::new(
                RULE.name,
                entry.missing_at(missing[0]),
                format!(
                    "communication entry `{channel}` has no {}",
                    missing.join(" and no ")
                ),
                format!(
                    "add {}",
                    missing
                        .iter()
                        .map(|key| format!("`{key}:`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            ));
        }
    }
}
