//! Small linked charts beside the main plot, as plain data: the partial slices, D_u f against θ,
//! the line slice along u, the secant error against h, and the descent losses.

use serde::Serialize;

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum SeriesStyle {
    /// The function itself.
    Main,
    /// A tangent or reference line.
    Tangent,
    /// A second quantity (e.g. central differences).
    Second,
    /// A descent run, by index (its colour).
    Run(usize),
    /// A vertical marker line (e.g. the current h or iteration).
    Cursor,
}

/// One polyline of a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Points in chart coordinates (already logged where an axis is logarithmic).
    pub points: Vec<[f64; 2]>,
    /// Look.
    pub style: SeriesStyle,
}

/// A labelled dot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartMarker {
    /// Position in chart coordinates.
    pub at: [f64; 2],
    /// Text beside it.
    pub label: String,
    /// Look.
    pub style: SeriesStyle,
}

/// A chart: ranges, series and markers. Logarithmic axes hold log10 values and say so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Title above it.
    pub title: String,
    /// Axis names.
    pub x_name: String,
    /// Axis names.
    pub y_name: String,
    /// x range.
    pub x_range: (f64, f64),
    /// y range.
    pub y_range: (f64, f64),
    /// Whether the axes hold log10 of the values (ticks are labelled 10^k).
    pub log_x: bool,
    /// Same for y.
    pub log_y: bool,
    /// Lines.
    pub series: Vec<Series>,
    /// Dots.
    pub markers: Vec<ChartMarker>,
}

impl Chart {
    /// An empty chart over the given ranges (invalid ranges become [0, 1]).
    pub fn new(title: &str, x_name: &str, y_name: &str, x_range: (f64, f64), y_range: (f64, f64)) -> Chart {
        Chart {
            title: title.into(),
            x_name: x_name.into(),
            y_name: y_name.into(),
            x_range: sane_range(x_range),
            y_range: sane_range(y_range),
            log_x: false,
            log_y: false,
            series: Vec::new(),
            markers: Vec::new(),
        }
    }

    /// A y range fitted to the finite values of all series, with a margin.
    pub fn fit_y(&mut self) {
        let ys = self.series.iter().flat_map(|s| s.points.iter().map(|p| p[1]));
        self.y_range = padded_range(ys);
    }
}

/// A range padded by 5% around the finite values (robust to outliers: 1st to 99th percentile).
pub fn padded_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return (0.0, 1.0);
    }
    v.sort_by(f64::total_cmp);
    let lo = v[(v.len() - 1) / 100];
    let hi = v[v.len() - 1 - (v.len() - 1) / 100];
    // Halves first, so values near ±f64::MAX pad without overflowing.
    let pad = ((hi / 2.0 - lo / 2.0) * 0.1).max(1e-9 * lo.abs().max(hi.abs()).max(1e-300));
    sane_range(((lo - pad).max(-f64::MAX), (hi + pad).min(f64::MAX)))
}

/// A usable range: kept when it has finite ends, widened when it is a point (or narrower than
/// the floats can space ticks), [0, 1] when it has no finite ends. A range whose width overflows
/// is kept as it is: the renderer says its values are too large to draw rather than show a
/// chart of the wrong values.
fn sane_range((lo, hi): (f64, f64)) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
        return (0.0, 1.0);
    }
    let min_width = 1e-9 * lo.abs().max(hi.abs());
    if hi - lo >= min_width && hi > lo {
        return (lo, hi);
    }
    let half = (0.5f64).max(min_width);
    let mid = lo / 2.0 + hi / 2.0;
    (mid - half, mid + half)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_pad_and_survive_junk() {
        assert_eq!(padded_range([f64::NAN].into_iter()), (0.0, 1.0));
        let (lo, hi) = padded_range([0.0, 10.0].into_iter());
        assert!((lo + 0.5).abs() < 1e-12 && (hi - 10.5).abs() < 1e-12);
        let (lo, hi) = padded_range([3.0, 3.0].into_iter());
        assert!(lo < 3.0 && hi > 3.0);
    }
}
