//! Field-level changes between two versions of a plan's items (and of
//! planbook.toml): "`api-integration`: duration 6w → 8w", not "tasks.md
//! changed". Values are compared as written, so a change reads the way the
//! author wrote it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::model::Item;
use crate::parse::{Node, Value};
use crate::source::CONFIG_FILE;

/// Keys of a page's front matter that are not fields of its own item: the
/// register lists (their entries are items compared on their own) and the
/// page's lint settings.
const NOT_ITEM_FIELDS: &[&str] = &["tasks", "milestones", "risks", "people", "lint"];

/// One field of one item that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The item's id, or `planbook.toml` for a setting.
    pub id: String,
    /// The item's kind (`task`...), or `settings`.
    #[serde(skip)]
    pub kind: &'static str,
    /// The field, nested keys joined by `.` (`contingency.trigger`). An item
    /// added or removed is a change of its `kind` from or to nothing.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl FieldChange {
    /// "duration 6w → 8w", "date moved 2026-11-30 → 2026-12-14", "added".
    pub fn describe(&self) -> String {
        if self.field == "kind" {
            match (&self.before, &self.after) {
                (None, Some(kind)) => return format!("added ({kind})"),
                (Some(kind), None) => return format!("removed ({kind})"),
                _ => {}
            }
        }
        let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "(none)".into());
        let is_date = |value: &Option<String>| {
            value
                .as_deref()
                .is_some_and(|text| crate::model::field_reader::parse_date(text).is_some())
        };
        let verb = if is_date(&self.before) && is_date(&self.after) {
            " moved"
        } else {
            ""
        };
        format!(
            "{}{verb} {} → {}",
            self.field,
            show(&self.before),
            show(&self.after)
        )
    }
}

/// The field-level changes one commit made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CommitChanges {
    /// Full hex id.
    pub commit: String,
    pub fields: Vec<FieldChange>,
}

/// What changed between the items of one page (or several) before and
/// after: fields of items on both sides, and items that appeared or went.
/// Sorted by id, then field.
pub fn item_changes(before: &[Arc<Item>], after: &[Arc<Item>]) -> Vec<FieldChange> {
    let by_id =
        |items: &[Arc<Item>]| -> BTreeMap<String, (&'static str, BTreeMap<String, String>)> {
            let mut map = BTreeMap::new();
            for item in items {
                map.entry(item.id.clone())
                    .or_insert_with(|| (item.kind.name(), item_fields(item)));
            }
            map
        };
    let (old, new) = (by_id(before), by_id(after));
    let mut changes = Vec::new();
    let ids: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for id in ids {
        match (old.get(id), new.get(id)) {
            (Some((kind, old_fields)), Some((new_kind, new_fields))) => {
                let kind = if kind == new_kind { kind } else { new_kind };
                changes.extend(diff_fields(id, kind, old_fields, new_fields));
            }
            (None, Some((kind, _))) => changes.push(FieldChange {
                id: id.clone(),
                kind,
                field: "kind".into(),
                before: None,
                after: Some(kind.to_string()),
            }),
            (Some((kind, _)), None) => changes.push(FieldChange {
                id: id.clone(),
                kind,
                field: "kind".into(),
                before: Some(kind.to_string()),
                after: None,
            }),
            (None, None) => {}
        }
    }
    changes
}

/// What changed in planbook.toml, key by key (`calendar.holidays`,
/// `people.ana.role`). A file that does not parse compares as empty.
pub fn config_changes(before: Option<&[u8]>, after: Option<&[u8]>) -> Vec<FieldChange> {
    let fields = |bytes: Option<&[u8]>| {
        let mut fields = BTreeMap::new();
        let text = bytes.map(String::from_utf8_lossy).unwrap_or_default();
        if let Ok(root) = crate::parse::toml::parse_toml(&text, 0, 0) {
            flatten("", &root, &mut fields);
        }
        fields
    };
    diff_fields(CONFIG_FILE, "settings", &fields(before), &fields(after)).collect()
}

fn diff_fields<'a>(
    id: &'a str,
    kind: &'static str,
    old: &'a BTreeMap<String, String>,
    new: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = FieldChange> + 'a {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter().filter_map(move |key| {
        let (before, after) = (old.get(key), new.get(key));
        (before != after).then(|| FieldChange {
            id: id.to_string(),
            kind,
            field: key.clone(),
            before: before.cloned(),
            after: after.cloned(),
        })
    })
}

/// An item's written fields, nested mappings flattened to `a.b` keys.
fn item_fields(item: &Item) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    let Some(entries) = item.fields.as_map() else {
        return fields;
    };
    for (key, value) in entries {
        if item.is_page_item && NOT_ITEM_FIELDS.contains(&key.name.as_str()) {
            continue;
        }
        flatten(&key.name, value, &mut fields);
    }
    fields
}

fn flatten(prefix: &str, node: &Node, fields: &mut BTreeMap<String, String>) {
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                let name = if prefix.is_empty() {
                    key.name.clone()
                } else {
                    format!("{prefix}.{}", key.name)
                };
                flatten(&name, value, fields);
            }
        }
        Value::Null => {}
        _ => {
            fields.insert(prefix.to_string(), display_value(node));
        }
    }
}

/// A value as compact text: scalars as written, lists and mappings in
/// flow style (`[a, {id: b, lag: 2d}]`).
pub fn display_value(node: &Node) -> String {
    match &node.value {
        Value::Null => String::new(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(display_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(key, value)| format!("{}: {}", key.name, display_value(value)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        _ => node.scalar_text().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{page_items, Config};

    fn items(text: &str) -> Vec<Arc<Item>> {
        page_items("tasks.md", text.as_bytes().to_vec(), &Config::default())
    }

    #[test]
    fn fields_that_changed_are_listed_as_written() {
        let before = items("---\nkind: task\nid: api-integration\nowner: ravi\nduration: 6w\ncontingency: {}\ntasks:\n  - id: t2\n    duration: 2d\n---\n");
        let after = items("---\nkind: task\nid: api-integration\nowner: lena\nduration: 8w\ndepends_on: [a, {id: b, lag: 2d}]\ntasks:\n  - id: t3\n---\n");
        let described: Vec<String> = item_changes(&before, &after)
            .iter()
            .map(|change| format!("{}: {}", change.id, change.describe()))
            .collect();
        assert_eq!(
            described,
            [
                "api-integration: depends_on (none) → [a, {id: b, lag: 2d}]",
                "api-integration: duration 6w → 8w",
                "api-integration: owner ravi → lena",
                "t2: removed (task)",
                "t3: added (task)",
            ]
        );
    }

    #[test]
    fn dates_move_and_settings_are_compared_key_by_key() {
        let before = items("---\nkind: milestone\nid: go-live\ndate: 2026-11-30\n---\n");
        let after = items("---\nkind: milestone\nid: go-live\ndate: 2026-12-14\n---\n");
        assert_eq!(
            item_changes(&before, &after)[0].describe(),
            "date moved 2026-11-30 → 2026-12-14"
        );
        let changes = config_changes(
            Some(b"start = \"2026-01-05\"\n[people]\nana = { name = \"Ana\" }\n"),
            Some(b"start = \"2026-01-12\"\n[people]\nana = { name = \"Ana\", role = \"Lead\" }\n"),
        );
        let described: Vec<String> = changes.iter().map(FieldChange::describe).collect();
        assert_eq!(
            described,
            [
                "people.ana.role (none) → Lead",
                "start moved 2026-01-05 → 2026-01-12"
            ]
        );
    }
}
