//! Draws a [`TimelineLayout`] as two inline SVG elements: the label column
//! (the links a reader and a screen reader follow) and the chart beside it
//! (bars, the axis, arrows, today). Markup is built from the computed
//! geometry and text escaped here; nothing is measured or decided while
//! drawing.

use super::{
    RowGeometry, RowKind, TimelineLayout, AXIS_HEIGHT, BAR_HEIGHT, GROUP_HEIGHT, LABEL_WIDTH,
    ROW_HEIGHT,
};
use crate::site::svg::{escape_xml, truncate_label};

/// Fits between the bar and the next row (ROW_HEIGHT - BAR_HEIGHT is 12).
const THIN_BAR_HEIGHT: i64 = 4;
/// Characters of a row label that fit the label column.
const LABEL_CHARS: usize = 33;
/// Room a milestone's note needs to its right before it goes to the left.
const NOTE_ROOM: i64 = 170;

/// The two halves of a chart, drawn side by side by the page.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSvg {
    pub labels: String,
    pub chart: String,
}

pub fn render_chart(layout: &TimelineLayout, title: &str) -> ChartSvg {
    ChartSvg {
        labels: draw_labels(layout, title),
        chart: draw_chart(layout),
    }
}

fn draw_labels(layout: &TimelineLayout, title: &str) -> String {
    let mut svg = String::with_capacity(256 + layout.rows.len() * 200);
    svg.push_str(&format!(
        "<svg class=\"timeline-labels\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{LABEL_WIDTH}\" height=\"{h}\" viewBox=\"0 0 {LABEL_WIDTH} {h}\">\n<title id=\"timeline-title\">{}</title>\n<text class=\"zoom-label\" x=\"8\" y=\"28\">{}</text>\n<line class=\"axis-line\" x1=\"0\" y1=\"{AXIS_HEIGHT}\" x2=\"{LABEL_WIDTH}\" y2=\"{AXIS_HEIGHT}\"/>\n",
        escape_xml(title),
        layout.zoom.title(),
        h = layout.height,
    ));
    for header in &layout.headers {
        svg.push_str(&format!(
            "<rect class=\"group-band\" x=\"0\" y=\"{}\" width=\"{LABEL_WIDTH}\" height=\"{GROUP_HEIGHT}\"/><text class=\"group-label\" x=\"8\" y=\"{}\">{}</text>\n",
            header.y,
            header.y + 20,
            escape_xml(&header.label)
        ));
    }
    for row in &layout.rows {
        let mut classes = vec![row_class(row.kind)];
        if row.critical {
            classes.push("critical");
        }
        if row.cancelled {
            classes.push("cancelled");
        }
        svg.push_str(&format!(
            "<a class=\"{}\" href=\"{}\"><title>{}</title><text class=\"row-label\" x=\"8\" y=\"{}\">{}</text></a>\n",
            classes.join(" "),
            escape_xml(&row.href),
            escape_xml(&row.tooltip),
            row.y + ROW_HEIGHT / 2 + 4,
            escape_xml(&truncate_label(&row.label, LABEL_CHARS)),
        ));
    }
    svg.push_str(&format!(
        "<line class=\"axis-line\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\"/>\n</svg>",
        layout.height,
        x = LABEL_WIDTH - 1,
    ));
    svg
}

/// The chart is a picture of the label column's links and the table below
/// it, so it is hidden from screen readers and its links from the tab order.
fn draw_chart(layout: &TimelineLayout) -> String {
    let mut svg = String::with_capacity(512 + layout.rows.len() * 400);
    svg.push_str(&format!(
        "<svg class=\"timeline zoom-{}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" aria-hidden=\"true\">\n",
        layout.zoom.name(),
        w = layout.width,
        h = layout.height,
    ));
    svg.push_str("<defs><marker id=\"arrow-head\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" class=\"arrow-head\"/></marker><marker id=\"arrow-head-critical\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" class=\"arrow-head critical\"/></marker></defs>\n");
    draw_axis(&mut svg, layout);
    for header in &layout.headers {
        svg.push_str(&format!(
            "<rect class=\"group-band\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{GROUP_HEIGHT}\"/>\n",
            header.y, layout.width,
        ));
    }
    draw_arrows(&mut svg, layout);
    for row in &layout.rows {
        draw_row(&mut svg, row, layout);
    }
    if let Some(x) = layout.today_x {
        svg.push_str(&format!(
            "<line class=\"today\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/><text class=\"today-label\" x=\"{}\" y=\"{}\">Today</text>\n",
            AXIS_HEIGHT - 6,
            layout.height,
            x + 4,
            AXIS_HEIGHT + 19,
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn draw_axis(svg: &mut String, layout: &TimelineLayout) {
    for shade in &layout.shades {
        let class = if shade.holiday { "holiday" } else { "weekend" };
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{}\" y=\"{AXIS_HEIGHT}\" width=\"{}\" height=\"{}\"/>\n",
            shade.x,
            shade.width,
            layout.height - AXIS_HEIGHT
        ));
    }
    for tick in &layout.major {
        svg.push_str(&format!(
            "<line class=\"month-line\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\"/><text class=\"month-label\" x=\"{}\" y=\"16\">{}</text>\n",
            layout.height,
            tick.x + 4,
            escape_xml(&tick.label),
            x = tick.x,
        ));
    }
    for tick in &layout.minor {
        svg.push_str(&format!(
            "<line class=\"week-line\" x1=\"{x}\" y1=\"22\" x2=\"{x}\" y2=\"{}\"/><text class=\"week-label\" x=\"{}\" y=\"36\">{}</text>\n",
            layout.height,
            tick.x + 3,
            escape_xml(&tick.label),
            x = tick.x,
        ));
    }
    svg.push_str(&format!(
        "<line class=\"axis-line\" x1=\"0\" y1=\"{AXIS_HEIGHT}\" x2=\"{}\" y2=\"{AXIS_HEIGHT}\"/>\n",
        layout.width
    ));
}

/// Every arrow is drawn; the theme shows the critical ones and shows the
/// rest only on demand (a checkbox, no script).
fn draw_arrows(svg: &mut String, layout: &TimelineLayout) {
    for (points, critical) in &layout.arrows {
        let path: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        let (class, marker) = if *critical {
            ("dependency critical", "arrow-head-critical")
        } else {
            ("dependency", "arrow-head")
        };
        svg.push_str(&format!(
            "<polyline class=\"{class}\" points=\"{}\" marker-end=\"url(#{marker})\"/>\n",
            path.join(" ")
        ));
    }
}

fn row_class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Task => "task",
        RowKind::Milestone => "milestone",
        RowKind::Summary => "summary",
    }
}

fn draw_row(svg: &mut String, row: &RowGeometry, layout: &TimelineLayout) {
    let mut classes = row_class(row.kind).to_string();
    for (flag, class) in [
        (row.critical, " critical"),
        (row.late > 0, " late"),
        (row.cancelled, " cancelled"),
    ] {
        if flag {
            classes.push_str(class);
        }
    }
    let mid = row.y + ROW_HEIGHT / 2;
    if let Some(planned) = row.planned {
        draw_planned(svg, row.kind, planned, mid);
    }
    svg.push_str(&format!(
        "<a class=\"{classes}\" href=\"{}\" tabindex=\"-1\"><title>{}</title>\n",
        escape_xml(&row.href),
        escape_xml(&row.tooltip),
    ));
    match row.kind {
        RowKind::Milestone => draw_milestone(svg, row, layout, mid),
        RowKind::Task | RowKind::Summary => {
            let top = mid - BAR_HEIGHT / 2;
            svg.push_str(&format!(
                "<rect class=\"bar\" x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/>\n",
                row.bar.x, row.bar.width
            ));
            if row.progress_width > 0 {
                svg.push_str(&format!(
                    "<rect class=\"progress\" x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/>\n",
                    row.bar.x, row.progress_width
                ));
            }
        }
    }
    svg.push_str("</a>\n");
    if let Some(baseline) = &row.baseline {
        // Thin and below the bar, outside the link: it is context, not a
        // second target; its own title says what it is.
        svg.push_str(&format!(
            "<rect class=\"baseline\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{THIN_BAR_HEIGHT}\" rx=\"1\"><title>{}</title></rect>\n",
            baseline.span.x,
            mid + BAR_HEIGHT / 2 + 1,
            baseline.span.width.max(2),
            escape_xml(&baseline.tooltip),
        ));
    }
}

/// The planned dates as a thin hollow ghost above the forecast bar (a small
/// hollow circle for a milestone).
fn draw_planned(svg: &mut String, kind: RowKind, planned: super::Span, mid: i64) {
    match kind {
        RowKind::Milestone => svg.push_str(&format!(
            "<circle class=\"planned\" cx=\"{}\" cy=\"{mid}\" r=\"4\"/>\n",
            planned.x
        )),
        _ => svg.push_str(&format!(
            "<rect class=\"planned\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{THIN_BAR_HEIGHT}\" rx=\"1\"/>\n",
            planned.x,
            mid - BAR_HEIGHT / 2 - THIN_BAR_HEIGHT - 1,
            planned.width
        )),
    }
}

fn draw_milestone(svg: &mut String, row: &RowGeometry, layout: &TimelineLayout, mid: i64) {
    let x = row.bar.x + layout.day_width / 2;
    let size = 7;
    svg.push_str(&format!(
        "<path class=\"diamond\" d=\"M{x},{} L{},{mid} L{x},{} L{},{mid} z\"/>\n",
        mid - size,
        x + size,
        mid + size,
        x - size,
    ));
    if let Some(target_x) = row.target_x {
        svg.push_str(&format!(
            "<path class=\"target\" d=\"M{target_x},{} L{},{mid} L{target_x},{} L{},{mid} z\"/>\n",
            mid - 5,
            target_x + 5,
            mid + 5,
            target_x - 5,
        ));
    }
    if let Some(note) = &row.note {
        // Beside the diamond, on the side with room (left near the end).
        let (note_x, anchor) = if x + size + NOTE_ROOM <= layout.width {
            (x + size + 4, "start")
        } else {
            (x.min(row.target_x.unwrap_or(x)) - size - 4, "end")
        };
        svg.push_str(&format!(
            "<text class=\"late-label\" x=\"{note_x}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>\n",
            mid + 4,
            escape_xml(note)
        ));
    }
}
