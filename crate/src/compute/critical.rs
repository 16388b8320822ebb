//! Critical points of f(x, y) in a view: Newton's method from a grid of seeds, classified by the
//! Hessian (minimum, maximum, saddle, degenerate).

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
/// Newton evaluations a seed takes, for a slice's budget (most converge in 5 to 20).
pub const EVALS_PER_SEED: usize = 20;
/// Newton iterations per seed; degenerate points converge linearly (ratio 2/3 for x⁴), so this is generous.
const MAX_NEWTON_ITERATIONS: usize = 60;
/// Acceptance: ‖∇f‖ ≤ this × the largest finite ‖∇f‖ sampled on the seed grid and the view's corners.
const GRADIENT_TOLERANCE: f64 = 1e-9;
/// More degenerate critical points than this in one view are a line or curve of them.
const MAX_DEGENERATE: usize = 8;
/// The most ‖∇f‖ at a claimed critical point may be, relative to 1 + |f| there.
const ZERO_BESIDE_F: f64 = 1e-7;
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

/// Classifies a critical point of f in any number of variables from its full n × n Hessian:
/// the signs of its eigenvalues (cyclic Jacobi rotations on the symmetric part), degenerate as
/// [`classify`] is. In three variables the map's slice may have a minimum where f has a saddle.
pub fn classify_n(hessian: &[Vec<f64>]) -> CriticalKind {
    let n = hessian.len();
    let mut a: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| 0.5 * (hessian[i][j] + hessian[j][i])).collect()).collect();
    if a.iter().flatten().any(|v| !v.is_finite()) {
        return CriticalKind::Degenerate;
    }
    for _sweep in 0..50 {
        let off: f64 = (0..n).flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j))).map(|(i, j)| a[i][j] * a[i][j]).sum();
        if off <= 1e-30 * a.iter().flatten().map(|v| v * v).sum::<f64>() {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q] (Golub and Van Loan, algorithm 8.4.1).
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let (c, s) = (1.0 / (t * t + 1.0).sqrt(), t / (t * t + 1.0).sqrt());
                for k in 0..n {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
            }
        }
    }
    let eigen: Vec<f64> = (0..n).map(|i| a[i][i]).collect();
    let big = eigen.iter().fold(0.0f64, |m, e| m.max(e.abs()));
    if eigen.iter().any(|e| e.abs() <= DEGENERACY_RATIO * big) {
        return CriticalKind::Degenerate;
    }
    match (eigen.iter().all(|&e| e > 0.0), eigen.iter().all(|&e| e < 0.0)) {
        (true, _) => CriticalKind::Min,
        (_, true) => CriticalKind::Max,
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
struct Found {
    at: [f64; 2],
    jet: Jet,
    gradient_norm: f64,
    /// Classified once, when found (five Hessians each): a search in slices shows what it
    /// found so far after every slice, and must not classify every point again each time.
    kind: CriticalKind,
}

/// Critical points of f inside the view [xmin, xmax, ymin, ymax], sorted by x then y.
///
/// Newton's method on ∇f = 0 (Nocedal & Wright, *Numerical Optimization*, §3.3) runs from the centres of a
/// seeds × seeds grid (seeds capped at 32). A run is accepted when ‖∇f‖ ≤ 1e-9 × G, where G is the largest finite
/// ‖∇f‖ sampled at the seeds and view corners, and ‖∇f‖ ≤ 1e-7 × (1 + |f|), and its last step was below 1e-6 view units, and the point lies
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
    let Some(mut search) = CriticalSearch::new(view, seeds_per_axis) else {
        return Vec::new();
    };
    search.run(&eval, usize::MAX);
    search.points()
}

/// A search for critical points that can run a few seeds at a time, so a function whose
/// derivatives are expensive never holds the page for long: [`CriticalSearch::run`] continues
/// where the last call stopped, and [`CriticalSearch::points`] gives what is found so far (the
/// same as [`find_critical_points`] once [`CriticalSearch::is_done`]).
#[derive(Debug, Clone)]
pub struct CriticalSearch {
    frame: Frame,
    n: usize,
    /// Scale samples taken (4 corners, then the n² seeds), and the largest finite ‖∇f‖ among them.
    sampled: usize,
    gradient_scale: f64,
    /// ‖∇f‖ a converged run must reach: [`GRADIENT_TOLERANCE`] × the scale, once it is sampled.
    tolerance: f64,
    /// The next seed, row-major over the n × n grid.
    next: usize,
    found: Vec<Found>,
}

impl CriticalSearch {
    /// A search over `view` from a `seeds_per_axis`² grid; None for an invalid view or no seeds.
    /// Nothing is evaluated yet: the first [`CriticalSearch::run`] samples the gradient's scale.
    pub fn new(view: [f64; 4], seeds_per_axis: usize) -> Option<CriticalSearch> {
        let frame = Frame::new(view)?;
        let n = seeds_per_axis.min(MAX_SEEDS_PER_AXIS);
        if n == 0 {
            return None;
        }
        Some(CriticalSearch { frame, n, sampled: 0, gradient_scale: 0.0, tolerance: 0.0, next: 0, found: Vec::new() })
    }

    /// The points the gradient's scale is sampled at: the view's corners, then the seeds.
    fn scale_sample(&self, k: usize) -> [f64; 2] {
        match k {
            0..4 => self.frame.corners()[k],
            _ => self.frame.seed((k - 4) % self.n, (k - 4) / self.n, self.n),
        }
    }

    /// Runs Newton from up to `max_seeds` more seeds; returns whether every seed has run. The
    /// scale is sampled first, an evaluation per point, as [`EVALS_PER_SEED`] to a seed of the
    /// budget: sin(x·y·sin(…)) 40 deep took 8 ms for it in the browser, too much for the frame.
    /// A gradient that vanishes at every sample means f is flat here: a continuum of critical
    /// points is not looked for, and the search ends with none.
    pub fn run(&mut self, eval: &impl Fn([f64; 2]) -> Jet, max_seeds: usize) -> bool {
        let total = self.n * self.n;
        let samples = 4 + total;
        let mut seeds = max_seeds;
        if self.sampled < samples {
            let end = self.sampled.saturating_add(max_seeds.saturating_mul(EVALS_PER_SEED)).min(samples);
            for k in self.sampled..end {
                let jet = eval(self.scale_sample(k));
                let norm = norm(&jet.1);
                // A max of finite norms from 0: never NaN.
                if jet_is_finite(&jet) && norm.is_finite() {
                    self.gradient_scale = self.gradient_scale.max(norm);
                }
            }
            seeds = seeds.saturating_sub((end - self.sampled).div_ceil(EVALS_PER_SEED));
            self.sampled = end;
            if self.sampled < samples {
                return false;
            }
            if self.gradient_scale == 0.0 {
                self.next = total;
                return true;
            }
            self.tolerance = GRADIENT_TOLERANCE * self.gradient_scale;
        }
        let end = self.next.saturating_add(seeds).min(total);
        while self.next < end {
            let (i, j) = (self.next % self.n, self.next / self.n);
            self.next += 1;
            let Some((at, jet)) = newton(eval, self.frame.seed(i, j, self.n), &self.frame, self.tolerance, &self.found) else {
                continue;
            };
            let gradient_norm = norm(&jet.1);
            let frame = &self.frame;
            let found = || Found { at, jet, gradient_norm, kind: classify_with_scale(jet.2, hessian_scale(eval, frame, at, jet.2)) };
            match self.found.iter_mut().find(|f| same_point(frame, f.at, at)) {
                Some(existing) => {
                    if gradient_norm < existing.gradient_norm {
                        *existing = found();
                    }
                }
                None => self.found.push(found()),
            }
        }
        self.is_done()
    }

    /// Whether every seed has run.
    pub fn is_done(&self) -> bool {
        self.next >= self.n * self.n
    }

    /// The seeds still to run.
    pub fn remaining(&self) -> usize {
        (self.n * self.n).saturating_sub(self.next)
    }

    /// The points found so far, classified, sorted by x then y.
    pub fn points(&self) -> Vec<CriticalPoint> {
        let mut points: Vec<CriticalPoint> = self.found.iter().map(|f| CriticalPoint { at: f.at, kind: f.kind, value: f.jet.0 }).collect();
        // A line or curve of critical points ((x − y)², floor(x) + y²) is where every seed stops
        // somewhere along it: dozens of degenerate "points" that are not isolated. None is named.
        if points.iter().filter(|p| p.kind == CriticalKind::Degenerate).count() > MAX_DEGENERATE {
            points.retain(|p| p.kind != CriticalKind::Degenerate);
        }
        crate::order::sort_by(&mut points, |p, q| p.at[0].total_cmp(&q.at[0]).then(p.at[1].total_cmp(&q.at[1])));
        points
    }
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
    // Also zero beside f itself, as the readouts will show it there: in sin(x·y·…) nested 12
    // deep the view's gradients reach 1e10, and 1e-9 of that let ‖∇f‖ = 24 through.
    let accepted = gradient_norm <= tolerance
        && gradient_norm <= ZERO_BESIDE_F * (1.0 + jet.0.abs())
        && last_step <= LAST_STEP_TOLERANCE
        && frame.contains(p, VIEW_PAD);
    accepted.then_some((p, jet))
}

#[cfg(test)]
mod tests;
