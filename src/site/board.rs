//! The status board (`board.html`): a column per task status, a card per
//! task with its owner, forecast dates and a late badge. Filtering by
//! workstream and owner happens in the browser (`board.js`, no data
//! loaded, so it works from `file://`); without script every card shows.
//! Above [`SPLIT_ABOVE`] tasks, each group of the timeline gets its own
//! board under `board/` and `board.html` counts them, so no page lists
//! every task of a large plan.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{ItemId, ItemKind};

use super::cross_refs::tasks_by_start;
use super::layout::Layout;
use super::pages::linker;
use super::status::plan_status;
use super::timeline::groups::task_groups;
use super::views::Link;
use super::{paths, Output, SiteBuilder, SiteError};

#[derive(Serialize)]
struct BoardCard {
    link: Link,
    owner: Option<Link>,
    workstream: Option<String>,
    start: Option<NaiveDate>,
    finish: Option<NaiveDate>,
    critical: bool,
    progress: Option<u8>,
    /// "2 working days overdue: ..." when the task is late now.
    late: Option<String>,
}

#[derive(Serialize)]
struct BoardColumn {
    status: &'static str,
    cards: Vec<BoardCard>,
}

/// Above this many tasks, one board per group.
pub const SPLIT_ABOVE: usize = 300;

/// A group's board, on the index of a split board.
#[derive(Serialize)]
struct BoardPart {
    title: String,
    href: String,
    /// Tasks per status, in the columns' order.
    counts: Vec<usize>,
    total: usize,
}

#[derive(Serialize)]
struct BoardContext {
    #[serde(flatten)]
    layout: Layout,
    columns: Vec<BoardColumn>,
    statuses: &'static [&'static str],
    parts: Vec<BoardPart>,
    workstreams: Vec<String>,
    /// Owners by id and name, for the filter.
    owners: Vec<Link>,
    task_count: usize,
}

pub fn render_board(builder: &SiteBuilder<'_>) -> Result<Vec<Output>, SiteError> {
    let tasks = tasks_by_start(builder.plan, builder.schedule);
    // Once for all the boards: what is late, by id.
    let late: HashMap<String, String> = plan_status(builder, &linker(builder, paths::BOARD))
        .late_now
        .into_iter()
        .map(|due| (due.link.id, due.words))
        .collect();
    if tasks.len() <= SPLIT_ABOVE {
        let page = render_columns(
            builder,
            &late,
            paths::BOARD,
            "Status board",
            &tasks,
            Vec::new(),
        )?;
        return Ok(vec![page]);
    }
    let (_, groups) = task_groups(builder);
    let mut outputs = Vec::new();
    let mut parts = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for group in groups {
        let base = paths::id_file_stem(&crate::parse::markdown::slugify(&group.title));
        let mut stem = base.clone();
        while !taken.insert(stem.clone()) {
            stem.push('_');
        }
        let output = format!("board/{stem}.html");
        let counts = ItemKind::Task
            .statuses()
            .iter()
            .map(|status| {
                group
                    .tasks
                    .iter()
                    .filter(|item| builder.plan.items[**item].status == *status)
                    .count()
            })
            .collect();
        let title = format!("Status board: {}", group.title);
        outputs.push(render_columns(
            builder,
            &late,
            &output,
            &title,
            &group.tasks,
            Vec::new(),
        )?);
        parts.push(BoardPart {
            title: group.title,
            href: paths::href("", &output),
            counts,
            total: group.tasks.len(),
        });
    }
    outputs.push(render_columns(
        builder,
        &late,
        paths::BOARD,
        "Status board",
        &[],
        parts,
    )?);
    Ok(outputs)
}

fn render_columns(
    builder: &SiteBuilder<'_>,
    late: &HashMap<String, String>,
    output: &str,
    title: &str,
    tasks: &[ItemId],
    parts: Vec<BoardPart>,
) -> Result<Output, SiteError> {
    let plan = builder.plan;
    let linker = linker(builder, output);
    let cards: Vec<(String, BoardCard)> = tasks
        .iter()
        .map(|&item| {
            let record = &plan.items[item];
            let timing = builder.schedule.timing(item);
            let link = linker.item(item);
            let late = late.get(&link.id).cloned();
            let task = record.as_task();
            let card = BoardCard {
                owner: record.owner.as_ref().map(|owner| linker.id(&owner.value)),
                workstream: task.and_then(|task| task.workstream.clone()),
                start: timing.map(|timing| timing.start),
                finish: timing.map(|timing| timing.finish),
                critical: timing.is_some_and(|timing| timing.critical),
                progress: task.and_then(|task| task.progress),
                late,
                link,
            };
            (record.status.clone(), card)
        })
        .collect();
    let workstreams: BTreeSet<String> = cards
        .iter()
        .filter_map(|(_, card)| card.workstream.clone())
        .collect();
    let mut owners: Vec<Link> = cards
        .iter()
        .filter_map(|(_, card)| card.owner.clone())
        .collect();
    owners.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
    owners.dedup_by(|a, b| a.id == b.id);
    let task_count = cards.len();
    let mut columns: Vec<BoardColumn> = ItemKind::Task
        .statuses()
        .iter()
        .map(|status| BoardColumn {
            status,
            cards: Vec::new(),
        })
        .collect();
    for (status, card) in cards {
        // An unknown status (a lint error) has no column; it joins "planned".
        let column = columns
            .iter()
            .position(|column| column.status == status)
            .unwrap_or(0);
        columns[column].cards.push(card);
    }
    let trail = match output == paths::BOARD {
        true => Vec::new(),
        false => vec![("Status board".to_string(), Some(paths::BOARD.to_string()))],
    };
    let mut layout = Layout::new(builder, output, title, paths::BOARD).with_trail(&trail);
    if parts.is_empty() {
        layout.scripts = vec!["assets/board.js".to_string()];
    }
    let context = BoardContext {
        layout,
        columns: if parts.is_empty() {
            columns
        } else {
            Vec::new()
        },
        statuses: ItemKind::Task.statuses(),
        parts,
        workstreams: workstreams.into_iter().collect(),
        owners,
        task_count,
    };
    let html = builder.theme.render("board.html", &context)?;
    Ok(Output::new(output, html))
}
