//! Times the stages of `planbook schedule` in one process: reading the
//! plan's files, modelling them, and computing the schedule with and
//! without levelling, each the best of RUNS (default 10). Whole-process
//! figures come from benches/run.sh; this says where the time goes.
//!
//! ```text
//! time_schedule DIR [RUNS] [TODAY]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use planbook::model::{build_plan_with, page_filter_for};
use planbook::parse::BodyDetail;
use planbook::schedule::{compute_schedule, ScheduleOptions};
use planbook::source::read_folder;

fn best_of<T>(runs: usize, mut run: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let value = run();
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(10);
    let today = args
        .next()
        .and_then(|today| today.parse::<NaiveDate>().ok())
        .or_else(|| NaiveDate::from_ymd_opt(2026, 1, 5))
        .expect("a date");
    let read = || read_folder(&root, &page_filter_for).expect("the plan reads");
    let (read_ms, sources) = best_of(runs, read);
    let mut sources = Some(sources);
    let (model_ms, plan) = best_of(runs, || {
        // As `planbook schedule` models it: page bodies for their titles only.
        build_plan_with(
            &root,
            sources.take().unwrap_or_else(read),
            BodyDetail::TitleOnly,
        )
    });
    let schedule = |level| {
        best_of(runs, || {
            compute_schedule(
                &plan,
                ScheduleOptions {
                    today,
                    level,
                    dates_only: false,
                },
            )
        })
    };
    let (plain_ms, plain) = schedule(false);
    let (level_ms, levelled) = schedule(true);
    let over = |schedule: &planbook::schedule::Schedule| {
        schedule
            .workload
            .people
            .iter()
            .map(|load| load.overloads.len())
            .sum::<usize>()
    };
    println!(
        "{} pages: read {read_ms:.1} ms, model {model_ms:.1} ms (incl. reading again after the first run), schedule {plain_ms:.1} ms ({} over-allocations), levelled {level_ms:.1} ms ({} over-allocations; finish {:?} against {:?})",
        plan.pages.len(),
        over(&plain),
        over(&levelled),
        levelled.finish,
        plain.finish,
    );
}
