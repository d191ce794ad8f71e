//! Git history on the site: the "History" block of each Markdown page and
//! the "Recent changes" page. Reads the [`PlanHistory`] the git stage
//! computed in one walk; never opens the repository itself, and shows only
//! commit dates (never "3 days ago"), so a rebuild gives the same bytes.

use std::collections::HashMap;

use serde::Serialize;

use crate::git::{ChangeKind, CommitSummary, PageHistory, PlanHistory};

use super::layout::Layout;
use super::{paths, Output, SiteBuilder, SiteError};

/// What a page's History block shows.
#[derive(Debug, Serialize)]
pub struct HistoryBlock {
    /// None when the page has no commit yet (new and not committed).
    pub page: Option<PageHistory>,
    /// The Recent changes page, relative to this page.
    pub recent_href: String,
}

/// The History block of the page at `page_path` (relative to the plan root),
/// for a page whose way back to the site root is `root`. None when the build
/// has no history at all.
pub fn history_block(
    builder: &SiteBuilder<'_>,
    page_path: &str,
    root: &str,
) -> Option<HistoryBlock> {
    let history = builder.inputs.history.as_ref()?;
    Some(HistoryBlock {
        page: history.pages.get(page_path).cloned(),
        recent_href: paths::href(root, paths::RECENT_CHANGES),
    })
}

#[derive(Serialize)]
struct ChangedPage {
    path: String,
    /// The page's current title; None for planbook.toml and deleted pages.
    title: Option<String>,
    /// None when the page is not on the site (deleted since, or not a page).
    href: Option<String>,
    change: ChangeKind,
}

/// Files listed per commit on Recent changes; the rest are counted. One
/// import commit of a whole plan must not make the page as long as the plan.
const PAGES_PER_COMMIT: usize = 50;

/// One field-level change of a commit, linked to its item.
#[derive(Serialize)]
struct FieldView {
    id: String,
    href: Option<String>,
    /// "duration 6w → 8w".
    text: String,
}

/// Field changes listed per commit; the rest are counted.
const FIELDS_PER_COMMIT: usize = 50;

#[derive(Serialize)]
struct RecentView {
    #[serde(flatten)]
    commit: CommitSummary,
    pages: Vec<ChangedPage>,
    /// Changed files beyond [`PAGES_PER_COMMIT`], not listed.
    more: usize,
    /// What changed, field by field, when the build has trends.
    fields: Vec<FieldView>,
    more_fields: usize,
}

#[derive(Serialize)]
struct RecentContext {
    #[serde(flatten)]
    layout: Layout,
    commits: Vec<RecentView>,
}

/// The "Recent changes" page, when the build has history.
pub fn render_recent_changes(builder: &SiteBuilder<'_>) -> Result<Option<Output>, SiteError> {
    let Some(history) = &builder.inputs.history else {
        return Ok(None);
    };
    let output = paths::RECENT_CHANGES;
    let layout = Layout::new(builder, output, "Recent changes", output).with_trail(&[]);
    let context = RecentContext {
        commits: recent_views(builder, history, &layout.root),
        layout,
    };
    let html = builder.theme.render("changes.html", &context)?;
    Ok(Some(Output::new(output, html)))
}

fn recent_views(builder: &SiteBuilder<'_>, history: &PlanHistory, root: &str) -> Vec<RecentView> {
    let plan = builder.plan;
    // Only pages of the current plan get a link: a page deleted since (or
    // renamed away) has no page on this site.
    let titles: HashMap<&str, &str> = plan
        .pages
        .iter()
        .map(|page| (page.path.as_str(), page.title.as_str()))
        .collect();
    history
        .recent
        .iter()
        .map(|recent| RecentView {
            fields: field_views(builder, &recent.commit.id, root),
            more_fields: builder
                .inputs
                .trends
                .as_ref()
                .and_then(|trends| trends.changes.get(&recent.commit.id))
                .map_or(0, |changes| {
                    changes.fields.len().saturating_sub(FIELDS_PER_COMMIT)
                }),
            commit: recent.commit.clone(),
            more: recent.pages.len().saturating_sub(PAGES_PER_COMMIT),
            pages: recent
                .pages
                .iter()
                .take(PAGES_PER_COMMIT)
                .map(|change| {
                    let current = titles
                        .get(change.path.as_str())
                        .filter(|_| change.change != ChangeKind::Deleted);
                    ChangedPage {
                        path: change.path.clone(),
                        title: current.map(|title| title.to_string()),
                        href: current.map(|_| paths::href(root, &paths::page_output(&change.path))),
                        change: change.change,
                    }
                })
                .collect(),
        })
        .collect()
}

fn field_views(builder: &SiteBuilder<'_>, commit: &str, root: &str) -> Vec<FieldView> {
    let Some(changes) = builder
        .inputs
        .trends
        .as_ref()
        .and_then(|trends| trends.changes.get(commit))
    else {
        return Vec::new();
    };
    changes
        .fields
        .iter()
        .take(FIELDS_PER_COMMIT)
        .map(|change| FieldView {
            href: builder
                .plan
                .ids
                .get(&change.id)
                .map(|item| paths::href(root, &builder.refs.item_paths[*item])),
            id: change.id.clone(),
            text: change.describe(),
        })
        .collect()
}
