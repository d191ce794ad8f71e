//! The one-page status report (`report.html`): the headline, progress and
//! finish, milestones, top risks, what is late and due, and what changed
//! recently (the latest commits, and the biggest slips since the baseline
//! when there is one). Made to be printed on one or two A4 pages, so every
//! list here is short; the other pages hold the rest.

use serde::Serialize;

use crate::git::CommitSummary;

use super::baseline::reference_name;
use super::layout::Layout;
use super::pages::linker;
use super::status::{plan_status, PlanStatus};
use super::views::Link;
use super::{paths, Output, SiteBuilder, SiteError};

/// Commits listed under "What changed recently".
const RECENT_COMMITS: usize = 6;
/// Slips since the baseline listed.
const BASELINE_SLIPS: usize = 5;
/// Items listed as late now or due soon before "and N more".
const DUE_ITEMS: usize = 6;

#[derive(Serialize)]
struct RecentCommit {
    #[serde(flatten)]
    commit: CommitSummary,
    pages: usize,
}

#[derive(Serialize)]
struct Slip {
    link: Link,
    slip: i64,
}

#[derive(Serialize)]
struct BaselineSummary {
    reference: String,
    slips: Vec<Slip>,
    added: usize,
    removed: usize,
}

#[derive(Serialize)]
struct ReportContext {
    #[serde(flatten)]
    layout: Layout,
    title: String,
    status: PlanStatus,
    recent: Vec<RecentCommit>,
    has_history: bool,
    baseline: Option<BaselineSummary>,
}

pub fn render_report(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let linker = linker(builder, paths::REPORT);
    let status = plan_status(builder, &linker).shorten(DUE_ITEMS);
    let history = builder.inputs.history.as_ref();
    let recent = history
        .map(|history| {
            history
                .recent
                .iter()
                .take(RECENT_COMMITS)
                .map(|recent| RecentCommit {
                    commit: recent.commit.clone(),
                    pages: recent.pages.len(),
                })
                .collect()
        })
        .unwrap_or_default();
    let baseline = builder
        .inputs
        .baseline
        .as_ref()
        .map(|comparison| BaselineSummary {
            reference: reference_name(comparison).to_string(),
            slips: comparison
                .date_slips
                .iter()
                .take(BASELINE_SLIPS)
                .map(|slip| Slip {
                    link: linker.id(&slip.id),
                    slip: slip.slip,
                })
                .collect(),
            added: comparison.added.len(),
            removed: comparison.removed.len(),
        });
    let context = ReportContext {
        layout: Layout::new(builder, paths::REPORT, "Status report", paths::REPORT).with_trail(&[]),
        title: builder.title().to_string(),
        status,
        recent,
        has_history: history.is_some(),
        baseline,
    };
    let html = builder.theme.render("report.html", &context)?;
    Ok(Output::new(paths::REPORT, html))
}
