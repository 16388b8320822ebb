//! The regression lab's data: points the learner adds, drags and deletes on its chart. The
//! function shown is their loss L(a, b) (see [`crate::compute::regression`]).

use crate::compute::geometry::Frame;
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
