//! Fuzz target `expr`: any text → parse → derivatives → tapes → evaluation → printing, then the
//! same text through the whole [`App`] (snapshot and, for short texts, a full map or graph scene).
//!
//! Nothing may panic, hang or allocate without bound, whatever the learner types. Only finite
//! or NaN/inf *values* are allowed as results: the checks here are about shape (one gradient
//! entry per variable, an n × n Hessian, printable partials), not about the numbers.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nabla::app::App;
use nabla::expr::print::{to_mathml, to_text};
use nabla::eval::model::Model;

/// Coordinates tried at every point: ordinary, zero, tiny, huge and undefined inputs.
const COORDS: [f64; 7] = [0.0, 1.0, -1.5, 1e-300, 1e300, f64::INFINITY, f64::NAN];

/// Texts up to this many bytes also get a scene. A scene samples and contours a whole canvas
/// (about 13 ms at 800 × 600, twenty times the rest of this target), so every such text gets a
/// small canvas and one in [`FULL_SCENE_EVERY`] (chosen by a hash of the text, so a crash
/// reproduces) the page's real 800 × 600.
const SCENE_MAX_LEN: usize = 40;
/// See [`SCENE_MAX_LEN`].
const FULL_SCENE_EVERY: u64 = 16;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    model_checks(&text);
    app_checks(&text);
});

/// The model alone: tapes agree in shape with the variables, and printing never fails.
fn model_checks(text: &str) {
    let Ok(mut model) = Model::new(text) else { return };
    let n = model.n_vars();
    assert_eq!(model.parsed.vars.len(), n);
    assert_eq!(model.derivatives.gradient.len(), n);
    assert_eq!(model.partial_texts.len(), n);
    assert_eq!(model.partial_mathml.len(), n);
    for (k, &c) in COORDS.iter().enumerate() {
        // Vary the coordinates between variables so mixed points are tried too.
        let point: Vec<f64> = (0..n).map(|i| if i % 2 == 0 { c } else { COORDS[(k + i) % COORDS.len()] }).collect();
        let (_value, grad) = model.value_grad_at(&point);
        assert_eq!(grad.len(), n, "gradient length for {text:?}");
        let hessian = model.hessian_at(&point);
        if n > 0 {
            assert_eq!(hessian.len(), n, "hessian rows for {text:?}");
            assert!(hessian.iter().all(|row| row.len() == n), "hessian columns for {text:?}");
        }
        let _ = model.value_at(&point);
    }
    let names = &model.parsed.vars;
    for g in &model.derivatives.gradient {
        let t = to_text(g, names);
        assert!(!t.is_empty(), "empty partial for {text:?}");
        let m = to_mathml(g, names);
        assert!(m.starts_with("<math"), "MathML for {text:?}: {m}");
    }
    for row in &model.derivatives.hessian {
        for h in row {
            let _ = to_text(h, names);
        }
    }
}

/// The whole app: a new expression, a point, the snapshot as JSON, and a scene.
fn app_checks(text: &str) {
    let mut app = App::new();
    let ok = app.set_expression(text).is_ok();
    let n = app.n_vars();
    app.set_point(&[0.5, -0.25, 2.0][..n.min(3)]);
    let snap = app.snapshot();
    if ok {
        assert_eq!(snap.vars.len(), n, "snapshot vars for {text:?}");
    }
    // state() is serialised for the page; that must not fail either.
    serde_json::to_string(&snap).expect("snapshot serialises");
    // regressions/expr/constant-graph-scene: a constant (`2`, `pi`) has no variable and must draw.
    if text.len() <= SCENE_MAX_LEN {
        let _ = app.scene(200.0, 150.0, 1.0);
        // FNV-1a: any cheap, stable hash will do.
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        if hash % FULL_SCENE_EVERY == 0 {
            let _ = app.scene(800.0, 600.0, 1.0);
        }
    }
}
