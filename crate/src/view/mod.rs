//! What each view shows, as plain data: scenes for the main plot, small charts, and the
//! snapshot `state()` reports. Views compute; they never draw.

/// Tape cost ([`crate::eval::tape::Tape::cost`]) a view may spend in the frame that needs it,
/// about 10 ms in the browser: past it, a map comes coarse first and a graph's points of
/// interest are searched between frames. Halving it made the course's own functions
/// (Himmelblau's 400×300 grid is 2.4 million) come coarse first on every view change, for about
/// 1 ms less in the typing frame of the heaviest ones.
pub(crate) const FRAME_WORK: usize = 4_000_000;

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
