//! The regression lab's data: points the learner adds, drags and deletes on its chart. The
//! function shown is their loss L(a, b) (see [`crate::compute::regression`]).

use crate::app::App;
use crate::compute::geometry::Frame;
use crate::view::charts::Panel;
use crate::compute::regression::{default_points, tidy_points, MAX_POINTS};

/// The data points, tidied (finite, in the window, rounded, at most [`MAX_POINTS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionLab {
    /// The points.
    pub points: Vec<[f64; 2]>,
}

/// Data as a caller gave it, sorted out: the points to use and what to tell the learner.
pub fn sort_out(items: Option<&[Option<[f64; 2]>]>) -> (Vec<[f64; 2]>, Option<String>) {
    let Some(items) = items else { return (default_points(), None) };
    let good: Vec<[f64; 2]> = items.iter().flatten().copied().filter(|p| p.iter().all(|v| v.is_finite())).collect();
    let dropped = items.len() - good.len();
    if good.is_empty() && !items.is_empty() {
        (default_points(), Some("the regression points were not pairs [x, y] of finite numbers: showing the default data".into()))
    } else if dropped > 0 {
        (good, Some(format!("left out {dropped} regression point(s) that were not pairs [x, y] of finite numbers")))
    } else {
        (good, None)
    }
}

impl RegressionLab {
    /// The lab over these points, tidied.
    pub fn new(points: &[[f64; 2]]) -> RegressionLab {
        RegressionLab { points: tidy_points(points) }
    }

    /// The point drawn within `radius_px` of a pixel of the chart drawn in `frame`.
    pub fn hit(&self, frame: Frame, px: f64, py: f64, radius_px: f64) -> Option<usize> {
        self.points.iter().position(|p| {
            let (qx, qy) = frame.to_pixel(p[0], p[1]);
            (qx - px).hypot(qy - py) <= radius_px
        })
    }

    /// The points with one added at a pixel of the chart, or why not.
    pub fn with_added(&self, frame: Frame, px: f64, py: f64) -> Result<Vec<[f64; 2]>, String> {
        if self.points.len() >= MAX_POINTS {
            return Err(format!("at most {MAX_POINTS} points"));
        }
        let (x, y) = frame.to_world(px, py);
        let mut points = self.points.clone();
        points.push([x, y]);
        Ok(points)
    }

    /// The points with point `i` moved to a pixel of the chart.
    pub fn with_moved(&self, i: usize, frame: Frame, px: f64, py: f64) -> Option<Vec<[f64; 2]>> {
        let mut points = self.points.clone();
        let (x, y) = frame.to_world(px, py);
        *points.get_mut(i)? = [x, y];
        Some(points)
    }

    /// The points without point `i`.
    pub fn without(&self, i: usize) -> Option<Vec<[f64; 2]>> {
        let mut points = self.points.clone();
        (i < points.len()).then(|| {
            points.remove(i);
            points
        })
    }
}

impl App {

    /// Enters the regression lab with these data points (tidied; see
    /// [`crate::compute::regression::tidy_points`]): the function becomes their MSE loss L(a, b).
    /// On entering, the view is centred on the least-squares line.
    pub fn set_regression(&mut self, points: &[[f64; 2]]) {
        let lab = RegressionLab::new(points);
        let entering = self.regression.is_none();
        if self.load_expression(&crate::compute::regression::loss_text(&lab.points)).is_err() {
            self.notices.push("these points could not be turned into a loss");
            return;
        }
        if entering {
            let (a, b) = crate::compute::regression::closed_form(&lab.points).unwrap_or((0.0, 0.0));
            let _ = self.set_view(a - 2.5, a + 2.5, b - 4.0, b + 4.0);
            self.selection.point = vec![0.0, 0.0];
            self.lab.options.start = vec![0.0, 0.0];
        }
        self.regression = Some(lab);
    }

    /// Enters the regression lab with data as a caller gave it: `None` asks for the default
    /// data; entries that are not two finite numbers are left out, with a notice saying so (and
    /// the default data when nothing is left).
    pub fn load_regression(&mut self, items: Option<&[Option<[f64; 2]>]>) {
        let (points, notice) = sort_out(items);
        self.set_regression(&points);
        if let Some(notice) = notice {
            self.notices.push(notice);
        }
    }

    /// The regression data point under a pixel of the regression chart, if any.
    pub fn regression_hit(&self, px: f64, py: f64, radius_px: f64) -> Option<usize> {
        let frame = self.viewport.panel_frame(Panel::Regression)?;
        self.regression.as_ref()?.hit(frame, px, py, radius_px)
    }

    /// Adds a data point at a pixel of the regression chart.
    pub fn add_regression_point(&mut self, px: f64, py: f64) {
        let (Some(frame), Some(lab)) = (self.viewport.panel_frame(Panel::Regression), &self.regression) else { return };
        match lab.with_added(frame, px, py) {
            Ok(points) => self.set_regression(&points),
            Err(why) => self.notices.push(why),
        }
    }

    /// Moves data point `i` to a pixel of the regression chart.
    pub fn move_regression_point(&mut self, i: usize, px: f64, py: f64) {
        let (Some(frame), Some(lab)) = (self.viewport.panel_frame(Panel::Regression), &self.regression) else { return };
        if let Some(points) = lab.with_moved(i, frame, px, py) {
            self.set_regression(&points);
        }
    }

    /// Deletes data point `i`.
    pub fn remove_regression_point(&mut self, i: usize) {
        if let Some(points) = self.regression.as_ref().and_then(|lab| lab.without(i)) {
            self.set_regression(&points);
        }
    }

}
