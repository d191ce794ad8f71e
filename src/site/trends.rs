//! The trends page (`trends.html`) and the history charts of milestone and
//! risk pages, from the plan's states over time that the build hands in
//! ([`SiteInputs::trends`](super::SiteInputs)). Written only when there
//! are trends; computes nothing about history itself.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Calendar, ItemKind};
use crate::states::{MilestoneTrend, Trends};

use super::charts::bands::{layout_bands, render_bands};
use super::charts::burnup::{layout_burnup, project, render_burnup, BurnupSample, Projection};
use super::charts::item_history::{forecast_history_svg, score_history_svg};
use super::charts::measures::{measure_svg, MeasureSeries};
use super::charts::mta::{layout_mta, render_mta, MtaSeries};
use super::layout::Layout;
use super::pages::linker;
use super::views::Link;
use super::{paths, Output, SiteBuilder, SiteError};

/// Milestones drawn in the chart (the table lists them all): more lines
/// than this cannot be told apart.
pub const CHARTED_MILESTONES: usize = 12;

#[derive(Serialize)]
struct MilestoneRow {
    link: Link,
    target: Option<NaiveDate>,
    first: Option<NaiveDate>,
    current: Option<NaiveDate>,
    drift: Option<i64>,
    moves: usize,
    reached: bool,
    charted: bool,
}

#[derive(Serialize)]
struct DataRow {
    date: NaiveDate,
    commit: String,
    short: String,
    values: Vec<String>,
}

#[derive(Serialize)]
struct ProjectionView {
    per_week: f64,
    until: NaiveDate,
    done_then: f64,
    completes: Option<NaiveDate>,
    /// The line runs to the day the scope would be done (`until`).
    to_completion: bool,
    /// The planned finish, when it has passed.
    overdue: Option<NaiveDate>,
}

/// One objective's measure on the trends page.
#[derive(Serialize)]
struct MeasureView {
    title: String,
    text: Option<String>,
    /// "at least 99.5 %", "at most 40".
    target: String,
    svg: Option<String>,
    readings: Vec<(NaiveDate, String, String)>,
    milestone: Option<Link>,
    forecast: Option<NaiveDate>,
    met: bool,
}

#[derive(Serialize)]
struct TrendsContext {
    #[serde(flatten)]
    layout: Layout,
    points: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    mta_svg: Option<String>,
    /// Whether the chart shows the diagonal (forecast = report date).
    diagonal: bool,
    milestones: Vec<MilestoneRow>,
    charted: Vec<String>,
    mta_rows: Vec<DataRow>,
    burnup_svg: Option<String>,
    burnup_rows: Vec<DataRow>,
    projection: Option<ProjectionView>,
    /// Everything in today's scope is done (nothing to project).
    scope_done: bool,
    bands_svg: Option<String>,
    band_rows: Vec<DataRow>,
    measures: Vec<MeasureView>,
}

/// A milestone's line in the chart: its points until it is reached.
fn mta_series(trend: &MilestoneTrend, trends: &Trends) -> MtaSeries {
    let points = trend.until_reached();
    MtaSeries {
        id: trend.id.clone(),
        title: trend.title.clone(),
        target: trend.target,
        points: points
            .iter()
            .filter_map(|point| Some((trends.points[point.point].date, point.forecast?)))
            .collect(),
        reached: points.last().is_some_and(|point| point.status == "reached"),
    }
}

fn burnup_samples(trends: &Trends) -> Vec<BurnupSample> {
    trends
        .burnup
        .iter()
        .map(|point| BurnupSample {
            date: trends.points[point.point].date,
            scope: point.scope,
            done: point.done,
        })
        .collect()
}

fn data_row(trends: &Trends, point: usize, values: Vec<String>) -> DataRow {
    let info = &trends.points[point];
    DataRow {
        date: info.date,
        commit: info.commit.clone(),
        short: info.short.clone(),
        values,
    }
}

fn days(value: f64) -> String {
    format!("{:.1}", (value * 10.0).round() / 10.0)
}

/// The trends page; None when the build has no trends.
pub fn render_trends(builder: &SiteBuilder<'_>) -> Result<Option<Output>, SiteError> {
    let Some(trends) = builder
        .inputs
        .trends
        .as_ref()
        .filter(|trends| !trends.points.is_empty())
    else {
        return Ok(None);
    };
    let output = paths::TRENDS;
    let linker = linker(builder, output);
    let calendar: &Calendar = &builder.plan.config.calendar;
    let charted: Vec<&MilestoneTrend> = trends
        .milestones
        .iter()
        .filter(|trend| !mta_series(trend, trends).points.is_empty())
        .take(CHARTED_MILESTONES)
        .collect();
    let series: Vec<MtaSeries> = charted
        .iter()
        .map(|trend| mta_series(trend, trends))
        .collect();
    let mta_layout = layout_mta(series);
    // Forecasts months ahead of every report date leave the diagonal out
    // of the chart's range: the text then says where it is.
    let diagonal = mta_layout
        .as_ref()
        .is_some_and(|layout| layout.diagonal.is_some());
    let mta_svg = mta_layout.map(|layout| {
        render_mta(
            &layout,
            "Milestone trend analysis: forecast at each report date",
        )
    });
    let milestones = trends
        .milestones
        .iter()
        .map(|trend| MilestoneRow {
            link: linker.id(&trend.id),
            target: trend.target,
            first: trend.first_forecast(),
            current: trend.current_forecast(),
            drift: trend.drift(calendar),
            moves: trend.moves(),
            reached: trend
                .points
                .last()
                .is_some_and(|point| point.status == "reached"),
            charted: charted.iter().any(|charted| charted.id == trend.id),
        })
        .collect();
    let mta_rows = (trends.first_point()..trends.points.len())
        .map(|point| {
            let values = charted
                .iter()
                .map(|trend| {
                    trend
                        .points
                        .iter()
                        .find(|entry| entry.point == point)
                        .and_then(|entry| entry.forecast)
                        .map_or(String::new(), |date| date.to_string())
                })
                .collect();
            data_row(trends, point, values)
        })
        .collect();
    let samples = burnup_samples(trends);
    let projection: Option<Projection> = project(&samples, trends.planned_finish);
    let burnup_svg = layout_burnup(&samples, projection.as_ref())
        .map(|layout| render_burnup(&layout, &samples, "Burn-up: scope and work done"));
    let burnup_rows = trends
        .burnup
        .iter()
        .map(|point| {
            data_row(
                trends,
                point.point,
                vec![days(point.scope), days(point.done)],
            )
        })
        .collect();
    let band_points: Vec<_> = (trends.first_point()..trends.points.len())
        .map(|point| (trends.points[point].date, trends.bands[point]))
        .collect();
    let bands_svg = layout_bands(&band_points)
        .map(|layout| render_bands(&layout, "Open risks by score band at each report date"));
    let band_rows = (trends.first_point()..trends.points.len())
        .map(|point| {
            let counts = trends.bands[point];
            let values = [counts.high, counts.medium, counts.low, counts.unrated]
                .iter()
                .map(|count| count.to_string())
                .collect();
            data_row(trends, point, values)
        })
        .collect();
    let shown = &trends.points[trends.first_point().min(trends.points.len())..];
    let layout = Layout::new(builder, output, "Trends", output).with_trail(&[]);
    let context = TrendsContext {
        layout,
        points: shown.len(),
        first: shown.first().map(|point| point.date),
        last: shown.last().map(|point| point.date),
        mta_svg,
        diagonal,
        milestones,
        charted: charted.iter().map(|trend| trend.id.clone()).collect(),
        mta_rows,
        burnup_svg,
        burnup_rows,
        projection: projection.map(|projection| ProjectionView {
            per_week: (projection.rate * 70.0).round() / 10.0,
            until: projection.until,
            done_then: (projection.done_then * 10.0).round() / 10.0,
            completes: projection.completes,
            to_completion: projection.to_completion,
            overdue: trends.planned_finish.filter(|_| projection.to_completion),
        }),
        scope_done: samples
            .last()
            .is_some_and(|last| last.scope > 0.0 && last.done >= last.scope),
        bands_svg,
        band_rows,
        measures: measure_views(builder, &linker),
    };
    let html = builder.theme.render("trends.html", &context)?;
    Ok(Some(Output::new(output, html)))
}

/// A milestone's or risk's history on its card.
#[derive(Debug, Serialize)]
pub struct ItemTrendView {
    pub svg: Option<String>,
    /// What the chart shows, point by point: (date, short commit, value).
    pub rows: Vec<(NaiveDate, String, String)>,
    /// "forecast" or "score".
    pub measure: &'static str,
}

/// The history chart of the item `id`, when the build has trends for it.
pub fn item_trend(builder: &SiteBuilder<'_>, id: &str, kind: ItemKind) -> Option<ItemTrendView> {
    let trends = builder.inputs.trends.as_ref()?;
    let date = |point: usize| trends.points[point].date;
    let short = |point: usize| trends.points[point].short.clone();
    match kind {
        ItemKind::Milestone => {
            let trend = trends.milestone(id)?;
            let points: Vec<(NaiveDate, NaiveDate)> = trend
                .points
                .iter()
                .filter_map(|point| Some((date(point.point), point.forecast?)))
                .collect();
            Some(ItemTrendView {
                svg: forecast_history_svg(id, &points, trend.target),
                rows: trend
                    .points
                    .iter()
                    .map(|point| {
                        let value = point
                            .forecast
                            .map_or("not scheduled".into(), |d| d.to_string());
                        (date(point.point), short(point.point), value)
                    })
                    .collect(),
                measure: "forecast",
            })
        }
        ItemKind::Risk => {
            let trend = trends.risk(id)?;
            let scale = u32::from(builder.plan.config.risk_scale);
            let points: Vec<(NaiveDate, Option<u32>)> = trend
                .points
                .iter()
                .map(|point| (date(point.point), point.score))
                .collect();
            Some(ItemTrendView {
                svg: score_history_svg(
                    id,
                    &points,
                    scale * scale,
                    builder.plan.config.contingency_threshold,
                ),
                rows: trend
                    .points
                    .iter()
                    .map(|point| {
                        let value = point
                            .score
                            .map_or("unrated".into(), |score| score.to_string());
                        (
                            date(point.point),
                            short(point.point),
                            format!("{value} ({})", point.status),
                        )
                    })
                    .collect(),
                measure: "score",
            })
        }
        _ => None,
    }
}

/// Every objective whose measure has a target, with its readings charted.
fn measure_views(builder: &SiteBuilder<'_>, linker: &super::views::Linker<'_>) -> Vec<MeasureView> {
    let plan = builder.plan;
    plan.measures()
        .into_iter()
        .enumerate()
        .filter_map(|(index, measure)| {
            let target = measure.target.clone()?;
            let objective = &measure.objective;
            let unit = target.unit.clone().unwrap_or_default();
            let forecast = objective.milestone.as_ref().and_then(|milestone| {
                let item = *plan.ids.get(&milestone.value)?;
                builder.schedule.timing(item).map(|timing| timing.finish)
            });
            let series = MeasureSeries {
                key: format!("{}", index + 1),
                title: objective.title.clone(),
                unit: unit.clone(),
                target: target.value,
                readings: measure.readings.iter().map(|r| (r.date, r.value)).collect(),
                milestone: objective
                    .milestone
                    .as_ref()
                    .zip(forecast)
                    .map(|(milestone, date)| (milestone.value.clone(), date)),
            };
            let direction = match target.better {
                crate::model::Better::Higher => "at least",
                crate::model::Better::Lower => "at most",
            };
            Some(MeasureView {
                title: objective.title.clone(),
                text: objective.measure.clone(),
                target: format!("{direction} {}{unit}", target.value),
                svg: measure_svg(&series),
                readings: measure
                    .readings
                    .iter()
                    .map(|reading| {
                        (
                            reading.date,
                            format!("{}{unit}", reading.value),
                            reading.note.clone().unwrap_or_default(),
                        )
                    })
                    .collect(),
                milestone: objective
                    .milestone
                    .as_ref()
                    .map(|milestone| linker.id(&milestone.value)),
                forecast,
                met: measure.is_met() == Some(true),
            })
        })
        .collect()
}
