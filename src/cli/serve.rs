use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::{ExitCode, Stdio};

use chrono::NaiveDate;
use clap::Args;

use planbook::lint::report::count_findings;
use planbook::serve::{serve, LiveSite, ServeEvent, ServeOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The plan folder (default: the nearest folder at or above the current
    /// one with a planbook.toml, within the git repository; else the one
    /// plan below the current folder).
    root: Option<PathBuf>,
    /// The port to listen on.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// The address to listen on; the default keeps the site on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Delay work until its people are free (levelling); also
    /// `[schedule] level = true` in planbook.toml.
    #[arg(long)]
    level: bool,
    /// Fix "today" (YYYY-MM-DD) for reproducible results.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root)?;
    if !root.is_dir() {
        anyhow::bail!("plan root `{}` is not a folder", root.display());
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let source = LiveSite::new(root.clone(), args.today, color).with_level(args.level);
    let options = ServeOptions {
        root,
        bind: args.bind,
        port: args.port,
    };
    serve(source, &options, |event| print_event(event, args.open))?;
    Ok(ExitCode::SUCCESS)
}

fn print_event(event: ServeEvent<'_>, open: bool) {
    match event {
        ServeEvent::Listening { url } => {
            println!("serving the plan at {url} (Ctrl-C to stop)");
            if open {
                open_browser(url);
            }
        }
        ServeEvent::Built {
            elapsed,
            changed,
            findings,
            page_error: _,
        } => {
            let verb = if changed.is_empty() {
                "built"
            } else {
                "rebuilt"
            };
            println!(
                "{verb} in {} ms: {}",
                elapsed.as_millis(),
                count_findings(findings.errors, findings.warnings)
            );
            if !findings.text.is_empty() {
                println!("{}", findings.text.trim_end());
            }
            if findings.unchanged > 0 {
                println!(
                    "({} unchanged in other pages not shown again; `planbook lint` lists every finding)",
                    findings.unchanged
                );
            }
        }
        ServeEvent::Failed { elapsed, error } => {
            println!(
                "rebuild failed after {} ms: {error:#}; still serving the last good site",
                elapsed.as_millis()
            );
        }
        ServeEvent::Stopped => println!("stopped"),
    }
}

/// Best effort: a missing opener only means the author clicks the URL.
fn open_browser(url: &str) {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let _ = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}
