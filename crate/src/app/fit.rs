//! "Fit view": the one-variable view's y-range fitted to f over its x-range, robustly (a pole
//! such as 1/x's at 0 does not flatten the rest of the curve).

use crate::app::{App, Error};
use crate::compute::heatmap::with_near_extremes;

/// Samples of f across the x-range.
const SAMPLES: usize = 512;
/// The share of samples left out at each end: a pole's spike, not the curve.
const TAIL: f64 = 0.02;
/// Room above and below the curve, as a share of its range.
const PAD: f64 = 0.08;

/// The y-range that shows `ys` (finite samples of f, in any order) and `keep` (the point's value),
/// leaving out the `TAIL` at each end; `None` with no finite sample.
pub fn robust_range(ys: &mut Vec<f64>, keep: Option<f64>) -> Option<(f64, f64)> {
    ys.retain(|y| y.is_finite());
    if ys.is_empty() {
        return None;
    }
    ys.sort_by(f64::total_cmp);
    let at = |q: f64| ys[((ys.len() - 1) as f64 * q).round() as usize];
    // The tails come back when near: a cusp's bottom (x^(2/3) at 0), not a pole's spike (1/x).
    let (mut lo, mut hi) = with_near_extremes(ys, (at(TAIL), at(1.0 - TAIL)));
    let span = hi - lo;
    // The point's own value, where it is not a pole's: x^(2/3)'s 0 lies just below its samples.
    if let Some(v) = keep.filter(|v| v.is_finite() && (lo - span..=hi + span).contains(v)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let span = hi - lo;
    if !(span > 1e-9 * (1.0 + hi.abs().max(lo.abs()))) {
        // A constant (or nearly): a unit either side.
        return Some((lo - 1.0, hi + 1.0));
    }
    Some((lo - PAD * span, hi + PAD * span))
}

impl App {
    /// A map after a curve: the curve's y-range held f's values (e^(x²) up to 6,000), not y's, so
    /// the map gets a square y-range as wide as x's, about 0 or, if the point is outside
    /// that, about the point.
    pub(crate) fn square_view(&mut self) -> Result<(), Error> {
        let view = self.viewport.view;
        let half = view.width() / 2.0;
        let y = self.selection.point.get(1).copied().unwrap_or(0.0);
        let centre = if y.abs() <= half { 0.0 } else { y };
        self.set_view(view.xmin, view.xmax, centre - half, centre + half)
    }

    /// Fits the y-range to f over the x-range (one variable); the map keeps its view.
    pub fn fit_view(&mut self) -> Result<(), Error> {
        let Some(model) = self.session.model().filter(|m| m.n_vars() == 1) else { return Ok(()) };
        let view = self.viewport.view;
        let mut ys: Vec<f64> =
            (0..SAMPLES).map(|i| model.value.eval1(&[view.xmin + view.width() * i as f64 / (SAMPLES - 1) as f64])).collect();
        let keep = model.value.eval1(&[self.selection.point[0]]);
        let Some((lo, hi)) = robust_range(&mut ys, Some(keep)) else {
            self.notices.push("f has no value in this view to fit to");
            return Ok(());
        };
        self.set_view(view.xmin, view.xmax, lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted(f: &str) -> [f64; 4] {
        let mut app = App::new();
        app.set_expression(f).expect("parses");
        app.set_view(-3.0, 3.0, -3.0, 3.0).expect("a view");
        app.fit_view().expect("fits");
        app.view().as_array()
    }

    #[test]
    fn a_map_after_a_curve_gets_a_square_view_not_the_curves_y_range() {
        let mut app = App::new();
        app.set_expression("e^(x^2)").expect("parses");
        assert!(app.view().as_array()[3] > 1000.0, "e^(x²)'s fitted range reaches e⁹");
        app.set_expression("x^2 + y^2").expect("parses");
        assert_eq!(app.view().as_array(), [-3.0, 3.0, -3.0, 3.0]);
        // A zoomed x-range keeps its width; the point (y = 1 after a curve) stays in view.
        app.set_expression("x").expect("parses");
        app.set_view(0.0, 10.0, -1.0, 1.0).expect("a view");
        app.set_expression("x y").expect("parses");
        assert_eq!(app.view().as_array(), [0.0, 10.0, -5.0, 5.0]);
        app.set_expression("x").expect("parses");
        app.set_view(4.5, 5.5, -1.0, 1.0).expect("a view");
        app.set_expression("x y").expect("parses");
        assert_eq!(app.view().as_array(), [4.5, 5.5, 0.5, 1.5]);
        // A map after a map keeps the learner's view.
        app.set_view(-1.0, 1.0, -2.0, 2.0).expect("a view");
        app.set_expression("x - y").expect("parses");
        assert_eq!(app.view().as_array(), [-1.0, 1.0, -2.0, 2.0]);
    }

    #[test]
    fn a_cusp_and_the_point_on_it_stay_in_view() {
        // The walk: x^(2/3) was fitted to [0.01, 2.2], with its cusp (0, 0) on the bottom edge.
        let mut app = App::new();
        app.set_expression("x^(2/3)").expect("parses");
        app.set_point(&[0.0]);
        app.set_view(-3.0, 3.0, -3.0, 3.0).expect("a view");
        app.fit_view().expect("fits");
        let [_, _, lo, hi] = app.view().as_array();
        assert!(lo < 0.0 && hi > 2.0, "{lo}..{hi}");
    }

    #[test]
    fn the_y_range_fits_the_curve_and_ignores_a_pole() {
        // x² over [−3, 3] runs from 0 to 9: the view shows it, with a little room.
        let [_, _, lo, hi] = fitted("x^2");
        assert!(lo < 0.0 && lo > -1.0 && hi > 8.0 && hi < 10.0, "{lo}..{hi}");
        // e^(x²): the point (1, e) and its secant's far end e^(2.25) ≈ 9.5 are in view.
        let [_, _, lo, hi] = fitted("e^(x^2)");
        assert!(lo <= 1.0 && hi > 9.5, "{lo}..{hi}");
        // 1/x: the spike at 0 is left out; y = ±1 (x = ±1) shows.
        let [_, _, lo, hi] = fitted("1/x");
        assert!(lo < -1.0 && hi > 1.0 && lo > -60.0 && hi < 60.0, "{lo}..{hi}");
        // A constant gets a unit either side; the x-range never changes.
        assert_eq!(fitted("0x + 5"), [-3.0, 3.0, 4.0, 6.0]);
        // ln(x) exists only for x > 0: fitted to that half.
        let [_, _, lo, hi] = fitted("ln(x)");
        assert!(lo < -2.0 && hi > 1.0 && hi < 2.0, "{lo}..{hi}");
    }

    #[test]
    fn the_map_keeps_its_view_and_nothing_to_fit_is_a_notice() {
        let mut app = App::new();
        let before = app.view();
        app.fit_view().expect("no-op");
        assert_eq!(app.view(), before);
        app.set_expression("sqrt(x)").expect("parses");
        app.set_view(-3.0, -1.0, -3.0, 3.0).expect("a view");
        app.fit_view().expect("refuses politely");
        assert_eq!(app.view().as_array(), [-3.0, -1.0, -3.0, 3.0]);
        assert!(app.snapshot().notices.iter().any(|n| n.contains("no value")));
        assert_eq!(robust_range(&mut vec![f64::NAN], None), None);
    }
}
