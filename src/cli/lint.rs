use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::analysis::{Analysis, AnalysisOptions};
use planbook::git::{find_staged_plan_root, PlanRepo};
use planbook::lint::report::{render_report, LintFormat};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The plan folder (default: the nearest folder at or above the current
    /// one with a planbook.toml, within the git repository; else the one
    /// plan below the current folder).
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: LintFormat,
    /// Also fail (exit 1) on warnings.
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// Lint the plan as it will be committed: pages from the git index,
    /// the working tree ignored. Without ROOT, the plan whose planbook.toml
    /// is staged at or above the current folder (or the only staged plan).
    #[arg(long)]
    staged: bool,
    /// Delay work until its people are free (levelling); also
    /// `[schedule] level = true` in planbook.toml.
    #[arg(long)]
    level: bool,
    /// Fix "today" (YYYY-MM-DD) for reproducible results.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

pub fn run(args: LintArgs) -> anyhow::Result<ExitCode> {
    let options = AnalysisOptions {
        level: args.level,
        ..AnalysisOptions::today_or_now(args.today)
    };
    let analysis = if args.staged {
        let root = match args.root {
            Some(root) => root,
            None => find_staged_plan_root(&PathBuf::from("."))?,
        };
        Analysis::open_index(&root, options)
            .with_context(|| format!("reading the staged plan in `{}`", root.display()))?
    } else {
        Analysis::open_folder(&super::plan_root(args.root)?, options)?
    };
    let (plan, report) = (&analysis.plan, &analysis.report);
    let color = args.format == LintFormat::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let shown = match args.format {
        LintFormat::Sarif | LintFormat::Github => {
            report.with_path_prefix(&repository_prefix(&plan.root))
        }
        LintFormat::Human | LintFormat::Json => report.clone(),
    };
    super::emit(&render_report(plan, &shown, args.format, color))?;
    let failed = report.errors > 0 || (args.deny.is_some() && report.warnings > 0);
    // The process ends now: freeing a big plan piece by piece only costs time.
    std::mem::forget(analysis);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The plan root's path inside its git work tree (`docs/plan/`), or nothing
/// outside git: SARIF and GitHub annotations name files from the repository top.
fn repository_prefix(root: &std::path::Path) -> String {
    PlanRepo::open(root)
        .map(|repo| repo.prefix)
        .unwrap_or_default()
}
