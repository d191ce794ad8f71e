use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "missing-measure",
    default_severity: Severity::Warning,
    summary: "an objective without a `measure`",
    doc: r#"## What it does
Reports an objective of the plan overview that has no `measure`, its success
criterion. The location is the `measure:` key when it is written empty,
else the objective's `- ` line.

## Why does it matter
An objective that cannot be measured cannot be declared met; the measure is
what the steering group will ask about.

## Example
```yaml
objectives:
  - id: faster-close
    title: Faster month-end close
    type: performance
```

## Fix
```yaml
    measure: month-end close done in 3 working days (today 7)
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for item in &context.plan.items {
        let Some(overview) = item.as_overview() else {
            continue;
        };
        for objective in &overview.objectives {
            // A target is a measure too, even without words.
            if objective.measure.is_none() && objective.target.is_none() {
                findings.push(Finding::new(
                    RULE.name,
                    objective.missing_at("measure"),
                    format!("objective `{}` of the plan has no measure", objective.title),
                    "add `measure:` with the success criterion, e.g. `measure: invoice errors below 0.1%`",
                ));
            }
        }
    }
}
