//! The one module tree that knows the browser (compiled for wasm32 only).

mod bench;
mod handle;
