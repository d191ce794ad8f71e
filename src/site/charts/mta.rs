//! Milestone trend analysis: x is the report date (each point of the
//! plan's history), y the date the schedule then forecast for the
//! milestone; a line rising to the right is a milestone slipping. The
//! diagonal is where forecast and report date meet: a reached milestone's
//! line ends on it. Each milestone's target is a hollow mark of its shape
//! at the right edge.

use chrono::{Days, NaiveDate};

use super::{
    date_axis, escape_xml, marker_path, month_label, open_svg, value_gridline, DateScale, PlotBox,
    MARKERS,
};
use crate::site::svg::truncate_label;

/// One milestone's history, as the page hands it over.
#[derive(Debug, Clone, PartialEq)]
pub struct MtaSeries {
    pub id: String,
    pub title: String,
    pub target: Option<NaiveDate>,
    /// (report date, forecast), oldest first, up to the point it is reached.
    pub points: Vec<(NaiveDate, NaiveDate)>,
    pub reached: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MtaLine {
    pub series: MtaSeries,
    pub marker: &'static str,
    /// Index of the line's style (dash pattern and colour class).
    pub style: usize,
    pub points: Vec<(f64, f64)>,
    pub target_y: Option<f64>,
    /// Where the end label sits (nudged apart from the others).
    pub label_y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MtaLayout {
    pub plot: PlotBox,
    pub x: DateScale,
    pub y: DateScale,
    /// The y = x segment inside the plot, when the ranges overlap.
    pub diagonal: Option<((f64, f64), (f64, f64))>,
    pub lines: Vec<MtaLine>,
}

/// The SVG's size and the plot inside it; the margins hold the axis labels and the milestone names.
const PLOT: PlotBox = PlotBox::within(760.0, 420.0, 84.0, 16.0, 170.0, 36.0);
const LABEL_GAP: f64 = 13.0;

/// Lays out the chart; None when no series has a point.
pub fn layout_mta(series: Vec<MtaSeries>) -> Option<MtaLayout> {
    let series: Vec<MtaSeries> = series
        .into_iter()
        .filter(|s| !s.points.is_empty())
        .collect();
    let reports = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(report, _)| *report));
    let (first, last) = (reports.clone().min()?, reports.max()?);
    let forecasts = series.iter().flat_map(|s| {
        s.points
            .iter()
            .map(|(_, forecast)| *forecast)
            .chain(s.target)
    });
    // The forecasts set the height; the diagonal shows only where report
    // dates reach them (a plan far ahead would otherwise be a thin band).
    let low = forecasts.clone().min()?;
    let high = forecasts.max()?;
    let pad = |date: NaiveDate, days: u64, later: bool| {
        if later {
            date.checked_add_days(Days::new(days)).unwrap_or(date)
        } else {
            date.checked_sub_days(Days::new(days)).unwrap_or(date)
        }
    };
    let (right, bottom) = (PLOT.right, PLOT.bottom);
    let x = DateScale::new(first, pad(last, 1, true), PLOT.left, right);
    let y = DateScale::new(pad(low, 7, false), pad(high, 7, true), bottom, PLOT.top);
    let from = x.first.max(y.first);
    let to = x.last.min(y.last);
    let diagonal = (from < to).then(|| ((x.at(from), y.at(from)), (x.at(to), y.at(to))));
    let mut lines: Vec<MtaLine> = series
        .into_iter()
        .enumerate()
        .map(|(index, series)| MtaLine {
            marker: MARKERS[index % MARKERS.len()],
            style: index,
            points: series
                .points
                .iter()
                .map(|(report, forecast)| (x.at(*report), y.at(*forecast)))
                .collect(),
            target_y: series.target.map(|target| y.at(target)),
            label_y: 0.0,
            series,
        })
        .collect();
    place_labels(&mut lines, PLOT.top, bottom);
    Some(MtaLayout {
        plot: PLOT,
        x,
        y,
        diagonal,
        lines,
    })
}

/// End labels at the lines' last y, pushed apart so none overlap.
fn place_labels(lines: &mut [MtaLine], top: f64, bottom: f64) {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    let end = |line: &MtaLine| line.points.last().map_or(bottom, |(_, y)| *y);
    order.sort_by(|a, b| end(&lines[*a]).total_cmp(&end(&lines[*b])));
    let mut next_free = top + 4.0;
    for index in order {
        let wanted = end(&lines[index]) + 4.0;
        let y = wanted.max(next_free);
        lines[index].label_y = super::round(y);
        next_free = y + LABEL_GAP;
    }
}

/// Draws the laid-out chart.
pub fn render_mta(layout: &MtaLayout, title: &str) -> String {
    let mut svg = open_svg(
        "mta",
        layout.plot.width,
        layout.plot.height,
        title,
        "mta-title",
    );
    for (index, month) in layout.y.month_starts().iter().enumerate() {
        let y = layout.y.at(*month);
        let label = escape_xml(&month_label(*month, index == 0));
        value_gridline(&mut svg, y, layout.plot.left, layout.plot.right, &label);
    }
    date_axis(&mut svg, &layout.x, layout.plot.top, layout.plot.bottom);
    svg.push_str(&format!(
        "<rect class=\"plot-frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">report date</text><text class=\"axis-title\" x=\"12\" y=\"{}\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">forecast</text>\n",
        layout.plot.left,
        layout.plot.top,
        layout.plot.right - layout.plot.left,
        layout.plot.bottom - layout.plot.top,
        (layout.plot.left + layout.plot.right) / 2.0,
        layout.plot.height - 4.0,
        (layout.plot.top + layout.plot.bottom) / 2.0,
        (layout.plot.top + layout.plot.bottom) / 2.0,
    ));
    if let Some(((x1, y1), (x2, y2))) = layout.diagonal {
        svg.push_str(&format!(
            "<line class=\"diagonal\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"><title>Forecast equals report date: a milestone is reached here</title></line>\n"
        ));
    }
    for line in &layout.lines {
        draw_line(&mut svg, line, layout);
    }
    svg.push_str("</svg>");
    svg
}

fn draw_line(svg: &mut String, line: &MtaLine, layout: &MtaLayout) {
    let series = &line.series;
    let class = format!("series series-{}", line.style % MARKERS.len());
    let name = escape_xml(&series.title);
    svg.push_str(&format!(
        "<g class=\"{class}\" data-milestone=\"{}\"><title>{name}</title>\n",
        escape_xml(&series.id)
    ));
    let path: Vec<String> = line
        .points
        .iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect();
    svg.push_str(&format!(
        "<polyline class=\"trend-line\" points=\"{}\"/>\n",
        path.join(" ")
    ));
    for ((x, y), (report, forecast)) in line.points.iter().zip(&series.points) {
        svg.push_str(&format!(
            "<path class=\"marker\" d=\"{}\"><title>{name}: on {report} forecast {forecast}</title></path>\n",
            marker_path(line.marker, *x, *y, 3.5)
        ));
    }
    if let (Some(target_y), Some(target)) = (line.target_y, series.target) {
        svg.push_str(&format!(
            "<path class=\"target-mark\" d=\"{}\"><title>{name}: target {target}</title></path>\n",
            marker_path(line.marker, layout.plot.right, target_y, 4.5)
        ));
    }
    let status = if series.reached { " (reached)" } else { "" };
    svg.push_str(&format!(
        "<text class=\"series-label\" x=\"{}\" y=\"{}\">{}{status}</text>\n</g>\n",
        layout.plot.right + 10.0,
        line.label_y,
        escape_xml(&truncate_label(&series.id, 20)),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn series(id: &str, points: &[(&str, &str)]) -> MtaSeries {
        MtaSeries {
            id: id.into(),
            title: id.to_uppercase(),
            target: Some(date("2026-02-01")),
            points: points.iter().map(|(a, b)| (date(a), date(b))).collect(),
            reached: false,
        }
    }

    #[test]
    fn a_slipping_milestone_rises_and_labels_never_overlap() {
        let layout = layout_mta(vec![
            series(
                "beta",
                &[("2026-01-01", "2026-02-01"), ("2026-01-15", "2026-02-15")],
            ),
            series(
                "gamma",
                &[("2026-01-01", "2026-01-20"), ("2026-01-15", "2026-01-16")],
            ),
            series("empty", &[]),
        ])
        .expect("laid out");
        assert_eq!(layout.lines.len(), 2, "a series without points is left out");
        let beta = &layout.lines[0].points;
        assert_eq!(beta[0].0, layout.plot.left);
        assert!(
            beta[1].1 < beta[0].1,
            "a later forecast is higher up: {beta:?}"
        );
        let gap = (layout.lines[0].label_y - layout.lines[1].label_y).abs();
        assert!(gap >= LABEL_GAP, "labels {gap} apart");
        assert_ne!(layout.lines[0].marker, layout.lines[1].marker);
        let ((x1, y1), (x2, y2)) = layout.diagonal.expect("report and forecast dates overlap");
        assert!(x2 > x1 && y2 < y1, "the diagonal rises");
        let far = layout_mta(vec![series("later", &[("2026-01-01", "2026-06-01")])]).unwrap();
        assert_eq!(
            far.diagonal, None,
            "no diagonal where report dates never reach the forecasts"
        );
        let svg = render_mta(&layout, "Milestone trend");
        assert_eq!(svg.matches("class=\"marker\"").count(), 4);
        assert_eq!(svg.matches("class=\"target-mark\"").count(), 2);
    }
}
