use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::trend::report::{render_html, render_json, render_markdown, status_report, Since};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The plan folder (default: the current folder).
    root: Option<PathBuf>,
    /// Report what changed since this git ref (tag, branch, sha, HEAD~5)
    /// or date (YYYY-MM-DD).
    #[arg(long, value_name = "REF|DATE")]
    since: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: ReportFormat,
    /// Fix "today" (YYYY-MM-DD), the status date of the plan at HEAD.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Markdown,
    Html,
    Json,
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root)?;
    let report = status_report(
        &root,
        &Since::parse(&args.since),
        planbook::today_or(args.today),
    )?;
    match args.format {
        ReportFormat::Markdown => super::emit(&render_markdown(&report))?,
        ReportFormat::Html => super::emit(&render_html(&report))?,
        ReportFormat::Json => super::emit(&render_json(&report))?,
    }
    Ok(ExitCode::SUCCESS)
}
