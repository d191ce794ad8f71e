use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::git::{plan_history, HistoryOptions, NoHistory, PlanHistory};
use planbook::lint::lint_plan;
use planbook::model::{load_plan, Plan};
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
    /// Compare with the plan as committed at this git ref (tag, branch, sha,
    /// HEAD~3): baseline bars, slips and a "Changes since baseline" page;
    /// default: `baseline` in planbook.toml.
    #[arg(long, value_name = "REF")]
    baseline: Option<String>,
    /// Leave out the git history (last change of each page, Recent changes).
    #[arg(long)]
    no_history: bool,
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
    let today = planbook::today_or(args.today);
    // The history walk reads only git, so it runs beside scheduling, linting
    // and the baseline instead of after them.
    let (history, schedule, report) = std::thread::scope(|scope| {
        let walk = (!args.no_history).then(|| scope.spawn(|| page_history(&plan)));
        let schedule = compute_schedule(&plan, today);
        let report = lint_plan(&plan, &schedule);
        let history = walk.map(|walk| {
            walk.join()
                .unwrap_or_else(|_| Err(NoHistory::Failed("the history walk stopped".into())))
        });
        (history, schedule, report)
    });
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
    let baseline = super::compare_with_baseline(&plan, &schedule, args.baseline, today)?;
    let history = match history {
        Some(Ok(history)) => Some(history),
        Some(Err(reason)) => {
            eprintln!("note: {reason}; the site builds without page history");
            None
        }
        None => None,
    };
    let theme = Theme::load(&root, &plan.config.theme).context("loading the theme")?;
    let destination = args.out.unwrap_or_else(|| root.join(&plan.config.output));
    let inputs = SiteInputs { history, baseline };
    let builder = SiteBuilder::new(&plan, &schedule, &report, &theme, inputs);
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

fn page_history(plan: &Plan) -> Result<PlanHistory, NoHistory> {
    plan_history(
        &plan.root,
        &plan.config.page_filter(),
        &HistoryOptions::default(),
    )
}
