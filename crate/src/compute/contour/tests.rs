//! Tests of `contour`.

use super::*;
use proptest::prelude::*;

/// Sorts polylines so tests can compare sets of lines whose output order is unspecified.
fn sorted(mut lines: Vec<Vec<[f64; 2]>>) -> Vec<Vec<[f64; 2]>> {
    lines.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    lines
}

/// A 2×2 grid `[bl, br, tl, tr]` for a case number: above corners get 4, below get 0.
fn case_grid(case: usize) -> Vec<f64> {
    let v = |bit: usize| if case & bit != 0 { 4.0 } else { 0.0 };
    vec![v(1), v(2), v(8), v(4)]
}

#[test]
fn all_sixteen_cases_on_a_2x2_grid() {
    // Level 1 between 0 and 4 crosses at 1/4 from the low end: computed by hand per case,
    // oriented with the above side on the left.
    let expected: [Vec<Vec<[f64; 2]>>; 16] = [
        vec![],
        vec![vec![[0.75, 0.0], [0.0, 0.75]]],
        vec![vec![[1.0, 0.75], [0.25, 0.0]]],
        vec![vec![[1.0, 0.75], [0.0, 0.75]]],
        vec![vec![[0.25, 1.0], [1.0, 0.25]]],
        vec![vec![[0.75, 0.0], [1.0, 0.25]], vec![[0.25, 1.0], [0.0, 0.75]]],
        vec![vec![[0.25, 1.0], [0.25, 0.0]]],
        vec![vec![[0.25, 1.0], [0.0, 0.75]]],
        vec![vec![[0.0, 0.25], [0.75, 1.0]]],
        vec![vec![[0.75, 0.0], [0.75, 1.0]]],
        vec![vec![[0.0, 0.25], [0.25, 0.0]], vec![[1.0, 0.75], [0.75, 1.0]]],
        vec![vec![[1.0, 0.75], [0.75, 1.0]]],
        vec![vec![[0.0, 0.25], [1.0, 0.25]]],
        vec![vec![[0.75, 0.0], [1.0, 0.25]]],
        vec![vec![[0.0, 0.25], [0.25, 0.0]]],
        vec![],
    ];
    for (case, want) in expected.iter().enumerate() {
        let got = contour_lines(&case_grid(case), 2, 2, 1.0);
        assert_eq!(sorted(got), sorted(want.clone()), "case {case}");
    }
}

#[test]
fn saddle_five_follows_the_centre_average() {
    // Centre average -1 < 0: the two above corners are cut off separately.
    let low = contour_lines(&[1.0, -3.0, -3.0, 1.0], 2, 2, 0.0);
    assert_eq!(sorted(low), vec![vec![[0.25, 0.0], [0.0, 0.25]], vec![[0.75, 1.0], [1.0, 0.75]]]);
    // Centre average 1 > 0: the above corners connect, the below corners are cut off.
    let high = contour_lines(&[3.0, -1.0, -1.0, 3.0], 2, 2, 0.0);
    assert_eq!(sorted(high), vec![vec![[0.25, 1.0], [0.0, 0.75]], vec![[0.75, 0.0], [1.0, 0.25]]]);
}

#[test]
fn saddle_ten_follows_the_centre_average() {
    // [bl, br, tl, tr]: bottom-right and top-left above.
    let low = contour_lines(&[-3.0, 1.0, 1.0, -3.0], 2, 2, 0.0);
    assert_eq!(sorted(low), vec![vec![[0.0, 0.75], [0.25, 1.0]], vec![[1.0, 0.25], [0.75, 0.0]]]);
    let high = contour_lines(&[-1.0, 3.0, 3.0, -1.0], 2, 2, 0.0);
    assert_eq!(sorted(high), vec![vec![[0.0, 0.25], [0.25, 0.0]], vec![[1.0, 0.75], [0.75, 1.0]]]);
}

#[test]
fn saddle_tie_counts_as_above() {
    // Centre average exactly 0 == level: same pairing as the "above" resolution.
    let tie = contour_lines(&[1.0, -1.0, -1.0, 1.0], 2, 2, 0.0);
    assert_eq!(sorted(tie), vec![vec![[0.5, 0.0], [1.0, 0.5]], vec![[0.5, 1.0], [0.0, 0.5]]]);
}

#[test]
fn non_finite_cells_emit_nothing_and_lines_stop_at_them() {
    // 3×2 grid: the left cell is case 12, the right cell has a NaN corner.
    let v = [0.0, 0.0, 0.0, 4.0, 4.0, f64::NAN];
    assert_eq!(contour_lines(&v, 3, 2, 1.0), vec![vec![[0.0, 0.25], [1.0, 0.25]]]);
    let inf = [0.0, 0.0, 0.0, 4.0, 4.0, f64::INFINITY];
    assert_eq!(contour_lines(&inf, 3, 2, 1.0), vec![vec![[0.0, 0.25], [1.0, 0.25]]]);
    assert!(contour_lines(&[f64::NAN; 4], 2, 2, 0.0).is_empty());
    assert!(contour_lines(&[0.0, 1.0, 2.0, 3.0], 2, 2, f64::NAN).is_empty());
}

#[test]
fn closed_loop_around_a_peak() {
    let v = [0.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0];
    let lines = contour_lines(&v, 3, 3, 1.0);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line.len(), 5);
    assert_eq!(line.first(), line.last());
    // Counter-clockwise around the peak (above on the left), from some starting point.
    let ring = [[1.0, 0.25], [1.75, 1.0], [1.0, 1.75], [0.25, 1.0]];
    let start = ring.iter().position(|p| *p == line[0]).expect("start on the ring");
    for (k, p) in line.iter().take(4).enumerate() {
        assert_eq!(*p, ring[(start + k) % 4]);
    }
}

#[test]
fn levels_outside_the_data_give_nothing() {
    let v = [0.0, 1.0, 2.0, 3.0];
    assert!(contour_lines(&v, 2, 2, 10.0).is_empty());
    assert!(contour_lines(&v, 2, 2, -10.0).is_empty());
    assert!(contour_lines(&[2.0; 9], 3, 3, 2.0).is_empty());
}

#[test]
fn isolated_corner_exactly_at_the_level_gives_nothing() {
    // The four crossings all land on the centre vertex; the collapsed loop is dropped.
    let v = [0.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0];
    assert!(contour_lines(&v, 3, 3, 4.0).is_empty());
}

#[test]
fn line_through_vertices_exactly_at_the_level_has_no_repeats() {
    // f = i on a 3×3 grid: level 1 runs along column 1, through three vertices.
    let v = [0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0];
    assert_eq!(contour_lines(&v, 3, 3, 1.0), vec![vec![[1.0, 2.0], [1.0, 1.0], [1.0, 0.0]]]);
    let w: Vec<f64> = v.iter().map(|x| -x).collect();
    assert_eq!(contour_lines(&w, 3, 3, -1.0), vec![vec![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]]);
}

#[test]
fn circle_stitches_into_one_closed_polyline() {
    let n = 50;
    let coord = |k: usize| -1.0 + 2.0 * k as f64 / (n - 1) as f64;
    let v: Vec<f64> = (0..n * n).map(|k| coord(k % n).powi(2) + coord(k / n).powi(2)).collect();
    let lines = contour_lines(&v, n, n, 0.5);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line.first(), line.last());
    assert!(line.len() > 60, "{} points", line.len());
    let (c, r) = (24.5, 0.5f64.sqrt() * 24.5);
    for p in line {
        let d = (p[0] - c).hypot(p[1] - c);
        assert!((d - r).abs() < 0.1, "point {p:?} at radius {d}");
    }
    // Above (outside) on the left means the loop runs clockwise: negative signed area.
    let area: f64 = line.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum::<f64>() / 2.0;
    assert!((area + std::f64::consts::PI * r * r).abs() < 2.0, "area {area}");
}

#[test]
fn open_lines_end_on_the_border() {
    // A circle centred on the left border is cut in half: one open arc, both ends at i == 0.
    let (nx, ny) = (20, 21);
    let v: Vec<f64> = (0..nx * ny).map(|k| ((k % nx) as f64).powi(2) + ((k / nx) as f64 - 10.0).powi(2)).collect();
    let lines = contour_lines(&v, nx, ny, 49.0);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    // Outside (above) on the left: the arc runs clockwise, from the top end to the bottom end.
    assert_eq!(line.first(), Some(&[0.0, 17.0]));
    assert_eq!(line.last(), Some(&[0.0, 3.0]));
}

#[test]
fn levels_match_single_level_calls() {
    let v = [0.0, 1.0, 2.0, 1.0, 3.0, 1.0, 2.0, 1.0, 0.0];
    let levels = [2.5, 0.5, f64::NAN, 1.5, 0.5];
    let all = contour_levels(&v, 3, 3, &levels);
    assert_eq!(all.len(), 5);
    for (curves, &level) in all.iter().zip(&levels) {
        assert_eq!(curves.level.to_bits(), level.to_bits());
        assert_eq!(curves.lines, contour_lines(&v, 3, 3, level));
    }
    assert!(all[2].lines.is_empty());
    assert!(!all[0].lines.is_empty() && !all[3].lines.is_empty());
    assert_eq!(all[1].lines, all[4].lines);
}

#[test]
fn more_levels_than_one_sweep_holds() {
    // 600 levels need three sweeps of 254; each must still match its single-level result.
    let v: Vec<f64> = (0..36).map(|k| f64::from((k * 7 % 11) as u8)).collect();
    let levels: Vec<f64> = (0..600).map(|k| f64::from(k) / 60.0).collect();
    let all = contour_levels(&v, 6, 6, &levels);
    assert_eq!(all.len(), 600);
    for k in [0, 1, 253, 254, 255, 300, 507, 508, 599] {
        assert_eq!(all[k].lines, contour_lines(&v, 6, 6, levels[k]), "level {k}");
    }
    assert!(all.iter().any(|c| !c.lines.is_empty()));
}

#[test]
fn degenerate_input_gives_nothing() {
    assert!(contour_lines(&[], 0, 0, 0.0).is_empty());
    assert!(contour_lines(&[0.0, 1.0], 1, 2, 0.5).is_empty());
    assert!(contour_lines(&[0.0, 1.0], 2, 1, 0.5).is_empty());
    assert!(contour_lines(&[0.0, 1.0, 2.0], 2, 2, 0.5).is_empty());
    assert!(contour_lines(&[0.0, 1.0, 2.0, 3.0, 4.0], 2, 2, 0.5).is_empty());
    assert!(contour_lines(&[0.0; 4], usize::MAX, 2, 0.5).is_empty());
    assert!(contour_levels(&[0.0, 1.0, 2.0], 2, 2, &[0.5]).is_empty());
    assert!(contour_levels(&[0.0, 1.0, 2.0, 3.0], 2, 2, &[]).is_empty());
}

#[test]
fn nice_levels_for_some_ranges() {
    assert_eq!(nice_levels(0.0, 10.0, 5), vec![2.0, 4.0, 6.0, 8.0]);
    assert_eq!(nice_levels(-1.0, 1.0, 4), vec![-0.5, 0.0, 0.5]);
    assert_eq!(nice_levels(0.0, 100.0, 4), vec![20.0, 40.0, 60.0, 80.0]);
    assert_eq!(nice_levels(0.0, 100.0, 3), vec![25.0, 50.0, 75.0]);
    assert_eq!(nice_levels(0.0, 1.0, 10), vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    assert_eq!(nice_levels(-0.3, 0.7, 2), vec![0.0, 0.5]);
    assert_eq!(nice_levels(3.2, 3.3, 1), vec![3.25]);
    assert!(nice_levels(-1.0, 1.0, 12).contains(&0.0));
}

#[test]
fn nice_levels_rejects_bad_input() {
    assert!(nice_levels(1.0, 1.0, 5).is_empty());
    assert!(nice_levels(2.0, 1.0, 5).is_empty());
    assert!(nice_levels(f64::NAN, 1.0, 5).is_empty());
    assert!(nice_levels(0.0, f64::INFINITY, 5).is_empty());
    assert!(nice_levels(0.0, 1.0, 0).is_empty());
    let many = nice_levels(0.0, 1.0, usize::MAX);
    assert!(!many.is_empty() && many.len() <= MAX_LEVELS);
    let huge = nice_levels(-1e308, 1e308, 1);
    assert_eq!(huge, vec![0.0]);
    let tiny = nice_levels(1.0, 1.0 + 4.0 * f64::EPSILON, 3);
    assert!(tiny.iter().all(|&v| v > 1.0 && v < 1.0 + 4.0 * f64::EPSILON));
}

#[test]
fn label_anchor_sits_halfway_along_the_longest_line() {
    let short = vec![[0.0, 0.0], [1.0, 0.0]];
    let bent = vec![[0.0, 1.0], [2.0, 1.0], [2.0, 3.0]];
    assert_eq!(label_anchor(&[short.clone(), bent]), Some([2.0, 1.0]));
    assert_eq!(label_anchor(&[short]), Some([0.5, 0.0]));
    assert_eq!(label_anchor(&[]), None);
    assert_eq!(label_anchor(&[vec![[1.0, 1.0]], vec![[2.0, 2.0], [2.0, 2.0]]]), None);
    assert_eq!(label_anchor(&[vec![[0.0, 0.0], [f64::NAN, 0.0], [4.0, 0.0]]]), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// On random grids (with some NaNs and exact hits), every output point is finite and in
    /// the grid, no polyline repeats a point consecutively, and every crossed edge between
    /// two valid cells is used: segment count equals the per-cell count from the case table.
    #[test]
    fn random_grids_give_clean_polylines(
        nx in 2usize..9, ny in 2usize..9,
        raw in proptest::collection::vec(-3i8..4, 81),
        level in -2i8..3,
        others in proptest::collection::vec(-5i8..6, 0..4),
    ) {
        let values: Vec<f64> = raw.iter().take(nx * ny)
            .map(|&r| if r == 3 { f64::NAN } else { f64::from(r) * 0.5 }).collect();
        let level = f64::from(level) * 0.5;
        let lines = contour_lines(&values, nx, ny, level);
        for line in &lines {
            prop_assert!(line.len() >= 2);
            for p in line {
                prop_assert!(p[0].is_finite() && p[1].is_finite());
                prop_assert!(p[0] >= 0.0 && p[0] <= (nx - 1) as f64);
                prop_assert!(p[1] >= 0.0 && p[1] <= (ny - 1) as f64);
            }
            for w in line.windows(2) {
                prop_assert!(w[0] != w[1]);
            }
        }
        if values.iter().all(|v| v.is_finite() && *v != level) {
            // With no exact hits nothing collapses: one segment per case-table entry.
            let mut expected = 0;
            for j in 0..ny - 1 {
                for i in 0..nx - 1 {
                    let k = j * nx + i;
                    let bit = |v: f64| usize::from(v >= level);
                    let case = bit(values[k]) | bit(values[k + 1]) << 1
                        | bit(values[k + nx + 1]) << 2 | bit(values[k + nx]) << 3;
                    expected += usize::from(CASE_COUNT[case]);
                }
            }
            let got: usize = lines.iter().map(|l| l.len() - 1).sum();
            prop_assert_eq!(got, expected);
        }
        // Sweeping several levels at once gives exactly the single-level results.
        let mut levels: Vec<f64> = others.iter().map(|&o| f64::from(o) * 0.5).collect();
        levels.push(level);
        let all = contour_levels(&values, nx, ny, &levels);
        prop_assert_eq!(all.len(), levels.len());
        for c in &all {
            prop_assert_eq!(&c.lines, &contour_lines(&values, nx, ny, c.level));
        }
    }
}

#[test]
fn thinning_keeps_the_fewest_evenly_spaced_levels_that_fit() {
    // Twelve levels of 10 points: all fit 120, every third (centred: 1, 4, 7, 10) fits 40.
    assert_eq!(thinning(&[10; 12], 120), Some((1, 0)));
    assert_eq!(thinning(&[10; 12], 40), Some((3, 1)));
    // One level alone is the middle one; none fits when that one is over.
    assert_eq!(thinning(&[10; 12], 10), Some((12, 5)));
    assert_eq!(thinning(&[10; 12], 9), None);
    // The middle level alone too big: the smallest level that fits, alone.
    assert_eq!(thinning(&[9, 5, 50, 7], 8), Some((4, 1)));
    assert_eq!(thinning(&[], 0), Some((1, 0)));
}

/// A grid that varies faster than its cells: every cell is crossed by most levels.
fn noise(nx: usize, ny: usize) -> Vec<f64> {
    (0..nx * ny).map(|k| ((k as f64) * 12.9898).sin() * 43758.5453 % 1.0).collect()
}

#[test]
fn levels_within_a_budget_are_the_kept_levels_of_the_full_contouring() {
    let (nx, ny) = (120, 90);
    let values = noise(nx, ny);
    let levels: Vec<f64> = (0..12).map(|k| -0.9 + 0.15 * k as f64).collect();
    let all = contour_levels(&values, nx, ny, &levels);
    let points = |ls: &[LevelCurves]| ls.iter().map(|l| l.lines.iter().map(Vec::len).sum::<usize>()).sum::<usize>();
    let total = points(&all);
    assert!(total > 30_000, "the noise crosses every level often: {total} points");
    let budget = total / 4;
    let kept = contour_levels_within(&values, nx, ny, &levels, budget);
    assert!(!kept.is_empty() && kept.len() < levels.len());
    // Segments bound points from below (a line of n segments has n + 1 points, at most twice),
    // so the kept curves may exceed the budget only by their number of lines.
    let lines: usize = kept.iter().map(|l| l.lines.len()).sum();
    assert!(points(&kept) <= budget + lines, "{} points for a budget of {budget}", points(&kept));
    // Evenly spaced, and each exactly the full contouring's curves at that level.
    let index: Vec<usize> = kept.iter().map(|l| levels.iter().position(|&x| x == l.level).unwrap()).collect();
    let stride = index[1] - index[0];
    assert!(index.windows(2).all(|w| w[1] - w[0] == stride), "{index:?}");
    for (l, &i) in kept.iter().zip(&index) {
        assert_eq!(sorted(l.lines.clone()), sorted(all[i].lines.clone()), "level {i}");
    }
    // Within a generous budget nothing changes.
    let whole = contour_levels_within(&values, nx, ny, &levels, usize::MAX);
    assert_eq!(whole.len(), levels.len());
    for (a, b) in whole.iter().zip(&all) {
        assert_eq!(a.level, b.level);
        assert_eq!(sorted(a.lines.clone()), sorted(b.lines.clone()));
    }
}
