use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::baseline::BaselineComparison;
use planbook::model::load_plan;
use planbook::schedule::{compute_schedule, ScheduleReport};

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The plan folder (default: the current folder).
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ScheduleFormat,
    /// Compare with the plan as committed at this git ref (tag, branch,
    /// sha, HEAD~3) and show each item's slip; default: `baseline` in
    /// planbook.toml.
    #[arg(long, value_name = "REF")]
    baseline: Option<String>,
    /// Fix "today" (YYYY-MM-DD) for reproducible results.
    #[arg(long, value_parser = super::parse_today)]
    today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScheduleFormat {
    Table,
    Json,
}

pub fn run(args: ScheduleArgs) -> anyhow::Result<ExitCode> {
    let root = super::plan_root(args.root);
    let plan =
        load_plan(&root).with_context(|| format!("reading the plan in `{}`", root.display()))?;
    let today = planbook::today_or(args.today);
    let schedule = compute_schedule(&plan, today);
    let mut report = ScheduleReport::new(&plan, &schedule);
    let comparison = super::compare_with_baseline(&plan, &schedule, args.baseline, today)?;
    if let Some(comparison) = &comparison {
        comparison.fill_report(&mut report);
    }
    match args.format {
        ScheduleFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        ScheduleFormat::Table => {
            print!(
                "{}",
                render_table(
                    &report,
                    schedule.length(&plan.config.calendar),
                    comparison.as_ref()
                )
            );
            let unscheduled = plan
                .items
                .iter()
                .enumerate()
                .filter(|(index, item)| {
                    (item.as_task().is_some() || item.as_milestone().is_some())
                        && schedule.timing(*index).is_none()
                })
                .count();
            if unscheduled > 0 {
                println!("\nnote: {unscheduled} item(s) could not be scheduled (dependency cycle); run `planbook lint` for details");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `+3`, `-2`, `0`; `-` when the item has no baseline.
fn slip_cell(slip: Option<i64>) -> String {
    match slip {
        Some(slip) if slip > 0 => format!("+{slip}"),
        Some(slip) => slip.to_string(),
        None => "-".to_string(),
    }
}

fn render_table(
    report: &ScheduleReport,
    length: i64,
    comparison: Option<&BaselineComparison>,
) -> String {
    let mut out = String::new();
    let date = |date: Option<NaiveDate>| date.map_or("-".to_string(), |date| date.to_string());
    out.push_str(&format!(
        "Plan: {} to {} ({length} working days), today {}\n",
        date(report.start),
        date(report.finish),
        report.today
    ));
    if let Some(comparison) = comparison {
        out.push_str(&format!(
            "Baseline {}: finish {} ({} working days)\n",
            comparison.reference.as_deref().unwrap_or("?"),
            date(comparison.baseline_finish),
            slip_cell(comparison.finish_slip),
        ));
    }
    out.push('\n');
    let slip_header = if comparison.is_some() { "   SLIP" } else { "" };
    let slip = |slip: Option<i64>| match comparison {
        Some(_) => format!("  {:>5}", slip_cell(slip)),
        None => String::new(),
    };
    let id_width = report
        .tasks
        .iter()
        .map(|task| task.id.len())
        .chain(report.milestones.iter().map(|milestone| milestone.id.len()))
        .max()
        .unwrap_or(2)
        .max(9);
    out.push_str(&format!(
        "{:<id_width$}  {:<10}  {:<10}  {:>4}  {:>5}{slip_header}  {:<4}  {}\n",
        "TASK", "START", "FINISH", "DAYS", "SLACK", "CRIT", "OWNER"
    ));
    for task in &report.tasks {
        out.push_str(&format!(
            "{:<id_width$}  {}  {}  {:>4}  {:>5}{}  {:<4}  {}\n",
            task.id,
            task.start,
            task.finish,
            task.duration,
            task.slack,
            slip(task.slip),
            if task.critical { "*" } else { "" },
            task.owner.as_deref().unwrap_or("-"),
        ));
    }
    if !report.milestones.is_empty() {
        out.push_str(&format!(
            "\n{:<id_width$}  {:<10}  {:<10}  {:>4}  {:>5}{slip_header}  {:<4}\n",
            "MILESTONE", "DATE", "TARGET", "LATE", "SLACK", "CRIT"
        ));
        for milestone in &report.milestones {
            out.push_str(&format!(
                "{:<id_width$}  {}  {:<10}  {:>4}  {:>5}{}  {:<4}\n",
                milestone.id,
                milestone.date,
                date(milestone.target),
                milestone.late,
                milestone.slack,
                slip(milestone.slip),
                if milestone.critical { "*" } else { "" },
            ));
        }
    }
    if !report.critical_path.is_empty() {
        out.push_str(&format!(
            "\nCritical path: {}\n",
            report.critical_path.join(" -> ")
        ));
    }
    out
}
