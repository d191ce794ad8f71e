use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use planbook::model::load_plan;
use planbook::schedule::{compute_schedule, ScheduleReport};

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The plan folder (default: the current folder).
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ScheduleFormat,
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
    let schedule = compute_schedule(&plan, planbook::today_or(args.today));
    let report = ScheduleReport::new(&plan, &schedule);
    match args.format {
        ScheduleFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        ScheduleFormat::Table => {
            print!(
                "{}",
                render_table(&report, schedule.length(&plan.config.calendar))
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

fn render_table(report: &ScheduleReport, length: i64) -> String {
    let mut out = String::new();
    let date = |date: Option<NaiveDate>| date.map_or("-".to_string(), |date| date.to_string());
    out.push_str(&format!(
        "Plan: {} to {} ({length} working days), today {}\n\n",
        date(report.start),
        date(report.finish),
        report.today
    ));
    let id_width = report
        .tasks
        .iter()
        .map(|task| task.id.len())
        .chain(report.milestones.iter().map(|milestone| milestone.id.len()))
        .max()
        .unwrap_or(2)
        .max(9);
    out.push_str(&format!(
        "{:<id_width$}  {:<10}  {:<10}  {:>4}  {:>5}  {:<4}  {}\n",
        "TASK", "START", "FINISH", "DAYS", "SLACK", "CRIT", "OWNER"
    ));
    for task in &report.tasks {
        out.push_str(&format!(
            "{:<id_width$}  {}  {}  {:>4}  {:>5}  {:<4}  {}\n",
            task.id,
            task.start,
            task.finish,
            task.duration,
            task.slack,
            if task.critical { "*" } else { "" },
            task.owner.as_deref().unwrap_or("-"),
        ));
    }
    if !report.milestones.is_empty() {
        out.push_str(&format!(
            "\n{:<id_width$}  {:<10}  {:<10}  {:>4}  {:>5}  {:<4}\n",
            "MILESTONE", "DATE", "TARGET", "LATE", "SLACK", "CRIT"
        ));
        for milestone in &report.milestones {
            out.push_str(&format!(
                "{:<id_width$}  {}  {:<10}  {:>4}  {:>5}  {:<4}\n",
                milestone.id,
                milestone.date,
                date(milestone.target),
                milestone.late,
                milestone.slack,
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
