//! Renaming an id, from its declaration or any use: every reference
//! changes, and the declaration: the `id:` field or `[people]` key, or,
//! for a page whose id is its file name, the file (with the links to it),
//! or an added `id:` line where the client cannot rename files.

use lsp_types::{PrepareRenameResponse, RenameParams, TextDocumentPositionParams, WorkspaceEdit};

use super::edits::EditSet;
use super::index::{id_bytes, Occurrence, Role};
use super::view::{Answer, PlanView, RequestError};
use crate::model::field_reader::is_valid_id;
use crate::model::{Item, ItemId, Page};
use crate::parse::FrontMatterFormat;
use crate::source::Span;

pub fn prepare(
    view: &PlanView<'_>,
    params: TextDocumentPositionParams,
) -> Answer<Option<PrepareRenameResponse>> {
    let (occurrence, _) = renamable(view, &params)?;
    let span = editable_span(view, occurrence);
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: view.span_range(span),
        placeholder: occurrence.id.clone(),
    }))
}

/// The id under the cursor and the item it names, or why it cannot be renamed.
fn renamable<'v>(
    view: &PlanView<'v>,
    params: &TextDocumentPositionParams,
) -> Answer<(&'v Occurrence, ItemId)> {
    let spot = view
        .spot(&params.text_document.uri, params.position)
        .ok_or_else(|| RequestError::failed("this file is not part of the plan"))?;
    let occurrence = view.index.at(spot.file_id, spot.offset).ok_or_else(|| {
        RequestError::failed("only ids can be renamed: put the cursor on an id, an owner, a dependency or a page's `kind` line")
    })?;
    if occurrence.role == Role::Rule {
        return Err(RequestError::failed(format!(
            "`{}` is a rule id; rules keep their names",
            occurrence.id
        )));
    }
    let item = match occurrence.role {
        Role::Declaration(item) | Role::KindLine(item) => item,
        _ => *view.analysis.plan.ids.get(&occurrence.id).ok_or_else(|| {
            RequestError::failed(format!(
                "`{}` names no item, so there is nothing to rename; fix the reference instead",
                occurrence.id
            ))
        })?,
    };
    Ok((occurrence, item))
}

/// The bytes a rename replaces at an occurrence (the id without quotes).
fn editable_span(view: &PlanView<'_>, occurrence: &Occurrence) -> Span {
    if let Role::KindLine(_) = occurrence.role {
        return occurrence.span;
    }
    let text = &view.analysis.plan.files[occurrence.span.file].text;
    id_bytes(text, occurrence.span, &occurrence.id).unwrap_or(occurrence.span)
}

pub fn rename(view: &PlanView<'_>, params: RenameParams) -> Answer<Option<WorkspaceEdit>> {
    let new_id = params.new_name.trim().to_string();
    if !is_valid_id(&new_id) {
        return Err(RequestError::invalid_params(format!(
            "`{new_id}` is not a valid id: ids use letters, digits, `-`, `_` and `.` only"
        )));
    }
    let (_, item_id) = renamable(view, &params.text_document_position)?;
    let plan = &view.analysis.plan;
    let item = &plan.items[item_id];
    if new_id == item.id {
        return Ok(Some(WorkspaceEdit::default()));
    }
    // Ids that differ only in letter case collide where file names ignore
    // case (the `id-case-collision` rule): refuse those too, but let an id
    // change its own case.
    let taken = plan.items.iter().enumerate().find(|(other, candidate)| {
        *other != item_id
            && candidate.id != item.id
            && candidate.id.to_lowercase() == new_id.to_lowercase()
    });
    if let Some((_, taken)) = taken {
        let how = if taken.id == new_id {
            "already".to_string()
        } else {
            format!("but for letter case (`{}`)", taken.id)
        };
        return Err(RequestError::failed(format!(
            "`{new_id}` is {how} the id of the {} `{}`",
            taken.kind.name(),
            taken.title
        )));
    }
    let mut edits = EditSet::default();
    // A second declaration of a duplicate id is renamed alone: the
    // references mean the first.
    let is_first = plan.ids.get(&item.id) == Some(&item_id);
    if is_first {
        for reference in view
            .index
            .of_id(&item.id)
            .filter(|found| matches!(found.role, Role::Reference(_)))
        {
            edits.replace(editable_span(view, reference), new_id.clone());
        }
    }
    rename_declaration(view, item, &new_id, &mut edits)?;
    Ok(Some(edits.into_workspace_edit(view)))
}

fn rename_declaration(
    view: &PlanView<'_>,
    item: &Item,
    new_id: &str,
    edits: &mut EditSet,
) -> Answer<()> {
    let plan = &view.analysis.plan;
    let written = item.id_span != item.start || item.page.is_none();
    if written {
        let text = &plan.files[item.id_span.file].text;
        let span = id_bytes(text, item.id_span, &item.id).unwrap_or(item.id_span);
        edits.replace(span, new_id);
        return Ok(());
    }
    let page = &plan.pages[item.page.expect("a page item: its id is its file name")];
    if view.client.rename_files {
        let folder = page.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let new_path = if folder.is_empty() {
            format!("{new_id}.md")
        } else {
            format!("{folder}/{new_id}.md")
        };
        if view.documents.root().join(&new_path).exists()
            || super::plan_files::page_at(plan, &new_path).is_some()
        {
            return Err(RequestError::failed(format!("`{new_path}` already exists")));
        }
        rename_links(view, page, &item.id, new_id, edits);
        edits.rename_file(page.path.clone(), new_path);
    } else {
        add_id_line(view, page, new_id, edits);
    }
    Ok(())
}

/// Links to the renamed page name its new file.
fn rename_links(view: &PlanView<'_>, page: &Page, old_id: &str, new_id: &str, edits: &mut EditSet) {
    let old_name = format!("{old_id}.md");
    for link in view.index.links_to(&page.path) {
        let text = &view.analysis.plan.files[link.file].text;
        let Some(written) = text.get(link.start..link.end) else {
            continue;
        };
        let found = written.rmatch_indices(&old_name).find(|(at, _)| {
            let before = written[..*at].chars().next_back();
            before.is_none_or(|character| {
                !(character.is_alphanumeric() || matches!(character, '-' | '_' | '.'))
            })
        });
        if let Some((at, _)) = found {
            let start = link.start + at;
            edits.replace(
                Span::new(link.file, start, start + old_name.len()),
                format!("{new_id}.md"),
            );
        }
    }
}

/// The page keeps its file name and gets an `id` in its front matter.
fn add_id_line(view: &PlanView<'_>, page: &Page, new_id: &str, edits: &mut EditSet) {
    let text = &view.analysis.plan.files[page.file].text;
    let line_end = text[page.opening..]
        .find('\n')
        .map_or(text.len(), |end| page.opening + end + 1);
    let line = match page.format {
        Some(FrontMatterFormat::Toml) => format!("id = \"{new_id}\"\n"),
        _ => format!("id: {new_id}\n"),
    };
    edits.insert(page.file, line_end, line);
}
