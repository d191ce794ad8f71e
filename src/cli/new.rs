use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use planbook::parse::markdown::slugify;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to add.
    kind: NewKind,
    /// Its title; the id and file name are made from it.
    title: String,
    /// The plan folder (default: the nearest folder at or above the current
    /// one with a planbook.toml, within the git repository; else the one
    /// plan below the current folder).
    #[arg(long)]
    root: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum NewKind {
    Task,
    Milestone,
    Risk,
    Person,
}

pub fn run(args: NewArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root)?;
    let id = slugify(&args.title)
        .replace("--", "-")
        .trim_matches('-')
        .to_string();
    if id.is_empty() {
        anyhow::bail!(
            "the title `{}` gives no usable id; use letters or digits",
            args.title
        );
    }
    let (folder, front_matter) = match args.kind {
        NewKind::Task => ("tasks", "kind: task\nowner:          # the accountable person's id\nresources: []   # people who work on it\ndepends_on: []  # tasks or milestones that must finish first\nduration: 5d    # working days (or 2w), or give `end: YYYY-MM-DD`\nstatus: planned\n"),
        NewKind::Milestone => ("milestones", "kind: milestone\nowner:          # the accountable person's id\ndate:           # target date, YYYY-MM-DD\ndepends_on: []  # tasks that must finish to reach it\ncriteria:\n  - what, measurably, marks it reached\nstatus: planned\n"),
        NewKind::Risk => ("risks", "kind: risk\nowner:          # who watches this risk\nprobability: medium\nimpact: medium\naffects: []     # tasks or milestones it threatens\nmitigation: what we do now to make it less likely or less harmful\ncontingency:\n  trigger: what tells us it is happening\n  response: what we do then\nstatus: open\n"),
        NewKind::Person => ("people", "kind: person\nname: {title}\nrole:\nemail:\n"),
    };
    // A person's name is the title given: a stub that left it empty would
    // start with a finding for what the user already typed.
    let front_matter = front_matter.replace("{title}", &yaml_string(&args.title));
    let path = root.join(folder).join(format!("{id}.md"));
    let text = format!(
        "---\ntitle: {}\n{front_matter}---\n# {}\n\n",
        yaml_string(&args.title),
        args.title
    );
    super::init::write_new(&path, &text)?;
    // `tasks/a.md` rather than `./tasks/a.md` when the plan is right here.
    println!("{}", path.strip_prefix(".").unwrap_or(&path).display());
    Ok(ExitCode::SUCCESS)
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings always serialise")
}
