//! Draws the dependency graph as inline SVG from its computed geometry:
//! bands with their names, edges as curves behind the nodes, nodes as links
//! to their pages. Text is escaped here; nothing is measured or decided.

use super::layout::{GraphLayout, BAND_HEADER, NODE_HEIGHT, NODE_WIDTH};
use crate::site::svg::{escape_xml, truncate_label};

/// Characters of a title on a node's first line.
const TITLE_CHARS: usize = 27;

/// What a node shows.
pub struct NodeLook {
    pub title: String,
    pub href: String,
    /// "task", "milestone".
    pub kind: &'static str,
    pub dates: String,
    pub tooltip: String,
    pub critical: bool,
    pub late: bool,
    pub cancelled: bool,
}

pub struct EdgeLook {
    pub from: usize,
    pub to: usize,
    pub critical: bool,
}

pub fn render_graph(
    layout: &GraphLayout,
    nodes: &[NodeLook],
    edges: &[EdgeLook],
    bands: &[String],
    title: &str,
    description: &str,
) -> String {
    let mut svg = String::with_capacity(1024 + nodes.len() * 600);
    svg.push_str(&format!(
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<title id=\"graph-title\">{}</title>\n<desc id=\"graph-desc\">{}</desc>\n",
        escape_xml(title),
        escape_xml(description),
        w = layout.width,
        h = layout.height,
    ));
    svg.push_str("<defs><marker id=\"graph-arrow\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" class=\"graph-arrow\"/></marker><marker id=\"graph-arrow-critical\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"3.5\" markerHeight=\"3.5\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" class=\"graph-arrow critical\"/></marker></defs>\n");
    for (band, name) in layout.bands.iter().zip(bands) {
        if band.height == 0 {
            continue;
        }
        svg.push_str(&format!(
            "<rect class=\"graph-band\" x=\"2\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/><text class=\"graph-band-label\" x=\"14\" y=\"{}\">{}</text>\n",
            band.y,
            layout.width - 4,
            band.height,
            band.y + BAND_HEADER - 8,
            escape_xml(name)
        ));
    }
    // Critical edges last, so they are drawn over the others.
    let ordered = edges
        .iter()
        .filter(|edge| !edge.critical)
        .chain(edges.iter().filter(|edge| edge.critical));
    for edge in ordered {
        draw_edge(&mut svg, layout, edge);
    }
    for (node, look) in layout.nodes.iter().zip(nodes) {
        let mut classes = format!("node node-{}", look.kind);
        for (flag, class) in [
            (look.critical, " critical"),
            (look.late, " late"),
            (look.cancelled, " cancelled"),
        ] {
            if flag {
                classes.push_str(class);
            }
        }
        let marks = match (look.critical, look.late) {
            (true, true) => "◆ late · ",
            (true, false) => "◆ ",
            (false, true) => "late · ",
            _ => "",
        };
        svg.push_str(&format!(
            "<a class=\"{classes}\" href=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{NODE_WIDTH}\" height=\"{NODE_HEIGHT}\" rx=\"{}\"/><text class=\"node-title\" x=\"{}\" y=\"{}\">{}</text><text class=\"node-dates\" x=\"{}\" y=\"{}\">{}{}</text></a>\n",
            escape_xml(&look.href),
            escape_xml(&look.tooltip),
            node.x,
            node.y,
            if look.kind == "milestone" { 14 } else { 5 },
            node.x + 8,
            node.y + 19,
            escape_xml(&truncate_label(&look.title, TITLE_CHARS)),
            node.x + 8,
            node.y + 36,
            marks,
            escape_xml(&look.dates),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A curve from the right edge of `from` to the left edge of `to`.
fn draw_edge(svg: &mut String, layout: &GraphLayout, edge: &EdgeLook) {
    let (Some(from), Some(to)) = (layout.nodes.get(edge.from), layout.nodes.get(edge.to)) else {
        return;
    };
    let (x1, y1) = (from.x + NODE_WIDTH, from.y + NODE_HEIGHT / 2);
    let (x2, y2) = (to.x, to.y + NODE_HEIGHT / 2);
    let bend = ((x2 - x1).abs() / 2).max(24);
    let (class, marker) = match edge.critical {
        true => ("edge critical", "graph-arrow-critical"),
        false => ("edge", "graph-arrow"),
    };
    svg.push_str(&format!(
        "<path class=\"{class}\" d=\"M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}\" marker-end=\"url(#{marker})\"/>\n",
        x1 + bend,
        x2 - bend,
    ));
}
