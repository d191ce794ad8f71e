//! The Gantt chart: a pure layout function from rows and dates to geometry
//! (tested on its own), and the SVG markup drawn from that geometry. No
//! script: bars are links, titles are SVG `<title>`s, colours come from CSS
//! classes so the theme (and its dark mode) decides how it looks.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::Calendar;

mod draw;

pub use draw::render_svg;

pub const LABEL_WIDTH: i64 = 300;
pub const AXIS_HEIGHT: i64 = 44;
pub const ROW_HEIGHT: i64 = 26;
pub const GROUP_HEIGHT: i64 = 30;
pub const BAR_HEIGHT: i64 = 14;
/// Days of room before the first and after the last bar.
const PADDING_DAYS: u64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Task,
    Milestone,
    /// A whole group drawn as one bar (the overview of a large plan).
    Summary,
}

/// One line of the chart, in display order within its group.
#[derive(Debug, Clone)]
pub struct TimelineRow {
    pub kind: RowKind,
    pub label: String,
    pub href: String,
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub progress: Option<u8>,
    pub critical: bool,
    /// Working days late (milestones).
    pub late: i64,
    pub target: Option<NaiveDate>,
    pub tooltip: String,
    /// Working days later than the baseline (for the table view).
    pub slip: Option<i64>,
    /// Where the baseline had this row, drawn thin under the current bar.
    pub baseline: Option<BaselineSpan>,
}

/// A row's dates at the baseline (a milestone's start is its finish).
#[derive(Debug, Clone)]
pub struct BaselineSpan {
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub tooltip: String,
}

#[derive(Debug, Clone)]
pub struct TimelineGroup {
    pub title: String,
    pub rows: Vec<TimelineRow>,
}

/// A dependency between two rows, as (group, row) positions.
#[derive(Debug, Clone, Copy)]
pub struct TimelineArrow {
    pub from: (usize, usize),
    pub to: (usize, usize),
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: i64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupHeader {
    pub y: i64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shade {
    pub x: i64,
    pub width: i64,
    pub holiday: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowGeometry {
    pub kind: RowKind,
    pub y: i64,
    pub label: String,
    pub href: String,
    pub tooltip: String,
    pub bar_x: i64,
    pub bar_width: i64,
    pub progress_width: i64,
    pub critical: bool,
    pub late: i64,
    pub target_x: Option<i64>,
    pub baseline: Option<BaselineGeometry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BaselineGeometry {
    pub x: i64,
    pub width: i64,
    pub tooltip: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLayout {
    pub width: i64,
    pub height: i64,
    pub first_day: NaiveDate,
    pub day_width: i64,
    pub shades: Vec<Shade>,
    pub months: Vec<Tick>,
    pub weeks: Vec<Tick>,
    pub headers: Vec<GroupHeader>,
    pub rows: Vec<RowGeometry>,
    /// Each arrow as a polyline, from a bar's end to its successor's start.
    pub arrows: Vec<(Vec<(i64, i64)>, bool)>,
    pub today_x: Option<i64>,
}

impl TimelineLayout {
    /// The x of the left edge of a day's column.
    pub fn x_of(&self, date: NaiveDate) -> i64 {
        LABEL_WIDTH + (date - self.first_day).num_days() * self.day_width
    }
}

/// Lays out the chart. Pure: the same input always gives the same geometry.
pub fn layout_timeline(
    groups: &[TimelineGroup],
    arrows: &[TimelineArrow],
    calendar: &Calendar,
    today: NaiveDate,
) -> TimelineLayout {
    let rows = groups.iter().flat_map(|group| &group.rows);
    // Baseline bars count too: a task that started later than planned still
    // shows where it was meant to be.
    let baselines = rows.clone().filter_map(|row| row.baseline.as_ref());
    let earliest = rows
        .clone()
        .map(|row| row.start)
        .chain(baselines.clone().map(|span| span.start))
        .min()
        .unwrap_or(today);
    let latest = rows
        .flat_map(|row| [Some(row.finish), row.target])
        .flatten()
        .chain(baselines.map(|span| span.finish))
        .max()
        .unwrap_or(today);
    let first_day = monday_on_or_before(sub_days(earliest, PADDING_DAYS));
    let last_day = add_days(latest, PADDING_DAYS);
    let span_days = (last_day - first_day).num_days() + 1;
    let day_width = match span_days {
        ..=150 => 12,
        151..=420 => 6,
        _ => 3,
    };
    let mut layout = TimelineLayout {
        width: LABEL_WIDTH + span_days * day_width + 8,
        height: 0,
        first_day,
        day_width,
        shades: Vec::new(),
        months: Vec::new(),
        weeks: Vec::new(),
        headers: Vec::new(),
        rows: Vec::new(),
        arrows: Vec::new(),
        today_x: None,
    };
    add_axis(&mut layout, calendar, last_day);
    let mut y = AXIS_HEIGHT;
    let mut row_positions: Vec<Vec<usize>> = Vec::new();
    for group in groups {
        layout.headers.push(GroupHeader {
            y,
            label: group.title.clone(),
        });
        y += GROUP_HEIGHT;
        let mut positions = Vec::new();
        for row in &group.rows {
            positions.push(layout.rows.len());
            let geometry = row_geometry(&layout, row, y);
            layout.rows.push(geometry);
            y += ROW_HEIGHT;
        }
        row_positions.push(positions);
    }
    layout.height = y + 8;
    for arrow in arrows {
        let from = row_positions
            .get(arrow.from.0)
            .and_then(|rows| rows.get(arrow.from.1));
        let to = row_positions
            .get(arrow.to.0)
            .and_then(|rows| rows.get(arrow.to.1));
        if let (Some(&from), Some(&to)) = (from, to) {
            let points = arrow_points(&layout.rows[from], &layout.rows[to]);
            layout.arrows.push((points, arrow.critical));
        }
    }
    if today >= first_day && today <= last_day {
        layout.today_x = Some(layout.x_of(today) + day_width / 2);
    }
    layout
}

fn row_geometry(layout: &TimelineLayout, row: &TimelineRow, y: i64) -> RowGeometry {
    let bar_x = layout.x_of(row.start);
    let bar_width = match row.kind {
        RowKind::Milestone => 0,
        _ => layout.x_of(row.finish) + layout.day_width - bar_x,
    };
    let progress = i64::from(row.progress.unwrap_or(0).min(100));
    RowGeometry {
        kind: row.kind,
        y,
        label: row.label.clone(),
        href: row.href.clone(),
        tooltip: row.tooltip.clone(),
        bar_x,
        bar_width,
        progress_width: bar_width * progress / 100,
        critical: row.critical,
        late: row.late,
        target_x: row
            .target
            .filter(|target| *target != row.finish)
            .map(|target| layout.x_of(target) + layout.day_width / 2),
        baseline: row.baseline.as_ref().map(|span| BaselineGeometry {
            x: layout.x_of(span.start),
            width: layout.x_of(span.finish) + layout.day_width - layout.x_of(span.start),
            tooltip: span.tooltip.clone(),
        }),
    }
}

/// Non-working days as shaded columns (runs merged), month and week labels.
fn add_axis(layout: &mut TimelineLayout, calendar: &Calendar, last_day: NaiveDate) {
    let mut day = layout.first_day;
    while day <= last_day {
        let x = layout.x_of(day);
        if !calendar.is_workday(day) {
            let holiday = !calendar.is_weekend(day);
            match layout.shades.last_mut() {
                Some(shade) if shade.x + shade.width == x && shade.holiday == holiday => {
                    shade.width += layout.day_width
                }
                _ => layout.shades.push(Shade {
                    x,
                    width: layout.day_width,
                    holiday,
                }),
            }
        }
        if day.day() == 1 || day == layout.first_day {
            layout.months.push(Tick {
                x,
                label: day.format("%b %Y").to_string(),
            });
        }
        if day.weekday() == chrono::Weekday::Mon && layout.day_width * 7 >= 40 {
            layout.weeks.push(Tick {
                x,
                label: format!("W{:02}", day.iso_week().week()),
            });
        }
        day = add_days(day, 1);
    }
    // A month label that would overlap the next one is dropped.
    let mut kept: Vec<Tick> = Vec::new();
    for tick in layout.months.drain(..) {
        match kept.last() {
            Some(last) if tick.x - last.x < 64 => {
                *kept.last_mut().expect("checked") = tick;
            }
            _ => kept.push(tick),
        }
    }
    layout.months = kept;
}

fn arrow_points(from: &RowGeometry, to: &RowGeometry) -> Vec<(i64, i64)> {
    let from_x = from.bar_x + from.bar_width;
    let from_y = from.y + ROW_HEIGHT / 2;
    let to_x = to.bar_x;
    let to_y = to.y + ROW_HEIGHT / 2;
    if to_x - from_x >= 8 {
        vec![
            (from_x, from_y),
            (from_x + 4, from_y),
            (from_x + 4, to_y),
            (to_x, to_y),
        ]
    } else {
        // Too close to turn between the bars: go round below the first row.
        let below = from.y + ROW_HEIGHT;
        vec![
            (from_x, from_y),
            (from_x + 4, from_y),
            (from_x + 4, below),
            (to_x - 6, below),
            (to_x - 6, to_y),
            (to_x, to_y),
        ]
    }
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

fn sub_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

fn monday_on_or_before(date: NaiveDate) -> NaiveDate {
    sub_days(date, u64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn task(label: &str, start: &str, finish: &str) -> TimelineRow {
        TimelineRow {
            kind: RowKind::Task,
            label: label.into(),
            href: format!("{label}.html"),
            start: date(start),
            finish: date(finish),
            progress: Some(50),
            critical: false,
            late: 0,
            target: None,
            tooltip: label.into(),
            slip: None,
            baseline: None,
        }
    }

    fn sample() -> TimelineLayout {
        let mut milestone = task("m", "2026-03-13", "2026-03-13");
        milestone.kind = RowKind::Milestone;
        milestone.target = Some(date("2026-03-11"));
        milestone.late = 2;
        let groups = vec![TimelineGroup {
            title: "Build".into(),
            rows: vec![
                task("a", "2026-03-02", "2026-03-06"),
                task("b", "2026-03-09", "2026-03-13"),
                milestone,
            ],
        }];
        let arrows = [TimelineArrow {
            from: (0, 0),
            to: (0, 1),
            critical: true,
        }];
        let mut calendar = Calendar::default();
        calendar.holidays.insert(date("2026-03-10"));
        layout_timeline(&groups, &arrows, &calendar, date("2026-03-04"))
    }

    #[test]
    fn bars_start_at_their_start_date_and_span_their_days() {
        let layout = sample();
        let a = &layout.rows[0];
        assert_eq!(a.bar_x, layout.x_of(date("2026-03-02")));
        // Monday to Friday inclusive: five day columns.
        assert_eq!(a.bar_width, 5 * layout.day_width);
        assert_eq!(a.progress_width, a.bar_width / 2);
        let b = &layout.rows[1];
        assert_eq!(b.bar_x, layout.x_of(date("2026-03-09")));
        assert!(b.y > a.y);
    }

    #[test]
    fn axis_starts_on_a_monday_and_shades_non_working_days() {
        let layout = sample();
        assert_eq!(layout.first_day.weekday(), chrono::Weekday::Mon);
        assert!(layout.first_day <= date("2026-02-27"));
        let holiday_x = layout.x_of(date("2026-03-10"));
        assert!(layout
            .shades
            .iter()
            .any(|shade| shade.holiday && shade.x == holiday_x && shade.width == layout.day_width));
        let saturday_x = layout.x_of(date("2026-03-07"));
        assert!(layout.shades.iter().any(|shade| !shade.holiday
            && shade.x == saturday_x
            && shade.width == 2 * layout.day_width));
    }

    #[test]
    fn milestones_today_and_arrows() {
        let layout = sample();
        let milestone = &layout.rows[2];
        assert_eq!(milestone.bar_width, 0);
        assert_eq!(
            milestone.target_x,
            Some(layout.x_of(date("2026-03-11")) + layout.day_width / 2)
        );
        assert_eq!(
            layout.today_x,
            Some(layout.x_of(date("2026-03-04")) + layout.day_width / 2)
        );
        let (points, critical) = &layout.arrows[0];
        assert!(critical);
        assert_eq!(points[0].0, layout.rows[0].bar_x + layout.rows[0].bar_width);
        assert_eq!(points.last().unwrap().0, layout.rows[1].bar_x);
        let svg = render_svg(&layout, "Timeline");
        assert!(svg.contains("late 2d"));
        assert!(svg.starts_with("<svg"));
        assert!(!svg.contains("class=\"baseline\""));
    }

    #[test]
    fn baseline_bars_sit_under_the_bar_and_widen_the_axis() {
        let mut row = task("a", "2026-03-09", "2026-03-13");
        row.baseline = Some(BaselineSpan {
            start: date("2026-02-23"),
            finish: date("2026-02-27"),
            tooltip: "a, baseline v1 <old>".into(),
        });
        let groups = vec![TimelineGroup {
            title: "Build".into(),
            rows: vec![row],
        }];
        let layout = layout_timeline(&groups, &[], &Calendar::default(), date("2026-03-09"));
        assert!(
            layout.first_day <= date("2026-02-20"),
            "the baseline is in view"
        );
        let baseline = layout.rows[0].baseline.as_ref().expect("baseline geometry");
        assert_eq!(baseline.x, layout.x_of(date("2026-02-23")));
        assert_eq!(baseline.width, 5 * layout.day_width);
        let svg = render_svg(&layout, "Timeline");
        let mid = layout.rows[0].y + ROW_HEIGHT / 2;
        assert!(svg.contains(&format!(
            "<rect class=\"baseline\" x=\"{}\" y=\"{}\"",
            baseline.x,
            mid + BAR_HEIGHT / 2 + 1
        )));
        assert!(svg.contains("<title>a, baseline v1 &lt;old&gt;</title></rect>"));
    }
}
