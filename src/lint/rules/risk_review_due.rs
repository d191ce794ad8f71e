use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "risk-review-due",
    default_severity: Severity::Warning,
    summary: "an open risk's review date has passed",
    doc: r#"## What it does
Reports an open risk whose `review` date is before the status date (today,
or `--today`). The location is the `review` value.

## Why does it matter
A register is only as good as its last review: probabilities, impacts and
responses go stale as the work moves on.

## Example
```yaml
---
kind: risk
owner: tomas
probability: high
impact: high
review: 2026-09-30      # today is 2026-10-06
---
```

## Fix
Review the risk (ratings, response, residual) and set the next date:
```yaml
review: 2026-10-20
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let today = context.schedule.today;
    for item in &context.plan.items {
        let Some(review) = item
            .as_risk()
            .and_then(|risk| risk.register.review.as_ref())
        else {
            continue;
        };
        if item.status != "open" || review.value >= today {
            continue;
        }
        let days = (today - review.value).num_days();
        findings.push(Finding::new(
            RULE.name,
            review.span,
            format!(
                "risk `{}` was due for review on {} ({days} day{} ago)",
                item.id,
                review.value,
                if days == 1 { "" } else { "s" }
            ),
            "review its ratings, response and residual, then set the next `review` date",
        ));
    }
}
