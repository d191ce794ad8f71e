//! The dependency graph of tasks and milestones: edges, a topological order,
//! and the cycles that prevent one.

use crate::model::{ItemId, ItemKind, Plan};
use crate::source::Span;

/// "`to` waits for `from` (plus `lag` working days)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: ItemId,
    pub to: ItemId,
    pub lag: u32,
}

#[derive(Debug, Default)]
pub struct DependencyGraph {
    pub predecessors: Vec<Vec<Edge>>,
    pub successors: Vec<Vec<Edge>>,
    /// Tasks and milestones in dependency order (those in or after a cycle are left out).
    pub order: Vec<ItemId>,
    /// Each cycle as a closed walk of items (first item repeated at the end).
    pub cycles: Vec<Vec<ItemId>>,
}

/// Where a cycle (as in [`DependencyGraph::cycles`]) is written: the entry
/// of its second item that names the first (a `depends_on` entry, or the
/// first task's `milestone`), else the second item's declaration. Lint and
/// `schedule` point at the same place.
pub fn closing_entry(plan: &Plan, cycle: &[ItemId]) -> Span {
    let (first, second) = (&plan.items[cycle[0]], &plan.items[cycle[1]]);
    second
        .depends_on()
        .iter()
        .find(|dependency| dependency.id.value == first.id)
        .map(|dependency| dependency.id.span)
        .or_else(|| {
            first
                .as_task()
                .and_then(|task| task.milestone.as_ref())
                .filter(|milestone| milestone.value == second.id)
                .map(|milestone| milestone.span)
        })
        .unwrap_or(second.start)
}

fn is_scheduled(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Task | ItemKind::Milestone)
}

impl DependencyGraph {
    pub fn build(plan: &Plan) -> DependencyGraph {
        let count = plan.items.len();
        let mut graph = DependencyGraph {
            predecessors: vec![Vec::new(); count],
            successors: vec![Vec::new(); count],
            ..DependencyGraph::default()
        };
        for (to, item) in plan.items.iter().enumerate() {
            if !is_scheduled(item.kind) {
                continue;
            }
            for dependency in item.depends_on() {
                if let Some(&from) = plan.ids.get(&dependency.id.value) {
                    if is_scheduled(plan.items[from].kind) {
                        graph.add(Edge {
                            from,
                            to,
                            lag: dependency.lag,
                        });
                    }
                }
            }
            // `milestone: m` on a task is the same as m depending on the task.
            if let Some(milestone) = item.as_task().and_then(|task| task.milestone.as_ref()) {
                if let Some(&target) = plan.ids.get(&milestone.value) {
                    if plan.items[target].kind == ItemKind::Milestone
                        && !graph.predecessors[target]
                            .iter()
                            .any(|edge| edge.from == to)
                    {
                        graph.add(Edge {
                            from: to,
                            to: target,
                            lag: 0,
                        });
                    }
                }
            }
        }
        graph.sort(plan);
        graph
    }

    fn add(&mut self, edge: Edge) {
        self.predecessors[edge.to].push(edge);
        self.successors[edge.from].push(edge);
    }

    /// Kahn's algorithm, taking ready items in id order so the result is stable.
    fn sort(&mut self, plan: &Plan) {
        let mut waiting: Vec<usize> = self.predecessors.iter().map(Vec::len).collect();
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<ItemId>> = plan
            .items
            .iter()
            .enumerate()
            .filter(|(index, item)| is_scheduled(item.kind) && waiting[*index] == 0)
            .map(|(index, _)| std::cmp::Reverse(index))
            .collect();
        while let Some(std::cmp::Reverse(item)) = ready.pop() {
            self.order.push(item);
            for edge in &self.successors[item] {
                waiting[edge.to] -= 1;
                if waiting[edge.to] == 0 {
                    ready.push(std::cmp::Reverse(edge.to));
                }
            }
        }
        if self.order.len()
            < plan
                .items
                .iter()
                .filter(|item| is_scheduled(item.kind))
                .count()
        {
            self.cycles = self.find_cycles(&waiting);
        }
    }

    /// One cycle per strongly connected component among the unsorted items.
    fn find_cycles(&self, waiting: &[usize]) -> Vec<Vec<ItemId>> {
        let stuck: Vec<bool> = waiting.iter().map(|count| *count > 0).collect();
        let components = strongly_connected(&self.successors, &stuck);
        let mut cycles = Vec::new();
        for component in components {
            let in_component: std::collections::HashSet<ItemId> =
                component.iter().copied().collect();
            let start = *component.iter().min().expect("components are not empty");
            let self_loop = self.successors[start].iter().any(|edge| edge.to == start);
            if component.len() == 1 && !self_loop {
                continue;
            }
            cycles.push(self.cycle_through(start, &in_component));
        }
        cycles.sort();
        cycles
    }

    /// A shortest closed walk from `start` back to itself inside a component.
    fn cycle_through(
        &self,
        start: ItemId,
        inside: &std::collections::HashSet<ItemId>,
    ) -> Vec<ItemId> {
        let mut parent: std::collections::HashMap<ItemId, ItemId> =
            std::collections::HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let mut next: Vec<ItemId> = self.successors[node]
                .iter()
                .map(|edge| edge.to)
                .filter(|to| inside.contains(to))
                .collect();
            next.sort_unstable();
            for to in next {
                if to == start {
                    let mut walk = vec![node];
                    let mut at = node;
                    while at != start {
                        at = parent[&at];
                        walk.push(at);
                    }
                    walk.reverse();
                    walk.push(start);
                    return walk;
                }
                if let std::collections::hash_map::Entry::Vacant(entry) = parent.entry(to) {
                    entry.insert(node);
                    queue.push_back(to);
                }
            }
        }
        vec![start, start]
    }
}

/// Tarjan's algorithm (iterative, so deep plans cannot overflow the stack),
/// restricted to the `include`d nodes.
fn strongly_connected(successors: &[Vec<Edge>], include: &[bool]) -> Vec<Vec<ItemId>> {
    let count = successors.len();
    let mut index_of = vec![usize::MAX; count];
    let mut low = vec![0usize; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;
    for root in 0..count {
        if !include[root] || index_of[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(ItemId, usize)> = vec![(root, 0)];
        index_of[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some((node, edge_index)) = work.last_mut() {
            let node = *node;
            if let Some(edge) = successors[node].get(*edge_index) {
                *edge_index += 1;
                let to = edge.to;
                if !include[to] {
                    continue;
                }
                if index_of[to] == usize::MAX {
                    index_of[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index_of[to]);
                }
            } else {
                work.pop();
                if let Some((parent, _)) = work.last() {
                    low[*parent] = low[*parent].min(low[node]);
                }
                if low[node] == index_of[node] {
                    let mut component = Vec::new();
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component.push(member);
                        if member == node {
                            break;
                        }
                    }
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
    }
    components
}
