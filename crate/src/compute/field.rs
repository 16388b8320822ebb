//! The gradient field: arrows on a grid over the view, sized to the canvas.

use crate::eval::tape::Tape;
use crate::compute::geometry::View;
use serde::Serialize;

/// How arrow lengths are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ArrowLength {
    /// All the same length; colour shows the magnitude.
    Normalized,
    /// Proportional to ‖∇f‖, the longest filling its cell.
    True,
}

/// One arrow of the field, in world coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldArrow {
    /// Tail.
    pub from: [f64; 2],
    /// Head.
    pub to: [f64; 2],
    /// ‖∇f‖ relative to the largest in view, in [0, 1].
    pub strength: f64,
}

/// Arrows on an `n_across × n_down` grid of cell centres. `tape` outputs `[f, ∂f/∂x, ∂f/∂y, …]`
/// over x, y, then `others`. Points where the gradient is not finite or zero get no arrow.
pub fn gradient_field(
    tape: &Tape,
    view: &View,
    n_across: usize,
    n_down: usize,
    others: &[f64],
    length: ArrowLength,
) -> Vec<FieldArrow> {
    let mut out = vec![0.0; tape.n_outputs()];
    let mut point = vec![0.0; 2 + others.len()];
    point[2..].copy_from_slice(others);
    let mut samples = Vec::with_capacity(n_across * n_down);
    for j in 0..n_down {
        for i in 0..n_across {
            let (x, y) = (view.grid_x(i as f64, n_across), view.grid_y(j as f64, n_down));
            point[0] = x;
            point[1] = y;
            tape.eval_point(&point, &mut out);
            // No arrow where f itself is undefined: its formula's gradient would be a fiction there.
            let defined = out.first().is_some_and(|v| v.is_finite());
            let (gx, gy) = if defined { (out.get(1).copied().unwrap_or(f64::NAN), out.get(2).copied().unwrap_or(f64::NAN)) } else { (f64::NAN, f64::NAN) };
            let norm = gx.hypot(gy);
            if norm.is_finite() && norm > 0.0 {
                samples.push((x, y, gx, gy, norm));
            }
        }
    }
    // Scale by a high percentile rather than the maximum, so one spike near a pole does not
    // shrink every other arrow to a dot.
    let mut norms: Vec<f64> = samples.iter().map(|s| s.4).collect();
    norms.sort_by(f64::total_cmp);
    let reference = norms.get((norms.len().saturating_sub(1) as f64 * 0.95) as usize).copied().unwrap_or(1.0);
    let cell = (view.width() / n_across.max(1) as f64).min(view.height() / n_down.max(1) as f64);
    let longest = 0.8 * cell;
    samples
        .into_iter()
        .map(|(x, y, gx, gy, norm)| {
            let strength = (norm / reference).min(1.0);
            let len = match length {
                ArrowLength::Normalized => longest,
                ArrowLength::True => longest * strength,
            };
            // Arrows are centred on their sample point so the field reads evenly.
            let (ux, uy) = (gx / norm * len / 2.0, gy / norm * len / 2.0);
            FieldArrow { from: [x - ux, y - uy], to: [x + ux, y + uy], strength }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{derivatives, parse};

    #[test]
    fn paraboloid_arrows_point_away_from_the_minimum() {
        let parsed = parse("x^2 + y^2").expect("parses");
        let d = derivatives(&parsed).expect("differentiates");
        let mut tape = Tape::compile(&[&parsed.expr, &d.gradient[0], &d.gradient[1]], 2);
        let view = View::new(-2.0, 2.0, -2.0, 2.0).expect("valid");
        let arrows = gradient_field(&mut tape, &view, 4, 4, &[], ArrowLength::Normalized);
        assert_eq!(arrows.len(), 16);
        for a in &arrows {
            let mid = [(a.from[0] + a.to[0]) / 2.0, (a.from[1] + a.to[1]) / 2.0];
            let dir = [a.to[0] - a.from[0], a.to[1] - a.from[1]];
            // Outward: the arrow's direction has a positive dot product with its position.
            assert!(mid[0] * dir[0] + mid[1] * dir[1] > 0.0);
        }
    }
}
