//! Cross-references the site needs again and again (who owns what, which
//! risks affect an item, what feeds a milestone), computed once from the
//! plan and schedule so each page is a lookup, not a search.

use std::collections::BTreeMap;

use crate::lint::LintReport;
use crate::model::{ItemId, ItemKind, Plan};
use crate::schedule::Schedule;

use super::paths;

#[derive(Debug, Default)]
pub struct CrossRefs {
    /// Site path of each item's page, by item id.
    pub item_paths: Vec<String>,
    /// Items that depend directly on each item.
    pub dependents: Vec<Vec<ItemId>>,
    /// Direct predecessors (tasks and milestones) of each item.
    pub predecessors: Vec<Vec<ItemId>>,
    /// Risks whose `affects` names each item.
    pub risks_affecting: Vec<Vec<ItemId>>,
    /// Items each person is accountable for, by person id.
    pub owned_by: BTreeMap<String, Vec<ItemId>>,
    /// Tasks each person works on as a resource, by person id.
    pub resource_of: BTreeMap<String, Vec<ItemId>>,
    /// Indexes into the lint report's diagnostics, by file path.
    pub findings_by_file: BTreeMap<String, Vec<usize>>,
}

impl CrossRefs {
    pub fn build(plan: &Plan, schedule: &Schedule, report: &LintReport) -> CrossRefs {
        let count = plan.items.len();
        let mut index = CrossRefs {
            item_paths: (0..count)
                .map(|item| paths::item_output(plan, item))
                .collect(),
            dependents: vec![Vec::new(); count],
            predecessors: vec![Vec::new(); count],
            risks_affecting: vec![Vec::new(); count],
            ..CrossRefs::default()
        };
        for (item, edges) in schedule.graph.successors.iter().enumerate() {
            for edge in edges {
                index.dependents[item].push(edge.to);
                index.predecessors[edge.to].push(item);
            }
        }
        for (item, record) in plan.items.iter().enumerate() {
            if let Some(owner) = &record.owner {
                index
                    .owned_by
                    .entry(owner.value.clone())
                    .or_default()
                    .push(item);
            }
            if let Some(task) = record.as_task() {
                for resource in &task.resources {
                    index
                        .resource_of
                        .entry(resource.person.value.clone())
                        .or_default()
                        .push(item);
                }
            }
            if let Some(risk) = record.as_risk() {
                for affected in &risk.affects {
                    if let Some(&target) = plan.ids.get(&affected.value) {
                        index.risks_affecting[target].push(item);
                    }
                }
            }
        }
        for list in index
            .dependents
            .iter_mut()
            .chain(index.predecessors.iter_mut())
            .chain(index.risks_affecting.iter_mut())
        {
            list.sort_unstable();
            list.dedup();
        }
        for (position, diagnostic) in report.diagnostics.iter().enumerate() {
            index
                .findings_by_file
                .entry(diagnostic.location.file.clone())
                .or_default()
                .push(position);
        }
        index
    }

    /// People known to the plan: the roster, plus anyone named as an owner
    /// or resource (so an empty roster still gets a people page).
    pub fn person_ids(&self, plan: &Plan) -> Vec<String> {
        let mut ids: Vec<String> = plan.people().map(|person| person.id.clone()).collect();
        ids.extend(self.owned_by.keys().cloned());
        ids.extend(self.resource_of.keys().cloned());
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Tasks in a stable display order: by computed start, finish, then id.
pub fn tasks_by_start(plan: &Plan, schedule: &Schedule) -> Vec<ItemId> {
    let mut tasks: Vec<ItemId> = plan
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == ItemKind::Task)
        .map(|(item, _)| item)
        .collect();
    tasks.sort_by(|a, b| {
        let key = |item: &ItemId| {
            let timing = schedule.timing(*item);
            (
                timing.map(|timing| timing.start),
                timing.map(|timing| timing.finish),
                plan.items[*item].id.clone(),
                *item,
            )
        };
        key(a).cmp(&key(b))
    });
    tasks
}
