//! The plan's headline status (on track, at risk, late) and the reasons
//! for it, from plain facts: each open milestone's standing against its
//! target, the finish's slip against the baseline, open risks at or above
//! the contingency threshold and overdue critical tasks. The rule lives
//! here, in one tested function; templates only show its result. Never
//! reads the plan: the site gathers the facts ([`super::status`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Calendar, HeadlineSettings};
use crate::schedule::Timing;

use super::views::Link;

/// How many of the high risks a reason names (the rest are on the register).
const RISKS_NAMED: usize = 3;

/// The plan's status, worst first in severity order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    OnTrack,
    AtRisk,
    Late,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::Late => "Late",
        }
    }
}

/// A milestone's forecast against its target, as one fact (never a
/// lateness beside a slack that seems to contradict it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Forecast this many working days after the target.
    Late(i64),
    /// Forecast this many working days before the target.
    Spare(i64),
    /// Forecast on the target day.
    OnTarget,
    /// No target date.
    NoTarget,
}

impl Standing {
    pub fn of(timing: &Timing, calendar: &Calendar) -> Standing {
        match timing.target {
            _ if timing.late > 0 => Standing::Late(timing.late),
            Some(target) => match calendar.workdays_between(timing.finish, target) {
                days if days > 0 => Standing::Spare(days),
                // A target on a non-working day just before the forecast.
                _ if timing.finish > target => Standing::Late(1),
                _ => Standing::OnTarget,
            },
            None => Standing::NoTarget,
        }
    }

    /// "late by 2 working days", "3 working days to spare", ...
    pub fn words(self) -> String {
        match self {
            Standing::Late(days) => format!("late by {}", working_days(days)),
            Standing::Spare(days) => format!("{} to spare", working_days(days)),
            Standing::OnTarget => "on its target date, nothing to spare".to_string(),
            Standing::NoTarget => "no target date".to_string(),
        }
    }

    pub fn is_late(self) -> bool {
        matches!(self, Standing::Late(_))
    }
}

use crate::model::calendar::working_days;

/// `Tue 9 Mar 2027`, as the `longdate` filter writes it.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

/// An open milestone (not yet reached or missed) and its standing.
#[derive(Debug, Clone)]
pub struct MilestoneFact {
    pub link: Link,
    pub forecast: NaiveDate,
    pub target: Option<NaiveDate>,
    pub standing: Standing,
}

/// What the headline is decided from.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub milestones: Vec<MilestoneFact>,
    /// The plan finish's slip against the baseline: working days and the ref.
    pub finish_slip: Option<(i64, String)>,
    /// Open risks at or above the contingency threshold, with their scores.
    pub high_risks: Vec<(Link, u32)>,
    pub contingency_threshold: u32,
    /// Critical tasks whose planned finish has passed, with the working days.
    pub overdue_critical: Vec<(Link, i64)>,
}

/// One reason for the status: `subject` (when it is an item), `text`,
/// then the `related` items the text names (the risks it counts).
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub status: Status,
    pub subject: Option<Link>,
    pub text: String,
    pub related: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub status: Status,
    /// "On track", "At risk" or "Late".
    pub label: &'static str,
    /// Worst first; when on track, what was checked.
    pub reasons: Vec<Reason>,
}

/// The headline rule (docs/site.md, "The headline"):
/// - **late** when an open milestone is forecast after its target;
/// - **at risk** when an open milestone has fewer than `at_risk_slack`
///   working days to spare, the plan finish is more than `at_risk_slip`
///   working days behind the baseline, `at_risk_risks` or more open risks
///   score at or above the contingency threshold, or a critical task is
///   overdue;
/// - **on track** otherwise.
pub fn assess(facts: &Facts, settings: &HeadlineSettings) -> Headline {
    let mut reasons = Vec::new();
    for milestone in &facts.milestones {
        if let Some(reason) = milestone_reason(milestone, settings) {
            reasons.push(reason);
        }
    }
    if let Some((slip, reference)) = &facts.finish_slip {
        if *slip > settings.at_risk_slip.max(0) {
            reasons.push(Reason {
                status: Status::AtRisk,
                subject: None,
                related: Vec::new(),
                text: format!(
                    "The plan finish is forecast {} later than at baseline {reference}.",
                    working_days(*slip)
                ),
            });
        }
    }
    let risky =
        settings.at_risk_risks > 0 && facts.high_risks.len() as i64 >= settings.at_risk_risks;
    if risky {
        let count = facts.high_risks.len();
        let (these, verb) = match count {
            1 => ("1 open risk".to_string(), "scores"),
            _ => (format!("{count} open risks"), "score"),
        };
        reasons.push(Reason {
            status: Status::AtRisk,
            subject: None,
            text: format!(
                "{these} {verb} at or above the contingency threshold of {}:",
                facts.contingency_threshold
            ),
            related: facts
                .high_risks
                .iter()
                .take(RISKS_NAMED)
                .map(|(link, score)| Link {
                    title: format!("{} ({score})", link.title),
                    ..link.clone()
                })
                .collect(),
        });
    }
    for (link, days) in &facts.overdue_critical {
        reasons.push(Reason {
            status: Status::AtRisk,
            subject: Some(link.clone()),
            related: Vec::new(),
            text: format!(
                "is on the critical path and {} overdue.",
                working_days(*days)
            ),
        });
    }
    // Worst first; the order within a status is the facts' order.
    reasons.sort_by_key(|reason| std::cmp::Reverse(reason.status));
    let status = reasons
        .first()
        .map_or(Status::OnTrack, |reason| reason.status);
    if reasons.is_empty() {
        reasons.push(Reason {
            status,
            subject: None,
            text: on_track_text(facts, settings),
            related: Vec::new(),
        });
    }
    Headline {
        status,
        label: status.label(),
        reasons,
    }
}

fn milestone_reason(milestone: &MilestoneFact, settings: &HeadlineSettings) -> Option<Reason> {
    let target = milestone.target.map(long_date).unwrap_or_default();
    let (status, text) = match milestone.standing {
        Standing::Late(days) => (
            Status::Late,
            format!(
                "is forecast for {}, {} after its target {target}.",
                long_date(milestone.forecast),
                working_days(days)
            ),
        ),
        Standing::Spare(days) if days < settings.at_risk_slack => (
            Status::AtRisk,
            format!(
                "is forecast for {}, only {} before its target {target}.",
                long_date(milestone.forecast),
                working_days(days)
            ),
        ),
        Standing::OnTarget if settings.at_risk_slack > 0 => (
            Status::AtRisk,
            format!("is forecast on its target date {target}, with nothing to spare."),
        ),
        _ => return None,
    };
    Some(Reason {
        status,
        subject: Some(milestone.link.clone()),
        text,
        related: Vec::new(),
    })
}

fn on_track_text(facts: &Facts, settings: &HeadlineSettings) -> String {
    let targeted = facts
        .milestones
        .iter()
        .filter(|milestone| milestone.target.is_some())
        .count();
    let mut text = match targeted {
        0 => "No open milestone has a target date".to_string(),
        1 => format!(
            "The open milestone with a target is forecast at least {} before it",
            working_days(settings.at_risk_slack)
        ),
        count => format!(
            "All {count} open milestones with a target are forecast at least {} before it",
            working_days(settings.at_risk_slack)
        ),
    };
    if let Some((slip, reference)) = &facts.finish_slip {
        text.push_str(&match slip {
            ..=0 => format!("; the finish has not slipped since {reference}"),
            _ => format!(
                "; the finish slipped {} since {reference}, within the {} allowed",
                working_days(*slip),
                settings.at_risk_slip
            ),
        });
    }
    if settings.at_risk_risks > 0 {
        text.push_str(&match facts.high_risks.len() {
            0 => format!(
                "; no open risk scores {} or more",
                facts.contingency_threshold
            ),
            count => format!(
                "; {count} open risk(s) score {} or more, fewer than the {} that make it at risk",
                facts.contingency_threshold, settings.at_risk_risks
            ),
        });
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn link(id: &str) -> Link {
        Link {
            id: id.into(),
            title: id.into(),
            href: Some(format!("{id}.html")),
        }
    }

    fn milestone(id: &str, standing: Standing) -> MilestoneFact {
        MilestoneFact {
            link: link(id),
            forecast: date("2026-03-13"),
            target: (standing != Standing::NoTarget).then(|| date("2026-03-20")),
            standing,
        }
    }

    fn timing(finish: &str, target: Option<&str>, late: i64) -> Timing {
        Timing {
            start: date(finish),
            finish: date(finish),
            planned_start: date(finish),
            planned_finish: date(finish),
            duration: 0,
            late_finish: date(finish),
            slack: 5,
            critical: false,
            target: target.map(date),
            late,
            cancelled: false,
            delayed_by: Vec::new(),
        }
    }

    #[test]
    fn standing_is_one_fact_in_words() {
        let calendar = Calendar::default();
        // Fri 13 Mar against a target of Fri 20 Mar: five working days to spare.
        let spare = Standing::of(&timing("2026-03-13", Some("2026-03-20"), 0), &calendar);
        assert_eq!(spare, Standing::Spare(5));
        assert_eq!(spare.words(), "5 working days to spare");
        let late = Standing::of(&timing("2026-03-13", Some("2026-03-11"), 2), &calendar);
        assert_eq!(late.words(), "late by 2 working days");
        assert_eq!(Standing::Late(1).words(), "late by 1 working day");
        let exact = Standing::of(&timing("2026-03-13", Some("2026-03-13"), 0), &calendar);
        assert_eq!(exact, Standing::OnTarget);
        assert_eq!(
            Standing::of(&timing("2026-03-13", None, 0), &calendar),
            Standing::NoTarget
        );
    }

    #[test]
    fn on_track_explains_what_was_checked() {
        let facts = Facts {
            milestones: vec![milestone("a", Standing::Spare(5))],
            contingency_threshold: 12,
            ..Facts::default()
        };
        let headline = assess(&facts, &HeadlineSettings::default());
        assert_eq!(headline.status, Status::OnTrack);
        assert_eq!(headline.label, "On track");
        assert_eq!(headline.reasons.len(), 1);
        assert!(headline.reasons[0]
            .text
            .contains("at least 3 working days before it; no open risk scores 12 or more"));
    }

    #[test]
    fn a_late_milestone_makes_the_plan_late_and_comes_first() {
        let facts = Facts {
            milestones: vec![
                milestone("tight", Standing::Spare(1)),
                milestone("behind", Standing::Late(2)),
            ],
            ..Facts::default()
        };
        let headline = assess(&facts, &HeadlineSettings::default());
        assert_eq!(headline.status, Status::Late);
        let subjects: Vec<&str> = headline
            .reasons
            .iter()
            .map(|reason| reason.subject.as_ref().unwrap().id.as_str())
            .collect();
        assert_eq!(subjects, ["behind", "tight"]);
        assert!(headline.reasons[0]
            .text
            .contains("2 working days after its target Fri 20 Mar 2026"));
        assert!(headline.reasons[1]
            .text
            .contains("only 1 working day before"));
    }

    #[test]
    fn thresholds_come_from_the_settings() {
        let facts = Facts {
            milestones: vec![milestone("a", Standing::Spare(4))],
            finish_slip: Some((2, "v1".into())),
            high_risks: vec![(link("vendor"), 16)],
            contingency_threshold: 12,
            overdue_critical: Vec::new(),
        };
        let defaults = assess(&facts, &HeadlineSettings::default());
        assert_eq!(defaults.status, Status::AtRisk);
        assert_eq!(defaults.reasons.len(), 2, "{:?}", defaults.reasons);
        assert!(defaults.reasons[0]
            .text
            .contains("2 working days later than at baseline v1"));
        assert_eq!(
            defaults.reasons[1].text,
            "1 open risk scores at or above the contingency threshold of 12:"
        );
        assert_eq!(defaults.reasons[1].related[0].title, "vendor (16)");
        let lenient = HeadlineSettings {
            at_risk_slack: 2,
            at_risk_slip: 5,
            at_risk_risks: 2,
        };
        let headline = assess(&facts, &lenient);
        assert_eq!(headline.status, Status::OnTrack, "{:?}", headline.reasons);
        assert!(headline.reasons[0].text.contains("slipped 2 working days"));
        let strict = HeadlineSettings {
            at_risk_slack: 5,
            ..lenient
        };
        assert_eq!(assess(&facts, &strict).status, Status::AtRisk);
    }

    #[test]
    fn an_overdue_critical_task_puts_the_plan_at_risk() {
        let facts = Facts {
            overdue_critical: vec![(link("design"), 3)],
            ..Facts::default()
        };
        let headline = assess(&facts, &HeadlineSettings::default());
        assert_eq!(headline.status, Status::AtRisk);
        assert_eq!(
            headline.reasons[0].text,
            "is on the critical path and 3 working days overdue."
        );
    }
}
