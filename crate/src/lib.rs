//! Nabla's core: expressions, exact derivatives, and everything the views compute and draw.
//!
//! The folders are the stages data flows through, in order; each depends only on the ones
//! before it (the README's "Architecture rules", checked by `tests/tidy.rs`):
//!
//! text → [`expr`] (read, differentiate, simplify, print) → [`eval`] (the tape, the model) →
//! [`compute`] (grids, contours, fields, critical points, curves, descent, regression) →
//! [`view`] (plain-data scenes, charts and readouts) → [`render`] (plotters, any backend) →
//! [`app`] (the state and every action, no browser, no JSON) → [`wire`] (the one JSON reader
//! and writer) → `web` (wasm32 only: the handle, the canvas).

pub mod order;
pub mod expr;
pub mod eval;
pub mod compute;
pub mod view;
pub mod render;
pub mod app;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod web;
