//! JSON Schema (draft 2020-12) of page front matter, per kind, and of
//! planbook.toml, made from the model's key lists and descriptions
//! ([`crate::model::keys`]), so the schema cannot drift from what the
//! readers accept. For editors without planbook's language server
//! (yaml-language-server, taplo); docs/editors.md says how to map it.
//! Pure: it builds JSON values and never reads a plan.

use serde_json::{json, Map, Value};

use crate::lint::rule_names;
use crate::model::keys::{describe, group_keys, item_keys, KeyGroup, Shape};
use crate::model::{scale_levels, ItemKind};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Which document a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaTarget {
    /// Page front matter: a note or register page, or an item of any kind.
    Page,
    /// planbook.toml.
    Config,
}

pub fn schema(target: SchemaTarget) -> Value {
    match target {
        SchemaTarget::Page => page_schema(),
        SchemaTarget::Config => config_schema(),
    }
}

fn page_schema() -> Value {
    let mut defs = Map::new();
    for kind in ItemKind::ALL {
        defs.insert(format!("{}-page", kind.name()), item_object(kind, true));
        if kind.register_key().is_some() {
            defs.insert(kind.name().to_string(), item_object(kind, false));
        }
    }
    defs.insert("note".into(), group_object(KeyGroup::Page, None));
    for group in [
        KeyGroup::Lint,
        KeyGroup::Dependency,
        KeyGroup::Contingency,
        KeyGroup::Objective,
        KeyGroup::Communication,
        KeyGroup::Scope,
        KeyGroup::Assignment,
        KeyGroup::Leave,
        KeyGroup::Measure,
        KeyGroup::PageMeasure,
        KeyGroup::MeasureTarget,
        KeyGroup::Reading,
    ] {
        defs.insert(group_name(group).into(), group_object(group, None));
    }
    let mut branches: Vec<Value> = ItemKind::ALL
        .iter()
        .map(|kind| {
            json!({
                "if": { "properties": { "kind": { "const": kind.name() } }, "required": ["kind"] },
                "then": { "$ref": format!("#/$defs/{}-page", kind.name()) }
            })
        })
        .collect();
    branches.push(
        json!({ "if": { "not": { "required": ["kind"] } }, "then": { "$ref": "#/$defs/note" } }),
    );
    json!({
        "$schema": DRAFT,
        "title": "planbook page front matter",
        "description": "The front matter of a planbook page: a note or register page without `kind`, or an item (plan, task, milestone, risk, person). Made by `planbook schema page`.",
        "type": "object",
        "properties": { "kind": shape_schema(Shape::Kind, None) },
        "allOf": branches,
        "$defs": defs,
    })
}

fn config_schema() -> Value {
    let mut defs = Map::new();
    for group in [
        KeyGroup::Calendar,
        KeyGroup::RiskSettings,
        KeyGroup::RosterPerson,
        KeyGroup::Site,
        KeyGroup::ScheduleSettings,
        KeyGroup::HistorySettings,
        KeyGroup::Leave,
    ] {
        defs.insert(group_name(group).into(), group_object(group, None));
    }
    let mut schema = group_object(KeyGroup::Config, None);
    let object = schema.as_object_mut().expect("an object schema");
    object.insert("$schema".into(), json!(DRAFT));
    object.insert("title".into(), json!("planbook.toml"));
    object.insert(
        "description".into(),
        json!("Plan-wide settings of a planbook plan. Made by `planbook schema config`."),
    );
    object.insert("$defs".into(), Value::Object(defs));
    schema
}

/// The name of a group's definition in `$defs`.
fn group_name(group: KeyGroup) -> &'static str {
    match group {
        KeyGroup::Lint => "lint",
        KeyGroup::Dependency => "dependency",
        KeyGroup::Contingency => "contingency",
        KeyGroup::Objective => "objective",
        KeyGroup::Communication => "communication",
        KeyGroup::Scope => "scope",
        KeyGroup::Calendar => "calendar",
        KeyGroup::RiskSettings => "risk",
        KeyGroup::RosterPerson => "roster-person",
        KeyGroup::Site => "site",
        KeyGroup::ScheduleSettings => "schedule",
        KeyGroup::HistorySettings => "history",
        KeyGroup::Measure => "measure",
        KeyGroup::PageMeasure => "page-measure",
        KeyGroup::MeasureTarget => "measure-target",
        KeyGroup::Reading => "reading",
        KeyGroup::Assignment => "assignment",
        KeyGroup::Leave => "leave",
        _ => "keys",
    }
}

/// An item's keys: a page's own front matter (`page_item`) or a register entry.
fn item_object(kind: ItemKind, page_item: bool) -> Value {
    let mut properties = Map::new();
    let mut groups = Vec::new();
    if page_item {
        groups.push(KeyGroup::PageOnly);
    }
    groups.extend([KeyGroup::Common, KeyGroup::Kind(kind)]);
    for key in item_keys(kind, page_item) {
        let Some((summary, shape)) = groups.iter().find_map(|group| describe(*group, key)) else {
            continue;
        };
        let mut property = shape_schema(shape, Some(kind));
        if let Some(object) = property.as_object_mut() {
            object.insert("description".into(), json!(summary));
        }
        properties.insert(key.to_string(), property);
    }
    let mut object = json!({
        "type": "object",
        "title": format!("{} {}", kind.name(), if page_item { "page" } else { "register entry" }),
        "properties": properties,
        "additionalProperties": false,
    });
    if !page_item {
        object["required"] = json!(["id"]);
    }
    object
}

fn group_object(group: KeyGroup, kind: Option<ItemKind>) -> Value {
    let mut properties = Map::new();
    for key in group_keys(group) {
        let (summary, shape) = describe(group, key).unwrap_or(("", Shape::Text));
        let mut property = shape_schema(shape, kind);
        if let Some(object) = property.as_object_mut() {
            object.insert("description".into(), json!(summary));
        }
        properties.insert(key.to_string(), property);
    }
    json!({ "type": "object", "properties": properties, "additionalProperties": false })
}

fn scalar() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

fn one_or_many(item: Value) -> Value {
    json!({ "anyOf": [item.clone(), { "type": "array", "items": item }] })
}

/// The schema of a value of `shape` (statuses of `kind` where it matters).
fn shape_schema(shape: Shape, kind: Option<ItemKind>) -> Value {
    let id = json!({ "type": "string", "pattern": "^[\\p{L}\\p{N}._-]+$" });
    match shape {
        Shape::Text => scalar(),
        Shape::Texts => one_or_many(scalar()),
        Shape::Date => json!({ "type": "string", "format": "date" }),
        Shape::Dates => json!({ "type": "array", "items": { "type": "string", "format": "date" } }),
        Shape::Duration => json!({ "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "string", "pattern": "^\\s*[0-9]+\\s*[dw]?\\s*$" }
        ] }),
        Shape::Integer(min, max) => json!({ "anyOf": [
            { "type": "integer", "minimum": min, "maximum": max },
            { "type": "string", "pattern": "^\\s*-?[0-9]+%?\\s*$" }
        ] }),
        Shape::Bool => json!({ "type": "boolean" }),
        Shape::Id(_) => id,
        Shape::Ids(_) => one_or_many(id),
        Shape::Dependencies => {
            one_or_many(json!({ "anyOf": [id, { "$ref": "#/$defs/dependency" }] }))
        }
        Shape::Assignments => {
            one_or_many(json!({ "anyOf": [id, { "$ref": "#/$defs/assignment" }] }))
        }
        Shape::Kind => json!({ "enum": ItemKind::ALL.map(ItemKind::name) }),
        Shape::Status => match kind {
            Some(kind) => json!({ "enum": kind.statuses() }),
            None => json!({ "type": "string" }),
        },
        Shape::Rating => json!({ "anyOf": [
            { "enum": scale_levels(5) },
            { "type": "integer", "minimum": 1, "maximum": 5 }
        ] }),
        Shape::Rules => one_or_many(json!({ "enum": rule_names() })),
        Shape::Weekdays => json!({ "type": "array", "minItems": 1, "items": {
            "type": "string",
            "examples": crate::model::calendar::WEEKDAY_NAMES
        } }),
        Shape::ObjectiveType => json!({ "enum": group_keys(KeyGroup::ObjectiveTypes) }),
        Shape::Map(group) => json!({ "$ref": format!("#/$defs/{}", group_name(group)) }),
        Shape::ListOf(group) => {
            json!({ "type": "array", "items": { "$ref": format!("#/$defs/{}", group_name(group)) } })
        }
        Shape::Objectives => {
            json!({ "type": "array", "items": { "anyOf": [scalar(), { "$ref": "#/$defs/objective" }] } })
        }
        Shape::Register(kind) => {
            json!({ "type": "array", "items": { "$ref": format!("#/$defs/{}", kind.name()) } })
        }
        Shape::Roster => json!({ "type": "object", "additionalProperties": {
            "anyOf": [{ "type": "string" }, { "$ref": "#/$defs/roster-person" }]
        } }),
        Shape::Number => json!({ "anyOf": [
            { "type": "number" },
            { "type": "string", "pattern": "^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$" }
        ] }),
        Shape::OneOf(words) => json!({ "enum": words }),
        Shape::TextOrMap(group) => json!({ "anyOf": [
            { "type": "string" },
            { "$ref": format!("#/$defs/{}", group_name(group)) }
        ] }),
        Shape::LintLevels => json!({
            "type": "object",
            "propertyNames": { "enum": rule_names() },
            "additionalProperties": { "enum": ["error", "warning", "off"] }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::all_groups;

    /// The properties a schema object lists.
    fn properties<'a>(schema: &'a Value, def: &str) -> Vec<&'a str> {
        let object = if def.is_empty() {
            schema
        } else {
            &schema["$defs"][def]
        };
        object["properties"]
            .as_object()
            .map(|properties| properties.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn every_known_key_is_in_the_schema() {
        let page = schema(SchemaTarget::Page);
        let config = schema(SchemaTarget::Config);
        for kind in ItemKind::ALL {
            let mut keys = item_keys(kind, true);
            keys.sort();
            let mut listed = properties(&page, &format!("{}-page", kind.name()));
            listed.sort();
            assert_eq!(listed, keys, "{} page", kind.name());
            if kind.register_key().is_some() {
                let mut keys = item_keys(kind, false);
                keys.sort();
                let mut listed = properties(&page, kind.name());
                listed.sort();
                assert_eq!(listed, keys, "{} entry", kind.name());
            }
        }
        for group in all_groups() {
            let (document, def) = match group {
                KeyGroup::Page => (&page, "note"),
                KeyGroup::Config => (&config, ""),
                KeyGroup::Calendar
                | KeyGroup::RiskSettings
                | KeyGroup::RosterPerson
                | KeyGroup::Site
                | KeyGroup::ScheduleSettings
                | KeyGroup::HistorySettings => (&config, group_name(group)),
                KeyGroup::PageOnly
                | KeyGroup::Common
                | KeyGroup::Kind(_)
                | KeyGroup::ObjectiveTypes => continue,
                _ => (&page, group_name(group)),
            };
            for key in group_keys(group) {
                assert!(
                    properties(document, def).contains(key),
                    "{group:?} `{key}` is not in the schema"
                );
            }
        }
    }

    #[test]
    fn kinds_select_their_definitions() {
        let page = schema(SchemaTarget::Page);
        assert_eq!(page["$schema"], DRAFT);
        assert_eq!(page["allOf"][1]["then"]["$ref"], "#/$defs/task-page");
        assert_eq!(
            page["$defs"]["task-page"]["properties"]["status"]["enum"][1],
            "active"
        );
        assert_eq!(page["$defs"]["task"]["required"][0], "id");
        let config = schema(SchemaTarget::Config);
        assert!(config["properties"]["lint"]["propertyNames"]["enum"]
            .as_array()
            .is_some_and(|rules| rules.contains(&json!("missing-owner"))));
    }
}
