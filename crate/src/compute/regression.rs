//! The course's linear-regression example: points the learner places, the model ŷ = a·x + b
//! (the course's w is our a), and its mean squared error L(a, b) written out as an ordinary
//! expression, so descent on (a, b) is just descent on another function.

/// Most data points: the loss text must stay under the expression length limit.
pub const MAX_POINTS: usize = 40;
/// The data window of the regression chart.
pub const DATA_RANGE: (f64, f64) = (0.0, 10.0);

/// The data set the page starts with: close to y = 0.8x + 1, with fixed wobble.
pub fn default_points() -> Vec<[f64; 2]> {
    [[1.0, 1.6], [2.0, 2.9], [3.0, 3.1], [4.0, 4.4], [5.0, 4.7], [6.0, 6.2], [7.0, 6.4], [8.0, 7.7]].to_vec()
}

/// Points as the lab keeps them: finite, inside the data window, at most [`MAX_POINTS`], and
/// rounded to 0.001 (plenty for points placed by hand, and it keeps the loss text short).
pub fn tidy_points(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let (lo, hi) = DATA_RANGE;
    points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .take(MAX_POINTS)
        .map(|p| p.map(|v| (v.clamp(lo, hi) * 1000.0).round() / 1000.0))
        .collect()
}

/// L(a, b) = (1/n) Σ (yᵢ − (a·xᵢ + b))² as text over the variables a and b.
pub fn loss_text(points: &[[f64; 2]]) -> String {
    if points.is_empty() {
        return "0*a + 0*b".into();
    }
    let terms: Vec<String> = points
        .iter()
        // Rust's shortest round-trip form: the loss holds exactly the points' values.
        .map(|p| format!("({} - ({}a + b))^2", p[1], p[0]))
        .collect();
    format!("({})/{}", terms.join(" + "), points.len())
}

/// The least-squares line (a, b) in closed form, or `None` when all x are equal.
pub fn closed_form(points: &[[f64; 2]]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mean_x = points.iter().map(|p| p[0]).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p[1]).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p[0] - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p[0] - mean_x) * (p[1] - mean_y)).sum();
    if sxx <= 1e-12 * n {
        return None;
    }
    let a = sxy / sxx;
    Some((a, mean_y - a * mean_x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::descent::{run, Optimizer, Settings};
    use crate::eval::model::Model;

    #[test]
    fn closed_form_of_an_exact_line() {
        let points = [[0.0, 1.0], [1.0, 3.0], [2.0, 5.0]];
        assert_eq!(closed_form(&points), Some((2.0, 1.0)));
        assert_eq!(closed_form(&[[1.0, 1.0], [1.0, 2.0]]), None);
    }

    #[test]
    fn descent_on_the_loss_expression_reaches_the_closed_form() {
        let points = default_points();
        let model = Model::new(&loss_text(&points)).expect("the loss parses");
        assert_eq!(model.parsed.vars, ["a", "b"]);
        let (a, b) = closed_form(&points).expect("x varies");
        // The course's gradients: ∂L/∂a = −(2/n) Σ xᵢ(yᵢ − ŷᵢ), ∂L/∂b = −(2/n) Σ (yᵢ − ŷᵢ), zero at the fit.
        let (_, g) = model.value_grad_at(&[a, b]);
        assert!(g.iter().all(|v| v.abs() < 1e-12), "{g:?}");
        let mut out = vec![0.0; 3];
        let result = run(Optimizer::Gd, Settings::with_lr(0.02), &[0.0, 0.0], 100_000, 1e-10, |theta, grad| {
            model.value_grad.eval_point(theta, &mut out);
            grad.copy_from_slice(&out[1..3]);
            out[0]
        });
        let last = result.path.last().expect("a path");
        assert!((last[0] - a).abs() < 1e-6 && (last[1] - b).abs() < 1e-6, "{last:?} vs ({a}, {b})");
    }

    #[test]
    fn the_loss_stays_under_the_length_limit_at_the_most_points() {
        let points: Vec<[f64; 2]> = (0..MAX_POINTS).map(|i| [i as f64 / 4.123456789, 9.87654321 - i as f64 / 7.0]).collect();
        let text = loss_text(&tidy_points(&points));
        assert!(text.chars().count() <= crate::expr::lex::MAX_CHARS, "{}", text.len());
        assert!(Model::new(&text).is_ok());
    }
}
