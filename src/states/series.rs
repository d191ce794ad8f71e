//! The states of the plan at its points in history, as series: one line
//! per milestone (its forecast at each point), one per risk (its score),
//! the burn-up (scope and done), and the open risks per score band.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::changes::CommitChanges;
use super::PlanState;
use crate::model::Calendar;

/// One point: a commit that changed the plan, dated by its committer date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointInfo {
    pub date: NaiveDate,
    /// Full hex id.
    pub commit: String,
    pub short: String,
    pub subject: String,
}

/// A milestone's forecast at one point (an index into [`Trends::points`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestonePoint {
    pub point: usize,
    pub forecast: Option<NaiveDate>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneTrend {
    pub id: String,
    /// As at the newest point that has the milestone.
    pub title: String,
    pub target: Option<NaiveDate>,
    /// Points that have the milestone, oldest first.
    pub points: Vec<MilestonePoint>,
}

impl MilestoneTrend {
    fn forecasts(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.points.iter().filter_map(|point| point.forecast)
    }

    pub fn first_forecast(&self) -> Option<NaiveDate> {
        self.forecasts().next()
    }

    pub fn current_forecast(&self) -> Option<NaiveDate> {
        self.points.last().and_then(|point| point.forecast)
    }

    /// Current minus first forecast in working days of `calendar`
    /// (positive: later).
    pub fn drift(&self, calendar: &Calendar) -> Option<i64> {
        let (first, current) = (self.first_forecast()?, self.current_forecast()?);
        Some(calendar.workdays_between(first, current))
    }

    /// How many times the forecast changed from one point to the next.
    pub fn moves(&self) -> usize {
        let forecasts: Vec<NaiveDate> = self.forecasts().collect();
        forecasts
            .windows(2)
            .filter(|pair| pair[0] != pair[1])
            .count()
    }

    /// The points up to and including the first at which the milestone is
    /// reached: a trend line ends there.
    pub fn until_reached(&self) -> &[MilestonePoint] {
        let end = self
            .points
            .iter()
            .position(|point| point.status == "reached")
            .map_or(self.points.len(), |at| at + 1);
        &self.points[..end]
    }
}

/// A risk's score and status at one point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskPoint {
    pub point: usize,
    pub score: Option<u32>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskTrend {
    pub id: String,
    pub title: String,
    pub points: Vec<RiskPoint>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BurnupPoint {
    pub point: usize,
    pub scope: f64,
    pub done: f64,
}

/// Open (and occurred) risks per score band at one point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub unrated: usize,
}

impl BandCounts {
    pub fn total(&self) -> usize {
        self.high + self.medium + self.low + self.unrated
    }
}

/// The plan's states at its points, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trends {
    pub points: Vec<PointInfo>,
    /// By current forecast, then id.
    pub milestones: Vec<MilestoneTrend>,
    /// By id.
    pub risks: Vec<RiskTrend>,
    pub burnup: Vec<BurnupPoint>,
    /// One per point.
    pub bands: Vec<BandCounts>,
    /// The planned finish at the newest point.
    pub planned_finish: Option<NaiveDate>,
    /// Field-level changes of the latest commits (not only points), by
    /// commit id.
    pub changes: BTreeMap<String, CommitChanges>,
}

impl Trends {
    /// Adds the state at the next (newer) point.
    pub fn push(&mut self, point: PointInfo, state: PlanState) {
        let index = self.points.len();
        self.points.push(point);
        let mut milestones: BTreeMap<String, MilestoneTrend> = std::mem::take(&mut self.milestones)
            .into_iter()
            .map(|trend| (trend.id.clone(), trend))
            .collect();
        for milestone in state.milestones {
            let trend = milestones
                .entry(milestone.id.clone())
                .or_insert_with(|| MilestoneTrend {
                    id: milestone.id.clone(),
                    title: String::new(),
                    target: None,
                    points: Vec::new(),
                });
            trend.title = milestone.title;
            trend.target = milestone.target;
            trend.points.push(MilestonePoint {
                point: index,
                forecast: milestone.forecast,
                status: milestone.status,
            });
        }
        self.milestones = milestones.into_values().collect();
        let mut bands = BandCounts::default();
        let mut risks: BTreeMap<String, RiskTrend> = std::mem::take(&mut self.risks)
            .into_iter()
            .map(|trend| (trend.id.clone(), trend))
            .collect();
        for risk in state.risks {
            if risk.status != "closed" {
                match risk.band {
                    "high" => bands.high += 1,
                    "medium" => bands.medium += 1,
                    "low" => bands.low += 1,
                    _ => bands.unrated += 1,
                }
            }
            let trend = risks.entry(risk.id.clone()).or_insert_with(|| RiskTrend {
                id: risk.id.clone(),
                title: String::new(),
                points: Vec::new(),
            });
            trend.title = risk.title;
            trend.points.push(RiskPoint {
                point: index,
                score: risk.score,
                status: risk.status,
            });
        }
        self.risks = risks.into_values().collect();
        self.bands.push(bands);
        self.burnup.push(BurnupPoint {
            point: index,
            scope: state.scope,
            done: state.done,
        });
        self.planned_finish = state.planned_finish;
    }

    /// Drops every point from `count` on (the thinning moved them).
    pub fn truncate(&mut self, count: usize) {
        self.points.truncate(count);
        for trend in &mut self.milestones {
            trend.points.retain(|point| point.point < count);
        }
        self.milestones.retain(|trend| !trend.points.is_empty());
        for trend in &mut self.risks {
            trend.points.retain(|point| point.point < count);
        }
        self.risks.retain(|trend| !trend.points.is_empty());
        self.burnup.retain(|point| point.point < count);
        self.bands.truncate(count);
    }

    /// Sorts milestones by their current forecast (unscheduled last), then id.
    pub fn finish(&mut self) {
        self.milestones.sort_by(|a, b| {
            let key = |trend: &MilestoneTrend| {
                (trend.current_forecast().is_none(), trend.current_forecast())
            };
            key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
        });
    }

    /// Only the points on or after `date` (their indices stay valid).
    pub fn since(mut self, date: NaiveDate) -> Trends {
        let first = self.points.partition_point(|point| point.date < date);
        for trend in &mut self.milestones {
            trend.points.retain(|point| point.point >= first);
        }
        self.milestones.retain(|trend| !trend.points.is_empty());
        for trend in &mut self.risks {
            trend.points.retain(|point| point.point >= first);
        }
        self.risks.retain(|trend| !trend.points.is_empty());
        self.burnup.retain(|point| point.point >= first);
        for counts in self.bands.iter_mut().take(first) {
            *counts = BandCounts::default();
        }
        self
    }

    pub fn milestone(&self, id: &str) -> Option<&MilestoneTrend> {
        self.milestones.iter().find(|trend| trend.id == id)
    }

    pub fn risk(&self, id: &str) -> Option<&RiskTrend> {
        self.risks
            .binary_search_by(|trend| trend.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.risks[index])
    }

    /// The first point still in the series (after [`Trends::since`]).
    pub fn first_point(&self) -> usize {
        self.burnup
            .first()
            .map_or(self.points.len(), |point| point.point)
    }
}
