//! Entry points for the in-browser benchmark page (www/bench.html, issue 7): grid evaluation and
//! contouring exactly as the map does them, callable from JavaScript so the page can time them
//! against math.js and d3-contour on the same grid in the same page.
//!
//! Nothing here reads a clock: the page times calls with `performance.now()`, and each call runs
//! its work `reps` times and returns a checksum, so the optimiser cannot drop the work and one
//! timed call is long enough to measure.

use wasm_bindgen::prelude::*;

use crate::compute::contour::{contour_levels, nice_levels};
use crate::compute::geometry::View;
use crate::eval::model::Model;
use crate::compute::sample::sample_grid;

/// One function compiled once (parse, derivatives, tapes) and a grid to sample it on: the page
/// keeps it so that only the sampling is timed, as math.js's `compile()` is kept.
#[wasm_bindgen]
pub struct BenchFunction {
    model: Model,
    view: View,
    nx: usize,
    ny: usize,
    /// Values of the third and later variables (the slice), empty for two variables.
    others: Vec<f64>,
}

#[wasm_bindgen]
impl BenchFunction {
    /// Compiles `text` for an `nx × ny` grid over `view` = `[xmin, xmax, ymin, ymax]`; `z` is
    /// the slice value given to every variable after the first two.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, view: &[f64], nx: u32, ny: u32, z: f64) -> Result<BenchFunction, JsError> {
        let model = Model::new(text).map_err(|e| JsError::new(&e.to_string()))?;
        if model.n_vars() < 2 {
            return Err(JsError::new("the benchmark needs a function of two or more variables"));
        }
        let &[xmin, xmax, ymin, ymax] = view else {
            return Err(JsError::new("the view must be [xmin, xmax, ymin, ymax]"));
        };
        let view = View::new(xmin, xmax, ymin, ymax).map_err(|e| JsError::new(&e))?;
        if nx < 2 || ny < 2 {
            return Err(JsError::new("the grid needs at least 2 × 2 samples"));
        }
        let others = vec![z; model.n_vars() - 2];
        Ok(BenchFunction { model, view, nx: nx as usize, ny: ny as usize, others })
    }

    /// The variables in the order the tape takes them, comma-separated (x and y first).
    pub fn vars(&self) -> String {
        self.model.parsed.vars.join(",")
    }

    /// Grid x coordinates (cell centres), exactly those `sample_grid` uses.
    pub fn xs(&self) -> Vec<f64> {
        (0..self.nx).map(|i| self.view.grid_x(i as f64, self.nx)).collect()
    }

    /// Grid y coordinates (cell centres, bottom row first).
    pub fn ys(&self) -> Vec<f64> {
        (0..self.ny).map(|j| self.view.grid_y(j as f64, self.ny)).collect()
    }

    /// Samples the grid `reps` times as the map does; returns the sum of the finite values of
    /// the last pass (a checksum that keeps the work observable).
    pub fn run(&mut self, reps: u32) -> f64 {
        let mut checksum = 0.0;
        for _ in 0..reps.max(1) {
            let grid = sample_grid(&mut self.model.value, &self.view, self.nx, self.ny, &self.others);
            checksum = grid.values.first().map(|v| v.iter().filter(|x| x.is_finite()).sum()).unwrap_or(f64::NAN);
        }
        checksum
    }

    /// The sampled values, row by row from the bottom (x fastest), for checking against the
    /// baseline and for the contour benchmark.
    pub fn values(&mut self) -> Vec<f64> {
        let mut grid = sample_grid(&mut self.model.value, &self.view, self.nx, self.ny, &self.others);
        grid.values.pop().unwrap_or_default()
    }
}

/// `count` nice contour levels strictly inside the finite range of `values`, as the map picks
/// them (so the baseline can be handed the very same thresholds).
#[wasm_bindgen]
pub fn bench_levels(values: &[f64], count: u32) -> Vec<f64> {
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    nice_levels(lo, hi, count as usize)
}

/// Contours all `levels` of the `nx × ny` grid `values` in one sweep, `reps` times (the values
/// are copied into wasm memory once per call, so many reps hide the copy). Returns the number of
/// vertices of the last pass, to compare with the baseline's and keep the work observable.
#[wasm_bindgen]
pub fn bench_contour(values: &[f64], nx: u32, ny: u32, levels: &[f64], reps: u32) -> f64 {
    let mut vertices = 0usize;
    for _ in 0..reps.max(1) {
        let curves = contour_levels(values, nx as usize, ny as usize, levels);
        vertices = curves.iter().flat_map(|c| c.lines.iter()).map(Vec::len).sum();
    }
    vertices as f64
}

/// Parses `text`, differentiates it in every variable and prints each simplified partial (what
/// math.js's `simplify(derivative(text, v))` and `toString()` do), `reps` times; returns the
/// partials of the last run, one per line.
#[wasm_bindgen]
pub fn bench_derivatives(text: &str, reps: u32) -> Result<String, JsError> {
    let mut printed = Vec::new();
    for _ in 0..reps.max(1) {
        let parsed = crate::expr::parse(text).map_err(|e| JsError::new(&e.to_string()))?;
        let d = crate::expr::derivatives(&parsed).map_err(|e| JsError::new(&e.to_string()))?;
        printed = d.shown.iter().map(|g| crate::expr::print::to_text(g, &parsed.vars)).collect();
    }
    Ok(printed.join("\n"))
}
