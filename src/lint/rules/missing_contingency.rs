use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::{Item, Risk};
use crate::source::Span;

pub const RULE: Rule = Rule {
    name: "missing-contingency",
    default_severity: Severity::Warning,
    summary: "a high risk without a contingency trigger and response",
    doc: r#"## What it does
Reports an open risk whose score (probability x impact) reaches
`[risk] contingency_threshold` (default 6 on the 3-point scale, 12 on the
5-point scale) but that lacks `contingency: { trigger, response }` with both
parts, or a body section headed `Contingency`. The location is the
`contingency` key when it is written but incomplete, else the risk's
`probability` (with its `impact` beside it): the rating that calls for a
contingency.

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
        let finding = Finding::new(
            RULE.name,
            contingency_span(item, risk),
            format!("risk `{}` scores {score} (threshold {threshold}) but has no {}", item.id, missing.trim_start_matches("a ")),
            format!("add {missing}: `contingency: {{ trigger: ..., response: ... }}` or a `## Contingency` section"),
        );
        // Without a `contingency` key the finding sits at the probability:
        // show the impact that makes up the score beside it.
        findings.push(match (&risk.probability, &risk.impact) {
            (Some(_), Some(impact)) if item.fields.get("contingency").is_none() => {
                finding.with_related(impact.span, format!("impact `{}`", impact.written))
            }
            _ => finding,
        });
    }
}

/// The `contingency` key when it is written (incomplete); else the score's
/// inputs, whose rating is what calls for a contingency.
fn contingency_span(item: &Item, risk: &Risk) -> Span {
    if item.fields.get("contingency").is_some() {
        return item.missing_at("contingency");
    }
    risk.probability
        .as_ref()
        .map_or(item.start, |probability| probability.span)
}
