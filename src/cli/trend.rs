use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use planbook::trend::output::{trends_csv, trends_json, trends_table};
use planbook::trend::plan_trends;
use planbook::trend::report::Since;

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
    let since = args.since.as_deref().map(Since::parse);
    let (trends, calendar) = plan_trends(&root, since.as_ref())?;
    match args.format {
        TrendFormat::Table => super::emit(&trends_table(&trends, &calendar))?,
        TrendFormat::Json => super::emit(&trends_json(&trends))?,
        TrendFormat::Csv => super::emit(&trends_csv(&trends))?,
    }
    Ok(ExitCode::SUCCESS)
}
