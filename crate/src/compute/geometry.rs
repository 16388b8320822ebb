//! Coordinates, written once for the whole crate.
//!
//! - **World**: `(x, y)` in the function's units, y **up**.
//! - **Pixels**: `(px, py)` from the canvas's top-left corner in device pixels, y **down**.
//! - **Grids**: row-major with x fastest (`index = j * nx + i`), row 0 at `ymin`; sample `i`
//!   sits at the centre of its cell, `x = xmin + (i + ½)·dx`, so a grid maps onto an image 1:1.
//! - Everything is `(x, y)` order, never `(row, column)`.

use serde::Serialize;

/// Narrowest view span accepted; below it doubles run out of digits for ticks and grids.
pub const MIN_SPAN: f64 = 1e-12;
/// Widest view span accepted.
pub const MAX_SPAN: f64 = 1e12;
/// Largest coordinate magnitude a view may reach.
pub const MAX_COORD: f64 = 1e13;

/// The visible window of the world.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct View {
    /// Left edge.
    pub xmin: f64,
    /// Right edge.
    pub xmax: f64,
    /// Bottom edge.
    pub ymin: f64,
    /// Top edge.
    pub ymax: f64,
}

impl Default for View {
    fn default() -> Self {
        View { xmin: -3.0, xmax: 3.0, ymin: -3.0, ymax: 3.0 }
    }
}

impl View {
    /// A checked view: finite, not inverted, spans within [`MIN_SPAN`, `MAX_SPAN`].
    pub fn new(xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Result<View, String> {
        let all = [xmin, xmax, ymin, ymax];
        if all.iter().any(|v| !v.is_finite()) {
            return Err("the view must be four finite numbers".into());
        }
        if xmin >= xmax || ymin >= ymax {
            return Err("the view is inverted or empty: it needs xmin < xmax and ymin < ymax".into());
        }
        if all.iter().any(|v| v.abs() > MAX_COORD) {
            return Err(format!("the view reaches too far out (beyond ±{MAX_COORD:e})"));
        }
        for (lo, hi) in [(xmin, xmax), (ymin, ymax)] {
            let span = hi - lo;
            // Relative to the coordinates too: far from 0 the floats are spaced too widely for
            // ticks (and for plotters, whose tick loop needs a width well above that spacing).
            if span < MIN_SPAN * lo.abs().max(hi.abs()).max(1.0) {
                return Err(format!("the view is too narrow (less than {MIN_SPAN:e} of its coordinates wide)"));
            }
            if span > MAX_SPAN {
                return Err(format!("the view is too wide (more than {MAX_SPAN:e})"));
            }
        }
        Ok(View { xmin, xmax, ymin, ymax })
    }

    /// Width in world units.
    pub fn width(&self) -> f64 {
        self.xmax - self.xmin
    }

    /// Height in world units.
    pub fn height(&self) -> f64 {
        self.ymax - self.ymin
    }

    /// As `[xmin, xmax, ymin, ymax]`.
    pub fn as_array(&self) -> [f64; 4] {
        [self.xmin, self.xmax, self.ymin, self.ymax]
    }

    /// Whether `(x, y)` is inside.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        (self.xmin..=self.xmax).contains(&x) && (self.ymin..=self.ymax).contains(&y)
    }

    /// The view moved by `(dx, dy)` world units, if still valid.
    pub fn panned(&self, dx: f64, dy: f64) -> Option<View> {
        View::new(self.xmin + dx, self.xmax + dx, self.ymin + dy, self.ymax + dy).ok()
    }

    /// The view scaled by `factor` (< 1 zooms in) about the world point `(cx, cy)`, if still valid.
    pub fn zoomed(&self, cx: f64, cy: f64, factor: f64) -> Option<View> {
        let f = |lo: f64, hi: f64, c: f64| (c + (lo - c) * factor, c + (hi - c) * factor);
        let (xmin, xmax) = f(self.xmin, self.xmax, cx);
        let (ymin, ymax) = f(self.ymin, self.ymax, cy);
        View::new(xmin, xmax, ymin, ymax).ok()
    }

    /// The smallest view containing this one with the aspect ratio of a `width × height` plot,
    /// so circles look round and right angles look right.
    pub fn fitted(&self, width: f64, height: f64) -> View {
        if !(width > 0.0 && height > 0.0) {
            return *self;
        }
        let per_pixel = (self.width() / width).max(self.height() / height);
        let (cx, cy) = ((self.xmin + self.xmax) / 2.0, (self.ymin + self.ymax) / 2.0);
        let (hw, hh) = (per_pixel * width / 2.0, per_pixel * height / 2.0);
        View { xmin: cx - hw, xmax: cx + hw, ymin: cy - hh, ymax: cy + hh }
    }

    /// World x of grid column `i` of `nx` (cell centres).
    pub fn grid_x(&self, i: f64, nx: usize) -> f64 {
        self.xmin + (i + 0.5) * self.width() / nx.max(1) as f64
    }

    /// World y of grid row `j` of `ny` (cell centres, row 0 at the bottom).
    pub fn grid_y(&self, j: f64, ny: usize) -> f64 {
        self.ymin + (j + 0.5) * self.height() / ny.max(1) as f64
    }
}

/// The plotting area on the canvas, in device pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct PlotRect {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A view shown in a plot rectangle: converts between world and pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// What is shown.
    pub view: View,
    /// Where.
    pub rect: PlotRect,
}

impl Frame {
    /// Pixel position of a world point.
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let v = &self.view;
        let r = &self.rect;
        (r.left + (x - v.xmin) / v.width() * r.width, r.top + (v.ymax - y) / v.height() * r.height)
    }

    /// World point at a pixel position.
    pub fn to_world(&self, px: f64, py: f64) -> (f64, f64) {
        let v = &self.view;
        let r = &self.rect;
        let w = r.width.max(1.0);
        let h = r.height.max(1.0);
        (v.xmin + (px - r.left) / w * v.width(), v.ymax - (py - r.top) / h * v.height())
    }

    /// World units per pixel, horizontally and vertically.
    pub fn world_per_pixel(&self) -> (f64, f64) {
        (self.view.width() / self.rect.width.max(1.0), self.view.height() / self.rect.height.max(1.0))
    }
}

/// The part of segment `a → b` inside `view` (Liang–Barsky), or `None`.
pub fn clip_segment(a: [f64; 2], b: [f64; 2], view: &View) -> Option<([f64; 2], [f64; 2])> {
    if !(a.iter().chain(&b).all(|v| v.is_finite())) {
        return None;
    }
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    // Endpoints near ±f64::MAX can make the difference overflow: such a segment is not drawable.
    if !(dx.is_finite() && dy.is_finite()) {
        return None;
    }
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a[0] - view.xmin),
        (dx, view.xmax - a[0]),
        (-dy, a[1] - view.ymin),
        (dy, view.ymax - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    // Interpolation rounds (badly, for huge coordinates): the ends are clamped into the view.
    let at = |t: f64| {
        let p = if t == 0.0 { a } else if t == 1.0 { b } else { [a[0] + t * dx, a[1] + t * dy] };
        [p[0].clamp(view.xmin, view.xmax), p[1].clamp(view.ymin, view.ymax)]
    };
    let (p, q) = (at(t0), at(t1));
    // A segment that only touches the view (tangent at a corner) leaves a single point: nothing.
    if p == q && a != b {
        return None;
    }
    Some((p, q))
}

/// The pieces of a polyline inside `view`. Plotters clamps points outside its range to the edge,
/// which would draw false lines along the border, so everything is clipped before drawing.
pub fn clip_polyline(points: &[[f64; 2]], view: &View) -> Vec<Vec<[f64; 2]>> {
    let mut pieces = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    let mut flush = |current: &mut Vec<[f64; 2]>| {
        if current.len() >= 2 {
            pieces.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], view) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    flush(&mut current);
                    current.push(a);
                }
                current.push(b);
                if b != pair[1] {
                    flush(&mut current);
                }
            }
            None => flush(&mut current),
        }
    }
    flush(&mut current);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polylines_are_cut_at_the_view_edges() {
        let view = View::new(0.0, 1.0, 0.0, 1.0).expect("valid");
        // In, out through the top, back in: two pieces, each ending on the edge.
        let pieces = clip_polyline(&[[0.5, 0.5], [0.5, 2.0], [0.7, 0.5]], &view);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0], vec![[0.5, 0.5], [0.5, 1.0]]);
        assert_eq!(pieces[1][1], [0.7, 0.5]);
        assert!((pieces[1][0][1] - 1.0).abs() < 1e-12);
        assert!(clip_polyline(&[[2.0, 2.0], [3.0, 3.0]], &view).is_empty());
        assert!(clip_polyline(&[[0.5, f64::NAN], [0.5, 0.5]], &view).is_empty());
        // Coordinates so large their difference overflows are not drawn.
        assert!(clip_segment([-f64::MAX, 0.5], [f64::MAX, 0.5], &view).is_none());
        // A segment crossing the whole view is kept between its two crossings.
        assert_eq!(clip_segment([-1.0, 0.5], [2.0, 0.5], &view), Some(([0.0, 0.5], [1.0, 0.5])));
    }

    #[test]
    fn bad_views_are_refused() {
        assert!(View::new(1.0, -1.0, 0.0, 1.0).is_err());
        assert!(View::new(0.0, 0.0, 0.0, 1.0).is_err());
        assert!(View::new(f64::NAN, 1.0, 0.0, 1.0).is_err());
        assert!(View::new(-1e13, 1e13, 0.0, 1.0).is_err());
        assert!(View::new(0.0, 1e-13, 0.0, 1.0).is_err());
        assert!(View::new(0.0, 1e-12, 0.0, 1.0).is_ok());
        assert!(View::new(-5e11, 5e11, -1.0, 1.0).is_ok());
    }

    #[test]
    fn pixels_and_world_round_trip_with_y_flipped() {
        let frame = Frame {
            view: View::new(-2.0, 2.0, -1.0, 1.0).expect("valid"),
            rect: PlotRect { left: 10.0, top: 20.0, width: 400.0, height: 200.0 },
        };
        assert_eq!(frame.to_pixel(-2.0, 1.0), (10.0, 20.0));
        assert_eq!(frame.to_pixel(2.0, -1.0), (410.0, 220.0));
        assert_eq!(frame.to_world(210.0, 120.0), (0.0, 0.0));
    }

    #[test]
    fn zoom_keeps_the_anchor_fixed() {
        let v = View::default().zoomed(1.0, 1.0, 0.5).expect("valid");
        assert_eq!(v.as_array(), [-1.0, 2.0, -1.0, 2.0]);
        assert!(View::default().zoomed(0.0, 0.0, 1e-20).is_none());
    }

    #[test]
    fn fitting_widens_the_short_side_about_the_centre() {
        let v = View::new(-3.0, 3.0, -3.0, 3.0).expect("valid").fitted(200.0, 100.0);
        assert_eq!(v.as_array(), [-6.0, 6.0, -3.0, 3.0]);
    }
}
