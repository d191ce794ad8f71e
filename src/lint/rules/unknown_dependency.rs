use crate::lint::Severity;
use crate::lint::{did_you_mean, Finding, LintContext, Rule};
use crate::model::{ItemKind, Plan, Spanned};

pub const RULE: Rule = Rule {
    name: "unknown-dependency",
    default_severity: Severity::Error,
    summary: "a reference to an item that does not exist (or is of the wrong kind)",
    doc: r#"## What it does
Reports a `depends_on` entry, a task's `milestone`, a risk's `affects` entry
or an objective's `milestone` that names no item, or an item of the wrong
kind (a task cannot depend on a risk), and suggests the closest id.

## Why does it matter
A dangling reference silently drops a dependency: the task is scheduled too
early and the critical path is wrong.

## Example
```yaml
---
kind: task
owner: alice
depends_on: [desing]
---
```

## Fix
```yaml
depends_on: [design]
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    let schedulable = [ItemKind::Task, ItemKind::Milestone];
    for item in &plan.items {
        let what = format!("{} `{}`", item.kind.name(), item.id);
        for dependency in item.depends_on() {
            check_reference(
                plan,
                &dependency.id,
                "depends_on",
                &what,
                &schedulable,
                findings,
            );
        }
        if let Some(milestone) = item.as_task().and_then(|task| task.milestone.as_ref()) {
            check_reference(
                plan,
                milestone,
                "milestone",
                &what,
                &[ItemKind::Milestone],
                findings,
            );
        }
        if let Some(risk) = item.as_risk() {
            for affected in &risk.affects {
                check_reference(plan, affected, "affects", &what, &schedulable, findings);
            }
        }
        if let Some(overview) = item.as_overview() {
            for objective in &overview.objectives {
                if let Some(milestone) = &objective.milestone {
                    let what = format!("objective `{}`", objective.title);
                    check_reference(
                        plan,
                        milestone,
                        "milestone",
                        &what,
                        &[ItemKind::Milestone],
                        findings,
                    );
                }
            }
        }
    }
}

fn check_reference(
    plan: &Plan,
    reference: &Spanned<String>,
    key: &str,
    what: &str,
    kinds: &[ItemKind],
    findings: &mut Vec<Finding>,
) {
    let wanted = kinds
        .iter()
        .map(|kind| kind.name())
        .collect::<Vec<_>>()
        .join(" or ");
    match plan.item(&reference.value) {
        Some(target) if kinds.contains(&target.kind) => {}
        Some(target) => findings.push(Finding::new(
            RULE.name,
            reference.span,
            format!(
                "`{key}` of {what} names `{}`, which is a {}, not a {wanted}",
                reference.value,
                target.kind.name()
            ),
            format!("name a {wanted} here"),
        )),
        None => {
            let candidates = plan
                .items
                .iter()
                .filter(|item| kinds.contains(&item.kind))
                .map(|item| item.id.as_str());
            findings.push(Finding::new(
                RULE.name,
                reference.span,
                format!(
                    "`{key}` of {what} names `{}`, which does not exist",
                    reference.value
                ),
                did_you_mean(
                    &reference.value,
                    candidates,
                    &format!("use the id of an existing {wanted}"),
                ),
            ));
        }
    }
}
