use crate::lint::Severity;
use crate::lint::{Finding, LintContext, Rule};
use crate::source::Span;

pub const RULE: Rule = Rule {
    name: "invalid-front-matter",
    default_severity: Severity::Error,
    summary: "a page's front matter (or planbook.toml) cannot be read",
    doc: r#"## What it does
Reports a page whose front matter does not parse: a YAML or TOML syntax
error, an opening `---` or `+++` line that is never closed, front matter that
is not a mapping of keys, or a file that is not valid UTF-8 or cannot be
read. A key written twice in one mapping, a second YAML document, nesting
deeper than 64 levels and aliases that expand to more than 100,000 values
are reported as syntax errors. A syntax error in `planbook.toml` is reported
by this rule too. The location is where the parser stopped.

## Why does it matter
planbook cannot see any item on that page, so its tasks, risks and owners
silently drop out of the schedule and the site.

## Example
```markdown
---
kind: task
owner: alice
depends_on: [design, review
---
```

## Fix
```markdown
---
kind: task
owner: alice
depends_on: [design, review]
---
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    for page in &plan.pages {
        if let Some(error) = &page.error {
            let span = Span::new(page.file, error.at, error.at);
            findings.push(Finding::new(
                RULE.name,
                span,
                format!("{} (in `{}`)", error.message, page.path),
                error.help.clone(),
            ));
        }
    }
    if let (Some(file), Some(error)) = (plan.config_file, &plan.config_error) {
        findings.push(Finding::new(
            RULE.name,
            Span::new(file, error.at, error.at),
            error.message.clone(),
            error.help.clone(),
        ));
    }
}
