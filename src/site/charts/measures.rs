//! An objective's measure over time: its readings against its target, with
//! the forecast of the milestone where it is checked marked, so one sees
//! whether the line will cross the target in time.

use chrono::{Days, NaiveDate};

use super::{date_axis, escape_xml, marker_path, open_svg, DateScale, NumberScale};

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 470.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 170.0;

/// What the chart shows of one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSeries {
    pub key: String,
    pub title: String,
    pub unit: String,
    pub target: f64,
    pub readings: Vec<(NaiveDate, f64)>,
    /// The milestone's id and forecast.
    pub milestone: Option<(String, NaiveDate)>,
}

/// None without a reading or a milestone date to place on the axis.
pub fn measure_svg(series: &MeasureSeries) -> Option<String> {
    let dates = series
        .readings
        .iter()
        .map(|(date, _)| *date)
        .chain(series.milestone.as_ref().map(|(_, date)| *date));
    let (first, last) = (dates.clone().min()?, dates.max()?);
    let last = last.max(first.checked_add_days(Days::new(7)).unwrap_or(first));
    let values = series
        .readings
        .iter()
        .map(|(_, value)| *value)
        .chain([series.target]);
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(low, high), v| {
        (low.min(v), high.max(v))
    });
    let pad = ((high - low) * 0.15).max(high.abs() * 0.01).max(0.5);
    // Readings near the ends of f64 (±1e308) overflow the range: no chart
    // (the table beside it still lists them) rather than NaN coordinates.
    if !(low - pad).is_finite() || !(high + pad).is_finite() || !(high - low).is_finite() {
        return None;
    }
    let x = DateScale::new(first, last, LEFT + 6.0, RIGHT - 6.0);
    let y = NumberScale::new(low - pad, high + pad, BOTTOM, TOP);
    let title = format!(
        "{}: readings against the target {}{}",
        series.title, series.target, series.unit
    );
    let mut svg = open_svg(
        "measure",
        WIDTH,
        HEIGHT,
        &title,
        &format!("measure-{}", series.key),
    );
    svg.push_str(&format!(
        "<rect class=\"plot-frame\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\"/>\n",
        RIGHT - LEFT,
        BOTTOM - TOP
    ));
    date_axis(&mut svg, &x, TOP, BOTTOM);
    for value in [y.low, y.high] {
        svg.push_str(&format!(
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            LEFT - 6.0,
            y.at(value) + 4.0,
            super::round(value)
        ));
    }
    let target_y = y.at(series.target);
    svg.push_str(&format!(
        "<line class=\"threshold\" x1=\"{LEFT}\" y1=\"{target_y}\" x2=\"{RIGHT}\" y2=\"{target_y}\"/><text class=\"series-label\" x=\"{}\" y=\"{}\">target {}{}</text>\n",
        RIGHT + 6.0,
        target_y + 4.0,
        series.target,
        escape_xml(&series.unit)
    ));
    if let Some((milestone, date)) = &series.milestone {
        let at = x.at(*date);
        svg.push_str(&format!(
            "<line class=\"milestone-mark\" x1=\"{at}\" y1=\"{TOP}\" x2=\"{at}\" y2=\"{BOTTOM}\"><title>{} forecast {date}</title></line><text class=\"series-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            escape_xml(milestone),
            at - 4.0,
            TOP + 12.0,
            escape_xml(milestone)
        ));
    }
    let points: Vec<String> = series
        .readings
        .iter()
        .map(|(date, value)| format!("{},{}", x.at(*date), y.at(*value)))
        .collect();
    svg.push_str(&format!(
        "<polyline class=\"trend-line\" points=\"{}\"/>\n",
        points.join(" ")
    ));
    for (date, value) in &series.readings {
        svg.push_str(&format!(
            "<path class=\"marker\" d=\"{}\"><title>{date}: {value}{}</title></path>\n",
            marker_path("circle", x.at(*date), y.at(*value), 3.5),
            escape_xml(&series.unit)
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_target_and_milestone_are_drawn() {
        let series = MeasureSeries {
            key: "accuracy".into(),
            title: "Accuracy".into(),
            unit: "%".into(),
            target: 99.5,
            readings: vec![
                ("2026-09-25".parse().unwrap(), 97.8),
                ("2026-10-02".parse().unwrap(), 98.9),
            ],
            milestone: Some(("go-live".into(), "2027-01-26".parse().unwrap())),
        };
        let svg = measure_svg(&series).unwrap();
        assert_eq!(svg.matches("class=\"marker\"").count(), 2);
        assert!(svg.contains("target 99.5%"));
        assert!(svg.contains("go-live forecast 2027-01-26"));
        let empty = MeasureSeries {
            readings: Vec::new(),
            milestone: None,
            ..series
        };
        assert!(measure_svg(&empty).is_none());
    }

    #[test]
    fn readings_too_far_apart_to_scale_draw_no_chart_rather_than_nan() {
        let series = MeasureSeries {
            key: "huge".into(),
            title: "Huge".into(),
            unit: String::new(),
            target: 1.0,
            readings: vec![
                ("2026-09-25".parse().unwrap(), 1e308),
                ("2026-10-02".parse().unwrap(), -1e308),
            ],
            milestone: None,
        };
        assert_eq!(measure_svg(&series), None);
    }
}
