//! The Gantt chart: a pure layout function from rows, dates and a zoom
//! level to geometry (tested on its own), and the SVG markup drawn from
//! that geometry. No script: bars are links, titles are SVG `<title>`s,
//! colours come from CSS classes so the theme (and its dark mode) decides
//! how it looks. Never reads the plan: rows arrive as plain data.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::Calendar;

mod axis;
mod draw;

pub use draw::{render_chart, ChartSvg};

/// The label column, drawn as its own SVG so it stays in view while the
/// chart scrolls sideways.
pub const LABEL_WIDTH: i64 = 260;
pub const AXIS_HEIGHT: i64 = 44;
pub const ROW_HEIGHT: i64 = 26;
pub const GROUP_HEIGHT: i64 = 30;
pub const BAR_HEIGHT: i64 = 14;
/// The chart area beside the label column on a 1,400 px screen (the page's
/// padding and a scroll bar taken off): the default zoom fits into it.
pub const FIT_WIDTH: i64 = 1060;
/// Days of room before the first and after the last bar.
const PADDING_DAYS: u64 = 3;
/// Bars never get thinner than this, so a one-day task stays visible.
const MIN_BAR_WIDTH: i64 = 3;

/// How much time a pixel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zoom {
    Weeks,
    Months,
    Quarters,
}

impl Zoom {
    pub const ALL: [Zoom; 3] = [Zoom::Weeks, Zoom::Months, Zoom::Quarters];

    pub fn day_width(self) -> i64 {
        match self {
            Zoom::Weeks => 12,
            Zoom::Months => 4,
            Zoom::Quarters => 1,
        }
    }

    /// The name in file names and CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            Zoom::Weeks => "weeks",
            Zoom::Months => "months",
            Zoom::Quarters => "quarters",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Zoom::Weeks => "Weeks",
            Zoom::Months => "Months",
            Zoom::Quarters => "Quarters",
        }
    }

    /// The most detailed zoom at which `days` fit into [`FIT_WIDTH`]
    /// (quarters when nothing does).
    pub fn fit(days: i64) -> Zoom {
        Zoom::ALL
            .into_iter()
            .find(|zoom| days * zoom.day_width() <= FIT_WIDTH)
            .unwrap_or(Zoom::Quarters)
    }
}

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
    /// The forecast dates.
    pub start: NaiveDate,
    pub finish: NaiveDate,
    /// The planned dates, when they differ from the forecast: a thin
    /// ghost bar shows where the work was meant to be.
    pub planned: Option<(NaiveDate, NaiveDate)>,
    pub progress: Option<u8>,
    pub critical: bool,
    pub cancelled: bool,
    /// Working days late (milestones).
    pub late: i64,
    pub target: Option<NaiveDate>,
    /// Shown beside a late milestone ("late by 2 working days").
    pub note: Option<String>,
    /// A milestone's forecast against its target in words (for the table view).
    pub standing: Option<String>,
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

/// A horizontal span of the chart: x and width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub x: i64,
    pub width: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowGeometry {
    pub kind: RowKind,
    pub y: i64,
    pub label: String,
    pub href: String,
    pub tooltip: String,
    pub bar: Span,
    pub progress_width: i64,
    pub planned: Option<Span>,
    pub critical: bool,
    pub cancelled: bool,
    pub late: i64,
    pub note: Option<String>,
    pub target_x: Option<i64>,
    pub baseline: Option<BaselineGeometry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BaselineGeometry {
    pub span: Span,
    pub tooltip: String,
}

/// The chart's geometry. x is measured from the chart's left edge (the
/// label column is a separate drawing); y from the top of both.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLayout {
    pub zoom: Zoom,
    pub width: i64,
    pub height: i64,
    pub first_day: NaiveDate,
    pub day_width: i64,
    pub shades: Vec<Shade>,
    /// The upper axis row (months, or quarters) and the lower one (weeks,
    /// or months).
    pub major: Vec<Tick>,
    pub minor: Vec<Tick>,
    pub headers: Vec<GroupHeader>,
    pub rows: Vec<RowGeometry>,
    /// Each arrow as a polyline, from a bar's end to its successor's start.
    pub arrows: Vec<(Vec<(i64, i64)>, bool)>,
    pub today_x: Option<i64>,
}

impl TimelineLayout {
    /// The x of the left edge of a day's column.
    pub fn x_of(&self, date: NaiveDate) -> i64 {
        (date - self.first_day).num_days() * self.day_width
    }

    /// The columns from `start` to `finish`, both included.
    fn span_of(&self, start: NaiveDate, finish: NaiveDate) -> Span {
        let x = self.x_of(start);
        Span {
            x,
            width: (self.x_of(finish) + self.day_width - x).max(MIN_BAR_WIDTH),
        }
    }
}

/// The first and last day the chart shows: every bar, target, baseline and
/// planned span, with a little room, starting on a Monday.
pub fn chart_days(groups: &[TimelineGroup], today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let rows = groups.iter().flat_map(|group| &group.rows);
    // Baseline and planned bars count too: a task that started later than
    // planned still shows where it was meant to be.
    let starts = rows.clone().flat_map(|row| {
        [Some(row.start), row.planned.map(|(start, _)| start)]
            .into_iter()
            .chain([row.baseline.as_ref().map(|span| span.start)])
            .flatten()
    });
    let finishes = rows.flat_map(|row| {
        [
            Some(row.finish),
            row.target,
            row.planned.map(|(_, finish)| finish),
        ]
        .into_iter()
        .chain([row.baseline.as_ref().map(|span| span.finish)])
        .flatten()
    });
    let earliest = starts.min().unwrap_or(today);
    let latest = finishes.max().unwrap_or(today);
    (
        monday_on_or_before(sub_days(earliest, PADDING_DAYS)),
        add_days(latest, PADDING_DAYS),
    )
}

/// Lays out the chart at `zoom` (None: the zoom that fits, [`Zoom::fit`]).
/// Pure: the same input always gives the same geometry.
pub fn layout_timeline(
    groups: &[TimelineGroup],
    arrows: &[TimelineArrow],
    calendar: &Calendar,
    today: NaiveDate,
    zoom: Option<Zoom>,
) -> TimelineLayout {
    let (first_day, last_day) = chart_days(groups, today);
    let span_days = (last_day - first_day).num_days() + 1;
    let zoom = zoom.unwrap_or_else(|| Zoom::fit(span_days));
    let day_width = zoom.day_width();
    let mut layout = TimelineLayout {
        zoom,
        width: span_days * day_width + 8,
        height: 0,
        first_day,
        day_width,
        shades: Vec::new(),
        major: Vec::new(),
        minor: Vec::new(),
        headers: Vec::new(),
        rows: Vec::new(),
        arrows: Vec::new(),
        today_x: None,
    };
    axis::add_axis(&mut layout, calendar, last_day);
    let row_positions = place_rows(&mut layout, groups);
    add_arrows(&mut layout, arrows, &row_positions);
    if today >= first_day && today <= last_day {
        layout.today_x = Some(layout.x_of(today) + day_width / 2);
    }
    layout
}

/// Group headers and rows, top to bottom; returns each group's row indexes.
fn place_rows(layout: &mut TimelineLayout, groups: &[TimelineGroup]) -> Vec<Vec<usize>> {
    let mut y = AXIS_HEIGHT;
    let mut row_positions = Vec::new();
    for group in groups {
        layout.headers.push(GroupHeader {
            y,
            label: group.title.clone(),
        });
        y += GROUP_HEIGHT;
        let mut positions = Vec::new();
        for row in &group.rows {
            positions.push(layout.rows.len());
            let geometry = row_geometry(layout, row, y);
            layout.rows.push(geometry);
            y += ROW_HEIGHT;
        }
        row_positions.push(positions);
    }
    layout.height = y + 8;
    row_positions
}

fn add_arrows(layout: &mut TimelineLayout, arrows: &[TimelineArrow], rows: &[Vec<usize>]) {
    let position = |(group, row): (usize, usize)| rows.get(group).and_then(|rows| rows.get(row));
    for arrow in arrows {
        if let (Some(&from), Some(&to)) = (position(arrow.from), position(arrow.to)) {
            let points = arrow_points(&layout.rows[from], &layout.rows[to]);
            layout.arrows.push((points, arrow.critical));
        }
    }
}

fn row_geometry(layout: &TimelineLayout, row: &TimelineRow, y: i64) -> RowGeometry {
    let bar = match row.kind {
        RowKind::Milestone => Span {
            x: layout.x_of(row.start),
            width: 0,
        },
        _ => layout.span_of(row.start, row.finish),
    };
    let progress = i64::from(row.progress.unwrap_or(0).min(100));
    let middle_of = |date: NaiveDate| layout.x_of(date) + layout.day_width / 2;
    RowGeometry {
        kind: row.kind,
        y,
        label: row.label.clone(),
        href: row.href.clone(),
        tooltip: row.tooltip.clone(),
        bar,
        progress_width: bar.width * progress / 100,
        planned: row
            .planned
            .filter(|planned| *planned != (row.start, row.finish))
            .map(|(start, finish)| match row.kind {
                RowKind::Milestone => Span {
                    x: middle_of(start),
                    width: 0,
                },
                _ => layout.span_of(start, finish),
            }),
        critical: row.critical,
        cancelled: row.cancelled,
        late: row.late,
        note: row.note.clone(),
        target_x: row
            .target
            .filter(|target| *target != row.finish)
            .map(middle_of),
        baseline: row.baseline.as_ref().map(|span| BaselineGeometry {
            span: layout.span_of(span.start, span.finish),
            tooltip: span.tooltip.clone(),
        }),
    }
}

fn arrow_points(from: &RowGeometry, to: &RowGeometry) -> Vec<(i64, i64)> {
    let from_x = from.bar.x + from.bar.width;
    let from_y = from.y + ROW_HEIGHT / 2;
    let to_x = to.bar.x;
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
mod tests;
