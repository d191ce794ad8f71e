use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use planbook::git::read_plan_log;
use planbook::model::load_config;
use planbook::source::read_config_file;
use planbook::trend::output::{trends_csv, trends_json, trends_table};
use planbook::trend::report::Since;
use planbook::trend::{compute_trends, current_settings, resolve_since};

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The plan folder (default: the current folder).
    root: Option<PathBuf>,
    /// Only the points from this git ref (tag, branch, sha) or date
    /// (YYYY-MM-DD) on.
    #[arg(long, value_name = "REF|DATE")]
    since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: TrendFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TrendFormat {
    Table,
    Json,
    Csv,
}

pub fn run(args: TrendArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root)?;
    let (filter, options) = current_settings(&root);
    let log = read_plan_log(&root, &filter).map_err(|reason| {
        anyhow::anyhow!("the trends read the plan's git history, and {reason}")
    })?;
    let mut trends = compute_trends(&root, &log, &options)?;
    if let Some(since) = &args.since {
        let date = resolve_since(&log, &Since::parse(since))?;
        trends = trends.since(date);
    }
    let calendar = load_config(read_config_file(&root).context("reading planbook.toml")?, 0)
        .config
        .calendar;
    match args.format {
        TrendFormat::Table => print!("{}", trends_table(&trends, &calendar)),
        TrendFormat::Json => print!("{}", trends_json(&trends)),
        TrendFormat::Csv => print!("{}", trends_csv(&trends)),
    }
    Ok(ExitCode::SUCCESS)
}
