//! The course's exercises as library functions: numerical derivatives, one descent step,
//! directional derivatives. The views use them to check the exact (symbolic) answers.

/// Exercise 1: f′(x) ≈ (f(x + h) − f(x − h)) / 2h, the central difference.
/// Its truncation error is O(h²), against O(h) for the forward difference.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// The forward difference (f(x + h) − f(x)) / h: the definition of the derivative before the limit.
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// A step size balancing truncation and round-off for central differences at `x`:
/// about ∛ε·max(1, |x|) (Numerical Recipes §5.7).
pub fn central_step(x: f64) -> f64 {
    f64::EPSILON.cbrt() * x.abs().max(1.0)
}

/// Exercise 2: the gradient by central differences in each coordinate.
pub fn numerical_gradient(f: impl Fn(&[f64]) -> f64, point: &[f64]) -> Vec<f64> {
    let mut p = point.to_vec();
    (0..point.len())
        .map(|i| {
            let h = central_step(point[i]);
            p[i] = point[i] + h;
            let up = f(&p);
            p[i] = point[i] - h;
            let down = f(&p);
            p[i] = point[i];
            (up - down) / (2.0 * h)
        })
        .collect()
}

/// Exercise 3: one gradient-descent step θ ← θ − η∇L(θ).
pub fn gradient_descent_step(theta: &[f64], gradient: &[f64], learning_rate: f64) -> Vec<f64> {
    theta.iter().zip(gradient).map(|(t, g)| t - learning_rate * g).collect()
}

/// Why a directional derivative could not be taken.
#[derive(Debug, Clone, PartialEq)]
pub enum DirectionError {
    /// The direction has a different number of components than the gradient.
    WrongLength { expected: usize, got: usize },
    /// The direction is (almost) zero or not finite, so it has no unit vector.
    NotADirection,
}

impl std::fmt::Display for DirectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DirectionError::WrongLength { expected, got } => {
                write!(f, "the direction needs {expected} components, not {got}")
            }
            DirectionError::NotADirection => write!(f, "the direction must be a non-zero vector"),
        }
    }
}

/// The unit vector along `direction`.
pub fn unit_vector(direction: &[f64]) -> Result<Vec<f64>, DirectionError> {
    let norm = direction.iter().map(|v| v * v).sum::<f64>().sqrt();
    if !(norm.is_finite() && norm > 1e-300) {
        return Err(DirectionError::NotADirection);
    }
    Ok(direction.iter().map(|v| v / norm).collect())
}

/// Exercise 4: D_u f = ∇f · u with u the unit vector along `direction`
/// (the course's definition needs ‖u‖ = 1, so any non-zero direction is normalized first).
pub fn directional_derivative(gradient: &[f64], direction: &[f64]) -> Result<f64, DirectionError> {
    if gradient.len() != direction.len() {
        return Err(DirectionError::WrongLength { expected: gradient.len(), got: direction.len() });
    }
    let u = unit_vector(direction)?;
    Ok(gradient.iter().zip(&u).map(|(g, u)| g * u).sum())
}

/// Euclidean norm.
pub fn norm(v: &[f64]) -> f64 {
    // The plain sum of squares is fast and exact enough; where it overflows or underflows, the
    // sum is taken of the components scaled by the largest, so finite vectors near f64::MAX
    // (or at 1e-200) keep a finite, right norm. A NaN component gives NaN, an infinite one ∞.
    let squares: f64 = v.iter().map(|x| x * x).sum();
    if squares.is_finite() && (squares >= f64::MIN_POSITIVE || squares == 0.0) {
        return squares.sqrt();
    }
    if v.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    let scale = v.iter().fold(0.0_f64, |m, &x| m.max(x.abs()));
    if !scale.is_finite() {
        return scale;
    }
    scale * v.iter().map(|&x| (x / scale) * (x / scale)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_difference_of_x_squared_is_exact_up_to_rounding() {
        // (x+h)² − (x−h)² = 4xh exactly, so the quotient is 2x.
        assert!((central_difference(|x| x * x, 3.0, 1e-3) - 6.0).abs() < 1e-9);
        // The forward difference keeps the h of the course's limit: 2x + h.
        assert!((forward_difference(|x| x * x, 3.0, 0.5) - 6.5).abs() < 1e-12);
    }

    #[test]
    fn gradient_of_the_paraboloid_at_1_2_is_2_4() {
        let g = numerical_gradient(|p| p[0] * p[0] + p[1] * p[1], &[1.0, 2.0]);
        assert!((g[0] - 2.0).abs() < 1e-8 && (g[1] - 4.0).abs() < 1e-8, "{g:?}");
    }

    #[test]
    fn descent_step_moves_against_the_gradient() {
        assert_eq!(gradient_descent_step(&[1.0, 2.0], &[2.0, 4.0], 0.25), vec![0.5, 1.0]);
    }

    #[test]
    fn directional_derivative_of_the_course_example_is_3_sqrt_2() {
        let d = directional_derivative(&[2.0, 4.0], &[1.0, 1.0]).expect("valid direction");
        assert!((d - 3.0 * 2f64.sqrt()).abs() < 1e-12);
        // Interview Q5: along ∇f = [3, 4] the rate is ‖∇f‖ = 5.
        assert!((directional_derivative(&[3.0, 4.0], &[3.0, 4.0]).expect("valid") - 5.0).abs() < 1e-12);
        assert_eq!(unit_vector(&[3.0, 4.0]), Ok(vec![0.6, 0.8]));
    }

    #[test]
    fn bad_directions_are_errors() {
        assert_eq!(directional_derivative(&[1.0, 2.0], &[0.0, 0.0]), Err(DirectionError::NotADirection));
        assert_eq!(
            directional_derivative(&[1.0, 2.0], &[1.0]),
            Err(DirectionError::WrongLength { expected: 2, got: 1 })
        );
        assert_eq!(unit_vector(&[f64::NAN, 1.0]), Err(DirectionError::NotADirection));
    }
}
