//! Hostile input: plans written to break the tool. Every case runs the real
//! binary (`lint --format json`, `schedule --format json`, `build`) under a
//! time limit and a memory limit, and checks that it answers with an exit
//! code (0, 1 or 2, never a panic or a signal), parseable JSON, a located
//! finding for the malformed page, and no file written outside the output
//! folder.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const TODAY: &str = "2026-01-05";
/// Long enough for a debug build on a busy two-core machine.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Address-space limit in KiB: far above what a sane plan needs, far below
/// what an exponential blow-up would take.
const MEMORY_LIMIT_KIB: u64 = 6 * 1024 * 1024;

const HEADER: &str = "title = \"Hostile\"\nstart = \"2026-01-05\"\n\n[people]\nalice = { name = \"Alice\", role = \"Lead\" }\n";

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    command: String,
}

impl Run {
    fn describe(&self) -> String {
        let clip = |text: &str| text.chars().take(3000).collect::<String>();
        format!(
            "`{}` exited {}\nstdout: {}\nstderr: {}",
            self.command,
            self.code,
            clip(&self.stdout),
            clip(&self.stderr)
        )
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("output is not JSON ({error}): {}", self.describe()))
    }
}

/// Runs planbook with `args` in a shell that limits its address space, and
/// kills it (failing the test) when it outlives `limit`.
fn run_limited(args: &[&str]) -> Run {
    run_within(args, TIME_LIMIT)
}

fn run_within(args: &[&str], limit: Duration) -> Run {
    let command = format!("planbook {}", args.join(" "));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} 2>/dev/null; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_planbook"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("planbook starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr piped")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for planbook") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{command}` did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        command,
    };
    assert!(
        matches!(run.code, 0..=2),
        "crashed (101 is a panic, -1 a signal): {}",
        run.describe()
    );
    assert!(
        !run.stderr.contains("panicked"),
        "panicked: {}",
        run.describe()
    );
    run
}

/// A plan in `<work>/plan`, with `<work>/out` for the site.
struct Plan {
    work: tempfile::TempDir,
    /// Time allowed to `build` (linear but slow work on huge plans).
    build_limit: Duration,
}

impl Plan {
    fn new(files: &[(&str, &[u8])]) -> Plan {
        let work = tempfile::tempdir().expect("temp dir");
        for (path, content) in files {
            let full = work.path().join("plan").join(path);
            std::fs::create_dir_all(full.parent().expect("has parent")).expect("folders");
            std::fs::write(full, content).expect("write file");
        }
        std::fs::create_dir_all(work.path().join("plan")).expect("plan folder");
        std::fs::create_dir_all(work.path().join("out")).expect("out folder");
        Plan {
            work,
            build_limit: TIME_LIMIT,
        }
    }

    /// A plan with the standard planbook.toml and text pages.
    fn with_pages(pages: &[(&str, &str)]) -> Plan {
        let mut files: Vec<(&str, &[u8])> = vec![("planbook.toml", HEADER.as_bytes())];
        files.extend(pages.iter().map(|(path, text)| (*path, text.as_bytes())));
        Plan::new(&files)
    }

    fn root(&self) -> PathBuf {
        self.work.path().join("plan")
    }

    fn root_arg(&self) -> String {
        self.root().to_str().expect("utf-8 temp path").to_string()
    }

    fn lint(&self) -> Run {
        run_limited(&[
            "lint",
            &self.root_arg(),
            "--format",
            "json",
            "--today",
            TODAY,
        ])
    }

    fn schedule(&self) -> Run {
        run_limited(&[
            "schedule",
            &self.root_arg(),
            "--format",
            "json",
            "--today",
            TODAY,
        ])
    }

    fn build(&self) -> Run {
        let out = self.work.path().join("out/site");
        let out = out.to_str().expect("utf-8 temp path");
        run_within(
            &["build", &self.root_arg(), "--out", out, "--today", TODAY],
            self.build_limit,
        )
    }

    /// Runs all three commands with the checks every case shares, and
    /// returns the lint JSON.
    fn check(&self) -> Value {
        let before = tree(self.work.path());
        let lint = self.lint();
        assert!(
            lint.code == 0 || lint.code == 1,
            "lint could not run: {}",
            lint.describe()
        );
        let findings = lint.json();
        check_findings_are_located(&findings, &self.root());
        let schedule = self.schedule();
        let report = schedule.json();
        // A plan with a dependency cycle has no complete schedule: exit 1.
        let cycles = report["cycles"]
            .as_array()
            .is_some_and(|cycles| !cycles.is_empty());
        assert_eq!(schedule.code, i32::from(cycles), "{}", schedule.describe());
        assert!(report["tasks"].is_array(), "{}", schedule.describe());
        let build = self.build();
        assert_eq!(build.code, 0, "{}", build.describe());
        let site = self.work.path().join("out/site");
        assert!(site.join("index.html").is_file(), "{}", build.describe());
        assert!(
            !self.work.path().join("out/.site.planbook-new").exists(),
            "a staging folder was left behind"
        );
        self.assert_only_site_changed(&before);
        findings
    }

    /// Nothing outside `out/` appeared, disappeared or changed.
    fn assert_only_site_changed(&self, before: &BTreeMap<String, Vec<u8>>) {
        let after: BTreeMap<String, Vec<u8>> = tree(self.work.path())
            .into_iter()
            .filter(|(path, _)| !path.starts_with("out/"))
            .collect();
        let before: BTreeMap<String, Vec<u8>> = before
            .iter()
            .filter(|(path, _)| !path.starts_with("out/"))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect();
        let changed: Vec<&String> = after
            .keys()
            .chain(before.keys())
            .filter(|path| after.get(*path) != before.get(*path))
            .collect();
        assert!(
            changed.is_empty(),
            "files outside the output folder changed: {changed:?}"
        );
    }
}

/// Every file below `folder` (symlinks not followed), by relative path.
fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let relative = entry
            .path()
            .strip_prefix(folder)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_file() {
            files.insert(relative, std::fs::read(entry.path()).unwrap_or_default());
        } else {
            files.insert(format!("{relative}/"), Vec::new());
        }
    }
    files
}

/// Every finding names a file of the plan and a line and column in it.
fn check_findings_are_located(json: &Value, root: &Path) {
    let findings = json["findings"].as_array().expect("findings array");
    for finding in findings {
        let file = finding["file"].as_str().expect("file");
        let line = finding["line"].as_u64().expect("line");
        let column = finding["column"].as_u64().expect("column");
        assert!(line >= 1 && column >= 1, "{finding}");
        assert!(
            root.join(file).exists() || std::fs::symlink_metadata(root.join(file)).is_ok(),
            "finding names a file that is not in the plan: {finding}"
        );
        let message = finding["message"].as_str().expect("message");
        let help = finding["help"].as_str().expect("help");
        assert!(!message.is_empty() && !help.is_empty(), "{finding}");
    }
}

/// The findings of `rule` in `file`, as `line:column`.
fn places(json: &Value, rule: &str, file: &str) -> Vec<(u64, u64)> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|finding| finding["rule"] == rule && finding["file"] == file)
        .map(|finding| {
            (
                finding["line"].as_u64().expect("line"),
                finding["column"].as_u64().expect("column"),
            )
        })
        .collect()
}

/// Asserts a finding of `rule` in `file` on `line`, showing every finding otherwise.
fn expect_finding(json: &Value, rule: &str, file: &str, line: u64) {
    let found = places(json, rule, file);
    assert!(
        found.iter().any(|(at, _)| *at == line),
        "expected `{rule}` at {file}:{line}, found {found:?} among {}",
        summary(json)
    );
}

/// Asserts a finding of `rule` in `file` at `line:column`.
fn expect_finding_at(json: &Value, rule: &str, file: &str, line: u64, column: u64) {
    let found = places(json, rule, file);
    assert!(
        found.contains(&(line, column)),
        "expected `{rule}` at {file}:{line}:{column}, found {found:?} among {}",
        summary(json)
    );
}

fn summary(json: &Value) -> String {
    let lines = common::finding_lines(json);
    let shown: Vec<&String> = lines.iter().take(40).collect();
    format!("{} findings: {shown:#?}", lines.len())
}

fn message_of(json: &Value, rule: &str, file: &str) -> String {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .find(|finding| finding["rule"] == rule && finding["file"] == file)
        .map(|finding| finding["message"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("no `{rule}` in {file}: {}", summary(json)))
}

/// A well-formed task page body with the given extra front-matter lines.
fn task(extra: &str) -> String {
    format!(
        "---\nkind: task\nowner: alice\nstart: 2026-01-05\nduration: 2d\n{extra}---\n# A task\n"
    )
}

// ---------------------------------------------------------------- YAML

#[test]
fn yaml_billion_laughs() {
    let mut matter = String::from("---\nkind: task\nowner: alice\nduration: 1d\nstart: 2026-01-05\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        let refs = [previous.as_str(); 9].join(", ");
        matter.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    matter.push_str("tags: *a9\n---\n# Laughs\n");
    let plan = Plan::with_pages(&[("laughs.md", &matter)]);
    let json = plan.check();
    let found = places(&json, "invalid-front-matter", "laughs.md");
    assert!(!found.is_empty(), "{}", summary(&json));
    assert!(
        (6..=15).contains(&found[0].0),
        "points at the aliases: {found:?}"
    );
}

#[test]
fn yaml_deeply_nested_flow_sequences() {
    let depth = 100_000;
    let open = format!(
        "---\nkind: task\nowner: alice\nx: {}{}\n---\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let unclosed = format!(
        "---\nkind: task\nowner: alice\nx: {}\n---\n",
        "[".repeat(depth)
    );
    let plan = Plan::with_pages(&[("closed.md", &open), ("unclosed.md", &unclosed)]);
    let json = plan.check();
    expect_finding(&json, "invalid-front-matter", "closed.md", 4);
    expect_finding(&json, "invalid-front-matter", "unclosed.md", 4);
}

#[test]
fn yaml_deeply_nested_flow_mappings_and_block_lists() {
    let depth = 50_000;
    let flow = format!(
        "---\nkind: task\nx: {}1{}\n---\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    let mut block = String::from("---\nkind: task\nx:\n");
    for level in 0..3_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("- \n");
    }
    block.push_str("---\n");
    // Compact nested sequences on one line: yaml-rust2's `load` recursed
    // once per `- ` and overflowed the stack.
    let dashes = format!(
        "---\nkind: task\nowner: alice\nx:\n{}a\n---\n",
        "- ".repeat(100_000)
    );
    let plan = Plan::with_pages(&[
        ("flow.md", &flow),
        ("block.md", &block),
        ("dashes.md", &dashes),
    ]);
    let json = plan.check();
    expect_finding(&json, "invalid-front-matter", "flow.md", 3);
    expect_finding(&json, "invalid-front-matter", "block.md", 67);
    expect_finding(&json, "invalid-front-matter", "dashes.md", 5);
}

#[test]
fn yaml_huge_single_line_value() {
    let value = "x".repeat(5 * 1024 * 1024);
    let page = format!("---\nkind: task\nowner: alice\nduration: 1d\nstart: 2026-01-05\ntitle: \"{value}\"\nbogus: 1\n---\n");
    let plan = Plan::with_pages(&[("long.md", &page)]);
    let json = plan.check();
    expect_finding_at(&json, "unknown-field", "long.md", 7, 1);
}

#[test]
fn yaml_many_keys_on_one_line() {
    let keys: Vec<String> = (0..20_000).map(|n| format!("k{n}: {n}")).collect();
    let page = format!(
        "---\n{{kind: task, owner: alice, {}}}\n---\n",
        keys.join(", ")
    );
    let plan = Plan::with_pages(&[("wide.md", &page)]);
    let json = plan.check();
    assert!(places(&json, "unknown-field", "wide.md").len() >= 20_000);
}

#[test]
fn yaml_tabs_for_indentation() {
    let page = "---\nkind: task\nowner: alice\ndepends_on:\n\t- design\n---\n";
    let plan = Plan::with_pages(&[("tabs.md", page)]);
    let json = plan.check();
    expect_finding(&json, "invalid-front-matter", "tabs.md", 5);
}

#[test]
fn yaml_duplicate_keys() {
    let page = task("owner: bob\n");
    let plan = Plan::with_pages(&[("dup.md", &page)]);
    let json = plan.check();
    expect_finding_at(&json, "invalid-front-matter", "dup.md", 6, 1);
    let message = message_of(&json, "invalid-front-matter", "dup.md");
    assert!(
        message.contains("owner") && message.contains("line 3"),
        "{message}"
    );
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let plan = Plan::with_pages(&[
        ("scalar.md", "---\njust some text\n---\n# Scalar\n"),
        ("list.md", "---\n- a\n- b\n---\n# List\n"),
        ("empty.md", "---\n---\n# Empty\n"),
        ("blank.md", "---\n\n\n---\n# Blank\n"),
        ("toml-empty.md", "+++\n+++\n"),
    ]);
    let json = plan.check();
    expect_finding(&json, "invalid-front-matter", "scalar.md", 2);
    expect_finding(&json, "invalid-front-matter", "list.md", 2);
    for quiet in ["empty.md", "blank.md", "toml-empty.md"] {
        assert!(
            places(&json, "invalid-front-matter", quiet).is_empty(),
            "{quiet}: {}",
            summary(&json)
        );
    }
}

#[test]
fn delimiters_with_trailing_spaces_and_lone_delimiters() {
    let plan = Plan::with_pages(&[
        (
            "spaces.md",
            "---   \nkind: task\nowner: alice\nstart: 2026-01-05\nduration: 1d\nbogus: 1\n---  \t\n",
        ),
        ("only.md", "---"),
        ("only-newline.md", "---\n"),
        ("plus.md", "+++"),
        ("dashes.md", "----\nnot front matter\n"),
    ]);
    let json = plan.check();
    expect_finding_at(&json, "unknown-field", "spaces.md", 6, 1);
    expect_finding_at(&json, "invalid-front-matter", "only.md", 1, 1);
    expect_finding_at(&json, "invalid-front-matter", "only-newline.md", 1, 1);
    expect_finding_at(&json, "invalid-front-matter", "plus.md", 1, 1);
    assert!(places(&json, "invalid-front-matter", "dashes.md").is_empty());
}

#[test]
fn yaml_tags_and_multiple_documents() {
    let tags = task("title: !!str 5\nworkstream: !custom x\ntags: !!seq [a, b]\n");
    let multi = "---\nkind: task\nowner: alice\n--- \n";
    let inner = "---\nkind: task\nowner: alice\n--- id: other\n---\n";
    let ended = "---\nkind: task\nowner: alice\n...\nid: ignored\n---\n";
    let plan = Plan::with_pages(&[
        ("tags.md", &tags),
        ("multi.md", multi),
        ("inner.md", inner),
        ("ended.md", ended),
    ]);
    let json = plan.check();
    assert!(
        places(&json, "invalid-front-matter", "tags.md").is_empty(),
        "{}",
        summary(&json)
    );
    expect_finding(&json, "invalid-front-matter", "inner.md", 4);
    expect_finding(&json, "invalid-front-matter", "ended.md", 5);
}

#[test]
fn yaml_odd_keys() {
    let page = "---\nkind: task\nowner: alice\n? [a, b]\n: complex key\n{x: 1}: flow key\n~: null key\n\"\": empty\n---\n";
    let plan = Plan::with_pages(&[("keys.md", page)]);
    plan.check();
}

// ---------------------------------------------------------------- bytes

#[test]
fn nul_bytes_and_binary_pages() {
    let nul = vec![0u8; 64 * 1024];
    // A deterministic spread of every byte value.
    let binary: Vec<u8> = (0..64 * 1024u32)
        .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut nul_in_matter = b"---\nkind: task\nowner: al".to_vec();
    nul_in_matter.extend_from_slice(&[0, 0, 0]);
    nul_in_matter.extend_from_slice(b"ice\n---\n");
    let plan = Plan::new(&[
        ("planbook.toml", HEADER.as_bytes()),
        ("nul.md", &nul),
        ("binary.md", &binary),
        ("nul-matter.md", &nul_in_matter),
    ]);
    let json = plan.check();
    expect_finding(&json, "invalid-front-matter", "binary.md", 1);
    assert!(
        !json["findings"].as_array().unwrap().is_empty(),
        "{}",
        summary(&json)
    );
}

#[test]
fn invalid_utf8_in_front_matter_and_body() {
    let mut in_matter = b"---\nkind: task\nowner: alice\ntitle: caf".to_vec();
    in_matter.extend_from_slice(&[0xe9, b'\n']);
    in_matter.extend_from_slice(b"---\n# Title\n");
    let mut in_body = task("").into_bytes();
    in_body.extend_from_slice(b"\nSome text\n\xff\xfe broken\n");
    let plan = Plan::new(&[
        ("planbook.toml", HEADER.as_bytes()),
        ("matter.md", &in_matter),
        ("body.md", &in_body),
    ]);
    let json = plan.check();
    expect_finding_at(&json, "invalid-front-matter", "matter.md", 4, 11);
    expect_finding_at(&json, "invalid-front-matter", "body.md", 10, 1);
}

#[test]
fn byte_order_mark_keeps_columns() {
    let page = format!("\u{feff}{}", task("bogus: 1\n"));
    let plan = Plan::with_pages(&[("bom.md", &page)]);
    let json = plan.check();
    expect_finding_at(&json, "unknown-field", "bom.md", 6, 1);
    let no_owner = "\u{feff}---\nkind: task\nstart: 2026-01-05\nduration: 1d\n---\n";
    let plan = Plan::with_pages(&[("bom2.md", no_owner)]);
    let json = plan.check();
    expect_finding_at(&json, "missing-owner", "bom2.md", 1, 1);
}

#[test]
fn crlf_line_endings_keep_lines_and_columns() {
    let page = "---\r\nkind: task\r\nowner: alice\r\nstart: 2026-01-05\r\nduration:   abc\r\nbogus: 1\r\n---\r\n# Title\r\n\r\nSee [x](missing.md).\r\n";
    let plan = Plan::with_pages(&[("crlf.md", page)]);
    let json = plan.check();
    expect_finding_at(&json, "invalid-value", "crlf.md", 5, 13);
    expect_finding_at(&json, "unknown-field", "crlf.md", 6, 1);
    expect_finding_at(&json, "broken-link", "crlf.md", 10, 5);
    let toml = "+++\r\nkind = \"task\"\r\nowner = \"alice\"\r\nstart = 2026-01-05\r\nduration = \"x\"\r\n+++\r\n";
    let plan = Plan::with_pages(&[("crlf-toml.md", toml)]);
    let json = plan.check();
    expect_finding_at(&json, "invalid-value", "crlf-toml.md", 5, 12);
}

// ---------------------------------------------------------------- TOML

#[test]
fn toml_front_matter_shapes() {
    let page = "+++\nkind = \"task\"\nowner = \"alice\"\nduration = \"2d\"\nstart = 2026-01-05T09:30:00+02:00\nend = 2026-01-06\nlint.allow = [\"missing-dependencies\"]\ntags = [\"a\", { b = 1 }]\n[[depends_on]]\nid = \"other\"\nlag = \"1d\"\n+++\n";
    let other = "+++\nkind = \"task\"\nowner = \"alice\"\nduration = 1\nstart = 09:30:00\n+++\n";
    let register = "+++\n[[tasks]]\nid = \"r1\"\nowner = \"alice\"\nduration = \"1d\"\nstart = 2026-01-05 10:00:00\n[[tasks]]\nid = \"r2\"\nowner = \"alice\"\nduration = \"1d\"\ndepends_on = [{ id = \"r1\", lag = \"2d\" }]\n[[milestones]]\nid = \"m\"\nowner = \"alice\"\ndate = 1979-05-27T07:32:00Z\n+++\n";
    let deep = format!(
        "+++\nkind = \"task\"\nx = {}{}\n+++\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let header = format!(
        "+++\nkind = \"task\"\n[{}a]\nx = 1\n+++\n",
        "a.".repeat(50_000)
    );
    let dotted = format!("+++\nkind = \"task\"\n{}b = 1\n+++\n", "b.".repeat(50_000));
    let plan = Plan::with_pages(&[
        ("header.md", &header),
        ("dotted.md", &dotted),
        ("toml.md", page),
        ("other.md", other),
        ("register.md", register),
        ("deep.md", &deep),
    ]);
    let json = plan.check();
    expect_finding(&json, "invalid-value", "toml.md", 8);
    // A time of day is no date; a date-time counts by its date.
    expect_finding(&json, "invalid-value", "other.md", 5);
    for (file, line) in [("toml.md", 5), ("register.md", 6), ("register.md", 15)] {
        let found = places(&json, "invalid-value", file);
        assert!(
            found.iter().all(|(at, _)| *at != line),
            "a date-time at {file}:{line} was refused: {}",
            summary(&json)
        );
    }
    expect_finding(&json, "invalid-front-matter", "deep.md", 3);
    // toml gives no position for its recursion limit: the front matter's start.
    for file in ["header.md", "dotted.md"] {
        let found = places(&json, "invalid-front-matter", file);
        assert!(
            found.iter().any(|(line, _)| (2..=3).contains(line)),
            "{file}: {}",
            summary(&json)
        );
    }
}

// ---------------------------------------------------------------- ids and paths

#[test]
fn ids_that_look_like_paths_stay_inside_the_site() {
    let long_id = "a".repeat(4000);
    let register = format!(
        "---\ntasks:\n  - {{ id: ../../etc/passwd, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: a/b, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: /etc/shadow, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: CON, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: nul.txt, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: Task-A, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: task-a, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: {long_id}, owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: ..., owner: alice, duration: 1d, start: 2026-01-05 }}\n  - {{ id: 'ü-ñ', owner: alice, duration: 1d, start: 2026-01-05 }}\n---\n"
    );
    let page_item = "---\nkind: task\nid: ../../outside\nowner: alice\n---\n";
    let config = format!(
        "{HEADER}\"../../roster\" = {{ name = \"Escaper\" }}\n\"{}\" = {{ name = \"Long\" }}\n",
        "b".repeat(3000)
    );
    let plan = Plan::new(&[
        ("planbook.toml", config.as_bytes()),
        ("register.md", register.as_bytes()),
        ("item.md", page_item.as_bytes()),
    ]);
    let json = plan.check();
    expect_finding(&json, "invalid-value", "register.md", 3);
    expect_finding(&json, "invalid-value", "register.md", 4);
    expect_finding(&json, "invalid-value", "register.md", 5);
    expect_finding(&json, "invalid-value", "item.md", 3);
    expect_finding(&json, "invalid-value", "planbook.toml", 6);
    let site = tree(&plan.work.path().join("out/site"));
    for path in site.keys() {
        assert!(
            path.split('/').all(|part| part.len() <= 255),
            "file name too long: {path}"
        );
    }
}

#[test]
fn long_page_names_with_spaces_and_unicode() {
    let long_name = format!("{}.md", "n".repeat(251));
    let page = task("");
    let plan = Plan::with_pages(&[
        ("tasks/my task ü 日本.md", &page),
        (&long_name, &page),
        ("weird #name%20?.md", &page),
        ("links.md", "# Links\n\n[ok](tasks/my%20task%20%C3%BC%20%E6%97%A5%E6%9C%AC.md)\n[ok2](<tasks/my task ü 日本.md>)\n[bad](tasks/nope.md)\n"),
    ]);
    let json = plan.check();
    let lines = common::finding_lines(&json);
    assert!(
        lines
            .iter()
            .any(|line| line.contains("tasks/my task ü 日本.md")),
        "{lines:#?}"
    );
    expect_finding(&json, "broken-link", "links.md", 5);
    assert!(
        places(&json, "broken-link", "links.md").len() == 1,
        "{lines:#?}"
    );
}

// ---------------------------------------------------------------- schedule

#[test]
fn dependency_cycles_and_self_dependency() {
    let mut cycle = String::from("---\ntasks:\n");
    let size = 2_000;
    for n in 0..size {
        let next = (n + 1) % size;
        cycle.push_str(&format!(
            "  - {{ id: c{n}, owner: alice, duration: 1d, depends_on: [c{next}] }}\n"
        ));
    }
    cycle.push_str("---\n");
    let own = "---\nkind: task\nowner: alice\nduration: 1d\ndepends_on: [own]\n---\n";
    let plan = Plan::with_pages(&[("cycle.md", &cycle), ("own.md", own)]);
    let json = plan.check();
    expect_finding(&json, "dependency-cycle", "own.md", 5);
    assert!(!places(&json, "dependency-cycle", "cycle.md").is_empty());
}

#[test]
fn long_chain_and_wide_fan_in() {
    let mut chain = String::from(
        "---\ntasks:\n  - { id: t0, owner: alice, duration: 1d, start: 2026-01-05 }\n",
    );
    for n in 1..20_000 {
        chain.push_str(&format!(
            "  - {{ id: t{n}, owner: alice, duration: 1d, depends_on: [t{}] }}\n",
            n - 1
        ));
    }
    chain.push_str("---\n");
    let mut fan = String::from("---\ntasks:\n");
    for n in 0..5_000 {
        fan.push_str(&format!(
            "  - {{ id: f{n}, owner: alice, duration: 1d, start: 2026-01-05 }}\n"
        ));
    }
    let all: Vec<String> = (0..5_000).map(|n| format!("f{n}")).collect();
    fan.push_str(&format!(
        "  - {{ id: sink, owner: alice, duration: 1d, depends_on: [{}] }}\n---\n",
        all.join(", ")
    ));
    let mut plan = Plan::with_pages(&[("chain.md", &chain), ("fan.md", &fan)]);
    // 25,000 item pages: linear work, but half a minute in a debug build.
    plan.build_limit = Duration::from_secs(120);
    plan.check();
    let report = plan.schedule().json();
    let last = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["id"] == "t19999")
        .expect("the end of the chain is scheduled");
    assert!(last["start"].as_str().unwrap() > "2100-01-01", "{last}");
}

#[test]
fn many_duplicate_ids_and_long_workstreams() {
    let mut register = String::from("---\ntasks:\n");
    let workstream = "w".repeat(300);
    for _ in 0..10_000 {
        register.push_str(&format!(
            "  - {{ id: same, owner: alice, duration: 1d, start: 2026-01-05, workstream: {workstream} }}\n"
        ));
    }
    register.push_str("---\n");
    let plan = Plan::with_pages(&[("dups.md", &register)]);
    let json = plan.check();
    assert_eq!(places(&json, "duplicate-id", "dups.md").len(), 9_999);
}

#[test]
fn extreme_dates() {
    let page = "---\ntasks:\n  - { id: ancient, owner: alice, duration: 3d, start: 0001-01-01 }\n  - { id: future, owner: alice, duration: 3d, start: 9999-12-30 }\n  - { id: feb30, owner: alice, duration: 1d, start: 2026-02-30 }\n  - { id: after-ancient, owner: alice, duration: 1d, depends_on: [ancient, future] }\n  - { id: ends-early, owner: alice, start: 2026-01-05, end: 0001-01-01 }\n  - { id: huge-year, owner: alice, duration: 1d, start: +262143-12-31 }\nmilestones:\n  - { id: m-old, owner: alice, date: 0001-01-01, depends_on: [future], criteria: x }\n---\n";
    let plan = Plan::with_pages(&[("dates.md", page)]);
    let json = plan.check();
    expect_finding(&json, "invalid-value", "dates.md", 5);
}

#[test]
fn absurd_durations_and_lags() {
    let page = "---\ntasks:\n  - { id: huge, owner: alice, start: 2026-01-05, duration: 99999999d }\n  - { id: wrap, owner: alice, start: 2026-01-05, duration: 4294967296d }\n  - { id: negative, owner: alice, start: 2026-01-05, duration: -1d }\n  - { id: fraction, owner: alice, start: 2026-01-05, duration: 1.5d }\n  - { id: float, owner: alice, start: 2026-01-05, duration: 1.5 }\n  - { id: weeks, owner: alice, start: 2026-01-05, duration: 999999999w }\n  - { id: lagged, owner: alice, duration: 1d, depends_on: [{ id: huge, lag: 5000000d }] }\n  - { id: lagged2, owner: alice, duration: 1d, depends_on: [{ id: weeks, lag: 4294967295d }] }\n---\n";
    let plan = Plan::with_pages(&[("durations.md", page)]);
    let json = plan.check();
    for line in 3..=10 {
        expect_finding(&json, "invalid-value", "durations.md", line);
    }
    let message = message_of(&json, "invalid-value", "durations.md");
    assert!(!message.is_empty());
}

#[test]
fn calendars_without_working_days() {
    let holidays: Vec<String> = (0..365)
        .map(|day| {
            let date =
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day);
            format!("\"{date}\"")
        })
        .collect();
    let config = format!(
        "{HEADER}\n[calendar]\nholidays = [{}]\n",
        holidays.join(", ")
    );
    let page = "---\ntasks:\n  - { id: a, owner: alice, start: 2026-01-05, duration: 30d }\n  - { id: b, owner: alice, duration: 3d, depends_on: [{ id: a, lag: 10d }] }\n---\n";
    let plan = Plan::new(&[
        ("planbook.toml", config.as_bytes()),
        ("a.md", page.as_bytes()),
    ]);
    plan.check();
    let report = plan.schedule().json();
    let first = &report["tasks"][0];
    assert!(first["start"].as_str().unwrap() >= "2027-01-01", "{first}");

    let empty = format!("{HEADER}\n[calendar]\nworkdays = []\n");
    let plan = Plan::new(&[
        ("planbook.toml", empty.as_bytes()),
        ("a.md", page.as_bytes()),
    ]);
    let json = plan.check();
    expect_finding(&json, "invalid-value", "planbook.toml", 8);

    // Every day of 2026 to 2040 off: more holidays in a row than any loop guard.
    let long: Vec<String> = (0..15 * 366)
        .map(|day| {
            let date =
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day);
            format!("\"{date}\"")
        })
        .collect();
    let config = format!("{HEADER}\n[calendar]\nholidays = [{}]\n", long.join(", "));
    let plan = Plan::new(&[
        ("planbook.toml", config.as_bytes()),
        ("a.md", page.as_bytes()),
    ]);
    plan.check();
    let report = plan.schedule().json();
    let first = &report["tasks"][0];
    assert!(first["start"].as_str().unwrap() >= "2041-01-01", "{first}");
}

// ---------------------------------------------------------------- values

#[test]
fn wrong_shaped_values() {
    let page = "---\nrisks:\n  - { id: r1, owner: alice, probability: 2.5, impact: true, mitigation: m }\n  - { id: r2, owner: alice, probability: [high], impact: { a: 1 }, mitigation: m }\n  - { id: r3, owner: alice, probability: 1e400, impact: -3, mitigation: m, score: 99999999999999999999999 }\ntasks:\n  - { id: p1, owner: alice, start: 2026-01-05, duration: 1d, progress: -5 }\n  - { id: p2, owner: alice, start: 2026-01-05, duration: 1d, progress: 1e9 }\n  - { id: p3, owner: alice, start: 2026-01-05, duration: 1d, progress: .nan }\n  - { id: p4, owner: [alice, bob], start: [2026-01-05], duration: { d: 1 }, depends_on: { id: [p1] } }\n---\n";
    let plan = Plan::with_pages(&[("values.md", page)]);
    let json = plan.check();
    for line in [3, 4, 7, 8, 9, 10] {
        let found = places(&json, "invalid-value", "values.md")
            .into_iter()
            .chain(places(&json, "invalid-risk-rating", "values.md"))
            .any(|(at, _)| at == line);
        assert!(found, "line {line}: {}", summary(&json));
    }
}

// ---------------------------------------------------------------- Markdown

#[test]
fn huge_markdown_bodies() {
    let mut headings = task("");
    for n in 0..100_000 {
        headings.push_str(&format!("## Heading {}\n", n % 7));
    }
    // 100,000 links, three to a line.
    let mut links = task("");
    for n in 0..33_334 {
        links.push_str(&format!(
            "[l{n}](other.md#h{n}) [m](#nowhere) [x](https://x.example/{n})\n"
        ));
    }
    let quotes = format!("{}\n{}deep\n", task(""), ">".repeat(100_000));
    let lists = format!("{}\n{}deep\n", task(""), "- ".repeat(50_000));
    let mut nested = task("");
    for level in 0..2_000 {
        nested.push_str(&" ".repeat(level * 2));
        nested.push_str("- item\n");
    }
    let html = format!("{}\n{}\n", task(""), "<div>".repeat(100_000));
    let unclosed = format!("{}\n<div{}\n", task(""), "<a".repeat(100_000));
    let emphasis = format!(
        "{}\n{}x{}\n",
        task(""),
        "*".repeat(100_000),
        "*".repeat(100_000)
    );
    let brackets = format!("{}\n{}\n", task(""), "[".repeat(100_000));
    let plan = Plan::with_pages(&[
        ("headings.md", &headings),
        ("links.md", &links),
        ("other.md", "# Other\n"),
        ("quotes.md", &quotes),
        ("lists.md", &lists),
        ("nested.md", &nested),
        ("html.md", &html),
        ("unclosed.md", &unclosed),
        ("emphasis.md", &emphasis),
        ("brackets.md", &brackets),
    ]);
    let json = plan.check();
    expect_finding(&json, "broken-link", "links.md", 8);
}

#[test]
fn odd_links() {
    let body = "# Links\n\n[a](%2e%2e/%2e%2e/etc/passwd.md)\n[b](javascript:alert(1))\n[c](file:///etc/passwd)\n[d](data:text/html,<script>x</script>)\n[e](%ZZ.md)\n[f](#%)\n[g](../../../../outside.md)\n[h](<>)\n[i](//host/x.md)\n[j](C:\\\\x.md)\n[k](?q=1)\n[l](a.md#%E2%82%AC%)\n[m](%00.md)\n![img](javascript:x)\n";
    let plan = Plan::with_pages(&[("links.md", body), ("a.md", "# A\n")]);
    let json = plan.check();
    expect_finding(&json, "broken-link", "links.md", 3);
    expect_finding(&json, "broken-link", "links.md", 9);
    let page = std::fs::read_to_string(plan.work.path().join("out/site/pages/links.html"))
        .expect("page written");
    assert!(!page.contains("href=\"javascript:"), "{page}");
    assert!(!page.contains("src=\"javascript:"), "{page}");
}

// ---------------------------------------------------------------- the folder

#[test]
fn symlink_loops_and_dangling_links() {
    let plan = Plan::with_pages(&[("a.md", &task(""))]);
    let root = plan.root();
    std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
    std::os::unix::fs::symlink(root.join("x.md"), root.join("y.md")).unwrap();
    std::os::unix::fs::symlink(root.join("y.md"), root.join("x.md")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target.md", root.join("dangling.md")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    plan.check();
}

#[test]
fn unreadable_page() {
    use std::os::unix::fs::PermissionsExt;
    let plan = Plan::with_pages(&[("a.md", &task("")), ("secret.md", &task(""))]);
    let secret = plan.root().join("secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = std::fs::read(&secret).is_err();
    let lint = plan.lint();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    if !enforced {
        // Running as root: permissions are not enforced, nothing to check.
        assert!(lint.code == 0 || lint.code == 1, "{}", lint.describe());
        return;
    }
    assert!(lint.code == 1, "{}", lint.describe());
    let json = lint.json();
    expect_finding(&json, "invalid-front-matter", "secret.md", 1);
}

#[test]
fn hostile_planbook_toml() {
    let page = task("");
    for config in [
        &b"title = \"x\"\nstart = [\n"[..],
        b"\x00\xff\xfe binary \x01\x02",
        b"output = 5\ntheme = { a = 1 }\nexclude = [\"[\"]\n",
        b"start = 2026-01-05T10:00:00Z\n[calendar]\nworkdays = [\"mon\", 3, \"funday\"]\nholidays = [\"2026-02-30\", 2026-12-25]\n[risk]\nscale = 4\ncontingency_threshold = 1e9\n",
    ] {
        let plan = Plan::new(&[("planbook.toml", config), ("a.md", page.as_bytes())]);
        let json = plan.check();
        assert!(
            !places(&json, "invalid-front-matter", "planbook.toml").is_empty()
                || !places(&json, "invalid-value", "planbook.toml").is_empty(),
            "{}: {}",
            String::from_utf8_lossy(config),
            summary(&json)
        );
    }
}

#[test]
fn output_folder_outside_or_above_the_plan() {
    for output in [
        "/",
        "..",
        ".",
        "",
        "../outside",
        "../../..",
        "a/../..",
        "site/../..",
    ] {
        let config = format!("output = \"{output}\"\n");
        let plan = Plan::new(&[
            ("planbook.toml", config.as_bytes()),
            ("a.md", task("").as_bytes()),
        ]);
        let before = tree(plan.work.path());
        let lint = plan.lint();
        assert!(lint.code <= 1, "{output}: {}", lint.describe());
        lint.json();
        let build = run_limited(&["build", &plan.root_arg(), "--today", TODAY]);
        let after = tree(plan.work.path());
        let changed: Vec<&String> = after
            .keys()
            .chain(before.keys())
            .filter(|path| after.get(*path) != before.get(*path))
            .collect();
        assert!(
            changed.is_empty(),
            "output `{output}` changed {changed:?}: {}",
            build.describe()
        );
        // Outside the plan (or the plan itself) comes only from `--out`.
        assert_eq!(build.code, 2, "output `{output}`: {}", build.describe());
        assert!(
            build.stderr.contains("output folder"),
            "a clear message for `{output}`: {}",
            build.describe()
        );
    }
}

#[test]
fn build_into_a_foreign_folder_keeps_it() {
    let plan = Plan::with_pages(&[("a.md", &task(""))]);
    let out = plan.work.path().join("out/site");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    let build = plan.build();
    assert_eq!(build.code, 2, "{}", build.describe());
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn output_is_deterministic() {
    let page = "---\ntasks:\n  - { id: b, owner: alice, duration: 1d, start: 2026-01-05 }\n  - { id: a, owner: alice, duration: 1d, start: 2026-01-05 }\n  - { id: a, owner: bob, duration: [x] }\n---\n";
    let plan = Plan::with_pages(&[("a.md", page), ("b.md", "---\n: : :\n---\n")]);
    let first = plan.lint().stdout;
    let second = plan.lint().stdout;
    assert_eq!(first, second);
    plan.build();
    let one = tree(&plan.work.path().join("out/site"));
    plan.build();
    let two = tree(&plan.work.path().join("out/site"));
    assert_eq!(one, two);
}
