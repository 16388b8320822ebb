//! Nabla's core: expressions, exact derivatives, and everything the views compute and draw.
//!
//! Data flows one way: text → [`expr`] (parse, differentiate, simplify, print) → [`compile`]
//! (flat tape, batch evaluation) → [`sample`] → [`contour`], [`heatmap`], [`field`],
//! [`analysis`], [`descent`] → a plain [`scene::Scene`] ([`map_view`], [`graph_view`]) →
//! [`render`] (plotters, any backend). [`app`] holds the state; only the `wasm` module knows
//! the browser, and everything else builds and is tested natively.

pub mod analysis;
pub mod app;
pub mod chart;
pub mod colormap;
pub mod compile;
pub mod contour;
pub mod curve;
pub mod descent;
pub mod expr;
pub mod field;
pub mod geometry;
pub mod graph_view;
pub mod heatmap;
pub mod lab;
pub mod link;
pub mod map_view;
pub mod model;
pub mod numeric;
pub mod panels;
pub mod regression;
pub mod render;
pub mod sample;
pub mod scene;
pub mod snapshot;

#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(target_arch = "wasm32")]
mod wasm_bench;
