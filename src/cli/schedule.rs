use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::analysis::{Analysis, AnalysisOptions};
use planbook::lint::location;
use planbook::schedule::graph::closing_entry;
use planbook::schedule::{render_table, ScheduleReport};

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The plan folder (default: the nearest folder at or above the current
    /// one with a planbook.toml, within the git repository; else the one
    /// plan below the current folder).
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ScheduleFormat,
    /// Compare with the plan as committed at this git ref (tag, branch,
    /// sha, HEAD~3) and show each item's slip; default: `baseline` in
    /// planbook.toml.
    #[arg(long, value_name = "REF")]
    baseline: Option<String>,
    /// Delay work until its people are free (levelling); also
    /// `[schedule] level = true` in planbook.toml.
    #[arg(long)]
    level: bool,
    /// Fix "today" (YYYY-MM-DD) for reproducible results.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScheduleFormat {
    Table,
    Json,
}

pub fn run(args: ScheduleArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root)?;
    let options = AnalysisOptions {
        lint: false,
        level: args.level,
        ..AnalysisOptions::today_or_now(args.today)
    };
    let analysis = Analysis::open_folder(&root, options)?;
    let mut report = ScheduleReport::new(&analysis.plan, &analysis.schedule);
    if let Some(comparison) = analysis.compare_with_baseline(args.baseline.as_deref())? {
        comparison.fill_report(&mut report);
    }
    match args.format {
        ScheduleFormat::Json => {
            super::emit(&format!("{}\n", serde_json::to_string_pretty(&report)?))?
        }
        ScheduleFormat::Table => super::emit(&render_table(&report))?,
    }
    // What is not in or after a cycle is still scheduled and printed, but
    // a plan with a cycle has no complete schedule: that is an error.
    // Each is shown where lint shows it: at the entry that closes it.
    for (names, cycle) in report.cycles.iter().zip(&analysis.schedule.graph.cycles) {
        let at = location(&analysis.plan, closing_entry(&analysis.plan, cycle), false);
        eprintln!(
            "error: dependency cycle: {}; the items in it and after it are not scheduled\n \
             --> {}:{}:{}\nhelp: remove one of these dependencies so that work flows one way",
            names.join(" -> "),
            at.file,
            at.line,
            at.column
        );
    }
    // The process ends now: freeing a big plan piece by piece only costs time.
    std::mem::forget(analysis);
    Ok(if report.cycles.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
