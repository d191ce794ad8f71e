//! What the latency benchmarks (serve_latency.rs, lsp_latency.rs) share:
//! std only, so serve_latency.rs still builds with plain `rustc` where
//! cargo cannot build the examples (benches/run.sh).

use std::path::{Path, PathBuf};
use std::{env, fs, process};

/// The options of both latency benchmarks (`--url` is serve's alone).
pub struct Options {
    pub bin: PathBuf,
    pub plan: PathBuf,
    pub page: Option<String>,
    pub url: Option<String>,
    pub runs: usize,
    pub target_ms: Option<f64>,
}

/// Reads the command line: `usage` is printed for `--help`; `--url` is
/// accepted only when `takes_url`.
pub fn parse_args(usage: &str, runs: usize, takes_url: bool) -> Result<Options, String> {
    let mut options = Options {
        bin: PathBuf::new(),
        plan: PathBuf::new(),
        page: None,
        url: None,
        runs,
        target_ms: None,
    };
    let mut args = env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--bin" => options.bin = value()?.into(),
            "--plan" => options.plan = value()?.into(),
            "--page" => options.page = Some(value()?),
            "--url" if takes_url => options.url = Some(value()?),
            "--runs" => options.runs = value()?.parse().map_err(|_| "--runs takes a number")?,
            "--target-ms" => {
                options.target_ms =
                    Some(value()?.parse().map_err(|_| "--target-ms takes a number")?)
            }
            "-h" | "--help" => {
                println!("{usage}");
                process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if options.bin.as_os_str().is_empty()
        || options.plan.as_os_str().is_empty()
        || options.runs == 0
    {
        return Err("--bin and --plan are required, and --runs must be at least 1".into());
    }
    Ok(options)
}

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
