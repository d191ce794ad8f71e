//! SARIF 2.1.0, the shape GitHub code scanning accepts: one run, the rules
//! as `tool.driver.rules`, one result per finding with a physical location.

use serde_json::{json, Value};

use crate::lint::{rules::RULES, LintReport};

pub fn render(report: &LintReport) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name,
                "name": pascal_case(rule.name),
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.doc, "markdown": rule.doc },
                "defaultConfiguration": { "level": rule.default_severity.as_str() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let rule_index = RULES.iter().position(|rule| rule.name == diagnostic.rule).unwrap_or(0);
            let mut result = json!({
                "ruleId": diagnostic.rule,
                "ruleIndex": rule_index,
                "level": diagnostic.severity.as_str(),
                "message": { "text": format!("{}\nhelp: {}", diagnostic.message, diagnostic.help) },
                "locations": [physical_location(&diagnostic.location.file, diagnostic.location.line, diagnostic.location.column, Some((diagnostic.end.line, diagnostic.end.column)))],
                "partialFingerprints": {
                    "planbook/v1": format!("{}:{}:{}", diagnostic.rule, diagnostic.location.file, diagnostic.message),
                },
            });
            if !diagnostic.related.is_empty() {
                result["relatedLocations"] = diagnostic
                    .related
                    .iter()
                    .enumerate()
                    .map(|(index, related)| {
                        let mut location = physical_location(&related.location.file, related.location.line, related.location.column, None);
                        location["id"] = json!(index);
                        location["message"] = json!({ "text": related.message });
                        location
                    })
                    .collect();
            }
            result
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "planbook",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "SRCROOT": { "description": { "text": "The top of the git work tree (the plan root outside git)" } } },
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&document).expect("SARIF always serialises");
    text.push('\n');
    text
}

/// SARIF wants a rule's `name` to differ from its opaque `id`: `MissingOwner`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut characters = word.chars();
            characters
                .next()
                .map(|first| first.to_uppercase().chain(characters).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn physical_location(file: &str, line: usize, column: usize, end: Option<(usize, usize)>) -> Value {
    let mut region = json!({ "startLine": line, "startColumn": column });
    if let Some((end_line, end_column)) = end {
        if (end_line, end_column) > (line, column) {
            region["endLine"] = json!(end_line);
            region["endColumn"] = json!(end_column);
        }
    }
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file, "uriBaseId": "SRCROOT" },
            "region": region,
        }
    })
}
