//! Times the page history of a plan in git, the part `planbook build` adds
//! for the site's "last changed" lines and "Recent changes" page.
//!
//! ```text
//! time_history DIR [RUNS]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use planbook::git::{plan_history, HistoryOptions};
use planbook::model::page_filter_for;
use planbook::source::CONFIG_FILE;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let config = std::fs::read(root.join(CONFIG_FILE)).ok();
    let filter = page_filter_for(config.as_deref());
    let mut best = f64::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        match plan_history(&root, &filter, &HistoryOptions::default()) {
            Ok(history) => {
                let seconds = started.elapsed().as_secs_f64();
                best = best.min(seconds);
                println!(
                    "history: {} pages, {} recent commits in {:.3} s",
                    history.pages.len(),
                    history.recent.len(),
                    seconds
                );
            }
            Err(reason) => {
                eprintln!("no history: {reason}");
                std::process::exit(1);
            }
        }
    }
    println!("best of {runs}: {best:.3} s");
}
