//! The pages that read the whole plan: home and its dashboard, risk register
//! with heat map, milestones, people, findings, the list of all pages and
//! search; plus the exports and the theme's assets.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{ItemId, ItemKind};

use super::exports::{self, risks_by_score};
use super::heatmap::{build_heat_map, HeatMap, RatedRisk};
use super::layout::{finding_views, FindingView, Layout};
use super::markdown::render_body;
use super::pages::{card, folder_anchor, linker, overview_view, person_load_svg, OverviewView};
use super::status::{plan_status, PlanStatus, LISTED};
use super::views::{risk_band, ItemView, Link};
use super::{
    baseline, board, graph, history, paths, report, search, timeline, Output, SiteBuilder,
    SiteError,
};

pub fn render_aggregates(builder: &SiteBuilder<'_>) -> Result<Vec<Output>, SiteError> {
    type Render = fn(&SiteBuilder<'_>) -> Result<Vec<Output>, SiteError>;
    // All in parallel (serve re-renders them on every save); the outputs
    // keep this order, so a build is the same every time.
    let parts: [Render; 15] = [
        |builder| Ok(vec![render_home(builder)?]),
        |builder| Ok(vec![report::render_report(builder)?]),
        |builder| Ok(vec![render_risks(builder)?]),
        |builder| Ok(vec![render_milestones(builder)?]),
        |builder| Ok(vec![render_people(builder)?]),
        |builder| Ok(vec![render_findings(builder)?]),
        |builder| Ok(vec![render_all_pages(builder)?]),
        |builder| Ok(vec![render_search(builder)?]),
        timeline::render_timelines,
        graph::render_graphs,
        board::render_board,
        |builder| Ok(render_exports(builder)),
        |builder| {
            Ok(history::render_recent_changes(builder)?
                .into_iter()
                .collect())
        },
        |builder| Ok(super::trends::render_trends(builder)?.into_iter().collect()),
        |builder| {
            Ok(baseline::render_baseline_changes(builder)?
                .into_iter()
                .collect())
        },
    ];
    let rendered = parts
        .par_iter()
        .map(|render| render(builder))
        .collect::<Result<Vec<_>, _>>()?;
    let mut outputs: Vec<Output> = rendered.into_iter().flatten().collect();
    for (name, bytes) in &builder.theme.assets {
        outputs.push(Output::new(format!("assets/{name}"), bytes.clone()));
    }
    Ok(outputs)
}

/// The machine-readable exports and the search index (they read the whole plan).
fn render_exports(builder: &SiteBuilder<'_>) -> Vec<Output> {
    let (plan, schedule) = (builder.plan, builder.schedule);
    vec![
        Output::new("plan.json", exports::plan_json(builder)),
        Output::new("tasks.csv", exports::tasks_csv(plan, schedule)),
        Output::new("risks.csv", exports::risks_csv(plan)),
        Output::new(
            "milestones.ics",
            exports::milestones_ics(plan, schedule, builder.title()),
        ),
        Output::new(
            "communication.ics",
            super::communication_ics::communication_ics(plan, schedule, builder.title()),
        ),
        Output::new(
            paths::SEARCH_INDEX,
            search::search_index(plan, &builder.refs),
        ),
    ]
}

fn render(
    builder: &SiteBuilder<'_>,
    template: &str,
    output: &str,
    context: &impl Serialize,
) -> Result<Output, SiteError> {
    let html = builder.theme.render(template, context)?;
    Ok(Output::new(output, html))
}

#[derive(Serialize)]
struct StatusCount {
    status: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct HomeContext {
    #[serde(flatten)]
    layout: Layout,
    title: String,
    title_anchor: Option<String>,
    body_html: Option<String>,
    overview: Option<OverviewView>,
    overview_href: Option<String>,
    status: PlanStatus,
    statuses: Vec<StatusCount>,
    task_count: usize,
    start: Option<chrono::NaiveDate>,
    length: i64,
    critical_path: Vec<Link>,
}

fn render_home(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let plan = builder.plan;
    let linker = linker(builder, paths::HOME);
    let overview = plan
        .items
        .iter()
        .position(|item| item.kind == ItemKind::Plan);
    let overview_page = overview.and_then(|item| plan.items[item].page);
    let body = overview_page.map(|page| {
        let page = &plan.pages[page];
        // The overview's links are relative to its page under `pages/`.
        let output = paths::page_output(&page.path);
        let base = output
            .rsplit_once('/')
            .map_or(String::new(), |(folder, _)| format!("{folder}/"));
        render_body(
            &plan.files[page.file].text[page.body_start..],
            &page.outline.headings,
            plan.config.raw_html,
            &base,
        )
    });
    let statuses = ItemKind::Task
        .statuses()
        .iter()
        .map(|status| StatusCount {
            status,
            count: plan
                .tasks()
                .filter(|(_, task)| task.status == *status)
                .count(),
        })
        .collect();
    let context = HomeContext {
        layout: Layout::new(builder, paths::HOME, builder.title(), paths::HOME),
        title: builder.title().to_string(),
        title_anchor: body.as_ref().and_then(|body| body.title_anchor.clone()),
        body_html: body.map(|body| body.html),
        overview: overview.and_then(|item| overview_view(builder, &linker, item)),
        overview_href: overview.map(|item| linker.path(&builder.refs.item_paths[item])),
        statuses,
        task_count: plan.tasks().count(),
        status: plan_status(builder, &linker).shorten(LISTED),
        start: builder.schedule.start,
        length: builder.schedule.length(&plan.config.calendar),
        critical_path: linker.items(&builder.schedule.critical_path),
    };
    render(builder, "home.html", paths::HOME, &context)
}

#[derive(Serialize)]
struct RiskCellList {
    anchor: String,
    probability: String,
    impact: String,
    score: u32,
    risks: Vec<Link>,
}

#[derive(Serialize)]
struct RisksContext {
    #[serde(flatten)]
    layout: Layout,
    risks: Vec<ItemView>,
    heat_map: HeatMap,
    cells: Vec<RiskCellList>,
    uncovered: Vec<ItemView>,
    threshold: u32,
    scale: u8,
    unrated: usize,
    /// The values each register filter offers (those the risks have).
    filter_values: BTreeMap<&'static str, Vec<String>>,
}

fn render_risks(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let plan = builder.plan;
    let linker = linker(builder, paths::RISKS);
    let threshold = plan.config.contingency_threshold;
    let ordered = risks_by_score(plan);
    let mut rated = Vec::new();
    let mut unrated = 0;
    for &item in &ordered {
        let record = &plan.items[item];
        let Some(risk) = record.as_risk() else {
            continue;
        };
        if record.status == "closed" {
            continue;
        }
        let levels = (
            risk.probability.as_ref().and_then(|rating| rating.level),
            risk.impact.as_ref().and_then(|rating| rating.level),
        );
        match levels {
            (Some(probability), Some(impact)) => rated.push(RatedRisk {
                id: record.id.clone(),
                probability,
                impact,
                residual: risk.residual_score().and_then(|_| risk.residual_levels()),
            }),
            _ => unrated += 1,
        }
    }
    let heat_map = build_heat_map(&rated, plan.config.risk_scale, threshold);
    let level_name = |level: u8| {
        heat_map
            .levels
            .get(usize::from(level).saturating_sub(1))
            .map_or_else(|| level.to_string(), |name| name.to_string())
    };
    let cells = heat_map
        .rows
        .iter()
        .flatten()
        .filter(|cell| cell.count > 0)
        .map(|cell| RiskCellList {
            anchor: cell.anchor.clone(),
            probability: level_name(cell.probability),
            impact: level_name(cell.impact),
            score: cell.score,
            risks: cell.risks.iter().map(|id| linker.id(id)).collect(),
        })
        .collect();
    let uncovered = ordered
        .iter()
        .copied()
        .filter(|item| {
            let record = &plan.items[*item];
            record.status == "open"
                && record.as_risk().is_some_and(|risk| {
                    risk_band(risk.score(), threshold) == "high" && !risk.contingency.is_complete()
                })
        })
        .map(|item| card(builder, &linker, item))
        .collect();
    let mut layout =
        Layout::new(builder, paths::RISKS, "Risk register", paths::RISKS).with_trail(&[]);
    layout.scripts = vec!["assets/register.js".to_string()];
    let context = RisksContext {
        filter_values: register_filter_values(builder, &ordered),
        layout,
        risks: ordered
            .iter()
            .map(|item| card(builder, &linker, *item))
            .collect(),
        heat_map,
        cells,
        uncovered,
        threshold,
        scale: plan.config.risk_scale,
        unrated,
    };
    render(builder, "risks.html", paths::RISKS, &context)
}

/// The distinct statuses, bands, responses and categories of the risks.
fn register_filter_values(
    builder: &SiteBuilder<'_>,
    risks: &[ItemId],
) -> BTreeMap<&'static str, Vec<String>> {
    let plan = builder.plan;
    let threshold = plan.config.contingency_threshold;
    let mut values: BTreeMap<&'static str, std::collections::BTreeSet<String>> = BTreeMap::new();
    for &item in risks {
        let record = &plan.items[item];
        let Some(risk) = record.as_risk() else {
            continue;
        };
        let mut add = |filter: &'static str, value: Option<String>| {
            let set = values.entry(filter).or_default();
            set.extend(value.filter(|value| !value.is_empty()));
        };
        add("status", Some(record.status.clone()));
        add("band", Some(risk_band(risk.score(), threshold).to_string()));
        add(
            "response",
            risk.register.response.as_ref().map(|r| r.value.clone()),
        );
        add("category", risk.register.category.clone());
    }
    values
        .into_iter()
        .map(|(filter, set)| (filter, set.into_iter().collect()))
        .collect()
}

fn milestone_ids(builder: &SiteBuilder<'_>) -> Vec<ItemId> {
    let plan = builder.plan;
    let mut milestones: Vec<ItemId> = (0..plan.items.len())
        .filter(|item| plan.items[*item].kind == ItemKind::Milestone)
        .collect();
    milestones.sort_by_key(|item| {
        (
            builder.schedule.timing(*item).map(|timing| timing.finish),
            plan.items[*item].id.clone(),
            *item,
        )
    });
    milestones
}

#[derive(Serialize)]
struct ListContext<T: Serialize> {
    #[serde(flatten)]
    layout: Layout,
    items: Vec<T>,
}

fn render_milestones(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let linker = linker(builder, paths::MILESTONES);
    let context = ListContext {
        layout: Layout::new(builder, paths::MILESTONES, "Milestones", paths::MILESTONES)
            .with_trail(&[]),
        items: milestone_ids(builder)
            .iter()
            .map(|item| card(builder, &linker, *item))
            .collect(),
    };
    render(builder, "milestones.html", paths::MILESTONES, &context)
}

#[derive(Serialize)]
struct PersonRow {
    link: Link,
    role: Option<String>,
    /// Percent of each working day they give the plan.
    availability: u32,
    leaves: usize,
    /// Weeks with an over-allocated day, from today on.
    over_weeks: usize,
    owns: usize,
    works_on: usize,
    load_svg: Option<String>,
}

#[derive(Serialize)]
struct PeopleContext {
    #[serde(flatten)]
    layout: Layout,
    items: Vec<PersonRow>,
    /// The first week every chart starts at.
    scale_start: Option<chrono::NaiveDate>,
    levelled: bool,
}

fn render_people(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let linker = linker(builder, paths::PEOPLE);
    let index = &builder.refs;
    let rows = index
        .person_ids(builder.plan)
        .into_iter()
        .map(|id| {
            let link = linker.id(&id);
            let person = builder.plan.item(&id).and_then(|item| item.as_person());
            let availability = person.map(|person| &person.availability);
            PersonRow {
                role: person.and_then(|person| person.role.clone()),
                availability: availability.map_or(100, |availability| availability.percent),
                leaves: availability.map_or(0, |availability| availability.leaves.len()),
                over_weeks: builder
                    .load_charts
                    .weeks
                    .get(&id)
                    .map_or(0, |weeks| weeks.iter().filter(|week| week.over).count()),
                owns: index.owned_by.get(&id).map_or(0, Vec::len),
                works_on: index.resource_of.get(&id).map_or(0, Vec::len),
                load_svg: person_load_svg(builder, &id, &link.title),
                link,
            }
        })
        .collect();
    let context = PeopleContext {
        layout: Layout::new(builder, paths::PEOPLE, "People", paths::PEOPLE).with_trail(&[]),
        items: rows,
        scale_start: builder.load_charts.scale.map(|scale| scale.first_monday),
        levelled: builder.schedule.levelled,
    };
    render(builder, "people.html", paths::PEOPLE, &context)
}

#[derive(Serialize)]
struct FindingsContext {
    #[serde(flatten)]
    layout: Layout,
    findings: Vec<FindingView>,
}

fn render_findings(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let layout = Layout::new(builder, paths::FINDINGS, "Findings", paths::FINDINGS).with_trail(&[]);
    let positions: Vec<usize> = (0..builder.report.diagnostics.len()).collect();
    let context = FindingsContext {
        findings: finding_views(builder, &positions, &layout.root),
        layout,
    };
    render(builder, "findings.html", paths::FINDINGS, &context)
}

#[derive(Serialize)]
struct Folder {
    path: String,
    anchor: String,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    title: String,
    href: String,
    kind: &'static str,
    path: String,
}

fn render_all_pages(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let plan = builder.plan;
    let mut folders: BTreeMap<&str, Vec<PageLink>> = BTreeMap::new();
    for page in &plan.pages {
        let folder = page.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        folders.entry(folder).or_default().push(PageLink {
            title: page.title.clone(),
            href: paths::href("", &paths::page_output(&page.path)),
            kind: page.kind.map_or("page", |kind| kind.name()),
            path: page.path.clone(),
        });
    }
    let context = ListContext {
        layout: Layout::new(builder, paths::ALL_PAGES, "All pages", paths::ALL_PAGES)
            .with_trail(&[]),
        items: folders
            .into_iter()
            .map(|(folder, pages)| Folder {
                path: folder.to_string(),
                anchor: folder_anchor(folder),
                pages,
            })
            .collect(),
    };
    render(builder, "pages.html", paths::ALL_PAGES, &context)
}

fn render_search(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let mut layout = Layout::new(builder, paths::SEARCH, "Search", paths::SEARCH).with_trail(&[]);
    layout.scripts = vec![
        paths::SEARCH_INDEX.to_string(),
        "assets/search.js".to_string(),
    ];
    let context = ListContext::<()> {
        layout,
        items: Vec::new(),
    };
    render(builder, "search.html", paths::SEARCH, &context)
}
