//! The selected point and the direction u: what the readouts, tangents and slices are about.

use crate::app::error::Error;

/// The point the learner picked (one coordinate per variable) and the direction u.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// One coordinate per variable.
    pub point: Vec<f64>,
    /// u, a unit vector in the x-y plane: kept as a vector so u = (3, 4)/5 is exactly
    /// (0.6, 0.8), as the course's interview question needs.
    u: [f64; 2],
}

impl Default for Selection {
    fn default() -> Self {
        let mut s = Selection { point: crate::app::DEFAULT_POINT.to_vec(), u: [1.0, 0.0] };
        let _ = s.set_direction(45.0);
        s
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
            // −0 is 0 (a link or a snapped point never reads "(−0, 0)").
            *p = *c + 0.0;
        }
        Ok(())
    }

    /// Sets u by its angle in degrees from +x (whole quarter turns exactly: 90° is (0, 1)).
    pub fn set_direction(&mut self, degrees: f64) -> Result<(), Error> {
        if !degrees.is_finite() {
            return Err(Error::Refused("the direction must be a finite angle".into()));
        }
        let d = degrees.rem_euclid(360.0);
        self.u = match d {
            0.0 => [1.0, 0.0],
            90.0 => [0.0, 1.0],
            180.0 => [-1.0, 0.0],
            270.0 => [0.0, -1.0],
            _ => {
                let r = d.to_radians();
                [r.cos(), r.sin()]
            }
        };
        Ok(())
    }

    /// Sets u along the vector (ux, uy), normalised: (3, 4) gives exactly (0.6, 0.8).
    pub fn set_direction_vector(&mut self, ux: f64, uy: f64) -> Result<(), Error> {
        let length = ux.hypot(uy);
        if !(length.is_finite() && length > 0.0) {
            return Err(Error::Refused("the direction needs a finite, non-zero vector".into()));
        }
        self.u = [ux / length, uy / length];
        Ok(())
    }

    /// The unit vector u in the x-y plane.
    pub fn direction(&self) -> [f64; 2] {
        self.u
    }

    /// The angle of u in degrees from +x, in [0, 360) (45 exactly for (1, 1)).
    pub fn degrees(&self) -> f64 {
        self.u[1].atan2(self.u[0]).to_degrees().rem_euclid(360.0)
    }

    /// The point's first two coordinates (the second is 0 in one variable).
    pub fn xy(&self) -> (f64, f64) {
        (self.point[0], self.point.get(1).copied().unwrap_or(0.0))
    }
}
