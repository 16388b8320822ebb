//! The surface view as plain data: the mesh of z = f(x, y) over the view (cached by function,
//! view and slice), its level curves on it and on the floor, and the overlays that follow the
//! point: the slices with their tangent lines, the tangent plane or quadratic model, ∇f on the
//! floor and uphill on the surface, the slice along u, and the lab's paths.

use crate::compute::contour::{contour_levels, nice_levels};
use crate::compute::descent::Run;
use crate::compute::geometry::View;
use crate::compute::heatmap::{color_range, with_near_extremes};
use crate::compute::sample::sample_grid;
use crate::compute::surface::{facets, mesh_view, Camera, Facet};
use crate::compute::taylor::quadratic;
use crate::eval::model::Model;
use crate::expr::print::format_number;
use crate::view::scene::Style;

/// Mesh vertices along each side (64 cells, as the issue asks: 8,192 triangles).
pub const MESH_SIDE: usize = 65;

/// A polyline in the world's 3D coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Line3 {
    /// Vertices `[x, y, z]`.
    pub points: Vec<[f64; 3]>,
    /// Meaning (colour and width come from the palette).
    pub style: Style,
}

/// A dot in 3D.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker3 {
    /// Where.
    pub at: [f64; 3],
    /// Meaning.
    pub style: Style,
}

/// A text anchored at a 3D point, shifted by `offset` CSS pixels on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Label3 {
    /// Anchor.
    pub at: [f64; 3],
    /// Text.
    pub text: String,
    /// Screen offset in CSS pixels (x right, y down).
    pub offset: [f64; 2],
}

/// Everything one frame of the surface shows. The mesh and its curves are borrowed from the
/// cache, so a rotation copies nothing.
#[derive(Debug, Clone)]
pub struct SurfaceScene<'a> {
    /// The x-y window.
    pub view: View,
    /// The z range of the box (the map's robust colour range).
    pub zrange: (f64, f64),
    /// The camera.
    pub camera: Camera,
    /// The surface's triangles.
    pub facets: &'a [Facet],
    /// Level curves on the surface and on the floor.
    pub contours: &'a [Line3],
    /// Translucent triangles drawn over the surface: the tangent plane or quadratic model.
    pub translucent: Vec<Facet>,
    /// Lines drawn with depth (hidden behind the surface).
    pub lines: Vec<Line3>,
    /// Dots drawn on top.
    pub markers: Vec<Marker3>,
    /// Tick labels and axis names.
    pub labels: Vec<Label3>,
}

#[derive(Debug, Clone, PartialEq)]
struct SurfaceKey {
    version: u64,
    view: View,
    others: Vec<f64>,
    n_levels: usize,
}

/// The mesh and everything else that depends only on the function and the view.
#[derive(Debug, Default)]
pub struct SurfaceCache {
    key: Option<SurfaceKey>,
    /// The z range of the box.
    pub zrange: Option<(f64, f64)>,
    /// The surface's triangles.
    pub facets: Vec<Facet>,
    contours: Vec<Line3>,
    axes: Vec<Line3>,
    labels: Vec<Label3>,
}

impl SurfaceCache {
    /// Makes sure the mesh is the one for this function, view and slice.
    pub fn update(&mut self, model: &Model, version: u64, view: View, others: &[f64], n_levels: usize) {
        let key = SurfaceKey { version, view, others: others.to_vec(), n_levels };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let n = MESH_SIDE;
        let grid = sample_grid(&model.value_grad, &mesh_view(&view, n, n), n, n, others);
        let empty = Vec::new();
        let values = grid.values.first().unwrap_or(&empty);
        let (fx, fy) = (grid.values.get(1).unwrap_or(&empty), grid.values.get(2).unwrap_or(&empty));
        // Cut at the z-range: a bowl's bottom below its 2 % value was a hole at its minimum.
        self.zrange = color_range(values).map(|range| with_near_extremes(values, range));
        self.facets.clear();
        self.contours.clear();
        self.axes.clear();
        self.labels.clear();
        if let Some(zrange) = self.zrange {
            self.facets = facets(values, [fx, fy], n, n, &view, zrange);
            let cell = |i: f64, lo: f64, span: f64| lo + i * span / (n - 1) as f64;
            for curves in contour_levels(values, n, n, &nice_levels(zrange.0, zrange.1, n_levels)) {
                for line in &curves.lines {
                    let at = |p: &[f64; 2], z: f64| [cell(p[0], view.xmin, view.width()), cell(p[1], view.ymin, view.height()), z];
                    self.contours.push(Line3 { points: line.iter().map(|p| at(p, curves.level)).collect(), style: Style::Contour });
                    self.contours.push(Line3 { points: line.iter().map(|p| at(p, zrange.0)).collect(), style: Style::FloorContour });
                }
            }
            self.build_axes(&view, zrange, model);
        }
        self.key = Some(key);
    }

    /// The floor's rectangle, the vertical edges and tick labels on the three axes.
    fn build_axes(&mut self, view: &View, (zlo, zhi): (f64, f64), model: &Model) {
        let (x0, x1, y0, y1) = (view.xmin, view.xmax, view.ymin, view.ymax);
        let floor = vec![[x0, y0, zlo], [x1, y0, zlo], [x1, y1, zlo], [x0, y1, zlo], [x0, y0, zlo]];
        self.axes.push(Line3 { points: floor, style: Style::Axis });
        for (x, y) in [(x0, y0), (x1, y0), (x1, y1), (x0, y1)] {
            self.axes.push(Line3 { points: vec![[x, y, zlo], [x, y, zhi]], style: Style::FloorContour });
        }
        let name = |i: usize| model.parsed.vars.get(i).cloned().unwrap_or_default();
        let tick = (view.width().max(view.height())) * 0.02;
        for x in nice_levels(x0, x1, 5) {
            self.axes.push(Line3 { points: vec![[x, y0, zlo], [x, y0 - tick, zlo]], style: Style::Axis });
            self.labels.push(Label3 { at: [x, y0 - 3.0 * tick, zlo], text: format_number(x), offset: [-6.0, 4.0] });
        }
        for y in nice_levels(y0, y1, 5) {
            self.axes.push(Line3 { points: vec![[x1, y, zlo], [x1 + tick, y, zlo]], style: Style::Axis });
            self.labels.push(Label3 { at: [x1 + 3.0 * tick, y, zlo], text: format_number(y), offset: [0.0, 4.0] });
        }
        for z in nice_levels(zlo, zhi, 4) {
            self.axes.push(Line3 { points: vec![[x0, y0, z], [x0 - tick, y0 - tick, z]], style: Style::Axis });
            self.labels.push(Label3 { at: [x0 - 2.0 * tick, y0 - 2.0 * tick, z], text: format_number(z), offset: [-28.0, 4.0] });
        }
        let mid = |a: f64, b: f64| 0.5 * (a + b);
        self.labels.push(Label3 { at: [mid(x0, x1), y0 - 9.0 * tick, zlo], text: name(0), offset: [0.0, 6.0] });
        self.labels.push(Label3 { at: [x1 + 9.0 * tick, mid(y0, y1), zlo], text: name(1), offset: [0.0, 6.0] });
        self.labels.push(Label3 { at: [x0, y0, zhi], text: format!("f({}, {})", name(0), name(1)), offset: [-10.0, -10.0] });
    }
}

/// What the surface adds at the point, set by the learner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceOptions {
    /// 1: the tangent plane; 2: the quadratic model; 0: neither.
    pub model_order: usize,
    /// The unit direction u.
    pub direction: [f64; 2],
    /// The lab's animation frame.
    pub frame: usize,
}

/// The scene: the cached mesh plus the point's overlays.
pub fn surface_scene<'a>(model: &Model, cache: &'a SurfaceCache, view: View, camera: Camera, point: &[f64], runs: &[Run], options: SurfaceOptions) -> Option<SurfaceScene<'a>> {
    let zrange = cache.zrange?;
    let mut scene = SurfaceScene {
        view,
        zrange,
        camera,
        facets: &cache.facets,
        contours: &cache.contours,
        translucent: Vec::new(),
        lines: cache.axes.clone(),
        markers: Vec::new(),
        labels: cache.labels.clone(),
    };
    add_point_overlays(model, &mut scene, point, options);
    add_paths(&mut scene, runs, options.frame);
    Some(scene)
}

/// How far the tangent lines, the plane and the arrows reach from the point.
fn reach(view: &View) -> f64 {
    0.22 * view.width().min(view.height())
}

fn add_point_overlays(model: &Model, scene: &mut SurfaceScene, point: &[f64], options: SurfaceOptions) {
    let view = scene.view;
    let (zlo, zhi) = scene.zrange;
    let (x0, y0) = (point[0], point.get(1).copied().unwrap_or(0.0));
    let at = |x: f64, y: f64| {
        let mut p = point.to_vec();
        p[0] = x;
        if p.len() > 1 {
            p[1] = y;
        }
        model.value_at(&p)
    };
    // The slices f(x, y₀) and f(x₀, y) across the view, cut where f is undefined or leaves the box.
    let samples = 160;
    let slice = |along_x: bool| -> Vec<Line3> {
        let points: Vec<[f64; 3]> = (0..=samples)
            .map(|i| {
                let t = i as f64 / samples as f64;
                let (x, y) = if along_x { (view.xmin + t * view.width(), y0) } else { (x0, view.ymin + t * view.height()) };
                [x, y, at(x, y)]
            })
            .collect();
        pieces_in_box(&points, (zlo, zhi), Style::SurfaceSlice)
    };
    if (view.ymin..=view.ymax).contains(&y0) {
        scene.lines.extend(slice(true));
    }
    if (view.xmin..=view.xmax).contains(&x0) {
        scene.lines.extend(slice(false));
    }
    let (value, gradient) = model.value_grad_at(point);
    let (gx, gy) = (gradient.first().copied().unwrap_or(f64::NAN), gradient.get(1).copied().unwrap_or(f64::NAN));
    let inside = view.contains(x0, y0) && value.is_finite() && (zlo..=zhi).contains(&value);
    let r = reach(&view);
    let u = options.direction;
    // u on the floor, and the slice t ↦ f(p + t·u) on the surface.
    if view.contains(x0, y0) {
        scene.lines.push(Line3 { points: arrow([x0, y0, zlo], [x0 + u[0] * 0.8 * r, y0 + u[1] * 0.8 * r, zlo], r), style: Style::Direction });
        let points: Vec<[f64; 3]> = (0..=80)
            .map(|i| {
                let t = (i as f64 / 40.0 - 1.0) * r;
                let (x, y) = (x0 + t * u[0], y0 + t * u[1]);
                [x, y, if view.contains(x, y) { at(x, y) } else { f64::NAN }]
            })
            .collect();
        scene.lines.extend(pieces_in_box(&points, (zlo, zhi), Style::Direction));
    }
    if !inside {
        return;
    }
    // The drop from the point to the floor, and the point itself.
    scene.lines.push(Line3 { points: vec![[x0, y0, zlo], [x0, y0, value]], style: Style::Axis });
    scene.markers.push(Marker3 { at: [x0, y0, value], style: Style::Point });
    scene.markers.push(Marker3 { at: [x0, y0, zlo], style: Style::Axis });
    if !(gx.is_finite() && gy.is_finite()) {
        return;
    }
    // The tangent lines of the two slices: slopes ∂f/∂x and ∂f/∂y.
    for (dx, dy, slope) in [(1.0, 0.0, gx), (0.0, 1.0, gy)] {
        let line: Vec<[f64; 3]> = (-8..=8).map(|i| {
            let t = i as f64 / 8.0 * r;
            [x0 + t * dx, y0 + t * dy, value + t * slope]
        }).collect();
        scene.lines.extend(pieces_in_box(&line, (zlo, zhi), Style::Tangent));
    }
    let norm = gx.hypot(gy);
    if norm.is_finite() && norm > 0.0 {
        let (ux, uy) = (gx / norm, gy / norm);
        // ∇f on the floor under the point, and uphill on the surface along the tangent plane.
        scene.lines.push(Line3 { points: arrow([x0, y0, zlo], [x0 + ux * r, y0 + uy * r, zlo], r), style: Style::Gradient });
        let head = [x0 + ux * 0.6 * r, y0 + uy * 0.6 * r, value + norm * 0.6 * r];
        if (zlo..=zhi).contains(&head[2]) {
            scene.lines.push(Line3 { points: vec![[x0, y0, value], head], style: Style::Gradient });
            scene.markers.push(Marker3 { at: head, style: Style::Gradient });
        }
    }
    if options.model_order >= 1 {
        let h = model.hessian_at(point);
        let hv = |i: usize, j: usize| h.get(i).and_then(|row| row.get(j)).copied().unwrap_or(f64::NAN);
        let hessian = [[hv(0, 0), hv(0, 1)], [hv(1, 0), hv(1, 1)]];
        let second = options.model_order >= 2 && hessian.iter().flatten().all(|v| v.is_finite());
        let model_at = |d: [f64; 2]| if second { quadratic(value, [gx, gy], hessian, d) } else { value + gx * d[0] + gy * d[1] };
        add_patch(scene, [x0, y0], 1.2 * r, model_at);
    }
}

/// A square patch of the local model around `centre`, as translucent triangles cut to the
/// box and the view, with its outline.
fn add_patch(scene: &mut SurfaceScene, centre: [f64; 2], half: f64, model_at: impl Fn([f64; 2]) -> f64) {
    let n = 12;
    let view = scene.view;
    let side = |i: usize| -half + 2.0 * half * i as f64 / n as f64;
    let mut values = vec![f64::NAN; (n + 1) * (n + 1)];
    for j in 0..=n {
        for i in 0..=n {
            let (x, y) = (centre[0] + side(i), centre[1] + side(j));
            if view.contains(x, y) {
                values[j * (n + 1) + i] = model_at([side(i), side(j)]);
            }
        }
    }
    let patch_view = View { xmin: centre[0] - half, xmax: centre[0] + half, ymin: centre[1] - half, ymax: centre[1] + half };
    let nan = vec![f64::NAN; values.len()];
    scene.translucent = facets(&values, [&nan, &nan], n + 1, n + 1, &patch_view, scene.zrange);
    // The outline: the patch's border, cut where it leaves the box.
    let border: Vec<[f64; 3]> = (0..=4 * n)
        .map(|k| {
            let (i, j) = match k / n {
                0 => (k % n, 0),
                1 => (n, k % n),
                2 => (n - k % n, n),
                _ => (0, n - k % n),
            };
            let (i, j) = if k == 4 * n { (0, 0) } else { (i, j) };
            [centre[0] + side(i), centre[1] + side(j), values[j * (n + 1) + i]]
        })
        .collect();
    scene.lines.extend(pieces_in_box(&border, scene.zrange, Style::TangentPlane));
}

/// The runs' paths on the surface up to the animation's frame, at height f(θ).
fn add_paths(scene: &mut SurfaceScene, runs: &[Run], frame: usize) {
    for r in runs {
        if r.path.is_empty() {
            continue;
        }
        let k = frame.min(r.path.len() - 1);
        let points: Vec<[f64; 3]> = (0..=k)
            .map(|i| match r.path[i].as_slice() {
                [x, y, ..] if scene.view.contains(*x, *y) => [*x, *y, r.losses[i]],
                _ => [f64::NAN; 3],
            })
            .collect();
        let style = Style::Path(r.optimizer.index());
        scene.lines.extend(pieces_in_box(&points, scene.zrange, style));
        if let Some(last) = points.last().filter(|p| p.iter().all(|v| v.is_finite()) && (scene.zrange.0..=scene.zrange.1).contains(&p[2])) {
            scene.markers.push(Marker3 { at: *last, style });
        }
    }
}

/// Shaft and head of an arrow lying in a horizontal plane.
fn arrow(from: [f64; 3], to: [f64; 3], reach: f64) -> Vec<[f64; 3]> {
    let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
    let len = dx.hypot(dy);
    if !(len > 0.0 && len.is_finite()) {
        return vec![from, to];
    }
    let head = 0.12 * reach;
    let (ux, uy) = (dx / len, dy / len);
    let wing = |s: f64| [to[0] - head * ux - s * 0.5 * head * uy, to[1] - head * uy + s * 0.5 * head * ux, to[2]];
    vec![from, to, wing(1.0), to, wing(-1.0)]
}

/// The pieces of a 3D polyline whose points are finite and inside the z range.
pub fn pieces_in_box(points: &[[f64; 3]], (zlo, zhi): (f64, f64), style: Style) -> Vec<Line3> {
    let mut out = Vec::new();
    let mut current: Vec<[f64; 3]> = Vec::new();
    for p in points {
        if p.iter().all(|v| v.is_finite()) && (zlo..=zhi).contains(&p[2]) {
            current.push(*p);
        } else if current.len() >= 2 {
            out.push(Line3 { points: std::mem::take(&mut current), style });
        } else {
            current.clear();
        }
    }
    if current.len() >= 2 {
        out.push(Line3 { points: current, style });
    }
    out
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bowl_keeps_its_bottom_and_a_pole_stays_cut() {
        // The walk: x² + y² had a hole at its minimum (its z-range began at the 2 % value).
        let mut cache = SurfaceCache::default();
        cache.update(&Model::new("x^2 + y^2").expect("parses"), 1, View::default(), &[], 10);
        let (zlo, zhi) = cache.zrange.expect("finite");
        assert!(zlo <= 1e-3 && zhi >= 17.9, "{zlo}..{zhi}");
        let lowest = cache.facets.iter().flatten().map(|v| v.at[2]).fold(f64::INFINITY, f64::min);
        assert!(lowest < 1e-2, "the mesh reaches the bottom: {lowest}");
        cache.update(&Model::new("1/(x^2 + y^2)").expect("parses"), 2, View::default(), &[], 10);
        let (_, zhi) = cache.zrange.expect("finite");
        assert!(zhi < 100.0, "the spike is cut: {zhi}");
    }

    #[test]
    fn the_mesh_covers_the_view_with_at_least_64_cells_a_side_and_leaves_holes_where_f_is_undefined() {
        let model = Model::new("x^2 + y^2").expect("parses");
        let mut cache = SurfaceCache::default();
        let view = View::default();
        cache.update(&model, 1, view, &[], 10);
        // 64 × 64 cells of two triangles; the corners above the robust range are cut away.
        assert!(MESH_SIDE > 64 && cache.facets.len() >= 2 * 64 * 64 * 9 / 10, "{}", cache.facets.len());
        let (zlo, zhi) = cache.zrange.expect("finite");
        assert!(cache.facets.iter().flatten().all(|v| (zlo..=zhi).contains(&v.at[2])));
        // ln(x) + y: nothing at x ≤ 0, so no facet reaches left of the y axis.
        let ln = Model::new("ln(x) + y").expect("parses");
        cache.update(&ln, 2, view, &[], 10);
        assert!(!cache.facets.is_empty());
        assert!(cache.facets.iter().flatten().all(|v| v.at[0] > 0.0));
        // 1/(x² + y²): the pole is cut at the top of the range, not drawn to 1e30.
        let pole = Model::new("1/(x^2 + y^2)").expect("parses");
        cache.update(&pole, 3, view, &[], 10);
        let (_, zhi) = cache.zrange.expect("finite");
        assert!(zhi < 100.0 && cache.facets.iter().flatten().all(|v| v.at[2] <= zhi));
    }

    #[test]
    fn the_overlays_follow_the_point_with_slopes_of_the_partials() {
        let model = Model::new("x^2 + y^2").expect("parses");
        let mut cache = SurfaceCache::default();
        let view = View::default();
        cache.update(&model, 1, view, &[], 10);
        let options = SurfaceOptions { model_order: 1, direction: [1.0, 0.0], frame: 0 };
        let scene = surface_scene(&model, &cache, view, Camera::default(), &[1.0, 1.0], &[], options).expect("a scene");
        assert!(scene.markers.iter().any(|m| m.style == Style::Point && m.at == [1.0, 1.0, 2.0]));
        // The tangent lines through (1, 1, 2) rise by ∂f/∂x = 2 per unit of x, ∂f/∂y = 2 per y.
        let tangents: Vec<&Line3> = scene.lines.iter().filter(|l| l.style == Style::Tangent).collect();
        assert!(tangents.len() >= 2);
        for t in tangents {
            let (a, b) = (t.points[0], t.points[t.points.len() - 1]);
            let run = (b[0] - a[0]) + (b[1] - a[1]);
            assert!(((b[2] - a[2]) / run - 2.0).abs() < 1e-12);
        }
        // The tangent plane: translucent facets on z = 2 + 2(x − 1) + 2(y − 1).
        assert!(!scene.translucent.is_empty());
        for v in scene.translucent.iter().flatten() {
            assert!((v.at[2] - (2.0 + 2.0 * (v.at[0] - 1.0) + 2.0 * (v.at[1] - 1.0))).abs() < 1e-9);
        }
        // Slices lie on the surface.
        for l in scene.lines.iter().filter(|l| l.style == Style::SurfaceSlice) {
            for p in &l.points {
                assert!((p[2] - (p[0] * p[0] + p[1] * p[1])).abs() < 1e-9);
            }
        }
    }
}
