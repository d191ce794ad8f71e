//! The baseline on the site: each task's and milestone's slip on its card
//! and baseline bar on the timeline, and the "Changes since baseline" page. Reads the [`BaselineComparison`]
//! already computed (and sorted biggest first); it never reads git.

use chrono::NaiveDate;
use serde::Serialize;

use crate::baseline::BaselineComparison;
use crate::model::calendar::signed_working_days;
use crate::model::{Item, ItemId, ItemKind};

use super::gantt::BaselineSpan;
use super::layout::Layout;
use super::pages::linker;
use super::views::Link;
use super::{paths, Output, SiteBuilder, SiteError};

/// The name a comparison goes by on the site: its git ref.
pub fn reference_name(comparison: &BaselineComparison) -> &str {
    comparison.reference.as_deref().unwrap_or("the baseline")
}

fn reference(comparison: &BaselineComparison) -> String {
    reference_name(comparison).to_string()
}

/// Where the baseline had a task or milestone (for its timeline row), and
/// its slip; None when the baseline did not schedule it.
pub fn baseline_span(
    comparison: &BaselineComparison,
    record: &Item,
) -> Option<(BaselineSpan, Option<i64>)> {
    let compared = comparison.item(&record.id)?;
    let bar = compared.baseline?;
    let reference = reference_name(comparison);
    let mut tooltip = match record.kind {
        ItemKind::Milestone => format!("{}, baseline {reference}: {}", record.title, bar.finish),
        _ => format!(
            "{}, baseline {reference}: {} to {}",
            record.title, bar.start, bar.finish
        ),
    };
    if let Some(slip) = compared.slip {
        tooltip.push_str(&format!(", slip {}", signed_working_days(slip)));
    }
    let span = BaselineSpan {
        start: bar.start,
        finish: bar.finish,
        tooltip,
    };
    Some((span, compared.slip))
}

/// The span of a group of tasks at the baseline (a summary row's).
pub fn group_baseline(
    builder: &SiteBuilder<'_>,
    tasks: &[ItemId],
) -> Option<(NaiveDate, NaiveDate)> {
    let comparison = builder.inputs.baseline.as_ref()?;
    let bars = tasks.iter().filter_map(|item| {
        comparison
            .item(&builder.plan.items[*item].id)
            .and_then(|compared| compared.baseline)
    });
    let start = bars.clone().map(|bar| bar.start).min()?;
    let finish = bars.map(|bar| bar.finish).max()?;
    Some((start, finish))
}

/// A task's or milestone's slip, as its card shows it.
#[derive(Debug, Serialize)]
pub struct SlipView {
    pub reference: String,
    /// Working days later than the baseline (negative: earlier); None when
    /// the item is not scheduled in both.
    pub days: Option<i64>,
    /// False for an item added since the baseline.
    pub in_baseline: bool,
}

/// The slip of item `id` of `kind`; None without a baseline, and for
/// kinds that have no dates.
pub fn slip_view(builder: &SiteBuilder<'_>, id: &str, kind: ItemKind) -> Option<SlipView> {
    let comparison = builder.inputs.baseline.as_ref()?;
    if kind != ItemKind::Task && kind != ItemKind::Milestone {
        return None;
    }
    let item = comparison.item(id);
    Some(SlipView {
        reference: reference(comparison),
        days: item.and_then(|item| item.slip),
        in_baseline: item.is_some_and(|item| item.baseline.is_some()),
    })
}

#[derive(Serialize)]
struct DateSlipView {
    link: Link,
    kind: &'static str,
    baseline_finish: NaiveDate,
    current_finish: NaiveDate,
    slip: i64,
}

#[derive(Serialize)]
struct ItemRefView {
    link: Link,
    kind: &'static str,
}

#[derive(Serialize)]
struct OwnerChangeView {
    link: Link,
    kind: &'static str,
    baseline: Option<Link>,
    current: Option<Link>,
}

#[derive(Serialize)]
struct RiskChangeView {
    link: Link,
    baseline: Option<u32>,
    current: Option<u32>,
    change: i64,
}

#[derive(Serialize)]
struct BaselineContext {
    #[serde(flatten)]
    layout: Layout,
    reference: String,
    baseline_finish: Option<NaiveDate>,
    current_finish: Option<NaiveDate>,
    finish_slip: Option<i64>,
    date_slips: Vec<DateSlipView>,
    added: Vec<ItemRefView>,
    removed: Vec<ItemRefView>,
    owner_changes: Vec<OwnerChangeView>,
    risk_changes: Vec<RiskChangeView>,
}

/// The "Changes since baseline" page, when the build has a baseline.
pub fn render_baseline_changes(builder: &SiteBuilder<'_>) -> Result<Option<Output>, SiteError> {
    let Some(comparison) = &builder.inputs.baseline else {
        return Ok(None);
    };
    let output = paths::BASELINE_CHANGES;
    let linker = linker(builder, output);
    let reference = reference(comparison);
    let title = format!("Changes since {reference}");
    let layout = Layout::new(builder, output, &title, output).with_trail(&[]);
    let removed_link = |id: &str, title: &str| Link {
        id: id.to_string(),
        title: title.to_string(),
        href: None,
    };
    let context = BaselineContext {
        layout,
        reference,
        baseline_finish: comparison.baseline_finish,
        current_finish: comparison.current_finish,
        finish_slip: comparison.finish_slip,
        date_slips: comparison
            .date_slips
            .iter()
            .map(|slip| DateSlipView {
                link: linker.id(&slip.id),
                kind: slip.kind,
                baseline_finish: slip.baseline_finish,
                current_finish: slip.current_finish,
                slip: slip.slip,
            })
            .collect(),
        added: comparison
            .added
            .iter()
            .map(|item| ItemRefView {
                link: linker.id(&item.id),
                kind: item.kind,
            })
            .collect(),
        // A removed item has no page on this site: its title, unlinked.
        removed: comparison
            .removed
            .iter()
            .map(|item| ItemRefView {
                link: removed_link(&item.id, &item.title),
                kind: item.kind,
            })
            .collect(),
        owner_changes: comparison
            .owner_changes
            .iter()
            .map(|change| OwnerChangeView {
                link: linker.id(&change.id),
                kind: change.kind,
                baseline: change.baseline.as_deref().map(|owner| linker.id(owner)),
                current: change.current.as_deref().map(|owner| linker.id(owner)),
            })
            .collect(),
        risk_changes: comparison
            .risk_changes
            .iter()
            .map(|change| RiskChangeView {
                link: linker.id(&change.id),
                baseline: change.baseline,
                current: change.current,
                change: change.change,
            })
            .collect(),
    };
    let html = builder.theme.render("baseline.html", &context)?;
    Ok(Some(Output::new(output, html)))
}
