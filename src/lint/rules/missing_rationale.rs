use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::risk_band;

pub const RULE: Rule = Rule {
    name: "missing-rationale",
    default_severity: Severity::Warning,
    summary: "a high risk is accepted without a rationale",
    doc: r#"## What it does
Reports an open risk with `response: accept` whose score reaches `[risk]
contingency_threshold` but that has no `rationale`. The location is the
`response` value.

## Why does it matter
Accepting a small risk needs no explanation; accepting a big one is a
decision someone took, and the register should say who agreed to it and
why, so it can be revisited when things change.

## Example
```yaml
---
kind: risk
owner: dana
probability: high
impact: high
response: accept
---
```

## Fix
```yaml
rationale: The steering committee accepted it on 2026-09-15; a fallback would cost more than the exposure.
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let threshold = context.plan.config.contingency_threshold;
    for item in &context.plan.items {
        let Some(risk) = item.as_risk() else { continue };
        let Some(response) = &risk.register.response else {
            continue;
        };
        if response.value != "accept"
            || item.status != "open"
            || risk.register.rationale.is_some()
            || risk_band(risk.score(), threshold) != "high"
        {
            continue;
        }
        let score = risk.score().unwrap_or(0);
        findings.push(Finding::new(
            RULE.name,
            response.span,
            format!("risk `{}` scores {score} (threshold {threshold}) and is accepted without a `rationale`", item.id),
            "add `rationale:` saying who accepted it and why, or choose another response",
        ));
    }
}
