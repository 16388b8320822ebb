//! The surface z = f(x, y) in 3D: the camera, the projection of world points to pixels, and the
//! mesh of facets cut to the z range, all pure geometry (the drawing is `render/raster.rs`).
//!
//! Coordinates: the world box `view × [zlo, zhi]` is first normalised to a box centred on the
//! origin, x and y in units of half the longer side (so one unit is as long across as up the
//! page, as on the map) and z squeezed to ±[`Z_HALF`] (a surface of any height fits the same box).
//! The camera looks at the origin from azimuth α (from +x, counter-clockwise seen from above)
//! and elevation β; projection is orthographic. Pixels are y down, as everywhere.

use crate::compute::geometry::{PlotRect, View};

/// Half the height of the normalised box: the surface spans z ∈ [−0.6, 0.6] against x, y ∈ [−1, 1].
pub const Z_HALF: f64 = 0.6;
/// The camera a surface opens with (matplotlib's default view, which people know).
pub const DEFAULT_CAMERA: [f64; 2] = [-60.0, 30.0];
/// Elevation limits in degrees: from level with the floor to straight down.
pub const ELEVATION_RANGE: (f64, f64) = (-89.0, 90.0);

/// Where the camera is, in degrees, and how far it is zoomed (1 fits the box).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// Azimuth in degrees from +x, in (−180, 180].
    pub azimuth: f64,
    /// Elevation in degrees above the floor.
    pub elevation: f64,
    /// Magnification: 1 shows the whole box.
    pub zoom: f64,
}

impl Default for Camera {
    fn default() -> Self {
        Camera { azimuth: DEFAULT_CAMERA[0], elevation: DEFAULT_CAMERA[1], zoom: 1.0 }
    }
}

impl Camera {
    /// A camera at these angles: azimuth wrapped into (−180, 180], elevation clamped; `None`
    /// for non-finite angles.
    pub fn at(azimuth: f64, elevation: f64, zoom: f64) -> Option<Camera> {
        if !(azimuth.is_finite() && elevation.is_finite() && zoom.is_finite()) {
            return None;
        }
        // Angles already in range keep every digit (a link's exact pairs read back exactly).
        let mut a = azimuth;
        if !(a > -180.0 && a <= 180.0) {
            a = azimuth.rem_euclid(360.0);
            if a > 180.0 {
                a -= 360.0;
            }
        }
        Some(Camera { azimuth: a, elevation: elevation.clamp(ELEVATION_RANGE.0, ELEVATION_RANGE.1), zoom: zoom.clamp(0.25, 8.0) })
    }

    /// Turned by `(d_azimuth, d_elevation)` degrees.
    pub fn turned(&self, d_azimuth: f64, d_elevation: f64) -> Camera {
        Camera::at(self.azimuth + d_azimuth, self.elevation + d_elevation, self.zoom).unwrap_or(*self)
    }
}

/// Maps world points of one box to pixels of one rectangle for one camera.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projector {
    /// The box's centre in the world.
    centre: [f64; 3],
    /// World units per normalised unit, per axis.
    unit: [f64; 3],
    /// Screen right, screen up and towards the eye, in normalised coordinates.
    right: [f64; 3],
    up: [f64; 3],
    eye: [f64; 3],
    /// Pixels per normalised unit, and the pixel the origin lands on.
    scale: f64,
    origin: [f64; 2],
}

impl Projector {
    /// The projection of the box `view × zrange` into `rect`, seen by `camera`.
    pub fn new(view: &View, zrange: (f64, f64), camera: Camera, rect: PlotRect) -> Projector {
        let half = 0.5 * view.width().max(view.height());
        let zhalf = 0.5 * (zrange.1 - zrange.0);
        let zunit = if zhalf.is_finite() && zhalf > 0.0 { zhalf / Z_HALF } else { 1.0 };
        let centre = [0.5 * (view.xmin + view.xmax), 0.5 * (view.ymin + view.ymax), 0.5 * (zrange.0 + zrange.1)];
        let (a, b) = (camera.azimuth.to_radians(), camera.elevation.to_radians());
        let (sa, ca, sb, cb) = (a.sin(), a.cos(), b.sin(), b.cos());
        let eye = [cb * ca, cb * sa, sb];
        let right = [-sa, ca, 0.0];
        let up = [-sb * ca, -sb * sa, cb];
        // The box's corners stay inside the rectangle at every angle: its half-diagonal fits.
        let (wx, wy) = (0.5 * view.width() / half, 0.5 * view.height() / half);
        let radius = (wx * wx + wy * wy + Z_HALF * Z_HALF).sqrt();
        let scale = camera.zoom * 0.5 * rect.width.min(rect.height) / radius;
        let origin = [rect.left + 0.5 * rect.width, rect.top + 0.5 * rect.height];
        Projector { centre, unit: [half, half, zunit], right, up, eye, scale, origin }
    }

    /// The world point in normalised box coordinates.
    pub fn normalised(&self, p: [f64; 3]) -> [f64; 3] {
        [0, 1, 2].map(|k| (p[k] - self.centre[k]) / self.unit[k])
    }

    /// `[px, py, depth]` of a world point: depth grows towards the eye.
    pub fn project(&self, p: [f64; 3]) -> [f64; 3] {
        let n = self.normalised(p);
        let dot = |v: [f64; 3]| v[0] * n[0] + v[1] * n[1] + v[2] * n[2];
        [self.origin[0] + self.scale * dot(self.right), self.origin[1] - self.scale * dot(self.up), dot(self.eye)]
    }

    /// The direction towards the eye in normalised coordinates (for lighting).
    pub fn eye(&self) -> [f64; 3] {
        self.eye
    }

    /// Screen up in normalised coordinates.
    pub fn up(&self) -> [f64; 3] {
        self.up
    }

    /// Screen right in normalised coordinates.
    pub fn right(&self) -> [f64; 3] {
        self.right
    }

    /// The unit surface normal in normalised coordinates where f has slopes `(fx, fy)`.
    pub fn normal(&self, fx: f64, fy: f64) -> [f64; 3] {
        // dZ/dX in normalised units: world slope × (x unit / z unit).
        let (sx, sy) = (fx * self.unit[0] / self.unit[2], fy * self.unit[1] / self.unit[2]);
        let (sx, sy) = if sx.is_finite() && sy.is_finite() { (sx, sy) } else { (0.0, 0.0) };
        let len = (sx * sx + sy * sy + 1.0).sqrt();
        [-sx / len, -sy / len, 1.0 / len]
    }
}

/// One corner of a facet: where it is, and the slopes there (for shading).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vertex {
    /// `[x, y, z]` in the world.
    pub at: [f64; 3],
    /// `(∂f/∂x, ∂f/∂y)`, NaN where unknown.
    pub slope: [f64; 2],
}

impl Vertex {
    fn lerp(&self, other: &Vertex, t: f64) -> Vertex {
        let l = |a: f64, b: f64| a + (b - a) * t;
        Vertex {
            at: [l(self.at[0], other.at[0]), l(self.at[1], other.at[1]), l(self.at[2], other.at[2])],
            slope: [l(self.slope[0], other.slope[0]), l(self.slope[1], other.slope[1])],
        }
    }
}

/// A triangle of the surface.
pub type Facet = [Vertex; 3];

/// The vertices of an `nx × ny` mesh reaching the edges of `view`: `x_i = xmin + i·w/(nx−1)`.
/// As a grid of cell centres ([`crate::compute::geometry`]) this is the view widened by half a
/// cell on each side, which is what is sampled.
pub fn mesh_view(view: &View, nx: usize, ny: usize) -> View {
    let (hx, hy) = (0.5 * view.width() / (nx.max(2) - 1) as f64, 0.5 * view.height() / (ny.max(2) - 1) as f64);
    View { xmin: view.xmin - hx, xmax: view.xmax + hx, ymin: view.ymin - hy, ymax: view.ymax + hy }
}

/// The facets of the surface through mesh samples `values` (grid order, `nx × ny` vertices at
/// the edges of `view`), with slopes `fx`, `fy` for shading, cut to `zrange`. A cell with an
/// undefined corner is left out whole (a gap, never a spike to infinity); a cell leaving the z
/// range is cut flat along z = zlo and z = zhi.
pub fn facets(values: &[f64], slopes: [&[f64]; 2], nx: usize, ny: usize, view: &View, zrange: (f64, f64)) -> Vec<Facet> {
    let mut out = Vec::with_capacity(2 * nx.saturating_sub(1) * ny.saturating_sub(1));
    if nx < 2 || ny < 2 || values.len() < nx * ny {
        return out;
    }
    let x = |i: usize| view.xmin + i as f64 * view.width() / (nx - 1) as f64;
    let y = |j: usize| view.ymin + j as f64 * view.height() / (ny - 1) as f64;
    let vertex = |i: usize, j: usize| {
        let k = j * nx + i;
        let s = |g: &[f64]| g.get(k).copied().unwrap_or(f64::NAN);
        Vertex { at: [x(i), y(j), values[k]], slope: [s(slopes[0]), s(slopes[1])] }
    };
    for j in 0..ny - 1 {
        for i in 0..nx - 1 {
            let corners = [vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)];
            if corners.iter().any(|c| !c.at[2].is_finite()) {
                continue;
            }
            // Split along the diagonal whose ends are closer in z: the smoother of the two.
            let (a, b, c, d) = (corners[0], corners[1], corners[2], corners[3]);
            let halves = if (a.at[2] - c.at[2]).abs() <= (b.at[2] - d.at[2]).abs() { [[a, b, c], [a, c, d]] } else { [[a, b, d], [b, c, d]] };
            for t in halves {
                clip_facet(&t, zrange, &mut out);
            }
        }
    }
    out
}

/// Cuts a triangle to `zlo ≤ z ≤ zhi` (Sutherland–Hodgman against the two planes) and fans
/// what is left into triangles.
fn clip_facet(t: &Facet, zrange: (f64, f64), out: &mut Vec<Facet>) {
    let (lo, hi) = zrange;
    if t.iter().all(|v| v.at[2] >= lo && v.at[2] <= hi) {
        out.push(*t);
        return;
    }
    let mut poly: Vec<Vertex> = t.to_vec();
    for (limit, keep_below) in [(lo, false), (hi, true)] {
        let inside = |v: &Vertex| if keep_below { v.at[2] <= limit } else { v.at[2] >= limit };
        let mut next = Vec::with_capacity(poly.len() + 2);
        for k in 0..poly.len() {
            let (p, q) = (poly[k], poly[(k + 1) % poly.len()]);
            if inside(&p) {
                next.push(p);
            }
            if inside(&p) != inside(&q) {
                let t = (limit - p.at[2]) / (q.at[2] - p.at[2]);
                let mut v = p.lerp(&q, t);
                v.at[2] = limit;
                next.push(v);
            }
        }
        poly = next;
        if poly.len() < 3 {
            return;
        }
    }
    for k in 1..poly.len() - 1 {
        out.push([poly[0], poly[k], poly[k + 1]]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> View {
        View::new(-1.0, 1.0, -1.0, 1.0).expect("valid")
    }

    const RECT: PlotRect = PlotRect { left: 0.0, top: 0.0, width: 200.0, height: 100.0 };

    #[test]
    fn a_point_projects_where_a_hand_computation_puts_it() {
        // Box [-1, 1]² × [0, 1.2]: centre (0, 0, 0.6); half = 1, z unit = 0.6 / 0.6 = 1.
        // Radius √(1 + 1 + 0.36) = √2.36; scale = 0.5·100/√2.36 pixels per unit.
        let scale = 50.0 / 2.36f64.sqrt();
        // Seen from +x at the floor's level (α = 0, β = 0): right = +y, up = +z, eye = +x.
        let p = Projector::new(&square(), (0.0, 1.2), Camera::at(0.0, 0.0, 1.0).expect("finite"), RECT);
        let [px, py, depth] = p.project([0.5, 1.0, 1.2]);
        assert!((px - (100.0 + scale * 1.0)).abs() < 1e-9, "{px}");
        assert!((py - (50.0 - scale * 0.6)).abs() < 1e-9, "{py}");
        assert!((depth - 0.5).abs() < 1e-12);
        // α = 90°, β = 90° (straight down, +y towards the eye's right... ): eye = +z, right = −x,
        // up = −(cos 90°, sin 90°)·sin 90° = −y... so (1, 0, z) lands left of centre.
        let top = Projector::new(&square(), (0.0, 1.2), Camera::at(90.0, 90.0, 1.0).expect("finite"), RECT);
        let [px, py, depth] = top.project([1.0, 0.0, 0.6]);
        assert!((px - (100.0 - scale)).abs() < 1e-9 && (py - 50.0).abs() < 1e-9 && depth.abs() < 1e-12, "{px} {py} {depth}");
        // The default camera: α = −60°, β = 30°; the corner (1, −1, 1.2) by hand.
        let d = Projector::new(&square(), (0.0, 1.2), Camera::default(), RECT);
        let (a, b) = ((-60f64).to_radians(), 30f64.to_radians());
        let n = [1.0, -1.0, 0.6];
        let right = -a.sin() * n[0] + a.cos() * n[1];
        let up = -b.sin() * a.cos() * n[0] - b.sin() * a.sin() * n[1] + b.cos() * n[2];
        let [px, py, _] = d.project([1.0, -1.0, 1.2]);
        assert!((px - (100.0 + scale * right)).abs() < 1e-9 && (py - (50.0 - scale * up)).abs() < 1e-9);
    }

    #[test]
    fn every_corner_of_the_box_stays_in_the_rectangle_at_any_angle() {
        for az in (-180..=180).step_by(15) {
            for el in (-80..=90).step_by(10) {
                let p = Projector::new(&square(), (-5.0, 5.0), Camera::at(az as f64, el as f64, 1.0).expect("finite"), RECT);
                for c in [[-1.0, -1.0, -5.0], [1.0, 1.0, 5.0], [1.0, -1.0, 5.0], [-1.0, 1.0, -5.0]] {
                    let [px, py, _] = p.project(c);
                    assert!((0.0..=200.0).contains(&px) && (-1e-9..=100.0 + 1e-9).contains(&py), "{az} {el}: {px} {py}");
                }
            }
        }
    }

    #[test]
    fn cameras_wrap_the_azimuth_clamp_the_elevation_and_refuse_nan() {
        let c = Camera::at(270.0, 120.0, 1.0).expect("finite");
        assert_eq!((c.azimuth, c.elevation), (-90.0, 90.0));
        assert!(Camera::at(f64::NAN, 0.0, 1.0).is_none());
        assert_eq!(Camera::default().turned(-130.0, 0.0).azimuth, 170.0);
    }

    #[test]
    fn undefined_cells_are_left_out_and_tall_ones_cut_flat() {
        // 3 × 3 vertices of 4 cells; the centre one is undefined: every cell touches it.
        let mut values = vec![0.0; 9];
        values[4] = f64::NAN;
        let zero = vec![0.0; 9];
        assert!(facets(&values, [&zero, &zero], 3, 3, &square(), (-1.0, 1.0)).is_empty());
        // A corner undefined: only its own cell goes (3 cells × 2 triangles stay).
        let mut values = vec![0.0; 9];
        values[0] = f64::INFINITY;
        assert_eq!(facets(&values, [&zero, &zero], 3, 3, &square(), (-1.0, 1.0)).len(), 6);
        // A spike of 1e9 at the centre is cut at z = 1: no vertex above it.
        let mut values = vec![0.0; 9];
        values[4] = 1e9;
        let cut = facets(&values, [&zero, &zero], 3, 3, &square(), (-1.0, 1.0));
        assert!(!cut.is_empty());
        assert!(cut.iter().flatten().all(|v| v.at[2] <= 1.0 && v.at[2] >= -1.0));
        assert!(cut.iter().flatten().any(|v| v.at[2] == 1.0));
        // The mesh reaches the view's edges.
        let flat = facets(&[0.0; 9], [&zero, &zero], 3, 3, &square(), (-1.0, 1.0));
        let xs: Vec<f64> = flat.iter().flatten().map(|v| v.at[0]).collect();
        assert!(xs.contains(&-1.0) && xs.contains(&1.0));
    }

    #[test]
    fn the_mesh_view_puts_cell_centres_on_the_edges() {
        let v = mesh_view(&square(), 5, 3);
        assert!((v.grid_x(0.0, 5) + 1.0).abs() < 1e-12 && (v.grid_x(4.0, 5) - 1.0).abs() < 1e-12);
        assert!((v.grid_y(1.0, 3)).abs() < 1e-12);
    }
}
