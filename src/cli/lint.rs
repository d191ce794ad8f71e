use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::git::{find_staged_plan_root, read_index_sources, PlanRepo};
use planbook::lint::lint_plan;
use planbook::lint::report::{render_report, LintFormat};
use planbook::model::{build_plan, load_plan, Plan};
use planbook::schedule::compute_schedule;

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The plan folder (default: the current folder).
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
    /// Fix "today" (YYYY-MM-DD) for reproducible results.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

pub fn run(args: LintArgs) -> anyhow::Result<ExitCode> {
    let plan = if args.staged {
        read_staged_plan(args.root)?
    } else {
        let root = super::plan_root(args.root);
        load_plan(&root).with_context(|| format!("reading the plan in `{}`", root.display()))?
    };
    let schedule = compute_schedule(&plan, planbook::today_or(args.today));
    let report = lint_plan(&plan, &schedule);
    let color = args.format == LintFormat::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let shown = match args.format {
        LintFormat::Sarif | LintFormat::Github => {
            report.with_path_prefix(&repository_prefix(&plan.root))
        }
        LintFormat::Human | LintFormat::Json => report.clone(),
    };
    print!("{}", render_report(&plan, &shown, args.format, color));
    let failed = report.errors > 0 || (args.deny.is_some() && report.warnings > 0);
    // The process ends now: freeing a big plan piece by piece only costs time.
    std::mem::forget((plan, schedule, report));
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

fn read_staged_plan(root: Option<PathBuf>) -> anyhow::Result<Plan> {
    let root = match root {
        Some(root) => root,
        None => find_staged_plan_root(&PathBuf::from("."))?,
    };
    let sources = read_index_sources(&root)
        .with_context(|| format!("reading the staged plan in `{}`", root.display()))?;
    Ok(build_plan(&root, sources))
}
