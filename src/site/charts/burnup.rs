//! The burn-up: scope and work done (working days of tasks) at each point,
//! and the recent rate of done carried forward to the planned finish, so
//! the gap between the two lines there is the work that will be left.

use chrono::{Days, NaiveDate};

use super::{
    date_axis, escape_xml, marker_path, open_svg, value_gridline, DateScale, NumberScale, PlotBox,
};

/// The rate of done is measured over this many days before the newest
/// point (or the whole history when shorter).
pub const RATE_WINDOW_DAYS: i64 = 56;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurnupSample {
    pub date: NaiveDate,
    pub scope: f64,
    pub done: f64,
}

/// Where the recent rate leads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Working days done per calendar day over the window.
    pub rate: f64,
    pub from: NaiveDate,
    /// Where the projection is drawn to: the planned finish, or once that
    /// has passed, the day today's scope would be done.
    pub until: NaiveDate,
    /// Whether it runs to the completion: the planned finish is on or
    /// before the newest point, or there is none.
    pub to_completion: bool,
    pub done_then: f64,
    /// The day the newest scope would be done at this rate.
    pub completes: Option<NaiveDate>,
}

/// The recent rate of done carried to `planned_finish`, or, when that has
/// passed (or there is none), to the day today's scope would be done at
/// that rate; None without progress in the window, or when there is no
/// planned finish ahead and nothing is left.
pub fn project(samples: &[BurnupSample], planned_finish: Option<NaiveDate>) -> Option<Projection> {
    let last = samples.last()?;
    let window_start = last.date - chrono::Duration::days(RATE_WINDOW_DAYS);
    let first = samples
        .iter()
        .find(|sample| sample.date >= window_start)
        .unwrap_or(last);
    let days = (last.date - first.date).num_days();
    if days <= 0 {
        return None;
    }
    let rate = (last.done - first.done) / days as f64;
    if rate <= 0.0 {
        return None;
    }
    let left = (last.scope - last.done).max(0.0);
    let completes = last
        .date
        .checked_add_days(Days::new((left / rate).ceil() as u64));
    let (until, to_completion, done_then) = match planned_finish {
        Some(finish) if finish > last.date => {
            let ahead = (finish - last.date).num_days() as f64;
            (finish, false, last.done + rate * ahead)
        }
        // Carried to the completion, where it meets the scope.
        _ => (completes.filter(|day| *day > last.date)?, true, last.scope),
    };
    Some(Projection {
        rate,
        from: last.date,
        until,
        to_completion,
        done_then,
        completes,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct BurnupLayout {
    pub plot: PlotBox,
    pub x: DateScale,
    pub y: NumberScale,
    pub scope: Vec<(f64, f64)>,
    pub done: Vec<(f64, f64)>,
    pub projection: Option<((f64, f64), (f64, f64))>,
    /// The projection runs to the completion (the planned finish passed).
    pub to_completion: bool,
    pub ticks: Vec<(f64, f64)>,
}

/// The SVG's size and the plot inside it; the margins hold the axis labels.
const PLOT: PlotBox = PlotBox::within(760.0, 320.0, 64.0, 16.0, 90.0, 36.0);

pub fn layout_burnup(
    samples: &[BurnupSample],
    projection: Option<&Projection>,
) -> Option<BurnupLayout> {
    let first = samples.first()?;
    let last = samples.last()?;
    let end = projection.map_or(last.date, |projection| projection.until.max(last.date));
    let to_completion = projection.is_some_and(|projection| projection.to_completion);
    let peak = samples
        .iter()
        .map(|sample| sample.scope.max(sample.done))
        .chain(projection.map(|projection| projection.done_then))
        .fold(1.0, f64::max);
    let (right, bottom) = (PLOT.right, PLOT.bottom);
    let x = DateScale::new(first.date, end, PLOT.left, right);
    let y = NumberScale::new(0.0, nice_ceiling(peak * 1.05), bottom, PLOT.top);
    let scope = steps(
        samples
            .iter()
            .map(|sample| (x.at(sample.date), y.at(sample.scope))),
    );
    let done = samples
        .iter()
        .map(|sample| (x.at(sample.date), y.at(sample.done)))
        .collect();
    let projection = projection.map(|projection| {
        (
            (x.at(projection.from), y.at(last.done)),
            (x.at(projection.until), y.at(projection.done_then)),
        )
    });
    let step = y.high / 4.0;
    let ticks = (0..=4)
        .map(|tick| {
            let value = step * f64::from(tick);
            (y.at(value), value)
        })
        .collect();
    Some(BurnupLayout {
        plot: PLOT,
        x,
        y,
        scope,
        done,
        projection,
        to_completion,
        ticks,
    })
}

/// A step line: scope holds until the next point, then jumps.
fn steps(points: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut line: Vec<(f64, f64)> = Vec::new();
    for (x, y) in points {
        if let Some(&(_, previous_y)) = line.last() {
            line.push((x, previous_y));
        }
        line.push((x, y));
    }
    line
}

/// 1, 2 or 5 times a power of ten, at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    let magnitude = 10f64.powf(value.max(1.0).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|nice| *nice >= value)
        .unwrap_or(10.0 * magnitude)
}

fn polyline(points: &[(f64, f64)]) -> String {
    let points: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
    points.join(" ")
}

pub fn render_burnup(layout: &BurnupLayout, samples: &[BurnupSample], title: &str) -> String {
    let mut svg = open_svg(
        "burnup",
        layout.plot.width,
        layout.plot.height,
        title,
        "burnup-title",
    );
    for (y, value) in &layout.ticks {
        let label = value.round().to_string();
        value_gridline(&mut svg, *y, layout.plot.left, layout.plot.right, &label);
    }
    date_axis(&mut svg, &layout.x, layout.plot.top, layout.plot.bottom);
    svg.push_str(&format!(
        "<rect class=\"plot-frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/><text class=\"axis-title\" x=\"12\" y=\"{mid}\" transform=\"rotate(-90 12 {mid})\" text-anchor=\"middle\">working days</text>\n",
        layout.plot.left,
        layout.plot.top,
        layout.plot.right - layout.plot.left,
        layout.plot.bottom - layout.plot.top,
        mid = (layout.plot.top + layout.plot.bottom) / 2.0,
    ));
    svg.push_str(&format!(
        "<polyline class=\"scope-line\" points=\"{}\"/>\n<polyline class=\"done-line\" points=\"{}\"/>\n",
        polyline(&layout.scope),
        polyline(&layout.done)
    ));
    for ((x, y), sample) in layout.done.iter().zip(samples) {
        svg.push_str(&format!(
            "<path class=\"marker done-marker\" d=\"{}\"><title>{}: {:.1} of {:.1} working days done</title></path>\n",
            marker_path("circle", *x, *y, 3.0),
            sample.date,
            sample.done,
            sample.scope
        ));
    }
    let label = |svg: &mut String, (x, y): (f64, f64), text: &str, class: &str| {
        svg.push_str(&format!(
            "<text class=\"series-label {class}\" x=\"{}\" y=\"{}\">{}</text>\n",
            x + 8.0,
            y + 4.0,
            escape_xml(text)
        ));
    };
    if let Some(&end) = layout.scope.last() {
        label(&mut svg, (end.0, end.1 - 8.0), "scope", "scope-label");
    }
    if let Some(&end) = layout.done.last() {
        label(&mut svg, end, "done", "done-label");
    }
    if let Some(((x1, y1), (x2, y2))) = layout.projection {
        let title = if layout.to_completion {
            "The recent rate of done, carried to the day the scope would be done"
        } else {
            "The recent rate of done, carried to the planned finish"
        };
        svg.push_str(&format!(
            "<line class=\"projection-line\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"><title>{title}</title></line>\n"
        ));
        label(&mut svg, (x2, y2), "projected", "projection-label");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(date: &str, scope: f64, done: f64) -> BurnupSample {
        BurnupSample {
            date: date.parse().unwrap(),
            scope,
            done,
        }
    }

    #[test]
    fn the_recent_rate_is_carried_to_the_planned_finish() {
        let samples = [
            sample("2025-10-01", 100.0, 0.0),
            sample("2026-01-01", 100.0, 10.0),
            sample("2026-01-29", 110.0, 38.0),
        ];
        // The window starts 56 days before 29 January: only the last two
        // points count, 28 days done in 28 days.
        let projection = project(&samples, "2026-02-28".parse().ok()).expect("progress");
        assert_eq!(projection.rate, 1.0);
        assert_eq!(projection.done_then, 68.0);
        assert_eq!(projection.completes.unwrap().to_string(), "2026-04-11");
        let layout = layout_burnup(&samples, Some(&projection)).unwrap();
        assert_eq!(layout.scope.len(), 5, "a step per change of scope");
        assert_eq!(layout.y.high, 200.0);
        let ((_, y1), (x2, y2)) = layout.projection.unwrap();
        assert_eq!(x2, layout.plot.right);
        assert!(y2 < y1);
        assert!(project(&samples[..1], None).is_none());
        // Once the planned finish has passed (or without one), the rate is
        // carried to the day the scope would be done: 72 days left at 1 a day.
        for finish in ["2026-01-29".parse().ok(), None] {
            let late = project(&samples, finish).expect("progress");
            assert!(late.to_completion);
            assert_eq!(late.until.to_string(), "2026-04-11");
            assert_eq!((late.done_then, late.completes), (110.0, Some(late.until)));
            let layout = layout_burnup(&samples, Some(&late)).unwrap();
            let ((_, _), (x2, y2)) = layout.projection.unwrap();
            assert_eq!((x2, y2), (layout.plot.right, layout.y.at(110.0)));
            assert!(render_burnup(&layout, &samples, "t").contains("the scope would be done"));
        }
        // Everything done: nothing left to project.
        assert!(project(
            &[
                sample("2026-01-01", 5.0, 2.0),
                sample("2026-01-08", 5.0, 5.0)
            ],
            "2026-01-02".parse().ok()
        )
        .is_none());
        assert!(project(
            &[
                sample("2026-01-01", 5.0, 2.0),
                sample("2026-01-08", 5.0, 2.0)
            ],
            "2026-03-01".parse().ok()
        )
        .is_none());
    }
}
