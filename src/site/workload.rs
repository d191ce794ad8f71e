//! People's load week by week against what they can give, drawn as small
//! bar charts for the People page and each person's page. Every chart of a
//! build shares one scale (the same weeks across, the same height per
//! person-day), so charts side by side compare people truthfully. Reads the
//! schedule's per-day load; computes no dates and moves no task.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::svg::escape_xml;
use crate::model::Calendar;
use crate::schedule::{PersonIndex, Schedule};

/// The most weeks a chart draws (about 20 years).
const MAX_WEEKS: usize = 1000;

/// One week of one person, in hundredths of a person-day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekLoad {
    pub monday: NaiveDate,
    /// What they can give: their availability on each day they work.
    pub capacity: u32,
    /// What their tasks ask of them (fixed work on a day off included).
    pub load: u32,
    /// A day of the week is over-allocated (from today on, as the
    /// `overallocated` rule reports).
    pub over: bool,
    /// Working days of the plan they are on leave.
    pub leave_days: u32,
}

/// The weeks and height every chart of a build shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadScale {
    pub first_monday: NaiveDate,
    pub weeks: usize,
    /// The largest capacity or load of any person in any week (hundredths
    /// of a person-day); the top of every chart.
    pub top: u32,
}

/// Every person's weeks, on one scale.
#[derive(Debug, Default)]
pub struct LoadCharts {
    pub scale: Option<LoadScale>,
    pub weeks: BTreeMap<String, Vec<WeekLoad>>,
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

impl LoadCharts {
    /// The weeks from the plan's start to its forecast finish, for everyone
    /// who works a task.
    pub fn build(schedule: &Schedule, calendar: &Calendar) -> LoadCharts {
        let (Some(start), Some(finish)) = (schedule.start, schedule.finish) else {
            return LoadCharts::default();
        };
        let first_monday = monday_of(start);
        let weeks = (((finish - first_monday).num_days() / 7 + 1).max(1) as usize).min(MAX_WEEKS);
        let mut charts = LoadCharts::default();
        let mut top = 0;
        for (person, id) in schedule.people.ids.iter().enumerate() {
            let person_weeks = person_weeks(schedule, calendar, person, first_monday, weeks);
            top = person_weeks
                .iter()
                .map(|week| week.capacity.max(week.load))
                .fold(top, u32::max);
            charts.weeks.insert(id.clone(), person_weeks);
        }
        charts.scale = Some(LoadScale {
            first_monday,
            weeks,
            top: top.max(100),
        });
        charts
    }

    /// The chart of `person`, when they work any task.
    pub fn svg(&self, person: &str, who: &str) -> Option<String> {
        let weeks = self.weeks.get(person)?;
        if weeks.iter().all(|week| week.load == 0) {
            return None;
        }
        Some(render_load_svg(weeks, self.scale?, who))
    }
}

fn person_weeks(
    schedule: &Schedule,
    calendar: &Calendar,
    person: PersonIndex,
    first_monday: NaiveDate,
    weeks: usize,
) -> Vec<WeekLoad> {
    let people = &schedule.people;
    let percent = people.availability[person].percent;
    let load = &schedule.workload.people[person];
    let over_days = |day: NaiveDate| {
        load.overloads
            .iter()
            .any(|run| run.first <= day && day <= run.last)
    };
    (0..weeks)
        .filter_map(|week| first_monday.checked_add_days(Days::new(7 * week as u64)))
        .map(|monday| {
            let mut week = WeekLoad {
                monday,
                capacity: 0,
                load: 0,
                over: false,
                leave_days: 0,
            };
            for offset in 0..7 {
                let Some(day) = monday.checked_add_days(Days::new(offset)) else {
                    continue;
                };
                if !calendar.is_workday(day) {
                    continue;
                }
                let available = people.is_available_on_workday(person, day);
                if available {
                    week.capacity += percent;
                } else if people.leave_end(person, day).is_some() {
                    week.leave_days += 1;
                }
                // Allocations are shares of their time: a day's load is
                // that share of the part of the day they give.
                week.load += load.load_on(day) * percent / 100;
                week.over |= over_days(day);
            }
            week
        })
        .collect()
}

const LEFT: i64 = 34;
const TOP: i64 = 4;
const PLOT_HEIGHT: i64 = 44;
const AXIS_HEIGHT: i64 = 14;
/// The widest a chart's plot gets, in pixels.
const PLOT_WIDTH: i64 = 520;

/// Person-days with at most one decimal: `4.5`, `5`.
fn days_text(hundredths: u32) -> String {
    let tenths = (hundredths + 5) / 10;
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

fn y_of(value: u32, top: u32) -> i64 {
    TOP + PLOT_HEIGHT - i64::from(value.min(top)) * PLOT_HEIGHT / i64::from(top.max(1))
}

/// A chart: one bar per week (its load), the person's capacity as a line
/// above it, over-allocated weeks marked, weeks with leave shaded; a
/// person-day axis on the left and the months below.
pub fn render_load_svg(weeks: &[WeekLoad], scale: LoadScale, who: &str) -> String {
    let count = scale.weeks.max(1) as i64;
    let bar = (PLOT_WIDTH / count).clamp(2, 12);
    let width = LEFT + count * bar + 2;
    let height = TOP + PLOT_HEIGHT + AXIS_HEIGHT;
    let over = weeks.iter().filter(|week| week.over).count();
    let peak = weeks
        .iter()
        .filter(|week| week.capacity > 0)
        .map(|week| week.load * 100 / week.capacity)
        .max()
        .unwrap_or(0);
    let mut svg = format!(
        "<svg class=\"load\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\"><title>Weekly load of {}: up to {peak}% of what they can give{}</title>",
        escape_xml(who),
        if over > 0 {
            format!(", {over} week{} over-allocated", if over == 1 { "" } else { "s" })
        } else {
            String::new()
        }
    );
    push_axes(&mut svg, scale, bar, count);
    for (position, week) in weeks.iter().enumerate() {
        let x = LEFT + position as i64 * bar;
        if week.leave_days > 0 {
            svg.push_str(&format!(
                "<rect class=\"load-leave\" x=\"{x}\" y=\"{TOP}\" width=\"{bar}\" height=\"{PLOT_HEIGHT}\"/>"
            ));
        }
        if week.load > 0 {
            let y = y_of(week.load, scale.top);
            let class = if week.over {
                "load-bar load-over"
            } else {
                "load-bar"
            };
            svg.push_str(&format!(
                "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                (bar - 1).max(1),
                (TOP + PLOT_HEIGHT - y).max(1),
                escape_xml(&week_title(week))
            ));
        } else if week.leave_days > 0 {
            svg.push_str(&format!(
                "<rect class=\"load-hit\" x=\"{x}\" y=\"{TOP}\" width=\"{bar}\" height=\"{PLOT_HEIGHT}\"><title>{}</title></rect>",
                escape_xml(&week_title(week))
            ));
        }
    }
    svg.push_str(&capacity_line(weeks, scale.top, bar));
    svg.push_str("</svg>");
    svg
}

fn week_title(week: &WeekLoad) -> String {
    let mut title = format!(
        "Week of {}: {} of {} person-days",
        week.monday,
        days_text(week.load),
        days_text(week.capacity)
    );
    if let Some(percent) = (week.load * 100).checked_div(week.capacity) {
        title.push_str(&format!(" ({percent}%)"));
    }
    if week.over {
        title.push_str(", over-allocated");
    }
    if week.leave_days > 0 {
        title.push_str(&format!(
            ", {} day{} of leave",
            week.leave_days,
            if week.leave_days == 1 { "" } else { "s" }
        ));
    }
    title
}

/// The person-day axis (0 and the top) and a tick with the month's name at
/// the first week of each month.
fn push_axes(svg: &mut String, scale: LoadScale, bar: i64, count: i64) {
    let bottom = TOP + PLOT_HEIGHT;
    let right = LEFT + count * bar;
    svg.push_str(&format!(
        "<g class=\"load-axis\"><line x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\"/><line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{bottom}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}d</text><text x=\"{}\" y=\"{bottom}\" text-anchor=\"end\">0</text>",
        LEFT - 3,
        TOP + 8,
        days_text(scale.top),
        LEFT - 3,
    ));
    let mut last_month = None;
    let label_every = (60 / bar.max(1)).max(4) as usize;
    let mut since_label = label_every;
    for week in 0..count {
        let Some(monday) = scale
            .first_monday
            .checked_add_days(Days::new(7 * week as u64))
        else {
            break;
        };
        // The week holding the 1st of a month starts it.
        let sunday = monday + Days::new(6);
        let month = (sunday.year(), sunday.month());
        if last_month == Some(month) {
            since_label += 1;
            continue;
        }
        last_month = Some(month);
        let x = LEFT + week * bar;
        svg.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{bottom}\" x2=\"{x}\" y2=\"{}\"/>",
            bottom + 3
        ));
        if since_label >= label_every {
            let first = NaiveDate::from_ymd_opt(month.0, month.1, 1).unwrap_or(sunday);
            svg.push_str(&format!(
                "<text x=\"{x}\" y=\"{}\">{}</text>",
                bottom + AXIS_HEIGHT - 2,
                first.format("%b %Y")
            ));
            since_label = 0;
        }
        since_label += 1;
    }
    svg.push_str("</g>");
}

/// What the person can give, week by week, as a stepped line.
fn capacity_line(weeks: &[WeekLoad], top: u32, bar: i64) -> String {
    let mut points = Vec::new();
    for (position, week) in weeks.iter().enumerate() {
        let x = LEFT + position as i64 * bar;
        let y = y_of(week.capacity, top);
        points.push(format!("{x},{y}"));
        points.push(format!("{},{y}", x + bar));
    }
    if points.is_empty() {
        return String::new();
    }
    format!(
        "<polyline class=\"load-capacity\" fill=\"none\" points=\"{}\"/>",
        points.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn week(monday: &str, capacity: u32, load: u32, over: bool, leave_days: u32) -> WeekLoad {
        WeekLoad {
            monday: date(monday),
            capacity,
            load,
            over,
            leave_days,
        }
    }

    fn chart(config: &str, pages: &[(&str, &str)], today: &str) -> LoadCharts {
        let sources = crate::source::PlanSources::in_memory(Some(config), pages);
        let plan = crate::model::build_plan(std::path::Path::new("."), sources);
        let options = crate::schedule::ScheduleOptions {
            today: date(today),
            level: false,
            dates_only: false,
        };
        let schedule = crate::schedule::compute_schedule(&plan, options);
        LoadCharts::build(&schedule, &plan.config.calendar)
    }

    #[test]
    fn weeks_count_load_against_capacity_with_leaves() {
        let config = "start = \"2026-03-02\"\n[people]\nana = { name = \"Ana\", availability = 50, leaves = [{ from = 2026-03-12, to = 2026-03-13 }] }\nbob = \"Bob\"\n";
        let pages = [
            (
                "tasks/a.md",
                "---\nkind: task\nowner: ana\nstart: 2026-03-02\nduration: 10d\n---\n",
            ),
            (
                "tasks/b.md",
                "---\nkind: task\nowner: bob\nresources: [{ id: bob, allocation: 50 }]\nstart: 2026-03-02\nduration: 5d\n---\n",
            ),
        ];
        let charts = chart(config, &pages, "2026-03-02");
        assert_eq!(
            charts.scale,
            Some(LoadScale {
                first_monday: date("2026-03-02"),
                weeks: 2,
                top: 500,
            })
        );
        // Ana gives half of each day: 2.5 person-days a week; in the second
        // week two days are leave, while the fixed task still books them.
        assert_eq!(
            charts.weeks["ana"],
            [
                week("2026-03-02", 250, 250, false, 0),
                week("2026-03-09", 150, 250, true, 2),
            ]
        );
        assert_eq!(
            charts.weeks["bob"],
            [
                week("2026-03-02", 500, 250, false, 0),
                week("2026-03-09", 500, 0, false, 0),
            ]
        );
    }

    #[test]
    fn one_scale_for_everyone_with_an_axis_and_marks() {
        let scale = LoadScale {
            first_monday: date("2026-03-23"),
            weeks: 3,
            top: 1000,
        };
        let weeks = [
            week("2026-03-23", 500, 1000, true, 0),
            week("2026-03-30", 500, 250, false, 0),
            week("2026-04-06", 300, 0, false, 2),
        ];
        let svg = render_load_svg(&weeks, scale, "A & B");
        assert!(
            svg.contains(
                "Weekly load of A &amp; B: up to 200% of what they can give, 1 week over-allocated"
            ),
            "{svg}"
        );
        // Full height is 10 person-days: the 10-day week reaches the top,
        // the 2.5-day week a quarter of it.
        assert!(
            svg.contains(
                "class=\"load-bar load-over\" x=\"34\" y=\"4\" width=\"11\" height=\"44\""
            ),
            "{svg}"
        );
        assert!(
            svg.contains("class=\"load-bar\" x=\"46\" y=\"37\" width=\"11\" height=\"11\""),
            "{svg}"
        );
        assert!(
            svg.contains(
                "<title>Week of 2026-03-23: 10 of 5 person-days (200%), over-allocated</title>"
            ),
            "{svg}"
        );
        assert!(svg.contains("class=\"load-leave\" x=\"58\""), "{svg}");
        assert!(
            svg.contains("Week of 2026-04-06: 0 of 3 person-days (0%), 2 days of leave"),
            "{svg}"
        );
        assert!(svg.contains(">10d</text>"), "{svg}");
        // March, then April from the week holding 1 April.
        assert!(svg.contains(">Mar 2026</text>"), "{svg}");
        assert!(
            svg.contains("<line x1=\"46\" y1=\"48\" x2=\"46\" y2=\"51\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("points=\"34,26 46,26 46,26 58,26 58,35 70,35\""),
            "{svg}"
        );
    }
}
