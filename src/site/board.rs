//! The status board (`board.html`): a column per task status, a card per
//! task with its owner, forecast dates and a late badge. Filtering by
//! workstream and owner happens in the browser (`board.js`, no data
//! loaded, so it works from `file://`); without script every card shows.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::ItemKind;

use super::cross_refs::tasks_by_start;
use super::layout::Layout;
use super::pages::linker;
use super::status::plan_status;
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

#[derive(Serialize)]
struct BoardContext {
    #[serde(flatten)]
    layout: Layout,
    columns: Vec<BoardColumn>,
    workstreams: Vec<String>,
    /// Owners by id and name, for the filter.
    owners: Vec<Link>,
    task_count: usize,
}

pub fn render_board(builder: &SiteBuilder<'_>) -> Result<Output, SiteError> {
    let plan = builder.plan;
    let linker = linker(builder, paths::BOARD);
    let late_now = plan_status(builder, &linker).late_now;
    let cards: Vec<(String, BoardCard)> = tasks_by_start(plan, builder.schedule)
        .into_iter()
        .map(|item| {
            let record = &plan.items[item];
            let timing = builder.schedule.timing(item);
            let link = linker.item(item);
            let late = late_now
                .iter()
                .find(|due| due.link.id == link.id)
                .map(|due| due.words.clone());
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
    let mut layout =
        Layout::new(builder, paths::BOARD, "Status board", paths::BOARD).with_trail(&[]);
    layout.scripts = vec!["assets/board.js".to_string()];
    let context = BoardContext {
        layout,
        columns,
        workstreams: workstreams.into_iter().collect(),
        owners,
        task_count,
    };
    let html = builder.theme.render("board.html", &context)?;
    Ok(Output::new(paths::BOARD, html))
}
