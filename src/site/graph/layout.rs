//! The dependency graph's geometry: layers left to right from a Sugiyama
//! layout (the `rust-sugiyama` crate ranks the nodes and orders each rank
//! to cut crossings), then one horizontal band per cluster (a workstream,
//! or the milestones), each node in its rank's column and its band. The
//! crate has no clusters of its own, so the bands are ours: within a band a
//! rank's nodes keep the crate's order. Pure: the same nodes give the same
//! layout.

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
/// crate's layered layout. The crate lays out each connected part on its
/// own, top to bottom: its layers are our columns, and the parts follow
/// one another across.
fn ranks_and_order(count: usize, edges: &[(usize, usize)]) -> (Vec<usize>, Vec<f64>) {
    let mut ranks = vec![0; count];
    let mut order = vec![0.0; count];
    if count == 0 {
        return (ranks, order);
    }
    let size = (NODE_WIDTH as f64, NODE_HEIGHT as f64);
    let edges: Vec<(u32, u32)> = edges
        .iter()
        .filter(|(from, to)| from != to && *from < count && *to < count)
        .map(|&(from, to)| (from as u32, to as u32))
        .collect();
    // Nodes without edges stay in the first column, in their own order; the
    // crate would lay each out as a graph of its own, which costs time in
    // the square of their number.
    let mut linked = vec![false; count];
    for &(from, to) in &edges {
        linked[from as usize] = true;
        linked[to as usize] = true;
    }
    for (node, slot) in order.iter_mut().enumerate() {
        *slot = -((count - node) as f64);
    }
    let vertices: Vec<(u32, (f64, f64))> = (0..count)
        .filter(|node| linked[*node])
        .map(|node| (node as u32, size))
        .collect();
    if vertices.is_empty() {
        return (ranks, order);
    }
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: 1.0,
        // Swapping neighbours to cut a few more crossings costs much more
        // time on plans of hundreds of tasks than it gains.
        transpose: false,
        ..Default::default()
    };
    let parts = rust_sugiyama::from_vertices_and_edges(&vertices, &edges, &config);
    let mut offset = 0.0;
    for (positions, width, _) in parts {
        let mut layers: Vec<i64> = positions
            .iter()
            .map(|(_, (_, y))| y.round() as i64)
            .collect();
        layers.sort_unstable();
        layers.dedup();
        // Layers grow downwards: the first layer is the leftmost column.
        // The crate numbers the vertices by their place in `vertices`.
        for (index, (x, y)) in &positions {
            let Some(&(node, _)) = vertices.get(*index) else {
                continue;
            };
            let node = node as usize;
            ranks[node] = layers
                .binary_search(&(y.round() as i64))
                .unwrap_or_default();
            order[node] = offset + x;
        }
        offset += width + 1.0;
    }
    (ranks, order)
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
    fn nodes_without_edges_wait_in_the_first_column_in_order() {
        let nodes = [GraphNode { band: 0 }; 4];
        let layout = layout_graph(&nodes, &[(1, 2)], 1);
        let (lone_a, lone_b) = (layout.nodes[0], layout.nodes[3]);
        assert_eq!(lone_a.x, lone_b.x);
        assert!(lone_a.y < lone_b.y, "in their own order");
        assert_eq!(
            layout.nodes[1].x, lone_a.x,
            "a source is in the first column too"
        );
        assert!(layout.nodes[2].x > layout.nodes[1].x);
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
