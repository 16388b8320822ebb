//! Every colour Nabla draws with, once: the scene's styles, the charts' series, the descent
//! runs, and the hex codes the page's legends use.

use plotters::prelude::*;

use crate::view::chart::SeriesStyle;
use crate::view::scene::Style;

/// Colours of the runs of the descent lab, in order.
pub const PATH_COLORS: [RGBColor; crate::compute::descent::Optimizer::ALL.len()] = [
    RGBColor(230, 57, 70),
    RGBColor(255, 183, 3),
    RGBColor(58, 134, 255),
    RGBColor(255, 0, 110),
    RGBColor(6, 214, 160),
];

/// The floor under the 3D surface.
pub const FLOOR: RGBColor = RGBColor(236, 238, 244);

/// A colour as `#rrggbb`, for the page's legends and swatches.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The colour of a scene style (without its opacity).
pub fn color_of(style: Style) -> RGBColor {
    let c = style_of(style, 1.0).color;
    RGBColor(c.0, c.1, c.2)
}

/// How a scene style is stroked at `scale` device pixels per CSS pixel.
pub fn style_of(style: Style, scale: f64) -> ShapeStyle {
    let w = |px: f64| (px * scale).round().max(1.0) as u32;
    let (color, width): (RGBAColor, u32) = match style {
        Style::Contour => (RGBColor(255, 255, 255).mix(0.55), w(1.0)),
        Style::ContourHighlight => (RGBColor(255, 140, 0).mix(1.0), w(2.5)),
        Style::LevelTangent => (RGBColor(20, 20, 20).mix(0.9), w(1.5)),
        // Coloured by magnitude: faint blue-grey where ∇f is small, bright warm white where large.
        Style::Field(s) => {
            let s = s.clamp(0.0, 1.0);
            let ramp = |lo: f64, hi: f64| (lo + (hi - lo) * s).round() as u8;
            (RGBColor(ramp(170.0, 255.0), ramp(190.0, 245.0), ramp(230.0, 200.0)).mix(0.3 + 0.7 * s), w(1.0))
        }
        Style::Gradient => (RGBColor(230, 57, 70).mix(1.0), w(3.0)),
        Style::Direction => (RGBColor(0, 200, 255).mix(1.0), w(2.5)),
        Style::Slice => (RGBColor(255, 255, 255).mix(0.8), w(1.0)),
        Style::Curve => (RGBColor(31, 94, 200).mix(1.0), w(2.5)),
        Style::Derivative => (RGBColor(240, 120, 0).mix(0.9), w(2.0)),
        Style::SecondDerivative => (RGBColor(140, 80, 200).mix(0.9), w(1.5)),
        Style::Tangent => (RGBColor(230, 57, 70).mix(1.0), w(2.0)),
        Style::Secant => (RGBColor(46, 160, 67).mix(1.0), w(1.5)),
        Style::Point => (RGBColor(20, 20, 20).mix(1.0), w(2.0)),
        Style::CriticalMin => (RGBColor(46, 160, 67).mix(1.0), w(2.0)),
        Style::CriticalMax => (RGBColor(230, 57, 70).mix(1.0), w(2.0)),
        Style::CriticalSaddle => (RGBColor(255, 183, 3).mix(1.0), w(2.0)),
        Style::CriticalDegenerate => (RGBColor(150, 150, 150).mix(1.0), w(2.0)),
        Style::Path(i) => (PATH_COLORS[i % PATH_COLORS.len()].mix(1.0), w(2.5)),
        Style::Traced => (RGBColor(240, 120, 0).mix(0.9), w(1.0)),
        Style::Answer => (RGBColor(200, 0, 160).mix(0.9), w(2.0)),
        Style::StepDown => (RGBColor(0, 200, 83).mix(1.0), w(3.0)),
        Style::StepUp => (RGBColor(255, 23, 68).mix(1.0), w(3.0)),
        Style::SurfaceSlice => (RGBColor(255, 255, 255).mix(0.95), w(2.0)),
        Style::FloorContour => (RGBColor(110, 110, 130).mix(0.8), w(1.0)),
        Style::Axis => (RGBColor(120, 120, 120).mix(1.0), w(1.0)),
        Style::TangentPlane => (RGBColor(230, 57, 70).mix(0.35), w(1.5)),
        Style::Taylor => (RGBColor(200, 0, 160).mix(0.95), w(2.5)),
        Style::Quadratic => (RGBColor(255, 64, 160).mix(0.9), w(1.5)),
        Style::Eigen => (RGBColor(255, 255, 255).mix(1.0), w(2.0)),
        Style::Newton => (RGBColor(255, 64, 160).mix(1.0), w(2.5)),
    };
    ShapeStyle { color, filled: false, stroke_width: width }
}

/// How a chart series is stroked.
pub fn series_style(style: SeriesStyle, scale: f64) -> ShapeStyle {
    let w = |px: f64| (px * scale).round().max(1.0) as u32;
    let (color, width): (RGBAColor, u32) = match style {
        SeriesStyle::Main => (RGBColor(31, 94, 200).mix(1.0), w(2.0)),
        SeriesStyle::Tangent => (RGBColor(230, 57, 70).mix(1.0), w(1.5)),
        SeriesStyle::Second => (RGBColor(240, 120, 0).mix(1.0), w(2.0)),
        SeriesStyle::Run(i) => (PATH_COLORS[i % PATH_COLORS.len()].mix(1.0), w(2.0)),
        SeriesStyle::Cursor => (RGBColor(120, 120, 120).mix(0.8), w(1.0)),
    };
    ShapeStyle { color, filled: false, stroke_width: width }
}

