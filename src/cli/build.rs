use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::analysis::AnalysisOptions;
use planbook::lint::report::count_findings;
use planbook::publish::{publish, Deny, PublishOptions, Published};
use planbook::site::OutputNotice;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The plan folder (default: the nearest folder at or above the current
    /// one with a planbook.toml, within the git repository; else the one
    /// plan below the current folder).
    root: Option<PathBuf>,
    /// Output folder (default: `output` from planbook.toml, `site`, in the plan).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Refuse to build when the plan has lint errors (`errors`) or any finding (`warnings`).
    #[arg(long, value_enum)]
    deny: Option<DenyArg>,
    /// Delay work until its people are free (levelling); also
    /// `[schedule] level = true` in planbook.toml.
    #[arg(long)]
    level: bool,
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
enum DenyArg {
    Errors,
    Warnings,
}

pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root)?;
    let options = PublishOptions {
        analysis: AnalysisOptions {
            level: args.level,
            ..AnalysisOptions::today_or_now(args.today)
        },
        out: args.out,
        baseline: args.baseline,
        history: !args.no_history,
        deny: args.deny.map(|deny| match deny {
            DenyArg::Errors => Deny::Errors,
            DenyArg::Warnings => Deny::Warnings,
        }),
    };
    // Said as it happens: a wait for another build can take minutes.
    let notices = |notice: OutputNotice| match notice {
        OutputNotice::Waiting { .. } => eprintln!("{notice}"),
        OutputNotice::Restored { .. } => eprintln!("note: {notice}"),
    };
    match publish(&root, &options, &notices)? {
        Published::Denied { errors, warnings } => {
            eprintln!(
                "planbook build: not building: the plan has {}; run `planbook lint` for details",
                count_findings(errors, warnings)
            );
            Ok(ExitCode::from(1))
        }
        Published::Built {
            summary: built,
            errors,
            warnings,
            no_history,
        } => {
            if let Some(reason) = no_history {
                eprintln!("note: {reason}; the site builds without page history");
            }
            eprintln!(
                "planbook build: wrote {} files; open {}",
                built.files,
                built.destination.join("index.html").display()
            );
            if errors + warnings > 0 {
                eprintln!(
                    "planbook build: the plan has {}; they are listed on the site's Findings page",
                    count_findings(errors, warnings)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
