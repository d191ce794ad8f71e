use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::lint::lint_plan;
use planbook::model::load_plan;
use planbook::schedule::compute_schedule;
use planbook::site::{build_site, SiteBuilder, SiteInputs, Theme};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plan folder (default: the current folder).
    root: Option<PathBuf>,
    /// Output folder (default: `output` from planbook.toml, `site`, in the plan).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Refuse to build when the plan has lint errors (`errors`) or any finding (`warnings`).
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// Fix "today" (YYYY-MM-DD) for reproducible output.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Errors,
    Warnings,
}

pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root);
    let plan =
        load_plan(&root).with_context(|| format!("reading the plan in `{}`", root.display()))?;
    let schedule = compute_schedule(&plan, planbook::today_or(args.today));
    let report = lint_plan(&plan, &schedule);
    let summary = format!("{} error(s), {} warning(s)", report.errors, report.warnings);
    let denied = match args.deny {
        Some(Deny::Errors) => report.errors > 0,
        Some(Deny::Warnings) => report.errors + report.warnings > 0,
        None => false,
    };
    if denied {
        eprintln!(
            "planbook build: not building: the plan has {summary}; run `planbook lint` for details"
        );
        return Ok(ExitCode::from(1));
    }
    let theme = Theme::load(&root, &plan.config.theme).context("loading the theme")?;
    let destination = args.out.unwrap_or_else(|| root.join(&plan.config.output));
    let builder = SiteBuilder::new(&plan, &schedule, &report, &theme, SiteInputs::default());
    let built = build_site(&builder, &destination)
        .with_context(|| format!("building the site into `{}`", destination.display()))?;
    eprintln!(
        "planbook build: wrote {} files; open {}",
        built.files,
        built.destination.join("index.html").display()
    );
    if report.errors + report.warnings > 0 {
        eprintln!(
            "planbook build: the plan has {summary}; they are listed on the site's Findings page"
        );
    }
    Ok(ExitCode::SUCCESS)
}
