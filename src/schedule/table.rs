//! The schedule as a table for the terminal (`planbook schedule`): one line
//! per task and milestone, the baseline slip when there is one, and the
//! critical path. Renders a [`ScheduleReport`]; computes nothing.

use chrono::NaiveDate;

use super::ScheduleReport;

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

/// The whole table, ending with a newline.
pub fn render_table(report: &ScheduleReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Plan: {} to {} ({} working days), today {}\n",
        date_cell(report.start),
        date_cell(report.finish),
        report.length,
        report.today
    ));
    if let Some(baseline) = &report.baseline {
        out.push_str(&format!(
            "Baseline {}: finish {} ({} working days)\n",
            baseline.reference.as_deref().unwrap_or("?"),
            date_cell(baseline.finish),
            slip_cell(baseline.finish_slip),
        ));
    }
    out.push('\n');
    let compared = report.baseline.is_some();
    let slip_header = if compared { "   SLIP" } else { "" };
    let slip = |slip: Option<i64>| {
        if compared {
            format!("  {:>5}", slip_cell(slip))
        } else {
            String::new()
        }
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
                date_cell(milestone.target),
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
    if report.unscheduled > 0 {
        out.push_str(&format!(
            "\nnote: {} item(s) could not be scheduled (dependency cycle); run `planbook lint` for details\n",
            report.unscheduled
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{MilestoneReport, TaskReport};

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    fn report() -> ScheduleReport {
        ScheduleReport {
            start: Some(date("2026-01-05")),
            finish: Some(date("2026-01-09")),
            today: date("2026-01-05"),
            length: 5,
            baseline: None,
            unscheduled: 0,
            critical_path: vec!["build".into(), "launch".into()],
            tasks: vec![TaskReport {
                id: "build".into(),
                title: "Build".into(),
                owner: Some("ana".into()),
                start: date("2026-01-05"),
                finish: date("2026-01-09"),
                duration: 5,
                slack: 0,
                critical: true,
                slip: None,
            }],
            milestones: vec![MilestoneReport {
                id: "launch".into(),
                title: "Launch".into(),
                date: date("2026-01-09"),
                target: None,
                late: 0,
                slack: 0,
                critical: true,
                slip: None,
            }],
        }
    }

    #[test]
    fn columns_line_up_and_the_critical_path_closes_the_table() {
        let table = render_table(&report());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "Plan: 2026-01-05 to 2026-01-09 (5 working days), today 2026-01-05"
        );
        assert_eq!(
            lines[2],
            "TASK       START       FINISH      DAYS  SLACK  CRIT  OWNER"
        );
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
            "launch     2026-01-09  -              0      0  *   "
        );
        assert_eq!(lines[8], "Critical path: build -> launch");
        assert!(!table.contains("SLIP"));
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
            table.contains("launch     2026-01-09  -              0      0      -  *   "),
            "{table}"
        );
    }
}
