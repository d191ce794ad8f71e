use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::schedule::graph::closing_entry;

pub const RULE: Rule = Rule {
    name: "dependency-cycle",
    default_severity: Severity::Error,
    summary: "tasks or milestones that depend on each other in a circle",
    doc: r#"## What it does
Reports a cycle in the dependency graph (`depends_on`, and a task's
`milestone`) and prints the whole cycle, e.g. `a -> b -> c -> a`. The
location is the dependency entry that closes the cycle.

## Why does it matter
Items in a cycle can never start; planbook leaves them (and everything after
them) out of the schedule.

## Example
`design` depends on `review`, and `review` depends on `design`.

## Fix
Remove the dependency that is not real, or split a task so that work flows
one way.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    for cycle in &context.schedule.graph.cycles {
        let names: Vec<&str> = cycle
            .iter()
            .map(|item| plan.items[*item].id.as_str())
            .collect();
        let span = closing_entry(plan, cycle);
        findings.push(Finding::new(
            RULE.name,
            span,
            format!(
                "`{}` depends on itself through a dependency cycle: {}",
                names[0],
                names.join(" -> ")
            ),
            "remove one of these dependencies so that work flows one way",
        ));
    }
}
