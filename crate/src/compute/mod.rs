//! Pure algorithms over functions and grids: no state, no drawing, no browser.

pub mod check;
pub mod colormap;
pub mod contour;
pub mod critical;
pub mod curve;
pub mod descent;
pub mod field;
pub mod geometry;
pub mod heatmap;
pub mod regression;
pub mod roots;
pub mod sample;
pub mod surface;
pub mod taylor;
