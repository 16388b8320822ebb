//! Fuzz target `scene`: any text through the whole [`App`]: expression, point, `snapshot()` as
//! JSON and, for short texts, a full map or graph scene. Slower than `expr` (a scene samples and
//! contours a whole canvas), so it has its own target and `expr` stays fast.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nabla::app::App;

/// Texts up to this many bytes also get a scene. A scene samples and contours a whole canvas
/// (about 13 ms at 800 × 600, twenty times the rest of this target), so every such text gets a
/// small canvas and one in [`FULL_SCENE_EVERY`] (chosen by a hash of the text, so a crash
/// reproduces) the page's real 800 × 600.
const SCENE_MAX_LEN: usize = 40;
/// See [`SCENE_MAX_LEN`].
const FULL_SCENE_EVERY: u64 = 16;

fuzz_target!(|data: &[u8]| {
    app_checks(&String::from_utf8_lossy(data));
});

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
    // regressions/scene/constant-graph-scene: a constant (`2`, `pi`) has no variable and must draw.
    if text.len() <= SCENE_MAX_LEN {
        let _ = app.scene(200.0, 150.0, 1.0);
        // The work left for later (a map completed in row slices, the critical-point search)
        // must finish, and within a bound.
        let mut slices = 0;
        while app.refine() {
            slices += 1;
            assert!(slices < 100_000, "refine never finishes for {text:?}");
        }
        let _ = app.scene(200.0, 150.0, 1.0);
        // FNV-1a: any cheap, stable hash will do.
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        if hash % FULL_SCENE_EVERY == 0 {
            let _ = app.scene(800.0, 600.0, 1.0);
        }
    }
}
