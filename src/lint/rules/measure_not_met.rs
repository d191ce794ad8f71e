use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "measure-not-met",
    default_severity: Severity::Warning,
    summary: "an objective's milestone is reached, but no reading meets its target",
    doc: r#"## What it does
Reports an objective whose measure has a `target`, whose `milestone` is
`reached`, and which has no reading at or past the target (at or above it
when `better: higher`, at or below when `better: lower`). Readings come
from the overview and from pages with `measure: { objective: id, ... }`.
The location is the measure's `target`.

## Why does it matter
A milestone is where the plan promised to check the objective. Reaching it
without the measure showing success means either the objective is not met
(and the stakeholders should hear so) or the evidence was never recorded.

## Example
```yaml
objectives:
  - id: accuracy
    title: Invoices are as accurate as today's
    milestone: go-live        # status: reached
    measure:
      text: invoices matching Abacus to the cent
      target: { value: 99.5, unit: "%", better: higher }
      readings:
        - { date: 2027-01-20, value: 98.7, note: parallel run }
```

## Fix
Record the reading that shows the target met, or say what happens now:
```yaml
      readings:
        - { date: 2027-01-20, value: 98.7, note: parallel run }
        - { date: 2027-02-03, value: 99.6, note: first live invoice run }
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    for measure in plan.measures() {
        let (Some(target), Some(milestone)) = (&measure.target, &measure.objective.milestone)
        else {
            continue;
        };
        let reached = plan
            .item(&milestone.value)
            .is_some_and(|item| item.status == "reached");
        if !reached || measure.is_met() != Some(false) {
            continue;
        }
        let unit = target.unit.as_deref().unwrap_or("");
        let readings = match measure.readings.len() {
            0 => "it has no reading that meets".to_string(),
            1 => "its one reading does not meet".to_string(),
            count => format!("none of its {count} readings meets"),
        };
        findings.push(Finding::new(
            RULE.name,
            target.span,
            format!(
                "objective `{}`: milestone `{}` is reached, but {readings} the target {}{unit}",
                measure.objective.id.as_deref().unwrap_or(&measure.objective.title),
                milestone.value,
                target.value
            ),
            "add the reading that shows the target met, or tell the stakeholders it is not and re-plan",
        ));
    }
}
