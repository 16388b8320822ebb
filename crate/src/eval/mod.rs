//! Evaluation: expressions compiled to a flat tape, and the model every view reads.

pub mod dag;
pub mod model;
pub mod numeric;
pub mod tape;
