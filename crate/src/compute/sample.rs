//! Samples compiled functions over a view's grid, one batch per grid row.

use crate::eval::tape::{BatchScratch, Input, Tape};
use crate::compute::geometry::View;

/// One or more functions sampled on the same grid (see [`crate::compute::geometry`] for the layout).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Columns.
    pub nx: usize,
    /// Rows.
    pub ny: usize,
    /// `values[k]` is output k of the tape, `nx * ny` samples.
    pub values: Vec<Vec<f64>>,
}

/// Evaluates every output of `tape` (over variables x, y, then `others`) on an `nx × ny` grid.
pub fn sample_grid(tape: &Tape, view: &View, nx: usize, ny: usize, others: &[f64]) -> Grid {
    let mut grid = Grid { nx, ny, values: vec![vec![f64::NAN; nx * ny]; tape.n_outputs()] };
    sample_rows(tape, view, others, &mut grid, 0..ny);
    grid
}

/// Evaluates rows `rows` of `grid` (its `nx × ny` cells over `view`), leaving the others: a
/// grid can be filled a few rows at a time.
pub fn sample_rows(tape: &Tape, view: &View, others: &[f64], grid: &mut Grid, rows: std::ops::Range<usize>) {
    let (nx, ny) = (grid.nx, grid.ny);
    let n_out = tape.n_outputs().min(grid.values.len());
    let xs: Vec<f64> = (0..nx).map(|i| view.grid_x(i as f64, nx)).collect();
    let mut row_out: Vec<Vec<f64>> = vec![vec![0.0; nx]; n_out];
    let mut scratch = BatchScratch::default();
    for j in rows.start..rows.end.min(ny) {
        let y = view.grid_y(j as f64, ny);
        let mut inputs = vec![Input::Row(&xs), Input::Uniform(y)];
        inputs.extend(others.iter().map(|&v| Input::Uniform(v)));
        {
            let mut outs: Vec<&mut [f64]> = row_out.iter_mut().map(|r| r.as_mut_slice()).collect();
            tape.eval_batch(&inputs, nx, &mut outs, &mut scratch);
        }
        for (k, row) in row_out.iter().enumerate() {
            grid.values[k][j * nx..(j + 1) * nx].copy_from_slice(row);
        }
    }
}

/// Grid size for a plot `width × height` pixels: about one sample per `cell_px` pixels, capped.
pub fn grid_size(width: f64, height: f64, cell_px: f64, max_side: usize) -> (usize, usize) {
    let side = |len: f64| ((len / cell_px.max(0.5)).ceil() as usize).clamp(2, max_side);
    (side(width), side(height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;

    #[test]
    fn grid_rows_run_bottom_to_top_with_x_fastest() {
        let parsed = parse("x + 10y").expect("parses");
        let mut tape = Tape::compile(&[&parsed.expr], 2);
        let view = View::new(0.0, 4.0, 0.0, 2.0).expect("valid");
        let grid = sample_grid(&mut tape, &view, 4, 2, &[]);
        // Cell centres: x = 0.5, 1.5, 2.5, 3.5; y = 0.5, 1.5.
        assert_eq!(grid.values[0], vec![5.5, 6.5, 7.5, 8.5, 15.5, 16.5, 17.5, 18.5]);
    }

    #[test]
    fn extra_variables_are_held_at_their_slice_values() {
        let parsed = parse("x + y + z").expect("parses");
        let mut tape = Tape::compile(&[&parsed.expr], 3);
        let view = View::new(0.0, 2.0, 0.0, 2.0).expect("valid");
        let grid = sample_grid(&mut tape, &view, 2, 2, &[100.0]);
        assert_eq!(grid.values[0], vec![101.0, 102.0, 102.0, 103.0]);
    }
}
