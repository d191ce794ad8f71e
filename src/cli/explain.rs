use std::process::ExitCode;

use clap::Args;

use planbook::lint::{find_rule, rule_names, rules::RULES};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `missing-owner`. Without it, lists every rule.
    rule: Option<String>,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let Some(name) = args.rule else {
        let list: String = RULES
            .iter()
            .map(|rule| {
                format!(
                    "{:<26} {:<8} {}\n",
                    rule.name,
                    rule.default_severity.as_str(),
                    rule.summary
                )
            })
            .collect();
        super::emit(&list)?;
        return Ok(ExitCode::SUCCESS);
    };
    match find_rule(&name) {
        Some(rule) => {
            super::emit(&format!(
                "# {}\n\nDefault severity: {}\n\n{}\n",
                rule.name,
                rule.default_severity.as_str(),
                rule.doc.trim_end()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = planbook::lint::did_you_mean(
                &name,
                rule_names().iter().copied(),
                "run `planbook explain` to list the rules",
            );
            anyhow::bail!("no rule named `{name}`: {hint}")
        }
    }
}
