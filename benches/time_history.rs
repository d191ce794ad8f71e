//! Times the git history of a plan, the parts `planbook build` adds: the
//! log walk behind the pages' "last changed" lines and "Recent changes",
//! and the plan's states over time behind the trends page.
//!
//! ```text
//! time_history DIR [RUNS]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use planbook::git::{read_plan_log, HistoryOptions, PlanHistory};
use planbook::trend::{compute_trends, current_settings};

// The allocator of the planbook binary, so the times are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let (filter, options) = current_settings(&root);
    let (mut best_walk, mut best_trends) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        let started = Instant::now();
        let log = match read_plan_log(&root, &filter) {
            Ok(log) => log,
            Err(reason) => {
                eprintln!("no history: {reason}");
                std::process::exit(1);
            }
        };
        let history = PlanHistory::from_log(&log, &HistoryOptions::default());
        let walked = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let trends = match compute_trends(&root, &log, &options) {
            Ok(trends) => trends,
            Err(error) => {
                eprintln!("no trends: {error}");
                std::process::exit(1);
            }
        };
        let trended = started.elapsed().as_secs_f64();
        best_walk = best_walk.min(walked);
        best_trends = best_trends.min(trended);
        println!(
            "history: {} pages, {} commits walked in {walked:.3} s; trends: {} points, {} milestones, {} risks in {trended:.3} s",
            history.pages.len(),
            log.commits.len(),
            trends.points.len(),
            trends.milestones.len(),
            trends.risks.len(),
        );
    }
    println!("best of {runs}: walk {best_walk:.3} s, trends {best_trends:.3} s");
}
