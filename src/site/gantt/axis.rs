//! The chart's time axis at each zoom: shaded non-working days, and two
//! rows of labels (months over weeks, or quarters over months). Labels that
//! would overlap their neighbour are dropped, never squeezed.

use chrono::{Datelike, NaiveDate, Weekday};

use super::{add_days, Shade, Tick, TimelineLayout, Zoom};
use crate::model::Calendar;

/// Closest two upper labels may be ("Sep 2026" is about 56 px wide).
const MAJOR_GAP: i64 = 64;
/// Closest two lower labels may be ("W38", "12", "Sep").
const MINOR_GAP: i64 = 24;

pub(super) fn add_axis(layout: &mut TimelineLayout, calendar: &Calendar, last_day: NaiveDate) {
    let zoom = layout.zoom;
    let mut day = layout.first_day;
    while day <= last_day {
        let x = layout.x_of(day);
        // At one pixel a day, weekends would be a grey haze: holidays only.
        if !calendar.is_workday(day) && (zoom != Zoom::Quarters || !calendar.is_weekend(day)) {
            add_shade(layout, x, !calendar.is_weekend(day));
        }
        let first = day == layout.first_day;
        let month_starts = day.day() == 1 || first;
        match zoom {
            Zoom::Weeks | Zoom::Months => {
                if month_starts {
                    layout.major.push(tick(x, day.format("%b %Y").to_string()));
                }
                if day.weekday() == Weekday::Mon {
                    let label = match zoom {
                        Zoom::Weeks => format!("W{:02}", day.iso_week().week()),
                        _ => day.day().to_string(),
                    };
                    layout.minor.push(tick(x, label));
                }
            }
            Zoom::Quarters => {
                if (day.day() == 1 && day.month0().is_multiple_of(3)) || first {
                    let quarter = day.month0() / 3 + 1;
                    layout
                        .major
                        .push(tick(x, format!("Q{quarter} {}", day.year())));
                }
                if day.day() == 1 {
                    layout.minor.push(tick(x, day.format("%b").to_string()));
                }
            }
        }
        day = add_days(day, 1);
    }
    layout.major = drop_crowded(std::mem::take(&mut layout.major), MAJOR_GAP);
    layout.minor = drop_crowded(std::mem::take(&mut layout.minor), MINOR_GAP);
}

fn tick(x: i64, label: String) -> Tick {
    Tick { x, label }
}

/// Runs of non-working days become one shaded column.
fn add_shade(layout: &mut TimelineLayout, x: i64, holiday: bool) {
    let day_width = layout.day_width;
    match layout.shades.last_mut() {
        Some(shade) if shade.x + shade.width == x && shade.holiday == holiday => {
            shade.width += day_width
        }
        _ => layout.shades.push(Shade {
            x,
            width: day_width,
            holiday,
        }),
    }
}

/// A label too close to the one before replaces it (the later one names
/// the period that is actually in view).
fn drop_crowded(ticks: Vec<Tick>, gap: i64) -> Vec<Tick> {
    let mut kept: Vec<Tick> = Vec::new();
    for tick in ticks {
        match kept.last_mut() {
            Some(last) if tick.x - last.x < gap => *last = tick,
            _ => kept.push(tick),
        }
    }
    kept
}
