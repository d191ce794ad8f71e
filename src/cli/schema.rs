use std::process::ExitCode;

use clap::{Args, ValueEnum};

use planbook::schema::{schema, SchemaTarget};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema: page front matter (every kind) or planbook.toml.
    #[arg(value_enum, default_value_t = Target::Page)]
    target: Target,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Target {
    Page,
    Config,
}

pub fn run(args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let target = match args.target {
        Target::Page => SchemaTarget::Page,
        Target::Config => SchemaTarget::Config,
    };
    super::emit(&format!(
        "{}\n",
        serde_json::to_string_pretty(&schema(target))?
    ))?;
    Ok(ExitCode::SUCCESS)
}
