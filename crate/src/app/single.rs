//! The one-variable view's own state: the secant step h, what the graph draws, the dots
//! (a, f′(a)) the learner leaves, and the critical and inflection points of the view.

use crate::app::error::Error;
use crate::compute::geometry::View;
use crate::eval::model::Model;
use crate::view::graph::{interest_is_heavy, points_of_interest, GraphOptions, Interest};

/// The secant step when the page opens.
pub const DEFAULT_H: f64 = 0.5;
/// Most dots a drag leaves.
const MAX_TRACED: usize = 5000;

/// State of the one-variable view.
#[derive(Debug, Clone)]
pub struct SingleVar {
    /// The secant step h (0 < |h| ≤ 10).
    pub h: f64,
    /// What the graph draws besides f.
    pub options: GraphOptions,
    /// Dots (a, f′(a)) left while dragging: f′ built by hand.
    pub traced: Vec<[f64; 2]>,
    /// The learner's f′ from "check my derivative" when it was not right: drawn beside f′.
    pub answer: Option<crate::expr::tree::Expr>,
    /// Critical and inflection points, keyed by the model's version and the view: the scene
    /// marks them, `state()` lists them, and dragging snaps to them.
    interest: Option<((u64, View), Interest)>,
    /// The graph's curves as last sampled.
    pub curves: crate::view::graph::Curves,
}

impl Default for SingleVar {
    fn default() -> Self {
        SingleVar { h: DEFAULT_H, options: GraphOptions::default(), traced: Vec::new(), answer: None, interest: None, curves: Default::default() }
    }
}

impl SingleVar {
    /// Sets h; refused unless 0 < |h| ≤ 10.
    pub fn set_h(&mut self, h: f64) -> Result<(), Error> {
        if h.is_finite() && h != 0.0 && h.abs() <= 10.0 {
            self.h = h;
            Ok(())
        } else {
            Err(Error::Refused("h must be a non-zero number with |h| ≤ 10".into()))
        }
    }

    /// Leaves a dot (a, f′(a)) where f′ exists.
    pub fn trace(&mut self, model: &Model, a: f64) {
        let slope = model.value_grad_at(&[a]).1.first().copied().unwrap_or(f64::NAN);
        if slope.is_finite() && self.traced.len() < MAX_TRACED {
            self.traced.push([a, slope]);
        }
    }

    /// The graph's critical and inflection points, computed once per function and view; while
    /// the view `moving` under a gesture, the points found for another view stay (they are
    /// critical wherever the view is) and are looked for again once it rests. A search longer
    /// than a frame ((x+1)…(x+50): 5,000 gradients of 1,400 instructions) is left to
    /// [`SingleVar::refine_interest`]; until then the last view's points stay, or none.
    pub fn interest(&mut self, model: Option<&Model>, version: u64, view: View, moving: bool) -> Interest {
        let key = (version, view);
        let heavy = model.is_some_and(interest_is_heavy);
        match (&self.interest, model) {
            (Some((k, interest)), _) if *k == key => interest.clone(),
            (Some((k, interest)), _) if (moving || heavy) && k.0 == version => interest.clone(),
            (_, Some(model)) if model.n_vars() == 1 && !heavy => self.search(model, key),
            _ => Interest::default(),
        }
    }

    /// Runs the search [`SingleVar::interest`] left for later, if any.
    pub fn refine_interest(&mut self, model: &Model, version: u64, view: View) {
        if model.n_vars() == 1 && self.interest.as_ref().is_none_or(|(k, _)| *k != (version, view)) {
            self.search(model, (version, view));
        }
    }

    fn search(&mut self, model: &Model, key: (u64, View)) -> Interest {
        let interest = points_of_interest(model, key.1.xmin, key.1.xmax);
        self.interest = Some((key, interest.clone()));
        interest
    }

    /// Whether the points of interest shown are not yet this view's: another view's, kept while
    /// the view moves, or none yet for a function whose search waits for [`SingleVar::refine_interest`].
    pub fn interest_pending(&self, model: Option<&Model>, version: u64, view: View) -> bool {
        let Some(model) = model.filter(|m| m.n_vars() == 1) else { return false };
        match &self.interest {
            Some(((v, at), _)) if *v == version => *at != view,
            _ => interest_is_heavy(model),
        }
    }

    /// Where a dragged point snaps: the critical and inflection points.
    pub fn snap_targets(&mut self, model: Option<&Model>, version: u64, view: View) -> Vec<f64> {
        let interest = self.interest(model, version, view, false);
        interest.critical.iter().chain(&interest.inflections).map(|p| p.x).collect()
    }
}
