//! The audio trace's data: f sampled along a line (x in one variable; the slice through the
//! point along u in two), with the samples where a tick sounds: a zero of f (its sign changes)
//! or a critical point (the slope's sign changes). The page turns it into pitch; nothing here
//! knows sound.

use serde::Serialize;

/// Samples of f along the traced line, and where the ticks are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudioTrace {
    /// f at evenly spaced points (non-finite values serialise as `null`: silence there).
    pub values: Vec<f64>,
    /// Indices into `values` where f crosses zero or its slope changes sign.
    pub ticks: Vec<usize>,
}

/// f at `n` points from `lo` to `hi` (at least 2), with its ticks.
pub fn audio_trace(mut f: impl FnMut(f64) -> f64, lo: f64, hi: f64, n: usize) -> AudioTrace {
    let n = n.clamp(2, 4096);
    let values: Vec<f64> = (0..n).map(|i| f(lo + (hi - lo) * i as f64 / (n - 1) as f64)).collect();
    let mut ticks = Vec::new();
    for i in 1..n {
        let (a, b) = (values[i - 1], values[i]);
        if !(a.is_finite() && b.is_finite()) {
            continue;
        }
        let zero = (a < 0.0 && b >= 0.0) || (a > 0.0 && b <= 0.0);
        let turn = i + 1 < n && values[i + 1].is_finite() && {
            let (s0, s1) = (b - a, values[i + 1] - b);
            (s0 > 0.0 && s1 < 0.0) || (s0 < 0.0 && s1 > 0.0)
        };
        if zero || turn {
            ticks.push(i);
        }
    }
    AudioTrace { values, ticks }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_cubed_minus_3x_ticks_at_its_zeros_and_turns() {
        // Over [−3, 3]: zeros at −√3, 0, √3 and turns at −1 and 1: five ticks, in order.
        let t = audio_trace(|x| x * x * x - 3.0 * x, -3.0, 3.0, 601);
        let at: Vec<f64> = t.ticks.iter().map(|&i| -3.0 + 6.0 * i as f64 / 600.0).collect();
        let expected = [-(3f64.sqrt()), -1.0, 0.0, 1.0, 3f64.sqrt()];
        assert_eq!(at.len(), 5, "{at:?}");
        for (a, e) in at.iter().zip(expected) {
            assert!((a - e).abs() <= 0.011, "{a} vs {e}");
        }
        // ln(x) is silent where it does not exist, and never ticks there.
        let ln = audio_trace(f64::ln, -1.0, 1.0, 201);
        assert!(ln.values[..100].iter().all(|v| v.is_nan()));
        assert!(ln.ticks.iter().all(|&i| i > 100));
        assert_eq!(audio_trace(|x| x, 0.0, 1.0, 0).values.len(), 2);
    }
}
