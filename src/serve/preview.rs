//! A stand-in site for `serve` until the real site builder (`site`, with
//! its `SiteBuilder`) lands: each page's Markdown as minimal HTML plus an
//! `index.html` listing the pages. It exists so that serving, watching and
//! live reload work and are tested today; replace it, don't grow it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use pulldown_cmark::{CowStr, Event, Parser, Tag};

use super::{BuildResult, ChangedPath, Findings, PageError, SiteFiles, SiteSource};
use crate::lint::report::{render_report, LintFormat};
use crate::lint::{lint_plan, LintReport};
use crate::model::{build_plan, load_config, read_folder, Page, Plan, PlanSources};
use crate::parse::markdown::markdown_options;
use crate::schedule::compute_schedule;

/// The findings rule whose finding is shown as the browser overlay.
const OVERLAY_RULE: &str = "invalid-front-matter";

pub struct MarkdownPreview {
    root: PathBuf,
    today: Option<NaiveDate>,
    color: bool,
    /// The plan's files as last read: a rebuild re-reads only changed pages.
    config: Option<Vec<u8>>,
    pages: BTreeMap<String, Vec<u8>>,
}

impl MarkdownPreview {
    /// `color`: whether the findings text may use terminal colours.
    pub fn new(root: PathBuf, today: Option<NaiveDate>, color: bool) -> MarkdownPreview {
        MarkdownPreview {
            root,
            today,
            color,
            config: None,
            pages: BTreeMap::new(),
        }
    }

    /// Reads every file of the plan again.
    fn read_all(&mut self) -> anyhow::Result<()> {
        let sources = read_folder(&self.root)
            .with_context(|| format!("reading the plan in `{}`", self.root.display()))?;
        self.config = sources.config;
        self.pages = sources.pages.into_iter().collect();
        Ok(())
    }

    /// Re-reads changed pages; a page that cannot be read now (being
    /// replaced, or gone) is treated as gone until its next change.
    fn read_changed(&mut self, changed: &[ChangedPath]) {
        let filter = load_config(self.config.clone(), 0).config.page_filter();
        for change in changed {
            let bytes = std::fs::read(self.root.join(&change.path)).ok();
            match bytes.filter(|_| filter.is_page(&change.path)) {
                Some(bytes) => self.pages.insert(change.path.clone(), bytes),
                None => self.pages.remove(&change.path),
            };
        }
    }

    /// Models, schedules and lints the whole plan: cheap next to rendering.
    fn load(&self) -> (Plan, LintReport) {
        let sources = PlanSources {
            config: self.config.clone(),
            pages: self
                .pages
                .iter()
                .map(|(path, bytes)| (path.clone(), bytes.clone()))
                .collect(),
        };
        let plan = build_plan(&self.root, sources);
        let schedule = compute_schedule(&plan, crate::today_or(self.today));
        let report = lint_plan(&plan, &schedule);
        (plan, report)
    }

    fn findings(&self, plan: &Plan, report: &LintReport) -> Findings {
        let mut text = String::new();
        if !report.diagnostics.is_empty() {
            text = render_report(plan, report, LintFormat::Human, self.color);
            // The report ends with its own count line; serve prints its own.
            let body_end = text.trim_end().rfind('\n').unwrap_or(0);
            text.truncate(body_end);
        }
        Findings {
            errors: report.errors,
            warnings: report.warnings,
            text,
        }
    }
}

impl SiteSource for MarkdownPreview {
    fn build_all(&mut self) -> anyhow::Result<BuildResult> {
        self.read_all()?;
        let (plan, report) = self.load();
        let mut files: BTreeMap<String, Vec<u8>> = plan
            .pages
            .iter()
            .map(|page| (html_path(&page.path), render_page(&plan, page)))
            .collect();
        files.insert("index.html".into(), render_index(&plan));
        Ok(BuildResult {
            files: SiteFiles::Full(files),
            findings: self.findings(&plan, &report),
            page_error: overlay_error(&report, &[]),
        })
    }

    fn rebuild(&mut self, changed: &[ChangedPath]) -> anyhow::Result<BuildResult> {
        // planbook.toml, templates and whole folders can change any page.
        if changed.iter().any(|change| !change.path.ends_with(".md")) {
            return self.build_all();
        }
        self.read_changed(changed);
        let (plan, report) = self.load();
        let mut written = BTreeMap::new();
        let mut removed = Vec::new();
        for change in changed {
            match plan.pages.iter().find(|page| page.path == change.path) {
                // A broken page keeps its last good rendering.
                Some(page) if page.error.is_some() => {}
                Some(page) => {
                    written.insert(html_path(&page.path), render_page(&plan, page));
                }
                None => removed.push(html_path(&change.path)),
            }
        }
        written.insert("index.html".into(), render_index(&plan));
        Ok(BuildResult {
            files: SiteFiles::Delta { written, removed },
            findings: self.findings(&plan, &report),
            page_error: overlay_error(&report, changed),
        })
    }
}

/// The first broken front matter of the plan, preferring a changed page: the
/// site is not right until every page parses.
fn overlay_error(report: &LintReport, changed: &[ChangedPath]) -> Option<PageError> {
    let broken = || {
        report
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.rule == OVERLAY_RULE)
    };
    let diagnostic = broken()
        .find(|diagnostic| {
            changed
                .iter()
                .any(|change| change.path == diagnostic.location.file)
        })
        .or_else(|| broken().next())?;
    Some(PageError {
        file: diagnostic.location.file.clone(),
        line: diagnostic.location.line,
        column: diagnostic.location.column,
        message: format!("{}\nhelp: {}", diagnostic.message, diagnostic.help),
    })
}

/// `tasks/a.md` is served as `tasks/a.html`.
fn html_path(page_path: &str) -> String {
    let stem = page_path.strip_suffix(".md").unwrap_or(page_path);
    format!("{stem}.html")
}

fn render_page(plan: &Plan, page: &Page) -> Vec<u8> {
    let text = &plan.files[page.file].text;
    let body = text.get(page.body_start..).unwrap_or_default();
    // Links between pages point at their `.md` files; the site has `.html`.
    let events = Parser::new_ext(body, markdown_options()).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: md_link_to_html(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if !plan.config.raw_html {
        html = ammonia::clean(&html);
    }
    let up = "../".repeat(page.path.matches('/').count());
    page_html(
        plan,
        &page.title,
        &format!("<p><a href=\"{up}index.html\">All pages</a></p>\n{html}"),
    )
}

fn md_link_to_html(destination: CowStr<'_>) -> CowStr<'_> {
    let relative = !destination.contains("://") && !destination.starts_with('/');
    let (target, anchor) = destination
        .split_once('#')
        .map_or((destination.as_ref(), None), |(target, anchor)| {
            (target, Some(anchor))
        });
    match target.strip_suffix(".md") {
        Some(stem) if relative => {
            let anchor = anchor
                .map(|anchor| format!("#{anchor}"))
                .unwrap_or_default();
            CowStr::from(format!("{stem}.html{anchor}"))
        }
        _ => destination,
    }
}

fn render_index(plan: &Plan) -> Vec<u8> {
    let mut list = String::from("<ul>\n");
    for page in &plan.pages {
        list.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <small>{}</small></li>\n",
            escape_html(&html_path(&page.path)),
            escape_html(&page.title),
            escape_html(&page.path),
        ));
    }
    list.push_str("</ul>\n");
    let title = plan.config.title.as_deref().unwrap_or("Plan");
    page_html(
        plan,
        title,
        &format!("<h1>{}</h1>\n{list}", escape_html(title)),
    )
}

fn page_html(plan: &Plan, title: &str, main: &str) -> Vec<u8> {
    let plan_title = plan.config.title.as_deref().unwrap_or("planbook");
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · {}</title>\n\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}</style>\n\
         </head>\n<body>\n<main>\n{main}</main>\n</body>\n</html>\n",
        escape_html(title),
        escape_html(plan_title),
    )
    .into_bytes()
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::ChangeKind;

    fn plan_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        dir
    }

    fn written(result: &BuildResult) -> Vec<&str> {
        match &result.files {
            SiteFiles::Delta { written, .. } => written.keys().map(String::as_str).collect(),
            SiteFiles::Full(files) => files.keys().map(String::as_str).collect(),
        }
    }

    #[test]
    fn a_changed_page_re_renders_only_itself_and_the_index() {
        let dir = plan_dir(&[("a.md", "# A\n\nSee [b](b.md#top)."), ("b.md", "# B\n")]);
        let mut preview = MarkdownPreview::new(dir.path().into(), None, false);
        let all = preview.build_all().unwrap();
        assert_eq!(written(&all), ["a.html", "b.html", "index.html"]);
        let SiteFiles::Full(files) = &all.files else {
            unreachable!()
        };
        assert!(String::from_utf8_lossy(&files["a.html"]).contains("href=\"b.html#top\""));

        let changed = [ChangedPath {
            path: "a.md".into(),
            kind: ChangeKind::Modified,
        }];
        let result = preview.rebuild(&changed).unwrap();
        assert_eq!(written(&result), ["a.html", "index.html"]);
        assert!(result.page_error.is_none());
    }

    #[test]
    fn broken_front_matter_keeps_the_page_and_reports_its_place() {
        let dir = plan_dir(&[("a.md", "---\nkind: task\nowner: [x\n---\n# A\n")]);
        let mut preview = MarkdownPreview::new(dir.path().into(), None, false);
        preview.build_all().unwrap();
        let changed = [ChangedPath {
            path: "a.md".into(),
            kind: ChangeKind::Modified,
        }];
        let result = preview.rebuild(&changed).unwrap();
        assert_eq!(written(&result), ["index.html"]);
        let error = result.page_error.expect("overlay error");
        assert_eq!(error.file, "a.md");
        assert!(error.line >= 2, "{error:?}");
        assert!(result.findings.errors >= 1);
    }

    #[test]
    fn a_deleted_page_is_removed() {
        let dir = plan_dir(&[("a.md", "# A\n")]);
        let mut preview = MarkdownPreview::new(dir.path().into(), None, false);
        preview.build_all().unwrap();
        std::fs::remove_file(dir.path().join("a.md")).unwrap();
        let changed = [ChangedPath {
            path: "a.md".into(),
            kind: ChangeKind::Removed,
        }];
        let SiteFiles::Delta { removed, .. } = preview.rebuild(&changed).unwrap().files else {
            panic!("a page change gives a delta");
        };
        assert_eq!(removed, ["a.html"]);
    }
}
