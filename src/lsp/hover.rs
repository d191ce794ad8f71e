//! Hover: what an id (or a page's `kind` line) stands for. A task or
//! milestone shows its forecast dates, slack and whether it is critical; a
//! risk its score and contingency; a person their current load; a rule id
//! its summary; a link the page it points at.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::index::Role;
use super::plan_files::page_at;
use super::view::{Answer, PlanView};
use crate::lint::find_rule;
use crate::model::calendar::working_days;
use crate::model::{Item, ItemKind, Plan, Risk};
use crate::schedule::Schedule;
use crate::source::Span;

pub fn hover(view: &PlanView<'_>, params: HoverParams) -> Answer<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some(spot) = view.spot(&at.text_document.uri, at.position) else {
        return Ok(None);
    };
    let plan = &view.analysis.plan;
    let (text, span) = if let Some(occurrence) = view.index.at(spot.file_id, spot.offset) {
        let text = match occurrence.role {
            Role::Rule => rule_card(&occurrence.id),
            _ => match plan.item(&occurrence.id) {
                Some(item) => item_card(plan, &view.analysis.schedule, item),
                None => format!("No item `{}` in the plan.", occurrence.id),
            },
        };
        (text, occurrence.span)
    } else if let Some(link) = view.index.link_at(spot.file_id, spot.offset) {
        let text = match page_at(plan, &link.target) {
            Some(page) => match page.item {
                Some(item) => item_card(plan, &view.analysis.schedule, &plan.items[item]),
                None => format!("**{}**\n\n`{}`", page.title, page.path),
            },
            None => format!("No page `{}` in the plan.", link.target),
        };
        (text, Span::new(link.file, link.start, link.end))
    } else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(view.span_range(span)),
    }))
}

fn rule_card(name: &str) -> String {
    match find_rule(name) {
        Some(rule) => format!(
            "**{}** (default: {})\n\n{}",
            rule.name,
            rule.default_severity.as_str(),
            rule.summary
        ),
        None => format!("`{name}` is not a planbook rule (`planbook explain` lists them)."),
    }
}

/// A short Markdown card of an item, with its schedule.
pub fn item_card(plan: &Plan, schedule: &Schedule, item: &Item) -> String {
    let mut card = format!("**{} `{}`**: {}\n\n", item.kind.name(), item.id, item.title);
    let place = match item.page {
        Some(page) => format!("`{}`", plan.pages[page].path),
        None => "`[people]` in planbook.toml".into(),
    };
    let _ = write!(card, "{place} · status: {}", item.status);
    if let Some(owner) = &item.owner {
        let _ = write!(card, " · owner: {}", person_name(plan, &owner.value));
    }
    card.push('\n');
    let item_id = plan.ids.get(&item.id).copied();
    let timing = item_id.and_then(|id| schedule.timing(id));
    match (item.kind, timing) {
        (ItemKind::Task, Some(timing)) => {
            let _ = write!(
                card,
                "\nforecast: {} → {} ({})",
                timing.start,
                timing.finish,
                working_days(timing.duration.into())
            );
            if (timing.planned_start, timing.planned_finish) != (timing.start, timing.finish) {
                let _ = write!(
                    card,
                    "; planned {} → {}",
                    timing.planned_start, timing.planned_finish
                );
            }
            card.push_str(&slack_line(timing.slack, timing.critical));
        }
        (ItemKind::Milestone, Some(timing)) => {
            let _ = write!(card, "\nforecast: reached {}", timing.finish);
            if let Some(target) = timing.target {
                let _ = write!(card, " (target {target}");
                if timing.late > 0 {
                    let _ = write!(card, ", {} late", working_days(timing.late));
                }
                card.push(')');
            }
            card.push_str(&slack_line(timing.slack, timing.critical));
        }
        (ItemKind::Task | ItemKind::Milestone, None) => {
            card.push_str("\nnot scheduled (see the findings on this item)\n");
        }
        _ => {}
    }
    if let Some(risk) = item.as_risk() {
        card.push_str(&risk_lines(plan, risk));
    }
    if item.kind == ItemKind::Person {
        card.push_str(&person_lines(plan, schedule, item));
    }
    if item.kind == ItemKind::Plan {
        if let (Some(start), Some(finish)) = (schedule.start, schedule.finish) {
            let _ = write!(card, "\nplan: {start} → {finish}\n");
        }
    }
    card
}

fn slack_line(slack: i64, critical: bool) -> String {
    let critical = if critical {
        " · **critical path**"
    } else {
        " · not critical"
    };
    format!("\nslack: {}{critical}\n", working_days(slack))
}

fn person_name(plan: &Plan, id: &str) -> String {
    match plan.item(id) {
        Some(person) if person.kind == ItemKind::Person && person.title != id => {
            format!("{} (`{id}`)", person.title)
        }
        _ => format!("`{id}`"),
    }
}

fn risk_lines(plan: &Plan, risk: &Risk) -> String {
    let mut lines = String::new();
    let rating = |rating: &Option<crate::model::Rating>| {
        rating
            .as_ref()
            .map_or_else(|| "unrated".to_string(), |rating| rating.written.clone())
    };
    let _ = write!(
        lines,
        "\nprobability {} × impact {}",
        rating(&risk.probability),
        rating(&risk.impact)
    );
    match risk.score() {
        Some(score) => {
            let threshold = plan.config.contingency_threshold;
            let _ = writeln!(lines, " = score **{score}** (contingency from {threshold})");
        }
        None => lines.push_str(" (no score: a rating is off the scale)\n"),
    }
    let contingency = &risk.contingency;
    match (
        &contingency.trigger,
        &contingency.response,
        &contingency.section,
    ) {
        (_, _, Some(_)) => lines.push_str("\ncontingency: in the page's Contingency section\n"),
        (Some(trigger), Some(response), None) => {
            let _ = write!(lines, "\ncontingency: when {trigger} → {response}\n");
        }
        (Some(_), None, None) => lines.push_str("\ncontingency: a trigger without a response\n"),
        (None, Some(_), None) => lines.push_str("\ncontingency: a response without a trigger\n"),
        (None, None, None) => lines.push_str("\ncontingency: none\n"),
    }
    if let Some(first) = risk.mitigation.first() {
        let _ = write!(
            lines,
            "\nmitigation: {}\n",
            first.lines().next().unwrap_or("")
        );
    }
    if !risk.affects.is_empty() {
        let affected: Vec<String> = risk
            .affects
            .iter()
            .map(|id| format!("`{}`", id.value))
            .collect();
        let _ = write!(lines, "\naffects: {}\n", affected.join(", "));
    }
    lines
}

/// A person's tasks (owned or as a resource) under way on the status date,
/// and what is still ahead of them.
fn person_lines(plan: &Plan, schedule: &Schedule, person: &Item) -> String {
    let mut lines = String::new();
    if let Some(details) = person.as_person() {
        if let Some(role) = &details.role {
            let _ = write!(lines, "\nrole: {role}");
        }
        if let Some(email) = &details.email {
            let _ = write!(lines, " · {email}");
        }
        lines.push('\n');
    }
    let today = schedule.today;
    let mut under_way = Vec::new();
    let mut ahead = 0;
    for (task_id, task) in plan.tasks() {
        if matches!(task.status.as_str(), "done" | "cancelled") {
            continue;
        }
        let assigned = task
            .owner
            .as_ref()
            .is_some_and(|owner| owner.value == person.id)
            || task.as_task().is_some_and(|details| {
                details
                    .resources
                    .iter()
                    .any(|resource| resource.person.value == person.id)
            });
        let Some(timing) = assigned.then(|| schedule.timing(task_id)).flatten() else {
            continue;
        };
        if timing.start <= today && today <= timing.finish {
            under_way.push(format!("`{}`", task.id));
        } else if timing.start > today {
            ahead += 1;
        }
    }
    let shown = under_way.len().min(8);
    let more = match under_way.len() - shown {
        0 => String::new(),
        hidden => format!(" and {hidden} more"),
    };
    let _ = write!(
        lines,
        "\nload on {today}: {} task(s) under way{}{}{more}; {ahead} more ahead\n",
        under_way.len(),
        if shown > 0 { ": " } else { "" },
        under_way[..shown].join(", ")
    );
    lines
}
