//! `planbook.toml`: plan-wide settings. Every key is optional; unknown keys
//! and bad values are reported like any other, and defaults fill the gaps.

use chrono::NaiveDate;

use super::availability::{read_availability, weekdays, AVAILABILITY_KEYS};
use super::calendar::Calendar;
use super::field_reader::{FieldReader, Problems};
use super::items::{Availability, Spanned};
use crate::parse::{Key, Node};

const TOP_KEYS: &[&str] = &[
    "title", "start", "output", "theme", "baseline", "exclude", "calendar", "risk", "people",
    "lint", "site", "schedule",
];
const CALENDAR_KEYS: &[&str] = &["workdays", "holidays"];
const RISK_KEYS: &[&str] = &["scale", "contingency_threshold"];
const PERSON_KEYS: &[&str] = &["name", "role", "email"];
const SITE_KEYS: &[&str] = &["raw_html", "base_url"];
const SCHEDULE_KEYS: &[&str] = &["level"];

/// One `[lint]` line, as written: `rule-name = "level"`. Which names are
/// rules and which words are levels is the lint stage's knowledge.
#[derive(Debug, Clone, PartialEq)]
pub struct LintSetting {
    pub rule: Spanned<String>,
    pub level: Spanned<String>,
}

#[derive(Debug, Clone)]
pub struct RosterEntry {
    pub key: Key,
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub availability: Availability,
    pub fields: Node,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: Option<String>,
    pub start: Option<NaiveDate>,
    pub output: String,
    pub theme: String,
    pub baseline: Option<String>,
    pub exclude: Vec<String>,
    pub calendar: Calendar,
    pub risk_scale: u8,
    pub contingency_threshold: u32,
    /// Per-rule levels from `[lint]`, in the order written.
    pub lint_levels: Vec<LintSetting>,
    pub people: Vec<RosterEntry>,
    /// `[site] raw_html = true` lets raw HTML in Markdown through unsanitized.
    pub raw_html: bool,
    pub base_url: Option<String>,
    /// `[schedule] level = true`: delay work until its people are free.
    pub level: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: None,
            start: None,
            output: "site".into(),
            theme: "default".into(),
            baseline: None,
            exclude: Vec::new(),
            calendar: Calendar::default(),
            risk_scale: 3,
            contingency_threshold: 6,
            lint_levels: Vec::new(),
            people: Vec::new(),
            raw_html: false,
            base_url: None,
            level: false,
        }
    }
}

/// Reads a parsed `planbook.toml`.
pub fn read_config(root: &Node, problems: &mut Problems) -> Config {
    let mut config = Config::default();
    let mut reader = FieldReader::new(root, "planbook.toml".into(), problems);
    config.title = reader.string("title").map(|title| title.value);
    config.start = reader.date("start").map(|start| start.value);
    if let Some(output) = reader.string("output") {
        config.output = output.value;
    }
    if let Some(theme) = reader.string("theme") {
        config.theme = theme.value;
    }
    config.baseline = reader.string("baseline").map(|baseline| baseline.value);
    config.exclude = reader
        .strings("exclude")
        .into_iter()
        .map(|glob| glob.value)
        .collect();
    let calendar = reader.map("calendar");
    let risk = reader.map("risk");
    let people = reader.map("people");
    let lint = reader.map("lint");
    let site = reader.map("site");
    let schedule = reader.map("schedule");
    reader.reject_unknown(TOP_KEYS);
    for pattern in &config.exclude {
        if let Err(error) = globset::Glob::new(pattern) {
            let span = root.get("exclude").map_or(root.span, |node| node.span);
            problems.invalid(
                span,
                format!("`exclude` pattern `{pattern}` is not a valid glob: {error}"),
                "write globs such as `drafts/**`",
            );
        }
    }
    if let Some(calendar) = calendar {
        config.calendar = read_calendar(calendar, problems);
    }
    if let Some(risk) = risk {
        read_risk(risk, &mut config, problems);
    }
    if let Some(people) = people {
        config.people = read_roster(people, problems);
    }
    if let Some(lint) = lint {
        config.lint_levels = read_lint_levels(lint, problems);
    }
    if let Some(site) = site {
        let mut reader = FieldReader::new(site, "[site]".into(), problems);
        config.raw_html = reader.boolean("raw_html").unwrap_or(false);
        config.base_url = reader.string("base_url").map(|url| url.value);
        reader.reject_unknown(SITE_KEYS);
    }
    if let Some(schedule) = schedule {
        let mut reader = FieldReader::new(schedule, "[schedule]".into(), problems);
        config.level = reader.boolean("level").unwrap_or(false);
        reader.reject_unknown(SCHEDULE_KEYS);
    }
    config
}

fn read_calendar(node: &Node, problems: &mut Problems) -> Calendar {
    let mut calendar = Calendar::default();
    let mut reader = FieldReader::new(node, "[calendar]".into(), problems);
    let workdays = reader.has("workdays").then(|| reader.strings("workdays"));
    let holidays = reader.strings("holidays");
    reader.reject_unknown(CALENDAR_KEYS);
    if let (Some(workdays), Some(list)) = (workdays, node.get("workdays")) {
        if let Some(days) = weekdays(&workdays, "[calendar] workdays", list.span, problems) {
            calendar.workdays = days;
        }
    }
    for holiday in holidays {
        match super::field_reader::parse_date(&holiday.value) {
            Some(date) => {
                calendar.holidays.insert(date);
            }
            None => problems.invalid(
                holiday.span,
                format!("holiday `{}` is not a date", holiday.value),
                "write an ISO 8601 calendar date such as `2026-12-25`",
            ),
        }
    }
    calendar
}

fn read_risk(node: &Node, config: &mut Config, problems: &mut Problems) {
    let mut reader = FieldReader::new(node, "[risk]".into(), problems);
    let scale = reader.integer("scale", 3, 5);
    let threshold = reader.integer("contingency_threshold", 1, 25);
    reader.reject_unknown(RISK_KEYS);
    if let Some(scale) = scale {
        if scale.value == 3 || scale.value == 5 {
            config.risk_scale = scale.value as u8;
        } else {
            problems.invalid(
                scale.span,
                "[risk] scale must be 3 or 5".into(),
                "write `scale = 3` or `scale = 5`",
            );
        }
    }
    // The default threshold is "high likelihood with medium impact" on either scale.
    config.contingency_threshold = match threshold {
        Some(threshold) => threshold.value as u32,
        None if config.risk_scale == 5 => 12,
        None => 6,
    };
}

fn read_roster(node: &Node, problems: &mut Problems) -> Vec<RosterEntry> {
    let mut roster = Vec::new();
    for (key, value) in node.as_map().unwrap_or_default() {
        if !super::field_reader::is_valid_id(&key.name) {
            problems.invalid(
                key.span,
                format!("`{}` in [people] is not a valid person id", key.name),
                "ids use letters, digits, `-`, `_` and `.` only",
            );
            continue;
        }
        let what = format!("person `{}` in [people]", key.name);
        let mut reader = FieldReader::new(value, what, problems);
        let mut availability = Availability::default();
        let (name, role, email) = if value.as_map().is_some() {
            let name = reader.string("name").map(|name| name.value);
            let role = reader.string("role").map(|role| role.value);
            let email = reader.string("email").map(|email| email.value);
            availability = read_availability(&mut reader);
            reader.reject_unknown_in(&[PERSON_KEYS, AVAILABILITY_KEYS]);
            (name, role, email)
        } else if let Some(name) = value.scalar_text() {
            // `alice = "Alice Moreno"` is accepted as a name.
            (Some(name), None, None)
        } else {
            problems.invalid(
                value.span,
                format!(
                    "person `{}` in [people] should be `{{ name = ..., role = ... }}`",
                    key.name
                ),
                "write `alice = { name = \"Alice Moreno\", role = \"Engineering lead\" }`",
            );
            (None, None, None)
        };
        roster.push(RosterEntry {
            key: key.clone(),
            name,
            role,
            email,
            availability,
            fields: value.clone(),
        });
    }
    roster
}

fn read_lint_levels(node: &Node, problems: &mut Problems) -> Vec<LintSetting> {
    let mut levels = Vec::new();
    for (key, value) in node.as_map().unwrap_or_default() {
        match value.as_str() {
            Some(level) => levels.push(LintSetting {
                rule: Spanned::new(key.name.clone(), key.span),
                level: Spanned::new(level.to_string(), value.span),
            }),
            None => problems.invalid(
                value.span,
                format!(
                    "[lint] `{}` should be \"error\", \"warning\" or \"off\"",
                    key.name
                ),
                "write `rule-name = \"warning\"`",
            ),
        }
    }
    levels
}
