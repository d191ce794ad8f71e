use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use planbook::lsp::{serve_stdio, LspOptions};

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Speak over stdin and stdout (the only transport; accepted because
    /// many editors pass it).
    #[arg(long)]
    stdio: bool,
    /// Fix "today" (YYYY-MM-DD) for the schedule shown on hover.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

/// Exit status 0 after `shutdown` then `exit`, 1 when the client exits
/// (or goes away) without `shutdown`, as the protocol asks.
pub fn run(args: LspArgs) -> anyhow::Result<ExitCode> {
    let _ = args.stdio;
    let options = LspOptions { today: args.today };
    let shut_down = serve_stdio(&options)?;
    Ok(if shut_down {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
