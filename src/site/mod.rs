//! The site stage: turns an [`Analysis`] (the plan, its schedule and its
//! lint report) into a static website (FORMAT.md section 6, `planbook
//! build`). Never reads the plan's files: pages and the images they show
//! come through the analysis's sources; only the theme's files are read.
//!
//! [`SiteBuilder`] holds everything a page needs, so a single page can be
//! rendered again from memory (`planbook serve` re-renders a changed page and
//! the aggregate pages). Rendering returns [`Output`]s; only [`output`]
//! touches the disk.

mod aggregates;
mod baseline;
mod board;
mod charts;
mod communication_ics;
mod cross_refs;
pub mod exports;
pub mod gantt;
mod graph;
mod headline;
pub mod heatmap;
mod history;
mod images;
mod layout;
pub mod markdown;
pub mod output;
mod pages;
pub mod paths;
mod person_view;
mod report;
mod risk_register;
pub mod search;
mod status;
mod svg;
pub mod theme;
mod timeline;
mod trends;
mod views;
pub mod workload;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::Analysis;
use crate::baseline::BaselineComparison;
use crate::git::PlanHistory;
use crate::lint::LintReport;
use crate::model::{PageId, Plan};
use crate::schedule::Schedule;
use crate::states::Trends;

pub use images::page_images;
pub use output::{Notices, OutputError, OutputNotice, SiteWriter, MARKER};
pub use theme::{Theme, ThemeError};

/// One file of the site: its path relative to the site root (`/`
/// separators) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Output {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Output {
        Output {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Optional inputs from the git stage. Each page shows what is there and
/// says nothing about what is not: a plan outside git has no history, and
/// a build without `--baseline` has no baseline.
#[derive(Debug, Clone, Default)]
pub struct SiteInputs {
    /// Who changed each page when, and the latest commits of the plan
    /// (shared: `serve` keeps it between renders).
    pub history: Option<Arc<PlanHistory>>,
    /// The schedule compared with the one at a git ref.
    pub baseline: Option<BaselineComparison>,
    /// The plan's states at the points of its history (trends page, item
    /// histories, field-level Recent changes).
    pub trends: Option<Arc<Trends>>,
}

/// Why the site could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Everything needed to render any page of the site, kept in memory.
pub struct SiteBuilder<'a> {
    pub analysis: &'a Analysis,
    pub plan: &'a Plan,
    pub schedule: &'a Schedule,
    pub report: &'a LintReport,
    pub theme: &'a Theme,
    pub inputs: SiteInputs,
    refs: cross_refs::CrossRefs,
    /// Everyone's weekly load, on the one scale all load charts share.
    load_charts: workload::LoadCharts,
    title: String,
}

impl<'a> SiteBuilder<'a> {
    pub fn new(analysis: &'a Analysis, theme: &'a Theme, inputs: SiteInputs) -> SiteBuilder<'a> {
        let (plan, schedule, report) = (&analysis.plan, &analysis.schedule, &analysis.report);
        let title = plan
            .config
            .title
            .clone()
            .or_else(|| plan.overview().map(|overview| overview.title.clone()))
            .unwrap_or_else(|| "Plan".to_string());
        SiteBuilder {
            analysis,
            plan,
            schedule,
            report,
            theme,
            inputs,
            refs: cross_refs::CrossRefs::build(plan, schedule, report),
            load_charts: workload::LoadCharts::build(schedule, &plan.config.calendar),
            title,
        }
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// The Markdown page `page` and the pages of the register items it declares.
    pub fn render_page(&self, page: PageId) -> Result<Vec<Output>, SiteError> {
        pages::render_page(self, page)
    }

    /// Pages of items that no Markdown page declares (the planbook.toml roster).
    pub fn render_roster_items(&self) -> Result<Vec<Output>, SiteError> {
        pages::render_roster_items(self)
    }

    /// Home, timeline, risks, milestones, people, findings, all pages, search,
    /// recent changes and changes since the baseline (when there are any),
    /// the exports and the theme's assets: everything that reads the whole plan.
    pub fn render_aggregates(&self) -> Result<Vec<Output>, SiteError> {
        aggregates::render_aggregates(self)
    }
}

/// What a build wrote.
#[derive(Debug)]
pub struct BuildSummary {
    pub destination: PathBuf,
    pub files: usize,
}

/// Renders the whole site and swaps it into `destination`. Pages are
/// rendered in parallel and written as they come, so a large plan never
/// holds its whole site in memory. What the output folder has to tell the
/// user (a wait for another build, a repaired swap) goes to `notices`.
pub fn build_site(
    builder: &SiteBuilder<'_>,
    destination: &Path,
    notices: Notices<'_>,
) -> Result<BuildSummary, SiteError> {
    let writer = SiteWriter::create(&builder.plan.root, destination, notices)?;
    let write_all = |outputs: Vec<Output>| -> Result<usize, SiteError> {
        for output in &outputs {
            writer.write(&output.path, &output.bytes)?;
        }
        Ok(outputs.len())
    };
    // Aggregate pages render beside the Markdown pages, not after them.
    let (page_files, other_files) = rayon::join(
        || -> Result<usize, SiteError> {
            (0..builder.plan.pages.len())
                .into_par_iter()
                .map(|page| builder.render_page(page).and_then(write_all))
                .try_reduce(|| 0, |a, b| Ok(a + b))
        },
        || -> Result<usize, SiteError> {
            Ok(write_all(builder.render_roster_items()?)?
                + write_all(builder.render_aggregates()?)?
                + write_all(page_images(builder))?)
        },
    );
    let (page_files, other_files) = (page_files?, other_files?);
    let destination = writer.commit()?;
    Ok(BuildSummary {
        destination,
        files: page_files + other_files + 1,
    })
}
