//! Generates a large, realistic, lint-clean planbook plan for benchmarks.
//!
//! ```text
//! gen_plan --pages N --out DIR [--seed S] [--force]
//! ```
//!
//! The output depends only on `--pages` and `--seed`: the same arguments give
//! byte-identical files. Only `std` is used; randomness comes from a small
//! SplitMix64 generator. Every page gets its own generator, derived from the
//! seed and the page's index, so pages can be rendered in parallel without
//! changing the result.
//!
//! Mix of pages: one `kind: plan` overview, ~75% tasks, ~3% milestones, ~10%
//! risks, ~2% person pages, the rest plain notes without front matter. Tasks are
//! grouped in workstreams of about 100 (`ws-03/tasks/t-00123.md`); each task
//! depends on 1-4 earlier tasks, mostly within the previous 50 of its own
//! workstream, so the dependency graph is acyclic and the schedule stays wide
//! rather than one long chain. About a fifth of the tasks are effort-driven
//! (`effort:`), some resources carry an `allocation`, two people in five work
//! part-time and one in four (one in three of the person pages) takes a week
//! of leave. Statuses suit a status date on the plan's first day (Monday
//! 2026-01-05, what `--today` pins in benches/run.sh): nothing is late yet.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, process, thread};

const USAGE: &str = "usage: gen_plan --pages N --out DIR [--seed S] [--force]

Writes a lint-clean planbook plan of N pages (N >= 10) into DIR.
  --pages N   number of Markdown pages to write
  --out DIR   output folder; must be missing or empty unless --force
  --seed S    seed of the pseudo-random generator (default 42)
  --force     delete DIR first (only if it is empty or holds a planbook.toml)";

/// Plan start (year, month, day): Monday 2026-01-05.
const PLAN_START: (i64, u32, u32) = (2026, 1, 5);
const HOLIDAYS: &[&str] = &[
    "2026-04-03",
    "2026-04-06",
    "2026-05-01",
    "2026-05-14",
    "2026-05-25",
    "2026-12-24",
    "2026-12-25",
    "2026-12-31",
    "2027-01-01",
    "2027-03-26",
    "2027-03-29",
];
/// File written into the output folder when generation has finished.
const STAMP: &str = ".gen_plan-complete";
/// People in the `[people]` roster of planbook.toml; owners come from these.
const ROSTER: usize = 50;
/// Tasks per workstream (and so per `tasks/` folder), about.
const TASKS_PER_WS: usize = 100;
/// Most dependencies point at one of this many previous tasks.
const DEP_WINDOW: usize = 50;

// ---------------------------------------------------------------------------
// Word lists

use words::*;

#[rustfmt::skip]
mod words {
    pub const FIRST: &[&str] = &[
        "Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas",
        "Kavya", "Liam", "Maya", "Nikolai", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tessa",
        "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Amara", "Bjorn", "Carla", "Dmitri",
        "Esther", "Felix", "Gita", "Hamid", "Ivy", "Jakob", "Keiko", "Lars", "Mina", "Noah",
        "Oskar", "Priya", "Rafael", "Sofia", "Tomas", "Uma", "Viktor", "Wanda",
    ];
    pub const LAST: &[&str] = &[
        "Moreno", "Lindqvist", "Okafor", "Tanaka", "Kowalski", "Haddad", "Adeyemi", "Fischer",
        "Rossi", "Nakamura", "Brennan", "Menon", "Silva", "Novak", "Dubois", "Jensen", "Kaur",
        "Petrov", "Garcia", "Schmidt", "Yilmaz", "Costa", "Nguyen", "Murphy", "Andersen", "Bianchi",
        "Castillo", "Duarte", "Eriksen", "Ferreira", "Gallagher", "Horvat", "Ibrahim", "Janssen",
        "Keller", "Lopez", "Mensah", "Nilsson", "Ortiz", "Popescu", "Quintero", "Ramos", "Sato",
        "Tiwari", "Urban", "Varga", "Weber", "Zhang",
    ];
    pub const ROLES: &[&str] = &[
        "Engineering lead", "Product manager", "Backend engineer", "Frontend engineer",
        "Data engineer", "QA engineer", "Site reliability engineer", "Security engineer",
        "Technical writer", "Project manager", "Finance analyst", "Support lead",
        "Solutions architect", "Product designer", "Release manager",
    ];
    pub const AREAS: &[&str] = &[
        "billing-core", "payments", "invoicing", "tax", "ledger", "reporting", "data-migration",
        "identity", "customer-portal", "notifications", "observability", "infrastructure",
        "security", "compliance", "support-tooling", "partner-api", "mobile", "search", "analytics",
        "onboarding", "pricing", "fraud", "archiving", "performance", "release-engineering",
    ];
    pub const VERBS: &[&str] = &[
        "Migrate", "Implement", "Review", "Document", "Automate", "Decommission", "Validate",
        "Harden", "Benchmark", "Prototype", "Configure", "Refactor", "Integrate", "Provision",
        "Audit", "Upgrade", "Test", "Design", "Deploy", "Monitor", "Backfill", "Reconcile",
        "Instrument", "Consolidate", "Retire",
    ];
    pub const OBJECTS: &[&str] = &[
        "invoice exporter", "billing ledger", "payment gateway adapter", "tax rate service",
        "customer portal", "reporting pipeline", "account sync job", "usage metering",
        "dunning workflow", "refund handler", "currency conversion", "audit trail",
        "event bus consumer", "nightly batch", "pricing catalog", "contract importer",
        "credit note flow", "settlement report", "webhook dispatcher", "feature flags",
        "access policies", "backup schedule", "load balancer rules", "database schema",
        "search index", "alert rules", "runbooks", "staging environment", "warehouse export",
        "partner sandbox",
    ];
    pub const QUALIFIERS: &[&str] = &[
        "for EU customers", "for enterprise accounts", "phase 2", "phase 3", "for legacy plans",
        "in staging", "in production", "for partners", "v2", "for the pilot cohort",
    ];
    pub const TAGS: &[&str] = &[
        "backend", "frontend", "data", "infra", "security", "migration", "testing", "docs", "ops",
        "compliance", "performance", "ux", "api",
    ];
    pub const MS_NOUNS: &[&str] = &[
        "design sign-off", "beta ready", "data freeze", "cutover complete", "pilot launch",
        "general availability", "security review passed", "performance baseline met",
        "parallel run complete", "legacy system retired", "training complete", "go-live readiness",
    ];
    pub const RISK_SUBJECTS: &[&str] = &[
        "Vendor API", "Legacy database", "Key engineer", "Test environment", "Data quality",
        "Regulatory approval", "Budget approval", "Partner integration", "Cloud capacity",
        "Third party SDK", "Security review", "Load testing",
    ];
    pub const RISK_PROBLEMS: &[&str] = &[
        "may slip by several weeks", "unavailable during cutover", "exceeds agreed rate limits",
        "lacks historical records", "blocked by the change freeze", "delayed by procurement",
        "fails under peak load", "changes without notice", "requires significant rework",
        "not ready before the pilot",
    ];
    pub const MITIGATIONS: &[&str] = &[
        "Agree a fallback interface with the vendor and keep the legacy path warm until cutover",
        "Pair a second engineer on every critical change so knowledge is shared",
        "Book the shared test environment two sprints ahead and keep a local replica",
        "Run the reconciliation scripts nightly from the start of the parallel run",
        "Raise the purchase order early and track it in the weekly status meeting",
        "Load test at twice the expected peak before each release",
        "Freeze the interface contract and version every change",
        "Keep a manual workaround documented and rehearsed by the support team",
        "Split the migration into batches of at most 5000 accounts",
        "Review open findings with the security group every week",
        "Ask finance to confirm the sample invoices before each rehearsal",
        "Add contract tests against the vendor sandbox to the CI pipeline",
    ];
    pub const TRIGGERS: &[&str] = &[
        "More than 2 percent of reconciled invoices differ after a rehearsal",
        "The vendor misses a committed delivery date by more than 5 working days",
        "Error rate above 1 percent for 30 minutes during cutover",
        "The purchase order is not approved 3 weeks before the milestone",
        "A critical security finding is still open at the readiness review",
        "Peak load test fails twice in a row",
        "The key engineer is unavailable for more than 5 working days",
    ];
    pub const RESPONSES: &[&str] = &[
        "Roll back to the legacy system and reschedule the cutover for the next window",
        "Switch to the documented manual process and add two people from support",
        "Move the affected accounts to a later migration batch",
        "Escalate to the steering committee and activate the backup vendor contract",
        "Extend the parallel run by two weeks and freeze new scope",
        "Bring in the contractor on standby and re-plan the remaining tasks",
    ];
    pub const CRITERIA: &[&str] = &[
        "99.9 percent of invoices reconciled against the legacy ledger",
        "p95 checkout latency below 300 ms for 7 consecutive days",
        "Zero open critical or high security findings",
        "All runbooks reviewed and rehearsed by the on-call team",
        "Support team trained and the FAQ published",
        "Finance signs off the month-end close report", "Rollback tested end to end in staging",
        "No data loss in two consecutive dress rehearsals",
        "Monitoring dashboards and alerts live for every new service",
        "Pilot customers confirm their invoices are correct",
        "Error budget not exceeded during the last 14 days",
        "Legacy jobs disabled and their schedules removed",
    ];
    pub const TEAMS: &[&str] = &[
        "the platform team", "the data team", "finance operations", "the support desk",
        "our vendor", "the security group", "the release crew", "the QA team",
        "the architecture board",
    ];
    pub const EVENTS: &[&str] = &[
        "the cutover weekend", "the pilot", "the next release train", "the data freeze",
        "quarter close", "the security review", "the dress rehearsal", "the steering committee",
    ];
    pub const OUTCOMES: &[&str] = &[
        "invoices stay consistent across both systems",
        "support can answer billing questions without escalation",
        "the nightly batch finishes before six in the morning",
        "rollback stays possible for two weeks", "finance can close the month in three days",
        "customers see no change in their statements",
        "on-call engineers get actionable alerts only",
    ];
    pub const CONSTRAINTS: &[&str] = &[
        "the change freeze in December", "limited access to production data",
        "the release schedule of the vendor", "shared staging capacity",
        "the audit window in the first quarter", "the size of the on-call rotation",
    ];
    pub const ACTIVITIES: &[&str] = &[
        "schema changes", "reconciliation scripts", "manual verification", "load tests",
        "code review", "data cleansing", "contract negotiation", "documentation updates",
    ];
    pub const ADJECTIVES: &[&str] = &[
        "legacy", "new", "shared", "critical", "regional", "internal",
    ];
    pub const NOTE_TOPICS: &[&str] = &[
        "design-review", "meeting-notes", "retro", "spike", "interview", "decision", "research",
    ];
    pub const NOTE_TITLES: &[&str] = &[
        "Design review notes", "Meeting notes", "Retrospective", "Spike findings",
        "Stakeholder interview", "Decision record", "Research summary",
    ];
    pub const ROOT_NOTES: &[(&str, &str)] = &[
        ("glossary", "Glossary"), ("decision-log", "Decision log"),
        ("onboarding", "Onboarding guide"), ("architecture", "Architecture overview"),
        ("release-process", "Release process"), ("faq", "Frequently asked questions"),
    ];
    pub const TASK_SECTIONS: &[&str] = &[
        "Context", "Approach", "Acceptance criteria", "Implementation notes", "Open questions",
        "Rollout", "Testing", "Handover",
    ];
    pub const MS_SECTIONS: &[&str] = &[
        "Purpose", "Exit criteria", "Readiness review", "Sign-off", "Communication",
    ];
    pub const RISK_SECTIONS: &[&str] = &[
        "Description", "Early warning signs", "Impact analysis", "Review history", "Background",
    ];
    pub const PERSON_SECTIONS: &[&str] = &[
        "Role", "Responsibilities", "Current focus", "Availability",
    ];
    pub const PLAN_SECTIONS: &[&str] = &[
        "Summary", "Background", "Approach", "Workstreams", "Governance", "Timeline",
    ];
    pub const NOTE_SECTIONS: &[&str] = &[
        "Summary", "Discussion", "Decisions", "Action items", "Follow-up", "Attendees",
    ];
}

// ---------------------------------------------------------------------------
// Deterministic PRNG

/// SplitMix64: tiny, fast, good enough for synthetic data.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of page `index`: independent of every other page.
    fn for_page(seed: u64, index: usize) -> Rng {
        let mut base = Rng::new(seed ^ (index as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        Rng::new(base.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `count` distinct values of `lo..hi`, not in `exclude`, in drawing order.
    fn distinct(&mut self, lo: usize, hi: usize, count: usize, exclude: &[usize]) -> Vec<usize> {
        let available = (lo..hi).filter(|x| !exclude.contains(x)).count();
        let count = count.min(available);
        let mut out = Vec::with_capacity(count);
        while out.len() < count {
            let x = lo + self.below(hi - lo);
            if !out.contains(&x) && !exclude.contains(&x) {
                out.push(x);
            }
        }
        out
    }

    /// `count` distinct entries of a word list, in list order.
    fn subset(&mut self, items: &[&'static str], count: usize) -> Vec<&'static str> {
        let mut idx = self.distinct(0, items.len(), count, &[]);
        idx.sort_unstable();
        idx.into_iter().map(|i| items[i]).collect()
    }
}

// ---------------------------------------------------------------------------
// Dates

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------
// Plan model

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plan,
    Task,
    Milestone,
    Risk,
    Person,
    Note,
}

struct Dep {
    page: usize,
    lag: usize,
}

enum Meta {
    Note,
    Plan {
        objectives: Vec<usize>,
    },
    Task {
        ws: usize,
        start: Option<String>,
        deps: Vec<Dep>,
        milestone: Option<usize>,
    },
    Milestone {
        ws: usize,
        deps: Vec<Dep>,
    },
    Risk {
        affects: Vec<usize>,
        body_mitigation: bool,
    },
    Person {
        person: usize,
    },
}

struct Page {
    kind: Kind,
    /// Relative to the plan root, `/`-separated.
    path: String,
    /// Item id (the file stem); for notes just the stem.
    id: String,
    title: String,
    /// `## ` headings of the body, in order (after the `# title` heading).
    sections: Vec<&'static str>,
    meta: Meta,
    /// Continues in the render phase where the model phase left it.
    rng: Rng,
}

struct Person {
    id: String,
    name: String,
    role: &'static str,
}

struct Plan {
    pages: Vec<Page>,
    people: Vec<Person>,
    workstreams: Vec<String>,
}

struct Counts {
    tasks: usize,
    milestones: usize,
    risks: usize,
    people: usize,
    notes: usize,
}

fn counts(n: usize) -> Counts {
    let milestones = (n * 3 / 100).max(1);
    let risks = (n / 10).max(1);
    let people = n * 2 / 100;
    let tasks = (n * 75 / 100).max(1);
    let notes = n - 1 - tasks - milestones - risks - people;
    Counts {
        tasks,
        milestones,
        risks,
        people,
        notes,
    }
}

/// Splits `total` things over `parts` buckets as evenly as possible.
fn share(total: usize, parts: usize, i: usize) -> std::ops::Range<usize> {
    total * i / parts..total * (i + 1) / parts
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// GitHub-style heading anchor: lowercase, spaces to `-`, other punctuation
/// except `-` and `_` removed.
fn slug(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_ascii_lowercase())
            } else {
                None
            }
        })
        .collect()
}

/// Relative link from page `from` to page `to` (both root-relative paths).
fn rel_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    for _ in common..from_dirs.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
    out
}

fn task_title(rng: &mut Rng) -> String {
    let mut t = format!("{} {}", rng.pick(VERBS), rng.pick(OBJECTS));
    if rng.chance(30) {
        t.push(' ');
        t.push_str(rng.pick(QUALIFIERS));
    }
    t
}

fn area_label(area: &str) -> String {
    capitalize(&area.replace('-', " "))
}

impl Plan {
    fn add_page(
        &mut self,
        seed: u64,
        kind: Kind,
        path: String,
        id: String,
        title: String,
    ) -> usize {
        let index = self.pages.len();
        let mut rng = Rng::for_page(seed, index);
        let sections = match kind {
            Kind::Plan => rng.subset(PLAN_SECTIONS, 5),
            Kind::Task => {
                let n = rng.range(2, 4);
                rng.subset(TASK_SECTIONS, n)
            }
            Kind::Milestone => {
                let n = rng.range(3, 4);
                rng.subset(MS_SECTIONS, n)
            }
            Kind::Risk => {
                let n = rng.range(2, 4);
                rng.subset(RISK_SECTIONS, n)
            }
            Kind::Person => rng.subset(PERSON_SECTIONS, 3),
            Kind::Note => {
                let n = rng.range(2, 4);
                rng.subset(NOTE_SECTIONS, n)
            }
        };
        self.pages.push(Page {
            kind,
            path,
            id,
            title,
            sections,
            meta: Meta::Note,
            rng,
        });
        index
    }

    fn build(n: usize, seed: u64) -> Plan {
        let c = counts(n);
        let mut global = Rng::new(seed);

        // People: distinct (first, last) pairs; the first ROSTER go to
        // planbook.toml, the rest get person pages.
        let pairs = FIRST.len() * LAST.len();
        let mut order: Vec<usize> = (0..pairs).collect();
        for i in (1..pairs).rev() {
            let j = global.below(i + 1);
            order.swap(i, j);
        }
        let people: Vec<Person> = (0..ROSTER + c.people)
            .map(|k| {
                let p = order[k % pairs];
                let (first, last) = (FIRST[p / LAST.len()], LAST[p % LAST.len()]);
                let mut id = format!("{}-{}", first.to_lowercase(), last.to_lowercase());
                if k >= pairs {
                    let _ = write!(id, "-{}", k / pairs + 1);
                }
                Person {
                    id,
                    name: format!("{first} {last}"),
                    role: ROLES[global.below(ROLES.len())],
                }
            })
            .collect();

        let n_ws = c.tasks.div_ceil(TASKS_PER_WS).max(1);
        let workstreams: Vec<String> = (0..n_ws)
            .map(|w| {
                let area = AREAS[w % AREAS.len()];
                if w < AREAS.len() {
                    area.to_string()
                } else {
                    format!("{area}-{}", w / AREAS.len() + 1)
                }
            })
            .collect();

        let mut plan = Plan {
            pages: Vec::with_capacity(n),
            people,
            workstreams,
        };
        let overview = plan.add_page(
            seed,
            Kind::Plan,
            "overview.md".into(),
            "overview".into(),
            "Billing platform migration".into(),
        );

        let start0 = days_from_civil(PLAN_START.0, PLAN_START.1, PLAN_START.2);
        let n_root_notes = c.notes.min(ROOT_NOTES.len());
        let ws_notes = c.notes - n_root_notes;
        // Page index of task number g (0-based, global, in creation order).
        let mut task_pages: Vec<usize> = Vec::with_capacity(c.tasks);
        let mut all_milestones: Vec<usize> = Vec::new();

        for w in 0..n_ws {
            let dir = format!("ws-{:02}", w + 1);
            let label = area_label(&plan.workstreams[w]);
            let tasks = share(c.tasks, n_ws, w);
            let ws_first = task_pages.len();
            let ws_len = tasks.len();

            // Tasks.
            for g in tasks {
                let k = g - ws_first;
                let id = format!("t-{:05}", g + 1);
                let title = task_title(&mut Rng::for_page(seed ^ 0x7A5C, g));
                let p = plan.add_page(seed, Kind::Task, format!("{dir}/tasks/{id}.md"), id, title);
                let rng = &mut plan.pages[p].rng;
                let mut start = None;
                let mut deps: Vec<Dep> = Vec::new();
                if k == 0 {
                    // Workstreams start on staggered Mondays over ten weeks.
                    start = Some(civil_from_days(start0 + 7 * (w % 10) as i64));
                } else {
                    let want = match rng.below(100) {
                        0..=44 => 1,
                        45..=74 => 2,
                        75..=89 => 3,
                        _ => 4,
                    };
                    let lo = k.saturating_sub(DEP_WINDOW);
                    let mut locals = rng.distinct(lo, k, want, &[]);
                    if lo > 0 && rng.chance(5) {
                        let far = rng.below(lo);
                        locals.push(far);
                    }
                    for l in locals {
                        deps.push(Dep {
                            page: task_pages[ws_first + l],
                            lag: 0,
                        });
                    }
                    // Occasionally wait for an early task of an earlier
                    // workstream. Only late tasks do this and only early tasks
                    // are targets, so chains never run across workstreams.
                    if k >= DEP_WINDOW && w > 0 && rng.chance(12) {
                        let other = w - 1 - rng.below(w.min(4));
                        let range = share(c.tasks, n_ws, other);
                        let early = rng.below(range.len().min(20));
                        deps.push(Dep {
                            page: task_pages[range.start + early],
                            lag: 0,
                        });
                    }
                    for d in &mut deps {
                        if rng.chance(6) {
                            d.lag = rng.range(1, 5);
                        }
                    }
                }
                plan.pages[p].meta = Meta::Task {
                    ws: w,
                    start,
                    deps,
                    milestone: None,
                };
                task_pages.push(p);
            }

            // Milestones: each closes a segment of the workstream's tasks.
            let ms = share(c.milestones, n_ws, w);
            let n_ms = ms.len();
            let mut ws_milestones = Vec::with_capacity(n_ms);
            for (j, m) in ms.enumerate() {
                let id = format!("m-{:04}", m + 1);
                let mut trng = Rng::for_page(seed ^ 0x3153, m);
                let title = format!("{label} {}", trng.pick(MS_NOUNS));
                let p = plan.add_page(seed, Kind::Milestone, format!("{dir}/{id}.md"), id, title);
                let seg = share(ws_len, n_ms, j);
                let seg = if seg.is_empty() { 0..ws_len } else { seg };
                let rng = &mut plan.pages[p].rng;
                // Prefer the later half of the segment.
                let half = seg.start + seg.len() / 2;
                let want = rng.range(2, 5);
                let locals = rng.distinct(half, seg.end, want, &[]);
                let mut deps: Vec<Dep> = locals
                    .iter()
                    .map(|&l| Dep {
                        page: task_pages[ws_first + l],
                        lag: 0,
                    })
                    .collect();
                if let Some(&prev) = ws_milestones.last() {
                    if rng.chance(50) {
                        deps.push(Dep { page: prev, lag: 0 });
                    }
                }
                if rng.chance(10) {
                    deps[0].lag = rng.range(1, 3);
                }
                // Sometimes a task of the segment names the milestone itself.
                let delivers = if rng.chance(50) {
                    rng.distinct(seg.start, seg.end, 1, &locals)
                        .first()
                        .copied()
                } else {
                    None
                };
                plan.pages[p].meta = Meta::Milestone { ws: w, deps };
                if let Some(l) = delivers {
                    if let Meta::Task { milestone, .. } =
                        &mut plan.pages[task_pages[ws_first + l]].meta
                    {
                        *milestone = Some(p);
                    }
                }
                ws_milestones.push(p);
                all_milestones.push(p);
            }

            // Risks: threaten tasks (and sometimes a milestone) of the workstream.
            for r in share(c.risks, n_ws, w) {
                let id = format!("r-{:04}", r + 1);
                let mut trng = Rng::for_page(seed ^ 0x815C, r);
                let title = format!("{} {}", trng.pick(RISK_SUBJECTS), trng.pick(RISK_PROBLEMS));
                let p = plan.add_page(seed, Kind::Risk, format!("{dir}/risks/{id}.md"), id, title);
                let rng = &mut plan.pages[p].rng;
                let want = rng.range(1, 3);
                let mut affects: Vec<usize> = rng
                    .distinct(0, ws_len, want, &[])
                    .into_iter()
                    .map(|l| task_pages[ws_first + l])
                    .collect();
                if !ws_milestones.is_empty() && rng.chance(20) {
                    affects.push(rng.pick(&ws_milestones));
                }
                let body_mitigation = rng.chance(15);
                let page = &mut plan.pages[p];
                if body_mitigation {
                    page.sections.insert(1, "Mitigation");
                }
                page.meta = Meta::Risk {
                    affects,
                    body_mitigation,
                };
            }

            // Notes of the workstream.
            for k in share(ws_notes, n_ws, w) {
                let t = k % NOTE_TOPICS.len();
                let id = format!("{}-{:04}", NOTE_TOPICS[t], k + 1);
                let title = format!("{} for {}", NOTE_TITLES[t], label.to_lowercase());
                plan.add_page(seed, Kind::Note, format!("{dir}/notes/{id}.md"), id, title);
            }
        }

        // Person pages; grouped by initial when there are many.
        for person in ROSTER..plan.people.len() {
            let id = plan.people[person].id.clone();
            let name = plan.people[person].name.clone();
            let path = if c.people > TASKS_PER_WS {
                format!("people/{}/{id}.md", &id[..1])
            } else {
                format!("people/{id}.md")
            };
            let p = plan.add_page(seed, Kind::Person, path, id, name);
            plan.pages[p].meta = Meta::Person { person };
        }

        // Plan-wide notes.
        for &(id, title) in &ROOT_NOTES[..n_root_notes] {
            plan.add_page(
                seed,
                Kind::Note,
                format!("notes/{id}.md"),
                id.into(),
                title.into(),
            );
        }

        // Objectives are checked at milestones spread over the plan.
        let k = all_milestones.len().min(5);
        let objectives = (0..k)
            .map(|i| all_milestones[all_milestones.len() * (i + 1) / k - 1])
            .collect();
        plan.pages[overview].meta = Meta::Plan { objectives };

        assert_eq!(plan.pages.len(), n, "page count");
        plan
    }
}

// ---------------------------------------------------------------------------
// Rendering

const TEMPLATES: usize = 12;

fn sentence(rng: &mut Rng, template: usize, out: &mut String) {
    let s = match template {
        0 => format!(
            "{} will {} the {} before {}.",
            capitalize(rng.pick(TEAMS)),
            rng.pick(VERBS).to_lowercase(),
            rng.pick(OBJECTS),
            rng.pick(EVENTS)
        ),
        1 => format!(
            "This keeps the {} stable so that {}.",
            rng.pick(OBJECTS),
            rng.pick(OUTCOMES)
        ),
        2 => format!(
            "The main constraint is {}, which limits how much we can do in parallel.",
            rng.pick(CONSTRAINTS)
        ),
        3 => format!(
            "We expect about {} days of {}, most of it after {}.",
            rng.range(2, 20),
            rng.pick(ACTIVITIES),
            rng.pick(EVENTS)
        ),
        4 => format!(
            "Until {}, we run the {} next to the legacy system and {} compares the results every day.",
            rng.pick(EVENTS),
            rng.pick(OBJECTS),
            rng.pick(TEAMS)
        ),
        5 => "Progress is tracked on the plan site and reviewed in the weekly status meeting."
            .to_string(),
        6 => format!(
            "Any change to the {} needs a review from {} and a short entry in the decision log.",
            rng.pick(OBJECTS),
            rng.pick(TEAMS)
        ),
        7 => format!(
            "Today the {} {} sees roughly {} thousand requests per hour at peak.",
            rng.pick(ADJECTIVES),
            rng.pick(OBJECTS),
            rng.range(2, 90)
        ),
        8 => {
            let a = rng.below(OBJECTS.len());
            let b = (a + 1 + rng.below(OBJECTS.len() - 1)) % OBJECTS.len();
            format!(
                "We agreed to keep the scope narrow: only the {} and the {} are affected.",
                OBJECTS[a], OBJECTS[b]
            )
        }
        9 => format!(
            "Open questions are collected below and revisited at {}.",
            rng.pick(EVENTS)
        ),
        10 => format!(
            "{} raised a concern about {}; we will address it before {}.",
            capitalize(rng.pick(TEAMS)),
            rng.pick(ACTIVITIES),
            rng.pick(EVENTS)
        ),
        _ => {
            let a = rng.below(OUTCOMES.len());
            let b = (a + 1 + rng.below(OUTCOMES.len() - 1)) % OUTCOMES.len();
            format!("Once this is done, {} and {}.", OUTCOMES[a], OUTCOMES[b])
        }
    };
    out.push_str(&s);
}

/// A paragraph of 2-4 sentences (no template twice), possibly ending with
/// the next pending link.
fn paragraph(rng: &mut Rng, out: &mut String, links: &mut Vec<String>) {
    let n = rng.range(2, 4);
    for (i, t) in rng.distinct(0, TEMPLATES, n, &[]).into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        sentence(rng, t, out);
    }
    if !links.is_empty() && rng.chance(60) {
        let link = links.remove(0);
        let _ = match rng.below(3) {
            0 => write!(out, " See {link} for the details."),
            1 => write!(out, " This builds on {link}."),
            _ => write!(out, " The background is in {link}."),
        };
    }
    out.push_str("\n\n");
}

fn bullets(rng: &mut Rng, out: &mut String) {
    let mut items: Vec<String> = Vec::new();
    for _ in 0..rng.range(3, 6) {
        let item = match rng.below(3) {
            0 => format!("{} the {}", rng.pick(VERBS), rng.pick(OBJECTS)),
            1 => capitalize(rng.pick(OUTCOMES)),
            _ => format!("Check {} with {}", rng.pick(ACTIVITIES), rng.pick(TEAMS)),
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

fn task_list(rng: &mut Rng, out: &mut String) {
    for _ in 0..rng.range(3, 5) {
        let mark = if rng.chance(40) { 'x' } else { ' ' };
        let _ = writeln!(
            out,
            "- [{mark}] {} the {}",
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        );
    }
    out.push('\n');
}

fn table(rng: &mut Rng, out: &mut String, people: &[Person]) {
    out.push_str("| Step | Owner | Estimate | Status |\n|---|---|---|---|\n");
    for _ in 0..rng.range(3, 5) {
        let status = rng.pick(&["done", "in progress", "not started", "blocked"]);
        let _ = writeln!(
            out,
            "| {} the {} | {} | {}d | {} |",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            people[rng.below(ROSTER)].name,
            rng.range(1, 8),
            status
        );
    }
    out.push('\n');
}

/// Double-quoted YAML string (the prose in our lists needs no escapes).
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn id_list(out: &mut String, key: &str, ids: &[&str]) {
    let _ = writeln!(out, "{key}: [{}]", ids.join(", "));
}

fn deps_yaml(out: &mut String, rng: &mut Rng, deps: &[Dep], pages: &[Page]) {
    if deps.iter().all(|d| d.lag == 0) && rng.chance(50) {
        let ids: Vec<&str> = deps.iter().map(|d| pages[d.page].id.as_str()).collect();
        id_list(out, "depends_on", &ids);
        return;
    }
    out.push_str("depends_on:\n");
    for d in deps {
        let id = &pages[d.page].id;
        if d.lag > 0 {
            let _ = writeln!(out, "  - {{ id: {id}, lag: {}d }}", d.lag);
        } else {
            let _ = writeln!(out, "  - {id}");
        }
    }
}

fn tags_yaml(out: &mut String, rng: &mut Rng, extra: Option<&str>) {
    let n = rng.range(0, 3);
    let mut tags: Vec<&str> = rng.subset(TAGS, n);
    if let Some(e) = extra {
        tags.insert(0, e);
    }
    if !tags.is_empty() {
        id_list(out, "tags", &tags);
    }
}

const LEVELS: &[&str] = &["low", "medium", "high"];

fn level(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=34 => 1,
        35..=74 => 2,
        _ => 3,
    }
}

fn front_matter(plan: &Plan, page: &Page, rng: &mut Rng, out: &mut String) {
    let pages = &plan.pages;
    let people = &plan.people;
    let owner = |rng: &mut Rng| people[rng.below(ROSTER)].id.as_str();
    out.push_str("---\n");
    match &page.meta {
        Meta::Task {
            ws,
            start,
            deps,
            milestone,
        } => {
            out.push_str("kind: task\n");
            let _ = writeln!(out, "title: {}", page.title);
            // The first task of every tenth workstream is under way on the
            // plan's first day, each with its own owner; the rest is not
            // started yet, or done.
            let active = start.is_some() && ws % 10 == 0;
            let who = if active {
                (ws / 10) % ROSTER
            } else {
                rng.below(ROSTER)
            };
            let _ = writeln!(out, "owner: {}", people[who].id);
            let n_res = match () {
                _ if active => 0,
                _ => match rng.below(100) {
                    0..=9 => 0,
                    10..=84 => 1,
                    _ => 2,
                },
            };
            let res = rng.distinct(0, people.len(), n_res, &[who]);
            if !res.is_empty() {
                let entries: Vec<String> = res
                    .iter()
                    .map(|&r| {
                        if rng.chance(30) {
                            format!(
                                "{{ id: {}, allocation: {} }}",
                                people[r].id,
                                10 * rng.range(2, 8)
                            )
                        } else {
                            people[r].id.clone()
                        }
                    })
                    .collect();
                let _ = writeln!(out, "resources: [{}]", entries.join(", "));
            }
            let _ = writeln!(out, "workstream: {}", plan.workstreams[*ws]);
            if let Some(s) = start {
                let _ = writeln!(out, "start: {s}");
            }
            if !deps.is_empty() {
                deps_yaml(out, rng, deps, pages);
            }
            let _ = match rng.below(100) {
                _ if active => writeln!(out, "duration: {}d", rng.range(3, 15)),
                0..=4 => writeln!(out, "duration: 2w"),
                5..=9 => writeln!(out, "duration: {}", rng.range(1, 10)),
                10..=29 => writeln!(out, "effort: {}d", rng.range(2, 20)),
                _ => writeln!(out, "duration: {}d", rng.range(1, 15)),
            };
            let _ = match rng.below(100) {
                _ if active => writeln!(out, "status: active\nprogress: {}", 10 * rng.range(1, 9)),
                0..=64 => writeln!(out, "status: planned"),
                65..=84 => writeln!(out, "status: done\nprogress: 100"),
                _ => writeln!(out, "status: blocked"),
            };
            if let Some(m) = milestone {
                let _ = writeln!(out, "milestone: {}", pages[*m].id);
            }
            tags_yaml(out, rng, None);
        }
        Meta::Milestone { ws, deps } => {
            out.push_str("kind: milestone\n");
            let _ = writeln!(out, "title: {}", page.title);
            let _ = writeln!(out, "owner: {}", owner(rng));
            out.push_str("status: planned\n");
            deps_yaml(out, rng, deps, pages);
            if rng.chance(20) {
                let _ = writeln!(out, "criteria: {}", q(rng.pick(CRITERIA)));
            } else {
                out.push_str("criteria:\n");
                let n = rng.range(2, 4);
                for c in rng.subset(CRITERIA, n) {
                    let _ = writeln!(out, "  - {}", q(c));
                }
            }
            tags_yaml(out, rng, Some(&plan.workstreams[*ws]));
        }
        Meta::Risk {
            affects,
            body_mitigation,
        } => {
            out.push_str("kind: risk\n");
            let _ = writeln!(out, "title: {}", page.title);
            let _ = writeln!(out, "owner: {}", owner(rng));
            let status = if rng.chance(85) { "open" } else { "closed" };
            let _ = writeln!(out, "status: {status}");
            let (p, i) = (level(rng), level(rng));
            for (key, v) in [("probability", p), ("impact", i)] {
                if rng.chance(5) {
                    let _ = writeln!(out, "{key}: {v}");
                } else {
                    let _ = writeln!(out, "{key}: {}", LEVELS[v - 1]);
                }
            }
            if rng.chance(25) {
                let _ = writeln!(out, "score: {}", p * i);
            }
            if !body_mitigation {
                if rng.chance(70) {
                    let _ = writeln!(out, "mitigation: {}", q(rng.pick(MITIGATIONS)));
                } else {
                    out.push_str("mitigation:\n");
                    let n = rng.range(2, 3);
                    for m in rng.subset(MITIGATIONS, n) {
                        let _ = writeln!(out, "  - {}", q(m));
                    }
                }
            }
            if p * i >= 6 || rng.chance(30) {
                let _ = writeln!(
                    out,
                    "contingency:\n  trigger: {}\n  response: {}",
                    q(rng.pick(TRIGGERS)),
                    q(rng.pick(RESPONSES))
                );
            }
            let ids: Vec<&str> = affects.iter().map(|&a| pages[a].id.as_str()).collect();
            id_list(out, "affects", &ids);
            tags_yaml(out, rng, None);
        }
        Meta::Person { person } => {
            let who = &people[*person];
            out.push_str("kind: person\n");
            let _ = writeln!(out, "name: {}", who.name);
            let _ = writeln!(out, "role: {}", who.role);
            if rng.chance(80) {
                let _ = writeln!(out, "email: {}@example.com", who.id.replace('-', "."));
            }
            if *person % 5 == 2 {
                out.push_str("availability: 60\n");
            }
            if *person % 3 == 0 {
                let (from, to) = leave_days(*person, 0);
                let _ = writeln!(
                    out,
                    "leaves:\n  - {{ from: {from}, to: {to}, reason: Annual leave }}"
                );
            }
        }
        Meta::Plan { objectives } => {
            out.push_str("kind: plan\n");
            let _ = writeln!(out, "title: {}", page.title);
            let _ = writeln!(out, "owner: {}", people[0].id);
            out.push_str("status: active\ntags: [billing, migration, fy2026]\n");
            out.push_str("scope:\n  in:\n");
            for s in [
                "All active subscriptions, customers and open invoices",
                "Integration of the web app with the new billing API",
                "Revenue recognition and the nightly ledger export",
                "Customer notices, help-center content and support training",
            ] {
                let _ = writeln!(out, "    - {s}");
            }
            out.push_str("  out:\n");
            for s in [
                "Changes to list prices or packaging",
                "Invoices older than 24 months",
                "Replacing the general ledger",
            ] {
                let _ = writeln!(out, "    - {s}");
            }
            out.push_str("objectives:\n");
            const OBJ: &[(&str, &str, &str)] = &[
                (
                    "Bill every customer from the new platform",
                    "time",
                    "The first monthly invoice run is produced by the new platform with no run skipped",
                ),
                (
                    "Invoices are as accurate as today",
                    "performance",
                    "At least 99.5 percent of invoices match the legacy system to the cent in the parallel run",
                ),
                (
                    "Nothing is lost in the move",
                    "performance",
                    "Record counts and balances reconcile with zero unexplained differences",
                ),
                (
                    "Customers barely notice the change",
                    "outcome",
                    "Billing tickets stay under 120 percent of the monthly average for 30 days",
                ),
                (
                    "Retire the legacy billing system",
                    "outcome",
                    "Legacy hosting and the on-call rotation are cancelled",
                ),
            ];
            for (k, (&m, (title, ty, measure))) in objectives.iter().zip(OBJ).enumerate() {
                let _ = writeln!(
                    out,
                    "  - id: obj-{:02}\n    title: {title}\n    type: {ty}\n    measure: {}\n    milestone: {}",
                    k + 1,
                    q(measure),
                    pages[m].id
                );
            }
            let stakeholders: Vec<&str> = people[..8].iter().map(|p| p.id.as_str()).collect();
            id_list(out, "stakeholders", &stakeholders);
            out.push_str("communication:\n");
            for (k, (channel, audience, frequency)) in [
                ("Weekly status meeting", "Workstream leads", "weekly"),
                (
                    "Steering committee",
                    "Executive sponsors",
                    "every two weeks",
                ),
                (
                    "Plan site",
                    "Everyone in the company",
                    "rebuilt on every merge",
                ),
                ("Release notes email", "Support and sales", "monthly"),
            ]
            .into_iter()
            .enumerate()
            {
                let _ = writeln!(
                    out,
                    "  - channel: {channel}\n    audience: {audience}\n    frequency: {frequency}\n    owner: {}",
                    people[k].id
                );
            }
        }
        Meta::Note => unreachable!("notes have no front matter"),
    }
    out.push_str("---\n\n");
}

/// Pages this page naturally links to first.
fn related(page: &Page) -> Vec<usize> {
    match &page.meta {
        Meta::Task {
            deps, milestone, ..
        } => deps
            .iter()
            .map(|d| d.page)
            .chain(milestone.iter().copied())
            .collect(),
        Meta::Milestone { deps, .. } => deps.iter().map(|d| d.page).collect(),
        Meta::Risk { affects, .. } => affects.clone(),
        Meta::Plan { objectives } => objectives.clone(),
        Meta::Note | Meta::Person { .. } => Vec::new(),
    }
}

fn links(plan: &Plan, index: usize, rng: &mut Rng) -> Vec<String> {
    let page = &plan.pages[index];
    let rel = related(page);
    let n = rng.range(1, 3);
    let mut targets: Vec<usize> = Vec::with_capacity(n);
    for i in 0..n {
        let t = if i == 0 && !rel.is_empty() && rng.chance(70) {
            rng.pick(&rel)
        } else {
            let mut t = rng.below(plan.pages.len() - 1);
            if t >= index {
                t += 1;
            }
            t
        };
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    targets
        .into_iter()
        .map(|t| {
            let target = &plan.pages[t];
            let mut href = rel_path(&page.path, &target.path);
            if rng.chance(40) {
                let k = rng.below(target.sections.len() + 1);
                href.push('#');
                href.push_str(&slug(if k == 0 {
                    &target.title
                } else {
                    target.sections[k - 1]
                }));
            }
            format!("[{}]({href})", target.title)
        })
        .collect()
}

fn render(plan: &Plan, index: usize, out: &mut String) {
    let page = &plan.pages[index];
    let mut rng = page.rng.clone();
    let rng = &mut rng;
    out.clear();
    if page.kind != Kind::Note {
        front_matter(plan, page, rng, out);
    }
    let body_start = out.len();
    let budget = rng.range(800, 2400);
    let mut pending = links(plan, index, rng);

    let _ = writeln!(out, "# {}\n", page.title);
    if page.kind == Kind::Person {
        let who = match page.meta {
            Meta::Person { person } => &plan.people[person],
            _ => unreachable!(),
        };
        let _ = write!(
            out,
            "{} works as {} on the migration. ",
            who.name,
            who.role.to_lowercase()
        );
    }
    paragraph(rng, out, &mut Vec::new());
    if rng.chance(25) {
        let s = rng.pick(&page.sections);
        let _ = writeln!(out, "The short version is under [{s}](#{}).\n", slug(s));
    }
    let n = page.sections.len();
    // Most pages get one small table, in a random section.
    let table_at = if rng.chance(70) { rng.below(n) } else { n };
    for (k, &section) in page.sections.iter().enumerate() {
        let _ = writeln!(out, "## {section}\n");
        if section == "Mitigation" {
            out.push_str("We reduce the likelihood and the impact as follows.\n\n");
            let m = rng.range(2, 3);
            for s in rng.subset(MITIGATIONS, m) {
                let _ = writeln!(out, "- {s}");
            }
            out.push('\n');
            continue;
        }
        paragraph(rng, out, &mut pending);
        if k == table_at {
            table(rng, out, &plan.people);
        } else if rng.chance(60) {
            if rng.chance(55) {
                bullets(rng, out);
            } else {
                task_list(rng, out);
            }
        }
        let goal = budget * (k + 1) / n;
        while out.len() - body_start < goal {
            match rng.below(5) {
                0 => bullets(rng, out),
                1 => task_list(rng, out),
                _ => paragraph(rng, out, &mut pending),
            }
        }
    }
    if !pending.is_empty() {
        out.push_str("Related pages:\n\n");
        for l in &pending {
            let _ = writeln!(out, "- {l}");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
}

fn config(plan: &Plan) -> String {
    let mut s = String::new();
    s.push_str("# Generated by benches/gen_plan.rs for benchmarks.\n");
    s.push_str("title = \"Billing platform migration\"\n");
    let _ = writeln!(
        s,
        "start = \"{}\"",
        civil_from_days(days_from_civil(PLAN_START.0, PLAN_START.1, PLAN_START.2))
    );
    s.push_str(
        "\n[calendar]\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nholidays = [\n",
    );
    for h in HOLIDAYS {
        let _ = writeln!(s, "  \"{h}\",");
    }
    s.push_str("]\n\n[risk]\nscale = 3\ncontingency_threshold = 6\n");
    // The people are booked beyond what they can give: the plan is levelled,
    // as a team of this size would level it.
    s.push_str("\n[schedule]\nlevel = true\n\n[people]\n");
    for (k, p) in plan.people[..ROSTER].iter().enumerate() {
        let _ = write!(
            s,
            "{} = {{ name = \"{}\", role = \"{}\"",
            p.id, p.name, p.role
        );
        if k % 3 != 2 {
            let _ = write!(s, ", email = \"{}@example.com\"", p.id.replace('-', "."));
        }
        // Some people work part-time, some take leave (two for a few).
        match k % 5 {
            1 => s.push_str(", availability = 50"),
            3 => s.push_str(", availability = 80"),
            _ => {}
        }
        if k % 4 == 0 {
            let leaves: Vec<String> = (0..1 + usize::from(k % 8 == 0))
                .map(|n| {
                    let (from, to) = leave_days(k, n);
                    format!("{{ from = {from}, to = {to}, reason = \"Annual leave\" }}")
                })
                .collect();
            let _ = write!(s, ", leaves = [{}]", leaves.join(", "));
        }
        s.push_str(" }\n");
    }
    s
}

/// A week of leave (Monday to Friday) for person `k`, spread over the
/// plan's first year and a half; `n` picks a second one 30 weeks later.
fn leave_days(k: usize, n: usize) -> (String, String) {
    let start = days_from_civil(PLAN_START.0, PLAN_START.1, PLAN_START.2);
    let monday = start + 7 * (2 + (k * 7) % 45 + 30 * n) as i64;
    (civil_from_days(monday), civil_from_days(monday + 4))
}

// ---------------------------------------------------------------------------
// Main

struct Args {
    pages: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
}

fn fail(msg: &str) -> ! {
    eprintln!("gen_plan: {msg}");
    process::exit(2);
}

fn parse_args() -> Args {
    let mut pages = None;
    let mut out = None;
    let mut seed = 42;
    let mut force = false;
    let mut it = env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match a.as_str() {
            "--pages" => {
                let v = value("--pages");
                pages = Some(
                    v.parse()
                        .unwrap_or_else(|_| fail(&format!("bad --pages: {v}"))),
                );
            }
            "--out" => out = Some(PathBuf::from(value("--out"))),
            "--seed" => {
                let v = value("--seed");
                seed = v
                    .parse()
                    .unwrap_or_else(|_| fail(&format!("bad --seed: {v}")));
            }
            "--force" => force = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                process::exit(0);
            }
            _ => fail(&format!("unknown argument `{a}`\n{USAGE}")),
        }
    }
    let pages: usize = pages.unwrap_or_else(|| fail(&format!("--pages is required\n{USAGE}")));
    if pages < 10 {
        fail("--pages must be at least 10");
    }
    let out = out.unwrap_or_else(|| fail(&format!("--out is required\n{USAGE}")));
    Args {
        pages,
        out,
        seed,
        force,
    }
}

/// Makes `dir` an empty folder, deleting it first if `force` allows.
fn prepare_out(dir: &Path, force: bool) {
    if dir.is_file() {
        fail(&format!("{} is a file", dir.display()));
    }
    if dir.is_dir() {
        let non_empty = fs::read_dir(dir)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())))
            .next()
            .is_some();
        if non_empty {
            if !force {
                fail(&format!(
                    "{} exists and is not empty (use --force to replace it)",
                    dir.display()
                ));
            }
            if !dir.join("planbook.toml").is_file() {
                fail(&format!(
                    "refusing to delete {}: it has no planbook.toml, so it is not a generated plan",
                    dir.display()
                ));
            }
            fs::remove_dir_all(dir)
                .unwrap_or_else(|e| fail(&format!("cannot delete {}: {e}", dir.display())));
        }
    }
    fs::create_dir_all(dir)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", dir.display())));
}

fn main() {
    let args = parse_args();
    let started = Instant::now();
    prepare_out(&args.out, args.force);
    let plan = Plan::build(args.pages, args.seed);

    let mut dirs: Vec<&str> = plan
        .pages
        .iter()
        .filter_map(|p| p.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.dedup();
    for d in dirs {
        fs::create_dir_all(args.out.join(d))
            .unwrap_or_else(|e| fail(&format!("cannot create {d}: {e}")));
    }
    fs::write(args.out.join("planbook.toml"), config(&plan))
        .unwrap_or_else(|e| fail(&format!("cannot write planbook.toml: {e}")));

    // Render and write in parallel; every page has its own generator, so the
    // output does not depend on the number of threads.
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = plan.pages.len().div_ceil(threads);
    let bytes: usize = thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let plan = &plan;
                let out_dir = &args.out;
                s.spawn(move || {
                    let mut buf = String::with_capacity(8192);
                    let mut total = 0;
                    let end = ((t + 1) * chunk).min(plan.pages.len());
                    for i in (t * chunk).min(end)..end {
                        render(plan, i, &mut buf);
                        buf.push('\n');
                        let path = out_dir.join(&plan.pages[i].path);
                        fs::write(&path, &buf).unwrap_or_else(|e| {
                            fail(&format!("cannot write {}: {e}", path.display()))
                        });
                        total += buf.len();
                    }
                    total
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("writer thread"))
            .sum()
    });

    // Written last: its presence means the plan is complete (benches/run.sh
    // checks it). Hidden, so planbook ignores it.
    let stamp = format!("gen_plan --pages {} --seed {}\n", args.pages, args.seed);
    fs::write(args.out.join(STAMP), stamp)
        .unwrap_or_else(|e| fail(&format!("cannot write {STAMP}: {e}")));

    let count = |k: Kind| plan.pages.iter().filter(|p| p.kind == k).count();
    println!(
        "gen_plan: wrote {} pages ({} tasks, {} milestones, {} risks, {} people, {} notes, 1 plan; {} workstreams, {:.1} MB) to {} in {:.0} ms",
        plan.pages.len(),
        count(Kind::Task),
        count(Kind::Milestone),
        count(Kind::Risk),
        count(Kind::Person),
        count(Kind::Note),
        plan.workstreams.len(),
        bytes as f64 / 1e6,
        args.out.display(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}
