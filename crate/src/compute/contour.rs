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
        crate::order::sort_by_number(&mut order);
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

/// [`contour_levels`] for a picture: when the curves of every level together have more than
/// `max_points` points (counted as segments, one per crossed cell: a line has one point more
/// than segments), only every k-th level is traced: the smallest k that fits, the kept levels
/// centred in the range (see [`thinning`]). Each level's size is known from the marching pass,
/// so the levels left out are never traced.
pub fn contour_levels_within(values: &[f64], nx: usize, ny: usize, levels: &[f64], max_points: usize) -> Vec<LevelCurves> {
    if levels.len() > LEVELS_PER_PASS {
        let all = contour_levels(values, nx, ny, levels);
        let sizes: Vec<usize> = all.iter().map(|l| l.lines.iter().map(Vec::len).sum()).collect();
        let Some((stride, offset)) = thinning(&sizes, max_points) else { return Vec::new() };
        return all.into_iter().skip(offset).step_by(stride).collect();
    }
    let Some(grid) = Grid::new(values.len(), nx, ny) else {
        return Vec::new();
    };
    let mut order: Vec<(f64, usize)> = levels.iter().enumerate().filter(|(_, l)| l.is_finite()).map(|(n, &l)| (l, n)).collect();
    crate::order::sort_by_number(&mut order);
    let sorted: Vec<f64> = order.iter().map(|&(l, _)| l).collect();
    let mut scratch = Scratch::default();
    scratch.march(&grid, values, &sorted);
    // Segments per level, in the caller's order (a line of n segments has n + 1 points).
    let mut sizes = vec![0; levels.len()];
    for (k, &(_, n)) in order.iter().enumerate() {
        sizes[n] = scratch.segments.get(k).map_or(0, Vec::len);
    }
    let Some((stride, offset)) = thinning(&sizes, max_points) else { return Vec::new() };
    let mut result: Vec<(usize, LevelCurves)> = Vec::new();
    for (k, &(level, n)) in order.iter().enumerate() {
        if n >= offset && (n - offset) % stride == 0 {
            result.push((n, LevelCurves { level, lines: scratch.trace(&grid, values, level, k) }));
        } else if let Some(segments) = scratch.segments.get_mut(k) {
            segments.clear();
        }
    }
    // Back in the caller's order.
    crate::order::sort_by_key(&mut result, |&(n, _)| n);
    result.into_iter().map(|(_, curves)| curves).collect()
}

/// The stride and first index of the evenly spaced levels to keep so that their sizes sum to
/// at most `max`: the smallest stride that fits (centred in the range); failing that, the one
/// smallest level that fits alone; `None` when no level does.
pub fn thinning(sizes: &[usize], max: usize) -> Option<(usize, usize)> {
    let n = sizes.len();
    let spaced = (1..=n.max(1)).find_map(|k| {
        let offset = (n.saturating_sub(1) % k) / 2;
        let kept: usize = sizes.iter().skip(offset).step_by(k).sum();
        (kept <= max).then_some((k, offset))
    });
    spaced.or_else(|| {
        let (smallest, size) = sizes.iter().enumerate().min_by_key(|&(_, s)| *s)?;
        (*size <= max).then_some((n, smallest))
    })
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
mod tests;
