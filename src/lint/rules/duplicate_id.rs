use std::collections::HashMap;

use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};

pub const RULE: Rule = Rule {
    name: "duplicate-id",
    default_severity: Severity::Error,
    summary: "two items share an id",
    doc: r#"## What it does
Reports an item whose id is already used by another item (of any kind,
including people of the `[people]` roster), and names both places.

## Why does it matter
References such as `depends_on`, `owner` or `affects` name items by id; with
two items under one id, planbook cannot know which one is meant and uses the
first.

## Example
`tasks/migrate.md` and a `tasks:` entry `- id: migrate` in
`tasks/register.md` both declare `migrate`.

## Fix
Rename one of them (set `id:` on the page, or rename the file), and update
the references that meant it.
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (index, item) in plan.items.iter().enumerate() {
        match first.get(item.id.as_str()) {
            None => {
                first.insert(&item.id, index);
            }
            Some(&original) => {
                let original_item = &plan.items[original];
                let original_place = crate::lint::location(plan, original_item.id_span, false);
                findings.push(
                    Finding::new(
                        RULE.name,
                        item.id_span,
                        format!(
                            "{} id `{}` is already used by the {} at {}:{}",
                            item.kind.name(),
                            item.id,
                            original_item.kind.name(),
                            original_place.file,
                            original_place.line
                        ),
                        "give one of them another id (and update references to it)",
                    )
                    .with_related(
                        original_item.id_span,
                        format!("`{}` first declared here", item.id),
                    ),
                );
            }
        }
    }
}
