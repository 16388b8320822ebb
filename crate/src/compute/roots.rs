//! Roots of g(x) on an interval: sign changes refined by Brent's method, and touching zeros
//! (a double root such as x² at 0) found by golden-section search on |g|.

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
mod tests;
