//! Which tasks go in which group of the timeline: by workstream when the
//! plan names workstreams, else by the milestone each serves, else all in
//! one; and the milestones, by date.

use std::collections::BTreeMap;

use crate::model::{ItemId, ItemKind};

use super::super::cross_refs::tasks_by_start;
use super::super::SiteBuilder;

pub struct Group {
    pub title: String,
    pub tasks: Vec<ItemId>,
}

/// The group a task belongs to (None: the catch-all group).
type GroupKey<'a> = dyn Fn(ItemId) -> Option<String> + 'a;

/// Tasks by workstream when the plan names workstreams, else by the
/// milestone each serves, else all in one group.
pub fn task_groups(builder: &SiteBuilder<'_>) -> (&'static str, Vec<Group>) {
    let plan = builder.plan;
    let tasks = tasks_by_start(plan, builder.schedule);
    let tasks: Vec<ItemId> = tasks
        .into_iter()
        .filter(|item| builder.schedule.timing(*item).is_some())
        .collect();
    let workstream = |item: ItemId| {
        plan.items[item]
            .as_task()
            .and_then(|task| task.workstream.clone())
    };
    let served = |item: ItemId| {
        builder.refs.dependents[item]
            .iter()
            .find(|next| plan.items[**next].kind == ItemKind::Milestone)
            .map(|milestone| plan.items[*milestone].title.clone())
    };
    let (grouping, key): (&'static str, Box<GroupKey<'_>>) =
        if tasks.iter().any(|item| workstream(*item).is_some()) {
            ("Workstream", Box::new(workstream))
        } else if tasks.iter().any(|item| served(*item).is_some()) {
            ("Milestone", Box::new(served))
        } else {
            ("Group", Box::new(|_| None))
        };
    let mut by_key: BTreeMap<Option<String>, Vec<ItemId>> = BTreeMap::new();
    for item in tasks {
        by_key.entry(key(item)).or_default().push(item);
    }
    let mut groups: Vec<Group> = by_key
        .into_iter()
        .map(|(key, tasks)| Group {
            title: key.unwrap_or_else(|| match grouping {
                "Group" => "Tasks".to_string(),
                _ => format!("No {}", grouping.to_lowercase()),
            }),
            tasks,
        })
        .collect();
    groups.sort_by_key(|group| {
        let first = group
            .tasks
            .first()
            .and_then(|item| builder.schedule.timing(*item))
            .map(|timing| timing.start);
        (first, group.title.clone())
    });
    (grouping, groups)
}

/// Scheduled milestones by forecast, then id.
pub fn milestones_by_date(builder: &SiteBuilder<'_>) -> Vec<ItemId> {
    let plan = builder.plan;
    let mut milestones: Vec<ItemId> = (0..plan.items.len())
        .filter(|item| plan.items[*item].kind == ItemKind::Milestone)
        .filter(|item| builder.schedule.timing(*item).is_some())
        .collect();
    milestones.sort_by_key(|item| {
        (
            builder.schedule.timing(*item).map(|timing| timing.finish),
            plan.items[*item].id.clone(),
        )
    });
    milestones
}
