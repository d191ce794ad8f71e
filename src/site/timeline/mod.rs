//! The timeline pages: tasks grouped by workstream (or by the milestone they
//! serve), milestones at the end, drawn by [`super::gantt`]. Each chart is
//! written at the zoom that fits a 1,400 px screen, and at the other zooms
//! beside it (`timeline.weeks.html`), linked from a zoom control: plain
//! links, no script. A plan with more tasks than one chart can show
//! legibly gets one page per group and an overview with one summary bar
//! per group.

pub(super) mod groups;
mod rows;

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::model::ItemId;

use super::baseline::{group_baseline, reference_name};
use super::gantt::{
    chart_days, layout_timeline, render_chart, TimelineArrow, TimelineGroup, TimelineRow, Zoom,
};
use super::layout::Layout;
use super::pages::linker;
use super::views::Linker;
use super::{paths, Output, SiteBuilder, SiteError};
use groups::{milestones_by_date, task_groups, Group};
use rows::{
    arrows_between, bar_list, bar_ticks, item_row, summary_row, table_rows, BarGroup, ListTick,
    RowSummary,
};

/// Above this many tasks, the timeline is split into one page per group.
pub const SPLIT_ABOVE: usize = 300;
/// A zoom wider than this is not written (besides the one that fits): a
/// plan spanning centuries gets no day-by-day weeks chart. Nor is one of a
/// chart of more than [`SPLIT_ABOVE`] rows (a group too big to split): a
/// second and third copy of a huge page help nobody.
const MAX_CHART_WIDTH: i64 = 60_000;

#[derive(Serialize)]
pub struct GroupLink {
    title: String,
    href: String,
    tasks: usize,
    start: Option<NaiveDate>,
    finish: Option<NaiveDate>,
    /// The group's span at the baseline, for its summary row.
    #[serde(skip)]
    baseline: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Serialize)]
struct ZoomLink {
    title: &'static str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct TimelineContext<'a> {
    #[serde(flatten)]
    layout: Layout,
    labels_svg: String,
    chart_svg: String,
    zoom: &'static str,
    zooms: Vec<ZoomLink>,
    grouping: &'static str,
    /// Links to the per-group pages (overview of a split timeline).
    groups: &'a [GroupLink],
    /// Every row of the chart, for the table view.
    rows: &'a [RowSummary],
    /// The same rows as bars in a list, for narrow screens and print.
    bar_list: &'a [BarGroup],
    bar_ticks: &'a [ListTick],
    /// Arrows the chart hides until asked (not on the critical path).
    other_arrows: usize,
    overview: bool,
    /// The baseline's ref, when bars of a baseline are drawn.
    baseline: Option<String>,
}

/// One chart page to write (at every zoom).
struct ChartPage<'g> {
    output: String,
    title: String,
    groups: &'g [Group],
    milestones: &'g [ItemId],
    /// Summary rows for the per-group pages (overview of a split timeline).
    group_links: Vec<GroupLink>,
    /// False for the group pages of a split timeline: a large plan's pages
    /// are written at the zoom that fits only (three copies of hundreds of
    /// charts cost more build time than they help).
    every_zoom: bool,
}

pub fn render_timelines(builder: &SiteBuilder<'_>) -> Result<Vec<Output>, SiteError> {
    let (grouping, groups) = task_groups(builder);
    let task_count: usize = groups.iter().map(|group| group.tasks.len()).sum();
    let milestones = milestones_by_date(builder);
    let whole = |groups, group_links| ChartPage {
        output: paths::TIMELINE.to_string(),
        title: "Timeline".to_string(),
        groups,
        milestones: &milestones,
        group_links,
        every_zoom: true,
    };
    if task_count <= SPLIT_ABOVE {
        return render_chart_page(builder, grouping, whole(&groups, Vec::new()));
    }
    let rendered: Vec<(Vec<Output>, GroupLink)> = groups
        .par_iter()
        .zip(group_outputs(&groups))
        .map(|(group, output)| render_group(builder, grouping, group, &milestones, output))
        .collect::<Result<_, SiteError>>()?;
    let (pages, links): (Vec<Vec<Output>>, Vec<GroupLink>) = rendered.into_iter().unzip();
    let mut outputs: Vec<Output> = pages.into_iter().flatten().collect();
    outputs.extend(render_chart_page(builder, grouping, whole(&[], links))?);
    Ok(outputs)
}

/// `timeline/<slug>.html` per group. Titles that slug alike ("Billing",
/// "Billing!", "Billing 2") get a number until the file name is free.
fn group_outputs(groups: &[Group]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    groups
        .iter()
        .map(|group| {
            let base = paths::id_file_stem(&crate::parse::markdown::slugify(&group.title));
            let mut stem = base.clone();
            let mut number = 1;
            while !taken.insert(stem.clone()) {
                number += 1;
                stem = format!("{base}-{number}");
            }
            format!("timeline/{stem}.html")
        })
        .collect()
}

fn render_group(
    builder: &SiteBuilder<'_>,
    grouping: &'static str,
    group: &Group,
    milestones: &[ItemId],
    output: String,
) -> Result<(Vec<Output>, GroupLink), SiteError> {
    let fed: Vec<ItemId> = milestones
        .iter()
        .copied()
        .filter(|milestone| {
            builder.refs.predecessors[*milestone]
                .iter()
                .any(|item| group.tasks.contains(item))
        })
        .collect();
    let single = [Group {
        title: group.title.clone(),
        tasks: group.tasks.clone(),
    }];
    let page = ChartPage {
        output: output.clone(),
        title: format!("Timeline: {}", group.title),
        groups: &single,
        milestones: &fed,
        group_links: Vec::new(),
        every_zoom: false,
    };
    let pages = render_chart_page(builder, grouping, page)?;
    let timings = group
        .tasks
        .iter()
        .filter_map(|item| builder.schedule.timing(*item));
    let link = GroupLink {
        title: group.title.clone(),
        href: output,
        tasks: group.tasks.len(),
        start: timings.clone().map(|timing| timing.start).min(),
        finish: timings.map(|timing| timing.finish).max(),
        baseline: group_baseline(builder, &group.tasks),
    };
    Ok((pages, link))
}

/// `timeline.html` at `zoom` -> `timeline.weeks.html`. Slugs never hold a
/// dot, so no group's page can take the name.
fn zoom_output(output: &str, zoom: Zoom) -> String {
    let stem = output.strip_suffix(".html").unwrap_or(output);
    format!("{stem}.{}.html", zoom.name())
}

/// The chart's groups of rows, and where each item's row is.
fn chart_groups(
    linker: &Linker<'_>,
    builder: &SiteBuilder<'_>,
    grouping: &str,
    page: &ChartPage<'_>,
) -> (Vec<TimelineGroup>, BTreeMap<ItemId, (usize, usize)>) {
    let baseline = builder.inputs.baseline.as_ref();
    let mut chart_groups = Vec::new();
    let mut positions: BTreeMap<ItemId, (usize, usize)> = BTreeMap::new();
    let mut place = |title: String, rows: Vec<(Option<ItemId>, TimelineRow)>| {
        let group = chart_groups.len();
        for (row, (item, _)) in rows.iter().enumerate() {
            if let Some(item) = item {
                positions.insert(*item, (group, row));
            }
        }
        chart_groups.push(TimelineGroup {
            title,
            rows: rows.into_iter().map(|(_, row)| row).collect(),
        });
    };
    let item_rows = |items: &[ItemId]| -> Vec<(Option<ItemId>, TimelineRow)> {
        items
            .iter()
            .filter_map(|item| item_row(linker, baseline, *item).map(|row| (Some(*item), row)))
            .collect()
    };
    if !page.group_links.is_empty() {
        let rows = page
            .group_links
            .iter()
            .filter_map(|link| summary_row(linker, link, baseline))
            .map(|row| (None, row))
            .collect();
        // The overview's summary group is named after the grouping ("Workstreams").
        place(format!("{grouping}s"), rows);
    }
    for group in page.groups {
        place(group.title.clone(), item_rows(&group.tasks));
    }
    if !page.milestones.is_empty() {
        place("Milestones".to_string(), item_rows(page.milestones));
    }
    (chart_groups, positions)
}

/// What every zoom of one chart page shares.
struct ChartData<'a> {
    page: ChartPage<'a>,
    grouping: &'static str,
    chart_groups: Vec<TimelineGroup>,
    arrows: Vec<TimelineArrow>,
    rows: Vec<RowSummary>,
    bars: Vec<BarGroup>,
    ticks: Vec<ListTick>,
    group_links: Vec<GroupLink>,
    /// The zoom that fits: written at the page's own path.
    fitted: Zoom,
    /// The zooms written, the fitted one among them.
    zooms: Vec<Zoom>,
}

impl ChartData<'_> {
    /// Where the page at `zoom` is written.
    fn output(&self, zoom: Zoom) -> String {
        match zoom == self.fitted {
            true => self.page.output.clone(),
            false => zoom_output(&self.page.output, zoom),
        }
    }
}

fn render_chart_page(
    builder: &SiteBuilder<'_>,
    grouping: &'static str,
    page: ChartPage<'_>,
) -> Result<Vec<Output>, SiteError> {
    let linker = linker(builder, &page.output);
    let (chart_groups, positions) = chart_groups(&linker, builder, grouping, &page);
    let days = chart_days(&chart_groups, builder.schedule.today);
    let span = (days.1 - days.0).num_days() + 1;
    let fitted = Zoom::fit(span);
    let row_count: usize = chart_groups.iter().map(|group| group.rows.len()).sum();
    let group_links = page
        .group_links
        .iter()
        .map(|link| GroupLink {
            href: linker.path(&link.href),
            title: link.title.clone(),
            ..*link
        })
        .collect();
    let data = ChartData {
        arrows: arrows_between(builder, &positions),
        rows: table_rows(&chart_groups),
        bars: bar_list(&chart_groups, days),
        ticks: bar_ticks(days),
        fitted,
        zooms: Zoom::ALL
            .into_iter()
            .filter(|zoom| {
                *zoom == fitted
                    || (page.every_zoom
                        && span * zoom.day_width() <= MAX_CHART_WIDTH
                        && row_count <= SPLIT_ABOVE)
            })
            .collect(),
        group_links,
        chart_groups,
        grouping,
        page,
    };
    data.zooms
        .iter()
        .map(|zoom| render_zoom(builder, &data, *zoom))
        .collect()
}

/// The chart page at one zoom, with the links to the others.
fn render_zoom(
    builder: &SiteBuilder<'_>,
    data: &ChartData<'_>,
    zoom: Zoom,
) -> Result<Output, SiteError> {
    let output = data.output(zoom);
    let geometry = layout_timeline(
        &data.chart_groups,
        &data.arrows,
        &builder.plan.config.calendar,
        builder.schedule.today,
        Some(zoom),
    );
    let svg = render_chart(
        &geometry,
        &format!("{} of {}", data.page.title, builder.title()),
    );
    let zooms = data
        .zooms
        .iter()
        .map(|&other| ZoomLink {
            title: other.title(),
            href: file_name(&data.output(other)),
            current: other == zoom,
        })
        .collect();
    let trail = match data.page.output == paths::TIMELINE {
        true => Vec::new(),
        false => vec![("Timeline".to_string(), Some(paths::TIMELINE.to_string()))],
    };
    let context = TimelineContext {
        layout: Layout::new(builder, &output, &data.page.title, paths::TIMELINE).with_trail(&trail),
        labels_svg: svg.labels,
        chart_svg: svg.chart,
        zoom: zoom.name(),
        zooms,
        grouping: data.grouping,
        groups: &data.group_links,
        rows: &data.rows,
        bar_list: &data.bars,
        bar_ticks: &data.ticks,
        other_arrows: data.arrows.iter().filter(|arrow| !arrow.critical).count(),
        overview: !data.group_links.is_empty(),
        baseline: builder
            .inputs
            .baseline
            .as_ref()
            .map(|comparison| reference_name(comparison).to_string()),
    };
    let html = builder.theme.render("timeline.html", &context)?;
    Ok(Output::new(output, html))
}

/// The last part of a site path: zoom links stay in the page's own folder.
fn file_name(output: &str) -> String {
    let name = output.rsplit('/').next().unwrap_or(output);
    paths::encode_href(name)
}
