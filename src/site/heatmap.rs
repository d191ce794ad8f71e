//! The risk heat map: open risks counted by probability and impact on the
//! plan's 3- or 5-point scale, and, as a second mark, where the risks with
//! a residual rating land after their response. Pure counting; the
//! template draws the grid.

use serde::Serialize;

use super::views::risk_band;

/// One rated risk: its probability and impact levels (1-based) and its id.
#[derive(Debug, Clone)]
pub struct RatedRisk {
    pub id: String,
    pub probability: u8,
    pub impact: u8,
    /// (probability, impact) after the response, when rated.
    pub residual: Option<(u8, u8)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatCell {
    pub probability: u8,
    pub impact: u8,
    pub score: u32,
    pub count: usize,
    pub band: &'static str,
    /// The anchor of this cell's list of risks on the register page.
    pub anchor: String,
    pub risks: Vec<String>,
    /// Risks whose residual rating lands in this cell.
    pub residual_count: usize,
    pub residual_risks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeatMap {
    pub scale: u8,
    /// Rows from the highest probability down, cells by impact upwards.
    pub rows: Vec<Vec<HeatCell>>,
    /// Level names of the scale, lowest first.
    pub levels: Vec<&'static str>,
}

pub fn build_heat_map(risks: &[RatedRisk], scale: u8, threshold: u32) -> HeatMap {
    let scale = if scale == 5 { 5 } else { 3 };
    let mut rows = Vec::new();
    for probability in (1..=scale).rev() {
        let mut row = Vec::new();
        for impact in 1..=scale {
            let mut ids: Vec<String> = risks
                .iter()
                .filter(|risk| risk.probability == probability && risk.impact == impact)
                .map(|risk| risk.id.clone())
                .collect();
            ids.sort();
            let mut residual: Vec<String> = risks
                .iter()
                .filter(|risk| risk.residual == Some((probability, impact)))
                .map(|risk| risk.id.clone())
                .collect();
            residual.sort();
            let score = u32::from(probability) * u32::from(impact);
            row.push(HeatCell {
                probability,
                impact,
                score,
                count: ids.len(),
                band: risk_band(Some(score), threshold),
                anchor: format!("cell-p{probability}-i{impact}"),
                risks: ids,
                residual_count: residual.len(),
                residual_risks: residual,
            });
        }
        rows.push(row);
    }
    HeatMap {
        scale,
        rows,
        levels: crate::model::scale_levels(scale).to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk(id: &str, probability: u8, impact: u8) -> RatedRisk {
        RatedRisk {
            id: id.into(),
            probability,
            impact,
            residual: None,
        }
    }

    #[test]
    fn residual_ratings_are_a_second_mark() {
        let mut reduced = risk("vendor", 3, 3);
        reduced.residual = Some((1, 3));
        let map = build_heat_map(&[reduced, risk("other", 1, 3)], 3, 6);
        let high = &map.rows[0][2];
        assert_eq!((high.count, high.residual_count), (1, 0));
        let after = &map.rows[2][2];
        assert_eq!((after.count, after.residual_count), (1, 1));
        assert_eq!(after.residual_risks, ["vendor"]);
    }

    #[test]
    fn counts_risks_per_cell() {
        let risks = [
            risk("b", 3, 2),
            risk("a", 3, 2),
            risk("c", 1, 1),
            risk("d", 2, 3),
        ];
        let map = build_heat_map(&risks, 3, 6);
        assert_eq!(map.rows.len(), 3);
        // Top row is probability 3.
        let cell = &map.rows[0][1];
        assert_eq!((cell.probability, cell.impact, cell.count), (3, 2, 2));
        assert_eq!(cell.risks, ["a", "b"]);
        assert_eq!(cell.band, "high");
        assert_eq!(map.rows[2][0].count, 1);
        assert_eq!(map.rows[1][2].count, 1);
        let total: usize = map.rows.iter().flatten().map(|cell| cell.count).sum();
        assert_eq!(total, 4);
    }

    #[test]
    fn five_point_scale() {
        let map = build_heat_map(&[risk("x", 5, 4)], 5, 12);
        assert_eq!(map.rows.len(), 5);
        assert_eq!(map.rows[0].len(), 5);
        assert_eq!(map.rows[0][3].count, 1);
        assert_eq!(map.rows[0][3].score, 20);
        assert_eq!(map.levels.len(), 5);
    }
}
