//! Makes a demonstration repository: `sample-plan/` with three months of
//! plan history behind it, for showing the trends page (docs/site.md).
//!
//! ```text
//! demo_history --out DIR [--plan sample-plan]
//! ```
//!
//! The last commit holds `sample-plan/` exactly as it is. The steps below
//! say how the plan got there, each a commit at a fixed date by one of
//! the plan's people: undone from the end they give the first commit (an
//! earlier, more hopeful plan), then replayed one commit each. So durations
//! grow, work starts and finishes, a risk is rated up, a new risk appears,
//! and go-live moves: the charts have something to show. Deterministic.

use std::path::{Path, PathBuf};
use std::{env, fs, process};

use git2::{IndexAddOption, Repository, Signature, Time};

/// One commit: when, who, why, and what it changed (`(file, before,
/// after)`; a `before` of None adds the file as it is in the sample plan).
struct Step {
    date: &'static str,
    author: &'static str,
    message: &'static str,
    edits: &'static [(&'static str, Option<&'static str>, &'static str)],
}

const STEPS: &[Step] = &[
    Step {
        date: "2026-07-13",
        author: "Dana Whitfield",
        message: "Risk: only one person knows the Abacus schema",
        edits: &[("risks/single-schema-expert.md", None, "")],
    },
    Step {
        date: "2026-07-27",
        author: "Ravi Menon",
        message: "API integration is six weeks, not four: webhooks too",
        edits: &[(
            "tasks/api-integration.md",
            Some("duration: 4w\n"),
            "duration: 6w\n",
        )],
    },
    Step {
        date: "2026-08-10",
        author: "Tomás Ferreira",
        message: "Cleansing takes five weeks; data quality rated up",
        edits: &[
            (
                "tasks/data-cleansing.md",
                Some("duration: 3w\n"),
                "duration: 5w\n",
            ),
            (
                "risks/legacy-data-quality.md",
                Some("\nprobability: medium\n"),
                "\nprobability: high\n",
            ),
        ],
    },
    Step {
        date: "2026-08-17",
        author: "Dana Whitfield",
        message: "Go-live two weeks later, after the holiday freeze",
        edits: &[
            (
                "milestones/go-live.md",
                Some("date: 2027-01-15\n"),
                "date: 2027-01-29\n",
            ),
            (
                "milestones/customers-notified.md",
                Some("date: 2027-01-14\n"),
                "date: 2027-01-28\n",
            ),
            (
                "tasks/notice-emails.md",
                Some("end: 2027-01-11\n"),
                "end: 2027-01-25\n",
            ),
        ],
    },
    Step {
        date: "2026-08-31",
        author: "Priya Natarajan",
        message: "Risk: customers confused by the new invoices",
        edits: &[("risks/customer-invoice-confusion.md", None, "")],
    },
    Step {
        date: "2026-09-04",
        author: "Grace Adeyemi",
        message: "Parallel run needs a fourth week for the quarter close",
        edits: &[(
            "tasks/parallel-run.md",
            Some("duration: 3w\n"),
            "duration: 4w\n",
        )],
    },
    Step {
        date: "2026-09-07",
        author: "Dana Whitfield",
        message: "Vendor contract signed",
        edits: &[(
            "tasks/vendor-contract.md",
            Some("status: planned\n"),
            "status: done\nprogress: 100\n",
        )],
    },
    Step {
        date: "2026-09-11",
        author: "Ravi Menon",
        message: "Solution design under way",
        edits: &[(
            "tasks/solution-design.md",
            Some("status: planned\n"),
            "status: active\nprogress: 50\n",
        )],
    },
    Step {
        date: "2026-09-18",
        author: "Tomás Ferreira",
        message: "Profiling done",
        edits: &[(
            "tasks/data-profiling.md",
            Some("status: planned\n"),
            "status: done\nprogress: 100\n",
        )],
    },
    Step {
        date: "2026-09-21",
        author: "Ravi Menon",
        message: "Solution design signed off",
        edits: &[(
            "tasks/solution-design.md",
            Some("status: active\nprogress: 50\n"),
            "status: done\nprogress: 100\n",
        )],
    },
    Step {
        date: "2026-09-22",
        author: "Lena Kowalski",
        message: "API integration and the catalog start",
        edits: &[
            (
                "tasks/api-integration.md",
                Some("status: planned\n"),
                "status: active\nprogress: 10\n",
            ),
            (
                "tasks/product-catalog.md",
                Some("status: planned\n"),
                "status: active\nprogress: 30\n",
            ),
        ],
    },
    Step {
        date: "2026-09-24",
        author: "Tomás Ferreira",
        message: "Cleansing and mapping start",
        edits: &[
            (
                "tasks/data-cleansing.md",
                Some("status: planned\n"),
                "status: active\nprogress: 20\n",
            ),
            (
                "tasks/migration-mapping.md",
                Some("status: planned\n"),
                "status: active\nprogress: 35\n",
            ),
        ],
    },
    Step {
        date: "2026-09-28",
        author: "Priya Natarajan",
        message: "Communication plan agreed",
        edits: &[(
            "tasks/comms-plan.md",
            Some("status: planned\n"),
            "status: done\nprogress: 100\n",
        )],
    },
    Step {
        date: "2026-09-30",
        author: "Kenji Sato",
        message: "Revenue rules and tax configuration under way",
        edits: &[
            (
                "tasks/revenue-recognition-rules.md",
                Some("status: planned\n"),
                "status: active\nprogress: 40\n",
            ),
            (
                "tasks/tax-configuration.md",
                Some("status = \"planned\"\n"),
                "status = \"active\"\nprogress = 40\n",
            ),
        ],
    },
    Step {
        date: "2026-10-02",
        author: "Ravi Menon",
        message: "Payment gateway work",
        edits: &[(
            "tasks/payment-gateway.md",
            Some("status: planned\n"),
            "status: active\nprogress: 80\n",
        )],
    },
    Step {
        date: "2026-10-05",
        author: "Dana Whitfield",
        message: "Weekly status: progress on API, cleansing, catalog and tax",
        edits: &[
            (
                "tasks/api-integration.md",
                Some("progress: 10\n"),
                "progress: 30\n",
            ),
            (
                "tasks/data-cleansing.md",
                Some("progress: 20\n"),
                "progress: 50\n",
            ),
            (
                "tasks/product-catalog.md",
                Some("progress: 30\n"),
                "progress: 60\n",
            ),
            (
                "tasks/tax-configuration.md",
                Some("progress = 40\n"),
                "progress = 80\n",
            ),
        ],
    },
];

const FIRST_DATE: &str = "2026-07-06";

fn fail(message: &str) -> ! {
    eprintln!("demo_history: {message}");
    process::exit(2)
}

fn copy_plan(from: &Path, to: &Path) {
    for entry in walk(from) {
        let relative = entry.strip_prefix(from).expect("below the plan");
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        if first.as_deref() == Some("site") {
            continue;
        }
        let target = to.join(relative);
        fs::create_dir_all(target.parent().expect("a folder"))
            .unwrap_or_else(|e| fail(&e.to_string()));
        fs::copy(&entry, &target).unwrap_or_else(|e| fail(&e.to_string()));
    }
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let entries = fs::read_dir(folder).unwrap_or_else(|e| fail(&e.to_string()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Replaces `from` by `to` in a file, where `from` must occur exactly once.
fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    if text.matches(from).count() != 1 {
        fail(&format!(
            "{file}: `{}` does not occur exactly once",
            from.trim_end()
        ));
    }
    fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|e| fail(&e.to_string()));
}

fn commit(repo: &Repository, date: &str, author: &str, message: &str) {
    let mut index = repo.index().unwrap_or_else(|e| fail(&e.to_string()));
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .and_then(|()| index.update_all(["*"], None))
        .and_then(|()| index.write())
        .unwrap_or_else(|e| fail(&e.to_string()));
    let tree_id = index.write_tree().unwrap_or_else(|e| fail(&e.to_string()));
    let tree = repo
        .find_tree(tree_id)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let day = chrono_free_days(date);
    // Nine in the morning UTC on that day.
    let time = Time::new(day * 86_400 + 9 * 3_600, 0);
    let email = format!(
        "{}@brightwater.example",
        author.split(' ').next().unwrap_or("pm").to_lowercase()
    );
    let signature = Signature::new(author, &email, &time).unwrap_or_else(|e| fail(&e.to_string()));
    let parent = repo.head().ok().and_then(|head| head.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parents,
    )
    .unwrap_or_else(|e| fail(&e.to_string()));
}

/// Days since 1970-01-01 of an ISO date (std only: no date crate needed).
fn chrono_free_days(date: &str) -> i64 {
    let parts: Vec<i64> = date
        .split('-')
        .map(|part| part.parse().unwrap_or(0))
        .collect();
    let (year, month, day) = (parts[0], parts[1], parts[2]);
    // Howard Hinnant's days_from_civil.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn main() {
    let mut out = None;
    let mut plan = PathBuf::from("sample-plan");
    let mut args = env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| fail(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--plan" => plan = PathBuf::from(value),
            _ => fail("usage: demo_history --out DIR [--plan sample-plan]"),
        }
    }
    let out = out.unwrap_or_else(|| fail("usage: demo_history --out DIR [--plan sample-plan]"));
    if out.exists() {
        fail(&format!(
            "{} exists already; remove it first",
            out.display()
        ));
    }
    copy_plan(&plan, &out);
    // Undo every step, newest first: the plan as it was first committed.
    for step in STEPS.iter().rev() {
        for (file, before, after) in step.edits.iter().rev() {
            match before {
                Some(before) => replace(&out, file, after, before),
                None => fs::remove_file(out.join(file)).unwrap_or_else(|e| fail(&e.to_string())),
            }
        }
    }
    let repo = Repository::init(&out).unwrap_or_else(|e| fail(&e.to_string()));
    commit(
        &repo,
        FIRST_DATE,
        "Dana Whitfield",
        "First plan for the billing migration",
    );
    for step in STEPS {
        for (file, before, after) in step.edits {
            match before {
                Some(before) => replace(&out, file, before, after),
                None => {
                    fs::copy(plan.join(file), out.join(file))
                        .unwrap_or_else(|e| fail(&e.to_string()));
                }
            }
        }
        commit(&repo, step.date, step.author, step.message);
    }
    println!("{} commits in {}", STEPS.len() + 1, out.display());
}
