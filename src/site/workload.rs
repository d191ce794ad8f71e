//! A person's load over time: how many of their tasks (accountable or as a
//! resource) are under way each week, drawn as a small bar chart.

use chrono::{Datelike, Days, NaiveDate};

use super::svg::escape_xml;

#[derive(Debug, Clone, PartialEq)]
pub struct WeekLoad {
    pub monday: NaiveDate,
    pub tasks: usize,
}

/// Tasks active in each week from the week of `from` to the week of `to`.
pub fn weekly_load(
    spans: &[(NaiveDate, NaiveDate)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<WeekLoad> {
    let mut weeks = Vec::new();
    let mut monday = from - Days::new(u64::from(from.weekday().num_days_from_monday()));
    while monday <= to && weeks.len() < 1000 {
        let sunday = monday + Days::new(6);
        let tasks = spans
            .iter()
            .filter(|(start, finish)| *start <= sunday && *finish >= monday)
            .count();
        weeks.push(WeekLoad { monday, tasks });
        monday = monday + Days::new(7);
    }
    weeks
}

const BAR: i64 = 6;
const HEIGHT: i64 = 40;

/// A compact chart: one bar per week, height by the week's task count.
pub fn render_load_svg(weeks: &[WeekLoad], who: &str) -> String {
    let peak = weeks
        .iter()
        .map(|week| week.tasks)
        .max()
        .unwrap_or(0)
        .max(1) as i64;
    let width = weeks.len() as i64 * BAR;
    let mut svg = format!(
        "<svg class=\"load\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{HEIGHT}\" viewBox=\"0 0 {width} {HEIGHT}\" role=\"img\"><title>Weekly load of {}: at most {peak} task(s) at once</title>",
        escape_xml(who)
    );
    for (position, week) in weeks.iter().enumerate() {
        if week.tasks == 0 {
            continue;
        }
        let height = (week.tasks as i64 * (HEIGHT - 2) / peak).max(2);
        svg.push_str(&format!(
            "<rect class=\"load-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{height}\"><title>Week of {}: {} task(s)</title></rect>",
            position as i64 * BAR,
            HEIGHT - height,
            BAR - 1,
            week.monday,
            week.tasks
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn counts_overlapping_tasks_per_week() {
        let spans = [
            (date("2026-03-02"), date("2026-03-13")),
            (date("2026-03-11"), date("2026-03-11")),
        ];
        let weeks = weekly_load(&spans, date("2026-03-04"), date("2026-03-20"));
        let counts: Vec<usize> = weeks.iter().map(|week| week.tasks).collect();
        assert_eq!(weeks[0].monday, date("2026-03-02"));
        assert_eq!(counts, [1, 2, 0]);
        assert!(render_load_svg(&weeks, "A & B").contains("A &amp; B"));
    }
}
