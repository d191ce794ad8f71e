use std::collections::HashMap;

use crate::lint::Severity;
use crate::lint::{did_you_mean, Finding, LintContext, Rule};
use crate::model::Page;
use crate::parse::markdown::{relative_link_target, resolve_relative_path};
use crate::source::Span;

pub const RULE: Rule = Rule {
    name: "broken-link",
    default_severity: Severity::Warning,
    summary: "a relative link to a page, heading or image that does not exist",
    doc: r#"## What it does
Reports a relative Markdown link to a `.md` page that is not part of the
plan, or to a `#heading` anchor that the target page does not have.
Anchors are GitHub-style: the heading text in lower case, spaces turned to
`-`, other punctuation dropped; repeated headings get `-1`, `-2`. Absolute
URLs (`https://...`, `mailto:`) are not checked.

Images a page shows (`![flow](img/flow.png)`) are checked too: the file must
be an image inside the plan folder (not hidden, not excluded) that the site
publishes: PNG, JPEG, GIF, WebP, AVIF, or SVG when `[site] raw_html = true`
(SVG can carry script).

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
    check_page_links(context, findings);
    check_images(context, findings);
}

fn check_page_links(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
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
                            suggest_sibling(
                                &shown,
                                &target,
                                pages.keys().copied(),
                                "fix the path (relative to this page) or create the page",
                            ),
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

/// Every image a page shows must be one the site publishes from the plan.
fn check_images(context: &LintContext<'_>, findings: &mut Vec<Finding>) {
    let plan = context.plan;
    for page in &plan.pages {
        for image in &page.outline.images {
            let Some((target, _)) = relative_link_target(&image.destination) else {
                continue;
            };
            let span = Span::new(page.file, image.start, image.end);
            let (problem, help) = match resolve_relative_path(&page.path, &target) {
                None => (
                    "it lies outside the plan folder".to_string(),
                    "move the image into the plan folder and link it from there".to_string(),
                ),
                Some(path) if !plan.config.publishes_image(&path) => {
                    let svg = path.to_ascii_lowercase().ends_with(".svg");
                    (
                        format!("`{path}` is not an image the site publishes"),
                        if svg {
                            "SVG can carry script: set `[site] raw_html = true` to publish it, or use a PNG".to_string()
                        } else {
                            "show PNG, JPEG, GIF, WebP or AVIF images (link other files with `[text](file)`)".to_string()
                        },
                    )
                }
                Some(path) if plan.assets.binary_search(&path).is_err() => (
                    format!("no image `{path}` in the plan"),
                    suggest_sibling(
                        &path,
                        &target,
                        plan.assets.iter().map(String::as_str),
                        "fix the path (relative to this page) or add the image",
                    ),
                ),
                Some(_) => continue,
            };
            findings.push(Finding::new(
                RULE.name,
                span,
                format!(
                    "image `{}` in `{}`: {problem}",
                    image.destination, page.path
                ),
                help,
            ));
        }
    }
}

/// Suggests a file of the same folder with a close name, written the way
/// the link was written (same relative prefix); else `fallback`.
fn suggest_sibling<'a>(
    missing: &str,
    written: &str,
    pages: impl Iterator<Item = &'a str>,
    fallback: &str,
) -> String {
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
        None => fallback.to_string(),
    }
}
