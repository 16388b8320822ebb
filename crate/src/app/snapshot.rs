//! `state()`: the app as one plain snapshot (see INTERFACE.md), with the readouts' sums done
//! by [`crate::view::readouts`].

use crate::app::App;
use crate::compute::field::ArrowLength;
use crate::eval::numeric::{central_difference, norm, numerical_gradient};
use crate::view::readouts::{angle_to_gradient, error_of, honest_gradient, Trend};
use crate::view::runs::RunInfo;
use crate::view::snapshot::{CriticalInfo, ErrorInfo, GradientCheck, LabInfo, OptionsInfo, RegressionInfo, Secant, Snapshot, Tangent};

impl App {
    /// The snapshot `state()` returns.
    pub fn snapshot(&mut self) -> Snapshot {
        self.snapshot_with(true)
    }

    /// The snapshot; with `whole_runs` false, each descent run holds only the current
    /// iteration and the next (`from` says which), which is all a frame of the animation shows.
    pub fn snapshot_with(&mut self, whole_runs: bool) -> Snapshot {
        let mut snap = self.base_snapshot(whole_runs);
        snap.lesson = self.lesson_info(&snap);
        // Described from the snapshot itself, so the words never disagree with the numbers.
        snap.description = crate::view::describe::describe(&snap);
        snap
    }

    fn base_snapshot(&mut self, whole_runs: bool) -> Snapshot {
        let frame = self.lab.frame;
        let text = self.session.text();
        // A frame never needs a huge refused paste echoed back (the full state() keeps it).
        let expr = if whole_runs || text.len() <= 4 * crate::expr::lex::MAX_CHARS {
            text.to_string()
        } else {
            text.chars().take(crate::expr::lex::MAX_CHARS).collect()
        };
        let point = self.selection.point.clone();
        let direction = self.selection.direction();
        let h = self.single.h;
        let graph = self.single.options;
        let graph_info = self.graph_view().map(|(_, info)| info);
        let taylor = self.taylor_info();
        let o = &self.lab.options;
        let mut snap = Snapshot {
            expr,
            normalized: None,
            hint: None,
            vars: Vec::new(),
            error: self.session.error().map(ErrorInfo::from),
            point: point.clone(),
            value: None,
            gradient: None,
            gradient_norm: None,
            partials: Vec::new(),
            partials_mathml: Vec::new(),
            mathml: None,
            second_derivative: None,
            hessian: None,
            direction: None,
            direction_degrees: None,
            directional_derivative: None,
            angle_to_gradient: None,
            kinks: Vec::new(),
            tangent: None,
            secant: None,
            gradient_check: None,
            critical_points: Vec::new(),
            inflection_points: Vec::new(),
            steps: Vec::new(),
            descent: self
                .lab
                .runs
                .iter()
                .map(|r| if whole_runs { RunInfo::from(r) } else { RunInfo::window(r, frame, 2) })
                .collect(),
            color_range: self.map_cache.color_range().map(|(lo, hi)| [lo, hi]),
            log_scale: self.map_options.log_scale,
            level_curves: self.map_cache.level_curves(),
            regression: self.regression.as_ref().map(|lab| RegressionInfo {
                points: lab.points.clone(),
                fit: crate::compute::regression::closed_form(&lab.points).map(|(a, b)| [a, b]),
                line: self.regression_line(),
                loss: self.session.text().to_string(),
            }),
            descent_frame: frame,
            stable_lr: self.stable_lr(),
            limit_table: Vec::new(),
            view: self.viewport.view.as_array(),
            options: OptionsInfo {
                levels: self.map_options.n_levels,
                normalized_arrows: self.map_options.arrow_length == ArrowLength::Normalized,
                show_field: self.map_options.show_field,
                show_derivative: graph.show_derivative,
                show_secant: graph.show_secant,
                show_second: graph.show_second,
                central: graph.central,
                loss_log: self.lab.loss_log,
            },
            lab: LabInfo {
                start: o.start.clone(),
                lr: o.lr,
                steps: o.steps,
                opt: o.optimizers.iter().map(|o| o.as_str()).collect(),
                ascent: o.settings.ascent,
                backtrack: o.settings.backtrack,
                beta: o.settings.beta,
                beta1: o.settings.beta1,
                beta2: o.settings.beta2,
                rho: o.settings.rho,
                eps: o.settings.eps,
            },
            notices: self.notices.all().to_vec(),
            embed: self.embed,
            pending: self.pending(),
            lesson: None,
            hide: self.teacher.hide.clone(),
            lock: self.teacher.lock_f.then_some("f"),
            last_frame_ms: None,
            graph: graph_info,
            description: String::new(),
            theme: self.appearance.theme().as_str(),
            layout: self.layout().map(|l| l.id()),
            camera: (self.n_vars() >= 2).then(|| self.camera()),
            surface_point: self.surface_point(),
            taylor,
        };
        let critical_2d: Vec<CriticalInfo> = self
            .map_cache
            .critical_points()
            .iter()
            // Where in f's space: the slice's other coordinates complete the point.
            .map(|c| CriticalInfo { at: c.at.iter().chain(self.selection.point.get(2..).unwrap_or_default()).copied().collect(), kind: c.kind.as_str(), value: c.value })
            .collect();
        let interest = self.single.interest(self.session.model(), self.session.version(), self.viewport.view, self.moving);
        let Some(model) = self.session.model() else { return snap };
        let n = model.n_vars();
        snap.normalized = Some(model.parsed.normalized.clone());
        snap.hint = model.parsed.hint.clone();
        snap.vars = model.parsed.vars.clone();
        // The map's numbers belong to a map: a function of one variable has none (the cache
        // still holds the last map's).
        if snap.vars.len() < 2 {
            snap.color_range = None;
            snap.level_curves = None;
        }
        snap.partials = model.partial_texts.clone();
        snap.partials_mathml = model.partial_mathml.clone();
        snap.mathml = Some(model.mathml.clone());
        snap.second_derivative = model.second_text.clone();
        snap.steps = model.steps.clone();
        let (value, exact) = model.value_grad_at(&point);
        let honest = honest_gradient(|p| model.value.eval1(p), &point, value, &exact, &model.parsed.vars);
        snap.notices.extend(honest.notes.iter().cloned());
        snap.kinks = honest.kinks.clone();
        snap.value = Some(value);
        if !honest.defined {
            // Where f does not exist neither do its slope, tangent, Hessian or D_u f.
            snap.gradient = Some(honest.gradient);
            if n >= 2 {
                snap.direction = Some(padded(direction, n));
                snap.direction_degrees = Some(self.selection.degrees());
                snap.critical_points = critical_2d;
            }
            return snap;
        }
        let gradient = honest.gradient;
        let complete = gradient.iter().all(|g| g.is_finite());
        snap.gradient_norm = complete.then(|| norm(&gradient));
        snap.hessian = complete.then(|| model.hessian_at(&point));
        if complete {
            let numeric = numerical_gradient(|p| model.value.eval1(p), &point);
            let diff: Vec<f64> = gradient.iter().zip(&numeric).map(|(a, b)| a - b).collect();
            snap.gradient_check = Some(GradientCheck { relative_error: norm(&diff) / norm(&gradient).max(1e-300), numeric });
        }
        if n >= 2 {
            let u = padded(direction, n);
            // Along the level curve ∇f·u is 0 up to rounding (−4e-16 for 3x + 4y): it is 0.
            let scale = norm(&gradient);
            snap.directional_derivative = complete.then(|| {
                let d: f64 = gradient.iter().zip(&u).map(|(g, u)| g * u).sum();
                if d.abs() <= 4.0 * f64::EPSILON * scale { 0.0 } else { d }
            });
            snap.angle_to_gradient = angle_to_gradient(&gradient, &u);
            snap.direction = Some(u);
            snap.direction_degrees = Some(self.selection.degrees());
            snap.critical_points = critical_2d;
        } else if n == 1 {
            let a = point[0];
            let slope = gradient.first().copied().unwrap_or(f64::NAN);
            let trend = Trend::of(slope, value);
            // A slope within rounding of 0 (at a snapped maximum: −4e-15) is 0, and said so.
            let slope = if trend == Trend::Flat { 0.0 } else { slope };
            if slope.is_finite() {
                snap.tangent = Some(Tangent { slope, intercept: value - slope * a, trend });
            }
            let g = |x: f64| model.value.eval1(&[x]);
            let forward = (g(a + h) - value) / h;
            let central = central_difference(g, a, h);
            snap.secant = Some(Secant { h, slope: forward, central, error: error_of(forward, slope), central_error: error_of(central, slope) });
            snap.critical_points = interest
                .critical
                .iter()
                .map(|p| CriticalInfo { at: vec![p.x], kind: p.kind.map_or("degenerate", |k| k.as_str()), value: p.value })
                .collect();
            snap.inflection_points = interest.inflections.iter().map(|p| p.x).collect();
            snap.limit_table = crate::view::charts::limit_table(model, a);
        }
        snap.gradient = Some(gradient);
        snap
    }
}

/// u in the x-y plane as a vector over all `n` variables.
fn padded(direction: [f64; 2], n: usize) -> Vec<f64> {
    let mut u = vec![0.0; n.max(2)];
    u[0] = direction[0];
    u[1] = direction[1];
    u
}
