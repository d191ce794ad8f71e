//! The client-side search index: one small entry per page and item (title,
//! kind, id, headings, tags), written as a script so that it loads from
//! `file://` too, where browsers refuse to fetch JSON.

use serde::Serialize;

use crate::model::Plan;

use super::cross_refs::CrossRefs;
use super::paths;

#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// Site path of the page.
    u: String,
    /// Kind: an item kind, or `page`.
    k: &'a str,
    /// Item id, or the page's file path.
    i: &'a str,
    /// Other words worth matching: headings, tags, owner.
    x: String,
}

pub fn search_index(plan: &Plan, index: &CrossRefs) -> Vec<u8> {
    let mut entries = Vec::with_capacity(plan.pages.len() + plan.items.len());
    for page in &plan.pages {
        let item = page.item.map(|item| &plan.items[item]);
        let mut words: Vec<&str> = page
            .outline
            .headings
            .iter()
            .skip(1)
            .map(|heading| heading.text.as_str())
            .collect();
        words.extend(page.tags.iter().map(String::as_str));
        if let Some(owner) = item.and_then(|item| item.owner.as_ref()) {
            words.push(&owner.value);
        }
        entries.push(Entry {
            t: &page.title,
            u: paths::encode_href(&paths::page_output(&page.path)),
            k: item.map_or("page", |item| item.kind.name()),
            i: item.map_or(page.path.as_str(), |item| item.id.as_str()),
            x: words.join(" "),
        });
    }
    for (item, record) in plan.items.iter().enumerate() {
        if !paths::has_generated_page(plan, item) {
            continue;
        }
        let mut words: Vec<&str> = record.tags.iter().map(String::as_str).collect();
        if let Some(owner) = &record.owner {
            words.push(&owner.value);
        }
        let title = match record.as_person().and_then(|person| person.name.as_deref()) {
            Some(name) => name,
            None => &record.title,
        };
        entries.push(Entry {
            t: title,
            u: index.item_paths[item].clone(),
            k: record.kind.name(),
            i: &record.id,
            x: words.join(" "),
        });
    }
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    format!("window.PLANBOOK_SEARCH = {json};\n").into_bytes()
}
