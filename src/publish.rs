//! `planbook build` as one library call: the plan's [`Analysis`], its git
//! history (one walk for the page histories and the plan's states over
//! time, on another thread while the plan is read, since it reads only
//! git), the baseline comparison, and the site written whole into the
//! output folder. A driver like `serve`: it decides nothing about pages,
//! and prints nothing: what the output folder has to say while it is
//! written goes to the caller's [`Notices`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Analysis, AnalysisError, AnalysisOptions};
use crate::git::{read_plan_log, HistoryOptions, NoHistory, PlanHistory};
use crate::site::{build_site, BuildSummary, Notices, SiteBuilder, SiteError, SiteInputs, Theme};
use crate::states::Trends;
use crate::trend::{compute_trends, current_settings};

/// What `planbook build` was asked to do.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    pub analysis: AnalysisOptions,
    /// The output folder; default `output` of planbook.toml, in the plan.
    pub out: Option<PathBuf>,
    /// `--baseline REF`; default `baseline` of planbook.toml.
    pub baseline: Option<String>,
    /// Walk the git history for page histories, Recent changes and trends.
    pub history: bool,
    /// Refuse to build when the plan has findings at this level or above.
    pub deny: Option<Deny>,
}

/// `--deny`: which findings stop a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deny {
    Errors,
    Warnings,
}

/// How a build ended, for the command to report.
#[derive(Debug)]
pub enum Published {
    /// The site was written.
    Built {
        summary: BuildSummary,
        errors: usize,
        warnings: usize,
        /// Why the site has no page history, when it has none though asked.
        no_history: Option<NoHistory>,
    },
    /// `--deny` refused: nothing was written.
    Denied { errors: usize, warnings: usize },
}

/// Why a build could not run.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    #[error("the output folder `{written}` of planbook.toml is not inside the plan, and a build replaces its output folder: write a folder inside the plan as `output`, or name the destination with `--out DIR`")]
    OutputOutsidePlan { written: String },
    #[error("loading the theme")]
    Theme(#[source] crate::site::ThemeError),
    #[error("building the site into `{}`", .destination.display())]
    Site {
        destination: PathBuf,
        #[source]
        source: SiteError,
    },
}

/// Builds the site of the plan in `root`, telling `notices` when it waits
/// for another build of the same folder or repairs an interrupted one.
pub fn publish(
    root: &Path,
    options: &PublishOptions,
    notices: Notices<'_>,
) -> Result<Published, PublishError> {
    // The history walk (seconds on a long history) overlaps the analysis.
    // It only reads, so a build that stops early (bad plan, `--deny`) lets
    // it go instead of waiting for it.
    let walk = options.history.then(|| {
        let root = root.to_path_buf();
        std::thread::spawn(move || page_history(&root))
    });
    let analysis = Analysis::open_folder(root, options.analysis)?;
    let (errors, warnings) = (analysis.report.errors, analysis.report.warnings);
    let denied = match options.deny {
        Some(Deny::Errors) => errors > 0,
        Some(Deny::Warnings) => errors + warnings > 0,
        None => false,
    };
    if denied {
        return Ok(Published::Denied { errors, warnings });
    }
    let baseline = analysis.compare_with_baseline(options.baseline.as_deref())?;
    let history = walk.map(|walk| {
        walk.join()
            .unwrap_or_else(|_| Err(NoHistory::Failed("the history walk stopped".into())))
    });
    let (history, trends, no_history) = match history {
        Some(Ok((history, trends))) => (Some(history), trends, None),
        Some(Err(reason)) => (None, None, Some(reason)),
        None => (None, None, None),
    };
    let theme = Theme::load(root, &analysis.plan.config.theme).map_err(PublishError::Theme)?;
    let config = &analysis.plan.config;
    let destination = match (&options.out, &config.rejected_output) {
        (Some(out), _) => out.clone(),
        (None, Some(written)) => {
            return Err(PublishError::OutputOutsidePlan {
                written: written.clone(),
            })
        }
        (None, None) => root.join(&config.output),
    };
    let inputs = SiteInputs {
        history: history.map(Arc::new),
        baseline,
        trends: trends.map(Arc::new),
    };
    let builder = SiteBuilder::new(&analysis, &theme, inputs);
    let summary =
        build_site(&builder, &destination, notices).map_err(|source| PublishError::Site {
            destination: destination.clone(),
            source,
        })?;
    Ok(Published::Built {
        summary,
        errors,
        warnings,
        no_history,
    })
}

/// The page history and trends of the plan in `root`, from one walk, with
/// the pages decided by its planbook.toml as the analysis will decide
/// them. Trends that cannot be read (an object missing from the
/// repository) leave the site without a trends page, not without history.
pub fn page_history(root: &Path) -> Result<(PlanHistory, Option<Trends>), NoHistory> {
    let (filter, options) = current_settings(root);
    let log = read_plan_log(root, &filter)?;
    let history = PlanHistory::from_log(&log, &HistoryOptions::default());
    let trends = compute_trends(root, &log, &options).ok();
    Ok((history, trends))
}
