use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::FREQUENCY_FORMS;

pub const RULE: Rule = Rule {
    name: "unreadable-frequency",
    default_severity: Severity::Warning,
    summary: "a communication entry's `frequency` is not one planbook can put in a calendar",
    doc: r#"## What it does
Reports a `communication` entry of the overview whose `frequency` is none
of the forms planbook reads: `daily`, `weekly`, `biweekly` (or
`fortnightly`, `every two weeks`), `monthly`, or, for a channel with no
fixed rhythm, `as needed`, `ad hoc`, `on demand` or `event-driven`. The
location is the `frequency` value.

## Why does it matter
The communication strategy becomes `communication.ics`, a calendar
stakeholders subscribe to; an entry whose rhythm cannot be read is missing
from it, and a rhythm nobody can read is one nobody keeps.

## Example
```yaml
communication:
  - channel: Steering committee
    frequency: every other Thursday-ish
```

## Fix
Say the rhythm in one of the forms, and the details in other fields:
```yaml
  - channel: Steering committee
    frequency: biweekly
    day: thursday
    time: "15:00"
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
            let (Some(frequency), Some(span), None) =
                (&entry.frequency, entry.frequency_span, entry.recurrence)
            else {
                continue;
            };
            let channel = entry.channel.as_deref().unwrap_or("communication");
            let forms: Vec<&str> = FREQUENCY_FORMS.iter().map(|(form, _)| *form).collect();
            findings.push(Finding::new(
                RULE.name,
                span,
                format!("communication entry `{channel}` has a frequency planbook cannot read: `{frequency}`"),
                format!("write one of: {}; put the details in `channel`, `day` and `time`", forms.join(", ")),
            ));
        }
    }
}
