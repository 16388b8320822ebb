//! The selected point and the direction u: what the readouts, tangents and slices are about.

use crate::app::error::Error;

/// The point the learner picked (one coordinate per variable) and the direction u.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// One coordinate per variable.
    pub point: Vec<f64>,
    /// The angle of u in degrees from +x, in [0, 360).
    pub direction_deg: f64,
}

impl Default for Selection {
    fn default() -> Self {
        Selection { point: crate::app::DEFAULT_POINT.to_vec(), direction_deg: 45.0 }
    }
}

impl Selection {
    /// Keeps the coordinates the learner chose for `n` variables; new ones start at 1.
    pub fn fit(&mut self, n: usize) {
        self.point.resize(n.max(1), 1.0);
    }

    /// Moves the point; missing coordinates keep their value, non-finite ones are refused.
    pub fn set_point(&mut self, coords: &[f64]) -> Result<(), Error> {
        if coords.iter().any(|v| !v.is_finite()) {
            return Err(Error::Refused("the point must be finite numbers".into()));
        }
        for (p, c) in self.point.iter_mut().zip(coords) {
            *p = *c;
        }
        Ok(())
    }

    /// Sets u by its angle in degrees from +x.
    pub fn set_direction(&mut self, degrees: f64) -> Result<(), Error> {
        if !degrees.is_finite() {
            return Err(Error::Refused("the direction must be a finite angle".into()));
        }
        self.direction_deg = degrees.rem_euclid(360.0);
        Ok(())
    }

    /// The unit vector u in the x-y plane.
    pub fn direction(&self) -> [f64; 2] {
        let r = self.direction_deg.to_radians();
        [r.cos(), r.sin()]
    }

    /// The point's first two coordinates (the second is 0 in one variable).
    pub fn xy(&self) -> (f64, f64) {
        (self.point[0], self.point.get(1).copied().unwrap_or(0.0))
    }
}
