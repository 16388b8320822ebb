//! Nabla's core: expressions, exact derivatives, and everything the views compute and draw.
//!
//! Data flows one way: text → [`expr`] (parse, differentiate, simplify, print) → [`compile`]
//! (flat tape, batch evaluation) → sampling, [`contour`], [`analysis`], [`descent`] → a plain
//! scene → rendering. Only the `wasm` module knows the browser; everything else builds and is
//! tested natively.

pub mod analysis;
pub mod colormap;
pub mod compile;
pub mod contour;
pub mod curve;
pub mod descent;
pub mod expr;
pub mod numeric;
