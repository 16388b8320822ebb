//! The pointer on the main plot: a pixel becomes a picked point (snapping to critical and
//! inflection points), an aimed u (snapping to ∇f, −∇f and the level curve), or a hit target.

use crate::app::viewport::Target;
use crate::app::{App, SNAP_PX};
use crate::view::map::direction_reach;

/// Degrees within which a dragged u snaps to ∇f, −∇f or the level curve.
const SNAP_DEGREES: f64 = 3.0;

/// The directions u can be turned to in one move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Along {
    /// Along ∇f: steepest ascent, D_u f = ‖∇f‖.
    Gradient,
    /// Against ∇f: steepest descent, D_u f = −‖∇f‖.
    Against,
    /// Along the level curve (∇f turned 90° counter-clockwise): D_u f = 0.
    Level,
    /// Along the level curve the other way.
    LevelBack,
}

impl Along {
    /// Every direction.
    pub const ALL: [Along; 4] = [Along::Gradient, Along::Against, Along::Level, Along::LevelBack];

    /// The direction with this id (`gradient`, `against`, `level`).
    pub fn from_id(id: &str) -> Option<Along> {
        match id {
            "gradient" => Some(Along::Gradient),
            "against" => Some(Along::Against),
            "level" => Some(Along::Level),
            _ => None,
        }
    }
}

impl App {
    /// Selects the world point under a pixel of the last frame. In one variable a point within
    /// a few pixels of a critical or inflection point lands exactly on it.
    pub fn pick(&mut self, px: f64, py: f64) {
        let (Some((x, y)), Some(frame)) = (self.viewport.world_at(px, py), self.viewport.frame()) else { return };
        if self.n_vars() <= 1 {
            let snap = SNAP_PX * frame.world_per_pixel().0;
            let targets = self.single.snap_targets(self.session.model(), self.session.version(), self.viewport.view);
            let grid = |v| crate::app::link::on_visible_grid(v, self.viewport.view);
            let x = targets.into_iter().find(|t| (t - x).abs() <= snap).unwrap_or_else(|| grid(x));
            self.set_point(&[x]);
        } else {
            // Within a few pixels of a critical point, land exactly on it (as dragging in one
            // variable does), so its readouts say ∇f = 0.
            let near = self.map_cache.critical_points().iter().map(|c| c.at).find(|c| {
                let (qx, qy) = frame.to_pixel(c[0], c[1]);
                (qx - px).hypot(qy - py) <= SNAP_PX
            });
            let grid = |v| crate::app::link::on_visible_grid(v, self.viewport.view);
            let [x, y] = near.unwrap_or_else(|| [grid(x), grid(y)]);
            self.set_point(&[x, y]);
        }
    }

    /// Points u from the selected point towards a pixel; within a few degrees of ∇f, −∇f or
    /// the level curve it lands exactly on it.
    pub fn aim(&mut self, px: f64, py: f64) {
        let (Some((x, y)), Some(frame)) = (self.viewport.world_at(px, py), self.viewport.frame()) else { return };
        let (x0, y0) = self.selection.xy();
        let (dx, dy) = (x - x0, y - y0);
        // Angles are measured in screen-square units so the arrow follows the pointer.
        let (wx, wy) = frame.world_per_pixel();
        let (ax, ay) = (dx / wx, dy / wy);
        let aimed = ay.atan2(ax);
        let snapped = Along::ALL.into_iter().filter_map(|a| self.along(a)).find(|t| {
            let off = (t[1].atan2(t[0]) - aimed).rem_euclid(std::f64::consts::TAU);
            off.min(std::f64::consts::TAU - off) < SNAP_DEGREES.to_radians()
        });
        let result = match snapped {
            Some(t) => self.selection.set_direction_vector(t[0], t[1]),
            None => self.selection.set_direction_vector(ax * wx, ay * wy),
        };
        let _ = self.refused(result);
    }

    /// Sets u along the vector (ux, uy), normalised exactly.
    pub fn set_direction_vector(&mut self, ux: f64, uy: f64) {
        let result = self.selection.set_direction_vector(ux, uy);
        let _ = self.refused(result);
    }

    /// Turns u along ∇f, against it, or along the level curve at the point (where ∇f exists).
    pub fn aim_along(&mut self, along: Along) {
        match self.along(along) {
            Some(t) => self.set_direction_vector(t[0], t[1]),
            None => self.notices.push("∇f is zero or undefined here, so it gives no direction"),
        }
    }

    /// The direction `along` names at the point, if ∇f there is finite and not zero.
    fn along(&self, along: Along) -> Option<[f64; 2]> {
        let model = self.session.model().filter(|m| m.n_vars() >= 2)?;
        let (value, g) = model.value_grad_at(&self.selection.point);
        let (gx, gy) = (*g.first()?, *g.get(1)?);
        if !(value.is_finite() && gx.is_finite() && gy.is_finite()) || (gx == 0.0 && gy == 0.0) {
            return None;
        }
        Some(match along {
            Along::Gradient => [gx, gy],
            Along::Against => [-gx, -gy],
            Along::Level => [-gy, gx],
            Along::LevelBack => [gy, -gx],
        })
    }

    /// What is under a pixel: the point, the head of u, or the plot.
    pub fn hit(&self, px: f64, py: f64, radius_px: f64) -> Target {
        let Some(frame) = self.viewport.frame() else { return Target::Plot };
        let near = |x: f64, y: f64| {
            let (qx, qy) = frame.to_pixel(x, y);
            (qx - px).hypot(qy - py) <= radius_px
        };
        let (x0, y0) = self.selection.xy();
        if self.n_vars() >= 2 {
            let reach = direction_reach(&self.viewport.shown);
            let u = self.selection.direction();
            if near(x0 + u[0] * reach, y0 + u[1] * reach) {
                return Target::Direction;
            }
            if near(x0, y0) {
                return Target::Point;
            }
        } else if let Some(fa) = self.session.model().map(|m| m.value_at(&[x0])) {
            if fa.is_finite() && near(x0, fa) {
                return Target::Point;
            }
        }
        Target::Plot
    }

}
