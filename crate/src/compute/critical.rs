//! Numerical analysis of the plotted function: critical points of f(x, y) in a view and roots of g(x) on an interval.

use crate::eval::numeric::norm;

/// The kind of a critical point, read from the Hessian's eigenvalues (second-derivative test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriticalKind {
    /// Both eigenvalues positive: a local minimum.
    Min,
    /// Both eigenvalues negative: a local maximum.
    Max,
    /// Eigenvalues of opposite signs: a saddle.
    Saddle,
    /// An eigenvalue is (numerically) zero, so the second-derivative test is inconclusive.
    Degenerate,
}

impl CriticalKind {
    /// The lowercase label used in the UI and in JSON: "min", "max", "saddle" or "degenerate".
    pub fn as_str(self) -> &'static str {
        match self {
            CriticalKind::Min => "min",
            CriticalKind::Max => "max",
            CriticalKind::Saddle => "saddle",
            CriticalKind::Degenerate => "degenerate",
        }
    }
}

/// A point where ∇f = 0, with its kind and the value of f there; all fields are finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriticalPoint {
    /// The location (x, y) in world coordinates.
    pub at: [f64; 2],
    /// Min, max, saddle or degenerate.
    pub kind: CriticalKind,
    /// f(at).
    pub value: f64,
}

/// One evaluation of f at a point: (f, ∇f = [f_x, f_y], H = [[f_xx, f_xy], [f_yx, f_yy]]).
pub type Jet = (f64, [f64; 2], [[f64; 2]; 2]);

/// Seeds per axis are capped so one call costs at most 32² Newton runs.
pub const MAX_SEEDS_PER_AXIS: usize = 32;
/// Newton iterations per seed; degenerate points converge linearly (ratio 2/3 for x⁴), so this is generous.
const MAX_NEWTON_ITERATIONS: usize = 60;
/// Acceptance: ‖∇f‖ ≤ this × the largest finite ‖∇f‖ sampled on the seed grid and the view's corners.
const GRADIENT_TOLERANCE: f64 = 1e-9;
/// Acceptance also needs the last Newton step to be this small in view units, so a run that stalls is rejected.
const LAST_STEP_TOLERANCE: f64 = 1e-6;
/// A Newton step this small in view units means the iterate no longer moves.
const STEP_CONVERGED: f64 = 1e-13;
/// The longest Newton step, in view units, so a near-singular Hessian cannot fling the iterate far away.
const MAX_STEP: f64 = 0.5;
/// Iterates may roam this far outside the view (in view units) before the seed is abandoned.
const ROAM_MARGIN: f64 = 0.5;
/// Accepted points may lie this far outside the view (in view units), absorbing round-off at the border.
const VIEW_PAD: f64 = 1e-6;
/// Points closer than this (in view units, per axis scaled) are the same critical point.
const MERGE_RADIUS: f64 = 1e-3;
/// Cramer's rule solves the Newton system when |det H| exceeds this fraction of ‖H‖²_F (condition ≲ 1e8).
const WELL_CONDITIONED: f64 = 1e-8;
/// An eigen-direction whose Newton step is longer than this (view units) is dropped: its target is outside the view.
const MAX_DIRECTION_STEP: f64 = 2.0;
/// An eigenvalue below this fraction of the Hessian scale makes the point degenerate.
const DEGENERACY_RATIO: f64 = 1e-8;
/// Distance (in view units) of the probes that measure the Hessian scale around a found point.
const PROBE_RADIUS: f64 = 1e-3;
/// Halvings tried when a Newton step lands where f is not finite.
const MAX_BACKTRACKS: usize = 10;

/// Classifies a critical point from its Hessian alone (the scale is the Hessian's own).
///
/// Degenerate when H has a non-finite entry, is zero, or its smaller eigenvalue (in magnitude) is below
/// 1e-8 of its larger one; otherwise det > 0 & trace > 0 → min, det > 0 & trace < 0 → max, det < 0 → saddle.
pub fn classify(hessian: [[f64; 2]; 2]) -> CriticalKind {
    classify_with_scale(hessian, 0.0)
}

/// Classifies like [`classify`], but an eigenvalue also counts as zero when it is below 1e-8 of `scale`
/// (a typical Hessian norm near the point), which catches Hessians that are uniformly tiny, as for x⁴ + y⁴.
pub fn classify_with_scale(hessian: [[f64; 2]; 2], scale: f64) -> CriticalKind {
    let Some((small, big)) = eigenvalues(hessian) else {
        return CriticalKind::Degenerate;
    };
    let scale = if scale.is_finite() { scale.abs() } else { 0.0 };
    let reference = big.abs().max(scale);
    // A zero Hessian has reference 0, and `<=` then reports it as degenerate.
    if small.abs() <= DEGENERACY_RATIO * reference {
        return CriticalKind::Degenerate;
    }
    match (small > 0.0, big > 0.0) {
        (true, true) => CriticalKind::Min,
        (false, false) => CriticalKind::Max,
        _ => CriticalKind::Saddle,
    }
}

/// Eigenvalues of the symmetric part of H as (smaller magnitude, larger magnitude), or None if not finite.
fn eigenvalues(h: [[f64; 2]; 2]) -> Option<(f64, f64)> {
    let (a, b, d) = symmetric_entries(h);
    if !(a.is_finite() && b.is_finite() && d.is_finite()) {
        return None;
    }
    let mean = 0.5 * (a + d);
    let radius = (0.5 * (a - d)).hypot(b);
    let big = if mean >= 0.0 {
        mean + radius
    } else {
        mean - radius
    };
    // The small eigenvalue from det / big avoids the cancellation in mean ∓ radius.
    let small = if big != 0.0 {
        (a * d - b * b) / big
    } else {
        0.0
    };
    if !(small.is_finite() && big.is_finite()) {
        return None;
    }
    Some((small, big))
}

/// The entries a, b, d of the symmetric matrix [[a, b], [b, d]] nearest H (averaging the off-diagonal).
fn symmetric_entries(h: [[f64; 2]; 2]) -> (f64, f64, f64) {
    (h[0][0], 0.5 * (h[0][1] + h[1][0]), h[1][1])
}

/// Frobenius norm of H, or 0 when it is not finite (so it never raises a scale).
fn frobenius(h: [[f64; 2]; 2]) -> f64 {
    let n = h[0][0].hypot(h[0][1]).hypot(h[1][0].hypot(h[1][1]));
    if n.is_finite() {
        n
    } else {
        0.0
    }
}

fn jet_is_finite(j: &Jet) -> bool {
    let (f, g, h) = j;
    f.is_finite()
        && g[0].is_finite()
        && g[1].is_finite()
        && h[0][0].is_finite()
        && h[0][1].is_finite()
        && h[1][0].is_finite()
        && h[1][1].is_finite()
}

/// The Newton step δ solving H δ = −∇f for the symmetric part of H; `span` is the view's size.
///
/// A well-conditioned H is solved by Cramer's rule. Otherwise (the guard for a singular H) the step goes through
/// the eigen-decomposition and drops every eigen-direction whose step would be longer than 2 view units or not
/// finite: a pseudo-inverse that still converges along the other directions (the trough x², the slow axis of x⁸).
/// Returns None when every direction is dropped (e.g. H = 0 with ∇f ≠ 0, as for a plane), giving up the seed.
fn newton_step(grad: [f64; 2], h: [[f64; 2]; 2], span: [f64; 2]) -> Option<[f64; 2]> {
    let (a, b, d) = symmetric_entries(h);
    let det = a * d - b * b;
    let size = a * a + 2.0 * b * b + d * d;
    if det.abs() > WELL_CONDITIONED * size && size.is_finite() {
        let step = [
            -(d * grad[0] - b * grad[1]) / det,
            -(a * grad[1] - b * grad[0]) / det,
        ];
        if step[0].is_finite() && step[1].is_finite() {
            return Some(step);
        }
    }
    let mean = 0.5 * (a + d);
    let radius = (0.5 * (a - d)).hypot(b);
    // Jacobi rotation angle (Golub & Van Loan §8.5): v1 = (cos θ, sin θ) has eigenvalue mean + radius.
    let theta = 0.5 * (2.0 * b).atan2(a - d);
    let (s, c) = theta.sin_cos();
    let mut step = [0.0, 0.0];
    let mut used = false;
    for (v, lambda) in [([c, s], mean + radius), ([-s, c], mean - radius)] {
        let coefficient = -(v[0] * grad[0] + v[1] * grad[1]) / lambda;
        let part = [coefficient * v[0], coefficient * v[1]];
        // Also false for NaN (0/0 when both λ and the gradient along v vanish): that direction contributes nothing.
        if unit_norm(part, span) <= MAX_DIRECTION_STEP {
            step[0] += part[0];
            step[1] += part[1];
            used = true;
        }
    }
    used.then_some(step)
}

/// Length of a displacement in view units.
fn unit_norm(d: [f64; 2], span: [f64; 2]) -> f64 {
    norm(&[d[0] / span[0], d[1] / span[1]])
}

/// The view as origin and spans, validated: finite, non-empty, with finite spans.
struct Frame {
    origin: [f64; 2],
    span: [f64; 2],
}

impl Frame {
    fn new(view: [f64; 4]) -> Option<Frame> {
        let [xmin, xmax, ymin, ymax] = view;
        let span = [xmax - xmin, ymax - ymin];
        // `!(a > 0)` also rejects NaN spans; an infinite span (e.g. -1e308..1e308) is rejected too.
        if !(span[0] > 0.0 && span[1] > 0.0 && span[0].is_finite() && span[1].is_finite()) {
            return None;
        }
        if !(xmin.is_finite() && ymin.is_finite()) {
            return None;
        }
        Some(Frame {
            origin: [xmin, ymin],
            span,
        })
    }

    /// Position in view units: (0, 0) at (xmin, ymin), (1, 1) at (xmax, ymax).
    fn unit(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.origin[0]) / self.span[0],
            (p[1] - self.origin[1]) / self.span[1],
        ]
    }

    /// Length of a displacement measured in view units.
    fn unit_length(&self, d: [f64; 2]) -> f64 {
        unit_norm(d, self.span)
    }

    fn contains(&self, p: [f64; 2], margin: f64) -> bool {
        let u = self.unit(p);
        let inside = |t: f64| t >= -margin && t <= 1.0 + margin;
        inside(u[0]) && inside(u[1])
    }

    /// Centre of seed cell (i, j) of an n × n grid; cell centres avoid seeding exactly on the view's border.
    fn seed(&self, i: usize, j: usize, n: usize) -> [f64; 2] {
        let n = n as f64;
        [
            self.origin[0] + self.span[0] * ((i as f64 + 0.5) / n),
            self.origin[1] + self.span[1] * ((j as f64 + 0.5) / n),
        ]
    }

    fn corners(&self) -> [[f64; 2]; 4] {
        let [x0, y0] = self.origin;
        let [x1, y1] = [x0 + self.span[0], y0 + self.span[1]];
        [[x0, y0], [x1, y0], [x0, y1], [x1, y1]]
    }
}

/// A critical point found so far: where, its jet, and ‖∇f‖ there (the best representative wins merges).
struct Found {
    at: [f64; 2],
    jet: Jet,
    gradient_norm: f64,
}

/// Critical points of f inside the view [xmin, xmax, ymin, ymax], sorted by x then y.
///
/// Newton's method on ∇f = 0 (Nocedal & Wright, *Numerical Optimization*, §3.3) runs from the centres of a
/// seeds × seeds grid (seeds capped at 32). A run is accepted when ‖∇f‖ ≤ 1e-9 × G, where G is the largest finite
/// ‖∇f‖ sampled at the seeds and view corners, and its last step was below 1e-6 view units, and the point lies
/// in the view padded by 1e-6 view units. Points closer than 1e-3 view units are merged (keeping the smaller
/// ‖∇f‖). The kind comes from [`classify_with_scale`] with the largest Hessian norm at the point and at four
/// probes 1e-3 view units away as the scale, so Hessians that vanish at the point (x⁴ + y⁴) are degenerate.
/// `eval(p)` returns (f, ∇f, H) at p. Seeds or steps where eval is not finite are skipped or shortened;
/// an invalid view, zero seeds, or a gradient that is zero at every sample (f flat) give an empty list.
pub fn find_critical_points(
    eval: impl Fn([f64; 2]) -> Jet,
    view: [f64; 4],
    seeds_per_axis: usize,
) -> Vec<CriticalPoint> {
    let Some(frame) = Frame::new(view) else {
        return Vec::new();
    };
    let n = seeds_per_axis.min(MAX_SEEDS_PER_AXIS);
    if n == 0 {
        return Vec::new();
    }

    let mut gradient_scale = 0.0_f64;
    let mut note_scale = |p: [f64; 2]| {
        let jet = eval(p);
        if jet_is_finite(&jet) {
            let norm = norm(&jet.1);
            if norm.is_finite() {
                gradient_scale = gradient_scale.max(norm);
            }
        }
    };
    for corner in frame.corners() {
        note_scale(corner);
    }
    for j in 0..n {
        for i in 0..n {
            note_scale(frame.seed(i, j, n));
        }
    }
    // A gradient that vanishes at every sample means f is flat here; a continuum of critical points is not drawn.
    // (The scale is a max of finite norms starting at 0, so it is never NaN.)
    if gradient_scale == 0.0 {
        return Vec::new();
    }
    let tolerance = GRADIENT_TOLERANCE * gradient_scale;

    let mut found: Vec<Found> = Vec::new();
    for j in 0..n {
        for i in 0..n {
            let Some((at, jet)) = newton(&eval, frame.seed(i, j, n), &frame, tolerance, &found)
            else {
                continue;
            };
            let gradient_norm = norm(&jet.1);
            match found.iter_mut().find(|f| same_point(&frame, f.at, at)) {
                Some(existing) => {
                    if gradient_norm < existing.gradient_norm {
                        *existing = Found {
                            at,
                            jet,
                            gradient_norm,
                        };
                    }
                }
                None => found.push(Found {
                    at,
                    jet,
                    gradient_norm,
                }),
            }
        }
    }

    let mut points: Vec<CriticalPoint> = found
        .iter()
        .map(|f| CriticalPoint {
            at: f.at,
            kind: classify_with_scale(f.jet.2, hessian_scale(&eval, &frame, f.at, f.jet.2)),
            value: f.jet.0,
        })
        .collect();
    points.sort_by(|p, q| {
        p.at[0]
            .total_cmp(&q.at[0])
            .then(p.at[1].total_cmp(&q.at[1]))
    });
    points
}

fn same_point(frame: &Frame, p: [f64; 2], q: [f64; 2]) -> bool {
    frame.unit_length([p[0] - q[0], p[1] - q[1]]) <= MERGE_RADIUS
}

/// The largest finite Hessian norm at p and at four probes around it: the scale a "zero" eigenvalue is judged by.
fn hessian_scale(
    eval: &impl Fn([f64; 2]) -> Jet,
    frame: &Frame,
    p: [f64; 2],
    h: [[f64; 2]; 2],
) -> f64 {
    let rx = PROBE_RADIUS * frame.span[0];
    let ry = PROBE_RADIUS * frame.span[1];
    let probes = [
        [p[0] + rx, p[1]],
        [p[0] - rx, p[1]],
        [p[0], p[1] + ry],
        [p[0], p[1] - ry],
    ];
    probes
        .iter()
        .map(|&q| {
            let jet = eval(q);
            if jet_is_finite(&jet) {
                frobenius(jet.2)
            } else {
                0.0
            }
        })
        .fold(frobenius(h), f64::max)
}

/// One Newton run from `seed`; returns the converged point and its jet, or None if the run is rejected.
fn newton(
    eval: &impl Fn([f64; 2]) -> Jet,
    seed: [f64; 2],
    frame: &Frame,
    tolerance: f64,
    found: &[Found],
) -> Option<([f64; 2], Jet)> {
    let mut p = seed;
    let mut jet = eval(p);
    if !jet_is_finite(&jet) {
        return None;
    }
    // The length (view units) of the step that led to p; infinite until a step is taken.
    let mut last_step = f64::INFINITY;
    for _ in 0..MAX_NEWTON_ITERATIONS {
        let gradient_norm = norm(&jet.1);
        if gradient_norm == 0.0 {
            last_step = 0.0;
            break;
        }
        // Arriving at an already found point ends the run early; the merge keeps the better representative.
        if gradient_norm <= tolerance && found.iter().any(|f| same_point(frame, f.at, p)) {
            last_step = 0.0;
            break;
        }
        let Some(mut step) = newton_step(jet.1, jet.2, frame.span) else {
            break;
        };
        let mut length = frame.unit_length(step);
        if length > MAX_STEP {
            let shrink = MAX_STEP / length;
            step = [step[0] * shrink, step[1] * shrink];
            length = MAX_STEP;
        }
        if length <= STEP_CONVERGED {
            last_step = length;
            break;
        }
        // Halve the step while it lands where f is not finite (e.g. ln x stepping to x < 0).
        let mut moved = false;
        for _ in 0..MAX_BACKTRACKS {
            let q = [p[0] + step[0], p[1] + step[1]];
            if !frame.contains(q, ROAM_MARGIN) {
                return None;
            }
            let next = eval(q);
            if jet_is_finite(&next) {
                p = q;
                jet = next;
                last_step = length;
                moved = true;
                break;
            }
            step = [0.5 * step[0], 0.5 * step[1]];
            length *= 0.5;
        }
        if !moved {
            return None;
        }
    }
    let gradient_norm = norm(&jet.1);
    let accepted = gradient_norm <= tolerance
        && last_step <= LAST_STEP_TOLERANCE
        && frame.contains(p, VIEW_PAD);
    accepted.then_some((p, jet))
}

/// Samples are capped so one call costs at most this many evaluations before refinement.
pub const MAX_ROOT_SAMPLES: usize = 100_000;
/// Brent iterations per bracket; bisection alone needs about 60 to shrink a bracket by 1e-15.
const MAX_BRENT_ITERATIONS: usize = 200;
/// Golden-section iterations per touching-zero window (each shrinks it by 0.618).
const MAX_GOLDEN_ITERATIONS: usize = 100;
/// Brackets are refined to 1e-15 of the interval plus 2 ulp of the root, well past the 1e-12 relative goal.
const ROOT_TOLERANCE: f64 = 1e-15;
/// A refined sign change is a root only if |g| there is below this fraction of the larger bracket sample;
/// at a pole (1/x) |g| grows instead and at a jump it stays put, so both are rejected.
const CONTINUITY_RATIO: f64 = 1e-6;
/// A local minimum of |g| is a touching zero if its refined |g| is below this fraction of the window's samples.
const TOUCH_RATIO: f64 = 1e-10;
/// Roots closer than this fraction of the interval are the same root.
const ROOT_MERGE: f64 = 1e-10;

/// Roots of g on [a, b] (either order), sorted ascending.
///
/// g is sampled at n equally spaced points including both ends (n clamped to 2..=100 000). Reported:
/// samples where g is exactly 0 (the endpoints count this way, so sin on [0, 10] gives 0, π, 2π, 3π; a run of
/// zero samples gives its first and last sample); sign changes between finite samples, refined by Brent's
/// method (Brent, *Algorithms for Minimization without Derivatives*, 1973, ch. 4) and kept only if |g| at
/// the refined point is below 1e-6 of the bracket's samples (this rejects poles like 1/x at 0 and jumps);
/// and touching zeros: interior local minima of |g| without a sign change, refined by golden-section
/// search on sign·g, kept if the minimum is below 1e-10 of the neighbouring samples, and split into two
/// Brent roots if the search finds g crossing zero (two roots within one sample spacing).
/// Non-finite samples break brackets. Roots closer than 1e-10 of the interval are merged.
pub fn find_roots(g: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> Vec<f64> {
    if !(a.is_finite() && b.is_finite()) {
        return Vec::new();
    }
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let span = hi - lo;
    if !span.is_finite() {
        return Vec::new();
    }
    if span == 0.0 {
        return if g(lo) == 0.0 { vec![lo] } else { Vec::new() };
    }
    let n = n.clamp(2, MAX_ROOT_SAMPLES);
    let xtol = ROOT_TOLERANCE * span;
    let last = n - 1;
    let sample_x = |i: usize| {
        if i == last {
            hi
        } else {
            lo + span * (i as f64 / last as f64)
        }
    };

    let mut roots: Vec<f64> = Vec::new();
    // The two previous samples, as (x, g(x)).
    let mut before: Option<(f64, f64)> = None;
    let mut previous: Option<(f64, f64)> = None;
    // First and last x of the current run of exactly-zero samples.
    let mut zero_run: Option<(f64, f64)> = None;
    for i in 0..n {
        let x = sample_x(i);
        let y = g(x);
        if y == 0.0 {
            zero_run = Some(zero_run.map_or((x, x), |(first, _)| (first, x)));
        } else if let Some((first, end)) = zero_run.take() {
            roots.push(first);
            if end != first {
                roots.push(end);
            }
        }
        if let Some((x0, y0)) = previous {
            if y0.is_finite() && y.is_finite() && y0 != 0.0 && y != 0.0 && (y0 < 0.0) != (y < 0.0) {
                if let Some(r) = refine_sign_change(&g, (x0, y0), (x, y), xtol) {
                    roots.push(r);
                }
            }
            if let Some((xa, ya)) = before {
                if is_touch_candidate(ya, y0, y) {
                    refine_touch(&g, (xa, ya), (x, y), xtol, &mut roots);
                }
            }
        }
        before = previous;
        previous = Some((x, y));
    }
    if let Some((first, end)) = zero_run {
        roots.push(first);
        if end != first {
            roots.push(end);
        }
    }

    roots.retain(|r| r.is_finite());
    roots.sort_by(f64::total_cmp);
    let merge = ROOT_MERGE * span;
    roots.dedup_by(|later, earlier| *later - *earlier <= merge);
    roots
}

/// A sample y0 between ya and y is a touching-zero candidate: all finite, nonzero, of one sign, and |y0| a local
/// minimum (strict on the left so a tie between two samples yields one candidate).
fn is_touch_candidate(ya: f64, y0: f64, y: f64) -> bool {
    let same_sign = (ya < 0.0) == (y0 < 0.0) && (y0 < 0.0) == (y < 0.0);
    ya.is_finite()
        && y0.is_finite()
        && y.is_finite()
        && ya != 0.0
        && y0 != 0.0
        && y != 0.0
        && same_sign
        && y0.abs() < ya.abs()
        && y0.abs() <= y.abs()
}

/// Refines the bracket (x0, y0)–(x1, y1) with opposite signs; Some(root) if g is continuous through it.
fn refine_sign_change(
    g: &impl Fn(f64) -> f64,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    xtol: f64,
) -> Option<f64> {
    let (root, value) = brent(g, x0, x1, y0, y1, xtol)?;
    (value.abs() <= CONTINUITY_RATIO * y0.abs().max(y1.abs())).then_some(root)
}

/// Golden-section search (Kiefer 1953) for the minimum of sign·g on [xa, xc], the window around a local
/// minimum of |g|; pushes a touching zero, or the two roots if g is found to cross zero inside the window.
fn refine_touch(
    g: &impl Fn(f64) -> f64,
    (xa, ya): (f64, f64),
    (xc, yc): (f64, f64),
    xtol: f64,
    roots: &mut Vec<f64>,
) {
    let sign = if ya < 0.0 { -1.0 } else { 1.0 };
    // NaN compares as +∞ so the search moves away from where g is undefined.
    let h = |x: f64| {
        let v = sign * g(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let inverse_phi = 0.5 * (5.0_f64.sqrt() - 1.0);
    let (mut l, mut r) = (xa, xc);
    let mut x1 = r - inverse_phi * (r - l);
    let mut x2 = l + inverse_phi * (r - l);
    let (mut f1, mut f2) = (h(x1), h(x2));
    for _ in 0..MAX_GOLDEN_ITERATIONS {
        // Stop once g is seen at or below zero: that is a touch or a crossing, decided below.
        if r - l <= xtol || f1 <= 0.0 || f2 <= 0.0 {
            break;
        }
        if f1 < f2 {
            r = x2;
            x2 = x1;
            f2 = f1;
            x1 = r - inverse_phi * (r - l);
            f1 = h(x1);
        } else {
            l = x1;
            x1 = x2;
            f1 = f2;
            x2 = l + inverse_phi * (r - l);
            f2 = h(x2);
        }
    }
    let (best, value) = if f1 <= f2 { (x1, f1) } else { (x2, f2) };
    if !value.is_finite() {
        return;
    }
    if value < 0.0 {
        // g crosses zero twice between samples: bracket each crossing against the window's ends.
        let y_best = sign * value;
        if let Some(root) = refine_sign_change(g, (xa, ya), (best, y_best), xtol) {
            roots.push(root);
        }
        if let Some(root) = refine_sign_change(g, (best, y_best), (xc, yc), xtol) {
            roots.push(root);
        }
    } else if value <= TOUCH_RATIO * ya.abs().max(yc.abs()) {
        roots.push(best);
    }
}

/// Brent's root finder on a bracket [a, b] with f(a), f(b) of opposite signs (after Numerical Recipes' zbrent).
/// Returns the best point and g there, or None if g is not finite at an iterate.
fn brent(
    g: &impl Fn(f64) -> f64,
    a: f64,
    b: f64,
    fa: f64,
    fb: f64,
    xtol: f64,
) -> Option<(f64, f64)> {
    let (mut a, mut b, mut fa, mut fb) = (a, b, fa, fb);
    let (mut c, mut fc) = (b, fb);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..MAX_BRENT_ITERATIONS {
        // Keep c on the opposite side of the root from b.
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        // Keep b the best estimate.
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * xtol;
        let half = 0.5 * (c - b);
        if half.abs() <= tol || fb == 0.0 {
            return Some((b, fb));
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Inverse quadratic interpolation, or the secant step when only two points are distinct.
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * half * s;
                q = 1.0 - s;
            } else {
                let qa = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * half * qa * (qa - r) - (b - a) * (r - 1.0));
                q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            let bound = (3.0 * half * q - (tol * q).abs()).min((e * q).abs());
            if 2.0 * p < bound {
                e = d;
                d = p / q;
            } else {
                // Interpolation would leave the bracket or converge too slowly: bisect.
                d = half;
                e = d;
            }
        } else {
            d = half;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(half) };
        fb = g(b);
        if !fb.is_finite() {
            return None;
        }
    }
    Some((b, fb))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quadratic(sx: f64, sy: f64) -> impl Fn([f64; 2]) -> Jet {
        move |[x, y]| {
            (
                sx * x * x + sy * y * y,
                [2.0 * sx * x, 2.0 * sy * y],
                [[2.0 * sx, 0.0], [0.0, 2.0 * sy]],
            )
        }
    }

    fn himmelblau([x, y]: [f64; 2]) -> Jet {
        let u = x * x + y - 11.0;
        let v = x + y * y - 7.0;
        let f = u * u + v * v;
        let g = [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v];
        let hxy = 4.0 * x + 4.0 * y;
        let h = [
            [4.0 * u + 8.0 * x * x + 2.0, hxy],
            [hxy, 2.0 + 4.0 * v + 8.0 * y * y],
        ];
        (f, g, h)
    }

    fn near(p: [f64; 2], q: [f64; 2], tol: f64) -> bool {
        (p[0] - q[0]).abs() <= tol && (p[1] - q[1]).abs() <= tol
    }

    fn single(points: &[CriticalPoint]) -> CriticalPoint {
        assert_eq!(points.len(), 1, "{points:?}");
        points[0]
    }

    #[test]
    fn bowl_has_one_minimum_at_origin() {
        let p = single(&find_critical_points(
            quadratic(1.0, 1.0),
            [-1.0, 1.0, -1.0, 1.0],
            20,
        ));
        assert_eq!(p.kind, CriticalKind::Min);
        assert!(near(p.at, [0.0, 0.0], 1e-12));
        assert!(p.value.abs() <= 1e-24);
    }

    #[test]
    fn saddle_and_maximum_are_classified() {
        let s = single(&find_critical_points(
            quadratic(1.0, -1.0),
            [-2.0, 3.0, -1.0, 1.5],
            20,
        ));
        assert_eq!(s.kind, CriticalKind::Saddle);
        assert!(near(s.at, [0.0, 0.0], 1e-12));
        let m = single(&find_critical_points(
            quadratic(-1.0, -1.0),
            [-1.0, 1.0, -1.0, 1.0],
            7,
        ));
        assert_eq!(m.kind, CriticalKind::Max);
        assert!(near(m.at, [0.0, 0.0], 1e-12));
    }

    #[test]
    fn himmelblau_has_four_minima_one_maximum_four_saddles() {
        let points = find_critical_points(himmelblau, [-5.0, 5.0, -5.0, 5.0], 20);
        assert_eq!(points.len(), 9, "{points:?}");
        let of = |k: CriticalKind| points.iter().filter(|p| p.kind == k).collect::<Vec<_>>();
        let minima = of(CriticalKind::Min);
        assert_eq!(minima.len(), 4);
        // Sorted by x: the known minima in increasing x.
        let expected = [
            [-3.779310, -3.283186],
            [-2.805118, 3.131312],
            [3.0, 2.0],
            [3.584428, -1.848126],
        ];
        for (p, e) in minima.iter().zip(expected) {
            assert!(near(p.at, e, 1e-5), "{p:?} vs {e:?}");
            assert!(p.value.abs() < 1e-12);
        }
        let maxima = of(CriticalKind::Max);
        assert_eq!(maxima.len(), 1);
        assert!(near(maxima[0].at, [-0.270845, -0.923039], 1e-5));
        assert!((maxima[0].value - 181.616522).abs() < 1e-4);
        let saddles = of(CriticalKind::Saddle);
        assert_eq!(saddles.len(), 4);
        for s in &saddles {
            let (_, g, _) = himmelblau(s.at);
            assert!(g[0].hypot(g[1]) < 1e-9, "{s:?}");
        }
        assert!(points.windows(2).all(|w| w[0].at[0] <= w[1].at[0]));
    }

    #[test]
    fn monkey_saddle_is_degenerate() {
        let monkey = |[x, y]: [f64; 2]| {
            (
                x * x * x - 3.0 * x * y * y,
                [3.0 * x * x - 3.0 * y * y, -6.0 * x * y],
                [[6.0 * x, -6.0 * y], [-6.0 * y, -6.0 * x]],
            )
        };
        let p = single(&find_critical_points(monkey, [-1.0, 1.0, -1.0, 1.0], 20));
        assert_eq!(p.kind, CriticalKind::Degenerate);
        assert!(near(p.at, [0.0, 0.0], 1e-6));
    }

    #[test]
    fn quartic_bowl_is_found_and_degenerate() {
        let quartic = |[x, y]: [f64; 2]| {
            (
                x.powi(4) + y.powi(4),
                [4.0 * x.powi(3), 4.0 * y.powi(3)],
                [[12.0 * x * x, 0.0], [0.0, 12.0 * y * y]],
            )
        };
        for seeds in [1, 2, 5, 20] {
            let p = single(&find_critical_points(
                quartic,
                [-5.0, 5.0, -5.0, 5.0],
                seeds,
            ));
            assert_eq!(p.kind, CriticalKind::Degenerate, "seeds {seeds}");
            assert!(near(p.at, [0.0, 0.0], 1e-6), "{p:?}");
        }
        // Degenerate along one axis only: x⁴ + y² has H = diag(0, 2) at the origin.
        let mixed = |[x, y]: [f64; 2]| {
            (
                x.powi(4) + y * y,
                [4.0 * x.powi(3), 2.0 * y],
                [[12.0 * x * x, 0.0], [0.0, 2.0]],
            )
        };
        let p = single(&find_critical_points(mixed, [-2.0, 1.0, -1.0, 3.0], 16));
        assert_eq!(p.kind, CriticalKind::Degenerate);
        assert!(near(p.at, [0.0, 0.0], 1e-6), "{p:?}");
    }

    #[test]
    fn plane_has_no_critical_point_and_flat_function_reports_none() {
        let plane = |[x, y]: [f64; 2]| (x + y, [1.0, 1.0], [[0.0; 2]; 2]);
        assert!(find_critical_points(plane, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
        let flat = |_: [f64; 2]| (3.0, [0.0, 0.0], [[0.0; 2]; 2]);
        assert!(find_critical_points(flat, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
        // The trough x² has a line of critical points: each seed column lands on it, reported as degenerate.
        let trough = |[x, _y]: [f64; 2]| (x * x, [2.0 * x, 0.0], [[2.0, 0.0], [0.0, 0.0]]);
        for p in find_critical_points(trough, [-1.0, 1.0, -1.0, 1.0], 4) {
            assert_eq!(p.kind, CriticalKind::Degenerate);
            assert!(p.at[0].abs() < 1e-12);
        }
    }

    #[test]
    fn nan_regions_do_not_panic_or_leak() {
        // f = x ln x − x + y²: undefined for x ≤ 0, one minimum at (1, 0) with value −1.
        let f = |[x, y]: [f64; 2]| {
            let l = if x > 0.0 { x.ln() } else { f64::NAN };
            (
                x * l - x + y * y,
                [l, 2.0 * y],
                [[1.0 / x, 0.0], [0.0, 2.0]],
            )
        };
        let p = single(&find_critical_points(f, [-2.0, 3.0, -2.0, 2.0], 20));
        assert_eq!(p.kind, CriticalKind::Min);
        assert!(near(p.at, [1.0, 0.0], 1e-10));
        assert!((p.value + 1.0).abs() < 1e-12);
        let nan = |_: [f64; 2]| (f64::NAN, [f64::NAN; 2], [[f64::NAN; 2]; 2]);
        assert!(find_critical_points(nan, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
        let inf = |_: [f64; 2]| (f64::INFINITY, [0.0; 2], [[1.0, 0.0], [0.0, 1.0]]);
        assert!(find_critical_points(inf, [-1.0, 1.0, -1.0, 1.0], 20).is_empty());
    }

    #[test]
    fn bad_views_and_counts_give_empty_or_capped_results() {
        let bowl = quadratic(1.0, 1.0);
        for view in [
            [1.0, 1.0, -1.0, 1.0],
            [1.0, -1.0, -1.0, 1.0],
            [f64::NAN, 1.0, -1.0, 1.0],
            [-1.0, 1.0, -1.0, f64::INFINITY],
            [-f64::MAX, f64::MAX, -1.0, 1.0],
        ] {
            assert!(find_critical_points(&bowl, view, 20).is_empty(), "{view:?}");
        }
        assert!(find_critical_points(&bowl, [-1.0, 1.0, -1.0, 1.0], 0).is_empty());
        let calls = std::cell::Cell::new(0usize);
        let counted = |p: [f64; 2]| {
            calls.set(calls.get() + 1);
            bowl(p)
        };
        let p = single(&find_critical_points(
            counted,
            [-1.0, 1.0, -1.0, 1.0],
            usize::MAX,
        ));
        assert_eq!(p.kind, CriticalKind::Min);
        // 32² seeds sampled twice, a step or two each, 4 corners and 4 probes.
        assert!(calls.get() <= 4 * 32 * 32 + 8, "{}", calls.get());
    }

    #[test]
    fn work_is_bounded_on_himmelblau() {
        let calls = std::cell::Cell::new(0usize);
        let counted = |p: [f64; 2]| {
            calls.set(calls.get() + 1);
            himmelblau(p)
        };
        find_critical_points(counted, [-5.0, 5.0, -5.0, 5.0], 20);
        // Quadratic convergence: about ten evaluations per seed, far below the 60-iteration cap.
        assert!(calls.get() <= 12 * 400, "{}", calls.get());
    }

    #[test]
    fn anisotropic_view_and_offset_quadratics() {
        // f = ½ pᵀAp + bᵀp has its critical point at −A⁻¹b; the kind follows the eigenvalue signs.
        let cases: [([[f64; 2]; 2], [f64; 2], CriticalKind); 4] = [
            ([[2.0, 1.0], [1.0, 3.0]], [1.0, -2.0], CriticalKind::Min),
            ([[-4.0, 1.0], [1.0, -1.0]], [0.5, 0.5], CriticalKind::Max),
            ([[1.0, 3.0], [3.0, 1.0]], [-2.0, 1.0], CriticalKind::Saddle),
            ([[1e-3, 0.0], [0.0, 1e3]], [1e-3, 1e3], CriticalKind::Min),
        ];
        for (a, b, kind) in cases {
            let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
            let expected = [
                -(a[1][1] * b[0] - a[0][1] * b[1]) / det,
                -(a[0][0] * b[1] - a[1][0] * b[0]) / det,
            ];
            let f = move |[x, y]: [f64; 2]| {
                let g = [
                    a[0][0] * x + a[0][1] * y + b[0],
                    a[1][0] * x + a[1][1] * y + b[1],
                ];
                (
                    0.5 * (x * g[0] + y * g[1]) + 0.5 * (b[0] * x + b[1] * y),
                    g,
                    a,
                )
            };
            let view = [
                expected[0] - 7.0,
                expected[0] + 3.0,
                expected[1] - 0.01,
                expected[1] + 0.02,
            ];
            let p = single(&find_critical_points(f, view, 9));
            assert_eq!(p.kind, kind, "{a:?}");
            assert!(near(p.at, expected, 1e-9), "{p:?} vs {expected:?}");
        }
    }

    #[test]
    fn classify_reads_the_hessian() {
        assert_eq!(classify([[2.0, 0.0], [0.0, 2.0]]), CriticalKind::Min);
        assert_eq!(classify([[-1.0, 0.5], [0.5, -3.0]]), CriticalKind::Max);
        assert_eq!(classify([[0.0, 1.0], [1.0, 0.0]]), CriticalKind::Saddle);
        assert_eq!(classify([[1.0, 2.0], [2.0, 1.0]]), CriticalKind::Saddle);
        assert_eq!(classify([[0.0; 2]; 2]), CriticalKind::Degenerate);
        assert_eq!(
            classify([[1.0, 0.0], [0.0, 1e-9]]),
            CriticalKind::Degenerate
        );
        assert_eq!(classify([[1.0, 1.0], [1.0, 1.0]]), CriticalKind::Degenerate);
        assert_eq!(
            classify([[f64::NAN, 0.0], [0.0, 1.0]]),
            CriticalKind::Degenerate
        );
        // Tiny but well-conditioned: a minimum on its own, degenerate against a typical Hessian of 1.
        assert_eq!(classify([[1e-12, 0.0], [0.0, 1e-12]]), CriticalKind::Min);
        assert_eq!(
            classify_with_scale([[1e-12, 0.0], [0.0, 1e-12]], 1.0),
            CriticalKind::Degenerate
        );
        let labels = [
            CriticalKind::Min,
            CriticalKind::Max,
            CriticalKind::Saddle,
            CriticalKind::Degenerate,
        ]
        .map(CriticalKind::as_str);
        assert_eq!(labels, ["min", "max", "saddle", "degenerate"]);
    }

    fn assert_roots(found: &[f64], expected: &[f64], tol: f64) {
        assert_eq!(found.len(), expected.len(), "{found:?} vs {expected:?}");
        for (r, e) in found.iter().zip(expected) {
            assert!((r - e).abs() <= tol, "{found:?} vs {expected:?}");
        }
    }

    #[test]
    fn sine_roots_include_the_zero_endpoint() {
        let pi = std::f64::consts::PI;
        assert_roots(
            &find_roots(f64::sin, 0.0, 10.0, 100),
            &[0.0, pi, 2.0 * pi, 3.0 * pi],
            1e-12,
        );
        // Reversed bounds give the same answer; an endpoint that is not a zero adds nothing.
        assert_roots(
            &find_roots(f64::sin, 10.0, 0.5, 37),
            &[pi, 2.0 * pi, 3.0 * pi],
            1e-12,
        );
    }

    #[test]
    fn cubic_and_its_derivative() {
        let s = 3.0_f64.sqrt();
        assert_roots(
            &find_roots(|x| x * x * x - 3.0 * x, -3.0, 3.0, 100),
            &[-s, 0.0, s],
            1e-12,
        );
        assert_roots(
            &find_roots(|x| 3.0 * x * x - 3.0, -3.0, 3.0, 100),
            &[-1.0, 1.0],
            1e-12,
        );
        // Odd n samples x = 0 exactly.
        assert_roots(
            &find_roots(|x| x * x * x - 3.0 * x, -3.0, 3.0, 101),
            &[-s, 0.0, s],
            1e-12,
        );
    }

    #[test]
    fn touching_zeros_are_found() {
        assert_roots(&find_roots(|x| x * x, -1.0, 1.0, 100), &[0.0], 1e-6);
        assert_roots(&find_roots(|x| x * x, -1.0, 1.0, 101), &[0.0], 0.0);
        // Expanded (x − 1)² carries round-off of about 1e-16 near its double root.
        assert_roots(
            &find_roots(|x| x * x - 2.0 * x + 1.0, 0.0, 3.0, 64),
            &[1.0],
            1e-7,
        );
        assert_roots(
            &find_roots(|x| -(x - 0.3).abs(), -1.0, 1.0, 10),
            &[0.3],
            1e-9,
        );
        // x² + 1 has no real root even when the samples are huge elsewhere.
        assert!(find_roots(|x| x * x + 1.0, -1e6, 1e6, 1000).is_empty());
        assert!(find_roots(|x| x.sin() + 2.0, -20.0, 20.0, 500).is_empty());
        // Two roots ±1e-3 inside one sample spacing of 0.2 are split by the crossing branch.
        assert_roots(
            &find_roots(|x| x * x - 1e-6, -1.0, 1.0, 10),
            &[-1e-3, 1e-3],
            1e-12,
        );
    }

    #[test]
    fn poles_and_jumps_are_not_roots() {
        assert!(find_roots(|x| 1.0 / x, -1.0, 1.0, 100).is_empty());
        assert!(find_roots(|x| 1.0 / x, -1.0, 1.0, 101).is_empty());
        assert!(find_roots(|x| if x < 0.1 { -1.0 } else { 1.0 }, -1.0, 1.0, 50).is_empty());
        // tan has a pole at π/2 and a root at 0 on [0, 3].
        assert_roots(&find_roots(f64::tan, 0.0, 3.0, 64), &[0.0], 0.0);
        // 1/x − 1 has its root at 1 and a pole at 0.
        assert_roots(&find_roots(|x| 1.0 / x - 1.0, -2.0, 2.0, 40), &[1.0], 1e-12);
    }

    #[test]
    fn undefined_regions_and_degenerate_inputs() {
        assert_roots(&find_roots(f64::ln, -1.0, 3.0, 50), &[1.0], 1e-12);
        assert!(find_roots(|_| f64::NAN, -1.0, 1.0, 50).is_empty());
        assert!(find_roots(|x| x, f64::NAN, 1.0, 50).is_empty());
        assert!(find_roots(|x| x, -f64::MAX, f64::MAX, 50).is_empty());
        assert_roots(&find_roots(|x| x, 0.0, 0.0, 50), &[0.0], 0.0);
        assert!(find_roots(|x| x, 1.0, 1.0, 50).is_empty());
        // n below 2 still samples both ends; a zero run reports its first and last sample.
        assert_roots(&find_roots(|x| x - 0.25, 0.0, 1.0, 0), &[0.25], 1e-12);
        assert_roots(
            &find_roots(|x: f64| x.max(0.0), -1.0, 1.0, 5),
            &[-1.0, 0.0],
            0.0,
        );
        let calls = std::cell::Cell::new(0usize);
        let counted = |x: f64| {
            calls.set(calls.get() + 1);
            x - 0.5
        };
        assert_roots(&find_roots(counted, 0.0, 1.0, usize::MAX), &[0.5], 1e-12);
        assert!(calls.get() <= MAX_ROOT_SAMPLES + MAX_BRENT_ITERATIONS);
    }
}
