//! Which commits of the plan's log become points of its charts. Every
//! commit that changed the plan is a point while there are at most `limit`
//! of them; beyond that only the last commit of each week is kept, and when
//! that is still too many, the oldest weeks are merged into months (the
//! last commit of each month) until the count fits, so recent history keeps
//! its weekly detail. The newest commit is always a point.

use chrono::{Datelike, NaiveDate};

/// The indices (ascending) of the points among commits dated `dates`,
/// oldest first.
pub fn select_points(dates: &[NaiveDate], limit: usize) -> Vec<usize> {
    let limit = limit.max(1);
    let all: Vec<usize> = (0..dates.len()).collect();
    if all.len() <= limit {
        return all;
    }
    let week = |index: &usize| {
        let week = dates[*index].iso_week();
        (week.year(), week.week())
    };
    let month = |index: &usize| (dates[*index].year(), dates[*index].month());
    let weekly = last_of_each(&all, week);
    if weekly.len() <= limit {
        return weekly;
    }
    let months: Vec<(i32, u32)> = last_of_each(&all, month).iter().map(month).collect();
    for merged in 1..=months.len() {
        let boundary = months[merged - 1];
        let (older, newer): (Vec<usize>, Vec<usize>) =
            all.iter().partition(|index| month(index) <= boundary);
        let mut points = last_of_each(&older, month);
        points.extend(last_of_each(&newer, week));
        if points.len() <= limit {
            return points;
        }
    }
    // More months than points: every n-th month, counted from the newest.
    let monthly = last_of_each(&all, month);
    let step = monthly.len().div_ceil(limit);
    let newest = monthly.len() - 1;
    monthly
        .iter()
        .enumerate()
        .filter(|(position, _)| (newest - position) % step == 0)
        .map(|(_, index)| *index)
        .collect()
}

/// The last of each run of consecutive indices with the same key.
fn last_of_each<K: PartialEq>(indices: &[usize], key: impl Fn(&usize) -> K) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    for (position, index) in indices.iter().enumerate() {
        let next_differs = indices
            .get(position + 1)
            .is_none_or(|next| key(next) != key(index));
        if next_differs {
            kept.push(*index);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(start: &str, count: usize, every: u64) -> Vec<NaiveDate> {
        let first: NaiveDate = start.parse().unwrap();
        (0..count)
            .map(|day| first + chrono::Days::new(day as u64 * every))
            .collect()
    }

    #[test]
    fn every_commit_while_they_fit() {
        assert_eq!(select_points(&days("2026-01-05", 5, 1), 5), [0, 1, 2, 3, 4]);
        assert!(select_points(&[], 3).is_empty());
    }

    #[test]
    fn the_last_commit_of_each_week_then_the_newest_is_kept() {
        // Mon 2026-01-05 .. Sun 2026-01-18 then Mon 2026-01-19: three weeks.
        let dates = days("2026-01-05", 15, 1);
        assert_eq!(select_points(&dates, 4), [6, 13, 14]);
    }

    #[test]
    fn old_weeks_merge_into_months_recent_weeks_stay() {
        // One commit a day for 120 days from 2026-01-05: 18 weeks, 4+ months.
        let dates = days("2026-01-05", 120, 1);
        let points = select_points(&dates, 12);
        assert!(points.len() <= 12, "{points:?}");
        assert_eq!(*points.last().unwrap(), 119, "the newest is kept");
        // January and February became one point each; the rest is weekly.
        let january: Vec<usize> = points
            .iter()
            .copied()
            .filter(|i| dates[*i].month() == 1)
            .collect();
        assert_eq!(january, [26], "the last commit of January (Sat 31)");
        let february: Vec<usize> = points
            .iter()
            .copied()
            .filter(|i| dates[*i].month() == 2)
            .collect();
        assert_eq!(february, [54], "the last commit of February (Sat 28)");
        let gaps: Vec<i64> = points
            .windows(2)
            .map(|pair| (dates[pair[1]] - dates[pair[0]]).num_days())
            .collect();
        assert!(gaps.iter().rev().take(4).all(|gap| *gap <= 7), "{gaps:?}");
    }

    #[test]
    fn years_of_months_are_thinned_evenly_keeping_the_newest() {
        let dates = days("2020-01-01", 400, 7);
        let points = select_points(&dates, 10);
        assert!(points.len() <= 10);
        assert_eq!(*points.last().unwrap(), 399);
    }
}
