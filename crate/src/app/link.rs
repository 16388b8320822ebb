//! Share links: the URL hash's values, written and read. The page splits and percent-decodes
//! the hash into key/value pairs; everything that gives them meaning lives here, tested
//! natively. A link is data, never code: values are parsed as numbers or kept as text.

use crate::app::lab::{DescentRequest, SettingsRequest};
use crate::app::App;

/// Most keys read from one link; the rest are ignored.
pub const MAX_KEYS: usize = 32;
/// Longest value read (the expression's own limit is checked by the parser).
pub const MAX_VALUE_LEN: usize = 4096;

/// Parses `n` comma-separated finite numbers (`n = None`: any count from 1 to 16).
pub fn parse_numbers(value: &str, n: Option<usize>) -> Result<Vec<f64>, String> {
    if value.len() > MAX_VALUE_LEN {
        return Err("too long".into());
    }
    let numbers: Vec<f64> = value
        .split(',')
        .map(|s| s.trim().parse::<f64>().map_err(|_| "not a number".to_string()))
        .collect::<Result<_, _>>()?;
    if numbers.iter().any(|v| !v.is_finite()) {
        return Err("numbers must be finite".into());
    }
    match n {
        Some(n) if numbers.len() != n => Err(format!("needs {n} numbers")),
        None if numbers.is_empty() || numbers.len() > 2 * crate::compute::regression::MAX_POINTS => {
            Err(format!("needs 1 to {} numbers", 2 * crate::compute::regression::MAX_POINTS))
        }
        _ => Ok(numbers),
    }
}

/// A link's point and view keep this many steps across the view (a few per pixel).
const VISIBLE_STEPS: f64 = 4000.0;

/// The resolution of a link's numbers in `view`.
pub fn visible_step(view: crate::compute::geometry::View) -> f64 {
    view.width().min(view.height()) / VISIBLE_STEPS
}

/// `v` on the grid of what is visible in `view`: a point the pointer places lands where its link
/// will put it, so the learner who opens the link sees the numbers its author saw.
pub fn on_visible_grid(v: f64, view: crate::compute::geometry::View) -> f64 {
    format_visible(v, visible_step(view)).parse().unwrap_or(v)
}

/// Most significant digits a link's number keeps in full; longer ones are rounded to what is
/// visible. A point placed in a view down to a ten-thousandth of the default's is on a grid of
/// at most this many, so its link reproduces it exactly after a zoom out;
/// `setPoint(1.6009615384615383)` still gets a short `p=1.601`.
const FULL_DIGITS: usize = 7;

/// `v` for a link at resolution `step`: in full when that is short, else what is visible.
pub fn format_link_number(v: f64, step: f64) -> String {
    let shortest = format!("{v:e}");
    let mantissa = shortest.split('e').next().unwrap_or("");
    if mantissa.chars().filter(char::is_ascii_digit).count() <= FULL_DIGITS {
        format!("{v}")
    } else {
        format_visible(v, step)
    }
}

/// `v` with the decimals that show at resolution `step` (`-1.6009615384615383` at a step of
/// 0.0015 is `-1.601`); numbers beyond 1e15 in the shortest exponent form.
pub fn format_visible(v: f64, step: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 || !(step.is_finite() && step > 0.0) {
        return format!("{v:e}");
    }
    let decimals = (-step.log10()).ceil().clamp(0.0, 15.0) as usize;
    trim(format!("{v:.decimals$}"))
}

/// `v` to `digits` significant digits, shortest form (`h` of 1e-15 stays 1e-15).
pub fn format_significant(v: f64, digits: usize) -> String {
    if !v.is_finite() || v == 0.0 {
        return format!("{v}");
    }
    let rounded: f64 = format!("{v:.*e}", digits.saturating_sub(1)).parse().unwrap_or(v);
    format!("{rounded}")
}

/// Trailing zeros and a bare `-0` removed from a fixed-point number.
fn trim(mut s: String) -> String {
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// Writes numbers for a link: shortest text that reads back exactly.
pub fn format_numbers(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v}")).collect::<Vec<_>>().join(",")
}

/// The state as exact pairs, for restoring it after a trap: every number in full, and u as
/// its vector (`dir`), so nothing the learner set drifts in the last digit.
pub fn exact_pairs(app: &App) -> Vec<(String, String)> {
    pairs(app, true)
}

/// The share-link pairs of `app` (keys and raw values; the page percent-encodes them), numbers
/// rounded to what is visible.
pub fn link_pairs(app: &App) -> Vec<(String, String)> {
    pairs(app, false)
}

fn pairs(app: &App, exact: bool) -> Vec<(String, String)> {
    let text = app.session.text();
    // A refused over-long paste is not worth a megabyte of URL: the link keeps the function shown.
    let f = match app.session.model() {
        Some(m) if text.len() > crate::expr::lex::MAX_CHARS * 4 => m.parsed.text.clone(),
        _ => text.to_string(),
    };
    // Numbers to what is visible (a few decimals per pixel of the view, not 17 digits), or in full.
    let view = app.viewport.view;
    let step = visible_step(view);
    let coords = |values: &[f64]| {
        if exact {
            format_numbers(values)
        } else {
            values.iter().map(|&v| format_link_number(v, step)).collect::<Vec<_>>().join(",")
        }
    };
    let visible = |values: &[f64]| values.iter().map(|&v| format_visible(v, step)).collect::<Vec<_>>().join(",");
    let mut pairs = vec![
        ("f".to_string(), f),
        ("p".to_string(), coords(&app.selection.point)),
        ("view".to_string(), if exact { format_numbers(&view.as_array()) } else { visible(&view.as_array()) }),
    ];
    if app.n_vars() >= 2 {
        let u = app.selection.degrees();
        // u to a millionth of a degree: at 0.01° a shared D_u f = ∇f·u moved in its sixth digit
        // (u = [0.6, 0.8] is 53.130102°; 53.13 gave 2.36771 for 2.367706).
        pairs.push(("u".to_string(), if exact { format_numbers(&[u]) } else { format_visible(u, 1e-6) }));
        if exact {
            pairs.push(("dir".to_string(), format_numbers(&app.selection.direction())));
        }
    } else {
        let h = app.single.h;
        pairs.push(("h".to_string(), if exact { format_numbers(&[h]) } else { format_significant(h, 4) }));
    }
    if !app.lab.runs.is_empty() {
        let o = &app.lab.options;
        pairs.push(("start".into(), coords(&o.start)));
        pairs.push(("lr".into(), format_numbers(&[o.lr])));
        pairs.push(("steps".into(), o.steps.to_string()));
        pairs.push(("opt".into(), o.optimizers.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(",")));
    }
    if app.map_options.log_scale {
        pairs.push(("scale".to_string(), "log".to_string()));
    }
    if app.graph.open {
        pairs.push(("graph".to_string(), "1".to_string()));
    }
    pairs.extend(crate::app::surface::link_pairs(app, exact));
    if let Some(lab) = &app.regression {
        let flat: Vec<f64> = lab.points.iter().flatten().copied().collect();
        pairs.push(("data".to_string(), format_numbers(&flat)));
    }
    if app.embed {
        pairs.push(("embed".to_string(), "1".to_string()));
    }
    pairs.extend(app.lesson_pairs());
    pairs.extend(app.teacher.pairs());
    if let Some(theme) = app.appearance.chosen {
        pairs.push(("theme".to_string(), theme.as_str().to_string()));
    }
    pairs
}

/// Applies a share link's pairs (already percent-decoded) to `app`. Unknown keys are ignored;
/// bad values keep their defaults and leave a notice.
pub fn apply_link(app: &mut App, pairs: &[(String, String)]) {
    let pairs = &pairs[..pairs.len().min(MAX_KEYS)];
    let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    // A lesson's step sets the state first; the link's own values then say where the learner was.
    app.apply_lesson_link(get("lesson"), get("step"));
    app.apply_teacher_link(get("hide"), get("lock"));
    if let Some(f) = get("f") {
        let _ = app.set_expression(f);
    }
    if let Some(v) = get("data") {
        match parse_numbers(v, None).or_else(|e| if v.is_empty() { Ok(Vec::new()) } else { Err(e) }) {
            Ok(n) if n.len() % 2 == 0 => {
                let points: Vec<[f64; 2]> = n.chunks(2).map(|c| [c[0], c[1]]).collect();
                app.set_regression(&points);
            }
            Ok(_) => app.notices.push("ignored the link's data: it needs x,y pairs"),
            Err(e) => app.notices.push(format!("ignored the link's data: {e}")),
        }
    }
    match get("embed") {
        Some("1") => app.embed = true,
        Some("0") | None => app.embed = false,
        Some(_) => {
            app.embed = false;
            app.notices.push("ignored the link's embed: it is 1 or 0");
        }
    }
    match get("theme").map(|v| (v, crate::render::palette::Theme::from_id(v))) {
        Some((_, Some(theme))) => app.appearance.chosen = Some(theme),
        None => app.appearance.chosen = None,
        Some((_, None)) => app.notices.push("ignored the link's theme: it is light or dark"),
    }
    match get("scale") {
        Some("log") => app.map_options.log_scale = true,
        Some("linear") | None => app.map_options.log_scale = false,
        Some(_) => app.notices.push("ignored the link's scale: it is log or linear"),
    }
    if let Some(v) = get("view") {
        match parse_numbers(v, Some(4)) {
            Ok(n) => {
                let _ = app.set_view(n[0], n[1], n[2], n[3]);
            }
            Err(e) => app.notices.push(format!("ignored the link's view: {e}")),
        }
    }
    if let Some(v) = get("p") {
        match parse_numbers(v, None) {
            Ok(n) => {
                app.set_point(&n);
                let vars = app.n_vars().max(1);
                if n.len() != vars {
                    let numbers = if n.len() == 1 { "1 number".to_string() } else { format!("{} numbers", n.len()) };
                    let rest = if n.len() < vars { "the others kept their values" } else { "the extra ones were ignored" };
                    let variables = if vars == 1 { "1 variable".to_string() } else { format!("{vars} variables") };
                    app.notices.push(format!("the link's point has {numbers} for {variables}: {rest}"));
                }
            }
            Err(e) => app.notices.push(format!("ignored the link's point: {e}")),
        }
    }
    if let Some(v) = get("u") {
        match parse_numbers(v, Some(1)) {
            Ok(n) => app.set_direction(n[0]),
            Err(e) => app.notices.push(format!("ignored the link's direction: {e}")),
        }
    }
    // u as a vector (exact state pairs; also accepted in links): wins over `u`.
    if let Some(v) = get("dir") {
        match parse_numbers(v, Some(2)) {
            Ok(n) => app.set_direction_vector(n[0], n[1]),
            Err(e) => app.notices.push(format!("ignored the link's direction vector: {e}")),
        }
    }
    // The lab's keys start a run when any of them is present; a malformed one is reported
    // and left out, so the run uses its default.
    let mut request = DescentRequest::default();
    let mut any = false;
    let mut number = |app: &mut App, key: &str| -> Option<f64> {
        let v = get(key)?;
        any = true;
        match parse_numbers(v, Some(1)) {
            Ok(n) => Some(n[0]),
            Err(e) => {
                app.notices.push(format!("ignored the link's {key}: {e}"));
                None
            }
        }
    };
    let lr = number(app, "lr");
    request.steps = number(app, "steps");
    request.shared = SettingsRequest { lr, ..SettingsRequest::default() };
    if let Some(v) = get("start") {
        any = true;
        match parse_numbers(v, None) {
            Ok(n) => request.start = Some(n),
            Err(e) => app.notices.push(format!("ignored the link's start: {e}")),
        }
    }
    if let Some(v) = get("opt") {
        any = true;
        request.optimizers = Some(v.split(',').take(MAX_OPTIMIZER_IDS).map(str::to_string).collect());
    }
    if any {
        if let Err(e) = app.run_descent(&request) {
            app.notices.push(format!("ignored the link's descent settings: {e}"));
        }
    }
    match get("graph") {
        Some("1") => app.show_graph(true),
        Some("0") => app.show_graph(false),
        None => {}
        Some(_) => app.notices.push("ignored the link's graph: it is 1 (open) or 0"),
    }
    crate::app::surface::apply_link(app, &get);
    if let Some(v) = get("h") {
        match parse_numbers(v, Some(1)) {
            Ok(n) => {
                let _ = app.set_h(n[0]);
            }
            Err(e) => app.notices.push(format!("ignored the link's h: {e}")),
        }
    }
}

impl App {
    /// The share-link pairs (see [`link_pairs`]).
    pub fn link_pairs(&self) -> Vec<(String, String)> {
        link_pairs(self)
    }

    /// The exact state pairs (see [`exact_pairs`]).
    pub fn exact_pairs(&self) -> Vec<(String, String)> {
        exact_pairs(self)
    }

    /// Applies a share link's pairs (see [`apply_link`]).
    pub fn apply_link(&mut self, pairs: &[(String, String)]) {
        apply_link(self, pairs);
    }
}

/// Most optimizer ids read from one link (there are five; a longer list only repeats them).
const MAX_OPTIMIZER_IDS: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_with_counts_and_refuse_junk() {
        assert_eq!(parse_numbers("1,2", Some(2)), Ok(vec![1.0, 2.0]));
        assert_eq!(parse_numbers(" -1.5 , 2e3", None), Ok(vec![-1.5, 2000.0]));
        assert!(parse_numbers("1,2,3", Some(2)).is_err());
        assert!(parse_numbers("1,NaN", None).is_err());
        assert!(parse_numbers("inf", None).is_err());
        assert!(parse_numbers("<script>", None).is_err());
        assert!(parse_numbers("", None).is_err());
        assert!(parse_numbers(&"1,".repeat(3000), None).is_err());
    }

    #[test]
    fn numbers_round_trip() {
        let v = [0.1, -2.0, 1e-300, 123456.789];
        assert_eq!(parse_numbers(&format_numbers(&v), Some(4)), Ok(v.to_vec()));
    }

    #[test]
    fn links_round_numbers_to_what_is_visible() {
        // Issue 13: p=-1.6009615384615383 → p=-1.601 in a view 6 wide.
        assert_eq!(format_visible(-1.6009615384615383, 6.0 / VISIBLE_STEPS), "-1.601");
        assert_eq!(format_visible(2.0, 0.0015), "2");
        assert_eq!(format_visible(-0.0001, 0.0015), "0");
        assert_eq!(format_visible(4e307, 1e12), "4e307");
        assert_eq!(format_significant(0.012345678, 4), "0.01235");
        assert_eq!(format_significant(1e-15, 4), "0.000000000000001");
        let mut app = App::new();
        app.set_point(&[-1.6009615384615383, 2.0000000001]);
        let pairs = app.link_pairs();
        let p = pairs.iter().find(|(k, _)| k == "p").map(|(_, v)| v.as_str());
        assert_eq!(p, Some("-1.601,2"));
    }

    #[test]
    fn a_placed_point_is_where_its_link_puts_it_after_a_zoom_out() {
        // The walk's case: x²y + sin(xy), a click at (0.6545…, 0.6891…) in a view 6 wide.
        let mut app = App::new();
        app.set_expression("x^2 y + sin(x y)").expect("parses");
        app.set_view(-3.0, 3.0, -3.0, 3.0).expect("a view");
        let view = app.view();
        app.set_point(&[on_visible_grid(0.654_527_3, view), on_visible_grid(0.689_113_8, view)]);
        assert_eq!(app.selection.point, vec![0.655, 0.689]);
        // Zoomed out, the link's resolution is coarser, but the placed point is written in full.
        app.set_view(-30.0, 30.0, -30.0, 30.0).expect("a view");
        let pairs = app.link_pairs();
        let mut opened = App::new();
        opened.apply_link(&pairs);
        assert_eq!(opened.selection.point, app.selection.point);
        assert_eq!(format_link_number(0.655, 0.015), "0.655");
        assert_eq!(format_link_number(123.4567, 1.0), "123.4567");
        assert_eq!(format_link_number(1.23456789, 0.0015), "1.235");
        assert_eq!(format_link_number(2.0000000001, 0.0015), "2");
    }

    #[test]
    fn embed_round_trips_through_the_link_and_the_exact_pairs() {
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let mut app = App::new();
        assert!(!app.link_pairs().iter().any(|(k, _)| k == "embed"), "no key when not embedded");
        app.apply_link(&[pair("f", "x^2"), pair("embed", "1")]);
        assert!(app.snapshot().embed);
        for pairs in [app.link_pairs(), app.exact_pairs()] {
            assert!(pairs.contains(&pair("embed", "1")), "{pairs:?}");
            let mut again = App::new();
            again.apply_link(&pairs);
            assert!(again.snapshot().embed);
            assert_eq!(again.link_pairs(), app.link_pairs());
        }
        app.apply_link(&[pair("embed", "<script>")]);
        assert!(!app.snapshot().embed);
        assert!(app.snapshot().notices.iter().any(|n| n.contains("embed")));
    }
}
