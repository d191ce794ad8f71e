//! The trend charts: milestone trend analysis, burn-up, open risks by band,
//! and the small per-item histories. Each chart is laid out by a pure,
//! tested function (dates and numbers to pixels) and drawn as inline SVG
//! from that geometry; every chart has a table beside it that says the
//! same in text, and every series differs by marker shape or line style
//! and a label, never by colour alone.

pub mod bands;
pub mod burnup;
pub mod item_history;
pub mod measures;
pub mod mta;

use chrono::{Datelike, NaiveDate};

use super::svg::escape_xml;

/// Maps dates in `[first, last]` onto pixels `[from, to]` (either way up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateScale {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub from: f64,
    pub to: f64,
}

impl DateScale {
    /// A scale over at least one day, so a single date is not a division
    /// by zero.
    pub fn new(first: NaiveDate, last: NaiveDate, from: f64, to: f64) -> DateScale {
        let last = if last > first {
            last
        } else {
            first.succ_opt().unwrap_or(first)
        };
        DateScale {
            first,
            last,
            from,
            to,
        }
    }

    pub fn at(&self, date: NaiveDate) -> f64 {
        let span = (self.last - self.first).num_days().max(1) as f64;
        let offset = (date - self.first).num_days() as f64;
        round(self.from + (self.to - self.from) * offset / span)
    }

    /// The first day of each month inside the scale, for gridlines.
    pub fn month_starts(&self) -> Vec<NaiveDate> {
        let mut months = Vec::new();
        let mut month = NaiveDate::from_ymd_opt(self.first.year(), self.first.month(), 1);
        while let Some(start) = month {
            if start > self.last || months.len() > 240 {
                break;
            }
            if start >= self.first {
                months.push(start);
            }
            month = start
                .checked_add_months(chrono::Months::new(1))
                .filter(|next| *next > start);
        }
        months
    }
}

/// Maps numbers in `[low, high]` onto pixels `[from, to]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberScale {
    pub low: f64,
    pub high: f64,
    pub from: f64,
    pub to: f64,
}

impl NumberScale {
    pub fn new(low: f64, high: f64, from: f64, to: f64) -> NumberScale {
        let high = if high > low { high } else { low + 1.0 };
        NumberScale {
            low,
            high,
            from,
            to,
        }
    }

    pub fn at(&self, value: f64) -> f64 {
        round(self.from + (self.to - self.from) * (value - self.low) / (self.high - self.low))
    }
}

/// One decimal is finer than a pixel: keeps the markup short and stable.
pub fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// "Mar 2026" on January and at the first month, else "Mar".
pub fn month_label(date: NaiveDate, first: bool) -> String {
    if first || date.month() == 1 {
        date.format("%b %Y").to_string()
    } else {
        date.format("%b").to_string()
    }
}

/// Marker shapes told apart without colour, one per series in turn.
pub const MARKERS: [&str; 6] = ["circle", "square", "triangle", "diamond", "cross", "bar"];

/// A marker of `shape` centred on (x, y), as an SVG path.
pub fn marker_path(shape: &str, x: f64, y: f64, size: f64) -> String {
    let s = size;
    let (x, y) = (round(x), round(y));
    let d = match shape {
        "square" => format!(
            "M{},{} h{} v{} h{} z",
            x - s,
            y - s,
            2.0 * s,
            2.0 * s,
            -2.0 * s
        ),
        "triangle" => format!("M{x},{} L{},{} L{},{} z", y - s, x + s, y + s, x - s, y + s),
        "diamond" => format!(
            "M{x},{} L{},{y} L{x},{} L{},{y} z",
            y - s,
            x + s,
            y + s,
            x - s
        ),
        "cross" => format!(
            "M{},{} L{},{} M{},{} L{},{}",
            x - s,
            y - s,
            x + s,
            y + s,
            x - s,
            y + s,
            x + s,
            y - s
        ),
        "bar" => format!("M{},{y} h{}", x - s, 2.0 * s),
        _ => format!(
            "M{},{y} a{s},{s} 0 1,0 {},0 a{s},{s} 0 1,0 {},0",
            x - s,
            2.0 * s,
            -2.0 * s
        ),
    };
    d
}

/// The opening `<svg>` of a chart, with its accessible name.
pub fn open_svg(class: &str, width: f64, height: f64, title: &str, id: &str) -> String {
    format!(
        "<svg class=\"chart {class}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}\"><title id=\"{id}\">{}</title>\n",
        escape_xml(title)
    )
}

/// Where a chart's plot sits: the SVG's size and the edges of the plot
/// area inside it (the margins hold the axis labels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotBox {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl PlotBox {
    /// A `width` by `height` SVG whose plot keeps the margins given.
    pub const fn within(
        width: f64,
        height: f64,
        left: f64,
        top: f64,
        right_margin: f64,
        bottom_margin: f64,
    ) -> PlotBox {
        PlotBox {
            width,
            height,
            left,
            top,
            right: width - right_margin,
            bottom: height - bottom_margin,
        }
    }
}

/// One horizontal gridline at `y` across the plot, labelled at its left
/// (the label already escaped, or a number).
pub fn value_gridline(svg: &mut String, y: f64, left: f64, right: f64, label: &str) {
    svg.push_str(&format!(
        "<line class=\"grid\" x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\"/><text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\n",
        left - 6.0,
        y + 4.0,
    ));
}

/// Month gridlines and labels along a horizontal date axis.
pub fn date_axis(svg: &mut String, scale: &DateScale, top: f64, bottom: f64) {
    for (index, month) in scale.month_starts().iter().enumerate() {
        let x = scale.at(*month);
        svg.push_str(&format!(
            "<line class=\"grid\" x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\"/><text class=\"axis-label\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            bottom + 14.0,
            escape_xml(&month_label(*month, index == 0)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn dates_and_numbers_map_onto_pixels() {
        let scale = DateScale::new(date("2026-01-01"), date("2026-01-11"), 0.0, 100.0);
        assert_eq!(scale.at(date("2026-01-06")), 50.0);
        let upside_down = DateScale::new(date("2026-01-01"), date("2026-01-11"), 100.0, 0.0);
        assert_eq!(upside_down.at(date("2026-01-11")), 0.0);
        let single = DateScale::new(date("2026-01-01"), date("2026-01-01"), 0.0, 10.0);
        assert_eq!(single.at(date("2026-01-01")), 0.0);
        assert_eq!(NumberScale::new(0.0, 20.0, 200.0, 0.0).at(5.0), 150.0);
        let months =
            DateScale::new(date("2026-01-15"), date("2026-04-02"), 0.0, 1.0).month_starts();
        assert_eq!(
            months,
            [date("2026-02-01"), date("2026-03-01"), date("2026-04-01")]
        );
    }
}
