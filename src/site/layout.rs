//! What every page's layout shows: the site title, a short fixed navigation
//! (never a list of all pages, which would make the site quadratic in size),
//! breadcrumbs, and the lint findings that concern the page.

use serde::Serialize;

use super::paths;
use super::SiteBuilder;

#[derive(Debug, Serialize)]
pub struct NavLink {
    pub title: &'static str,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct Crumb {
    pub title: String,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub severity: &'static str,
    pub rule: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
    /// Link to the page the finding is about, when it is a page.
    pub href: Option<String>,
}

/// The part of every template context the layout (`base.html`) reads.
#[derive(Debug, Serialize)]
pub struct Layout {
    pub site_title: String,
    pub page_title: String,
    /// The way back to the site root from this page (`../../`, or empty).
    pub root: String,
    pub nav: Vec<NavLink>,
    pub breadcrumbs: Vec<Crumb>,
    pub errors: usize,
    pub warnings: usize,
    pub today: chrono::NaiveDate,
    /// Extra scripts this page loads (site paths made relative).
    pub scripts: Vec<String>,
}

const NAV: &[(&str, &str)] = &[
    ("Home", paths::HOME),
    ("Report", paths::REPORT),
    ("Timeline", paths::TIMELINE),
    ("Graph", paths::GRAPH),
    ("Board", paths::BOARD),
    ("Milestones", paths::MILESTONES),
    ("Risks", paths::RISKS),
    ("People", paths::PEOPLE),
    ("Pages", paths::ALL_PAGES),
    ("Trends", paths::TRENDS),
    ("Recent changes", paths::RECENT_CHANGES),
    ("Baseline", paths::BASELINE_CHANGES),
    ("Findings", paths::FINDINGS),
    ("Search", paths::SEARCH),
];

/// False for a page this build does not write: no link may point at it.
fn is_written(builder: &SiteBuilder<'_>, path: &str) -> bool {
    match path {
        paths::RECENT_CHANGES => builder.inputs.history.is_some(),
        paths::BASELINE_CHANGES => builder.inputs.baseline.is_some(),
        paths::TRENDS => builder
            .inputs
            .trends
            .as_ref()
            .is_some_and(|trends| !trends.points.is_empty()),
        _ => true,
    }
}

impl Layout {
    /// The layout of the page written at site path `output`. `section` is
    /// the navigation entry it belongs to (a site path from [`paths`]).
    pub fn new(builder: &SiteBuilder<'_>, output: &str, title: &str, section: &str) -> Layout {
        let root = paths::root_prefix(output);
        Layout {
            site_title: builder.title().to_string(),
            page_title: title.to_string(),
            nav: NAV
                .iter()
                .filter(|(_, path)| is_written(builder, path))
                .map(|(name, path)| NavLink {
                    title: name,
                    href: paths::href(&root, path),
                    current: *path == section,
                })
                .collect(),
            breadcrumbs: Vec::new(),
            errors: builder.report.errors,
            warnings: builder.report.warnings,
            today: builder.schedule.today,
            scripts: Vec::new(),
            root,
        }
    }

    /// Breadcrumbs: Home, then `trail` (title and site path), then this page.
    pub fn with_trail(mut self, trail: &[(String, Option<String>)]) -> Layout {
        let mut crumbs = vec![Crumb {
            title: "Home".into(),
            href: Some(paths::href(&self.root, paths::HOME)),
        }];
        for (title, path) in trail {
            crumbs.push(Crumb {
                title: title.clone(),
                href: path.as_ref().map(|path| paths::href(&self.root, path)),
            });
        }
        crumbs.push(Crumb {
            title: self.page_title.clone(),
            href: None,
        });
        self.breadcrumbs = crumbs;
        self
    }
}

/// The findings of the lint report at `positions`, linked from a page at `root`.
pub fn finding_views(
    builder: &SiteBuilder<'_>,
    positions: &[usize],
    root: &str,
) -> Vec<FindingView> {
    positions
        .iter()
        .filter_map(|position| builder.report.diagnostics.get(*position))
        .map(|diagnostic| {
            let file = &diagnostic.location.file;
            let is_page = builder.plan.page_of_file(diagnostic.span.file).is_some();
            FindingView {
                severity: diagnostic.severity.as_str(),
                rule: diagnostic.rule,
                file: file.clone(),
                line: diagnostic.location.line,
                column: diagnostic.location.column,
                message: diagnostic.message.clone(),
                help: diagnostic.help.clone(),
                href: is_page.then(|| paths::href(root, &paths::page_output(file))),
            }
        })
        .collect()
}
