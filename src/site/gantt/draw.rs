//! Draws a [`TimelineLayout`] as inline SVG markup. Markup is built from the
//! computed geometry and text escaped here; nothing is measured or decided
//! while drawing.

use super::{
    RowGeometry, RowKind, TimelineLayout, AXIS_HEIGHT, BAR_HEIGHT, GROUP_HEIGHT, LABEL_WIDTH,
    ROW_HEIGHT,
};
use crate::site::svg::{escape_xml, truncate_label};

/// Fits between the bar and the next row (ROW_HEIGHT - BAR_HEIGHT is 12).
const BASELINE_HEIGHT: i64 = 4;

/// Draws the layout as an inline SVG element.
pub fn render_svg(layout: &TimelineLayout, title: &str) -> String {
    let mut svg = String::with_capacity(256 + layout.rows.len() * 400);
    svg.push_str(&format!(
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<title id=\"timeline-title\">{}</title>\n",
        escape_xml(title),
        w = layout.width,
        h = layout.height,
    ));
    svg.push_str("<defs><marker id=\"arrow-head\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" class=\"arrow-head\"/></marker><marker id=\"arrow-head-critical\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" class=\"arrow-head critical\"/></marker></defs>\n");
    draw_axis(&mut svg, layout);
    for header in &layout.headers {
        svg.push_str(&format!(
            "<rect class=\"group-band\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{GROUP_HEIGHT}\"/><text class=\"group-label\" x=\"8\" y=\"{}\">{}</text>\n",
            header.y,
            layout.width,
            header.y + 20,
            escape_xml(&header.label)
        ));
    }
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
    for row in &layout.rows {
        draw_row(&mut svg, row, layout.day_width);
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
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
            shade.x,
            AXIS_HEIGHT,
            shade.width,
            layout.height - AXIS_HEIGHT
        ));
    }
    for month in &layout.months {
        svg.push_str(&format!(
            "<line class=\"month-line\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\"/><text class=\"month-label\" x=\"{}\" y=\"16\">{}</text>\n",
            layout.height,
            month.x + 4,
            escape_xml(&month.label),
            x = month.x,
        ));
    }
    for week in &layout.weeks {
        svg.push_str(&format!(
            "<line class=\"week-line\" x1=\"{x}\" y1=\"22\" x2=\"{x}\" y2=\"{}\"/><text class=\"week-label\" x=\"{}\" y=\"36\">{}</text>\n",
            layout.height,
            week.x + 3,
            escape_xml(&week.label),
            x = week.x,
        ));
    }
    svg.push_str(&format!(
        "<line class=\"axis-line\" x1=\"0\" y1=\"{AXIS_HEIGHT}\" x2=\"{}\" y2=\"{AXIS_HEIGHT}\"/><line class=\"axis-line\" x1=\"{LABEL_WIDTH}\" y1=\"0\" x2=\"{LABEL_WIDTH}\" y2=\"{}\"/>\n",
        layout.width, layout.height
    ));
}

fn draw_row(svg: &mut String, row: &RowGeometry, day_width: i64) {
    let mut classes = match row.kind {
        RowKind::Task => "task".to_string(),
        RowKind::Milestone => "milestone".to_string(),
        RowKind::Summary => "summary".to_string(),
    };
    if row.critical {
        classes.push_str(" critical");
    }
    if row.late > 0 {
        classes.push_str(" late");
    }
    let mid = row.y + ROW_HEIGHT / 2;
    svg.push_str(&format!(
        "<a class=\"{classes}\" href=\"{}\"><title>{}</title>\n<text class=\"row-label\" x=\"8\" y=\"{}\">{}</text>\n",
        escape_xml(&row.href),
        escape_xml(&row.tooltip),
        mid + 4,
        escape_xml(&truncate_label(&row.label, 40)),
    ));
    match row.kind {
        RowKind::Milestone => {
            let x = row.bar_x + day_width / 2;
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
            if row.late > 0 {
                svg.push_str(&format!(
                    "<text class=\"late-label\" x=\"{}\" y=\"{}\">late {}d</text>\n",
                    x + size + 4,
                    mid + 4,
                    row.late
                ));
            }
        }
        RowKind::Task | RowKind::Summary => {
            let top = mid - BAR_HEIGHT / 2;
            svg.push_str(&format!(
                "<rect class=\"bar\" x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/>\n",
                row.bar_x, row.bar_width
            ));
            if row.progress_width > 0 {
                svg.push_str(&format!(
                    "<rect class=\"progress\" x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{BAR_HEIGHT}\" rx=\"3\"/>\n",
                    row.bar_x, row.progress_width
                ));
            }
        }
    }
    svg.push_str("</a>\n");
    if let Some(baseline) = &row.baseline {
        // Thin and below the bar, outside the link: it is context, not a
        // second target; its own title says what it is.
        svg.push_str(&format!(
            "<rect class=\"baseline\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BASELINE_HEIGHT}\" rx=\"1\"><title>{}</title></rect>\n",
            baseline.x,
            mid + BAR_HEIGHT / 2 + 1,
            baseline.width.max(2),
            escape_xml(&baseline.tooltip),
        ));
    }
}
