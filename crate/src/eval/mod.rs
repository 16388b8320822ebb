//! Evaluation: expressions compiled to a flat tape, and the model every view reads.

pub mod model;
pub mod numeric;
pub mod tape;
