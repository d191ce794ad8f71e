//! The documentation that is generated from code stays up to date.

use std::path::Path;

#[test]
fn rules_page_matches_the_rules_documentation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = planbook::lint::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --test docs` and commit it"
    );
}

#[test]
fn every_rule_of_the_format_is_documented_in_the_format_page() {
    let format =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/format.md"))
            .expect("docs/format.md");
    for rule in planbook::lint::rule_names() {
        assert!(
            format.contains(&format!("`{rule}`")),
            "docs/format.md does not mention `{rule}`"
        );
    }
}
