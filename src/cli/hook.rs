use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use planbook::git::{install_command, install_pre_commit_hook, planbook_on_path, HookOutcome};

#[derive(Debug, Args)]
pub struct HookArgs {
    #[command(subcommand)]
    action: HookAction,
}

#[derive(Debug, Subcommand)]
enum HookAction {
    /// Write .git/hooks/pre-commit so every commit runs `planbook lint --staged`.
    Install(InstallArgs),
}

#[derive(Debug, Args)]
struct InstallArgs {
    /// The plan folder (default: the nearest folder at or above the current
    /// one with a planbook.toml, within the git repository; else the one
    /// plan below the current folder).
    root: Option<PathBuf>,
    /// Replace a pre-commit hook that planbook did not write.
    #[arg(long)]
    force: bool,
}

pub fn run(args: HookArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        HookAction::Install(install) => {
            let root = super::plan_root(install.root)?;
            let (path, outcome) = install_pre_commit_hook(&root, install.force)?;
            let done = match outcome {
                HookOutcome::Installed => "installed",
                HookOutcome::Updated => "updated",
                HookOutcome::Replaced => "replaced the existing hook with",
            };
            println!(
                "{done} the pre-commit hook `{}`: each commit now runs `planbook lint --staged`",
                path.display()
            );
            if planbook_on_path(std::env::var_os("PATH").as_deref()).is_none() {
                let running = std::env::current_exe().unwrap_or_default();
                eprintln!(
                    "warning: `planbook` is not on PATH, so the hook cannot run it and every commit will stop until it is; install it: {}",
                    install_command(&running)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
