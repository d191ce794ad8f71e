//! What templates see of a person: who they are, when they can work
//! (availability, own weekdays, leaves), what they are accountable for,
//! and their assignments in date order with the status of each.

use chrono::NaiveDate;
use serde::Serialize;

use super::views::{Link, Linker};
use crate::model::calendar::WEEKDAY_NAMES;
use crate::model::{ItemId, ItemKind, Person};

#[derive(Debug, Serialize)]
pub struct PersonView {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub owns: Vec<Link>,
    pub works_on: Vec<Link>,
    /// Percent of each working day they give the plan.
    pub availability: u32,
    /// Their own weekdays (`mon`...), when they differ from the plan's.
    pub workdays: Option<Vec<&'static str>>,
    pub leaves: Vec<LeaveView>,
    /// The tasks they own or work, by forecast start.
    pub assignments: Vec<AssignmentView>,
    /// Weekly load chart (inline SVG), when the person has scheduled work.
    pub load_svg: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LeaveView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: Option<String>,
}

/// One task of a person.
#[derive(Debug, Serialize)]
pub struct AssignmentView {
    pub task: Link,
    /// Accountable for it (its owner).
    pub accountable: bool,
    /// The share of their time it takes when they work it.
    pub allocation: Option<u32>,
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    pub status: String,
    pub critical: bool,
}

pub fn person_view(
    linker: &Linker<'_>,
    id: &str,
    person: &Person,
    load_svg: Option<String>,
) -> PersonView {
    let refs = linker.refs;
    let empty = Vec::new();
    let owned = refs.owned_by.get(id).unwrap_or(&empty);
    let worked = refs.resource_of.get(id).unwrap_or(&empty);
    let availability = &person.availability;
    PersonView {
        name: person.name.clone(),
        role: person.role.clone(),
        email: person.email.clone(),
        owns: linker.items(owned),
        works_on: linker.items(worked),
        availability: availability.percent,
        workdays: availability.workdays.map(|days| {
            WEEKDAY_NAMES
                .iter()
                .zip(days)
                .filter(|(_, works)| *works)
                .map(|(name, _)| *name)
                .collect()
        }),
        leaves: availability
            .leaves
            .iter()
            .map(|leave| LeaveView {
                from: leave.from,
                to: leave.to,
                reason: leave.reason.clone(),
            })
            .collect(),
        assignments: assignments(linker, id, owned, worked),
        load_svg,
    }
}

/// The tasks `id` owns or works, by forecast start (unscheduled ones last).
fn assignments(
    linker: &Linker<'_>,
    id: &str,
    owned: &[ItemId],
    worked: &[ItemId],
) -> Vec<AssignmentView> {
    let plan = linker.plan;
    let mut tasks: Vec<ItemId> = owned
        .iter()
        .chain(worked)
        .copied()
        .filter(|item| plan.items[*item].kind == ItemKind::Task)
        .collect();
    tasks.sort_unstable();
    tasks.dedup();
    let mut views: Vec<AssignmentView> = tasks
        .into_iter()
        .map(|item| {
            let record = &plan.items[item];
            let task = record.as_task();
            let resources = task.map_or(&[][..], |task| task.resources.as_slice());
            let accountable = record.owner.as_ref().is_some_and(|owner| owner.value == id);
            let allocation = if resources.is_empty() {
                accountable.then_some(100)
            } else {
                let shares: Vec<u32> = resources
                    .iter()
                    .filter(|assignment| assignment.person.value == id)
                    .map(|assignment| assignment.allocation)
                    .collect();
                (!shares.is_empty()).then(|| shares.iter().sum())
            };
            let timing = linker.schedule.timing(item);
            AssignmentView {
                task: linker.item(item),
                accountable,
                allocation,
                start: timing.map(|timing| timing.start),
                finish: timing.map(|timing| timing.finish),
                status: record.status.clone(),
                critical: timing.is_some_and(|timing| timing.critical),
            }
        })
        .collect();
    views.sort_by(|a, b| {
        (a.start.is_none(), a.start, a.finish, &a.task.id).cmp(&(
            b.start.is_none(),
            b.start,
            b.finish,
            &b.task.id,
        ))
    });
    views
}
