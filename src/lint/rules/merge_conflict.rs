use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::model::MergeConflict;
use crate::source::Span;

pub const RULE: Rule = Rule {
    name: "merge-conflict",
    default_severity: Severity::Error,
    summary: "a page or planbook.toml left unresolved by a merge",
    doc: r#"## What it does
Reports the signs of an unfinished git merge (or rebase, or stash pop):

- a page or `planbook.toml` that the git index still holds in conflict,
  with `lint --staged` (at the file's first line). The plan is read with
  the file's "ours" version (the branch being merged into; "theirs" when
  ours deleted it), so the rest of the plan is linted as it would be, and
  the conflict is this one error rather than a trail of missing ids;
- conflict markers left in a file: a line starting with `<<<<<<<`, or a
  stray `>>>>>>>` (at that line; the conflict's `=======` and `>>>>>>>`
  lines are shown beside it). Markers inside a fenced code block are a
  page's text, and a lone `=======` underlines a heading: neither counts.

## Why does it matter
A conflicted file is neither side of the merge: its items, dates and links
are whatever half of each side git left, and a commit made now records the
markers as the plan.

## Example
```markdown
---
kind: task
<<<<<<< HEAD
owner: ana
=======
owner: bo
>>>>>>> feature/reassign
---
```

## Fix
Keep the lines you want and delete the marker lines, then `git add` the
file (which marks it resolved):
```markdown
---
kind: task
owner: bo
---
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    for conflict in &plan.merge_conflicts {
        match conflict {
            MergeConflict::Unmerged { file, read_from } => {
                let path = &plan.files[*file].path;
                findings.push(Finding::new(
                    RULE.name,
                    Span::new(*file, 0, 0),
                    format!(
                        "`{path}` is still in conflict in the git index (an unfinished merge); planbook read it from {}",
                        read_from.describe()
                    ),
                    format!("resolve the conflict in `{path}`, then `git add` it"),
                ));
            }
            MergeConflict::Markers { first, others } => {
                let path = &plan.file(*first).path;
                let mut finding = Finding::new(
                    RULE.name,
                    *first,
                    format!("`{path}` has conflict markers left by a merge"),
                    "keep the lines you want, delete the `<<<<<<<`, `=======` and `>>>>>>>` lines, then save",
                );
                for other in others {
                    finding = finding.with_related(*other, "the same conflict continues here");
                }
                findings.push(finding);
            }
        }
    }
}
