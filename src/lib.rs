//! planbook: lint, schedule and publish implementation plans kept as
//! Markdown pages in git.
//!
//! Data flows one way: [`source`] (files) -> [`parse`] (front matter with
//! positions, body outline) -> [`model`] (the [`model::Plan`]) ->
//! [`schedule`] (critical path) -> [`lint`] (findings) and [`site`].
//! [`git`] is another way into the model (index, old trees, history), and
//! [`baseline`] compares two schedules of the same plan.
//! [`serve`] drives the site while an author edits.

pub mod baseline;
pub mod git;
pub mod lint;
pub mod model;
pub mod parse;
pub mod schedule;
pub mod serve;
pub mod site;
pub mod source;
pub mod suggest;

use chrono::NaiveDate;

/// The real date, unless the caller fixes "today" for reproducible output.
pub fn today_or(fixed: Option<NaiveDate>) -> NaiveDate {
    fixed.unwrap_or_else(|| chrono::Local::now().date_naive())
}
