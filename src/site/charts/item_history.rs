//! The small charts on item pages: a risk's score at each point of the
//! plan's history (against the contingency threshold), and a milestone's
//! forecast at each point (against its target).

use chrono::NaiveDate;

use super::{escape_xml, marker_path, open_svg, DateScale, NumberScale};

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 350.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 100.0;

fn axis_dates(svg: &mut String, x: &DateScale) {
    for (date, anchor) in [(x.first, "start"), (x.last, "end")] {
        svg.push_str(&format!(
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{date}</text>\n",
            x.at(date),
            BOTTOM + 14.0
        ));
    }
}

fn frame(svg: &mut String) {
    svg.push_str(&format!(
        "<rect class=\"plot-frame\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\"/>\n",
        RIGHT - LEFT,
        BOTTOM - TOP
    ));
}

/// A risk's score per point (None: not rated then), as a step line.
pub fn score_history_svg(
    id: &str,
    points: &[(NaiveDate, Option<u32>)],
    max_score: u32,
    threshold: u32,
) -> Option<String> {
    let (first, last) = (points.first()?.0, points.last()?.0);
    let x = DateScale::new(first, last, LEFT + 4.0, RIGHT - 4.0);
    let y = NumberScale::new(0.0, f64::from(max_score.max(1)), BOTTOM, TOP);
    let title = format!("Score of {id} at each change of the plan");
    let mut svg = open_svg(
        "item-history score-history",
        WIDTH,
        HEIGHT,
        &title,
        &format!("score-history-{}", crate::site::paths::id_file_stem(id)),
    );
    frame(&mut svg);
    for value in [0, threshold, max_score] {
        let at = y.at(f64::from(value));
        svg.push_str(&format!(
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{value}</text>\n",
            LEFT - 6.0,
            at + 4.0
        ));
    }
    let threshold_y = y.at(f64::from(threshold));
    svg.push_str(&format!(
        "<line class=\"threshold\" x1=\"{LEFT}\" y1=\"{threshold_y}\" x2=\"{RIGHT}\" y2=\"{threshold_y}\"><title>Contingency threshold {threshold}</title></line>\n"
    ));
    // One step line per stretch of rated points: an unrated point breaks
    // the line, so no score is drawn where there was none.
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut previous: Option<f64> = None;
    for (date, score) in points {
        let Some(score) = score else {
            previous = None;
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            continue;
        };
        let (px, py) = (x.at(*date), y.at(f64::from(*score)));
        if let Some(previous_y) = previous {
            run.push(format!("{px},{previous_y}"));
        }
        run.push(format!("{px},{py}"));
        previous = Some(py);
        svg.push_str(&format!(
            "<path class=\"marker\" d=\"{}\"><title>{date}: score {score}</title></path>\n",
            marker_path("circle", px, py, 3.0)
        ));
    }
    if !run.is_empty() {
        runs.push(run);
    }
    for run in &runs {
        svg.push_str(&format!(
            "<polyline class=\"trend-line\" points=\"{}\"/>\n",
            run.join(" ")
        ));
    }
    axis_dates(&mut svg, &x);
    svg.push_str("</svg>");
    Some(svg)
}

/// A milestone's forecast per point, with its target as a dashed line.
pub fn forecast_history_svg(
    id: &str,
    points: &[(NaiveDate, NaiveDate)],
    target: Option<NaiveDate>,
) -> Option<String> {
    let (first, last) = (points.first()?.0, points.last()?.0);
    let forecasts = points.iter().map(|(_, forecast)| *forecast).chain(target);
    let (low, high) = (forecasts.clone().min()?, forecasts.max()?);
    let x = DateScale::new(first, last, LEFT + 4.0, RIGHT - 4.0);
    let y = DateScale::new(low, high, BOTTOM - 6.0, TOP + 6.0);
    let title = format!("Forecast of {id} at each change of the plan");
    let mut svg = open_svg(
        "item-history forecast-history",
        WIDTH,
        HEIGHT,
        &title,
        &format!("forecast-history-{}", crate::site::paths::id_file_stem(id)),
    );
    frame(&mut svg);
    for date in [low, high] {
        svg.push_str(&format!(
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{date}</text>\n",
            LEFT - 6.0,
            y.at(date) + 4.0
        ));
    }
    if let Some(target) = target {
        let at = y.at(target);
        svg.push_str(&format!(
            "<line class=\"threshold\" x1=\"{LEFT}\" y1=\"{at}\" x2=\"{RIGHT}\" y2=\"{at}\"><title>Target {target}</title></line>\n"
        ));
    }
    let line: Vec<String> = points
        .iter()
        .map(|(report, forecast)| format!("{},{}", x.at(*report), y.at(*forecast)))
        .collect();
    svg.push_str(&format!(
        "<polyline class=\"trend-line\" points=\"{}\"/>\n",
        line.join(" ")
    ));
    for (report, forecast) in points {
        svg.push_str(&format!(
            "<path class=\"marker\" d=\"{}\"><title>On {report}: forecast {}</title></path>\n",
            marker_path("circle", x.at(*report), y.at(*forecast), 3.0),
            escape_xml(&forecast.to_string())
        ));
    }
    axis_dates(&mut svg, &x);
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn one_marker_per_point() {
        let scores = [
            (date("2026-01-01"), Some(2)),
            (date("2026-01-05"), None),
            (date("2026-01-09"), Some(6)),
        ];
        let svg = score_history_svg("vendor", &scores, 9, 6).unwrap();
        assert_eq!(svg.matches("class=\"marker\"").count(), 2);
        assert_eq!(
            svg.matches("<polyline").count(),
            2,
            "the unrated point breaks the line"
        );
        let rated = [(date("2026-01-01"), Some(2)), (date("2026-01-09"), Some(6))];
        let svg = score_history_svg("vendor", &rated, 9, 6).unwrap();
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(
            svg.matches("<polyline class=\"trend-line\" points=\"74,80 346,80 346,40\"/>")
                .count(),
            1,
            "a step: the score holds until the next point, then jumps"
        );
        let forecasts = [
            (date("2026-01-01"), date("2026-02-01")),
            (date("2026-01-09"), date("2026-02-09")),
        ];
        let svg = forecast_history_svg("beta", &forecasts, Some(date("2026-02-01"))).unwrap();
        assert_eq!(svg.matches("class=\"marker\"").count(), 2);
        assert!(svg.contains("Target 2026-02-01"));
        assert!(score_history_svg("none", &[], 9, 6).is_none());
    }
}
