use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the plan into (default: the current folder).
    dir: Option<PathBuf>,
}

/// The starter plan: small, complete, lint-clean. Kept as files so they read
/// as what they are.
const STARTER: &[(&str, &str)] = &[
    ("planbook.toml", include_str!("starter/planbook.toml")),
    ("overview.md", include_str!("starter/overview.md")),
    ("tasks/design.md", include_str!("starter/tasks-design.md")),
    ("tasks/build.md", include_str!("starter/tasks-build.md")),
    (
        "milestones/launch.md",
        include_str!("starter/milestones-launch.md"),
    ),
    (
        "risks/register.md",
        include_str!("starter/risks-register.md"),
    ),
];

/// What `planbook build` writes into the plan folder (starter.toml's
/// `output = "site"` and the hidden siblings beside it) is made from the
/// pages, so it stays out of git. Written only where no .gitignore is.
const GITIGNORE: &str = "# What `planbook build` writes: made from the pages, not kept in git.\n/site/\n/.site.planbook-*\n";

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let existing: Vec<String> = STARTER
        .iter()
        .filter(|(path, _)| dir.join(path).exists())
        .map(|(path, _)| path.to_string())
        .collect();
    if !existing.is_empty() {
        anyhow::bail!(
            "`{}` already has {}; planbook init never overwrites files (choose an empty folder)",
            dir.display(),
            existing.join(", ")
        );
    }
    for (path, text) in STARTER {
        write_new(&dir.join(path), text)?;
    }
    let gitignore = dir.join(".gitignore");
    let wrote_gitignore = !gitignore.exists();
    if wrote_gitignore {
        write_new(&gitignore, GITIGNORE)?;
    }
    println!("Wrote a starter plan to {}:", dir.display());
    for (path, _) in STARTER {
        println!("  {path}");
    }
    if wrote_gitignore {
        println!("  .gitignore (keeps the built site out of git)");
    } else {
        println!(
            "{} has a .gitignore already: add `/site/` and `/.site.planbook-*` to it, so that the built site stays out of git.",
            dir.display()
        );
    }
    println!(
        "Next: `planbook lint {0}` and `planbook schedule {0}`.",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Creates `path` (and its folders), refusing to replace an existing file.
pub fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating `{}`", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("creating `{}`", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("writing `{}`", path.display()))?;
    Ok(())
}
