//! The stages import one way only (README "Development"): each module of
//! `src/` may use modules of an earlier stage, never one of its own rank or
//! a later one. Reads the source files as text: a `crate::<module>` path
//! (outside comments) in a module of a lower rank fails the test with the
//! file and line. Modules use each other only through `crate::` paths.

use std::path::Path;

/// Each top-level module with its place in the data flow; modules of one
/// rank are independent of each other.
const RANKS: &[(&str, u8)] = &[
    ("suggest", 0),
    ("source", 1),
    ("git", 2),
    ("parse", 2),
    ("model", 3),
    ("schedule", 4),
    ("baseline", 5),
    ("lint", 5),
    ("states", 5),
    ("analysis", 6),
    ("schema", 6),
    ("site", 7),
    ("trend", 7),
    ("publish", 8),
    ("serve", 8),
    ("lsp", 8),
];

fn rank(module: &str) -> Option<u8> {
    RANKS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, rank)| *rank)
}

/// The top-level module a file under `src/` belongs to.
fn module_of(relative: &str) -> Option<&str> {
    let first = relative.split('/').next()?;
    Some(first.strip_suffix(".rs").unwrap_or(first))
}

/// Every `crate::name` in `line`.
fn crate_paths(line: &str) -> Vec<&str> {
    line.match_indices("crate::")
        .filter(|(at, _)| {
            // `planbook::crate::` never occurs; skip `$crate::` in macros.
            !line[..*at].ends_with('$')
        })
        .map(|(at, prefix)| {
            let rest = &line[at + prefix.len()..];
            let end = rest
                .find(|character: char| !(character.is_alphanumeric() || character == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn no_module_imports_from_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ is readable");
        if entry
            .path()
            .extension()
            .is_none_or(|extension| extension != "rs")
        {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(&src)
            .expect("below src")
            .to_string_lossy()
            .replace('\\', "/");
        let Some(own_rank) = module_of(&relative).and_then(rank) else {
            continue;
        };
        let own = module_of(&relative).expect("ranked above");
        let text = std::fs::read_to_string(entry.path()).expect("source is UTF-8");
        for (number, line) in text.lines().enumerate() {
            // A doc link to a later stage names it; it does not use it.
            if line.trim_start().starts_with("//") {
                continue;
            }
            // `crate::{lint::X, site::Y}` (maybe over several lines) would
            // hide from this scan which stages a module uses.
            if line.contains("crate::{") {
                violations.push(format!(
                    "src/{relative}:{}: a grouped `crate::{{...}}` import; write one `use crate::<stage>::...` per stage",
                    number + 1
                ));
            }
            for used in crate_paths(line) {
                if used == own {
                    continue;
                }
                // Root items of lib.rs (such as `today_or`) belong to no stage.
                let Some(used_rank) = rank(used) else {
                    continue;
                };
                if used_rank >= own_rank {
                    violations.push(format!(
                        "src/{relative}:{}: `{own}` uses `crate::{used}` of a later or equal stage",
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn every_top_level_module_has_a_rank() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    let unranked: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|name| name.trim_end_matches(';'))
        .filter(|name| rank(name).is_none())
        .collect();
    assert!(
        unranked.is_empty(),
        "modules without a stage in tests/layers.rs: {unranked:?}"
    );
}

#[test]
fn the_scanner_sees_paths_of_later_stages() {
    assert_eq!(
        crate_paths("use crate::lint::{Finding}; let x = crate::site::paths::href;"),
        ["lint", "site"]
    );
    assert_eq!(module_of("model/config.rs"), Some("model"));
    assert_eq!(module_of("analysis.rs"), Some("analysis"));
}

/// The library reports through values and callbacks; only the command
/// (`src/cli/`, `src/main.rs`) chooses what reaches the terminal. The one
/// exception is the language server, whose stderr is its log: editors
/// show it in their LSP log, and stdout belongs to the protocol.
#[test]
fn the_library_never_prints() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut prints = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ is readable");
        let relative = entry
            .path()
            .strip_prefix(&src)
            .expect("below src")
            .to_string_lossy()
            .replace('\\', "/");
        let is_driver_edge =
            relative.starts_with("cli/") || relative == "main.rs" || relative.starts_with("lsp/");
        if is_driver_edge || !relative.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("source is UTF-8");
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let prints_here = ["println!", "eprintln!", "print!", "eprint!", "dbg!"]
                .iter()
                .any(|print| line.contains(print));
            if prints_here {
                prints.push(format!("src/{relative}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        prints.is_empty(),
        "the library prints (hand it to the caller instead):\n{}",
        prints.join("\n")
    );
}
