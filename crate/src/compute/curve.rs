//! Sampling of a one-variable function y = f(x) into clipped polylines for drawing: adaptive refinement,
//! gaps where f is undefined, splits at jumps and poles, and a hard evaluation budget.
//!
//! Method: a uniform grid of one sample per pixel, then per-interval adaptive bisection where the
//! midpoint lies farther than half a pixel from the chord (the classic adaptive plotting scheme, as in
//! Mathematica's `Plot`). Steep visible chords are then checked for a jump by bisecting towards the larger
//! rise until it shrinks (continuous, even at a vertical tangent such as cbrt's) or survives down to
//! 2^-24 pixel (a jump or a pole, so the line is split there). Domain edges (NaN boundaries) are found by
//! bisection to the same resolution. All closeness tests are in pixel units, y measured from the view
//! centre and clamped, so no arithmetic overflows whatever f returns.

/// Evaluations allowed per call, grid included, so that pathological functions (sin(1/x)) cannot hang.
const MAX_EVALS: usize = 20_000;
/// Canvases up to this wide get one grid sample per pixel; wider ones one per two pixels.
const FINE_GRID: usize = 2_048;
/// Cap on grid intervals, leaving most of the budget for refinement even for absurd canvas widths.
const MAX_GRID: usize = 4_096;
/// Refine while the midpoint is farther than this from the chord, in pixels.
const TOL_PX: f64 = 0.5;
/// A chord rising more than this (pixels) is checked for a jump before it is drawn.
const STEEP_PX: f64 = 2.0;
/// Bisection levels below one grid interval (1/1024 pixel).
const MAX_DEPTH: u32 = 10;
/// Iteration cap for the edge and jump searches (the width floor below usually stops them first).
const MAX_SEARCH: u32 = 64;
/// Edge and jump searches stop at this fraction of a pixel: 2^-24, far below anything visible.
const SEARCH_FLOOR_PX: f64 = 1.0 / 16_777_216.0;
/// A jump search calls a chord continuous once its rise shrinks at least this much twice in a row.
const SHRINK: f64 = 0.9;
/// Points beyond the visible y range by this many view heights are cut away.
const MARGIN_HEIGHTS: f64 = 10.0;
/// Values beyond this many view heights are clamped, so pixel arithmetic never overflows (±inf included).
const CLAMP_HEIGHTS: f64 = 1.0e6;
/// Evaluations set aside for each grid interval still to come (its midpoint and a little more).
const RESERVE_PER_INTERVAL: usize = 2;
/// Most evaluations one grid interval may spend: a few poles or domain edges (about 25 each).
const LOCAL_CAP: usize = 128;

/// Polylines of y = f(x) over [x0, x1] for a plot `width_px` pixels wide whose visible y range is [y0, y1].
///
/// The y range is used for clipping and for the adaptive tolerance (chords within about half a pixel of
/// the curve); pixels are assumed square, i.e. the view is taken as `width_px` pixels tall, which errs on
/// the fine side for the usual wide canvases. NaN values are gaps, each line ending within 2^-24 pixel of
/// the domain edge. No segment that reaches the visible range joins across a jump or a pole; off-screen
/// pieces (wholly above or below the view) are drawn as sampled. Points more than ten view heights above or
/// below the view are cut, each line ending exactly on that boundary. At most 20,000 evaluations of `f`
/// are made, shared fairly along x; past that, chords are drawn as sampled, unchecked. Every output point
/// is finite and each polyline has at least two points. A non-finite, reversed or empty x or y range, or
/// `width_px == 0`, gives no polylines.
pub fn sample_curve(
    f: impl Fn(f64) -> f64,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    width_px: usize,
) -> Vec<Vec<[f64; 2]>> {
    let Some(view) = View::new(x0, x1, y0, y1, width_px) else {
        return Vec::new();
    };
    let n = width_px.min(FINE_GRID).max(width_px / 2).min(MAX_GRID);
    let span = x1 - x0;
    let grid_x = |i: usize| {
        if i >= n {
            // Pin the last sample to x1 itself; x0 + span * 1.0 may round past it.
            x1
        } else {
            x0 + span * (i as f64 / n as f64)
        }
    };
    let grid_y: Vec<f64> = (0..=n).map(|i| view.project(f(grid_x(i)))).collect();

    let mut sampler = Sampler {
        f,
        view,
        left: MAX_EVALS.saturating_sub(n + 1),
        allowance: 0,
        stack: Vec::with_capacity(4 * MAX_DEPTH as usize + 8),
        out: Builder::new(&view),
    };
    if let Some(&y) = grid_y.first().filter(|y| !y.is_nan()) {
        sampler.out.move_to(x0, y);
    }
    for (i, pair) in grid_y.windows(2).enumerate() {
        if let [ya, yb] = *pair {
            // Spend freely on this interval but keep a reserve for each later one, so a hot spot (a
            // pole, sin(1/x) near 0) is resolved without leaving the rest of the plot unrefined.
            let reserve = RESERVE_PER_INTERVAL.saturating_mul(n.saturating_sub(i + 1));
            let free = sampler
                .left
                .saturating_sub(reserve)
                .max(RESERVE_PER_INTERVAL);
            sampler.allowance = free.min(LOCAL_CAP).min(sampler.left);
            sampler.interval(grid_x(i), ya, grid_x(i + 1), yb);
        }
    }
    sampler.out.finish()
}

/// The view in pixel terms: world x stays world x, y becomes pixels from the view centre (up positive).
#[derive(Clone, Copy, Debug)]
struct View {
    /// World width of one pixel.
    px: f64,
    /// World y of the view centre.
    yc: f64,
    /// World height of one (square) pixel.
    py: f64,
    /// Half the visible height in pixels.
    half: f64,
    /// Half-height of the kept band (visible range plus margins), in pixels.
    keep: f64,
    /// Clamp level for pixel y, well beyond `keep`.
    clamp: f64,
}

impl View {
    /// The view for the given ranges, or `None` when they cannot describe a drawable plot.
    fn new(x0: f64, x1: f64, y0: f64, y1: f64, width_px: usize) -> Option<View> {
        let all_finite = x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite();
        if !all_finite || width_px == 0 || x1 <= x0 || y1 <= y0 {
            return None;
        }
        let w = width_px as f64;
        let px = (x1 - x0) / w;
        let py = (y1 - y0) / w;
        // Differences of huge bounds overflow, and tiny spans over wide canvases underflow.
        if !(px.is_finite() && px > 0.0 && py.is_finite() && py > 0.0) {
            return None;
        }
        let half = 0.5 * w;
        Some(View {
            px,
            yc: 0.5 * y0 + 0.5 * y1,
            py,
            half,
            keep: half + MARGIN_HEIGHTS * w,
            clamp: half + CLAMP_HEIGHTS * w,
        })
    }

    /// Pixel y of a function value: NaN stays NaN (a gap), ±inf and huge values clamp to ±`clamp`.
    fn project(self, y: f64) -> f64 {
        if y.is_nan() {
            f64::NAN
        } else {
            ((y - self.yc) / self.py).clamp(-self.clamp, self.clamp)
        }
    }

    /// Whether the vertical extent [lo, hi] (pixels) meets the band of half-height `band`.
    fn meets(lo: f64, hi: f64, band: f64) -> bool {
        lo <= band && hi >= -band
    }
}

/// Pending work for one grid interval, processed depth-first from left to right.
#[derive(Clone, Copy, Debug)]
enum Task {
    /// Refine and draw [a, b] with pixel values ya, yb (either may be NaN).
    Span {
        a: f64,
        ya: f64,
        b: f64,
        yb: f64,
        depth: u32,
    },
    /// End the current line (an undefined stretch follows).
    PenUp,
    /// Start a new line at a point (an undefined stretch precedes).
    MoveTo { x: f64, y: f64 },
}

/// Outcome of searching a steep chord for a jump.
enum Jump {
    /// The rise shrinks on bisection (or is unknown, the budget being spent): draw the chord.
    Continuous,
    /// The rise persists (or a NaN was met) between these points: split the line there.
    Split { a: f64, ya: f64, b: f64, yb: f64 },
}

/// The adaptive sampler: owns the function, the budget and the output being built.
struct Sampler<F> {
    f: F,
    view: View,
    /// Evaluations left in the whole call.
    left: usize,
    /// Evaluations left for the current grid interval (never more than `left`).
    allowance: usize,
    stack: Vec<Task>,
    out: Builder,
}

impl<F: Fn(f64) -> f64> Sampler<F> {
    /// Pixel y of f(x), or `None` once the budget (global or this interval's) is spent.
    fn eval(&mut self, x: f64) -> Option<f64> {
        if self.allowance == 0 || self.left == 0 {
            return None;
        }
        self.allowance -= 1;
        self.left -= 1;
        Some(self.view.project((self.f)(x)))
    }

    /// Draw one grid interval, whose left end has already been drawn (or is undefined).
    fn interval(&mut self, a: f64, ya: f64, b: f64, yb: f64) {
        self.stack.clear();
        self.stack.push(Task::Span {
            a,
            ya,
            b,
            yb,
            depth: 0,
        });
        // Sub-spans are pushed only after an evaluation (at most two per evaluation), so the budget bounds
        // this loop; the step cap is a second guard against any oversight.
        let mut steps = 0usize;
        while let Some(task) = self.stack.pop() {
            steps += 1;
            if steps > 8 * MAX_EVALS {
                self.out.pen_up();
                break;
            }
            match task {
                Task::PenUp => self.out.pen_up(),
                Task::MoveTo { x, y } => self.out.move_to(x, y),
                Task::Span {
                    a,
                    ya,
                    b,
                    yb,
                    depth,
                } => self.span(a, ya, b, yb, depth),
            }
        }
    }

    /// Handle one span: gaps, domain edges, or refinement of a defined stretch.
    fn span(&mut self, a: f64, ya: f64, b: f64, yb: f64, depth: u32) {
        match (ya.is_nan(), yb.is_nan()) {
            // Undefined at both ends: a gap (a defined island narrower than this span is not looked for).
            (true, true) => self.out.pen_up(),
            // The domain ends inside: find the edge, draw up to it, then lift the pen.
            (false, true) => {
                let (e, ye) = self.edge(a, ya, b);
                self.stack.push(Task::PenUp);
                if e > a {
                    self.stack.push(Task::Span {
                        a,
                        ya,
                        b: e,
                        yb: ye,
                        depth,
                    });
                }
            }
            // The domain starts inside: find the edge, start a line there, then draw on to b.
            (true, false) => {
                let (e, ye) = self.edge(b, yb, a);
                if e < b {
                    self.stack.push(Task::Span {
                        a: e,
                        ya: ye,
                        b,
                        yb,
                        depth,
                    });
                }
                self.stack.push(Task::MoveTo { x: e, y: ye });
            }
            (false, false) => self.refine(a, ya, b, yb, depth),
        }
    }

    /// Refine a span defined at both ends, or draw it once it is flat enough, invisible, or at the cap.
    fn refine(&mut self, a: f64, ya: f64, b: f64, yb: f64, depth: u32) {
        let m = a + 0.5 * (b - a);
        // Both ends far outside on one side: nothing of it is kept, so spend nothing on it.
        let kept = View::meets(ya.min(yb), ya.max(yb), self.view.keep);
        // At float resolution the midpoint equals an end and bisection cannot go on.
        if depth >= MAX_DEPTH || !kept || !(a < m && m < b) {
            self.chord(a, ya, b, yb);
            return;
        }
        let Some(ym) = self.eval(m) else {
            self.chord(a, ya, b, yb);
            return;
        };
        if ym.is_nan() {
            // An undefined stretch inside: both halves become domain edges.
            self.push_halves(a, ya, m, ym, b, yb, depth + 1);
            return;
        }
        let lo = ya.min(yb).min(ym);
        let hi = ya.max(yb).max(ym);
        // Shape only matters where it can be seen; off-screen stretches are drawn as sampled.
        let visible = View::meets(lo, hi, self.view.half + 1.0);
        if visible && self.deviation(a, ya, m, ym, b, yb) > TOL_PX {
            self.push_halves(a, ya, m, ym, b, yb, depth + 1);
        } else {
            self.chord(a, ya, m, ym);
            self.chord(m, ym, b, yb);
        }
    }

    /// Distance in pixels from the midpoint sample to the chord (the segment, not its line: a midpoint
    /// beyond the end of a near-vertical chord is far from what would be drawn).
    fn deviation(&self, a: f64, ya: f64, m: f64, ym: f64, b: f64, yb: f64) -> f64 {
        let (ux, uy) = ((b - a) / self.view.px, yb - ya);
        let (wx, wy) = ((m - a) / self.view.px, ym - ya);
        let len2 = ux * ux + uy * uy;
        let t = if len2 > 0.0 {
            ((ux * wx + uy * wy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        (wx - t * ux).hypot(wy - t * uy)
    }

    /// Queues both halves of [a, b] at `depth`, the left one first to be taken off the stack.
    #[allow(clippy::too_many_arguments)]
    fn push_halves(&mut self, a: f64, ya: f64, m: f64, ym: f64, b: f64, yb: f64, depth: u32) {
        self.stack.push(Task::Span { a: m, ya: ym, b, yb, depth });
        self.stack.push(Task::Span { a, ya, b: m, yb: ym, depth });
    }

    /// Draw the chord from the pen (at a) to b, splitting it if it hides a jump.
    ///
    /// Only chords that reach the visible range are searched: one wholly above or below it (the rise
    /// towards a pole, say) is joined unsearched, since the search would run to its floor on every such
    /// pole-ward piece and starve the rest of the budget, and whatever it joins stays off-screen.
    fn chord(&mut self, a: f64, ya: f64, b: f64, yb: f64) {
        let steep = (yb - ya).abs() > STEEP_PX;
        if !steep || !View::meets(ya.min(yb), ya.max(yb), self.view.half + 1.0) {
            self.out.line_to(b, yb);
            return;
        }
        match self.jump(a, ya, b, yb) {
            Jump::Continuous => self.out.line_to(b, yb),
            Jump::Split {
                a: ja,
                ya: jya,
                b: jb,
                yb: jyb,
            } => {
                if ja > a {
                    self.out.line_to(ja, jya);
                }
                self.out.move_to(jb, jyb);
                if jb < b {
                    self.out.line_to(b, yb);
                }
            }
        }
    }

    /// Bisect a steep chord towards its larger rise: a continuous function's rise shrinks with the
    /// interval (even at a vertical tangent), a jump's or a pole's does not.
    ///
    /// The chord is continuous once the rise is below `STEEP_PX`, or once it has shrunk by `SHRINK`
    /// twice in a row: rises of smooth stretches halve, x^(1/3) at 0 shrinks by 2^(-1/3) ≈ 0.79 and a
    /// pole-ward piece tends to 1/2, while a jump's or a pole's tends to 1. A jump smaller than about a
    /// quarter of the slope's own rise over the searched piece is thus taken as part of the slope. Once
    /// the budget is spent every chord counts as continuous.
    fn jump(&mut self, mut a: f64, mut ya: f64, mut b: f64, mut yb: f64) -> Jump {
        let floor = self.view.px * SEARCH_FLOOR_PX;
        let mut shrinking = 0;
        for _ in 0..MAX_SEARCH {
            let m = a + 0.5 * (b - a);
            if b - a <= floor || !(a < m && m < b) {
                break;
            }
            // Out of budget: draw the chord as sampled. Splitting instead would blank whole stretches of a
            // starved plot (tan over [-1000, 1000]), where joined chords look like the true dense ink.
            let Some(ym) = self.eval(m) else {
                return Jump::Continuous;
            };
            // A hole inside the chord is a gap between a and b.
            if ym.is_nan() {
                return Jump::Split { a, ya, b, yb };
            }
            let rise = (yb - ya).abs();
            if (ym - ya).abs() >= (yb - ym).abs() {
                (b, yb) = (m, ym);
            } else {
                (a, ya) = (m, ym);
            }
            let half = (yb - ya).abs();
            shrinking = if half <= SHRINK * rise {
                shrinking + 1
            } else {
                0
            };
            if half <= STEEP_PX || shrinking >= 2 {
                return Jump::Continuous;
            }
        }
        if (yb - ya).abs() <= STEEP_PX {
            Jump::Continuous
        } else {
            Jump::Split { a, ya, b, yb }
        }
    }

    /// The defined point nearest the domain edge between defined `d` (value `yd`) and undefined `u`.
    fn edge(&mut self, mut d: f64, mut yd: f64, mut u: f64) -> (f64, f64) {
        let floor = self.view.px * SEARCH_FLOOR_PX;
        for _ in 0..MAX_SEARCH {
            let m = d + 0.5 * (u - d);
            // Works for either order of d and u; stops at the width floor or float resolution.
            if (u - d).abs() <= floor || m == d || m == u {
                break;
            }
            match self.eval(m) {
                None => break,
                Some(ym) if ym.is_nan() => u = m,
                Some(ym) => (d, yd) = (m, ym),
            }
        }
        (d, yd)
    }
}

/// Turns a stream of pen moves into world-coordinate polylines clipped to the kept band.
struct Builder {
    yc: f64,
    py: f64,
    /// Half-height of the kept band in pixels.
    keep: f64,
    /// Last point given (x world, y pixels), unclipped; `None` while the pen is up.
    pen: Option<(f64, f64)>,
    current: Vec<[f64; 2]>,
    lines: Vec<Vec<[f64; 2]>>,
}

impl Builder {
    fn new(view: &View) -> Builder {
        Builder {
            yc: view.yc,
            py: view.py,
            keep: view.keep,
            pen: None,
            current: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// Append a point (y in pixels) to the current polyline, skipping repeats and anything non-finite.
    fn push(&mut self, x: f64, y: f64) {
        let p = [x, self.yc + y * self.py];
        if !(p[0].is_finite() && p[1].is_finite()) {
            // Only reachable for views near f64::MAX, where the margin itself overflows.
            self.end_line();
            return;
        }
        if self.current.last() != Some(&p) {
            self.current.push(p);
        }
    }

    /// Close the current polyline, keeping it only if it has a segment.
    fn end_line(&mut self) {
        if self.current.len() >= 2 {
            self.lines.push(std::mem::take(&mut self.current));
        } else {
            self.current.clear();
        }
    }

    fn pen_up(&mut self) {
        self.end_line();
        self.pen = None;
    }

    fn move_to(&mut self, x: f64, y: f64) {
        self.end_line();
        self.pen = Some((x, y));
    }

    /// Draw from the pen to (x, y), clipping the segment to the kept band (Liang–Barsky, y only).
    fn line_to(&mut self, x: f64, y: f64) {
        let Some((xa, ya)) = self.pen.replace((x, y)) else {
            return;
        };
        let keep = self.keep;
        if ya.abs() <= keep && y.abs() <= keep {
            if self.current.is_empty() {
                self.push(xa, ya);
            }
            self.push(x, y);
            return;
        }
        let dy = y - ya;
        // A level segment that is not inside is wholly outside.
        if dy == 0.0 {
            self.end_line();
            return;
        }
        let (t1, t2) = ((-keep - ya) / dy, (keep - ya) / dy);
        let t_in = t1.min(t2).max(0.0);
        let t_out = t1.max(t2).min(1.0);
        // Missing the band, or only touching it in one point, draws nothing.
        if t_in >= t_out {
            self.end_line();
            return;
        }
        let at = |t: f64| (xa + (x - xa) * t, (ya + dy * t).clamp(-keep, keep));
        if t_in > 0.0 {
            self.end_line();
            let (cx, cy) = at(t_in);
            self.push(cx, cy);
        } else if self.current.is_empty() {
            self.push(xa, ya);
        }
        if t_out < 1.0 {
            let (cx, cy) = at(t_out);
            self.push(cx, cy);
            self.end_line();
        } else {
            self.push(x, y);
        }
    }

    fn finish(mut self) -> Vec<Vec<[f64; 2]>> {
        self.end_line();
        self.lines
    }
}

#[cfg(test)]
mod tests;
