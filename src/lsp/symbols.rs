//! Document symbols (the items a page declares, then its headings as an
//! outline) and workspace symbols (every item, found by id or title).

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation,
    SymbolKind, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use super::view::{Answer, PlanView};
use crate::model::{Item, ItemKind, Page};
use crate::parse::{Node, Value};
use crate::source::FileId;

/// Most workspace symbols returned for one query.
const MAX_WORKSPACE_SYMBOLS: usize = 500;

/// How an item kind shows in an editor's symbol list.
pub fn symbol_kind(kind: ItemKind) -> SymbolKind {
    match kind {
        ItemKind::Plan => SymbolKind::PACKAGE,
        ItemKind::Task => SymbolKind::EVENT,
        ItemKind::Milestone => SymbolKind::CONSTANT,
        ItemKind::Risk => SymbolKind::OPERATOR,
        ItemKind::Person => SymbolKind::STRUCT,
    }
}

pub fn document_symbols(
    view: &PlanView<'_>,
    params: DocumentSymbolParams,
) -> Answer<Option<DocumentSymbolResponse>> {
    let Some((path, file, _)) = view.file(&params.text_document.uri) else {
        return Ok(None);
    };
    let plan = &view.analysis.plan;
    let mut symbols: Vec<DocumentSymbol> = plan
        .items
        .iter()
        .filter(|item| item.start.file == file)
        .map(|item| item_symbol(view, file, item))
        .collect();
    if let Some(page) = plan.page_of_file(file) {
        symbols.extend(heading_symbols(view, page));
    }
    if view.client.nested_symbols {
        return Ok(Some(DocumentSymbolResponse::Nested(symbols)));
    }
    let Some(uri) = view.uri(&path) else {
        return Ok(None);
    };
    let mut flat = Vec::new();
    flatten(&uri, symbols, None, &mut flat);
    Ok(Some(DocumentSymbolResponse::Flat(flat)))
}

#[allow(deprecated)]
fn flatten(
    uri: &lsp_types::Uri,
    symbols: Vec<DocumentSymbol>,
    container: Option<&str>,
    flat: &mut Vec<SymbolInformation>,
) {
    for symbol in symbols {
        flat.push(SymbolInformation {
            name: symbol.name.clone(),
            kind: symbol.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), symbol.selection_range),
            container_name: container.map(str::to_string),
        });
        if let Some(children) = symbol.children {
            flatten(uri, children, Some(&symbol.name), flat);
        }
    }
}

#[allow(deprecated)]
fn item_symbol(view: &PlanView<'_>, file: FileId, item: &Item) -> DocumentSymbol {
    let text_len = view.analysis.plan.files[file].text.len();
    let end = if item.is_page_item {
        item.page
            .map_or(text_len, |page| view.analysis.plan.pages[page].body_start)
    } else {
        node_end(&item.fields).max(item.id_span.end)
    };
    let start = item.start.start.min(item.id_span.start);
    DocumentSymbol {
        name: item.id.clone(),
        detail: Some(format!("{}: {}", item.kind.name(), item.title)),
        kind: symbol_kind(item.kind),
        tags: None,
        deprecated: None,
        range: view.range(file, start, end.max(start)),
        selection_range: view.range(file, item.id_span.start, item.id_span.end),
        children: None,
    }
}

/// The end of the last value written in a mapping (its span ends there).
fn node_end(node: &Node) -> usize {
    let mut end = node.span.end;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        end = end.max(node.span.end);
        match &node.value {
            Value::List(items) => pending.extend(items),
            Value::Map(entries) => {
                for (key, value) in entries {
                    end = end.max(key.span.end);
                    pending.push(value);
                }
            }
            _ => {}
        }
    }
    end
}

/// The page's headings, nested by level.
#[allow(deprecated)]
fn heading_symbols(view: &PlanView<'_>, page: &Page) -> Vec<DocumentSymbol> {
    // (level, symbol) of the open headings, outermost first.
    let mut open: Vec<(u8, DocumentSymbol)> = Vec::new();
    let mut done = Vec::new();
    let close = |open: &mut Vec<(u8, DocumentSymbol)>, done: &mut Vec<DocumentSymbol>| {
        let (_, symbol) = open.pop().expect("an open heading");
        match open.last_mut() {
            Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(symbol),
            None => done.push(symbol),
        }
    };
    for heading in &page.outline.headings {
        while open
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            close(&mut open, &mut done);
        }
        let name = if heading.text.is_empty() {
            "(empty heading)".to_string()
        } else {
            heading.text.clone()
        };
        open.push((
            heading.level,
            DocumentSymbol {
                name,
                detail: Some(format!("#{}", heading.anchor)),
                kind: SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range: view.range(
                    page.file,
                    heading.start,
                    heading.section_end.max(heading.end),
                ),
                selection_range: view.range(page.file, heading.start, heading.end),
                children: None,
            },
        ));
    }
    while !open.is_empty() {
        close(&mut open, &mut done);
    }
    done
}

#[allow(deprecated)]
pub fn workspace_symbols(
    view: &PlanView<'_>,
    params: WorkspaceSymbolParams,
) -> Answer<Option<WorkspaceSymbolResponse>> {
    let query = params.query.to_lowercase();
    let plan = &view.analysis.plan;
    let mut found: Vec<SymbolInformation> = plan
        .items
        .iter()
        .filter(|item| matches(&query, &item.id) || matches(&query, &item.title))
        .filter_map(|item| {
            Some(SymbolInformation {
                name: item.id.clone(),
                kind: symbol_kind(item.kind),
                tags: None,
                deprecated: None,
                location: view.location(item.id_span)?,
                container_name: Some(format!("{}: {}", item.kind.name(), item.title)),
            })
        })
        .take(MAX_WORKSPACE_SYMBOLS)
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(WorkspaceSymbolResponse::Flat(found)))
}

/// The query's characters appear in `text` in order (case-insensitive),
/// as editors' fuzzy symbol search expects.
fn matches(query: &str, text: &str) -> bool {
    let mut wanted = query
        .chars()
        .filter(|character| !character.is_whitespace())
        .peekable();
    for character in text.chars().flat_map(char::to_lowercase) {
        if wanted.peek() == Some(&character) {
            wanted.next();
        }
    }
    wanted.peek().is_none()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fuzzy_matching_wants_the_characters_in_order() {
        assert!(super::matches("mig inv", "Migrate invoices"));
        assert!(super::matches("", "anything"));
        assert!(!super::matches("xz", "Migrate"));
    }
}
