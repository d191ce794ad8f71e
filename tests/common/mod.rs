//! Helpers shared by the integration tests: run the real binary, write
//! small plans into temporary folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn planbook() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_planbook"));
    command.env("NO_COLOR", "1");
    command
}

/// Runs `planbook ARGS` and returns its output.
pub fn run(args: &[&str]) -> Output {
    planbook().args(args).output().expect("planbook runs")
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    planbook()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("planbook runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

pub const ROSTER_TOML: &str = "title = \"Test plan\"\nstart = \"2026-01-05\"\n\n[people]\nalice = { name = \"Alice\", role = \"Lead\" }\nbob = { name = \"Bob\", role = \"Engineer\" }\n";

/// Writes `files` (relative path, content) into a new temporary folder.
pub fn write_plan(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("has parent")).expect("create folders");
        std::fs::write(full, content).expect("write file");
    }
    dir
}

/// A copy of a fixture plan in a temporary folder outside any git repository.
pub fn copy_fixture(path: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(path), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// `planbook lint --format json` as parsed JSON, with the exit code.
pub fn lint_json(root: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec![
        "lint",
        root.to_str().expect("utf-8 path"),
        "--format",
        "json",
        "--today",
        "2026-01-05",
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "json output ({error}): {}{}",
            stdout(&output),
            stderr(&output)
        )
    });
    (json, output.status.code().unwrap_or(-1))
}

/// `rule file:line:col` of every finding.
pub fn finding_lines(json: &serde_json::Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|finding| {
            format!(
                "{} {}:{}:{}",
                finding["rule"].as_str().unwrap(),
                finding["file"].as_str().unwrap(),
                finding["line"],
                finding["column"]
            )
        })
        .collect()
}
