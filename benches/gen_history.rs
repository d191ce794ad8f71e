//! Turns a generated plan folder into a git repository with a long history,
//! for benchmarking `lint --staged` and the page history.
//!
//! ```text
//! gen_history --plan DIR --commits N [--seed S] [--stage-only]
//!             [--hours-apart H] [--field-edits]
//! ```
//!
//! The first commit holds the whole plan; each later commit edits 1-4 pages
//! (a revision line appended to the body) by one of ten authors, one hour
//! apart (`--hours-apart` spreads them further, for the trend charts), and
//! every 50th commit adds a note page. With `--field-edits`, half of the
//! edits change a task's fields instead (a planned task starts with some
//! progress, or a duration grows), so forecasts move as in a real plan.
//! With `--stage-only`, the plan is only staged (no commit): the shape
//! `lint --staged` sees before a first commit. Deterministic for the same
//! plan, arguments and seed.

use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, process};

use git2::{IndexAddOption, Repository, Signature, Time};

const AUTHORS: [&str; 10] = [
    "Alice Moreno",
    "Bruno Silva",
    "Chen Wei",
    "Dana Levi",
    "Elif Kaya",
    "Farid Haddad",
    "Grace Okafor",
    "Hugo Martin",
    "Ines Costa",
    "Jonas Berg",
];
/// 2026-01-05 09:00 UTC.
const FIRST_COMMIT: i64 = 1_767_603_600;

struct Args {
    plan: PathBuf,
    commits: usize,
    seed: u64,
    stage_only: bool,
    hours_apart: i64,
    field_edits: bool,
}

fn fail(message: &str) -> ! {
    eprintln!("gen_history: {message}");
    process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        plan: PathBuf::new(),
        commits: 1,
        seed: 7,
        stage_only: false,
        hours_apart: 1,
        field_edits: false,
    };
    let mut iter = env::args().skip(1);
    while let Some(flag) = iter.next() {
        let mut value = || {
            iter.next()
                .unwrap_or_else(|| fail(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--plan" => args.plan = PathBuf::from(value()),
            "--commits" => args.commits = value().parse().unwrap_or_else(|_| fail("--commits N")),
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| fail("--seed S")),
            "--stage-only" => args.stage_only = true,
            "--hours-apart" => {
                args.hours_apart = value().parse().unwrap_or_else(|_| fail("--hours-apart H"))
            }
            "--field-edits" => args.field_edits = true,
            _ => fail("usage: gen_history --plan DIR --commits N [--seed S] [--stage-only] [--hours-apart H] [--field-edits]"),
        }
    }
    if !args.plan.join("planbook.toml").is_file() {
        fail("--plan must name a generated plan folder (with planbook.toml)");
    }
    args
}

/// SplitMix64: enough randomness to pick pages, fully reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn pages(root: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = fs::read_dir(&folder).unwrap_or_else(|e| fail(&e.to_string()));
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".md") {
                let relative = path.strip_prefix(root).expect("below root");
                pages.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    pages.sort();
    pages
}

/// Moves a task on: a planned task starts with some progress, an active
/// one makes progress or finishes, or a duration grows. False for a page
/// that is no task.
fn edit_fields(text: &mut String, rng: &mut Rng) -> bool {
    if text.contains("\nstatus: planned\n") && rng.below(2) == 0 {
        *text = text.replacen("\nstatus: planned\n", "\nstatus: active\nprogress: 20\n", 1);
        return true;
    }
    let progress_at = text
        .find("\nprogress: ")
        .map(|at| at + "\nprogress: ".len())
        .filter(|start| !text[*start..].starts_with("100\n"));
    if let Some(start) = progress_at {
        let end = start + text[start..].find('\n').unwrap_or(0);
        let progress: u32 = text[start..end].parse().unwrap_or(0);
        if progress >= 80 {
            *text = text
                .replacen("\nstatus: active\n", "\nstatus: done\n", 1)
                .replacen(&format!("\nprogress: {progress}\n"), "\nprogress: 100\n", 1);
        } else {
            text.replace_range(start..end, &(progress + 20).to_string());
        }
        return true;
    }
    let Some(at) = text.find("\nduration: ") else {
        return false;
    };
    let start = at + "\nduration: ".len();
    let end = start + text[start..].find('\n').unwrap_or(0);
    let days: u32 = text[start..end]
        .trim_end_matches(['d', 'w'])
        .parse()
        .unwrap_or(1);
    let days = if text[start..end].ends_with('w') {
        days * 5
    } else {
        days
    };
    text.replace_range(start..end, &format!("{}d", days + 1 + rng.below(3) as u32));
    true
}

fn main() {
    let args = parse_args();
    let started = Instant::now();
    if args.plan.join(".git").exists() {
        fail("the plan folder is a git repository already");
    }
    let repo = Repository::init(&args.plan).unwrap_or_else(|e| fail(&e.to_string()));
    let mut index = repo.index().unwrap_or_else(|e| fail(&e.to_string()));
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .unwrap_or_else(|e| fail(&e.to_string()));
    index.write().unwrap_or_else(|e| fail(&e.to_string()));
    if args.stage_only {
        println!("staged {} files in {:?}", index.len(), started.elapsed());
        return;
    }
    let pages = pages(&args.plan);
    let mut rng = Rng(args.seed);
    let mut parent: Option<git2::Oid> = None;
    for number in 0..args.commits {
        let message = if number == 0 {
            "Import the plan".to_string()
        } else {
            let mut touched = Vec::new();
            for _ in 0..1 + rng.below(4) {
                let page = &pages[rng.below(pages.len())];
                let path = args.plan.join(page);
                let mut text = fs::read_to_string(&path).unwrap_or_else(|e| fail(&e.to_string()));
                if !(args.field_edits && rng.below(2) == 0 && edit_fields(&mut text, &mut rng)) {
                    text.push_str(&format!("\nRevision {number}: clarified the scope.\n"));
                }
                fs::write(&path, text).unwrap_or_else(|e| fail(&e.to_string()));
                index
                    .add_path(Path::new(page))
                    .unwrap_or_else(|e| fail(&e.to_string()));
                touched.push(page.clone());
            }
            if number % 50 == 0 {
                let note = format!("notes/revision-{number:05}.md");
                let path = args.plan.join(&note);
                fs::create_dir_all(path.parent().expect("notes folder"))
                    .unwrap_or_else(|e| fail(&e.to_string()));
                fs::write(
                    &path,
                    format!("# Revision {number}\n\nWhat changed and why.\n"),
                )
                .unwrap_or_else(|e| fail(&e.to_string()));
                index
                    .add_path(Path::new(&note))
                    .unwrap_or_else(|e| fail(&e.to_string()));
                touched.push(note);
            }
            format!("Revise {}", touched.join(", "))
        };
        let tree_id = index.write_tree().unwrap_or_else(|e| fail(&e.to_string()));
        let tree = repo
            .find_tree(tree_id)
            .unwrap_or_else(|e| fail(&e.to_string()));
        let author = AUTHORS[number % AUTHORS.len()];
        let email = format!(
            "{}@example.com",
            author.split(' ').next().unwrap_or("dev").to_lowercase()
        );
        let time = Time::new(FIRST_COMMIT + number as i64 * 3_600 * args.hours_apart, 0);
        let signature =
            Signature::new(author, &email, &time).unwrap_or_else(|e| fail(&e.to_string()));
        let parents: Vec<git2::Commit> = parent
            .map(|oid| {
                repo.find_commit(oid)
                    .unwrap_or_else(|e| fail(&e.to_string()))
            })
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        parent = Some(
            repo.commit(
                Some("HEAD"),
                &signature,
                &signature,
                &message,
                &tree,
                &parents,
            )
            .unwrap_or_else(|e| fail(&e.to_string())),
        );
    }
    index.write().unwrap_or_else(|e| fail(&e.to_string()));
    println!(
        "{} commits over {} pages in {:?}",
        args.commits,
        pages.len(),
        started.elapsed()
    );
}
