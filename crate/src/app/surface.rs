//! The 3D surface and the local models as app state: the layout (map, surface, or both), the
//! camera, the Taylor order; drawing the surface into its raster, and the pointer on it
//! (rotating, zooming, picking the point where the surface is under the pointer).

use crate::app::App;
use crate::compute::geometry::PlotRect;
use crate::compute::surface::{Camera, Projector};
use crate::compute::taylor::{derivative_tape, MAX_ORDER};
use crate::eval::tape::Tape;
use crate::render::layout::MARGIN;
use crate::render::raster::Raster;
use crate::render::surface::{draw_surface, Picture, MAX_PIXELS};
use crate::view::local::{add_local_model, add_taylor_curve, add_zigzag_axis, taylor_at, taylor_one, taylor_two, TaylorInfo};
use crate::view::scene::Scene;
use crate::view::surface::{surface_scene, SurfaceCache, SurfaceOptions};

/// What the main plot shows for two or more variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// The map (the default).
    #[default]
    Map,
    /// The surface in 3D.
    Surface,
    /// Both, side by side (stacked on a tall screen).
    Split,
}

impl Layout {
    /// The id in links and the API.
    pub fn id(self) -> &'static str {
        match self {
            Layout::Map => "2d",
            Layout::Surface => "3d",
            Layout::Split => "split",
        }
    }

    /// The layout with this id.
    pub fn from_id(id: &str) -> Option<Layout> {
        [Layout::Map, Layout::Surface, Layout::Split].into_iter().find(|l| l.id() == id)
    }
}

/// Degrees the camera turns per CSS pixel dragged.
pub const DEGREES_PER_PIXEL: f64 = 0.4;

/// Where the surface was drawn last, to turn pixels back into the surface's points.
#[derive(Debug, Clone, Copy)]
struct Drawn {
    projector: Projector,
    /// The surface's area on the canvas.
    rect: PlotRect,
    /// Raster pixels per canvas pixel.
    k: f64,
}

/// The surface's and the local models' state.
#[derive(Debug, Default)]
pub struct SurfaceState {
    /// Map, surface or both.
    pub layout: Layout,
    /// The 3D camera.
    pub camera: Camera,
    /// The order of the local model (0: none).
    pub taylor: usize,
    cache: SurfaceCache,
    raster: Raster,
    drawn: Option<Drawn>,
    /// Whether the raster was last drawn coarsely, while the camera moved.
    coarse: bool,
    /// Whether the camera is turning or zooming under a gesture (until `App::refine`): the
    /// raster is drawn coarsely meanwhile. The map's view does not move, so it stays in full.
    pub(crate) turning: bool,
    /// f, f′, … f⁽ⁿ⁾ compiled, for (function version, order).
    derivatives: Option<(u64, usize, Tape)>,
}

impl App {
    /// The layout, for functions of two or more variables (`None` in one variable).
    pub fn layout(&self) -> Option<Layout> {
        (self.n_vars() >= 2).then_some(self.surface.layout)
    }

    /// Sets the layout by id (`2d`, `3d`, `split`); an unknown id leaves a notice.
    pub fn set_layout(&mut self, id: &str) {
        match Layout::from_id(id) {
            Some(l) => self.surface.layout = l,
            None => self.notices.push(format!("unknown layout `{}`: it is 2d, 3d or split", id.chars().take(20).collect::<String>())),
        }
    }

    /// The camera as `[azimuth, elevation]` in degrees.
    pub fn camera(&self) -> [f64; 2] {
        [self.surface.camera.azimuth, self.surface.camera.elevation]
    }

    /// Points the camera (degrees); non-finite angles are refused with a notice.
    pub fn set_camera(&mut self, azimuth: f64, elevation: f64) {
        match Camera::at(azimuth, elevation, self.surface.camera.zoom) {
            Some(c) => self.surface.camera = c,
            None => self.notices.push("the camera needs two finite angles in degrees"),
        }
    }

    /// Turns the camera by a drag of `(dx, dy)` canvas pixels at `scale` pixels per CSS pixel.
    pub fn rotate_pixels(&mut self, dx: f64, dy: f64, scale: f64) {
        let s = scale.clamp(0.5, 4.0);
        if dx.is_finite() && dy.is_finite() {
            self.surface.camera = self.surface.camera.turned(-dx / s * DEGREES_PER_PIXEL, dy / s * DEGREES_PER_PIXEL);
            self.surface.turning = true;
        }
    }

    /// Zooms the surface by `factor` (< 1 zooms in, as the map's wheel does).
    pub fn zoom_surface(&mut self, factor: f64) {
        let c = self.surface.camera;
        if factor.is_finite() && factor > 0.0 {
            self.surface.camera = Camera::at(c.azimuth, c.elevation, c.zoom / factor).unwrap_or(c);
            self.surface.turning = true;
        }
    }

    /// The order of the local model (0 hides it).
    pub fn taylor_order(&self) -> usize {
        self.surface.taylor
    }

    /// Sets the order of the local model: 0–10 in one variable, 0–2 in two (higher is capped).
    pub fn set_taylor(&mut self, order: f64) {
        if !order.is_finite() || order < 0.0 {
            self.notices.push("the Taylor order is a whole number from 0 to 10");
            return;
        }
        self.surface.taylor = (order.round() as usize).min(MAX_ORDER);
    }

    /// The order shown for the function now (two variables stop at the quadratic model).
    fn shown_order(&self) -> usize {
        if self.n_vars() >= 2 { self.surface.taylor.min(2) } else { self.surface.taylor }
    }

    /// The Taylor polynomial of order n at the point (one variable).
    fn taylor_polynomial(&mut self) -> Option<crate::compute::taylor::Taylor> {
        let order = self.shown_order();
        let model = self.session.model().filter(|m| m.n_vars() == 1 && order > 0)?;
        let version = self.session.version();
        let fresh = matches!(&self.surface.derivatives, Some((v, o, _)) if *v == version && *o == order);
        if !fresh {
            self.surface.derivatives = Some((version, order, derivative_tape(model, order)));
        }
        let (_, _, tape) = self.surface.derivatives.as_ref()?;
        Some(honest_taylor(model, tape, self.selection.point[0], order))
    }

    /// The error chart |f − Tₙ| (one variable, when Tₙ is shown and was computed this frame).
    pub fn taylor_error_chart(&self) -> Option<crate::view::chart::Chart> {
        let order = self.shown_order();
        let model = self.session.model().filter(|m| m.n_vars() == 1 && order > 0)?;
        let (version, o, tape) = self.surface.derivatives.as_ref()?;
        if *version != self.session.version() || *o != order {
            return None;
        }
        let taylor = honest_taylor(model, tape, self.selection.point[0], order);
        taylor.is_defined().then(|| crate::view::local::taylor_error_chart(model, &taylor, &self.viewport.view, order))
    }

    /// `state().taylor`: null when hidden.
    pub fn taylor_info(&mut self) -> Option<TaylorInfo> {
        let order = self.shown_order();
        if order == 0 {
            return None;
        }
        if self.n_vars() >= 2 {
            return self.session.model().map(|m| taylor_two(m, &self.selection.point, order));
        }
        let taylor = self.taylor_polynomial()?;
        let model = self.session.model()?;
        Some(taylor_one(model, &taylor, order, &self.viewport.view))
    }

    /// Adds the local model to the main plot's scene: Tₙ over the graph, or the model's level
    /// curves, the eigen-axes and the Newton step on the map (and the lab's zig-zag axis).
    pub fn add_local_models(&mut self, scene: &mut Scene) {
        let order = self.shown_order();
        if order == 0 {
            return;
        }
        if self.n_vars() == 1 {
            if let Some(t) = self.taylor_polynomial() {
                add_taylor_curve(scene, &t);
            }
            return;
        }
        let Some(model) = self.session.model() else { return };
        add_local_model(scene, model, &self.selection.point, order);
        if order >= 2 && !self.lab.runs.is_empty() {
            let mut start = self.lab.options.start.clone();
            start.resize(model.n_vars(), 0.0);
            add_zigzag_axis(scene, model, &start);
        }
    }

    /// Draws the surface into its raster for the area `rect` of the canvas (device pixels);
    /// `None` when there is no surface to draw (one variable, nothing finite).
    pub fn draw_surface(&mut self, rect: PlotRect, scale: f64) -> Option<Picture> {
        // Nothing drawn (one variable, nothing finite in view) is nothing left coarse.
        self.surface.coarse = false;
        let model = self.session.model().filter(|m| m.n_vars() >= 2)?;
        let view = self.viewport.view;
        let others: Vec<f64> = self.selection.point.get(2..).map(<[f64]>::to_vec).unwrap_or_default();
        let state = &mut self.surface;
        state.cache.update(model, self.session.version(), view, &others, self.map_options.n_levels);
        let options = SurfaceOptions { model_order: self.surface.taylor.min(2), direction: self.selection.direction(), frame: self.lab.frame };
        let scene = surface_scene(model, &self.surface.cache, view, self.surface.camera, &self.selection.point, &self.lab.runs, options)?;
        // While the camera turns under the learner's hand, a quarter of the pixels (stretched by
        // the blit); in full once it pauses (`App::refine`).
        let coarse = self.moving || self.surface.turning;
        let max_pixels = if coarse { MAX_PIXELS / 4 } else { MAX_PIXELS };
        let floor = crate::render::palette::ink(self.theme()).floor;
        let (projector, picture) = draw_surface(&scene, rect, scale, max_pixels, floor, &mut self.surface.raster);
        self.surface.coarse = coarse;
        let k = self.surface.raster.width() as f64 / rect.width.max(1.0);
        self.surface.drawn = Some(Drawn { projector, rect, k });
        Some(picture)
    }

    /// Whether the surface was last drawn coarsely (its camera moving): `pending` says so.
    pub fn surface_coarse(&self) -> bool {
        self.surface.coarse && self.layout().is_some_and(|l| l != Layout::Map)
    }

    /// The surface's image as last drawn.
    pub fn surface_raster(&self) -> &Raster {
        &self.surface.raster
    }

    /// Whether a canvas pixel lies on the surface's area (in `3d` and `split`).
    pub fn on_surface(&self, px: f64, py: f64) -> bool {
        let Some(d) = self.surface.drawn.filter(|_| self.layout().is_some_and(|l| l != Layout::Map)) else { return false };
        let r = d.rect;
        px >= r.left && px <= r.left + r.width && py >= r.top && py <= r.top + r.height
    }

    fn raster_pixel(d: &Drawn, px: f64, py: f64) -> (f64, f64) {
        ((px - d.rect.left) * d.k, (py - d.rect.top) * d.k)
    }

    /// What is under a canvas pixel of the surface: `"point"` within `radius` of the selected
    /// point, else `"surface"` (to rotate).
    pub fn surface_hit(&self, px: f64, py: f64, radius: f64) -> &'static str {
        match self.surface_point() {
            Some([qx, qy]) if (qx - px).hypot(qy - py) <= radius => "point",
            _ => "surface",
        }
    }

    /// Where the selected point is drawn on the surface, in canvas pixels (`3d` and `split`,
    /// when the point is on the surface drawn last).
    pub fn surface_point(&self) -> Option<[f64; 2]> {
        let d = self.surface.drawn.filter(|_| self.layout().is_some_and(|l| l != Layout::Map))?;
        let model = self.session.model()?;
        let p = &self.selection.point;
        let z = model.value_at(p);
        let (lo, hi) = self.surface.cache.zrange?;
        if !(z >= lo && z <= hi && self.viewport.view.contains(p[0], p.get(1).copied().unwrap_or(0.0))) {
            return None;
        }
        let q = d.projector.project([p[0], p.get(1).copied().unwrap_or(0.0), z]);
        Some([d.rect.left + q[0] / d.k, d.rect.top + q[1] / d.k])
    }

    /// Moves the point to where the surface is under a canvas pixel (nothing if it is not).
    pub fn pick_surface(&mut self, px: f64, py: f64) {
        let Some(d) = self.surface.drawn else { return };
        let (rx, ry) = App::raster_pixel(&d, px, py);
        let Some(id) = self.surface.raster.facet_at(rx, ry) else { return };
        let Some(facet) = self.surface.cache.facets.get(id as usize) else { return };
        // Barycentric weights of the pixel in the facet's projection give its world (x, y).
        let s = facet.map(|v| d.projector.project(v.at));
        let area = (s[1][0] - s[0][0]) * (s[2][1] - s[0][1]) - (s[1][1] - s[0][1]) * (s[2][0] - s[0][0]);
        if area.abs() < 1e-12 {
            return;
        }
        let w1 = ((rx - s[0][0]) * (s[2][1] - s[0][1]) - (ry - s[0][1]) * (s[2][0] - s[0][0])) / area;
        let w2 = ((s[1][0] - s[0][0]) * (ry - s[0][1]) - (s[1][1] - s[0][1]) * (rx - s[0][0])) / area;
        let w0 = 1.0 - w1 - w2;
        let x = w0 * facet[0].at[0] + w1 * facet[1].at[0] + w2 * facet[2].at[0];
        let y = w0 * facet[0].at[1] + w1 * facet[1].at[1] + w2 * facet[2].at[1];
        let mut p = self.selection.point.clone();
        p[0] = x;
        if p.len() > 1 {
            p[1] = y;
        }
        self.set_point(&p);
    }
}

/// The two areas of a `split` canvas of `width × height` device pixels: the map's part and the
/// surface's rectangle; side by side, or stacked when the canvas is taller than wide.
pub fn split_areas(width: f64, height: f64, scale: f64) -> (bool, f64, PlotRect) {
    let stacked = width < height;
    let m = MARGIN * scale.clamp(0.5, 4.0);
    if stacked {
        let top = (height / 2.0).round();
        (true, top, PlotRect { left: m, top: top + m, width: (width - 2.0 * m).max(1.0), height: (height - top - 2.0 * m).max(1.0) })
    } else {
        let left = (width / 2.0).round();
        (false, left, PlotRect { left: left + m, top: m, width: (width - left - 2.0 * m).max(1.0), height: (height - 2.0 * m).max(1.0) })
    }
}

/// The surface's rectangle on a whole canvas (`3d`).
pub fn surface_area(width: f64, height: f64, scale: f64) -> PlotRect {
    let m = MARGIN * scale.clamp(0.5, 4.0);
    PlotRect { left: m, top: m, width: (width - 2.0 * m).max(1.0), height: (height - 2.0 * m).max(1.0) }
}

/// The link's `layout`, `cam` and `taylor` pairs: each only when not its default.
pub fn link_pairs(app: &App, exact: bool) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let s = &app.surface;
    if app.n_vars() >= 2 && s.layout != Layout::Map {
        pairs.push(("layout".to_string(), s.layout.id().to_string()));
    }
    let [az, el] = [s.camera.azimuth, s.camera.elevation];
    if [az, el] != crate::compute::surface::DEFAULT_CAMERA {
        let f = |v: f64| if exact { format!("{v}") } else { crate::app::link::format_visible(v, 0.1) };
        pairs.push(("cam".to_string(), format!("{},{}", f(az), f(el))));
    }
    // The order shown (two variables stop at 2), so the link says what its reader will see.
    if app.shown_order() > 0 {
        pairs.push(("taylor".to_string(), app.shown_order().to_string()));
    }
    pairs
}

/// Reads `layout`, `cam` and `taylor` from a link; bad values leave a notice and the default.
pub fn apply_link<'a>(app: &mut App, get: &dyn Fn(&str) -> Option<&'a str>) {
    app.surface.layout = Layout::Map;
    app.surface.camera = Camera::default();
    app.surface.taylor = 0;
    if let Some(v) = get("layout") {
        app.set_layout(v);
    }
    if let Some(v) = get("cam") {
        match crate::app::link::parse_numbers(v, Some(2)) {
            Ok(n) => app.set_camera(n[0], n[1]),
            Err(e) => app.notices.push(format!("ignored the link's cam: {e}")),
        }
    }
    if let Some(v) = get("taylor") {
        match crate::app::link::parse_numbers(v, Some(1)) {
            Ok(n) if n[0] >= 0.0 && n[0] <= MAX_ORDER as f64 && n[0].fract() == 0.0 => app.set_taylor(n[0]),
            Ok(_) => app.notices.push(format!("ignored the link's taylor: it is a whole number from 0 to {MAX_ORDER}")),
            Err(e) => app.notices.push(format!("ignored the link's taylor: {e}")),
        }
    }
}

/// Tₙ at `a`, undefined from order 1 where f has no derivative at `a` (a kink, a jump, a cusp),
/// whatever its formulas give there: abs(x) at 0 drew T₁ = 0 beside "f′ is undefined".
fn honest_taylor(model: &crate::eval::model::Model, tape: &Tape, a: f64, order: usize) -> crate::compute::taylor::Taylor {
    let mut taylor = taylor_at(tape, a, order);
    let (value, gradient) = model.value_grad_at(&[a]);
    let honest = crate::view::readouts::honest_gradient(|p| model.value_at(p), &[a], value, &gradient, &model.parsed.vars);
    if honest.gradient.first().is_none_or(|d| !d.is_finite()) {
        taylor.coefficients.iter_mut().skip(1).for_each(|c| *c = f64::NAN);
    }
    taylor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_taylor_polynomial_where_f_has_no_derivative() {
        // The walk: abs(x) at 0 drew T₁(x) = 0 while the readouts said f′(0) is undefined.
        for (text, x) in [("abs(x)", 0.0), ("sign(x)", 0.0), ("x^2", 1.0)] {
            let mut app = App::new();
            app.set_expression(text).expect("parses");
            app.set_point(&[x]);
            app.set_taylor(1.0);
            let formula = app.taylor_info().and_then(|t| t.formula);
            assert_eq!(formula.is_some(), text == "x^2", "{text}: {formula:?}");
        }
    }

    #[test]
    fn dragging_on_the_surface_rotates_and_picking_lands_on_the_surface_under_the_pointer() {
        let mut app = App::new();
        app.set_expression("x^2 + y^2").expect("parses");
        app.set_layout("3d");
        assert_eq!(app.layout(), Some(Layout::Surface));
        let rect = surface_area(800.0, 600.0, 1.0);
        let picture = app.draw_surface(rect, 1.0).expect("drawn");
        assert!(!picture.labels.is_empty());
        // The image has colour where the surface is, and the point is a dot.
        let raster = app.surface_raster();
        let opaque = raster.image.rgba.chunks(4).filter(|p| p[3] == 255).count();
        assert!(opaque > raster.image.rgba.len() / 4 / 5, "{opaque}");
        // The point's own pixel hits "point"; picking at it keeps it (to the mesh's precision).
        let d = app.surface.drawn.expect("drawn");
        let q = d.projector.project([1.0, 2.0, 5.0]);
        let (px, py) = (rect.left + q[0] / d.k, rect.top + q[1] / d.k);
        assert_eq!(app.surface_hit(px, py, 14.0), "point");
        assert_eq!(app.surface_hit(px + 100.0, py, 14.0), "surface");
        // Picking a pixel of the surface elsewhere: the projection of (−1, 0.5, f) brings it back.
        let target = d.projector.project([-1.0, 0.5, 1.25]);
        app.pick_surface(rect.left + target[0] / d.k, rect.top + target[1] / d.k);
        let p = app.selection.point.clone();
        assert!((p[0] + 1.0).abs() < 0.02 && (p[1] - 0.5).abs() < 0.02, "{p:?}");
        let before = app.camera();
        app.rotate_pixels(50.0, -25.0, 1.0);
        assert_eq!(app.camera(), [before[0] - 20.0, before[1] - 10.0]);
        assert!(app.on_surface(400.0, 300.0));
        app.set_layout("nonsense");
        assert_eq!(app.layout(), Some(Layout::Surface));
    }

    #[test]
    fn the_taylor_state_follows_the_order_and_the_variables() {
        let mut app = App::new();
        app.set_expression("e^x").expect("parses");
        app.set_point(&[0.0]);
        assert_eq!(app.taylor_info(), None);
        app.set_taylor(4.0);
        let t = app.taylor_info().expect("shown");
        assert_eq!(t.coefficients, Some(vec![1.0, 1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0]));
        app.set_taylor(99.0);
        assert_eq!(app.taylor_order(), 10);
        app.set_taylor(f64::NAN);
        assert_eq!(app.taylor_order(), 10);
        app.set_expression("x^2 + 10y^2").expect("parses");
        app.set_point(&[1.0, 2.0]);
        let t = app.taylor_info().expect("shown");
        assert_eq!(t.order, 2);
        assert_eq!(t.newton_step, Some([-1.0, -2.0]));
        assert_eq!(app.layout(), Some(Layout::Map));
    }

    #[test]
    fn layout_camera_and_order_round_trip_through_the_link() {
        let mut app = App::new();
        app.set_expression("x^2 + y^2").expect("parses");
        app.set_layout("split");
        app.set_camera(-123.456, 41.26);
        app.set_taylor(2.0);
        let pairs = app.link_pairs();
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(get("layout").as_deref(), Some("split"));
        assert_eq!(get("cam").as_deref(), Some("-123.5,41.3"));
        assert_eq!(get("taylor").as_deref(), Some("2"));
        let mut other = App::new();
        other.apply_link(&pairs);
        assert_eq!(other.layout(), Some(Layout::Split));
        assert_eq!(other.camera(), [-123.5, 41.3]);
        assert_eq!(other.taylor_order(), 2);
        // The exact pairs keep every digit.
        let mut exact = App::new();
        exact.apply_link(&app.exact_pairs());
        assert_eq!(exact.camera(), [-123.456, 41.26]);
        // Defaults write nothing; bad values are refused with a notice.
        assert!(App::new().link_pairs().iter().all(|(k, _)| k != "layout" && k != "cam" && k != "taylor"));
        let bad: Vec<(String, String)> = [("f", "x^2+y^2"), ("layout", "4d"), ("cam", "1,nan"), ("taylor", "2.5")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut refused = App::new();
        refused.apply_link(&bad);
        assert_eq!((refused.layout(), refused.camera(), refused.taylor_order()), (Some(Layout::Map), crate::compute::surface::DEFAULT_CAMERA, 0));
        assert!(refused.snapshot().notices.len() >= 3);
    }
}
