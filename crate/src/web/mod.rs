//! The one module tree that knows the browser (compiled for wasm32 only): the handle, the
//! canvas backend and blit, the SVG and GIF exports, and the in-browser bench entry points (behind `test-hooks`).

#[cfg(feature = "test-hooks")]
mod bench;
mod canvas;
mod export;
mod handle;
mod surface;
