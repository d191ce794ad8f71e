//! Objectives' measures with everything written about them: the target
//! and readings in the overview, and readings kept on pages of their own
//! (`measure: { objective: id, ... }`), merged by the objective's id.

use super::items::{MeasureTarget, Objective, Reading};
use super::{Plan, Span};

/// One objective's measure as the whole plan tells it.
#[derive(Debug, Clone)]
pub struct TrackedMeasure {
    pub objective: Objective,
    /// The overview's target, else the first measure page's.
    pub target: Option<MeasureTarget>,
    /// Every reading, by date.
    pub readings: Vec<Reading>,
}

impl TrackedMeasure {
    /// A reading at or past the target, when there is a target.
    pub fn is_met(&self) -> Option<bool> {
        let target = self.target.as_ref()?;
        Some(
            self.readings
                .iter()
                .any(|reading| target.is_met_by(reading.value)),
        )
    }
}

impl Plan {
    /// Every objective of the overview with its measure's target and
    /// readings, in the overview's order.
    pub fn measures(&self) -> Vec<TrackedMeasure> {
        let Some(overview) = self.overview().and_then(|item| item.as_overview()) else {
            return Vec::new();
        };
        overview
            .objectives
            .iter()
            .map(|objective| {
                let pages: Vec<_> = self
                    .pages
                    .iter()
                    .filter_map(|page| page.measure.as_ref())
                    .filter(|measure| Some(&measure.objective.value) == objective.id.as_ref())
                    .collect();
                let mut readings = objective.readings.clone();
                readings.extend(pages.iter().flat_map(|page| page.readings.iter().cloned()));
                readings.sort_by_key(|reading| reading.date);
                TrackedMeasure {
                    target: objective
                        .target
                        .clone()
                        .or_else(|| pages.iter().find_map(|page| page.target.clone())),
                    readings,
                    objective: objective.clone(),
                }
            })
            .collect()
    }
}

/// A measure page must name an objective of the overview.
pub(super) fn report_unknown_objectives(plan: &mut Plan) {
    let known: Vec<String> = plan
        .overview()
        .and_then(|item| item.as_overview())
        .map(|overview| {
            overview
                .objectives
                .iter()
                .filter_map(|o| o.id.clone())
                .collect()
        })
        .unwrap_or_default();
    let unknown: Vec<(Span, String)> = plan
        .pages
        .iter()
        .filter_map(|page| page.measure.as_ref())
        .filter(|measure| !known.contains(&measure.objective.value))
        .map(|measure| (measure.objective.span, measure.objective.value.clone()))
        .collect();
    for (span, id) in unknown {
        let help = match crate::suggest::closest(&id, known.iter().map(String::as_str)) {
            Some(close) => format!(
                "did you mean `{close}`? The overview's objectives are: {}",
                known.join(", ")
            ),
            None if known.is_empty() => {
                "give the objective an `id` in the overview's `objectives`".to_string()
            }
            None => format!(
                "name one of the overview's objectives: {}",
                known.join(", ")
            ),
        };
        plan.problems.invalid(
            span,
            format!("the measure names objective `{id}`, which the overview does not have"),
            help,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::build_plan;
    use crate::source::PlanSources;
    use std::path::Path;

    #[test]
    fn readings_from_the_overview_and_measure_pages_are_merged_by_date() {
        let overview = "---\nkind: plan\nobjectives:\n  - id: uptime\n    title: Uptime\n    milestone: go-live\n    measure:\n      text: monthly uptime\n      target: { value: 99.5, unit: \"%\", better: higher }\n      readings:\n        - { date: 2026-03-01, value: 98.9 }\n---\n";
        let page = "---\nmeasure:\n  objective: uptime\n  readings:\n    - { date: 2026-02-01, value: 97.5, note: pilot }\n    - { date: 2026-04-01, value: 99.6 }\n---\n# Uptime readings\n";
        let stray = "---\nmeasure: { objective: uptme }\n---\n";
        let plan = build_plan(
            Path::new("."),
            PlanSources::in_memory(
                None,
                &[
                    ("overview.md", overview),
                    ("readings.md", page),
                    ("stray.md", stray),
                ],
            ),
        );
        let measures = plan.measures();
        assert_eq!(measures.len(), 1);
        let values: Vec<f64> = measures[0]
            .readings
            .iter()
            .map(|reading| reading.value)
            .collect();
        assert_eq!(values, [97.5, 98.9, 99.6]);
        assert_eq!(
            measures[0].objective.measure.as_deref(),
            Some("monthly uptime")
        );
        assert_eq!(measures[0].is_met(), Some(true));
        let problems: Vec<&str> = plan
            .problems
            .invalid_values
            .iter()
            .map(|p| p.help.as_str())
            .collect();
        assert_eq!(
            problems,
            ["did you mean `uptime`? The overview's objectives are: uptime"]
        );
    }
}
