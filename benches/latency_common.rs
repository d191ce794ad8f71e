//! What the latency benchmarks (serve_latency.rs, lsp_latency.rs) share:
//! std only, so serve_latency.rs still builds with plain `rustc` where
//! cargo cannot build the examples (benches/run.sh).

use std::fs;
use std::path::Path;

/// The first `tasks/*.md` page in path order: a page many others link to.
pub fn first_task_page(plan: &Path) -> Option<String> {
    let mut workstreams: Vec<_> = fs::read_dir(plan)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .collect();
    workstreams.sort();
    for workstream in workstreams {
        let Ok(tasks) = fs::read_dir(workstream.join("tasks")) else {
            continue;
        };
        let mut pages: Vec<_> = tasks.flatten().map(|entry| entry.path()).collect();
        pages.sort();
        if let Some(page) = pages
            .into_iter()
            .find(|page| page.extension().is_some_and(|ext| ext == "md"))
        {
            let relative = page.strip_prefix(plan).ok()?;
            return Some(relative.to_str()?.replace('\\', "/"));
        }
    }
    None
}

/// VmHWM of a process on Linux; 0 where /proc is not there.
pub fn peak_rss_mb(pid: u32) -> f64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
