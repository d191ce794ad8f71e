//! Go to definition and find references: on an id (dependency, owner,
//! resource, affected item, milestone), on a page's `kind` line, or on a
//! Markdown link to another page (and its `#anchor`).

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams};

use super::index::{PageLink, Role};
use super::plan_files::page_at;
use super::view::{Answer, PlanView};
use crate::model::Item;
use crate::source::Span;

pub fn definition(
    view: &PlanView<'_>,
    params: GotoDefinitionParams,
) -> Answer<Option<GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    let Some(spot) = view.spot(&at.text_document.uri, at.position) else {
        return Ok(None);
    };
    if let Some(occurrence) = view.index.at(spot.file_id, spot.offset) {
        if occurrence.role == Role::Rule {
            return Ok(None);
        }
        let found = view
            .analysis
            .plan
            .item(&occurrence.id)
            .and_then(|item| declaration(view, item));
        return Ok(found.map(GotoDefinitionResponse::Scalar));
    }
    if let Some(link) = view.index.link_at(spot.file_id, spot.offset) {
        return Ok(link_target(view, link).map(GotoDefinitionResponse::Scalar));
    }
    Ok(None)
}

/// Where an item is declared: its written id, else its page's start.
pub fn declaration(view: &PlanView<'_>, item: &Item) -> Option<Location> {
    view.location(declaration_span(item))
}

pub fn declaration_span(item: &Item) -> Span {
    item.id_span
}

/// The page (and heading) a link points at.
fn link_target(view: &PlanView<'_>, link: &PageLink) -> Option<Location> {
    let page = page_at(&view.analysis.plan, &link.target)?;
    let heading = link.anchor.as_ref().and_then(|anchor| {
        page.outline
            .headings
            .iter()
            .find(|heading| heading.anchor == *anchor)
    });
    let span = match heading {
        Some(heading) => Span::new(page.file, heading.start, heading.start),
        None => Span::new(page.file, 0, 0),
    };
    let range = view.range(span.file, span.start, span.end);
    Some(Location::new(view.uri(&page.path)?, range))
}

pub fn references(view: &PlanView<'_>, params: ReferenceParams) -> Answer<Option<Vec<Location>>> {
    let at = params.text_document_position;
    let Some(spot) = view.spot(&at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let plan = &view.analysis.plan;
    let id = match view.index.at(spot.file_id, spot.offset) {
        Some(occurrence) if occurrence.role != Role::Rule => occurrence.id.clone(),
        Some(_) => return Ok(None),
        None => {
            let Some(link) = view.index.link_at(spot.file_id, spot.offset) else {
                return Ok(None);
            };
            let target_item = page_at(plan, &link.target).and_then(|page| page.item);
            match target_item {
                Some(item) => plan.items[item].id.clone(),
                None => return Ok(Some(links_to(view, &link.target))),
            }
        }
    };
    let with_declaration = params.context.include_declaration;
    let mut found: Vec<Location> = view
        .index
        .of_id(&id)
        .filter(|occurrence| match occurrence.role {
            Role::Reference(_) => true,
            Role::Declaration(_) => with_declaration,
            // A page's kind line stands for a declaration only where the
            // id comes from the file name.
            Role::KindLine(item) => {
                with_declaration && plan.items[item].id_span == plan.items[item].start
            }
            Role::Rule => false,
        })
        .filter_map(|occurrence| view.location(occurrence.span))
        .collect();
    if let Some(page) = plan
        .item(&id)
        .filter(|item| item.is_page_item)
        .and_then(|item| item.page)
    {
        found.extend(links_to(view, &plan.pages[page].path));
    }
    found.sort_by(|a, b| {
        (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
            b.uri.as_str(),
            b.range.start.line,
            b.range.start.character,
        ))
    });
    found.dedup();
    Ok(Some(found))
}

/// Every Markdown link to the page at `path`.
fn links_to(view: &PlanView<'_>, path: &str) -> Vec<Location> {
    view.index
        .links_to(path)
        .filter_map(|link| view.location(Span::new(link.file, link.start, link.end)))
        .collect()
}
