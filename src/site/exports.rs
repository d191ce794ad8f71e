//! Machine-readable files beside the pages: `plan.json` (the schedule of
//! `planbook schedule --format json` plus every item's fields), `tasks.csv`,
//! `risks.csv` and `milestones.ics`. Same input, same bytes: no clock here.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::baseline::BaselineComparison;
use crate::git::PlanHistory;
use crate::model::calendar::working_days;
use crate::model::{ItemKind, Plan};
use crate::schedule::{Schedule, ScheduleReport};

use super::cross_refs::tasks_by_start;
use super::SiteBuilder;

#[derive(Serialize)]
struct PlanExport<'a> {
    title: String,
    #[serde(flatten)]
    schedule: ScheduleReport,
    items: Vec<ItemExport<'a>>,
    /// Per page (path relative to the plan root) and the recent commits;
    /// absent when the build has no git history.
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a PlanHistory>,
    /// The comparison with the baseline; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a BaselineComparison>,
}

#[derive(Serialize)]
struct ItemExport<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    /// The page that declares the item, relative to the plan root.
    page: Option<&'a str>,
    /// The item's page on this site.
    url: &'a str,
    fields: serde_json::Value,
}

pub fn plan_json(builder: &SiteBuilder<'_>) -> Vec<u8> {
    let (plan, schedule, index) = (builder.plan, builder.schedule, &builder.refs);
    let mut report = ScheduleReport::new(plan, schedule);
    let baseline = builder.inputs.baseline.as_ref();
    if let Some(comparison) = baseline {
        comparison.fill_report(&mut report);
    }
    let export = PlanExport {
        title: builder.title().to_string(),
        schedule: report,
        items: plan
            .items
            .iter()
            .enumerate()
            .map(|(item, record)| ItemExport {
                id: &record.id,
                kind: record.kind.name(),
                title: &record.title,
                page: record.page.map(|page| plan.pages[page].path.as_str()),
                url: &index.item_paths[item],
                fields: record.fields.to_json(),
            })
            .collect(),
        history: builder.inputs.history.as_deref(),
        baseline,
    };
    let mut text = serde_json::to_string_pretty(&export).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text.into_bytes()
}

pub fn tasks_csv(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    let mut csv = CsvWriter::new(&[
        "id",
        "title",
        "owner",
        "resources",
        "status",
        "progress",
        "workstream",
        "milestone",
        "depends_on",
        "start",
        "finish",
        "duration",
        "slack",
        "critical",
        "page",
        "planned_start",
        "planned_finish",
    ]);
    for item in tasks_by_start(plan, schedule) {
        let record = &plan.items[item];
        let Some(task) = record.as_task() else {
            continue;
        };
        let timing = schedule.timing(item);
        let date = |pick: fn(&crate::schedule::Timing) -> NaiveDate| {
            timing
                .map(|timing| pick(timing).to_string())
                .unwrap_or_default()
        };
        csv.row(&[
            record.id.clone(),
            record.title.clone(),
            owner_of(record),
            join(
                task.resources
                    .iter()
                    .map(|person| person.person.value.as_str()),
            ),
            record.status.clone(),
            task.progress
                .map(|progress| progress.to_string())
                .unwrap_or_default(),
            task.workstream.clone().unwrap_or_default(),
            task.milestone
                .as_ref()
                .map(|milestone| milestone.value.clone())
                .unwrap_or_default(),
            join(
                task.depends_on
                    .iter()
                    .map(|dependency| dependency.id.value.as_str()),
            ),
            date(|timing| timing.start),
            date(|timing| timing.finish),
            timing
                .map(|timing| timing.duration.to_string())
                .unwrap_or_default(),
            timing
                .map(|timing| timing.slack.to_string())
                .unwrap_or_default(),
            timing
                .map(|timing| timing.critical.to_string())
                .unwrap_or_default(),
            page_of(plan, record),
            date(|timing| timing.planned_start),
            date(|timing| timing.planned_finish),
        ]);
    }
    csv.finish()
}

pub fn risks_csv(plan: &Plan) -> Vec<u8> {
    let mut csv = CsvWriter::new(&[
        "id",
        "title",
        "owner",
        "status",
        "probability",
        "impact",
        "score",
        "mitigation",
        "contingency_trigger",
        "contingency_response",
        "affects",
        "page",
    ]);
    for item in risks_by_score(plan) {
        let record = &plan.items[item];
        let Some(risk) = record.as_risk() else {
            continue;
        };
        let rating = |rating: &Option<crate::model::Rating>| {
            rating
                .as_ref()
                .map(|rating| rating.written.clone())
                .unwrap_or_default()
        };
        csv.row(&[
            record.id.clone(),
            record.title.clone(),
            owner_of(record),
            record.status.clone(),
            rating(&risk.probability),
            rating(&risk.impact),
            risk.score()
                .map(|score| score.to_string())
                .unwrap_or_default(),
            risk.mitigation.join("; "),
            risk.contingency
                .trigger
                .clone()
                .or_else(|| risk.contingency.section.clone())
                .unwrap_or_default(),
            risk.contingency.response.clone().unwrap_or_default(),
            join(risk.affects.iter().map(|affected| affected.value.as_str())),
            page_of(plan, record),
        ]);
    }
    csv.finish()
}

/// Risks by score (highest first), then id.
pub fn risks_by_score(plan: &Plan) -> Vec<usize> {
    let mut risks: Vec<usize> = plan
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == ItemKind::Risk)
        .map(|(item, _)| item)
        .collect();
    risks.sort_by_key(|item| {
        let record = &plan.items[*item];
        let score = record.as_risk().and_then(|risk| risk.score()).unwrap_or(0);
        (std::cmp::Reverse(score), record.id.clone(), *item)
    });
    risks
}

fn owner_of(record: &crate::model::Item) -> String {
    record
        .owner
        .as_ref()
        .map(|owner| owner.value.clone())
        .unwrap_or_default()
}

fn page_of(plan: &Plan, record: &crate::model::Item) -> String {
    record
        .page
        .map(|page| plan.pages[page].path.clone())
        .unwrap_or_default()
}

fn join<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join(" ")
}

/// RFC 4180 CSV. A cell that a spreadsheet would run as a formula gets a
/// leading apostrophe: plans take contributions from many people.
struct CsvWriter {
    text: String,
}

impl CsvWriter {
    fn new(header: &[&str]) -> CsvWriter {
        let mut writer = CsvWriter {
            text: String::new(),
        };
        writer.row(
            &header
                .iter()
                .map(|cell| cell.to_string())
                .collect::<Vec<_>>(),
        );
        writer
    }

    fn row(&mut self, cells: &[String]) {
        let cells: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        self.text.push_str(&cells.join(","));
        self.text.push_str("\r\n");
    }

    fn finish(self) -> Vec<u8> {
        self.text.into_bytes()
    }
}

fn csv_cell(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

fn is_number(cell: &str) -> bool {
    cell.parse::<f64>().is_ok()
}

/// An iCalendar feed with one all-day event per milestone on its computed date.
pub fn milestones_ics(plan: &Plan, schedule: &Schedule, title: &str) -> Vec<u8> {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//planbook//planbook build//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", ics_text(&format!("{title}: milestones"))),
    ];
    let stamp = format!("{}T000000Z", schedule.today.format("%Y%m%d"));
    let calendar_key = crate::parse::markdown::slugify(title);
    let mut milestones: Vec<(NaiveDate, &str, usize)> = plan
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == ItemKind::Milestone)
        .filter_map(|(item, record)| {
            schedule
                .timing(item)
                .map(|timing| (timing.finish, record.id.as_str(), item))
        })
        .collect();
    milestones.sort();
    for (date, id, item) in milestones {
        let record = &plan.items[item];
        let timing = schedule.timing(item);
        let late = timing.map_or(0, |timing| timing.late);
        let mut summary = record.title.clone();
        if late > 0 {
            summary.push_str(&format!(" (late {})", working_days(late)));
        }
        let mut description = String::new();
        if let Some(target) = timing.and_then(|timing| timing.target) {
            description.push_str(&format!("Target: {target}. "));
        }
        description.push_str(&format!("Forecast: {date}."));
        if let Some(milestone) = record.as_milestone() {
            for criterion in &milestone.criteria {
                description.push_str(&format!("\n- {criterion}"));
            }
        }
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@{}.planbook", ics_text(id), calendar_key),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", ics_text(&summary)),
            format!("DESCRIPTION:{}", ics_text(&description)),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut text = String::new();
    for line in lines {
        text.push_str(&fold_ics_line(&line));
    }
    text.into_bytes()
}

pub(super) fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Lines longer than 75 octets continue on the next line after a space.
pub(super) fn fold_ics_line(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for character in line.chars() {
        let size = character.len_utf8();
        if width + size > 75 {
            folded.push_str("\r\n ");
            width = 1;
        }
        folded.push(character);
        width += size;
    }
    folded.push_str("\r\n");
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-3"), "-3");
    }

    #[test]
    fn ics_lines_fold_at_75_octets() {
        let folded = fold_ics_line(&"x".repeat(100));
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 26);
        assert_eq!(ics_text("a,b;c\nd"), "a\\,b\\;c\\nd");
    }
}
