//! The two-variable view as a scene: heatmap, level curves, gradient field, the selected point
//! with ∇f, the level curve through it and its tangent, the direction u, slices, critical points.
//!
//! Work is cached by what it depends on: the map (grid, image, contours) by function, view,
//! size and slice; the field and critical points likewise. Moving the point only redoes the
//! point's own overlays and one contour level, so a drag stays cheap.


use crate::compute::critical::{CriticalKind, CriticalPoint, CriticalSearch, Jet, EVALS_PER_SEED};
use crate::view::FRAME_WORK;
use crate::compute::contour::{contour_levels_within, contour_lines, label_anchor, nice_levels};
use crate::compute::field::{gradient_field, ArrowLength, FieldArrow};
use crate::compute::geometry::View;
use crate::compute::heatmap::{color_range, paint, Heatmap};
use crate::eval::model::Model;
use crate::expr::print::format_number;
use crate::compute::sample::{grid_size, sample_grid, sample_rows, Grid};
use crate::view::scene::{Arrow, Label, Marker, Polyline, Scene, Style};

/// What the map shows, set by the learner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapOptions {
    /// About how many level curves.
    pub n_levels: usize,
    /// Arrow lengths of the gradient field.
    pub arrow_length: ArrowLength,
    /// Whether to draw the gradient field.
    pub show_field: bool,
    /// Colours and levels on a logarithmic scale (above the minimum in view): for functions
    /// like Rosenbrock whose interesting valley is tiny next to their range.
    pub log_scale: bool,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions { n_levels: 12, arrow_length: ArrowLength::Normalized, show_field: true, log_scale: false }
    }
}

/// Everything a map depends on besides the point: when this changes, the map is recomputed.
#[derive(Debug, Clone, PartialEq)]
struct MapKey {
    version: u64,
    view: View,
    nx: usize,
    ny: usize,
    others: Vec<f64>,
    n_levels: usize,
    log_scale: bool,
}

/// The field's inputs.
#[derive(Debug, Clone, PartialEq)]
struct FieldKey {
    version: u64,
    view: View,
    n_across: usize,
    n_down: usize,
    others: Vec<f64>,
    length: ArrowLength,
}

/// How many level curves a map draws, of how many levels it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LevelCount {
    /// Drawn.
    pub drawn: usize,
    /// The nice levels of the colour range.
    pub of: usize,
}

/// A map too expensive for one frame: its grid, filled by [`MapCache::refine_map`].
#[derive(Debug)]
struct Refining {
    key: MapKey,
    grid: Grid,
    /// The next row to sample.
    row: usize,
}

/// Results kept between frames.
#[derive(Debug, Default)]
pub struct MapCache {
    map_key: Option<MapKey>,
    grid: Grid,
    heatmap: Option<Heatmap>,
    contours: Vec<Polyline>,
    labels: Vec<Label>,
    field_key: Option<FieldKey>,
    field: Vec<FieldArrow>,
    critical_key: Option<(u64, View, Vec<f64>)>,
    /// The search for the critical points of `critical_key`, while it still has seeds to run.
    critical_search: Option<CriticalSearch>,
    critical: Vec<CriticalPoint>,
    /// Whether the last map was built with [`Detail::Moving`].
    coarse: bool,
    /// The full map being sampled a slice of rows at a time, while a coarse one is shown.
    refining: Option<Refining>,
    /// The function values at the ends of the colour scale (the heatmap's own range is in log
    /// units on a log scale).
    value_range: Option<(f64, f64)>,
    /// How many level curves the map draws, of how many levels its colour range has (fewer
    /// when they are too dense to draw).
    level_curves: Option<LevelCount>,
}

impl MapCache {
    /// The values at the ends of the last map's colour scale.
    pub fn color_range(&self) -> Option<(f64, f64)> {
        self.value_range
    }

    /// How many level curves the last map draws, of how many: fewer when the function varies
    /// faster than the grid can show; `None` without a map.
    pub fn level_curves(&self) -> Option<LevelCount> {
        self.level_curves
    }

    /// The grid of the last map drawn.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The critical points found in the last map drawn (so far, while [`MapCache::critical_searching`]).
    pub fn critical_points(&self) -> &[CriticalPoint] {
        &self.critical
    }

    /// Whether a search for critical points is still running (in slices).
    pub fn critical_searching(&self) -> bool {
        self.critical_search.is_some()
    }

    /// Whether the last map was drawn coarsely while its view moved (its critical points then
    /// wait for the view to rest).
    pub fn coarse(&self) -> bool {
        self.coarse
    }

    /// Whether the last map was drawn coarsely (its view moving, or its function too expensive
    /// for one frame) and is still to be drawn in full.
    pub fn map_pending(&self) -> bool {
        self.coarse || self.refining.is_some()
    }

    /// Whether a search for the critical points of the model of `version` is still running.
    pub fn critical_searching_for(&self, version: u64) -> bool {
        self.critical_search.is_some() && self.critical_key.as_ref().is_some_and(|k| k.0 == version)
    }

    /// Whether a full map is being completed, a slice of rows at a time.
    pub fn refining_map(&self) -> bool {
        self.refining.is_some()
    }

    /// Samples the next rows of a map being completed, about one slice of work; when the last
    /// row is in, the map is finished (colours, level curves) and replaces the coarse one.
    /// Returns whether any remains.
    pub fn refine_map(&mut self, model: &Model, version: u64) -> bool {
        let Some(r) = &mut self.refining else { return false };
        if r.key.version != version {
            self.refining = None;
            return false;
        }
        if r.row < r.key.ny {
            let per_row = model.value.cost() * r.key.nx;
            let rows = (SLICE_WORK / per_row).max(1);
            let end = (r.row + rows).min(r.key.ny);
            sample_rows(&model.value, &r.key.view, &r.key.others, &mut r.grid, r.row..end);
            r.row = end;
            // Colours and level curves are a slice of their own.
            return true;
        }
        let Some(Refining { key, grid, .. }) = self.refining.take() else { return false };
        finish_map(self, &key, grid);
        self.map_key = Some(key);
        false
    }

    /// Continues the search for critical points by one slice of work; returns whether any
    /// remains. A function of few instructions finishes in the first slice, during the frame.
    /// `version` is the model's: a search started for another function is dropped (the next
    /// scene starts the right one).
    pub fn refine_critical(&mut self, model: &Model, version: u64) -> bool {
        let (Some(search), Some((of, view, others))) = (&mut self.critical_search, &self.critical_key) else {
            return false;
        };
        if *of != version {
            self.critical_search = None;
            return false;
        }
        let eval = critical_eval(model, others);
        let done = search.run(&eval, seeds_per_slice(model));
        self.critical = of_f(model, others, cleaned(search.points(), view));
        if done {
            self.critical_search = None;
        }
        !done
    }
}

/// Tape cost (counting each Hessian column pass as two gradient passes) one slice of the
/// critical-point search, or of a map's rows, may run: about 5 ms in the browser.
const SLICE_WORK: usize = 2_000_000;

/// The tape work of one of the search's evaluations: a gradient and a Hessian's columns.
fn per_eval(model: &Model) -> usize {
    model.value_grad.cost().saturating_mul(1 + 2 * model.n_vars())
}

fn seeds_per_slice(model: &Model) -> usize {
    (SLICE_WORK / per_eval(model).saturating_mul(EVALS_PER_SEED)).max(1)
}

/// How finely the map is drawn: in full, or coarsely while the view moves under the learner's
/// hand (a pan or zoom gesture), to be drawn in full once it stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// One sample per 2.5 CSS pixels; critical points searched for this view.
    #[default]
    Full,
    /// One sample per 5 CSS pixels (a quarter of the work); the critical points already found
    /// are kept, and the search for the new view waits for [`Detail::Full`].
    Moving,
}

/// Where the map is drawn: plot size in device pixels and the device pixel ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canvas {
    /// Plot width in device pixels.
    pub width: f64,
    /// Plot height in device pixels.
    pub height: f64,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

/// Builds the map scene. `point` has one coordinate per variable; `direction` is the unit u.
#[allow(clippy::too_many_arguments)]
pub fn map_scene(
    model: &Model,
    version: u64,
    cache: &mut MapCache,
    view: View,
    canvas: Canvas,
    point: &[f64],
    direction: [f64; 2],
    options: MapOptions,
    detail: Detail,
) -> Scene {
    let others: Vec<f64> = point.get(2..).map(<[f64]>::to_vec).unwrap_or_default();
    // One sample per ~2.5 CSS pixels, at most 400 across: the image is stretched smoothly.
    let (nx, ny) = match detail {
        Detail::Full => grid_size(canvas.width, canvas.height, 2.5 * canvas.scale, 400),
        Detail::Moving => grid_size(canvas.width, canvas.height, 5.0 * canvas.scale, 200),
    };
    cache.coarse = detail == Detail::Moving;
    let key = MapKey { version, view, nx, ny, others: others.clone(), n_levels: options.n_levels, log_scale: options.log_scale };
    let completing = cache.refining.as_ref().is_some_and(|r| r.key == key);
    // The tape work this frame has spent sampling the map, which the critical-point search shares.
    let mut sampled = 0;
    if cache.map_key.as_ref() != Some(&key) && !completing {
        // A map past a frame's work is drawn on a coarser grid first; in full detail the full
        // grid is then sampled in slices between frames (`refine_map`).
        let work = model.value.cost() * nx * ny;
        let shrink = ((work as f64 / FRAME_WORK as f64).sqrt().ceil() as usize).max(1);
        if shrink == 1 {
            sampled = work;
            build_map(model, cache, &key);
            cache.refining = None;
            cache.map_key = Some(key);
        } else {
            let coarse = MapKey { nx: (nx / shrink).max(2), ny: (ny / shrink).max(2), ..key.clone() };
            if cache.map_key.as_ref() != Some(&coarse) {
                sampled = model.value.cost() * coarse.nx * coarse.ny;
                build_map(model, cache, &coarse);
                cache.map_key = Some(coarse);
            }
            cache.refining = (detail == Detail::Full).then(|| {
                let grid = Grid { nx, ny, values: vec![vec![f64::NAN; nx * ny]] };
                Refining { key, grid, row: 0 }
            });
        }
    }
    let css = (canvas.width / canvas.scale, canvas.height / canvas.scale);
    let n_across = ((css.0 / 42.0).round() as usize).clamp(6, 40);
    let n_down = ((css.1 / 42.0).round() as usize).clamp(4, 40);
    let field_key = FieldKey { version, view, n_across, n_down, others: others.clone(), length: options.arrow_length };
    if options.show_field && cache.field_key.as_ref() != Some(&field_key) {
        cache.field = gradient_field(&model.value_grad, &view, n_across, n_down, &others, options.arrow_length);
        cache.field_key = Some(field_key);
    }
    let critical_key = (version, view, others.clone());
    // While the view moves, the points found stay (they are critical wherever the view is).
    let same_function = cache.critical_key.as_ref().is_some_and(|(v, _, o)| *v == version && *o == others);
    let deferred = detail == Detail::Moving && same_function;
    if !deferred && cache.critical_key.as_ref() != Some(&critical_key) {
        // The map is drawn for two or more variables only: the plane of the first two.
        cache.critical_search = (model.n_vars() >= 2).then(|| CriticalSearch::new(view.as_array(), CRITICAL_SEEDS)).flatten();
        cache.critical = Vec::new();
        cache.critical_key = Some(critical_key);
        // A search that fits in what is left of the frame's work runs now, so state() has its
        // points at once; a longer one runs between frames, and so does any search beside a
        // map that came coarse first (the neuron loss's map and search in one frame were a
        // task of 61 ms after its preset's click). (The scale's samples, the corners and the
        // seeds, count 20 to a seed.)
        let whole = CRITICAL_SEEDS * CRITICAL_SEEDS + (4 + CRITICAL_SEEDS * CRITICAL_SEEDS).div_ceil(EVALS_PER_SEED);
        let search = whole.saturating_mul(EVALS_PER_SEED).saturating_mul(per_eval(model));
        if cache.refining.is_none() && search <= SLICE_WORK && sampled + search <= FRAME_WORK {
            cache.refine_critical(model, version);
        }
    }

    let mut scene = Scene {
        view,
        heatmap: cache.heatmap.clone(),
        polylines: cache.contours.clone(),
        labels: cache.labels.clone(),
        axis_names: (
            model.parsed.vars.first().cloned().unwrap_or_default(),
            model.parsed.vars.get(1).cloned().unwrap_or_default(),
        ),
        ..Scene::default()
    };
    if options.show_field {
        scene.arrows.extend(cache.field.iter().map(|a| Arrow { from: a.from, to: a.to, style: Style::Field(a.strength) }));
    }
    for c in &cache.critical {
        let style = match c.kind {
            CriticalKind::Min => Style::CriticalMin,
            CriticalKind::Max => Style::CriticalMax,
            CriticalKind::Saddle => Style::CriticalSaddle,
            CriticalKind::Degenerate => Style::CriticalDegenerate,
        };
        scene.markers.push(Marker { at: c.at, style });
    }
    add_point_overlays(model, cache, &mut scene, point, direction);
    scene
}

fn build_map(model: &Model, cache: &mut MapCache, key: &MapKey) {
    let grid = sample_grid(&model.value, &key.view, key.nx, key.ny, &key.others);
    finish_map(cache, key, grid);
}

/// The map of a sampled grid: colours, level curves and their labels.
fn finish_map(cache: &mut MapCache, key: &MapKey, grid: Grid) {
    let view = key.view;
    cache.grid = grid;
    let values = cache.grid.values.first().map(Vec::as_slice).unwrap_or(&[]);
    cache.contours.clear();
    cache.labels.clear();
    cache.heatmap = None;
    cache.value_range = None;
    cache.level_curves = None;
    // On a log scale everything is coloured and contoured in t = log10(f − min + δ): δ keeps
    // the minimum finite, and levels map back to f for contouring and labels.
    let scale = if key.log_scale { LogScale::of(values) } else { None };
    let transformed: Vec<f64>;
    let shown = match &scale {
        Some(s) => {
            transformed = values.iter().map(|&v| s.to_log(v)).collect();
            transformed.as_slice()
        }
        None => values,
    };
    let Some(range) = color_range(shown) else { return };
    cache.heatmap = Some(paint(shown, key.nx, key.ny, range));
    let back = |t: f64| scale.as_ref().map_or(t, |s| s.from_log(t));
    cache.value_range = Some((back(range.0), back(range.1)));
    let levels: Vec<f64> = nice_levels(range.0, range.1, key.n_levels).into_iter().map(back).collect();
    let mut placed: Vec<[f64; 2]> = Vec::new();
    // Labels closer than this to one already placed are skipped, so they never pile up.
    let spacing = 0.07 * view.width().min(view.height());
    let curves = contour_levels_within(values, key.nx, key.ny, &levels, LEVEL_POINT_BUDGET);
    cache.level_curves = Some(LevelCount { drawn: curves.len(), of: levels.len() });
    for curves in curves {
        let mut lines: Vec<Vec<[f64; 2]>> = curves.lines.iter().map(|l| grid_to_view(l, &view, key.nx, key.ny)).collect();
        crate::order::sort_by_key(&mut lines, |l| std::cmp::Reverse(l.len()));
        let free = lines
            .iter()
            .filter_map(|l| label_anchor(std::slice::from_ref(l)))
            .find(|a| placed.iter().all(|p| (p[0] - a[0]).hypot(p[1] - a[1]) > spacing));
        if let Some(at) = free {
            placed.push(at);
            let text = if scale.is_some() { format_significant(curves.level, 3) } else { format_number(curves.level) };
            cache.labels.push(Label { at, text });
        }
        cache.contours.extend(lines.into_iter().map(|points| Polyline { points, style: Style::Contour }));
    }
}

/// Most level-curve points one map draws. A function that varies faster than the grid (sin
/// nested 40 deep: 250,000 points at 12 levels) gives curves that are the grid's noise, not the
/// function's shape, and that cost Chromium over 100 ms to rasterize in every frame; Himmelblau's
/// 12 levels have 6,400 points and 40 levels of it fit.
pub const LEVEL_POINT_BUDGET: usize = 40_000;

/// t = log10(f − min + δ) and back.
struct LogScale {
    shift: f64,
}

impl LogScale {
    /// The scale for these values, or `None` when nothing is finite.
    fn of(values: &[f64]) -> Option<LogScale> {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (min, max) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        if !(min.is_finite() && max.is_finite()) {
            return None;
        }
        // δ: six decades below the range, so the minimum's neighbourhood keeps its detail.
        let delta = ((max - min) * 1e-6).max(f64::MIN_POSITIVE * 1e10);
        Some(LogScale { shift: delta - min })
    }

    fn to_log(&self, v: f64) -> f64 {
        (v + self.shift).log10()
    }

    fn from_log(&self, t: f64) -> f64 {
        10f64.powf(t) - self.shift
    }
}

/// `v` to `digits` significant digits, as labels on a log scale want (1.2e+3 → 1200).
fn format_significant(v: f64, digits: i32) -> String {
    if v == 0.0 || !v.is_finite() {
        return format_number(v);
    }
    let magnitude = v.abs().log10().floor() as i32;
    let unit = 10f64.powi(magnitude - digits + 1);
    format_number((v / unit).round() * unit)
}

/// A contour line in grid indices, placed in the world.
fn grid_to_view(line: &[[f64; 2]], view: &View, nx: usize, ny: usize) -> Vec<[f64; 2]> {
    line.iter().map(|p| [view.grid_x(p[0], nx), view.grid_y(p[1], ny)]).collect()
}

/// Seeds per axis of the critical-point search.
const CRITICAL_SEEDS: usize = 16;

/// (f, ∇f, H) in the plane of the first two variables, the others held at `others`.
fn critical_eval<'a>(model: &'a Model, others: &'a [f64]) -> impl Fn([f64; 2]) -> Jet + 'a {
    let n = model.n_vars();
    // Newton evaluates thousands of times: buffers on the stack for up to 7 variables.
    const STACK: usize = 8;
    move |p: [f64; 2]| {
        let (mut point, mut vg, mut h) = ([0.0; STACK], [0.0; STACK + 1], [0.0; STACK * STACK]);
        let (mut point_heap, mut vg_heap, mut h_heap) = (Vec::new(), Vec::new(), Vec::new());
        let (point, vg, h): (&mut [f64], &mut [f64], &mut [f64]) = if n <= STACK {
            (&mut point[..n], &mut vg[..n + 1], &mut h[..n * n])
        } else {
            point_heap.resize(n, 0.0);
            vg_heap.resize(n + 1, 0.0);
            h_heap.resize(n * n, 0.0);
            (&mut point_heap, &mut vg_heap, &mut h_heap)
        };
        point[0] = p[0];
        point[1] = p[1];
        for (slot, v) in point[2..].iter_mut().zip(others) {
            *slot = *v;
        }
        model.value_grad.eval_point(point, vg);
        model.hessian_into(point, h);
        (vg[0], [vg[1], vg[2]], [[h[0], h[1]], [h[n], h[n + 1]]])
    }
}

/// Newton lands within rounding of an exact answer; print (0, 0), not (3e-20, -1e-18).
fn cleaned(points: Vec<CriticalPoint>, view: &View) -> Vec<CriticalPoint> {
    let size = view.width().max(view.height());
    points
        .into_iter()
        .map(|c| {
            // Newton crawls into a degenerate point (x⁴ + y⁴ stopped at −9.6e-11): a coordinate
            // that close to 0 is 0 there; a non-degenerate point is found to the last bits.
            let tiny = if c.kind == CriticalKind::Degenerate { 1e-8 } else { 1e-12 } * size;
            let clean = |v: f64| if v.abs() < tiny { 0.0 } else { v + 0.0 };
            CriticalPoint { at: c.at.map(clean), value: if c.value.abs() < 1e-12 { 0.0 } else { c.value }, ..c }
        })
        .collect()
}

/// The slice's critical points that are f's: in three or more variables the map shows the slice
/// through the other coordinates, and its minimum (x² + y² + z² at z = 3: (0, 0)) is f's only
/// where f's other partials vanish too; each is classified by f's whole Hessian.
fn of_f(model: &Model, others: &[f64], points: Vec<CriticalPoint>) -> Vec<CriticalPoint> {
    if others.is_empty() {
        return points;
    }
    points
        .into_iter()
        .filter_map(|c| {
            let full: Vec<f64> = c.at.iter().chain(others).copied().collect();
            let (value, g) = model.value_grad_at(&full);
            let flat = g[2..].iter().all(|d| d.abs() <= 1e-8 * (1.0 + value.abs()));
            flat.then(|| CriticalPoint { kind: crate::compute::critical::classify_n(&model.hessian_at(&full)), ..c })
        })
        .collect()
}

/// Overlays that follow the selected point: cheap, recomputed every frame.
/// How far the ∇f arrow at the point reaches: a fixed share of the view, whatever ‖∇f‖.
pub fn gradient_reach(view: &View) -> f64 {
    0.22 * view.width().min(view.height())
}

/// How far the u arrow at the point reaches (a little shorter than ∇f's, so both show); the
/// page grabs its head here.
pub fn direction_reach(view: &View) -> f64 {
    0.8 * gradient_reach(view)
}

/// The longest reach up to `reach` along the unit vector `dir` from `from` that keeps an
/// arrow's head inside `view` (with room for the head), never under a third of `reach`.
pub fn fit_reach(view: &View, from: [f64; 2], dir: [f64; 2], reach: f64) -> f64 {
    if !view.contains(from[0], from[1]) {
        return reach;
    }
    let to_edge = |p: f64, d: f64, lo: f64, hi: f64| if d > 0.0 { (hi - p) / d } else if d < 0.0 { (lo - p) / d } else { f64::INFINITY };
    let edge = to_edge(from[0], dir[0], view.xmin, view.xmax).min(to_edge(from[1], dir[1], view.ymin, view.ymax));
    reach.min(0.85 * edge).max(reach / 3.0)
}

/// A name written just past an arrow's head (the label's baseline starts there; one pointing
/// left or down gets its text moved so it does not sit on the shaft).
fn head_label(view: &View, head: [f64; 2], dir: [f64; 2], text: &str) -> Label {
    let gap = 0.02 * view.width().min(view.height());
    let x = head[0] + dir[0] * gap - if dir[0] < -0.3 { 3.0 * gap } else { 0.0 };
    let y = head[1] + dir[1] * gap - if dir[1] < -0.3 { 2.0 * gap } else { 0.0 };
    // Kept inside the view (labels outside it are not drawn), with room for the text.
    let x = x.clamp(view.xmin, (view.xmax - 4.0 * gap).max(view.xmin));
    let y = y.clamp((view.ymin + gap).min(view.ymax), (view.ymax - 2.0 * gap).max(view.ymin));
    Label { at: [x, y], text: text.to_string() }
}

/// Most points of the highlighted level curve through the point. Drawn thick in every drag
/// frame, it costs Chromium about 1 ms per 300 points to rasterize: where f = f(p) holds on
/// thousands of scattered pieces (a function varying faster than the grid) only the pieces
/// nearest the point are drawn.
const HIGHLIGHT_POINT_BUDGET: usize = 3_000;

/// The lines nearest `p` (by their closest vertex) whose points together fit `budget`; the
/// nearest is kept whatever its size, so the curve through the point is always drawn.
fn nearest_lines(mut lines: Vec<Vec<[f64; 2]>>, p: [f64; 2], budget: usize) -> Vec<Vec<[f64; 2]>> {
    let total: usize = lines.iter().map(Vec::len).sum();
    if total <= budget {
        return lines;
    }
    let distance = |l: &Vec<[f64; 2]>| l.iter().map(|q| (q[0] - p[0]).hypot(q[1] - p[1])).fold(f64::INFINITY, f64::min);
    let mut by_distance: Vec<(f64, Vec<[f64; 2]>)> = lines.drain(..).map(|l| (distance(&l), l)).collect();
    crate::order::sort_by_number(&mut by_distance);
    let mut used = 0;
    by_distance
        .into_iter()
        .take_while(|(_, l)| {
            let keep = used == 0 || used + l.len() <= budget;
            used += l.len();
            keep
        })
        .map(|(_, l)| l)
        .collect()
}

fn add_point_overlays(model: &Model, cache: &MapCache, scene: &mut Scene, point: &[f64], u: [f64; 2]) {
    let view = scene.view;
    let (x0, y0) = (point[0], point.get(1).copied().unwrap_or(0.0));
    // The slices y = y₀ and x = x₀ (the course's "slice parallel to the x-axis").
    scene.polylines.push(Polyline { points: vec![[view.xmin, y0], [view.xmax, y0]], style: Style::Slice });
    scene.polylines.push(Polyline { points: vec![[x0, view.ymin], [x0, view.ymax]], style: Style::Slice });
    let (value, gradient) = model.value_grad_at(point);
    let (gx, gy) = (gradient.first().copied().unwrap_or(f64::NAN), gradient.get(1).copied().unwrap_or(f64::NAN));
    let reach = gradient_reach(&view);
    if value.is_finite() {
        if let Some(values) = cache.grid.values.first() {
            let (nx, ny) = (cache.grid.nx, cache.grid.ny);
            let lines = contour_lines(values, nx, ny, value).iter().map(|l| grid_to_view(l, &view, nx, ny)).collect();
            for points in nearest_lines(lines, [x0, y0], HIGHLIGHT_POINT_BUDGET) {
                scene.polylines.push(Polyline { points, style: Style::ContourHighlight });
            }
        }
    }
    let norm = gx.hypot(gy);
    if norm.is_finite() && norm > 0.0 {
        // The level curve's tangent is perpendicular to ∇f; drawn across the point.
        let (tx, ty) = (-gy / norm * reach * 0.6, gx / norm * reach * 0.6);
        scene.polylines.push(Polyline { points: vec![[x0 - tx, y0 - ty], [x0 + tx, y0 + ty]], style: Style::LevelTangent });
        // ∇f's length is only a display scale: it shortens so its head stays in view (at the
        // course's (1, 2) in the default view it would leave through the top).
        let dir = [gx / norm, gy / norm];
        let reach = fit_reach(&view, [x0, y0], dir, reach);
        let head = [x0 + dir[0] * reach, y0 + dir[1] * reach];
        scene.arrows.push(Arrow { from: [x0, y0], to: head, style: Style::Gradient });
        scene.labels.push(head_label(&view, head, dir, "∇f"));
    }
    let head = [x0 + u[0] * direction_reach(&view), y0 + u[1] * direction_reach(&view)];
    scene.arrows.push(Arrow { from: [x0, y0], to: head, style: Style::Direction });
    scene.labels.push(head_label(&view, head, u, "u"));
    scene.markers.push(Marker { at: [x0, y0], style: Style::Point });
}

#[cfg(test)]
mod arrow_tests {
    use super::*;

    #[test]
    fn the_gradient_arrow_at_the_course_point_keeps_its_head_in_view_and_both_heads_are_named() {
        let mut app = crate::app::App::new();
        app.set_expression("x^2 + y^2").expect("parses");
        app.set_point(&[1.0, 2.0]);
        let scene = app.scene(900.0, 700.0, 1.0).expect("a scene");
        let gradient = scene.arrows.iter().find(|a| a.style == Style::Gradient).expect("∇f is drawn");
        assert!(scene.view.contains(gradient.to[0], gradient.to[1]), "{:?} in {:?}", gradient.to, scene.view);
        // Still along ∇f = (2, 4).
        let (dx, dy) = (gradient.to[0] - 1.0, gradient.to[1] - 2.0);
        assert!((dy / dx - 2.0).abs() < 1e-9);
        let names: Vec<&str> = scene.labels.iter().map(|l| l.text.as_str()).collect();
        assert!(names.contains(&"∇f") && names.contains(&"u"), "{names:?}");
        assert!(scene.labels.iter().filter(|l| l.text == "∇f" || l.text == "u").all(|l| scene.view.contains(l.at[0], l.at[1])));
    }

    #[test]
    fn fit_reach_shortens_only_what_would_leave_the_view() {
        let view = View { xmin: -3.0, xmax: 3.0, ymin: -3.0, ymax: 3.0 };
        assert_eq!(fit_reach(&view, [0.0, 0.0], [1.0, 0.0], 1.0), 1.0);
        assert!((fit_reach(&view, [0.0, 2.9], [0.0, 1.0], 1.0) - 1.0 / 3.0).abs() < 1e-12);
        assert!((fit_reach(&view, [0.0, 2.0], [0.0, 1.0], 1.32) - 0.85).abs() < 1e-12);
        // A point outside the view keeps its arrow as it is.
        assert_eq!(fit_reach(&view, [5.0, 0.0], [1.0, 0.0], 1.0), 1.0);
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn the_highlighted_level_keeps_the_nearest_lines_within_its_budget() {
        let line = |x: f64, n: usize| (0..n).map(|k| [x, k as f64]).collect::<Vec<_>>();
        let lines = vec![line(5.0, 10), line(1.0, 10), line(9.0, 10), line(2.0, 10)];
        let kept = nearest_lines(lines.clone(), [0.0, 0.0], 25);
        assert_eq!(kept, vec![line(1.0, 10), line(2.0, 10)]);
        // The nearest is kept even when it alone is over the budget.
        assert_eq!(nearest_lines(lines.clone(), [9.0, 0.0], 5), vec![line(9.0, 10)]);
        // Within the budget, every line, as it came.
        assert_eq!(nearest_lines(lines.clone(), [0.0, 0.0], 40), lines);
    }
}
