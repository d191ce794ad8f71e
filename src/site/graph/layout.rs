//! The dependency graph's geometry: layers left to right from a Sugiyama
//! layout (the `layout-rs` crate ranks the nodes and orders each rank to
//! cut crossings), then one horizontal band per cluster (a workstream, or
//! the milestones), each node in its rank's column and its band. The crate
//! has no clusters of its own, so the bands are ours: within a band a rank's
//! nodes keep the crate's order. Pure: the same nodes give the same layout.

use layout::core::base::Orientation;
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

pub const NODE_WIDTH: i64 = 184;
pub const NODE_HEIGHT: i64 = 46;
/// Room between two columns, where the edges run.
const COLUMN_GAP: i64 = 56;
const ROW_GAP: i64 = 12;
/// A band's label above its nodes.
pub const BAND_HEADER: i64 = 26;
const BAND_GAP: i64 = 10;
const MARGIN: i64 = 12;

/// A node to place: its cluster (band) by index.
#[derive(Debug, Clone, Copy)]
pub struct GraphNode {
    pub band: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeBox {
    pub x: i64,
    pub y: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub y: i64,
    pub height: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphLayout {
    pub width: i64,
    pub height: i64,
    /// By node index.
    pub nodes: Vec<NodeBox>,
    /// By band index; an empty band has no height.
    pub bands: Vec<Band>,
}

/// Lays out `nodes` with `edges` (from, to: indexes into `nodes`) in
/// `band_count` bands.
pub fn layout_graph(
    nodes: &[GraphNode],
    edges: &[(usize, usize)],
    band_count: usize,
) -> GraphLayout {
    let (ranks, order) = ranks_and_order(nodes.len(), edges);
    let rank_count = ranks.iter().max().map_or(0, |rank| rank + 1);
    // Per band, per rank, the nodes in the crate's order.
    let mut cells: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); rank_count]; band_count];
    let mut by_order: Vec<usize> = (0..nodes.len()).collect();
    by_order.sort_by(|a, b| order[*a].total_cmp(&order[*b]).then(a.cmp(b)));
    for node in by_order {
        if let Some(band) = cells.get_mut(nodes[node].band) {
            band[ranks[node]].push(node);
        }
    }
    let mut boxes = vec![NodeBox { x: 0, y: 0 }; nodes.len()];
    let mut bands = Vec::with_capacity(band_count);
    let mut y = MARGIN;
    for band in &cells {
        let rows = band.iter().map(Vec::len).max().unwrap_or(0) as i64;
        if rows == 0 {
            bands.push(Band { y, height: 0 });
            continue;
        }
        let height = BAND_HEADER + rows * (NODE_HEIGHT + ROW_GAP);
        for (rank, column) in band.iter().enumerate() {
            for (row, node) in column.iter().enumerate() {
                boxes[*node] = NodeBox {
                    x: MARGIN + rank as i64 * (NODE_WIDTH + COLUMN_GAP),
                    y: y + BAND_HEADER + row as i64 * (NODE_HEIGHT + ROW_GAP),
                };
            }
        }
        bands.push(Band { y, height });
        y += height + BAND_GAP;
    }
    GraphLayout {
        width: match rank_count as i64 {
            0 => 2 * MARGIN,
            ranks => 2 * MARGIN + ranks * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP,
        },
        height: y + MARGIN,
        nodes: boxes,
        bands,
    }
}

/// Each node's rank (column) and its position across the rank, from the
/// crate's layered layout.
fn ranks_and_order(count: usize, edges: &[(usize, usize)]) -> (Vec<usize>, Vec<f64>) {
    if count == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut graph = VisualGraph::new(Orientation::LeftToRight);
    let size = Point::new(NODE_WIDTH as f64, NODE_HEIGHT as f64);
    let handles: Vec<_> = (0..count)
        .map(|_| {
            graph.add_node(Element::create(
                ShapeKind::new_box(""),
                StyleAttr::simple(),
                Orientation::LeftToRight,
                size,
            ))
        })
        .collect();
    for &(from, to) in edges {
        if from != to && from < count && to < count {
            graph.add_edge(Arrow::simple(""), handles[from], handles[to]);
        }
    }
    // The crate draws into a backend; only its positions are kept.
    let mut discarded = layout::backends::svg::SVGWriter::new();
    graph.do_it(false, false, false, &mut discarded);
    let centers: Vec<Point> = handles
        .iter()
        .map(|handle| graph.pos(*handle).center())
        .collect();
    // Left to right, the ranks are the distinct x of the centres.
    let mut columns: Vec<i64> = centers.iter().map(|point| point.x.round() as i64).collect();
    columns.sort_unstable();
    columns.dedup();
    let ranks = centers
        .iter()
        .map(|point| {
            columns
                .binary_search(&(point.x.round() as i64))
                .unwrap_or_default()
        })
        .collect();
    (ranks, centers.iter().map(|point| point.y).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_runs_left_to_right_and_bands_stack() {
        // a -> b -> c in band 0, d (fed by a) in band 1.
        let nodes = [
            GraphNode { band: 0 },
            GraphNode { band: 0 },
            GraphNode { band: 0 },
            GraphNode { band: 1 },
        ];
        let layout = layout_graph(&nodes, &[(0, 1), (1, 2), (0, 3)], 2);
        let [a, b, c, d] = [0, 1, 2, 3].map(|node| layout.nodes[node]);
        assert!(a.x < b.x && b.x < c.x, "{layout:?}");
        assert_eq!(a.y, b.y);
        assert_eq!(d.x, b.x, "same rank, same column");
        assert!(d.y >= layout.bands[1].y + BAND_HEADER);
        assert!(layout.bands[1].y >= layout.bands[0].y + layout.bands[0].height);
        assert!(layout.width >= c.x + NODE_WIDTH);
    }

    #[test]
    fn the_same_graph_gives_the_same_layout() {
        let nodes: Vec<GraphNode> = (0..40).map(|node| GraphNode { band: node % 3 }).collect();
        let edges: Vec<(usize, usize)> = (1..40).map(|node| (node / 2, node)).collect();
        assert_eq!(
            layout_graph(&nodes, &edges, 3),
            layout_graph(&nodes, &edges, 3)
        );
        assert_eq!(layout_graph(&[], &[], 0).nodes.len(), 0);
    }

    #[test]
    fn nodes_in_one_band_and_rank_never_overlap() {
        let nodes = [GraphNode { band: 0 }; 4];
        let layout = layout_graph(&nodes, &[(0, 1), (0, 2), (0, 3)], 1);
        let mut ys: Vec<i64> = (1..4).map(|node| layout.nodes[node].y).collect();
        ys.sort_unstable();
        assert!(ys.windows(2).all(|pair| pair[1] - pair[0] >= NODE_HEIGHT));
    }
}
