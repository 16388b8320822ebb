//! The plot in words, for screen readers (`describe()`, `state().description`): the function's
//! shape from its critical points, then at the point its value, ∇f as a magnitude and a compass
//! direction, D_u f and the level curve's direction; in the lab, how each run ended.
//!
//! Everything is read from the [`Snapshot`] the page shows, so the words never disagree with
//! the numbers beside them.

use crate::view::snapshot::{CriticalInfo, Snapshot};

/// Significant digits of the numbers read out: enough to tell values apart, few enough to
/// listen to.
const DIGITS: usize = 4;

/// `v` to four significant digits as a person reads it: `5`, `0.25`, `−1.5`, `1.2e-5`;
/// "undefined" for a value that does not exist. The minus sign is U+2212, which screen readers
/// say as "minus" (a hyphen is read as "dash").
pub fn spoken(v: f64) -> String {
    if !v.is_finite() {
        return "undefined".into();
    }
    // Rounding noise (−4e-16 at a minimum) is read as 0.
    if v.abs() < 1e-12 {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor();
    let text = if (-4.0..6.0).contains(&magnitude) {
        let decimals = (DIGITS as f64 - 1.0 - magnitude).max(0.0) as usize;
        trim(format!("{v:.decimals$}"))
    } else {
        let s = format!("{:.*e}", DIGITS - 1, v);
        match s.split_once('e') {
            Some((m, e)) => format!("{}e{e}", trim(m.to_string())),
            None => s,
        }
    };
    if text == "-0" { "0".into() } else { text.replace('-', "−") }
}

fn trim(mut s: String) -> String {
    if s.contains('.') && !s.contains('e') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// A point as `(1, 2)`.
fn spoken_point(p: &[f64]) -> String {
    format!("({})", p.iter().map(|&v| spoken(v)).collect::<Vec<_>>().join(", "))
}

/// The nearest of the eight compass directions to an angle in degrees from +x (east),
/// counter-clockwise (north is 90°), as a map is read with y up.
pub fn compass(degrees: f64) -> &'static str {
    const NAMES: [&str; 8] = ["east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east"];
    if !degrees.is_finite() {
        return "nowhere";
    }
    let turn = degrees.rem_euclid(360.0);
    NAMES[((turn / 45.0).round() as usize) % 8]
}

/// An angle in [0°, 360°) from the vector (x, y), `None` for the zero vector.
fn angle_of(x: f64, y: f64) -> Option<f64> {
    (x.is_finite() && y.is_finite() && (x != 0.0 || y != 0.0)).then(|| y.atan2(x).to_degrees().rem_euclid(360.0))
}

/// What a critical point of each kind is called.
fn kind_name(kind: &str, n_vars: usize) -> &'static str {
    match (kind, n_vars) {
        ("min", 1) => "a local minimum",
        ("max", 1) => "a local maximum",
        ("min", _) => "a minimum",
        ("max", _) => "a maximum",
        ("saddle", _) => "a saddle point",
        _ => "a flat point the second-derivative test cannot classify",
    }
}

/// Where `at` is, in one variable by its own name (t = 1 for sin(t), not x = 1).
fn where_(at: &[f64], vars: &[String]) -> String {
    match at {
        [x] => format!("{} = {}", vars.first().map_or("x", String::as_str), spoken(*x)),
        _ => spoken_point(at),
    }
}

/// The shape of f in view, from its critical points (and the curvature at the point when
/// there are none).
fn shape(s: &Snapshot) -> String {
    let n = s.vars.len();
    let c: &[CriticalInfo] = &s.critical_points;
    match c {
        [one] if n >= 2 && one.kind == "min" => format!("a bowl with its minimum {} at {}", spoken(one.value), where_(&one.at, &s.vars)),
        [one] if n >= 2 && one.kind == "max" => format!("a dome with its maximum {} at {}", spoken(one.value), where_(&one.at, &s.vars)),
        [one] if n >= 2 && one.kind == "saddle" => format!("a saddle, with its saddle point at {} where f = {}", where_(&one.at, &s.vars), spoken(one.value)),
        [one] if n == 1 && (one.kind == "min" || one.kind == "max") => {
            let what = if one.kind == "min" { "its minimum" } else { "its maximum" };
            format!("a curve with {what} {} at {}", spoken(one.value), where_(&one.at, &s.vars))
        }
        [] => {
            let curvature = if n >= 2 { curvature_words(s) } else { None };
            let base = if n == 1 { "a curve with no critical point in view" } else { "a surface with no critical point in view" };
            match curvature {
                Some(words) => format!("{base}; at the point it {words}"),
                None => base.to_string(),
            }
        }
        many => {
            let shown = 6;
            let mut parts: Vec<String> =
                many.iter().take(shown).map(|p| format!("{} at {} (f = {})", kind_name(p.kind, n), where_(&p.at, &s.vars), spoken(p.value))).collect();
            if many.len() > shown {
                parts.push(format!("and {} more", many.len() - shown));
            }
            let noun = if n == 1 { "a curve" } else { "a surface" };
            let count = if many.len() == 1 { "one critical point".to_string() } else { format!("{} critical points", many.len()) };
            format!("{noun} with {count} in view: {}", parts.join("; "))
        }
    }
}

/// How f bends at the point, from the Hessian's 2 × 2 block: "curves up in every direction".
fn curvature_words(s: &Snapshot) -> Option<&'static str> {
    let h = s.hessian.as_ref()?;
    // Three or more variables: the whole Hessian, not the map's slice (x² + y² − z² is no bowl).
    if h.len() >= 3 {
        use crate::compute::critical::{classify_n, CriticalKind};
        return match classify_n(h) {
            CriticalKind::Min => Some("curves up in every direction, like a bowl"),
            CriticalKind::Max => Some("curves down in every direction, like a dome"),
            CriticalKind::Saddle => Some("curves up some ways and down others, like a saddle"),
            CriticalKind::Degenerate => None,
        };
    }
    let at = |i: usize, j: usize| h.get(i).and_then(|r| r.get(j)).copied();
    let (a, b, d) = (at(0, 0)?, at(0, 1)?, at(1, 1)?);
    if ![a, b, d].iter().all(|v| v.is_finite()) {
        return None;
    }
    let scale = a.abs().max(b.abs()).max(d.abs());
    if scale < 1e-12 {
        return Some("is flat, like a plane");
    }
    let det = a * d - b * b;
    Some(if det > 1e-12 * scale * scale {
        if a > 0.0 { "curves up in every direction, like a bowl" } else { "curves down in every direction, like a dome" }
    } else if det < -1e-12 * scale * scale {
        "curves up one way and down the other, like a saddle"
    } else {
        "curves one way and is straight the other, like a trough"
    })
}

/// What f does at the point.
fn at_point(s: &Snapshot) -> String {
    let n = s.vars.len();
    let value = s.value.unwrap_or(f64::NAN);
    let mut out = format!("At {}: f = {}", where_(&s.point, &s.vars), spoken(value));
    if !value.is_finite() {
        out.push_str(", so f has no slope here.");
        return out;
    }
    let gradient = s.gradient.clone().unwrap_or_default();
    if n == 1 {
        let slope = s.tangent.as_ref().map(|t| t.slope).or_else(|| gradient.first().copied()).unwrap_or(f64::NAN);
        if !slope.is_finite() {
            out.push_str("; f′ is undefined here.");
            return out;
        }
        let trend = if slope == 0.0 { "flat, a critical point" } else if slope > 0.0 { "increasing" } else { "decreasing" };
        out.push_str(&format!("; the slope f′ = {}, so f is {trend} here.", spoken(slope)));
        return out;
    }
    let complete = gradient.len() >= 2 && gradient.iter().all(|g| g.is_finite());
    if !complete {
        out.push_str("; ∇f is undefined here.");
        return out;
    }
    let norm = s.gradient_norm.unwrap_or(f64::NAN);
    match angle_of(gradient[0], gradient[1]) {
        Some(angle) => out.push_str(&format!(
            "; ∇f = {}, of magnitude {}, pointing {} ({}°): f rises fastest that way",
            spoken_point(&gradient),
            spoken(norm),
            compass(angle),
            spoken(angle.round())
        )),
        None if gradient.iter().all(|g| *g == 0.0) => out.push_str("; ∇f = 0: the point is critical"),
        // Flat in x and y, not along the others (x² + y² + (z − 1)² at the origin).
        None => out.push_str(&format!(
            "; ∇f = {}, of magnitude {}: f is flat in x and y here and changes only along the other variables",
            spoken_point(&gradient),
            spoken(norm)
        )),
    }
    if let (Some(d), Some(deg)) = (s.directional_derivative, s.direction_degrees) {
        out.push_str(&format!(". Along u at {}° ({}), D_u f = {}", spoken(deg), compass(deg), spoken(d)));
    }
    if let Some(angle) = angle_of(gradient[0], gradient[1]) {
        // The level curve is perpendicular to ∇f; a line has two ends, so both are named.
        let along = (angle + 90.0).rem_euclid(180.0);
        out.push_str(&format!(
            ". The level curve f = {} runs {} to {} here",
            spoken(value),
            compass(along),
            compass(along + 180.0)
        ));
    }
    out.push('.');
    out
}

/// How each run of the lab ended.
fn lab(s: &Snapshot) -> Option<String> {
    if s.descent.is_empty() {
        return None;
    }
    let runs: Vec<String> = s
        .descent
        .iter()
        .map(|r| {
            let name = r.optimizer.parse::<crate::compute::descent::Optimizer>().map_or(r.optimizer, |o| o.label());
            let ended = match r.status {
                "converged" => format!("converged after {} steps", r.steps),
                "diverged" => format!("diverged after {} steps", r.steps),
                "oscillating" => format!("oscillated for {} steps without settling", r.steps),
                "max-steps" => format!("used all {} steps without converging", r.steps),
                other => format!("is {other}"),
            };
            let last = r.losses.last().copied().filter(|l| l.is_finite() && r.from + (r.losses.len() - 1) * r.stride.max(1) == r.steps);
            match last {
                Some(loss) => format!("{name} (η = {}) {ended}, ending at f = {}", spoken(r.lr), spoken(loss)),
                None => format!("{name} (η = {}) {ended}", spoken(r.lr)),
            }
        })
        .collect();
    Some(format!("Descent: {}. Showing step {}.", runs.join("; "), s.descent_frame))
}

/// The description of the view and the point (what `describe()` returns).
pub fn describe(s: &Snapshot) -> String {
    if s.vars.is_empty() {
        return match (&s.error, s.value) {
            (Some(e), _) => format!("No function is shown: {}", e.message),
            (None, Some(v)) if v.is_finite() => format!(
                "f = {} is a constant: it has no variable, so there is no graph to draw, and its derivative is 0 everywhere.",
                spoken(v)
            ),
            (None, _) => "No function is shown.".into(),
        };
    }
    let name = format!("f({})", s.vars.join(", "));
    let shown = s.normalized.as_deref().unwrap_or(&s.expr);
    let mut out = format!("{name} = {shown}: {}. {}", shape(s), at_point(s));
    if let Some(lab) = lab(s) {
        out.push(' ');
        out.push_str(&lab);
    }
    if s.error.is_some() {
        out.push_str(" The text typed has an error; the last good function is shown.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_a_person_says_them() {
        assert_eq!(spoken(5.0), "5");
        assert_eq!(spoken(4.47213595), "4.472");
        assert_eq!(spoken(-1.5), "−1.5");
        assert_eq!(spoken(-4e-16), "0");
        assert_eq!(spoken(1.2346e-5), "1.235e−5");
        assert_eq!(spoken(f64::NAN), "undefined");
        assert_eq!(spoken(123456.0), "123456");
    }

    #[test]
    fn compass_points_follow_the_map_with_y_up() {
        assert_eq!(compass(0.0), "east");
        assert_eq!(compass(90.0), "north");
        assert_eq!(compass(63.43), "north-east");
        assert_eq!(compass(-90.0), "south");
        assert_eq!(compass(337.6), "east");
        assert_eq!(compass(202.5), "south-west");
    }
}

#[cfg(test)]
mod course {
    use crate::app::App;

    /// The description after a frame is drawn (the map's critical points are found while drawing).
    fn described(f: &str, point: &[f64]) -> String {
        let mut app = App::new();
        app.set_expression(f).expect("parses");
        app.set_point(point);
        let _ = app.scene(800.0, 600.0, 1.0);
        app.snapshot_with(false).description
    }

    #[test]
    fn one_variable_is_named_as_typed() {
        let d = described("sin(t)", &[1.0]);
        assert!(d.contains("At t = 1") && !d.contains("x ="), "{d}");
    }

    #[test]
    fn a_constant_says_what_it_is() {
        // The walk: typing 5 left a blank page and "No function is shown."
        assert!(described("5", &[]).starts_with("f = 5 is a constant"), "{}", described("5", &[]));
    }

    #[test]
    fn three_variables_are_described_from_f_not_from_the_slice() {
        // The walk: "∇f = 0: the point is critical" where ∇f = (0, 0, −2), and a bowl for x² + y² − z².
        let d = described("x^2 + y^2 + (z-1)^2", &[0.0, 0.0, 0.0]);
        assert!(!d.contains("the point is critical") && d.contains("changes only along the other variables"), "{d}");
        let d = described("x^2 + y^2 - z^2", &[1.0, 2.0, 1.0]);
        assert!(!d.contains("like a bowl") && d.contains("like a saddle"), "{d}");
        assert!(described("x^2 + y^2 + z^2", &[1.0, 2.0, 1.0]).contains("like a bowl"));
    }

    #[test]
    fn the_course_examples_are_described_in_words() {
        // The course's paraboloid at its own point (1, 2): ∇f = (2, 4), ‖∇f‖ = √20.
        assert_eq!(
            described("x^2 + y^2", &[1.0, 2.0]),
            "f(x, y) = x^2 + y^2: a bowl with its minimum 0 at (0, 0). At (1, 2): f = 5; ∇f = (2, 4), of magnitude 4.472, \
             pointing north-east (63°): f rises fastest that way. Along u at 45° (north-east), D_u f = 4.243. \
             The level curve f = 5 runs north-west to south-east here."
        );
        // x²y + sin(xy) at (1, 2): ∂f/∂x = 2xy + y cos(xy) = 4 + 2 cos 2, ∂f/∂y = x² + x cos(xy) = 1 + cos 2.
        let d = described("x^2y + sin(xy)", &[1.0, 2.0]);
        assert!(d.contains("f = 2.909; ∇f = (3.168, 0.5839), of magnitude 3.221, pointing east (10°)"), "{d}");
        assert!(d.contains("a saddle point at (0, 0) (f = 0)"), "{d}");
        // The level curve is perpendicular to ∇f (10° → 100°, nearest north).
        assert!(d.contains("runs north to south"), "{d}");
        // x³ − 3x: the maximum 2 at −1 and the minimum −2 at 1.
        assert_eq!(
            described("x^3 - 3x", &[1.6]),
            "f(x) = x^3 - 3*x: a curve with 2 critical points in view: a local maximum at x = −1 (f = 2); \
             a local minimum at x = 1 (f = −2). At x = 1.6: f = −0.704; the slope f′ = 4.68, so f is increasing here."
        );
        assert!(described("x^2", &[1.0]).contains("a curve with its minimum 0 at x = 0. At x = 1: f = 1; the slope f′ = 2"));
        // Where f does not exist, nothing derived from it is described.
        assert!(described("ln(x)", &[-1.0]).ends_with("At x = −1: f = undefined, so f has no slope here."));
        assert!(described("x^2 - y^2", &[1.0, 0.0]).contains("a saddle, with its saddle point at (0, 0) where f = 0"));
        assert!(described("-(x^2 + y^2)", &[1.0, 0.0]).contains("a dome with its maximum 0 at (0, 0)"));
        assert!(described("3x + 4y", &[0.0, 0.0]).contains("no critical point in view; at the point it is flat, like a plane"));
        // Along the level curve D_u f is 0, and said as 0.
        let mut app = App::new();
        app.set_direction(90.0 + (2.0f64).atan2(1.0).to_degrees());
        let _ = app.scene(800.0, 600.0, 1.0);
        assert!(app.snapshot().description.contains("D_u f = 0."), "{}", app.snapshot().description);
    }

    #[test]
    fn the_lab_says_how_each_run_ended() {
        let mut app = App::new();
        let request = crate::app::lab::DescentRequest {
            start: Some(vec![1.0, 2.0]),
            optimizers: Some(vec!["gd".into()]),
            shared: crate::app::lab::SettingsRequest { lr: Some(0.1), ..Default::default() },
            ..Default::default()
        };
        app.run_descent(&request).expect("runs");
        let steps = app.snapshot().descent[0].steps;
        app.set_descent_frame(steps);
        let d = app.snapshot_with(false).description;
        assert!(d.contains(&format!("Descent: Gradient descent (η = 0.1) converged after {steps} steps, ending at f = 1.174e−11. Showing step {steps}.")), "{d}");
        let too_large = crate::app::lab::DescentRequest { shared: crate::app::lab::SettingsRequest { lr: Some(1.5), ..Default::default() }, ..request };
        app.run_descent(&too_large).expect("runs");
        assert!(app.snapshot_with(false).description.contains("diverged after"));
    }
}
