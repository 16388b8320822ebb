//! What each view shows, as plain data: scenes for the main plot, small charts, and the
//! snapshot `state()` reports. Views compute; they never draw.

pub mod audio;
pub mod chart;
pub mod charts;
pub mod describe;
pub mod graph;
pub mod lesson;
pub mod local;
pub mod map;
pub mod network;
pub mod readouts;
pub mod runs;
pub mod scene;
pub mod snapshot;
pub mod surface;
