//! The timeline pages: tasks grouped by workstream (or by the milestone they
//! serve), milestones at the end, drawn by [`super::gantt`]. A plan with
//! more tasks than one chart can show legibly gets one page per group and
//! an overview with one summary bar per group.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::baseline::BaselineComparison;
use crate::model::{ItemId, ItemKind};

use super::baseline::{baseline_span, group_baseline, reference_name};
use super::cross_refs::tasks_by_start;
use super::gantt::{
    layout_timeline, render_svg, BaselineSpan, RowKind, TimelineArrow, TimelineGroup, TimelineRow,
};
use super::layout::Layout;
use super::pages::linker;
use super::views::Linker;
use super::{paths, Output, SiteBuilder, SiteError};

/// Above this many tasks, the timeline is split into one page per group.
pub const SPLIT_ABOVE: usize = 300;

struct Group {
    title: String,
    tasks: Vec<ItemId>,
}

#[derive(Serialize)]
struct GroupLink {
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
struct RowSummary {
    title: String,
    href: String,
    kind: &'static str,
    start: NaiveDate,
    finish: NaiveDate,
    critical: bool,
    late: i64,
    baseline_finish: Option<NaiveDate>,
    slip: Option<i64>,
}

#[derive(Serialize)]
struct TimelineContext {
    #[serde(flatten)]
    layout: Layout,
    svg: String,
    grouping: &'static str,
    /// Links to the per-group pages (overview of a split timeline).
    groups: Vec<GroupLink>,
    /// Every row of the chart, for the table view.
    rows: Vec<RowSummary>,
    overview: bool,
    /// The baseline's ref, when bars of a baseline are drawn.
    baseline: Option<String>,
}

pub fn render_timelines(builder: &SiteBuilder<'_>) -> Result<Vec<Output>, SiteError> {
    let (grouping, groups) = task_groups(builder);
    let task_count: usize = groups.iter().map(|group| group.tasks.len()).sum();
    let milestones = milestones_by_date(builder);
    if task_count <= SPLIT_ABOVE {
        let page = render_chart(
            builder,
            paths::TIMELINE,
            "Timeline",
            grouping,
            &groups,
            &milestones,
            Vec::new(),
        )?;
        return Ok(vec![page]);
    }
    // Titles that slug alike ("Billing", "Billing!", "Billing 2") get a
    // number until the file name is free.
    let mut taken: HashSet<String> = HashSet::new();
    let outputs_of_groups: Vec<String> = groups
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
        .collect();
    let rendered: Vec<(Output, GroupLink)> = groups
        .par_iter()
        .zip(outputs_of_groups)
        .map(|(group, output)| render_group(builder, grouping, group, &milestones, output))
        .collect::<Result<_, SiteError>>()?;
    let (mut outputs, links): (Vec<Output>, Vec<GroupLink>) = rendered.into_iter().unzip();
    outputs.push(render_chart(
        builder,
        paths::TIMELINE,
        "Timeline",
        grouping,
        &[],
        &milestones,
        links,
    )?);
    Ok(outputs)
}

fn render_group(
    builder: &SiteBuilder<'_>,
    grouping: &'static str,
    group: &Group,
    milestones: &[ItemId],
    output: String,
) -> Result<(Output, GroupLink), SiteError> {
    {
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
        let title = format!("Timeline: {}", group.title);
        let page = render_chart(
            builder,
            &output,
            &title,
            grouping,
            &single,
            &fed,
            Vec::new(),
        )?;
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
        Ok((page, link))
    }
}

fn render_chart(
    builder: &SiteBuilder<'_>,
    output: &str,
    title: &str,
    grouping: &'static str,
    groups: &[Group],
    milestones: &[ItemId],
    group_links: Vec<GroupLink>,
) -> Result<Output, SiteError> {
    let linker = linker(builder, output);
    let baseline = builder.inputs.baseline.as_ref();
    let mut chart_groups = Vec::new();
    let mut positions: BTreeMap<ItemId, (usize, usize)> = BTreeMap::new();
    let mut place =
        |chart_groups: &mut Vec<TimelineGroup>, title: String, rows: Vec<(ItemId, TimelineRow)>| {
            let group = chart_groups.len();
            for (row, (item, _)) in rows.iter().enumerate() {
                positions.insert(*item, (group, row));
            }
            chart_groups.push(TimelineGroup {
                title,
                rows: rows.into_iter().map(|(_, row)| row).collect(),
            });
        };
    let overview = !group_links.is_empty();
    if overview {
        let rows = group_links
            .iter()
            .filter_map(|link| summary_row(&linker, link, baseline))
            .enumerate()
            .map(|(position, row)| (usize::MAX - position, row))
            .collect();
        place(&mut chart_groups, format!("{grouping}s"), rows);
    }
    for group in groups {
        let rows = group
            .tasks
            .iter()
            .filter_map(|item| item_row(&linker, baseline, *item).map(|row| (*item, row)))
            .collect();
        place(&mut chart_groups, group.title.clone(), rows);
    }
    if !milestones.is_empty() {
        let rows = milestones
            .iter()
            .filter_map(|item| item_row(&linker, baseline, *item).map(|row| (*item, row)))
            .collect();
        place(&mut chart_groups, "Milestones".to_string(), rows);
    }
    let arrows = arrows_between(builder, &positions);
    let geometry = layout_timeline(
        &chart_groups,
        &arrows,
        &builder.plan.config.calendar,
        builder.schedule.today,
    );
    let svg = render_svg(&geometry, &format!("{title} of {}", builder.title()));
    let rows = chart_groups
        .iter()
        .flat_map(|group| &group.rows)
        .map(|row| RowSummary {
            title: row.label.clone(),
            href: row.href.clone(),
            kind: match row.kind {
                RowKind::Task => "task",
                RowKind::Milestone => "milestone",
                RowKind::Summary => "group",
            },
            start: row.start,
            finish: row.finish,
            critical: row.critical,
            late: row.late,
            baseline_finish: row.baseline.as_ref().map(|span| span.finish),
            slip: row.slip,
        })
        .collect();
    let trail = if output == paths::TIMELINE {
        Vec::new()
    } else {
        vec![("Timeline".to_string(), Some(paths::TIMELINE.to_string()))]
    };
    let layout = Layout::new(builder, output, title, paths::TIMELINE).with_trail(&trail);
    let root = layout.root.clone();
    let context = TimelineContext {
        layout,
        svg,
        grouping,
        groups: group_links
            .into_iter()
            .map(|link| GroupLink {
                href: paths::href(&root, &link.href),
                ..link
            })
            .collect(),
        rows,
        overview,
        baseline: baseline.map(|comparison| reference_name(comparison).to_string()),
    };
    let html = builder.theme.render("timeline.html", &context)?;
    Ok(Output::new(output, html))
}

fn item_row(
    linker: &Linker<'_>,
    baseline: Option<&BaselineComparison>,
    item: ItemId,
) -> Option<TimelineRow> {
    let record = &linker.plan.items[item];
    let timing = linker.schedule.timing(item)?;
    let compared = baseline.and_then(|comparison| baseline_span(comparison, record));
    let link = linker.item(item);
    let (kind, tooltip) = match record.kind {
        ItemKind::Milestone => {
            let mut tooltip = format!("{}: reached {}", record.title, timing.finish);
            if let Some(target) = timing.target {
                tooltip.push_str(&format!(", target {target}"));
            }
            if timing.late > 0 {
                tooltip.push_str(&format!(", late by {} working days", timing.late));
            }
            (RowKind::Milestone, tooltip)
        }
        _ => {
            let mut tooltip = format!(
                "{}: {} to {}, {} working days, slack {}",
                record.title, timing.start, timing.finish, timing.duration, timing.slack
            );
            if timing.critical {
                tooltip.push_str(", on the critical path");
            }
            (RowKind::Task, tooltip)
        }
    };
    Some(TimelineRow {
        kind,
        label: record.title.clone(),
        href: link.href.unwrap_or_default(),
        start: timing.start,
        finish: timing.finish,
        progress: record
            .as_task()
            .and_then(|task| task.progress)
            .or_else(|| (record.status == "done").then_some(100)),
        critical: timing.critical,
        late: timing.late,
        target: timing.target,
        tooltip,
        slip: compared.as_ref().and_then(|(_, slip)| *slip),
        baseline: compared.map(|(span, _)| span),
    })
}

fn summary_row(
    linker: &Linker<'_>,
    link: &GroupLink,
    baseline: Option<&BaselineComparison>,
) -> Option<TimelineRow> {
    let (start, finish) = (link.start?, link.finish?);
    Some(TimelineRow {
        kind: RowKind::Summary,
        label: link.title.clone(),
        href: linker.path(&link.href),
        start,
        finish,
        progress: None,
        critical: false,
        late: 0,
        target: None,
        tooltip: format!("{}: {} tasks, {start} to {finish}", link.title, link.tasks),
        slip: None,
        baseline: baseline
            .zip(link.baseline)
            .map(|(comparison, (start, finish))| BaselineSpan {
                start,
                finish,
                tooltip: format!(
                    "{}, baseline {}: {start} to {finish}",
                    link.title,
                    reference_name(comparison)
                ),
            }),
    })
}

fn arrows_between(
    builder: &SiteBuilder<'_>,
    positions: &BTreeMap<ItemId, (usize, usize)>,
) -> Vec<TimelineArrow> {
    let mut arrows = Vec::new();
    for (&item, &to) in positions {
        for predecessor in builder.refs.predecessors.get(item).into_iter().flatten() {
            if let Some(&from) = positions.get(predecessor) {
                let critical = [item, *predecessor].iter().all(|item| {
                    builder
                        .schedule
                        .timing(*item)
                        .is_some_and(|timing| timing.critical)
                });
                arrows.push(TimelineArrow { from, to, critical });
            }
        }
    }
    arrows
}

/// The group a task belongs to (None: the catch-all group).
type GroupKey<'a> = dyn Fn(ItemId) -> Option<String> + 'a;

/// Tasks by workstream when the plan names workstreams, else by the
/// milestone each serves, else all in one group.
fn task_groups(builder: &SiteBuilder<'_>) -> (&'static str, Vec<Group>) {
    let plan = builder.plan;
    let tasks = tasks_by_start(plan, builder.schedule);
    let tasks: Vec<ItemId> = tasks
        .into_iter()
        .filter(|item| builder.schedule.timing(*item).is_some())
        .collect();
    let workstream = |item: ItemId| {
        plan.items[item]
            .as_task()
            .and_then(|task| task.workstream.clone())
    };
    let served = |item: ItemId| {
        builder.refs.dependents[item]
            .iter()
            .find(|next| plan.items[**next].kind == ItemKind::Milestone)
            .map(|milestone| plan.items[*milestone].title.clone())
    };
    let (grouping, key): (&'static str, Box<GroupKey<'_>>) =
        if tasks.iter().any(|item| workstream(*item).is_some()) {
            ("Workstream", Box::new(workstream))
        } else if tasks.iter().any(|item| served(*item).is_some()) {
            ("Milestone", Box::new(served))
        } else {
            ("Group", Box::new(|_| None))
        };
    let mut by_key: BTreeMap<Option<String>, Vec<ItemId>> = BTreeMap::new();
    for item in tasks {
        by_key.entry(key(item)).or_default().push(item);
    }
    let mut groups: Vec<Group> = by_key
        .into_iter()
        .map(|(key, tasks)| Group {
            title: key.unwrap_or_else(|| match grouping {
                "Group" => "Tasks".to_string(),
                _ => format!("No {}", grouping.to_lowercase()),
            }),
            tasks,
        })
        .collect();
    groups.sort_by_key(|group| {
        let first = group
            .tasks
            .first()
            .and_then(|item| builder.schedule.timing(*item))
            .map(|timing| timing.start);
        (first, group.title.clone())
    });
    (grouping, groups)
}

fn milestones_by_date(builder: &SiteBuilder<'_>) -> Vec<ItemId> {
    let plan = builder.plan;
    let mut milestones: Vec<ItemId> = (0..plan.items.len())
        .filter(|item| plan.items[*item].kind == ItemKind::Milestone)
        .filter(|item| builder.schedule.timing(*item).is_some())
        .collect();
    milestones.sort_by_key(|item| {
        (
            builder.schedule.timing(*item).map(|timing| timing.finish),
            plan.items[*item].id.clone(),
        )
    });
    milestones
}
