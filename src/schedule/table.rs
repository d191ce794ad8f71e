//! The schedule as a table for the terminal (`planbook schedule`): one line
//! per task and milestone, the baseline slip when there is one, and the
//! critical path. Renders a [`ScheduleReport`]; computes nothing.

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::model::calendar::{signed_working_days, working_days};

use super::{DelayReport, MilestoneReport, ScheduleReport, TaskReport};

/// `+3`, `-2`, `0`; `-` when the item has no baseline.
fn slip_cell(slip: Option<i64>) -> String {
    match slip {
        Some(slip) if slip > 0 => format!("+{slip}"),
        Some(slip) => slip.to_string(),
        None => "-".to_string(),
    }
}

fn date_cell(date: Option<NaiveDate>) -> String {
    date.map_or("-".to_string(), |date| date.to_string())
}

/// `2026-01-05..2026-01-09` when the planned dates differ from the forecast.
fn planned_cell(start: NaiveDate, finish: NaiveDate, planned: (NaiveDate, NaiveDate)) -> String {
    if (start, finish) == planned {
        String::new()
    } else if planned.0 == planned.1 {
        planned.0.to_string()
    } else {
        format!("{}..{}", planned.0, planned.1)
    }
}

/// `ana (build, test); bob (away)`: whom a levelled task waited for.
fn waits_for_cell(delays: &[DelayReport]) -> String {
    let mut people: Vec<(&str, Vec<&str>)> = Vec::new();
    for delay in delays {
        let what = delay.task.as_deref().unwrap_or("away");
        match people
            .iter_mut()
            .find(|(person, _)| *person == delay.person)
        {
            Some((_, tasks)) => tasks.push(what),
            None => people.push((&delay.person, vec![what])),
        }
    }
    people
        .iter()
        .map(|(person, tasks)| format!("{person} ({})", tasks.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The whole table, ending with a newline.
pub fn render_table(report: &ScheduleReport) -> String {
    // Columns are padded; the last one of a line leaves no trailing blanks.
    let padded = render_padded(report);
    let mut out = String::with_capacity(padded.len());
    for line in padded.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn render_padded(report: &ScheduleReport) -> String {
    let mut out = String::new();
    let planned_finish = match report.planned_finish {
        Some(planned) if Some(planned) != report.finish => format!(", planned finish {planned}"),
        _ => String::new(),
    };
    out.push_str(&format!(
        "Plan: {} to {} ({}{planned_finish}), today {}{}\n",
        date_cell(report.start),
        date_cell(report.finish),
        working_days(report.length),
        report.today,
        if report.levelled { ", levelled" } else { "" },
    ));
    if let Some(baseline) = &report.baseline {
        out.push_str(&format!(
            "Baseline {}: finish {} ({})\n",
            baseline.reference.as_deref().unwrap_or("?"),
            date_cell(baseline.finish),
            baseline
                .finish_slip
                .map_or("-".to_string(), signed_working_days),
        ));
    }
    out.push('\n');
    let tasks: Vec<&TaskReport> = report.tasks.iter().filter(|task| !task.cancelled).collect();
    let id_width = tasks
        .iter()
        .map(|task| task.id.len())
        .chain(report.milestones.iter().map(|milestone| milestone.id.len()))
        .max()
        .unwrap_or(2)
        .max(9);
    let columns = Columns {
        id_width,
        compared: report.baseline.is_some(),
    };
    render_tasks(&mut out, &tasks, &columns, report.levelled);
    if !report.milestones.is_empty() {
        render_milestones(&mut out, &report.milestones, &columns);
    }
    let cancelled: Vec<&str> = report
        .tasks
        .iter()
        .filter(|task| task.cancelled)
        .map(|task| task.id.as_str())
        .collect();
    if !cancelled.is_empty() {
        out.push_str(&format!(
            "\nCancelled (out of the schedule): {}\n",
            cancelled.join(", ")
        ));
    }
    if !report.critical_path.is_empty() {
        out.push_str(&format!(
            "\nCritical path: {}\n",
            report.critical_path.join(" -> ")
        ));
    }
    if report.unscheduled > 0 {
        out.push_str(&format!(
            "\nnote: {} item(s) could not be scheduled (dependency cycle); run `planbook lint` for details\n",
            report.unscheduled
        ));
    }
    out
}

/// What every row shares: the id column's width and the slip column.
struct Columns {
    id_width: usize,
    compared: bool,
}

impl Columns {
    fn slip_header(&self) -> &'static str {
        if self.compared {
            "   SLIP"
        } else {
            ""
        }
    }

    fn slip(&self, slip: Option<i64>) -> String {
        if self.compared {
            format!("  {:>5}", slip_cell(slip))
        } else {
            String::new()
        }
    }
}

fn render_tasks(out: &mut String, tasks: &[&TaskReport], columns: &Columns, levelled: bool) {
    let id_width = columns.id_width;
    let planned: Vec<String> = tasks
        .iter()
        .map(|task| {
            planned_cell(
                task.start,
                task.finish,
                (task.planned_start, task.planned_finish),
            )
        })
        .collect();
    let planned_width = planned.iter().map(String::len).max().unwrap_or(0);
    let planned_column = |cell: &str| {
        if planned_width > 0 {
            format!("  {cell:<planned_width$}")
        } else {
            String::new()
        }
    };
    let waits: Vec<String> = tasks
        .iter()
        .map(|task| waits_for_cell(&task.delayed_by))
        .collect();
    let show_waits = levelled && waits.iter().any(|cell| !cell.is_empty());
    let owner_width = if show_waits {
        tasks
            .iter()
            .map(|task| task.owner.as_deref().unwrap_or("-").len())
            .max()
            .unwrap_or(0)
            .max(5)
    } else {
        0
    };
    let waits_column = |cell: &str| {
        if show_waits {
            format!("  {cell}")
        } else {
            String::new()
        }
    };
    let header = format!(
        "{:<id_width$}  {:<10}  {:<10}{}  {:>4}  {:>5}{}  {:<4}  {:<owner_width$}{}",
        "TASK",
        "START",
        "FINISH",
        planned_column("PLANNED"),
        "DAYS",
        "SLACK",
        columns.slip_header(),
        "CRIT",
        "OWNER",
        waits_column("WAITS FOR"),
    );
    out.push_str(header.trim_end());
    out.push('\n');
    // Rows are formatted side by side: a big plan has thousands.
    let lines: Vec<String> = tasks
        .par_iter()
        .zip(&planned)
        .zip(&waits)
        .map(|((task, planned), waits)| {
            format!(
                "{:<id_width$}  {}  {}{}  {:>4}  {:>5}{}  {:<4}  {:<owner_width$}{}",
                task.id,
                task.start,
                task.finish,
                planned_column(planned),
                task.duration,
                task.slack,
                columns.slip(task.slip),
                if task.critical { "*" } else { "" },
                task.owner.as_deref().unwrap_or("-"),
                waits_column(waits),
            )
        })
        .collect();
    for line in lines {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn render_milestones(out: &mut String, milestones: &[MilestoneReport], columns: &Columns) {
    let id_width = columns.id_width;
    let planned: Vec<String> = milestones
        .iter()
        .map(|milestone| {
            planned_cell(
                milestone.date,
                milestone.date,
                (milestone.planned_date, milestone.planned_date),
            )
        })
        .collect();
    let show_planned = planned.iter().any(|cell| !cell.is_empty());
    let planned_column = |cell: &str| {
        if show_planned {
            format!("  {cell:<10}")
        } else {
            String::new()
        }
    };
    let header = format!(
        "\n{:<id_width$}  {:<10}{}  {:<10}  {:>4}  {:>5}{}  {:<4}",
        "MILESTONE",
        "DATE",
        planned_column("PLANNED"),
        "TARGET",
        "LATE",
        "SLACK",
        columns.slip_header(),
        "CRIT"
    );
    out.push_str(header.trim_end());
    out.push('\n');
    for (milestone, planned) in milestones.iter().zip(&planned) {
        let line = format!(
            "{:<id_width$}  {}{}  {:<10}  {:>4}  {:>5}{}  {:<4}",
            milestone.id,
            milestone.date,
            planned_column(planned),
            date_cell(milestone.target),
            milestone.late,
            milestone.slack,
            columns.slip(milestone.slip),
            if milestone.critical { "*" } else { "" },
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    fn task(id: &str, start: &str, finish: &str) -> TaskReport {
        TaskReport {
            id: id.into(),
            title: id.into(),
            owner: Some("ana".into()),
            status: "planned".into(),
            start: date(start),
            finish: date(finish),
            planned_start: date(start),
            planned_finish: date(finish),
            duration: 5,
            slack: 0,
            critical: true,
            cancelled: false,
            delayed_by: Vec::new(),
            slip: None,
        }
    }

    fn report() -> ScheduleReport {
        ScheduleReport {
            start: Some(date("2026-01-05")),
            finish: Some(date("2026-01-09")),
            today: date("2026-01-05"),
            length: 5,
            planned_finish: Some(date("2026-01-09")),
            levelled: false,
            baseline: None,
            unscheduled: 0,
            cycles: Vec::new(),
            critical_path: vec!["build".into(), "launch".into()],
            tasks: vec![task("build", "2026-01-05", "2026-01-09")],
            milestones: vec![MilestoneReport {
                id: "launch".into(),
                title: "Launch".into(),
                date: date("2026-01-09"),
                planned_date: date("2026-01-09"),
                target: None,
                late: 0,
                slack: 0,
                critical: true,
                slip: None,
            }],
            overallocated: Vec::new(),
        }
    }

    #[test]
    fn columns_line_up_and_the_critical_path_closes_the_table() {
        let table = render_table(&report());
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines.iter().all(|line| !line.ends_with(' ')), "{table}");
        assert_eq!(
            lines[0],
            "Plan: 2026-01-05 to 2026-01-09 (5 working days), today 2026-01-05"
        );
        assert_eq!(
            lines[2],
            "TASK       START       FINISH      DAYS  SLACK  CRIT  OWNER"
        );
        let one_day = ScheduleReport {
            finish: Some(date("2026-01-05")),
            planned_finish: Some(date("2026-01-05")),
            length: 1,
            ..report()
        };
        assert!(render_table(&one_day)
            .starts_with("Plan: 2026-01-05 to 2026-01-05 (1 working day), today 2026-01-05\n"));
        assert_eq!(
            lines[3],
            "build      2026-01-05  2026-01-09     5      0  *     ana"
        );
        assert_eq!(
            lines[5],
            "MILESTONE  DATE        TARGET      LATE  SLACK  CRIT"
        );
        assert_eq!(
            lines[6],
            "launch     2026-01-09  -              0      0  *"
        );
        assert_eq!(lines[8], "Critical path: build -> launch");
        assert!(!table.contains("SLIP"));
        assert!(!table.contains("PLANNED"));
    }

    #[test]
    fn a_baseline_adds_its_finish_and_a_slip_column() {
        let mut report = report();
        report.baseline = Some(crate::schedule::BaselineSummary {
            reference: Some("v1".into()),
            finish: Some(date("2026-01-07")),
            finish_slip: Some(2),
        });
        report.tasks[0].slip = Some(2);
        let table = render_table(&report);
        assert!(
            table.contains("Baseline v1: finish 2026-01-07 (+2 working days)"),
            "{table}"
        );
        assert!(table.contains("DAYS  SLACK   SLIP  CRIT"), "{table}");
        assert!(table.contains("     5      0     +2  *     ana"), "{table}");
        // The milestone has no baseline: its slip is a dash.
        assert!(
            table.contains("launch     2026-01-09  -              0      0      -  *"),
            "{table}"
        );
    }

    #[test]
    fn planned_dates_show_where_the_forecast_differs() {
        let mut report = report();
        report.today = date("2026-01-07");
        report.finish = Some(date("2026-01-13"));
        report.tasks[0].start = date("2026-01-07");
        report.tasks[0].finish = date("2026-01-13");
        report.tasks.push(task("docs", "2026-01-05", "2026-01-06"));
        report.milestones[0].date = date("2026-01-13");
        let table = render_table(&report);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "Plan: 2026-01-05 to 2026-01-13 (5 working days, planned finish 2026-01-09), today 2026-01-07"
        );
        assert_eq!(
            lines[2],
            "TASK       START       FINISH      PLANNED                 DAYS  SLACK  CRIT  OWNER"
        );
        assert_eq!(
            lines[3],
            "build      2026-01-07  2026-01-13  2026-01-05..2026-01-09     5      0  *     ana"
        );
        assert_eq!(
            lines[4],
            "docs       2026-01-05  2026-01-06                             5      0  *     ana"
        );
        assert_eq!(
            lines[6],
            "MILESTONE  DATE        PLANNED     TARGET      LATE  SLACK  CRIT"
        );
        assert_eq!(
            lines[7],
            "launch     2026-01-13  2026-01-09  -              0      0  *"
        );
    }

    #[test]
    fn a_levelled_table_says_what_each_task_waited_for() {
        let mut report = report();
        report.levelled = true;
        let mut waiting = task("review", "2026-01-12", "2026-01-14");
        waiting.delayed_by = vec![
            DelayReport {
                person: "ana".into(),
                task: Some("build".into()),
            },
            DelayReport {
                person: "bob".into(),
                task: None,
            },
            DelayReport {
                person: "ana".into(),
                task: Some("docs".into()),
            },
        ];
        report.tasks.push(waiting);
        let mut cancelled = task("spike", "2026-01-05", "2026-01-05");
        cancelled.cancelled = true;
        report.tasks.push(cancelled);
        let table = render_table(&report);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].ends_with("today 2026-01-05, levelled"), "{table}");
        assert_eq!(
            lines[2],
            "TASK       START       FINISH      DAYS  SLACK  CRIT  OWNER  WAITS FOR"
        );
        assert_eq!(
            lines[4],
            "review     2026-01-12  2026-01-14     5      0  *     ana    ana (build, docs); bob (away)"
        );
        assert!(!table.contains("spike     "), "{table}");
        assert!(
            table.contains("\nCancelled (out of the schedule): spike\n"),
            "{table}"
        );
    }
}
