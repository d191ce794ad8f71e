//! What the register shows of a risk beyond its ratings: the response, the
//! residual score (after the response), the review date and whether it is
//! due, the category, the rationale of an accepted risk, and the proximity
//! (how soon the first thing it affects starts, by the forecast).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{risk_band, Plan, Risk};
use crate::schedule::Schedule;

#[derive(Debug, Serialize)]
pub struct ProximityView {
    /// The earliest forecast start of what the risk affects.
    pub date: NaiveDate,
    /// Days from the status date (0 or less: under way).
    pub days: i64,
    /// "in 3 weeks", "under way".
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct RiskRegisterView {
    pub response: Option<String>,
    pub residual_probability: Option<String>,
    pub residual_impact: Option<String>,
    pub residual_score: Option<u32>,
    pub residual_band: &'static str,
    pub review: Option<NaiveDate>,
    /// The review date has passed and the risk is open.
    pub review_due: bool,
    pub category: Option<String>,
    pub rationale: Option<String>,
    pub proximity: Option<ProximityView>,
}

/// "in 4 days", "in 3 weeks", "in 2 months"; "under way" when started.
pub fn proximity_text(days: i64) -> String {
    let plural =
        |count: i64, unit: &str| format!("in {count} {unit}{}", if count == 1 { "" } else { "s" });
    match days {
        days if days <= 0 => "under way".to_string(),
        days if days < 14 => plural(days, "day"),
        days if days < 63 => plural((days + 3) / 7, "week"),
        days => plural((days + 15) / 30, "month"),
    }
}

pub fn register_view(
    plan: &Plan,
    schedule: &Schedule,
    risk: &Risk,
    status: &str,
) -> RiskRegisterView {
    let register = &risk.register;
    let written =
        |rating: &Option<crate::model::Rating>| rating.as_ref().map(|r| r.written.clone());
    let residual_score = risk.residual_score();
    let proximity = risk
        .affects
        .iter()
        .filter_map(|affected| plan.ids.get(&affected.value))
        .filter_map(|item| schedule.timing(*item))
        .map(|timing| timing.start)
        .min()
        .filter(|_| status != "closed")
        .map(|date| {
            let days = (date - schedule.today).num_days();
            ProximityView {
                date,
                days,
                text: proximity_text(days),
            }
        });
    RiskRegisterView {
        response: register
            .response
            .as_ref()
            .map(|response| response.value.clone()),
        residual_probability: written(&register.residual_probability),
        residual_impact: written(&register.residual_impact),
        residual_score,
        residual_band: risk_band(residual_score, plan.config.contingency_threshold),
        review: register.review.as_ref().map(|review| review.value),
        review_due: status == "open"
            && register
                .review
                .as_ref()
                .is_some_and(|review| review.value < schedule.today),
        category: register.category.clone(),
        rationale: register.rationale.clone(),
        proximity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proximity_reads_as_people_say_it() {
        assert_eq!(proximity_text(-3), "under way");
        assert_eq!(proximity_text(1), "in 1 day");
        assert_eq!(proximity_text(13), "in 13 days");
        assert_eq!(proximity_text(21), "in 3 weeks");
        assert_eq!(proximity_text(100), "in 3 months");
    }
}
