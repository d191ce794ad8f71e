use crate::lint::Severity;
use crate::lint::{did_you_mean, Finding, LintContext, Rule};
use crate::model::{ItemKind, Spanned};

pub const RULE: Rule = Rule {
    name: "unknown-owner",
    default_severity: Severity::Warning,
    summary: "an owner or resource who is not in the roster",
    doc: r#"## What it does
When the plan has a roster (`[people]` in planbook.toml, or `person`
items), reports every `owner`, `resources` entry and communication `owner`
that names nobody in it, and suggests the closest person id. With an empty
roster, owners are not checked.

## Why does it matter
A typo in an owner (`alcie`) splits one person's work in two on the people
pages and hides it from their load.

## Example
```yaml
owner: alcie
```

## Fix
```yaml
owner: alice
```
or add the person to `[people]` in planbook.toml.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    let roster: Vec<&str> = plan.people().map(|person| person.id.as_str()).collect();
    if roster.is_empty() {
        return;
    }
    let mut check_person = |person: &Spanned<String>, role: &str, what: String| {
        if !roster.contains(&person.value.as_str()) {
            findings.push(Finding::new(
                RULE.name,
                person.span,
                format!("{role} `{}` of {what} is not in the roster", person.value),
                did_you_mean(
                    &person.value,
                    roster.iter().copied(),
                    "add them to `[people]` in planbook.toml or as a person page",
                ),
            ));
        }
    };
    for item in &plan.items {
        if item.kind == ItemKind::Person {
            continue;
        }
        let what = format!("{} `{}`", item.kind.name(), item.id);
        if let Some(owner) = &item.owner {
            check_person(owner, "owner", what.clone());
        }
        if let Some(task) = item.as_task() {
            for resource in &task.resources {
                check_person(&resource.person, "resource", what.clone());
            }
        }
        if let Some(overview) = item.as_overview() {
            for entry in &overview.communication {
                if let Some(owner) = &entry.owner {
                    let channel = entry
                        .channel
                        .clone()
                        .unwrap_or_else(|| "communication".into());
                    check_person(
                        owner,
                        "owner",
                        format!("the `{channel}` communication entry"),
                    );
                }
            }
        }
    }
}
