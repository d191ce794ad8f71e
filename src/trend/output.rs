//! What `planbook trend` prints: the series as a table for reading, JSON
//! (`{"milestones": [...], "risks": [...], "burnup": [...]}`) or CSV (one
//! row per series and point) for other tools.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Calendar;
use crate::states::Trends;

#[derive(Serialize)]
struct TrendDocument<'a> {
    milestones: Vec<MilestoneSeries<'a>>,
    risks: Vec<RiskSeries<'a>>,
    burnup: Vec<BurnupRow<'a>>,
}

#[derive(Serialize)]
struct MilestoneSeries<'a> {
    id: &'a str,
    title: &'a str,
    target: Option<NaiveDate>,
    points: Vec<ForecastRow<'a>>,
}

#[derive(Serialize)]
struct ForecastRow<'a> {
    date: NaiveDate,
    commit: &'a str,
    forecast: Option<NaiveDate>,
}

#[derive(Serialize)]
struct RiskSeries<'a> {
    id: &'a str,
    title: &'a str,
    points: Vec<ScoreRow<'a>>,
}

#[derive(Serialize)]
struct ScoreRow<'a> {
    date: NaiveDate,
    commit: &'a str,
    score: Option<u32>,
    status: &'a str,
}

#[derive(Serialize)]
struct BurnupRow<'a> {
    date: NaiveDate,
    commit: &'a str,
    scope: f64,
    done: f64,
}

/// Working days with one decimal, as printed and exported.
fn days(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn document(trends: &Trends) -> TrendDocument<'_> {
    let point = |index: usize| &trends.points[index];
    TrendDocument {
        milestones: trends
            .milestones
            .iter()
            .map(|trend| MilestoneSeries {
                id: &trend.id,
                title: &trend.title,
                target: trend.target,
                points: trend
                    .points
                    .iter()
                    .map(|row| ForecastRow {
                        date: point(row.point).date,
                        commit: &point(row.point).commit,
                        forecast: row.forecast,
                    })
                    .collect(),
            })
            .collect(),
        risks: trends
            .risks
            .iter()
            .map(|trend| RiskSeries {
                id: &trend.id,
                title: &trend.title,
                points: trend
                    .points
                    .iter()
                    .map(|row| ScoreRow {
                        date: point(row.point).date,
                        commit: &point(row.point).commit,
                        score: row.score,
                        status: &row.status,
                    })
                    .collect(),
            })
            .collect(),
        burnup: trends
            .burnup
            .iter()
            .map(|row| BurnupRow {
                date: point(row.point).date,
                commit: &point(row.point).commit,
                scope: days(row.scope),
                done: days(row.done),
            })
            .collect(),
    }
}

pub fn trends_json(trends: &Trends) -> String {
    let mut text = serde_json::to_string_pretty(&document(trends)).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// One row per series and point: `series,id,title,date,commit,value,status`
/// where `value` is a milestone's forecast, a risk's score, or the burn-up's
/// scope and done (two rows, ids `scope` and `done`).
pub fn trends_csv(trends: &Trends) -> String {
    let mut out = String::from("series,id,title,date,commit,value,status\n");
    let mut row = |fields: [&str; 7]| {
        let cells: Vec<String> = fields.iter().map(|field| csv_cell(field)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    let point = |index: usize| &trends.points[index];
    for trend in &trends.milestones {
        for entry in &trend.points {
            let at = point(entry.point);
            let forecast = entry
                .forecast
                .map(|date| date.to_string())
                .unwrap_or_default();
            let date = at.date.to_string();
            row([
                "milestone",
                &trend.id,
                &trend.title,
                &date,
                &at.commit,
                &forecast,
                &entry.status,
            ]);
        }
    }
    for trend in &trends.risks {
        for entry in &trend.points {
            let at = point(entry.point);
            let score = entry
                .score
                .map(|score| score.to_string())
                .unwrap_or_default();
            let date = at.date.to_string();
            row([
                "risk",
                &trend.id,
                &trend.title,
                &date,
                &at.commit,
                &score,
                &entry.status,
            ]);
        }
    }
    for entry in &trends.burnup {
        let at = point(entry.point);
        let date = at.date.to_string();
        for (id, value) in [("scope", entry.scope), ("done", entry.done)] {
            let value = days(value).to_string();
            row(["burnup", id, id, &date, &at.commit, &value, ""]);
        }
    }
    out
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The table for a terminal: each milestone's first and current forecast,
/// drift and moves; each risk's first and current score; the burn-up.
pub fn trends_table(trends: &Trends, calendar: &Calendar) -> String {
    let mut out = String::new();
    let first = trends.first_point();
    let shown = &trends.points[first.min(trends.points.len())..];
    let (Some(oldest), Some(newest)) = (shown.first(), shown.last()) else {
        return "No commit has changed the plan yet: no trends.\n".to_string();
    };
    let _ = writeln!(
        out,
        "{} point{} from {} to {}\n",
        shown.len(),
        if shown.len() == 1 { "" } else { "s" },
        oldest.date,
        newest.date
    );
    let date = |date: Option<NaiveDate>| date.map_or("-".to_string(), |date| date.to_string());
    let mut rows = vec![[
        "MILESTONE".to_string(),
        "TARGET".into(),
        "FIRST".into(),
        "CURRENT".into(),
        "DRIFT".into(),
        "MOVES".into(),
    ]];
    for trend in &trends.milestones {
        rows.push([
            trend.id.clone(),
            date(trend.target),
            date(trend.first_forecast()),
            date(trend.current_forecast()),
            trend
                .drift(calendar)
                .map_or("-".into(), |drift| format!("{drift:+}")),
            trend.moves().to_string(),
        ]);
    }
    if trends.milestones.is_empty() {
        out.push_str("No milestones.\n");
    } else {
        write_rows(&mut out, &rows);
    }
    out.push('\n');
    let score = |score: Option<u32>| score.map_or("-".to_string(), |score| score.to_string());
    let mut rows = vec![[
        "RISK".to_string(),
        "FIRST".into(),
        "CURRENT".into(),
        "STATUS".into(),
    ]];
    for trend in &trends.risks {
        let (Some(first), Some(last)) = (trend.points.first(), trend.points.last()) else {
            continue;
        };
        rows.push([
            trend.id.clone(),
            score(first.score),
            score(last.score),
            last.status.clone(),
        ]);
    }
    if trends.risks.is_empty() {
        out.push_str("No risks.\n");
    } else {
        write_rows(&mut out, &rows);
    }
    out.push('\n');
    let mut rows = vec![[
        "DATE".to_string(),
        "COMMIT".into(),
        "SCOPE".into(),
        "DONE".into(),
    ]];
    for entry in &trends.burnup {
        let at = &trends.points[entry.point];
        rows.push([
            at.date.to_string(),
            at.short.clone(),
            days(entry.scope).to_string(),
            days(entry.done).to_string(),
        ]);
    }
    out.push_str("Burn-up (working days of tasks)\n");
    write_rows(&mut out, &rows);
    out
}

fn write_rows<const N: usize>(out: &mut String, rows: &[[String; N]]) {
    let mut widths = [0usize; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == N {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
