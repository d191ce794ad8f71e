//! The timeline's rows from the plan: one per task or milestone (or one per
//! group on the overview of a split timeline), the arrows between them, and
//! the two text forms of the same rows: the table view and the list of
//! bars that narrow screens show instead of the chart.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::baseline::BaselineComparison;
use crate::model::{ItemId, ItemKind};

use super::super::baseline::{baseline_span, reference_name};
use super::super::gantt::{BaselineSpan, RowKind, TimelineArrow, TimelineGroup, TimelineRow};
use super::super::headline::{long_date, Standing};
use super::super::views::Linker;
use super::super::SiteBuilder;
use super::GroupLink;
use crate::model::calendar::working_days;

/// A row of the table view.
#[derive(Serialize)]
pub struct RowSummary {
    title: String,
    href: String,
    kind: &'static str,
    start: NaiveDate,
    finish: NaiveDate,
    critical: bool,
    cancelled: bool,
    /// A milestone's forecast against its target, in words.
    standing: Option<String>,
    baseline_finish: Option<NaiveDate>,
    slip: Option<i64>,
}

/// A group of the narrow-screen (and printed) list.
#[derive(Serialize)]
pub struct BarGroup {
    title: String,
    bars: Vec<ListBar>,
}

/// A month's start on the list's scale, `left` in percent.
#[derive(Serialize)]
pub struct ListTick {
    label: String,
    left: String,
}

/// One bar of the narrow-screen list; `left` and `width` are percentages of
/// the chart's span, written with two decimals.
#[derive(Serialize)]
pub struct ListBar {
    title: String,
    href: String,
    kind: &'static str,
    dates: String,
    left: String,
    width: String,
    critical: bool,
    cancelled: bool,
    note: Option<String>,
}

pub fn item_row(
    linker: &Linker<'_>,
    baseline: Option<&BaselineComparison>,
    item: ItemId,
) -> Option<TimelineRow> {
    let record = &linker.plan.items[item];
    let timing = linker.schedule.timing(item)?;
    let compared = baseline.and_then(|comparison| baseline_span(comparison, record));
    let link = linker.item(item);
    let cancelled = record.status == "cancelled";
    let (mut note, mut standing_words) = (None, None);
    let (kind, mut tooltip) = match record.kind {
        ItemKind::Milestone => {
            let standing = Standing::of(timing, &linker.plan.config.calendar);
            let mut tooltip = format!("{}: forecast {}", record.title, timing.finish);
            if let Some(target) = timing.target {
                tooltip.push_str(&format!(", target {target}, {}", standing.words()));
            }
            note = standing.is_late().then(|| standing.words());
            standing_words = timing.target.map(|_| standing.words());
            (RowKind::Milestone, tooltip)
        }
        _ => {
            let mut tooltip = format!(
                "{}: {} to {}, {}, {} of slack",
                record.title,
                timing.start,
                timing.finish,
                working_days(i64::from(timing.duration)),
                working_days(timing.slack)
            );
            if timing.critical {
                tooltip.push_str(", on the critical path");
            }
            (RowKind::Task, tooltip)
        }
    };
    let planned = (timing.planned_start, timing.planned_finish);
    let moved = planned != (timing.start, timing.finish);
    if moved {
        tooltip.push_str(&format!(", planned {} to {}", planned.0, planned.1));
    }
    if cancelled {
        tooltip.push_str(" (cancelled)");
    }
    Some(TimelineRow {
        kind,
        label: record.title.clone(),
        href: link.href.unwrap_or_default(),
        start: timing.start,
        finish: timing.finish,
        planned: moved.then_some(planned),
        progress: record
            .as_task()
            .and_then(|task| task.progress)
            .or_else(|| (record.status == "done").then_some(100)),
        critical: timing.critical,
        cancelled,
        late: timing.late,
        target: timing.target,
        note,
        standing: standing_words,
        tooltip,
        slip: compared.as_ref().and_then(|(_, slip)| *slip),
        baseline: compared.map(|(span, _)| span),
    })
}

pub fn summary_row(
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
        planned: None,
        progress: None,
        critical: false,
        cancelled: false,
        late: 0,
        target: None,
        note: None,
        standing: None,
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

/// Arrows between the rows on the chart; critical when both ends are.
pub fn arrows_between(
    builder: &SiteBuilder<'_>,
    positions: &BTreeMap<ItemId, (usize, usize)>,
) -> Vec<TimelineArrow> {
    let critical = |item: ItemId| {
        builder
            .schedule
            .timing(item)
            .is_some_and(|timing| timing.critical)
    };
    let mut arrows = Vec::new();
    for (&item, &to) in positions {
        for predecessor in builder.refs.predecessors.get(item).into_iter().flatten() {
            if let Some(&from) = positions.get(predecessor) {
                arrows.push(TimelineArrow {
                    from,
                    to,
                    critical: critical(item) && critical(*predecessor),
                });
            }
        }
    }
    arrows
}

fn kind_name(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Task => "task",
        RowKind::Milestone => "milestone",
        RowKind::Summary => "group",
    }
}

pub fn table_rows(groups: &[TimelineGroup]) -> Vec<RowSummary> {
    groups
        .iter()
        .flat_map(|group| &group.rows)
        .map(|row| RowSummary {
            title: row.label.clone(),
            href: row.href.clone(),
            kind: kind_name(row.kind),
            start: row.start,
            finish: row.finish,
            critical: row.critical,
            cancelled: row.cancelled,
            standing: row.standing.clone(),
            baseline_finish: row.baseline.as_ref().map(|span| span.finish),
            slip: row.slip,
        })
        .collect()
}

/// Month starts over `days`, in percent; a label closer than 7 % to the
/// one before is left out.
pub fn bar_ticks(days: (NaiveDate, NaiveDate)) -> Vec<ListTick> {
    let (first, last) = days;
    let span = ((last - first).num_days() + 1).max(1) as f64;
    let mut ticks: Vec<(f64, ListTick)> = Vec::new();
    // The first whole month: a chart starting on 31 Aug names September first.
    let mut month = match first.day() {
        1 => first,
        _ => first
            .with_day(1)
            .and_then(|start| start.checked_add_months(chrono::Months::new(1)))
            .unwrap_or(first),
    };
    while month <= last {
        let left = ((month - first).num_days().max(0) as f64) * 100.0 / span;
        let crowded = ticks.last().is_some_and(|(before, _)| left - before < 7.0);
        if !crowded && left < 95.0 {
            let label = match month.month() {
                1 => month.format("%b %Y"),
                _ if ticks.is_empty() => month.format("%b %Y"),
                _ => month.format("%b"),
            };
            ticks.push((
                left,
                ListTick {
                    label: label.to_string(),
                    left: format!("{left:.2}"),
                },
            ));
        }
        month = match month.checked_add_months(chrono::Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }
    ticks.into_iter().map(|(_, tick)| tick).collect()
}

/// The rows as a list of bars positioned in percent of `days`.
pub fn bar_list(groups: &[TimelineGroup], days: (NaiveDate, NaiveDate)) -> Vec<BarGroup> {
    let (first, last) = days;
    let span = ((last - first).num_days() + 1).max(1) as f64;
    let percent = |from: NaiveDate, days: i64| {
        let left = (from - first).num_days() as f64 * 100.0 / span;
        let width = (days as f64 * 100.0 / span).max(0.8);
        (format!("{left:.2}"), format!("{width:.2}"))
    };
    groups
        .iter()
        .map(|group| BarGroup {
            title: group.title.clone(),
            bars: group
                .rows
                .iter()
                .map(|row| {
                    let (left, width) = percent(row.start, (row.finish - row.start).num_days() + 1);
                    let dates = match row.kind {
                        RowKind::Milestone => long_date(row.finish),
                        _ => format!("{} to {}", long_date(row.start), long_date(row.finish)),
                    };
                    ListBar {
                        title: row.label.clone(),
                        href: row.href.clone(),
                        kind: kind_name(row.kind),
                        dates,
                        left,
                        width,
                        critical: row.critical,
                        cancelled: row.cancelled,
                        note: row.note.clone(),
                    }
                })
                .collect(),
        })
        .collect()
}
