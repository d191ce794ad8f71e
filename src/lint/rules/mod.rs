//! One file per rule, named after its id. Each file holds the rule's
//! documentation (printed by `planbook explain`), its default severity and
//! its check. This list is the registry: adding a rule adds one line here.

use super::Rule;

mod behind_schedule;
mod broken_link;
mod dependency_cycle;
mod duplicate_id;
mod effort_and_duration;
mod id_case_collision;
mod incomplete_communication;
mod invalid_front_matter;
mod invalid_risk_rating;
mod invalid_value;
mod measure_not_met;
mod merge_conflict;
mod milestone_late;
mod missing_contingency;
mod missing_criteria;
mod missing_dependencies;
mod missing_duration;
mod missing_measure;
mod missing_mitigation;
mod missing_owner;
mod missing_rationale;
mod overallocated;
mod risk_review_due;
mod schedule_conflict;
mod unknown_dependency;
mod unknown_field;
mod unknown_owner;
mod unreadable_frequency;

/// Every rule, in the order of FORMAT.md section 5.
pub static RULES: &[Rule] = &[
    invalid_front_matter::RULE,
    merge_conflict::RULE,
    unknown_field::RULE,
    invalid_value::RULE,
    duplicate_id::RULE,
    id_case_collision::RULE,
    missing_owner::RULE,
    unknown_owner::RULE,
    unknown_dependency::RULE,
    dependency_cycle::RULE,
    missing_dependencies::RULE,
    missing_duration::RULE,
    effort_and_duration::RULE,
    schedule_conflict::RULE,
    milestone_late::RULE,
    behind_schedule::RULE,
    overallocated::RULE,
    missing_criteria::RULE,
    missing_mitigation::RULE,
    missing_contingency::RULE,
    invalid_risk_rating::RULE,
    missing_rationale::RULE,
    risk_review_due::RULE,
    missing_measure::RULE,
    measure_not_met::RULE,
    incomplete_communication::RULE,
    unreadable_frequency::RULE,
    broken_link::RULE,
];
