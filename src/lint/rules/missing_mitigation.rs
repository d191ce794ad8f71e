use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "missing-mitigation",
    default_severity: Severity::Error,
    summary: "a risk without a mitigation",
    doc: r#"## What it does
Reports a risk with neither a `mitigation` field (a string or a list) nor a
body section headed `Mitigation`. Closed risks are not checked.

## Why does it matter
A risk register entry without mitigation records a worry, not a plan.

## Example
```yaml
---
kind: risk
owner: bob
probability: medium
impact: high
---
```

## Fix
```yaml
mitigation: run both billing systems in parallel for one cycle
```
or a `## Mitigation` section in the page body.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for item in &context.plan.items {
        if let Some(risk) = item.as_risk() {
            if risk.mitigation.is_empty() && item.status != "closed" {
                findings.push(Finding::new(
                    RULE.name,
                    item.missing_at("mitigation"),
                    format!("risk `{}` has no mitigation", item.id),
                    "add `mitigation: ...` or a `## Mitigation` section to the page",
                ));
            }
        }
    }
}
