//! `planbook.toml`: plan-wide settings. Every key is optional; unknown keys
//! and bad values are reported like any other, and defaults fill the gaps.

use chrono::NaiveDate;

use super::availability::{read_availability, weekdays};
use super::calendar::Calendar;
use super::field_reader::{FieldReader, Problems};
use super::items::{Availability, Spanned};
use crate::parse::{Key, Node};

const TOP_KEYS: &[&str] = &[
    "title", "start", "output", "theme", "baseline", "exclude", "calendar", "risk", "people",
    "lint", "site", "schedule", "history",
];
const CALENDAR_KEYS: &[&str] = &["workdays", "holidays"];
const RISK_KEYS: &[&str] = &["scale", "contingency_threshold"];
/// A roster entry's keys; `availability`, `workdays` and `leaves` are read
/// by [`super::availability`].
const PERSON_KEYS: &[&str] = &[
    "name",
    "role",
    "email",
    "availability",
    "workdays",
    "leaves",
];
const SITE_KEYS: &[&str] = &[
    "raw_html",
    "base_url",
    "at_risk_slack",
    "at_risk_slip",
    "at_risk_risks",
];
const SCHEDULE_KEYS: &[&str] = &["level"];
const HISTORY_KEYS: &[&str] = &["points"];
/// `[history] points` when it is not set.
pub const DEFAULT_HISTORY_POINTS: usize = 100;

/// The keys of one planbook.toml table, for completion and the schema
/// ([`super::keys`]).
pub(super) fn config_key_group(group: super::keys::KeyGroup) -> &'static [&'static str] {
    use super::keys::KeyGroup;
    match group {
        KeyGroup::Config => TOP_KEYS,
        KeyGroup::Calendar => CALENDAR_KEYS,
        KeyGroup::RiskSettings => RISK_KEYS,
        KeyGroup::RosterPerson => PERSON_KEYS,
        KeyGroup::Site => SITE_KEYS,
        KeyGroup::ScheduleSettings => SCHEDULE_KEYS,
        KeyGroup::HistorySettings => HISTORY_KEYS,
        _ => &[],
    }
}

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
    /// The output folder, inside the plan root (`site` by default).
    pub output: String,
    /// An `output` written in planbook.toml that is not inside the plan
    /// (reported at the key): a build without `--out` refuses to run.
    pub rejected_output: Option<String>,
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
    /// `[history] points`: how many commits the trend charts keep before
    /// thinning them to weeks and months.
    pub history_points: usize,
    /// `[site] at_risk_*`: when the home page's headline says "at risk".
    pub headline: HeadlineSettings,
    /// `[schedule] level = true`: delay work until its people are free.
    pub level: bool,
}

/// The thresholds of the site's headline status (docs/site.md, "The
/// headline"). Plain numbers here; the site stage applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadlineSettings {
    /// A milestone with fewer working days to spare than this is at risk.
    pub at_risk_slack: i64,
    /// A plan finish more than this many working days behind the baseline
    /// is at risk (0: any slip).
    pub at_risk_slip: i64,
    /// This many open risks at or above the contingency threshold make the
    /// plan at risk (0: risks never do).
    pub at_risk_risks: i64,
}

impl Default for HeadlineSettings {
    fn default() -> Self {
        HeadlineSettings {
            at_risk_slack: 3,
            at_risk_slip: 0,
            at_risk_risks: 1,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: None,
            start: None,
            output: "site".into(),
            rejected_output: None,
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
            history_points: DEFAULT_HISTORY_POINTS,
            headline: HeadlineSettings::default(),
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
        match output_inside_root(&output.value) {
            Some(folder) => config.output = folder,
            None => {
                reader.problems.invalid(
                    output.span,
                    format!(
                        "`output` of planbook.toml is `{}`, which is not a folder inside the plan",
                        output.value
                    ),
                    "write a folder below the plan root, such as `site`; to publish elsewhere, run `planbook build --out DIR`",
                );
                config.rejected_output = Some(output.value);
            }
        }
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
    let history = reader.map("history");
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
        config.headline = read_headline_settings(&mut reader);
        reader.reject_unknown(SITE_KEYS);
    }
    if let Some(history) = history {
        let mut reader = FieldReader::new(history, "[history]".into(), problems);
        if let Some(points) = reader.integer("points", 2, 10_000) {
            config.history_points = points.value as usize;
        }
        reader.reject_unknown(HISTORY_KEYS);
    }
    if let Some(schedule) = schedule {
        let mut reader = FieldReader::new(schedule, "[schedule]".into(), problems);
        config.level = reader.boolean("level").unwrap_or(false);
        reader.reject_unknown(SCHEDULE_KEYS);
    }
    config
}

fn read_headline_settings(reader: &mut FieldReader<'_, '_>) -> HeadlineSettings {
    let defaults = HeadlineSettings::default();
    let mut number = |key: &str, default: i64| {
        reader
            .integer(key, 0, 1000)
            .map_or(default, |value| value.value)
    };
    HeadlineSettings {
        at_risk_slack: number("at_risk_slack", defaults.at_risk_slack),
        at_risk_slip: number("at_risk_slip", defaults.at_risk_slip),
        at_risk_risks: number("at_risk_risks", defaults.at_risk_risks),
    }
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
            let name = reader
                .written_text(
                    "name",
                    "write the person's full name, or remove `name` to use the id",
                )
                .map(|name| name.value);
            let role = reader.string("role").map(|role| role.value);
            let email = reader.string("email").map(|email| email.value);
            availability = read_availability(&mut reader);
            reader.reject_unknown(PERSON_KEYS);
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

/// `output` as a folder path below the plan root (`/` separators, no
/// trailing `/`), or None when it names the root itself or a place outside
/// it: an absolute path, or one that climbs out with `..`. A build replaces
/// its output folder, so only `--out` may point outside the plan.
fn output_inside_root(written: &str) -> Option<String> {
    let normalised = written.replace('\\', "/");
    if normalised.starts_with('/') || normalised.get(1..3) == Some(":/") {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in normalised.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod output_tests {
    use super::output_inside_root;

    #[test]
    fn the_output_folder_stays_inside_the_plan() {
        assert_eq!(output_inside_root("site").as_deref(), Some("site"));
        assert_eq!(output_inside_root("./public/").as_deref(), Some("public"));
        assert_eq!(output_inside_root("build/../site").as_deref(), Some("site"));
        for outside in [
            "../outside",
            "/tmp/site",
            "C:/site",
            ".",
            "",
            "a/../..",
            "..\\x",
        ] {
            assert_eq!(output_inside_root(outside), None, "{outside}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_of(text: &str) -> (Config, Problems) {
        let root = crate::parse::toml::parse_toml(text, 0, 0).expect("valid TOML");
        let mut problems = Problems::default();
        (read_config(&root, &mut problems), problems)
    }

    #[test]
    fn headline_settings_default_and_read() {
        let (config, problems) = config_of("title = \"x\"\n");
        assert_eq!(config.headline, HeadlineSettings::default());
        assert!(problems.invalid_values.is_empty());
        let (config, problems) =
            config_of("[site]\nat_risk_slack = 5\nat_risk_slip = 2\nat_risk_risks = 0\n");
        assert_eq!(
            config.headline,
            HeadlineSettings {
                at_risk_slack: 5,
                at_risk_slip: 2,
                at_risk_risks: 0,
            }
        );
        assert!(problems.invalid_values.is_empty() && problems.unknown_keys.is_empty());
    }

    #[test]
    fn a_bad_headline_setting_is_reported_and_defaulted() {
        let (config, problems) = config_of("[site]\nat_risk_slack = -2\n");
        assert_eq!(config.headline.at_risk_slack, 3);
        assert_eq!(problems.invalid_values.len(), 1);
        assert!(problems.invalid_values[0].message.contains("at_risk_slack"));
    }
}
