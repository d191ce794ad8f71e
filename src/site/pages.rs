//! One page per Markdown file (its body, and its item's card when it is an
//! item), and one generated page per item that has no page of its own
//! (register entries and the planbook.toml roster).

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Details, ItemId, ItemKind, PageId};

use super::baseline::slip_view;
use super::history::{history_block, HistoryBlock};
use super::layout::{finding_views, FindingView, Layout};
use super::markdown::render_body;
use super::views::{item_view, ItemView, Link, Linker};
use super::{paths, Output, SiteBuilder, SiteError};

#[derive(Serialize)]
struct PageContext {
    #[serde(flatten)]
    layout: Layout,
    title: String,
    title_anchor: Option<String>,
    body_html: String,
    item: Option<ItemView>,
    overview: Option<OverviewView>,
    /// Items declared in this page's register lists (`tasks:`, `risks:`...).
    register: Vec<ItemView>,
    findings: Vec<FindingView>,
    source: String,
    /// Last change and latest commits, when the build has git history.
    history: Option<HistoryBlock>,
}

#[derive(Serialize)]
struct ItemContext {
    #[serde(flatten)]
    layout: Layout,
    item: ItemView,
    declared_in: Option<Link>,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    pub id: Option<String>,
    pub title: String,
    pub kind: Option<String>,
    pub measure: Option<String>,
    pub milestone: Option<Link>,
    /// "at least 99.5%", when the measure has a target.
    pub target: Option<String>,
    /// The latest reading, as "98.9% on 2026-10-02".
    pub latest: Option<String>,
}

#[derive(Serialize)]
pub struct CommunicationView {
    pub channel: Option<String>,
    pub audience: Option<String>,
    pub frequency: Option<String>,
    pub owner: Option<Link>,
}

#[derive(Serialize)]
pub struct OverviewView {
    pub objectives: Vec<ObjectiveView>,
    pub scope_in: Vec<String>,
    pub scope_out: Vec<String>,
    pub stakeholders: Vec<Link>,
    pub communication: Vec<CommunicationView>,
}

pub fn render_page(builder: &SiteBuilder<'_>, page_id: PageId) -> Result<Vec<Output>, SiteError> {
    let plan = builder.plan;
    let page = &plan.pages[page_id];
    let output = paths::page_output(&page.path);
    let linker = linker(builder, &output);
    let file = &plan.files[page.file];
    let body = render_body(
        &file.text[page.body_start..],
        &page.outline.headings,
        plan.config.raw_html,
        "",
    );
    let item = page.item.map(|item| card(builder, &linker, item));
    let (trail, section) = match page.item.map(|item| plan.items[item].kind) {
        Some(kind) => kind_trail(kind),
        None => folder_trail(&page.path),
    };
    let layout = Layout::new(builder, &output, &page.title, section).with_trail(&trail);
    let mut outputs = Vec::new();
    let register: Vec<ItemId> = page
        .items
        .iter()
        .copied()
        .filter(|item| Some(*item) != page.item)
        .collect();
    for &item in &register {
        if paths::has_generated_page(plan, item) {
            outputs.push(render_item(builder, item)?);
        }
    }
    let context = PageContext {
        title: page.title.clone(),
        title_anchor: body.title_anchor,
        body_html: body.html,
        overview: page
            .item
            .and_then(|item| overview_view(builder, &linker, item)),
        item,
        register: register
            .iter()
            .map(|item| card(builder, &linker, *item))
            .collect(),
        findings: page_findings(builder, &page.path, &layout.root),
        source: page.path.clone(),
        history: history_block(builder, &page.path, &layout.root),
        layout,
    };
    let html = builder.theme.render("page.html", &context)?;
    outputs.push(Output::new(output, html));
    Ok(outputs)
}

pub fn render_roster_items(builder: &SiteBuilder<'_>) -> Result<Vec<Output>, SiteError> {
    let plan = builder.plan;
    // In parallel: serve renders these on every save.
    (0..plan.items.len())
        .into_par_iter()
        .filter(|item| plan.items[*item].page.is_none() && paths::has_generated_page(plan, *item))
        .map(|item| render_item(builder, item))
        .collect()
}

/// The generated page of an item declared in a register list or the roster.
fn render_item(builder: &SiteBuilder<'_>, item: ItemId) -> Result<Output, SiteError> {
    let plan = builder.plan;
    let record = &plan.items[item];
    let output = builder.refs.item_paths[item].clone();
    let linker = linker(builder, &output);
    let (trail, section) = kind_trail(record.kind);
    let view = card(builder, &linker, item);
    let layout = Layout::new(builder, &output, &view_title(&view), section).with_trail(&trail);
    let declared_in = record.page.map(|page| {
        let page = &plan.pages[page];
        Link {
            id: page.path.clone(),
            title: page.title.clone(),
            href: Some(linker.path(&paths::page_output(&page.path))),
        }
    });
    let source = record.page.map(|page| plan.pages[page].path.clone());
    let findings = match &source {
        Some(path) => page_findings(builder, path, &layout.root)
            .into_iter()
            .filter(|finding| finding.message.contains(&format!("`{}`", record.id)))
            .collect(),
        None => Vec::new(),
    };
    let context = ItemContext {
        layout,
        item: view,
        declared_in,
        findings,
    };
    let html = builder.theme.render("item.html", &context)?;
    Ok(Output::new(output, html))
}

fn view_title(view: &ItemView) -> String {
    view.person
        .as_ref()
        .and_then(|person| person.name.clone())
        .unwrap_or_else(|| view.title.clone())
}

pub fn linker<'b>(builder: &'b SiteBuilder<'_>, output: &str) -> Linker<'b> {
    Linker {
        plan: builder.plan,
        schedule: builder.schedule,
        refs: &builder.refs,
        root: paths::root_prefix(output),
    }
}

/// An item's card data, with the load chart for people.
pub fn card(builder: &SiteBuilder<'_>, linker: &Linker<'_>, item: ItemId) -> ItemView {
    let record = &builder.plan.items[item];
    let load = match record.kind {
        ItemKind::Person => person_load_svg(builder, &record.id, &view_name(record)),
        _ => None,
    };
    let mut view = item_view(linker, item, load);
    view.slip = slip_view(builder, &record.id, record.kind);
    view.trend = super::trends::item_trend(builder, &record.id, record.kind);
    view
}

fn view_name(record: &crate::model::Item) -> String {
    record
        .as_person()
        .and_then(|person| person.name.clone())
        .unwrap_or_else(|| record.title.clone())
}

/// The weekly load chart of a person, on the scale all charts share.
pub fn person_load_svg(builder: &SiteBuilder<'_>, person: &str, name: &str) -> Option<String> {
    builder.load_charts.svg(person, name)
}

pub fn overview_view(
    builder: &SiteBuilder<'_>,
    linker: &Linker<'_>,
    item: ItemId,
) -> Option<OverviewView> {
    let Details::Plan(overview) = &builder.plan.items[item].details else {
        return None;
    };
    let person = |id: &str| linker.id(id);
    Some(OverviewView {
        objectives: overview
            .objectives
            .iter()
            .map(|objective| ObjectiveView {
                target: objective.target.as_ref().map(|target| {
                    let direction = match target.better {
                        crate::model::Better::Higher => "at least",
                        crate::model::Better::Lower => "at most",
                    };
                    format!(
                        "{direction} {}{}",
                        target.value,
                        target.unit.as_deref().unwrap_or("")
                    )
                }),
                latest: builder
                    .plan
                    .measures()
                    .into_iter()
                    .find(|measure| measure.objective.start == objective.start)
                    .and_then(|measure| measure.readings.last().cloned())
                    .map(|reading| {
                        let unit = objective
                            .target
                            .as_ref()
                            .and_then(|t| t.unit.clone())
                            .unwrap_or_default();
                        format!("{}{unit} on {}", reading.value, reading.date)
                    }),
                id: objective.id.clone(),
                title: objective.title.clone(),
                kind: objective.kind.clone(),
                measure: objective.measure.clone(),
                milestone: objective
                    .milestone
                    .as_ref()
                    .map(|milestone| linker.id(&milestone.value)),
            })
            .collect(),
        scope_in: overview.scope_in.clone(),
        scope_out: overview.scope_out.clone(),
        stakeholders: overview.stakeholders.iter().map(|id| person(id)).collect(),
        communication: overview
            .communication
            .iter()
            .map(|entry| CommunicationView {
                channel: entry.channel.clone(),
                audience: entry.audience.clone(),
                frequency: entry.frequency.clone(),
                owner: entry.owner.as_ref().map(|owner| person(&owner.value)),
            })
            .collect(),
    })
}

fn page_findings(builder: &SiteBuilder<'_>, path: &str, root: &str) -> Vec<FindingView> {
    match builder.refs.findings_by_file.get(path) {
        Some(positions) => finding_views(builder, positions, root),
        None => Vec::new(),
    }
}

/// Breadcrumb trail and navigation section of an item page, by kind.
fn kind_trail(kind: ItemKind) -> (Vec<(String, Option<String>)>, &'static str) {
    let section = match kind {
        ItemKind::Task => paths::TIMELINE,
        ItemKind::Milestone => paths::MILESTONES,
        ItemKind::Risk => paths::RISKS,
        ItemKind::Person => paths::PEOPLE,
        ItemKind::Plan => return (Vec::new(), paths::HOME),
    };
    let title = match kind {
        ItemKind::Task => "Timeline",
        ItemKind::Milestone => "Milestones",
        ItemKind::Risk => "Risks",
        _ => "People",
    };
    (
        vec![(title.to_string(), Some(section.to_string()))],
        section,
    )
}

/// A note's trail: the list of all pages, at its folder.
fn folder_trail(path: &str) -> (Vec<(String, Option<String>)>, &'static str) {
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut trail = vec![("Pages".to_string(), Some(paths::ALL_PAGES.to_string()))];
    if !folder.is_empty() {
        trail.push((
            folder.to_string(),
            Some(format!("{}#{}", paths::ALL_PAGES, folder_anchor(folder))),
        ));
    }
    (trail, paths::ALL_PAGES)
}

/// The anchor of a folder's section on the all-pages list.
pub fn folder_anchor(folder: &str) -> String {
    if folder.is_empty() {
        "folder-top".to_string()
    } else {
        format!("folder-{}", paths::id_file_stem(folder))
    }
}
