use crate::lint::Severity;
use crate::lint::{did_you_mean, Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "unknown-field",
    default_severity: Severity::Warning,
    summary: "a key that the plan format does not define",
    doc: r#"## What it does
Reports every front-matter or `planbook.toml` key that the format does not
define where it stands, and suggests the closest known key.

## Why does it matter
A misspelt key is silently ignored: `owners: alice` leaves the task without
an owner, `depends-on:` leaves it unsequenced. Flagging unknown keys catches
the typo where it was made.

## Example
```yaml
---
kind: task
ownr: alice
---
```

## Fix
```yaml
---
kind: task
owner: alice
---
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    for unknown in &context.plan.problems.unknown_keys {
        let fallback = format!("remove it, or use one of: {}", unknown.known.join(", "));
        findings.push(Finding::new(
            RULE.name,
            unknown.span,
            format!("unknown key `{}` in {}", unknown.name, unknown.context),
            did_you_mean(&unknown.name, unknown.known.iter().copied(), &fallback),
        ));
    }
    let rules = crate::lint::rule_names();
    let fallback = format!("remove it, or use one of: {}", rules.join(", "));
    for setting in crate::lint::levels::unknown_rule_settings(context.plan) {
        let name = &setting.rule.value;
        findings.push(Finding::new(
            RULE.name,
            setting.rule.span,
            format!("unknown key `{name}` in [lint]"),
            did_you_mean(name, rules.iter().copied(), &fallback),
        ));
    }
}
