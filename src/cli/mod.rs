//! Command-line definitions, one file per subcommand.

mod build;
mod explain;
mod hook;
mod init;
mod lint;
mod lsp;
mod new;
mod report;
mod schedule;
mod schema;
mod serve;
mod trend;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "planbook",
    version,
    about = "Lint, schedule and publish implementation plans kept as Markdown pages in git"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the plan against the format's rules.
    Lint(lint::LintArgs),
    /// Print the computed schedule: dates, slack, critical path.
    Schedule(schedule::ScheduleArgs),
    /// Build the plan's static website (timeline, risk register, exports).
    Build(build::BuildArgs),
    /// Print a rule's documentation (or list the rules).
    Explain(explain::ExplainArgs),
    /// Write a small starter plan that lints clean.
    Init(init::InitArgs),
    /// Add a task, milestone, risk or person page.
    New(new::NewArgs),
    /// Install the git pre-commit hook that lints what is staged.
    Hook(hook::HookArgs),
    /// Serve the site locally, rebuild it on every save and reload the browser.
    Serve(serve::ServeArgs),
    /// Print how milestone forecasts, risk scores and the burn-up moved over the plan's git history.
    Trend(trend::TrendArgs),
    /// Write the status report: what changed since a git ref or date.
    Report(report::ReportArgs),
    /// Run the language server (LSP over stdio) for editors: findings as you
    /// type, completion, go to definition, rename, quick fixes.
    Lsp(lsp::LspArgs),
    /// Print the JSON Schema of page front matter or of planbook.toml.
    Schema(schema::SchemaArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Schedule(args) => schedule::run(args),
        Command::Build(args) => build::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Hook(args) => hook::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Trend(args) => trend::run(args),
        Command::Report(args) => report::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Schema(args) => schema::run(args),
    }
}

/// Writes a command's output to standard output. A reader that stops
/// early (`planbook schedule | head`) is no error: the rest is not wanted,
/// and the command ends as it would have (a panic on the closed pipe
/// would print a backtrace instead).
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(error).context("could not write the output"))
        }
        _ => Ok(()),
    }
}

/// `--today`: an ISO date.
fn parse_today(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date like 2026-03-02"))
}

/// The plan root: ROOT as given, else the nearest folder at or above the
/// current one with a planbook.toml (within the git repository), else the
/// one plan below it, else the current folder.
fn plan_root(root: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    Ok(planbook::source::plan_root_for(
        root,
        std::path::Path::new("."),
    )?)
}
