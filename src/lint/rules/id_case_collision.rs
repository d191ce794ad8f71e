use std::collections::HashMap;

use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "id-case-collision",
    default_severity: Severity::Error,
    summary: "two ids differ only in letter case",
    doc: r#"## What it does
Reports an item whose id differs from another item's id only in letter case
(`Migrate` and `migrate`), and names both places. Ids that are exactly the
same are a `duplicate-id` instead.

## Why does it matter
The site names files after ids (`items/migrate.html`), and the file systems
of macOS and Windows do not tell `Migrate.html` from `migrate.html`: one
item's page silently replaces the other's, and a checkout there can hold only
one of two such page files. References are case-sensitive, so
`depends_on: [Migrate]` quietly means a different item than `migrate`.

## Example
`tasks/register.md` declares `- id: Migrate`, and `tasks/migrate.md` is the
page of the task `migrate`.

## Fix
Rename one of them so that the ids differ in more than case (or make them
the same item), and update the references.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    let mut first_by_folded: HashMap<String, usize> = HashMap::new();
    for (index, item) in plan.items.iter().enumerate() {
        let folded = item.id.to_lowercase();
        let Some(&first) = first_by_folded.get(&folded) else {
            first_by_folded.insert(folded, index);
            continue;
        };
        let original = &plan.items[first];
        if original.id == item.id {
            continue; // the same id twice: duplicate-id says so
        }
        let place = crate::lint::location(plan, original.id_span, false);
        findings.push(
            Finding::new(
                RULE.name,
                item.id_span,
                format!(
                    "{} id `{}` differs only in letter case from the {} `{}` at {}:{}",
                    item.kind.name(),
                    item.id,
                    original.kind.name(),
                    original.id,
                    place.file,
                    place.line
                ),
                "rename one of them so the ids differ in more than case (macOS and Windows file systems do not tell them apart)",
            )
            .with_related(original.id_span, format!("`{}` declared here", original.id)),
        );
    }
}
