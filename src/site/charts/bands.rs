//! Open risks by score band over time: one stacked column per point, the
//! high band at the bottom where it is easiest to compare. Bands differ by
//! fill pattern as well as colour, and the legend names them.

use chrono::NaiveDate;

use super::{date_axis, escape_xml, open_svg, value_gridline, DateScale, NumberScale, PlotBox};
use crate::states::BandCounts;

/// Bottom to top, with the pattern each is filled with.
pub const BANDS: [(&str, &str); 4] = [
    ("high", "hatch"),
    ("medium", "dots"),
    ("low", "plain"),
    ("unrated", "cross"),
];

/// One band's area: a step polygon between the band below and its top.
#[derive(Debug, Clone, PartialEq)]
pub struct BandArea {
    pub band: &'static str,
    pub pattern: &'static str,
    /// Polygon corners: the top edge left to right, the bottom right to left.
    pub outline: Vec<(f64, f64)>,
    /// The band's count at each point.
    pub counts: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandsLayout {
    pub plot: PlotBox,
    pub x: DateScale,
    pub y: NumberScale,
    /// Bottom band first; bands empty at every point are left out.
    pub areas: Vec<BandArea>,
}

/// The SVG's size and the plot inside it; the margins hold the axis labels and the legend.
const PLOT: PlotBox = PlotBox::within(760.0, 260.0, 64.0, 16.0, 110.0, 36.0);

fn count(counts: &BandCounts, band: &str) -> usize {
    match band {
        "high" => counts.high,
        "medium" => counts.medium,
        "low" => counts.low,
        _ => counts.unrated,
    }
}

/// A stacked step area per band: each point's counts hold until the next
/// point (the last holds to the right edge), so unevenly spaced commits
/// keep their true places on the date axis.
pub fn layout_bands(points: &[(NaiveDate, BandCounts)]) -> Option<BandsLayout> {
    let first = points.first()?.0;
    let last = points.last()?.0;
    let (right, bottom) = (PLOT.right, PLOT.bottom);
    let peak = points
        .iter()
        .map(|(_, counts)| counts.total())
        .max()
        .unwrap_or(0)
        .max(1);
    // The newest state gets a visible width at the right edge.
    let x = DateScale::new(first, last, PLOT.left, right - 12.0);
    let y = NumberScale::new(0.0, peak as f64, bottom, PLOT.top);
    let edges: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(index, (date, _))| {
            let next = points.get(index + 1).map_or(right, |(next, _)| x.at(*next));
            (x.at(*date), next)
        })
        .collect();
    let mut below = vec![0usize; points.len()];
    let mut areas = Vec::new();
    for (band, pattern) in BANDS {
        let counts: Vec<usize> = points
            .iter()
            .map(|(_, counts)| count(counts, band))
            .collect();
        if counts.iter().all(|count| *count == 0) {
            continue;
        }
        let above: Vec<usize> = below
            .iter()
            .zip(&counts)
            .map(|(low, size)| low + size)
            .collect();
        let mut outline = Vec::with_capacity(points.len() * 4);
        for ((from, to), top) in edges.iter().zip(&above) {
            let top = y.at(*top as f64);
            outline.push((*from, top));
            outline.push((*to, top));
        }
        for ((from, to), low) in edges.iter().zip(&below).rev() {
            let low = y.at(*low as f64);
            outline.push((*to, low));
            outline.push((*from, low));
        }
        areas.push(BandArea {
            band,
            pattern,
            outline,
            counts,
        });
        below = above;
    }
    Some(BandsLayout {
        plot: PLOT,
        x,
        y,
        areas,
    })
}

/// The fill patterns, shared by the chart and its legend.
fn pattern_defs() -> &'static str {
    "<defs><pattern id=\"band-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect class=\"band-fill band-high\" width=\"6\" height=\"6\"/><line class=\"band-ink\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke-width=\"3\"/></pattern><pattern id=\"band-dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect class=\"band-fill band-medium\" width=\"6\" height=\"6\"/><circle class=\"band-ink\" cx=\"3\" cy=\"3\" r=\"1.2\"/></pattern><pattern id=\"band-plain\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect class=\"band-fill band-low\" width=\"6\" height=\"6\"/></pattern><pattern id=\"band-cross\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect class=\"band-fill band-unrated-fill\" width=\"6\" height=\"6\"/><path class=\"band-ink-line\" d=\"M0,0 L6,6 M6,0 L0,6\"/></pattern></defs>\n"
}

pub fn render_bands(layout: &BandsLayout, title: &str) -> String {
    let mut svg = open_svg(
        "risk-bands",
        layout.plot.width,
        layout.plot.height,
        title,
        "bands-title",
    );
    svg.push_str(pattern_defs());
    let step = (layout.y.high / 4.0).ceil().max(1.0);
    let mut tick = 0.0;
    while tick <= layout.y.high {
        let y = layout.y.at(tick);
        value_gridline(
            &mut svg,
            y,
            layout.plot.left,
            layout.plot.right,
            &tick.to_string(),
        );
        tick += step;
    }
    date_axis(&mut svg, &layout.x, layout.plot.top, layout.plot.bottom);
    for area in &layout.areas {
        let outline: Vec<String> = area
            .outline
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect();
        let peak = area.counts.iter().max().unwrap_or(&0);
        svg.push_str(&format!(
            "<polygon class=\"band-segment band-{}\" points=\"{}\" fill=\"url(#band-{})\"><title>{} risks: at most {peak} at once</title></polygon>\n",
            area.band,
            outline.join(" "),
            area.pattern,
            area.band,
        ));
    }
    for (row, (band, pattern)) in BANDS.iter().rev().enumerate() {
        let y = layout.plot.top + 4.0 + row as f64 * 20.0;
        svg.push_str(&format!(
            "<rect class=\"band-segment legend-swatch\" x=\"{}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"url(#band-{pattern})\"/><text class=\"series-label\" x=\"{}\" y=\"{}\">{}</text>\n",
            layout.plot.right + 12.0,
            layout.plot.right + 32.0,
            y + 11.0,
            escape_xml(band)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_stack_high_at_the_bottom_as_steps() {
        let counts = |high, medium, low| BandCounts {
            high,
            medium,
            low,
            unrated: 0,
        };
        let points = [
            ("2026-01-01".parse().unwrap(), counts(1, 2, 1)),
            ("2026-02-01".parse().unwrap(), counts(0, 0, 2)),
        ];
        let layout = layout_bands(&points).unwrap();
        let bands: Vec<&str> = layout.areas.iter().map(|area| area.band).collect();
        assert_eq!(
            bands,
            ["high", "medium", "low"],
            "unrated is empty throughout"
        );
        let high = &layout.areas[0];
        assert_eq!(high.outline.len(), 8, "two steps on top, two below");
        assert_eq!(
            high.outline[4].1, layout.plot.bottom,
            "high sits on the axis"
        );
        // The low band's top at the first point is the tallest stack.
        let low = &layout.areas[2];
        assert_eq!(low.outline[0], (layout.plot.left, layout.plot.top));
        assert_eq!(
            low.outline[3].0, layout.plot.right,
            "the last state holds to the edge"
        );
        let svg = render_bands(&layout, "Risks");
        assert_eq!(
            svg.matches("<polygon class=\"band-segment band-").count(),
            3
        );
    }
}
