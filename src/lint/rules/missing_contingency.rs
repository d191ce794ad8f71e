use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "missing-contingency",
    default_severity: Severity::Warning,
    summary: "a high risk without a contingency trigger and response",
    doc: r#"## What it does
Reports an open risk whose score (probability x impact) reaches
`[risk] contingency_threshold` (default 6 on the 3-point scale, 12 on the
5-point scale) but that lacks `contingency: { trigger, response }` with both
parts, or a body section headed `Contingency`.

## Why does it matter
For the risks that matter most, a plan says in advance what tells us the risk
is happening and what we do then, so nobody improvises under pressure.

## Example
```yaml
---
kind: risk
owner: bob
probability: high
impact: high
mitigation: test the data migration twice
---
```

## Fix
```yaml
contingency:
  trigger: reconciliation difference above 0.5% after the dry run
  response: postpone cutover by one billing cycle and keep the old system live
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let threshold = context.plan.config.contingency_threshold;
    for item in &context.plan.items {
        let Some(risk) = item.as_risk() else { continue };
        let Some(score) = risk.score() else { continue };
        if score < threshold || item.status != "open" || risk.contingency.is_complete() {
            continue;
        }
        let missing = match (&risk.contingency.trigger, &risk.contingency.response) {
            (Some(_), None) => "a response",
            (None, Some(_)) => "a trigger",
            _ => "a contingency",
        };
        let span = item
            .fields
            .entry("contingency")
            .map_or(item.start, |(key, _)| key.span);
        findings.push(Finding::new(
            RULE.name,
            span,
            format!("risk `{}` scores {score} (threshold {threshold}) but has no {}", item.id, missing.trim_start_matches("a ")),
            format!("add {missing}: `contingency: {{ trigger: ..., response: ... }}` or a `## Contingency` section"),
        ));
    }
}
