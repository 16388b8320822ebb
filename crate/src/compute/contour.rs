//! Level curves of a sampled scalar field: marching squares, stitching into polylines, nice level values and label anchors.
//!
//! Algorithm: marching squares with linear interpolation along cell edges, as in
//! Wikipedia "Marching squares" (<https://en.wikipedia.org/wiki/Marching_squares>) and
//! d3-contour (<https://github.com/d3/d3-contour>, `contours.js`). Unlike d3-contour we do not
//! pad the grid, so we produce open lines that stop at the border instead of closed isobands.
//!
//! Conventions: the grid is row-major with x fastest (`values[j * nx + i]`), row 0 at ymin.
//! Output points are in grid coordinates `[i, j]` (fractional column, fractional row); the caller
//! maps them to world or pixel space. A corner is "above" when `value >= level` and "below"
//! otherwise, everywhere, so every crossed edge is crossed exactly once; crossings that land on
//! the same corner (a value exactly at the level) are merged, so no zero-length segment survives.
//! Known limit: a ridge of values exactly at the level with lower values on both sides is the
//! boundary of both neighbouring cells, so it is traced twice (once each way).

/// "No successor" in `Scratch::next`, which stores successor edge ids plus one so that a fresh
/// table is all zeros (a zeroed allocation is nearly free, which matters for one-level calls).
const NONE: u32 = 0;

/// Most levels `nice_levels` will return, whatever `count` asks for.
const MAX_LEVELS: usize = 1000;

/// Cell edges, local to one cell: bottom (row j), right (column i+1), top (row j+1), left (column i).
const B: u8 = 0;
const R: u8 = 1;
const T: u8 = 2;
const L: u8 = 3;

/// Segments per case as `(from edge, to edge)` pairs, oriented so the "above" side is on the left
/// of the direction of travel (so each crossed edge is the start of exactly one segment and the
/// end of exactly one, which makes stitching a linked-list walk).
/// Case bits: 1 = bottom-left (i, j), 2 = bottom-right (i+1, j), 4 = top-right (i+1, j+1),
/// 8 = top-left (i, j+1), each set when that corner is above the level (Wikipedia's numbering).
/// Saddles 5 and 10 list the "centre below" pairing here; `SADDLE_CENTRE_ABOVE` holds the other.
const CASES: [[(u8, u8); 2]; 16] = [
    [(B, B), (B, B)], // 0: all below, no segment (count 0 in CASE_COUNT)
    [(B, L), (B, B)], // 1: bottom-left above
    [(R, B), (B, B)], // 2: bottom-right above
    [(R, L), (B, B)], // 3: bottom row above
    [(T, R), (B, B)], // 4: top-right above
    [(B, L), (T, R)], // 5: saddle, bottom-left and top-right above, centre below: two separate corners
    [(T, B), (B, B)], // 6: right column above
    [(T, L), (B, B)], // 7: all but top-left above
    [(L, T), (B, B)], // 8: top-left above
    [(B, T), (B, B)], // 9: left column above
    [(R, B), (L, T)], // 10: saddle, bottom-right and top-left above, centre below: two separate corners
    [(R, T), (B, B)], // 11: all but top-right above
    [(L, R), (B, B)], // 12: top row above
    [(B, R), (B, B)], // 13: all but bottom-right above
    [(L, B), (B, B)], // 14: all but bottom-left above
    [(B, B), (B, B)], // 15: all above, no segment
];

/// Number of segments in each row of `CASES`.
const CASE_COUNT: [u8; 16] = [0, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 0];

/// Saddle pairings when the cell-centre average is above the level: the two above corners join,
/// so the segments cut off the two below corners instead (index 0 = case 5, 1 = case 10).
const SADDLE_CENTRE_ABOVE: [[(u8, u8); 2]; 2] = [
    [(B, R), (T, L)], // 5: cut off bottom-right and top-left
    [(L, B), (R, T)], // 10: cut off bottom-left and top-right
];


/// Band value for a vertex that is not finite; above any real band since chunks hold fewer levels.
const INVALID: u8 = u8::MAX;

/// Levels handled per pass, so a vertex's band (count of levels at or below it) fits in a `u8`
/// below `INVALID`.
const LEVELS_PER_PASS: usize = INVALID as usize - 1;

/// The curves of one level, as produced by [`contour_levels`].
#[derive(Clone, Debug, PartialEq)]
pub struct LevelCurves {
    /// The level value these curves trace.
    pub level: f64,
    /// Polylines in grid coordinates; closed loops repeat their first point at the end.
    pub lines: Vec<Vec<[f64; 2]>>,
}

/// Buffers for contouring one grid at many levels, shared by all levels of one call.
#[derive(Debug, Default)]
struct Scratch {
    /// Per vertex: how many of the sorted levels it is at or above, or `INVALID`.
    band: Vec<u8>,
    /// Per global edge: the successor edge id plus one, or `NONE`.
    next: Vec<u32>,
    /// Per global edge: whether some segment ends on it (so it is not the start of an open line).
    has_prev: Vec<bool>,
    /// Per sorted level: its segments as `(from edge, to edge)`, in cell order.
    segments: Vec<Vec<(u32, u32)>>,
}

/// Grid shape and edge numbering: horizontal edges `(i, j)-(i+1, j)` first, numbered
/// `j * (nx - 1) + i`, then vertical edges `(i, j)-(i, j+1)`, numbered `h + j * nx + i`.
#[derive(Clone, Copy, Debug)]
struct Grid {
    nx: usize,
    ny: usize,
    /// Number of horizontal edges, `(nx - 1) * ny`.
    h: usize,
    /// Total number of edges.
    edges: usize,
}

impl Grid {
    /// Validates the shape; `None` for grids too small to hold a cell, mismatched lengths, or
    /// grids whose edge count does not fit the `u32` edge ids.
    fn new(len: usize, nx: usize, ny: usize) -> Option<Grid> {
        if nx < 2 || ny < 2 || nx.checked_mul(ny)? != len {
            return None;
        }
        let h = (nx - 1).checked_mul(ny)?;
        let v = nx.checked_mul(ny - 1)?;
        let edges = h.checked_add(v)?;
        // Edge ids are stored plus one in a u32.
        if edges >= u32::MAX as usize {
            return None;
        }
        Some(Grid { nx, ny, h, edges })
    }

    /// Global id of local edge `e` of cell `(i, j)`.
    #[inline]
    fn edge_id(&self, i: usize, j: usize, e: u8) -> u32 {
        let id = match e {
            B => j * (self.nx - 1) + i,
            T => (j + 1) * (self.nx - 1) + i,
            L => self.h + j * self.nx + i,
            _ => self.h + j * self.nx + i + 1,
        };
        id as u32
    }

    /// The two vertex indices an edge joins (lower-index end first).
    #[inline]
    fn edge_ends(&self, edge: u32) -> (usize, usize) {
        let e = edge as usize;
        if e < self.h {
            let (j, i) = (e / (self.nx - 1), e % (self.nx - 1));
            let a = j * self.nx + i;
            (a, a + 1)
        } else {
            let a = e - self.h;
            (a, a + self.nx)
        }
    }
}

/// Where the level crosses the segment from value `a` to value `b`, as a fraction in [0, 1];
/// halves the operands first so huge finite values cannot overflow to infinity.
#[inline]
fn crossing(a: f64, b: f64, level: f64) -> f64 {
    let t = (0.5 * level - 0.5 * a) / (0.5 * b - 0.5 * a);
    // The caller only asks about edges with one end above and one below, so b != a; the guard
    // still keeps a NaN out of drawing output if that ever changes.
    if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.5 }
}

impl Scratch {
    /// Sizes the buffers for `grid` and `levels` sorted levels.
    fn prepare(&mut self, grid: &Grid, levels: usize) {
        // `next` and `has_prev` are left clean by `trace`, so they only need allocating once.
        if self.next.len() != grid.edges {
            self.next = vec![NONE; grid.edges];
            self.has_prev = vec![false; grid.edges];
        }
        self.segments.resize_with(levels, Vec::new);
        self.segments.iter_mut().for_each(Vec::clear);
    }

    /// The point where `level` crosses `edge`, in grid coordinates.
    #[inline]
    fn point(grid: &Grid, values: &[f64], edge: u32, level: f64) -> [f64; 2] {
        let (a, b) = grid.edge_ends(edge);
        let (va, vb) = match (values.get(a), values.get(b)) {
            (Some(&va), Some(&vb)) => (va, vb),
            _ => return [0.0, 0.0],
        };
        let t = crossing(va, vb, level);
        let (i, j) = ((a % grid.nx) as f64, (a / grid.nx) as f64);
        if (edge as usize) < grid.h { [i + t, j] } else { [i, j + t] }
    }

    /// Marches every cell once for all `sorted` levels (ascending, finite, at most
    /// `LEVELS_PER_PASS`), collecting each level's segments. Each vertex gets its band (the
    /// number of levels it is at or above), so a cell crosses exactly the levels between its
    /// lowest and highest corner band, and the many cells crossing none cost one comparison.
    fn march(&mut self, grid: &Grid, values: &[f64], sorted: &[f64]) {
        self.prepare(grid, sorted.len());
        // "At or above" is `v >= level`, so a corner exactly at a level counts as above it.
        self.band.clear();
        self.band.extend(
            values.iter().map(|&v| if v.is_finite() { sorted.partition_point(|&level| level <= v) as u8 } else { INVALID }),
        );
        let nx = grid.nx;
        for j in 0..grid.ny - 1 {
            let (Some(row), Some(up)) = (self.band.get(j * nx..(j + 1) * nx), self.band.get((j + 1) * nx..(j + 2) * nx))
            else {
                return;
            };
            for i in 0..nx - 1 {
                let (bl, br, tr, tl) = (row[i], row[i + 1], up[i + 1], up[i]);
                let (lo, hi) = (bl.min(br).min(tr.min(tl)), bl.max(br).max(tr.max(tl)));
                // NaN policy: a cell with any non-finite corner emits nothing, so lines end at its edges.
                if lo == hi || hi == INVALID {
                    continue;
                }
                for k in lo..hi {
                    let (Some(&level), Some(out)) = (sorted.get(k as usize), self.segments.get_mut(k as usize)) else {
                        break;
                    };
                    let case = usize::from(bl > k) | usize::from(br > k) << 1 | usize::from(tr > k) << 2 | usize::from(tl > k) << 3;
                    let mut pairs = CASES[case];
                    if case == 5 || case == 10 {
                        // Saddle: the bilinear interpolant's value at the cell centre is the
                        // corner average; if it is at or above the level, the two above corners
                        // connect through the centre (d3-contour always picks one fixed pairing).
                        let c = j * nx + i;
                        let avg = 0.25 * values[c] + 0.25 * values[c + 1] + 0.25 * values[c + nx + 1] + 0.25 * values[c + nx];
                        if avg >= level {
                            pairs = SADDLE_CENTRE_ABOVE[usize::from(case == 10)];
                        }
                    }
                    for &(from, to) in pairs.iter().take(usize::from(CASE_COUNT[case])) {
                        out.push((grid.edge_id(i, j, from), grid.edge_id(i, j, to)));
                    }
                }
            }
        }
    }

    /// Stitches sorted level `k`'s segments into polylines, leaving `next` and `has_prev` clean.
    /// Segments are oriented, so every edge has at most one successor and one predecessor and
    /// stitching is a walk along `next`, keyed by edge id: no float comparison decides a join.
    fn trace(&mut self, grid: &Grid, values: &[f64], level: f64, k: usize) -> Vec<Vec<[f64; 2]>> {
        let Some(segments) = self.segments.get_mut(k).map(std::mem::take) else {
            return Vec::new();
        };
        for &(f, t) in &segments {
            self.next[f as usize] = t + 1;
            self.has_prev[t as usize] = true;
        }
        let mut lines = Vec::new();
        // Each segment is walked exactly once, so this bounds every walk below.
        let budget = segments.len() + 1;
        // Open lines first: they start on an edge nothing leads into (the border or a NaN cell).
        for &(start, _) in &segments {
            if self.has_prev[start as usize] || self.next[start as usize] == NONE {
                continue;
            }
            let line = self.walk(grid, values, level, start, budget, false);
            if line.len() >= 2 {
                lines.push(line);
            }
        }
        // Whatever is left forms closed loops.
        for &(start, _) in &segments {
            if self.next[start as usize] == NONE {
                continue;
            }
            let line = self.walk(grid, values, level, start, budget, true);
            if line.len() >= 2 {
                lines.push(line);
            }
        }
        for &(_, t) in &segments {
            self.has_prev[t as usize] = false;
        }
        // Hand the (now consumed) buffer back so its capacity is reused.
        if let Some(slot) = self.segments.get_mut(k) {
            *slot = segments;
            slot.clear();
        }
        lines
    }

    /// Follows `next` from `start`, consuming links; drops repeated points, which occur only
    /// where a corner equals the level exactly and several crossings land on that corner.
    fn walk(&mut self, grid: &Grid, values: &[f64], level: f64, start: u32, budget: usize, closed: bool) -> Vec<[f64; 2]> {
        let mut line: Vec<[f64; 2]> = Vec::new();
        let push = |p: [f64; 2], line: &mut Vec<[f64; 2]>| {
            if line.last() != Some(&p) {
                line.push(p);
            }
        };
        let mut edge = start;
        for _ in 0..budget {
            push(Self::point(grid, values, edge, level), &mut line);
            let Some(slot) = self.next.get_mut(edge as usize) else { break };
            let following = std::mem::replace(slot, NONE);
            if following == NONE {
                break;
            }
            edge = following - 1;
            if closed && edge == start {
                break;
            }
        }
        if closed {
            // A loop that collapsed onto one point (an isolated corner exactly at the level) is dropped.
            if line.len() < 2 {
                return Vec::new();
            }
            if let Some(&first) = line.first() {
                push(first, &mut line);
            }
        }
        line
    }
}

/// One level's curves as polylines in grid coordinates (`[i, j]`, fractional column and row).
/// Closed loops repeat their first point at the end; open lines end at the grid border or at a
/// cell with a non-finite corner. Lines run with the higher values on their left, so loops
/// around peaks are counter-clockwise. Returns nothing for grids smaller than 2×2, for
/// `values.len() != nx * ny`, or for a non-finite `level`.
pub fn contour_lines(values: &[f64], nx: usize, ny: usize, level: f64) -> Vec<Vec<[f64; 2]>> {
    contour_levels(values, nx, ny, &[level]).pop().map(|c| c.lines).unwrap_or_default()
}

/// All `levels` at once in one sweep of the grid (the per-frame hot path); levels may be in any
/// order and are contoured exactly as [`contour_lines`] would. Returns one entry per input
/// level in the same order (empty `lines` for non-finite levels), or an empty Vec when the grid
/// shape is invalid as in [`contour_lines`].
pub fn contour_levels(values: &[f64], nx: usize, ny: usize, levels: &[f64]) -> Vec<LevelCurves> {
    let Some(grid) = Grid::new(values.len(), nx, ny) else {
        return Vec::new();
    };
    let mut result: Vec<LevelCurves> = levels.iter().map(|&level| LevelCurves { level, lines: Vec::new() }).collect();
    let mut scratch = Scratch::default();
    let mut order: Vec<(f64, usize)> = Vec::new();
    let mut sorted: Vec<f64> = Vec::new();
    // More levels than fit a `u8` band are handled in several sweeps.
    for (c, chunk) in levels.chunks(LEVELS_PER_PASS).enumerate() {
        order.clear();
        order.extend(chunk.iter().enumerate().filter(|(_, l)| l.is_finite()).map(|(n, &l)| (l, c * LEVELS_PER_PASS + n)));
        if order.is_empty() {
            continue;
        }
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        sorted.clear();
        sorted.extend(order.iter().map(|&(l, _)| l));
        scratch.march(&grid, values, &sorted);
        for (k, &(level, n)) in order.iter().enumerate() {
            let lines = scratch.trace(&grid, values, level, k);
            if let Some(entry) = result.get_mut(n) {
                entry.lines = lines;
            }
        }
    }
    result
}

/// A "nice" step `mantissa × 10^exp`; dividing by an exact power of ten for negative exponents
/// gives the correctly rounded decimal, so level 3 of step 0.1 is exactly `0.3`.
#[inline]
fn nice_multiple(k: f64, mantissa: f64, exp: i32) -> f64 {
    if exp >= 0 { k * mantissa * 10f64.powi(exp) } else { k * mantissa / 10f64.powi(-exp) }
}

/// Level values at "nice" numbers (multiples of 1, 2, 2.5 or 5 × 10^k) strictly inside
/// `(min, max)`, as close to `count` of them as those steps allow (at most 1000). Empty for
/// non-finite or empty ranges or `count == 0`.
pub fn nice_levels(min: f64, max: f64, count: usize) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() || min >= max || count == 0 {
        return Vec::new();
    }
    let count = count.min(MAX_LEVELS);
    // `count` interior levels split the range into `count + 1` gaps; halving first keeps a span
    // like (-1e308, 1e308) from overflowing.
    let raw = (0.5 * max - 0.5 * min) * (2.0 / (count as f64 + 1.0));
    if !raw.is_finite() || raw <= 0.0 {
        return Vec::new();
    }
    let exp = raw.log10().floor() as i32;
    // Try the nice steps around the raw step and keep the one whose interior level count is
    // closest to `count`, preferring the coarser step on ties (d3-array's tickIncrement rounds
    // the raw step instead, which can land one or two levels off at small counts).
    let mut best: Option<(f64, i32, f64, f64)> = None;
    for e in exp - 1..=exp + 1 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = nice_multiple(1.0, m, e);
            if !step.is_finite() || step <= 0.0 {
                continue;
            }
            let n = (max / step).ceil() - (min / step).floor() - 1.0;
            let miss = (n - count as f64).abs();
            let better = match best {
                None => true,
                Some((_, _, s, d)) => miss < d || (miss == d && step > s),
            };
            if miss.is_finite() && better {
                best = Some((m, e, step, miss));
            }
        }
    }
    let Some((mantissa, exp, step, _)) = best else {
        return Vec::new();
    };
    let mut out: Vec<f64> = Vec::new();
    // Start at or below min and filter, since the division may round either way.
    let mut k = (min / step).floor();
    for _ in 0..(MAX_LEVELS * 3 + 3) {
        let v = nice_multiple(k, mantissa, exp);
        k += 1.0;
        if v >= max {
            break;
        }
        // Strictly increasing and strictly inside; also skips repeats once k is past 2^53.
        if v > min && out.last().is_none_or(|&last| v > last) {
            out.push(v);
        }
        if out.len() >= MAX_LEVELS {
            break;
        }
    }
    out
}

/// A point on the polylines good for placing the level's text label: the point halfway along
/// the longest polyline (by length). `None` when no polyline has positive finite length.
pub fn label_anchor(lines: &[Vec<[f64; 2]>]) -> Option<[f64; 2]> {
    let length = |line: &[[f64; 2]]| -> f64 {
        line.windows(2).map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])).filter(|d| d.is_finite()).sum()
    };
    let (line, total) = lines
        .iter()
        .map(|l| (l, length(l)))
        .filter(|&(_, len)| len > 0.0 && len.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let mut remaining = 0.5 * total;
    for w in line.windows(2) {
        let d = (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]);
        if !d.is_finite() {
            continue;
        }
        if d >= remaining && d > 0.0 {
            let t = remaining / d;
            let p = [w[0][0] + t * (w[1][0] - w[0][0]), w[0][1] + t * (w[1][1] - w[0][1])];
            return (p[0].is_finite() && p[1].is_finite()).then_some(p);
        }
        remaining -= d;
    }
    line.last().copied().filter(|p| p[0].is_finite() && p[1].is_finite())
}

#[cfg(test)]
mod tests {
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
}
