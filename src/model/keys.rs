//! The format's vocabulary for tools: which keys each place of a page or
//! of planbook.toml has (the very lists the readers check against), with a
//! one-line description and the shape of each value. Editor completion and
//! `planbook schema` read it; a test checks that every key the readers
//! know is described here.

use super::config::config_key_group;
use super::field_reader::DEPENDENCY_KEYS;
use super::item_fields::item_key_group;
use super::items::{ItemKind, RISK_RESPONSES};
use super::measure_fields::{measure_key_group, BETTER};
use super::page_items::{LINT_KEYS, PAGE_KEYS};

/// A group of keys the readers check together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyGroup {
    /// Keys of a page without `kind` (a note or a register page).
    Page,
    /// Keys only a page's own front matter has (not a register entry).
    PageOnly,
    /// Keys every item has.
    Common,
    /// The keys of one kind beyond the common ones.
    Kind(ItemKind),
    /// `lint: { allow }`.
    Lint,
    /// A `{ id, lag }` entry of `depends_on`.
    Dependency,
    Contingency,
    Objective,
    /// The values of an objective's `type`.
    ObjectiveTypes,
    Communication,
    Scope,
    /// The top level of planbook.toml.
    Config,
    Calendar,
    /// `[risk]` of planbook.toml.
    RiskSettings,
    /// An entry of `[people]` in planbook.toml.
    RosterPerson,
    Site,
    /// `[schedule]` of planbook.toml.
    ScheduleSettings,
    /// `[history]` of planbook.toml.
    HistorySettings,
    /// An objective's `measure` written as a mapping: `{ text, target, readings }`.
    Measure,
    /// A page's own `measure: { objective, target, readings }`.
    PageMeasure,
    /// A measure's `target: { value, unit, better }`.
    MeasureTarget,
    /// A `{ date, value, note }` entry of a measure's `readings`.
    Reading,
    /// A `{ id, allocation }` entry of `resources`.
    Assignment,
    /// A `{ from, to, reason }` entry of a person's `leaves`.
    Leave,
}

/// The keys (or, for [`KeyGroup::ObjectiveTypes`], values) of a group.
pub fn group_keys(group: KeyGroup) -> &'static [&'static str] {
    match group {
        KeyGroup::Page => PAGE_KEYS,
        KeyGroup::Lint => LINT_KEYS,
        KeyGroup::Dependency => DEPENDENCY_KEYS,
        KeyGroup::Config
        | KeyGroup::Calendar
        | KeyGroup::RiskSettings
        | KeyGroup::RosterPerson
        | KeyGroup::Site
        | KeyGroup::ScheduleSettings
        | KeyGroup::HistorySettings => config_key_group(group),
        KeyGroup::Measure | KeyGroup::PageMeasure | KeyGroup::MeasureTarget | KeyGroup::Reading => {
            measure_key_group(group)
        }
        _ => item_key_group(group),
    }
}

/// The keys allowed where an item is declared: a page's own front matter
/// (`page_item`) or a register entry.
pub fn item_keys(kind: ItemKind, page_item: bool) -> Vec<&'static str> {
    let mut keys = Vec::new();
    if page_item {
        keys.extend(group_keys(KeyGroup::PageOnly));
    }
    keys.extend(group_keys(KeyGroup::Common));
    keys.extend(group_keys(KeyGroup::Kind(kind)));
    keys
}

/// What a value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    /// Text or a list of text.
    Texts,
    /// An ISO date.
    Date,
    /// Working days: `5d`, `2w` or a whole number.
    Duration,
    /// A whole number in a range (`progress` also takes `50%`).
    Integer(i64, i64),
    Bool,
    /// One id of an item of these kinds.
    Id(&'static [ItemKind]),
    /// One id or a list of ids of items of these kinds.
    Ids(&'static [ItemKind]),
    /// `depends_on`: ids, or `{ id, lag }` entries.
    Dependencies,
    /// `resources`: person ids, or `{ id, allocation }` entries.
    Assignments,
    /// `kind`.
    Kind,
    /// The statuses of the item's kind.
    Status,
    /// A level of the plan's risk scale, or its number.
    Rating,
    /// Rule ids.
    Rules,
    /// Weekday names.
    Weekdays,
    /// A list of dates.
    Dates,
    /// A mapping with the keys of a group.
    Map(KeyGroup),
    /// A list of mappings with the keys of a group.
    ListOf(KeyGroup),
    /// A list of objectives (mappings, or plain titles).
    Objectives,
    /// A register list of items of a kind.
    Register(ItemKind),
    /// `[people]`: person ids to names or `{ name, role, email }`.
    Roster,
    /// `[lint]`: rule ids to "error", "warning" or "off".
    LintLevels,
    /// An objective's `type`.
    ObjectiveType,
    /// A number (written as a number or as text).
    Number,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// Text, or a mapping with the keys of a group.
    TextOrMap(KeyGroup),
}

const SCHEDULED: &[ItemKind] = &[ItemKind::Task, ItemKind::Milestone];
const MILESTONE: &[ItemKind] = &[ItemKind::Milestone];
const PERSON: &[ItemKind] = &[ItemKind::Person];

/// The description and value shape of `key` in `group`.
pub fn describe(group: KeyGroup, key: &str) -> Option<(&'static str, Shape)> {
    use KeyGroup as G;
    use Shape as S;
    Some(match (group, key) {
        (G::Page | G::PageOnly, "kind") => (
            "what the page is: plan, task, milestone, risk or person",
            S::Kind,
        ),
        (G::Page | G::PageOnly, "lint") => (
            "lint settings of this page: `{ allow: [rule-id] }`",
            S::Map(G::Lint),
        ),
        (G::Page | G::PageOnly, "tasks") => (
            "a register of tasks declared on this page",
            S::Register(ItemKind::Task),
        ),
        (G::Page | G::PageOnly, "milestones") => (
            "a register of milestones declared on this page",
            S::Register(ItemKind::Milestone),
        ),
        (G::Page | G::PageOnly, "risks") => (
            "a register of risks declared on this page",
            S::Register(ItemKind::Risk),
        ),
        (G::Page | G::PageOnly, "people") => (
            "a register of people declared on this page",
            S::Register(ItemKind::Person),
        ),
        (G::Page, "title") => (
            "the page's title (default: its first `# ` heading)",
            S::Text,
        ),
        (G::Page, "tags") => ("labels for search and grouping", S::Texts),
        (G::Lint, "allow") => ("rules silenced on this page", S::Rules),
        (G::Common | G::Objective, "id") => (
            "the unique id references use (default: the file name)",
            S::Text,
        ),
        (G::Common | G::Objective, "title") => (
            "the human title (default: the page's `# ` heading)",
            S::Text,
        ),
        (G::Common | G::Communication, "owner") => {
            ("the accountable person's id: exactly one", S::Id(PERSON))
        }
        (G::Common, "status") => (
            "where the item stands (one of its kind's statuses)",
            S::Status,
        ),
        (G::Common, "tags") => ("labels for search and grouping", S::Texts),
        (G::Kind(ItemKind::Task), "resources") => (
            "people who work on it (default: its owner); `{ id: x, allocation: 50 }` gives a share of their day",
            S::Assignments,
        ),
        (G::Kind(ItemKind::Task), "effort") => (
            "person-days of work, instead of `duration`: its people's availability decides how long it takes",
            S::Duration,
        ),
        (G::Kind(ItemKind::Task), "started") => ("the day work actually started", S::Date),
        (G::Kind(ItemKind::Task), "finished") => ("the day work actually finished", S::Date),
        (G::Kind(ItemKind::Task), "priority") => (
            "0 to 1000 (default 500): levelling places higher priorities first",
            S::Integer(0, 1000),
        ),
        (G::Kind(ItemKind::Milestone), "reached") => ("the day it was actually reached", S::Date),
        (G::Kind(ItemKind::Person) | G::RosterPerson, "availability") => (
            "percent of each working day they give the plan (default 100)",
            S::Integer(1, 100),
        ),
        (G::Kind(ItemKind::Person) | G::RosterPerson, "workdays") => (
            "their own working weekdays, when they differ from the plan's",
            S::Weekdays,
        ),
        (G::Kind(ItemKind::Person) | G::RosterPerson, "leaves") => (
            "days away: `{ from: DATE, to: DATE, reason: ... }` (inclusive)",
            S::ListOf(G::Leave),
        ),
        (G::Assignment, "id") => ("the person who works on it", S::Id(PERSON)),
        (G::Assignment, "allocation") => (
            "percent of their available time it takes (default 100)",
            S::Integer(1, 100),
        ),
        (G::Leave, "from") => ("the first day away", S::Date),
        (G::Leave, "to") => ("the last day away (inclusive)", S::Date),
        (G::Leave, "reason") => ("why, in a few words", S::Text),
        (G::ScheduleSettings, "level") => (
            "level the schedule: work waits until its people are free (as `--level`)",
            S::Bool,
        ),
        (G::Config, "history") => (
            "trend settings: `points`",
            S::Map(G::HistorySettings),
        ),
        (G::HistorySettings, "points") => (
            "how many commits the trend charts keep before thinning them (default 100)",
            S::Integer(2, 10_000),
        ),
        (G::Config, "schedule") => (
            "schedule settings: `level`",
            S::Map(G::ScheduleSettings),
        ),
        (G::Kind(ItemKind::Task | ItemKind::Milestone), "depends_on") => (
            "tasks or milestones that must finish first; `{ id: x, lag: 3d }` waits after",
            S::Dependencies,
        ),
        (G::Kind(ItemKind::Task), "start") => ("start no earlier than this date", S::Date),
        (G::Kind(ItemKind::Task), "duration") => (
            "working days: `5d`, `2w` or a whole number (at least 1)",
            S::Duration,
        ),
        (G::Kind(ItemKind::Task), "end") => {
            ("the inclusive finish date, instead of `duration`", S::Date)
        }
        (G::Kind(ItemKind::Task) | G::Objective, "milestone") => (
            "the milestone this delivers (or is checked at)",
            S::Id(MILESTONE),
        ),
        (G::Kind(ItemKind::Task), "progress") => ("percent done, 0 to 100", S::Integer(0, 100)),
        (G::Kind(ItemKind::Task), "workstream") => ("the group the timeline shows it in", S::Text),
        (G::Kind(ItemKind::Milestone), "date") => ("the target date", S::Date),
        (G::Kind(ItemKind::Milestone), "criteria") => {
            ("the measurable endpoint: text or a list of text", S::Texts)
        }
        (G::Kind(ItemKind::Risk), "probability") => {
            ("how likely it is, on the plan's risk scale", S::Rating)
        }
        (G::Kind(ItemKind::Risk), "impact") => {
            ("how bad it would be, on the plan's risk scale", S::Rating)
        }
        (G::Kind(ItemKind::Risk), "score") => (
            "probability x impact, when written (checked)",
            S::Integer(1, 25),
        ),
        (G::Kind(ItemKind::Risk), "mitigation") => (
            "what we do now to make it less likely or less bad",
            S::Texts,
        ),
        (G::Kind(ItemKind::Risk), "contingency") => (
            "what tells us it happens and what we then do",
            S::Map(G::Contingency),
        ),
        (G::Kind(ItemKind::Risk), "affects") => {
            ("tasks or milestones it would hit", S::Ids(SCHEDULED))
        }
        (G::Kind(ItemKind::Risk), "response") => (
            "the strategy: avoid, reduce, transfer, share, accept (threats); exploit, enhance (opportunities)",
            S::OneOf(RISK_RESPONSES),
        ),
        (G::Kind(ItemKind::Risk), "residual_probability") => (
            "how likely it is once the response is in place (default: `probability`)",
            S::Rating,
        ),
        (G::Kind(ItemKind::Risk), "residual_impact") => (
            "how bad it would be once the response is in place (default: `impact`)",
            S::Rating,
        ),
        (G::Kind(ItemKind::Risk), "review") => (
            "when the risk is looked at again (`risk-review-due` once it has passed)",
            S::Date,
        ),
        (G::Kind(ItemKind::Risk), "category") => (
            "a category such as data, vendor or people; the register filters by it",
            S::Text,
        ),
        (G::Kind(ItemKind::Risk), "rationale") => (
            "why the risk is accepted as it is (needed for an accepted high risk)",
            S::Text,
        ),
        (G::Kind(ItemKind::Plan), "objectives") => (
            "what the plan must achieve: `{ id, title, type, measure, milestone }`",
            S::Objectives,
        ),
        (G::Kind(ItemKind::Plan), "scope") => (
            "what is in and out of scope: `{ in: [...], out: [...] }`",
            S::Map(G::Scope),
        ),
        (G::Kind(ItemKind::Plan), "stakeholders") => {
            ("person ids or names with a stake in the plan", S::Texts)
        }
        (G::Kind(ItemKind::Plan), "communication") => (
            "how the plan is communicated: `{ channel, audience, frequency, owner, day, time }`",
            S::ListOf(G::Communication),
        ),
        (G::Kind(ItemKind::Person) | G::RosterPerson, "name") => {
            ("the person's full name (default: the title)", S::Text)
        }
        (G::Kind(ItemKind::Person) | G::RosterPerson, "role") => {
            ("the person's role in the plan", S::Text)
        }
        (G::Kind(ItemKind::Person) | G::RosterPerson, "email") => {
            ("the person's email address", S::Text)
        }
        (G::Dependency, "id") => ("the task or milestone waited for", S::Id(SCHEDULED)),
        (G::Dependency, "lag") => (
            "working days to wait after it finishes: `3d`, `1w`",
            S::Duration,
        ),
        (G::Contingency, "trigger") => ("what tells us the risk is happening", S::Text),
        (G::Contingency, "response") => ("what we then do", S::Text),
        (G::Objective, "type") => ("time, performance or outcome", S::ObjectiveType),
        (G::Objective, "measure") => (
            "the success criterion: text, or `{ text, target, readings }` to track it",
            S::TextOrMap(G::Measure),
        ),
        (G::Measure, "text") => ("what is measured, in words", S::Text),
        (G::Measure | G::PageMeasure, "target") => (
            "the value to reach: `{ value: 99.5, unit: \"%\", better: higher }`",
            S::Map(G::MeasureTarget),
        ),
        (G::Measure | G::PageMeasure, "readings") => (
            "dated values: `- { date: 2026-10-01, value: 98.2, note: ... }`",
            S::ListOf(G::Reading),
        ),
        (G::PageMeasure, "objective") => (
            "the id of the overview's objective these readings belong to",
            S::Text,
        ),
        (G::MeasureTarget, "value") => ("the number to reach", S::Number),
        (G::MeasureTarget, "unit") => ("shown after the numbers, such as `%`", S::Text),
        (G::MeasureTarget, "better") => (
            "which way the measure improves: higher (default) or lower",
            S::OneOf(BETTER),
        ),
        (G::Reading, "date") => ("the day of the reading", S::Date),
        (G::Reading, "value") => ("the value read", S::Number),
        (G::Reading, "note") => ("what the reading was taken from", S::Text),
        (G::Page, "measure") => (
            "readings of an objective's measure kept on this page: `{ objective, target, readings }`",
            S::Map(G::PageMeasure),
        ),
        (G::Communication, "day") => (
            "the weekday (`tuesday`), or for monthly entries a day of the month (1 to 28)",
            S::Text,
        ),
        (G::Communication, "time") => (
            "the time of day, `\"HH:MM\"` on a 24-hour clock (default: an all-day event)",
            S::Text,
        ),
        (G::Communication, "channel") => ("the meeting, report or dashboard", S::Text),
        (G::Communication, "audience") => ("who it is for", S::Text),
        (G::Communication, "frequency") => (
            "how often: daily, weekly, biweekly, monthly, or as needed",
            S::Text,
        ),
        (G::Scope, "in") => ("what the plan covers", S::Texts),
        (G::Scope, "out") => ("what the plan leaves out", S::Texts),
        (G::Config, "title") => ("the plan's title", S::Text),
        (G::Config, "start") => (
            "the plan start date (default: the earliest task start)",
            S::Date,
        ),
        (G::Config, "output") => (
            "the build output folder, relative to the root (default `site`)",
            S::Text,
        ),
        (G::Config, "theme") => (
            "a built-in theme name or a theme folder (default `default`)",
            S::Text,
        ),
        (G::Config, "baseline") => (
            "the git ref whose schedule the site compares against",
            S::Text,
        ),
        (G::Config, "exclude") => (
            "globs of files that are not pages, such as `drafts/**`",
            S::Texts,
        ),
        (G::Config, "calendar") => ("working days and holidays", S::Map(G::Calendar)),
        (G::Config, "risk") => (
            "the risk scale and the contingency threshold",
            S::Map(G::RiskSettings),
        ),
        (G::Config, "people") => ("the roster: `id = { name = ..., role = ... }`", S::Roster),
        (G::Config, "lint") => (
            "rule severities: `rule-id = \"error\" | \"warning\" | \"off\"`",
            S::LintLevels,
        ),
        (G::Config, "site") => ("site settings: `raw_html`, `base_url`, the headline's `at_risk_*`", S::Map(G::Site)),
        (G::Calendar, "workdays") => (
            "working weekdays: mon ... sun (default mon to fri)",
            S::Weekdays,
        ),
        (G::Calendar, "holidays") => ("dates that are not worked", S::Dates),
        (G::RiskSettings, "scale") => (
            "a 3- or 5-point scale for probability and impact",
            S::Integer(3, 5),
        ),
        (G::RiskSettings, "contingency_threshold") => (
            "the score from which an open risk needs a contingency",
            S::Integer(1, 25),
        ),
        (G::Site, "raw_html") => ("let raw HTML in page bodies through unsanitized", S::Bool),
        (G::Site, "base_url") => (
            "the site's public address, for absolute links in exports",
            S::Text,
        ),
        (G::Site, "at_risk_slack") => (
            "working days to spare below which a milestone puts the plan at risk (default 3)",
            S::Integer(0, 1000),
        ),
        (G::Site, "at_risk_slip") => (
            "working days of finish slip against the baseline tolerated (default 0)",
            S::Integer(0, 1000),
        ),
        (G::Site, "at_risk_risks") => (
            "open risks at or above the contingency threshold that put the plan at risk (default 1; 0 ignores risks)",
            S::Integer(0, 1000),
        ),
        _ => return None,
    })
}

/// Every group with keys, for checks over the whole vocabulary.
pub fn all_groups() -> Vec<KeyGroup> {
    let mut groups = vec![KeyGroup::Page, KeyGroup::PageOnly, KeyGroup::Common];
    groups.extend(ItemKind::ALL.into_iter().map(KeyGroup::Kind));
    groups.extend([
        KeyGroup::Lint,
        KeyGroup::Dependency,
        KeyGroup::Contingency,
        KeyGroup::Objective,
        KeyGroup::Communication,
        KeyGroup::Scope,
        KeyGroup::Config,
        KeyGroup::Calendar,
        KeyGroup::RiskSettings,
        KeyGroup::RosterPerson,
        KeyGroup::Site,
        KeyGroup::ScheduleSettings,
        KeyGroup::HistorySettings,
        KeyGroup::Assignment,
        KeyGroup::Leave,
        KeyGroup::Measure,
        KeyGroup::PageMeasure,
        KeyGroup::MeasureTarget,
        KeyGroup::Reading,
    ]);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_readers_know_is_described() {
        let missing: Vec<String> = all_groups()
            .into_iter()
            .flat_map(|group| {
                group_keys(group)
                    .iter()
                    .filter(move |key| describe(group, key).is_none())
                    .map(move |key| format!("{group:?} `{key}`"))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "describe these keys in src/model/keys.rs: {missing:?}"
        );
    }
}
