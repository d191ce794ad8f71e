use chrono::{Datelike, NaiveDate};

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
        planned: None,
        progress: Some(50),
        critical: false,
        cancelled: false,
        late: 0,
        target: None,
        note: None,
        standing: None,
        tooltip: label.into(),
        slip: None,
        baseline: None,
    }
}

fn one_group(rows: Vec<TimelineRow>) -> Vec<TimelineGroup> {
    vec![TimelineGroup {
        title: "Build".into(),
        rows,
    }]
}

fn sample(zoom: Option<Zoom>) -> TimelineLayout {
    let mut milestone = task("m", "2026-03-13", "2026-03-13");
    milestone.kind = RowKind::Milestone;
    milestone.target = Some(date("2026-03-11"));
    milestone.late = 2;
    milestone.note = Some("late by 2 working days".into());
    let groups = one_group(vec![
        task("a", "2026-03-02", "2026-03-06"),
        task("b", "2026-03-09", "2026-03-13"),
        milestone,
    ]);
    let arrows = [
        TimelineArrow {
            from: (0, 0),
            to: (0, 1),
            critical: true,
        },
        TimelineArrow {
            from: (0, 1),
            to: (0, 2),
            critical: false,
        },
    ];
    let mut calendar = Calendar::default();
    calendar.holidays.insert(date("2026-03-10"));
    layout_timeline(&groups, &arrows, &calendar, date("2026-03-04"), zoom)
}

#[test]
fn bars_start_at_their_start_date_and_span_their_days() {
    let layout = sample(None);
    assert_eq!(
        layout.zoom,
        Zoom::Weeks,
        "three weeks fit at the finest zoom"
    );
    let a = &layout.rows[0];
    assert_eq!(a.bar.x, layout.x_of(date("2026-03-02")));
    // Monday to Friday inclusive: five day columns.
    assert_eq!(a.bar.width, 5 * layout.day_width);
    assert_eq!(a.progress_width, a.bar.width / 2);
    let b = &layout.rows[1];
    assert_eq!(b.bar.x, layout.x_of(date("2026-03-09")));
    assert!(b.y > a.y);
}

#[test]
fn axis_starts_on_a_monday_and_shades_non_working_days() {
    let layout = sample(None);
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
    assert!(layout.minor.iter().any(|tick| tick.label == "W10"));
}

#[test]
fn the_default_zoom_fits_the_plan_and_others_can_be_asked_for() {
    assert_eq!(Zoom::fit(80), Zoom::Weeks);
    assert_eq!(Zoom::fit(200), Zoom::Months);
    assert_eq!(Zoom::fit(700), Zoom::Quarters);
    assert_eq!(Zoom::fit(5000), Zoom::Quarters, "the widest zoom scrolls");
    // Six months of work: months fit in FIT_WIDTH, weeks would not.
    let groups = one_group(vec![task("long", "2026-01-05", "2026-06-26")]);
    let calendar = Calendar::default();
    let fitted = layout_timeline(&groups, &[], &calendar, date("2026-03-04"), None);
    assert_eq!(fitted.zoom, Zoom::Months);
    assert!(fitted.width <= FIT_WIDTH + 8, "{}", fitted.width);
    let weeks = layout_timeline(
        &groups,
        &[],
        &calendar,
        date("2026-03-04"),
        Some(Zoom::Weeks),
    );
    assert_eq!(weeks.width - 8, (fitted.width - 8) * 3);
    let quarters = layout_timeline(
        &groups,
        &[],
        &calendar,
        date("2026-03-04"),
        Some(Zoom::Quarters),
    );
    let labels: Vec<&str> = quarters
        .major
        .iter()
        .map(|tick| tick.label.as_str())
        .collect();
    // The chart starts on Mon 29 Dec 2025: "Q4 2025" gives way to the
    // quarter that is in view three pixels later.
    assert_eq!(labels, ["Q1 2026", "Q2 2026"]);
    assert!(quarters.minor.iter().any(|tick| tick.label == "Apr"));
    assert!(
        quarters.shades.is_empty(),
        "no weekend haze at one pixel a day"
    );
}

#[test]
fn milestones_today_and_arrows() {
    let layout = sample(None);
    let milestone = &layout.rows[2];
    assert_eq!(milestone.bar.width, 0);
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
    assert_eq!(points[0].0, layout.rows[0].bar.x + layout.rows[0].bar.width);
    assert_eq!(points.last().unwrap().0, layout.rows[1].bar.x);
    let svg = render_chart(&layout, "Timeline");
    assert!(svg.chart.contains(">late by 2 working days</text>"));
    assert!(svg.chart.contains("class=\"dependency critical\""));
    assert!(svg.chart.contains("class=\"dependency\" "));
    assert!(svg.chart.starts_with("<svg class=\"timeline zoom-weeks\""));
    assert!(!svg.chart.contains("class=\"baseline\""));
    // The labels are the links a reader follows; the chart's are out of the tab order.
    assert!(svg.labels.contains("<a class=\"task\" href=\"a.html\">"));
    assert!(svg.chart.contains("href=\"a.html\" tabindex=\"-1\""));
    assert!(svg.chart.contains("aria-hidden=\"true\""));
}

#[test]
fn a_late_note_near_the_end_goes_left_of_the_diamond() {
    let layout = sample(None);
    let svg = render_chart(&layout, "Timeline").chart;
    // The chart ends three days after the milestone: no room to its right.
    assert!(svg.contains("text-anchor=\"end\">late by 2 working days"));
}

#[test]
fn planned_dates_draw_a_ghost_only_where_they_differ() {
    let mut moved = task("moved", "2026-03-09", "2026-03-13");
    moved.planned = Some((date("2026-03-02"), date("2026-03-06")));
    let mut same = task("same", "2026-03-02", "2026-03-06");
    same.planned = Some((same.start, same.finish));
    let mut cancelled = task("dropped", "2026-03-02", "2026-03-03");
    cancelled.cancelled = true;
    let groups = one_group(vec![moved, same, cancelled]);
    let layout = layout_timeline(&groups, &[], &Calendar::default(), date("2026-03-04"), None);
    let ghost = layout.rows[0].planned.expect("a ghost bar");
    assert_eq!(ghost.x, layout.x_of(date("2026-03-02")));
    assert_eq!(ghost.width, 5 * layout.day_width);
    assert_eq!(layout.rows[1].planned, None);
    let svg = render_chart(&layout, "Timeline");
    assert_eq!(svg.chart.matches("class=\"planned\"").count(), 1);
    assert!(svg.labels.contains("<a class=\"task cancelled\""));
    assert!(svg.chart.contains("<a class=\"task cancelled\""));
}

#[test]
fn baseline_bars_sit_under_the_bar_and_widen_the_axis() {
    let mut row = task("a", "2026-03-09", "2026-03-13");
    row.baseline = Some(BaselineSpan {
        start: date("2026-02-23"),
        finish: date("2026-02-27"),
        tooltip: "a, baseline v1 <old>".into(),
    });
    let layout = layout_timeline(
        &one_group(vec![row]),
        &[],
        &Calendar::default(),
        date("2026-03-09"),
        None,
    );
    assert!(
        layout.first_day <= date("2026-02-20"),
        "the baseline is in view"
    );
    let baseline = layout.rows[0].baseline.as_ref().expect("baseline geometry");
    assert_eq!(baseline.span.x, layout.x_of(date("2026-02-23")));
    assert_eq!(baseline.span.width, 5 * layout.day_width);
    let svg = render_chart(&layout, "Timeline").chart;
    let mid = layout.rows[0].y + ROW_HEIGHT / 2;
    assert!(svg.contains(&format!(
        "<rect class=\"baseline\" x=\"{}\" y=\"{}\"",
        baseline.span.x,
        mid + BAR_HEIGHT / 2 + 1
    )));
    assert!(svg.contains("<title>a, baseline v1 &lt;old&gt;</title></rect>"));
}
