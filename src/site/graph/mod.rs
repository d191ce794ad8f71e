//! The dependency graph pages (`graph.html`): tasks and milestones as a
//! layered left-to-right graph, one band per workstream (or per milestone
//! served, as the timeline groups them) and one for the milestones, the
//! critical path highlighted, each node a link to its page, and a table as
//! its text alternative. Above [`SPLIT_ABOVE`] nodes, one page per
//! milestone (the work that leads to it first) and an overview of the
//! milestones.

mod draw;
mod layout;

use std::collections::{HashMap, VecDeque};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{ItemId, ItemKind};

use super::headline::{long_date, Standing};
use super::layout::Layout as PageLayout;
use super::pages::linker;
use super::status::is_open_late;
use super::timeline::groups::{milestones_by_date, task_groups};
use super::views::{Link, Linker};
use super::{paths, Output, SiteBuilder, SiteError};
use draw::{render_graph, EdgeLook, NodeLook};
use layout::{layout_graph, GraphNode};

/// Above this many nodes, the graph is split by milestone.
pub const SPLIT_ABOVE: usize = 300;
/// The overview of a split graph draws the milestones up to this many.
const OVERVIEW_MILESTONES: usize = 100;

#[derive(Serialize)]
struct NodeRow {
    link: Link,
    kind: &'static str,
    band: String,
    dates: String,
    critical: bool,
    depends_on: Vec<Link>,
}

#[derive(Serialize)]
struct PartLink {
    title: String,
    href: String,
    nodes: usize,
}

#[derive(Serialize)]
struct GraphContext {
    #[serde(flatten)]
    layout: PageLayout,
    svg: String,
    rows: Vec<NodeRow>,
    parts: Vec<PartLink>,
    node_count: usize,
    overview: bool,
}

/// One graph to draw: its nodes by band.
struct GraphPart {
    output: String,
    title: String,
    bands: Vec<(String, Vec<ItemId>)>,
}

pub fn render_graphs(builder: &SiteBuilder<'_>) -> Result<Vec<Output>, SiteError> {
    let (_, groups) = task_groups(builder);
    let milestones = milestones_by_date(builder);
    let mut bands: Vec<(String, Vec<ItemId>)> = groups
        .into_iter()
        .map(|group| (group.title, group.tasks))
        .collect();
    bands.push(("Milestones".to_string(), milestones.clone()));
    let node_count: usize = bands.iter().map(|(_, items)| items.len()).sum();
    if node_count <= SPLIT_ABOVE {
        let whole = GraphPart {
            output: paths::GRAPH.to_string(),
            title: "Dependency graph".to_string(),
            bands,
        };
        return Ok(vec![render_part(builder, &whole, Vec::new())?]);
    }
    let leads_to = first_milestone_reached(builder, &milestones);
    let parts: Vec<GraphPart> = milestones
        .iter()
        .map(|item| Some(*item))
        .chain([None])
        .flat_map(|milestone| milestone_parts(builder, &bands, &leads_to, milestone))
        .collect();
    let mut outputs: Vec<Output> = parts
        .par_iter()
        .map(|part| render_part(builder, part, Vec::new()))
        .collect::<Result<_, _>>()?;
    let part_links = parts
        .iter()
        .map(|part| PartLink {
            title: part
                .title
                .trim_start_matches("Dependency graph: ")
                .to_string(),
            href: paths::href("", &part.output),
            nodes: part.bands.iter().map(|(_, items)| items.len()).sum(),
        })
        .collect();
    // The overview draws the milestones alone, while they are few enough
    // to read; otherwise it is the list of the graphs.
    let drawn = match milestones.len() <= OVERVIEW_MILESTONES {
        true => milestones,
        false => Vec::new(),
    };
    let overview = GraphPart {
        output: paths::GRAPH.to_string(),
        title: "Dependency graph".to_string(),
        bands: vec![("Milestones".to_string(), drawn)],
    };
    outputs.push(render_part(builder, &overview, part_links)?);
    Ok(outputs)
}

/// The graph (or graphs) of the work that leads first to `milestone` (None:
/// to no milestone): one graph while it has at most [`SPLIT_ABOVE`] nodes,
/// else one per band, and a band still too big in pieces, in start order.
fn milestone_parts(
    builder: &SiteBuilder<'_>,
    bands: &[(String, Vec<ItemId>)],
    leads_to: &HashMap<ItemId, ItemId>,
    milestone: Option<ItemId>,
) -> Vec<GraphPart> {
    let part_bands: Vec<(String, Vec<ItemId>)> = bands
        .iter()
        .map(|(name, items)| {
            let items = items
                .iter()
                .copied()
                .filter(|item| match builder.plan.items[*item].kind {
                    ItemKind::Milestone => Some(*item) == milestone,
                    _ => leads_to.get(item).copied() == milestone,
                })
                .collect();
            (name.clone(), items)
        })
        .collect();
    let count: usize = part_bands.iter().map(|(_, items)| items.len()).sum();
    if count == 0 {
        return Vec::new();
    }
    let (stem, title) = match milestone {
        Some(item) => (
            paths::id_file_stem(&builder.plan.items[item].id),
            format!("Dependency graph: {}", builder.plan.items[item].title),
        ),
        // An id's stem writes `~` as `~7e`: no milestone's stem is `~other`.
        None => (
            "~other".to_string(),
            "Dependency graph: other work".to_string(),
        ),
    };
    if count <= SPLIT_ABOVE {
        return vec![GraphPart {
            output: format!("graph/{stem}.html"),
            title,
            bands: part_bands,
        }];
    }
    let mut parts = Vec::new();
    for (band, items) in part_bands {
        let pieces = items.len().div_ceil(SPLIT_ABOVE);
        for (number, piece) in items.chunks(SPLIT_ABOVE).enumerate() {
            let suffix = match pieces {
                1 => String::new(),
                _ => format!(" ({} of {pieces})", number + 1),
            };
            parts.push(GraphPart {
                output: format!("graph/{stem}~{}.html", parts.len() + 1),
                title: format!("{title}, {band}{suffix}"),
                bands: vec![(band.clone(), piece.to_vec())],
            });
        }
    }
    parts
}

/// For each task, the earliest milestone (by forecast) its dependents lead
/// to; tasks that lead to none are left out.
fn first_milestone_reached(
    builder: &SiteBuilder<'_>,
    milestones: &[ItemId],
) -> HashMap<ItemId, ItemId> {
    let mut reached: HashMap<ItemId, ItemId> = HashMap::new();
    // Walk back from each milestone, earliest first: the first to reach a
    // task keeps it.
    for &milestone in milestones {
        let mut queue: VecDeque<ItemId> = builder.refs.predecessors[milestone]
            .iter()
            .copied()
            .collect();
        while let Some(item) = queue.pop_front() {
            if builder.plan.items[item].kind == ItemKind::Milestone || reached.contains_key(&item) {
                continue;
            }
            reached.insert(item, milestone);
            queue.extend(builder.refs.predecessors[item].iter().copied());
        }
    }
    reached
}

fn node_dates(builder: &SiteBuilder<'_>, item: ItemId) -> String {
    let Some(timing) = builder.schedule.timing(item) else {
        return String::new();
    };
    let short = |date: chrono::NaiveDate| date.format("%-d %b").to_string();
    match builder.plan.items[item].kind {
        // The standing in words is in the tooltip and the table; the box
        // has room for the two dates only.
        ItemKind::Milestone => match timing.target {
            Some(target) if target != timing.finish => {
                format!("{}, target {}", short(timing.finish), short(target))
            }
            Some(_) => format!("{}, its target", short(timing.finish)),
            None => short(timing.finish),
        },
        _ => format!("{} – {}", short(timing.start), short(timing.finish)),
    }
}

fn node_look(builder: &SiteBuilder<'_>, linker: &Linker<'_>, item: ItemId) -> NodeLook {
    let record = &builder.plan.items[item];
    let timing = builder.schedule.timing(item);
    let link = linker.item(item);
    let dates = node_dates(builder, item);
    let critical = timing.is_some_and(|timing| timing.critical);
    let late = is_open_late(builder, item);
    let mut tooltip = format!(
        "{} ({}, {})",
        record.title,
        record.kind.name(),
        record.status
    );
    if let Some(timing) = timing {
        match record.kind {
            ItemKind::Milestone => tooltip.push_str(&format!(
                ": forecast {}, {}",
                long_date(timing.finish),
                Standing::of(timing, &builder.plan.config.calendar).words()
            )),
            _ => tooltip.push_str(&format!(
                ": {} to {}",
                long_date(timing.start),
                long_date(timing.finish)
            )),
        }
    }
    if critical {
        tooltip.push_str(", on the critical path");
    }
    NodeLook {
        title: record.title.clone(),
        href: link.href.unwrap_or_default(),
        kind: record.kind.name(),
        dates,
        tooltip,
        critical,
        late,
        cancelled: record.status == "cancelled",
    }
}

fn render_part(
    builder: &SiteBuilder<'_>,
    part: &GraphPart,
    parts: Vec<PartLink>,
) -> Result<Output, SiteError> {
    let linker = linker(builder, &part.output);
    let mut index: HashMap<ItemId, usize> = HashMap::new();
    let mut nodes = Vec::new();
    let mut items = Vec::new();
    for (band, (_, band_items)) in part.bands.iter().enumerate() {
        for &item in band_items {
            index.insert(item, items.len());
            items.push((item, band));
            nodes.push(GraphNode { band });
        }
    }
    let critical = |item: ItemId| {
        builder
            .schedule
            .timing(item)
            .is_some_and(|timing| timing.critical)
    };
    let mut edges = Vec::new();
    for (to, &(item, _)) in items.iter().enumerate() {
        for predecessor in &builder.refs.predecessors[item] {
            if let Some(&from) = index.get(predecessor) {
                edges.push(EdgeLook {
                    from,
                    to,
                    critical: critical(item) && critical(*predecessor),
                });
            }
        }
    }
    let pairs: Vec<(usize, usize)> = edges.iter().map(|edge| (edge.from, edge.to)).collect();
    let geometry = layout_graph(&nodes, &pairs, part.bands.len());
    let looks: Vec<NodeLook> = items
        .iter()
        .map(|(item, _)| node_look(builder, &linker, *item))
        .collect();
    let band_names: Vec<String> = part.bands.iter().map(|(name, _)| name.clone()).collect();
    let on_path = items.iter().filter(|(item, _)| critical(*item)).count();
    let description = format!(
        "{} tasks and milestones in {} groups, {} dependencies; {on_path} on the critical path, drawn in bold red with a ◆. The table below lists the same.",
        items.len(),
        part.bands.iter().filter(|(_, items)| !items.is_empty()).count(),
        edges.len()
    );
    let svg = render_graph(
        &geometry,
        &looks,
        &edges,
        &band_names,
        &format!("{} of {}", part.title, builder.title()),
        &description,
    );
    let rows = items
        .iter()
        .zip(&looks)
        .map(|((item, band), look)| NodeRow {
            link: linker.item(*item),
            kind: look.kind,
            band: band_names[*band].clone(),
            dates: look.dates.clone(),
            critical: look.critical,
            depends_on: builder.refs.predecessors[*item]
                .iter()
                .map(|item| linker.item(*item))
                .collect(),
        })
        .collect();
    let trail = match part.output == paths::GRAPH {
        true => Vec::new(),
        false => vec![(
            "Dependency graph".to_string(),
            Some(paths::GRAPH.to_string()),
        )],
    };
    let context = GraphContext {
        layout: PageLayout::new(builder, &part.output, &part.title, paths::GRAPH)
            .with_trail(&trail),
        svg,
        rows,
        overview: !parts.is_empty(),
        parts,
        node_count: items.len(),
    };
    let html = builder.theme.render("graph.html", &context)?;
    Ok(Output::new(part.output.clone(), html))
}
