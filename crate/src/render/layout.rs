//! Where the plot sits on the canvas: margins and label bands, in CSS pixels.

/// The outer margin around the main plot.
pub const MARGIN: f64 = 12.0;
/// The band under the plot for x tick labels.
pub const X_LABEL_AREA: f64 = 36.0;
/// The band left of the plot for y tick labels.
pub const Y_LABEL_AREA: f64 = 56.0;

/// The plotting area's size for a canvas of `width × height` device pixels at `scale`.
pub fn plot_size(width: f64, height: f64, scale: f64) -> (f64, f64) {
    let s = scale.clamp(0.5, 4.0);
    ((width - (2.0 * MARGIN + Y_LABEL_AREA) * s).max(1.0), (height - (2.0 * MARGIN + X_LABEL_AREA) * s).max(1.0))
}
