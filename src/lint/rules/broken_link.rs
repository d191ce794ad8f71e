use std::collections::HashMap;

use crate::lint::Severity;
use crate::lint::{did_you_mean, Finding, LintContext, Rule};
use crate::model::Page;
use crate::parse::markdown::{relative_link_target, resolve_relative_path};
use crate::source::Span;

pub const RULE: Rule = Rule {
    name: "broken-link",
    default_severity: Severity::Warning,
    summary: "a relative link to a page or heading that does not exist",
    doc: r#"## What it does
Reports a relative Markdown link to a `.md` page that is not part of the
plan, or to a `#heading` anchor that the target page does not have.
Anchors are GitHub-style: the heading text in lower case, spaces turned to
`-`, other punctuation dropped; repeated headings get `-1`, `-2`. Absolute
URLs (`https://...`, `mailto:`) are not checked.

## Why does it matter
Plans cross-reference heavily; a renamed page or heading silently breaks the
path a reader follows on the site.

## Example
```markdown
See the [cutover runbook](../tasks/cut-over.md#rollback).
```

## Fix
```markdown
See the [cutover runbook](../tasks/cutover.md#rollback-plan).
```
"#,
    check,
};

fn check(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    let pages: HashMap<&str, &Page> = plan
        .pages
        .iter()
        .map(|page| (page.path.as_str(), page))
        .collect();
    for page in &plan.pages {
        for link in &page.outline.links {
            let Some((target, anchor)) = relative_link_target(&link.destination) else {
                continue;
            };
            let span = Span::new(page.file, link.start, link.end);
            let target_page = if target.is_empty() {
                Some(page)
            } else if target.ends_with(".md") {
                let resolved = resolve_relative_path(&page.path, &target);
                match resolved.as_deref().and_then(|path| pages.get(path)) {
                    Some(found) => Some(*found),
                    None => {
                        let shown = resolved.unwrap_or_else(|| target.clone());
                        findings.push(Finding::new(
                            RULE.name,
                            span,
                            format!(
                                "link to `{}` in `{}`: no page `{shown}` in the plan",
                                link.destination, page.path
                            ),
                            suggest_page(&shown, &target, pages.keys().copied()),
                        ));
                        continue;
                    }
                }
            } else {
                None
            };
            let (Some(target_page), Some(anchor)) = (target_page, anchor) else {
                continue;
            };
            let anchors = target_page
                .outline
                .headings
                .iter()
                .map(|heading| heading.anchor.as_str());
            if !target_page
                .outline
                .headings
                .iter()
                .any(|heading| heading.anchor == anchor)
            {
                findings.push(Finding::new(
                    RULE.name,
                    span,
                    format!(
                        "link to `{}` in `{}`: `{}` has no heading `#{anchor}`",
                        link.destination, page.path, target_page.path
                    ),
                    did_you_mean(&anchor, anchors, "link to one of the page's headings"),
                ));
            }
        }
    }
}

/// Suggests a page of the same folder with a close name, written the way the
/// link was written (same relative prefix).
fn suggest_page<'a>(missing: &str, written: &str, pages: impl Iterator<Item = &'a str>) -> String {
    let (folder, name) = missing.rsplit_once('/').unwrap_or(("", missing));
    let siblings: Vec<&str> = pages
        .filter_map(|page| {
            let (page_folder, page_name) = page.rsplit_once('/').unwrap_or(("", page));
            (page_folder == folder).then_some(page_name)
        })
        .collect();
    match crate::suggest::closest(name, siblings) {
        Some(close) => {
            let prefix = written.rsplit_once('/').map_or("", |(prefix, _)| prefix);
            let separator = if prefix.is_empty() { "" } else { "/" };
            format!("did you mean `{prefix}{separator}{close}`?")
        }
        None => "fix the path (relative to this page) or create the page".into(),
    }
}
