//! The window onto the world: the view the learner set, the view as last drawn (widened to the
//! plot's aspect in the map), and where each plot was drawn, for turning pixels into points.
//! Every pixel ↔ world conversion goes through a recorded [`Frame`].

use crate::app::error::Error;
use crate::compute::geometry::{Frame, PlotRect, View};
use crate::view::charts::Panel;

/// What is under a pixel of the main plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The selected point.
    Point,
    /// The head of the direction arrow u.
    Direction,
    /// Anything else: empty plot to pan or click.
    Plot,
}

impl Target {
    /// Its name on the page.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Point => "point",
            Target::Direction => "direction",
            Target::Plot => "plot",
        }
    }
}

/// The visible window and the frames it was drawn in.
#[derive(Debug, Clone, Default)]
pub struct Viewport {
    /// The window the learner set.
    pub view: View,
    /// The window as drawn: `view` widened to the plot's aspect ratio in the map.
    pub shown: View,
    frame: Option<Frame>,
    panel_frames: Vec<(Panel, Frame)>,
}

impl Viewport {
    /// Sets the visible window; an invalid one is refused.
    pub fn set(&mut self, xmin: f64, xmax: f64, ymin: f64, ymax: f64) -> Result<(), Error> {
        self.view = View::new(xmin, xmax, ymin, ymax).map_err(|e| Error::Refused(format!("view refused: {e}")))?;
        Ok(())
    }

    /// Back to the default window.
    pub fn reset(&mut self) {
        self.view = View::default();
    }

    /// The main plot's frame as drawn last.
    pub fn frame(&self) -> Option<Frame> {
        self.frame
    }

    /// Records where the main plot was drawn (over the view it showed).
    pub fn record_plot(&mut self, rect: PlotRect) {
        self.frame = Some(Frame { view: self.shown, rect });
    }

    /// Records where a small chart's plotting area was drawn and what range it shows.
    pub fn record_panel(&mut self, panel: Panel, frame: Frame) {
        self.panel_frames.retain(|(p, _)| *p != panel);
        self.panel_frames.push((panel, frame));
    }

    /// A small chart's frame as drawn last.
    pub fn panel_frame(&self, panel: Panel) -> Option<Frame> {
        self.panel_frames.iter().find(|(p, _)| *p == panel).map(|(_, f)| *f)
    }

    /// The world point under a pixel of the main plot.
    pub fn world_at(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        self.frame.map(|f| f.to_world(px, py))
    }

    /// Pans by a pixel offset of the last frame (drag right → content moves right).
    pub fn pan_pixels(&mut self, dx: f64, dy: f64) {
        if let Some(frame) = self.frame {
            let (wx, wy) = frame.world_per_pixel();
            if let Some(v) = self.view.panned(-dx * wx, dy * wy) {
                self.view = v;
            }
        }
    }

    /// Zooms by `factor` (< 1 zooms in) about a pixel of the last frame.
    pub fn zoom_at(&mut self, px: f64, py: f64, factor: f64) -> Result<(), Error> {
        let (cx, cy) = self.world_at(px, py).unwrap_or(((self.view.xmin + self.view.xmax) / 2.0, (self.view.ymin + self.view.ymax) / 2.0));
        let v = self.view.zoomed(cx, cy, factor).ok_or_else(|| Error::Refused("cannot zoom further".into()))?;
        self.view = v;
        Ok(())
    }
}
