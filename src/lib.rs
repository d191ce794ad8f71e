//! planbook: lint, schedule and publish implementation plans kept as
//! Markdown pages in git.
//!
//! Data flows one way: [`source`] (files; [`git`] reads the same sources
//! from the index or any commit) -> [`parse`] (front matter with positions,
//! body outline) -> [`model`] (the [`model::Plan`]) -> [`schedule`]
//! (critical path; [`baseline`] compares two schedules; [`states`] records
//! what one state of the plan shows) -> [`lint`] (findings).
//! [`analysis::Analysis`] runs those stages as one pipeline, with
//! incremental updates; every command goes through it. [`site`] renders an
//! analysis; [`serve`] drives the site while an author edits, [`lsp`]
//! checks the plan in the author's editor, and [`trend`] schedules the plan
//! at each point of its git history.
//! No module imports from a stage after it.

pub mod analysis;
pub mod baseline;
pub mod git;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod parse;
pub mod publish;
pub mod schedule;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod states;
pub mod suggest;
pub mod trend;

use chrono::NaiveDate;

/// The real date, unless the caller fixes "today" for reproducible output.
pub fn today_or(fixed: Option<NaiveDate>) -> NaiveDate {
    fixed.unwrap_or_else(|| chrono::Local::now().date_naive())
}
