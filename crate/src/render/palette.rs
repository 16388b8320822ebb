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
        // Red is ∇f's alone: a tangent is drawn in ink, like the level curve's tangent.
        Style::Tangent => (RGBColor(20, 20, 20).mix(0.85), w(2.0)),
        Style::Secant => (RGBColor(46, 160, 67).mix(1.0), w(1.5)),
        Style::Point => (RGBColor(20, 20, 20).mix(1.0), w(2.0)),
        Style::CriticalMin => (RGBColor(46, 160, 67).mix(1.0), w(2.0)),
        Style::CriticalMax => (RGBColor(123, 44, 191).mix(1.0), w(2.0)),
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
        SeriesStyle::Tangent => (RGBColor(20, 20, 20).mix(0.85), w(1.5)),
        SeriesStyle::Second => (RGBColor(240, 120, 0).mix(1.0), w(2.0)),
        SeriesStyle::Run(i) => (PATH_COLORS[i % PATH_COLORS.len()].mix(1.0), w(2.0)),
        SeriesStyle::Cursor => (RGBColor(120, 120, 120).mix(0.8), w(1.0)),
    };
    ShapeStyle { color, filled: false, stroke_width: width }
}


/// A part of the computational-graph panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkPart {
    /// A node's fill.
    Node,
    /// The node the step computed.
    Current,
    /// A node the step reads.
    Feeding,
    /// The clicked node.
    Selected,
    /// Inside the clicked node's subexpression.
    Part,
    /// A node's frame.
    Frame,
    /// An edge.
    Edge,
    /// An edge of the current step.
    ActiveEdge,
    /// Labels.
    Text,
    /// Edge labels, values and adjoints.
    Muted,
    /// Adjoints (the backward pass), in the gradient's colour.
    Adjoint,
}

/// The colour of a part of the graph panel.
pub fn network_color(part: NetworkPart, theme: Theme) -> RGBColor {
    match theme {
        Theme::Light => match part {
            NetworkPart::Node => RGBColor(255, 255, 255),
            NetworkPart::Current => RGBColor(255, 236, 179),
            NetworkPart::Feeding => RGBColor(227, 239, 255),
            NetworkPart::Selected => RGBColor(255, 214, 232),
            NetworkPart::Part => RGBColor(255, 240, 246),
            NetworkPart::Frame => RGBColor(120, 130, 145),
            NetworkPart::Edge => RGBColor(178, 186, 198),
            NetworkPart::ActiveEdge => RGBColor(240, 120, 0),
            NetworkPart::Text => RGBColor(30, 34, 40),
            NetworkPart::Muted => RGBColor(70, 78, 90),
            NetworkPart::Adjoint => RGBColor(200, 40, 55),
        },
        // The same roles on the dark background: dim fills, light ink.
        Theme::Dark => match part {
            NetworkPart::Node => RGBColor(36, 40, 47),
            NetworkPart::Current => RGBColor(96, 76, 24),
            NetworkPart::Feeding => RGBColor(30, 54, 88),
            NetworkPart::Selected => RGBColor(96, 38, 66),
            NetworkPart::Part => RGBColor(64, 36, 52),
            NetworkPart::Frame => RGBColor(140, 148, 158),
            NetworkPart::Edge => RGBColor(96, 104, 116),
            NetworkPart::ActiveEdge => RGBColor(255, 150, 40),
            NetworkPart::Text => RGBColor(225, 230, 236),
            NetworkPart::Muted => RGBColor(175, 182, 194),
            NetworkPart::Adjoint => RGBColor(255, 120, 130),
        },
    }
}
/// The page's colour scheme: the plot's background, axes and text, and the few strokes that
/// would vanish on a dark background. The heatmap keeps its colormap in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark ink on white.
    #[default]
    Light,
    /// Light ink on a near-black background.
    Dark,
}

impl Theme {
    /// The id used in links and `state()`: "light" or "dark".
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme named `id`, if it is one.
    pub fn from_id(id: &str) -> Option<Theme> {
        match id {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The colours of a plot's frame in one theme: what is not data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    /// Behind everything.
    pub background: RGBColor,
    /// Tick labels and axis names.
    pub text: RGBColor,
    /// A chart's title.
    pub caption: RGBColor,
    /// The axis lines.
    pub axis: RGBColor,
    /// A chart's fine grid.
    pub light_grid: RGBColor,
    /// A chart's main grid.
    pub bold_grid: RGBColor,
    /// The surface's floor, under the mesh.
    pub floor: RGBColor,
}

/// The frame colours of `theme`. Dark text reaches 4.5:1 against its background (WCAG AA).
pub fn ink(theme: Theme) -> Ink {
    match theme {
        Theme::Light => Ink {
            background: RGBColor(255, 255, 255),
            text: RGBColor(60, 60, 60),
            caption: RGBColor(40, 40, 40),
            axis: RGBColor(120, 120, 120),
            light_grid: RGBColor(240, 240, 240),
            bold_grid: RGBColor(225, 225, 225),
            floor: FLOOR,
        },
        Theme::Dark => Ink {
            background: RGBColor(24, 27, 32),
            text: RGBColor(200, 206, 214),
            caption: RGBColor(225, 230, 236),
            axis: RGBColor(140, 148, 158),
            light_grid: RGBColor(36, 40, 47),
            bold_grid: RGBColor(50, 55, 64),
            floor: RGBColor(52, 58, 68),
        },
    }
}

/// How a scene style is stroked in `theme`: the dark theme lightens the strokes drawn on the
/// background itself (the curve, the point, the slope lines); what is drawn on the heatmap
/// keeps its colour.
pub fn themed_style(style: Style, scale: f64, theme: Theme) -> ShapeStyle {
    let base = style_of(style, scale);
    if theme == Theme::Light {
        return base;
    }
    let color = match style {
        Style::Curve => RGBColor(110, 168, 255).mix(1.0),
        Style::Point => RGBColor(240, 240, 240).mix(1.0),
        Style::SecondDerivative => RGBColor(190, 140, 250).mix(0.95),
        Style::Tangent => RGBColor(235, 235, 235).mix(0.9),
        _ => return base,
    };
    ShapeStyle { color, ..base }
}

/// How a chart series is stroked in `theme` (see [`themed_style`]).
pub fn themed_series_style(style: SeriesStyle, scale: f64, theme: Theme) -> ShapeStyle {
    let base = series_style(style, scale);
    if theme == Theme::Light {
        return base;
    }
    let color = match style {
        SeriesStyle::Main => RGBColor(110, 168, 255).mix(1.0),
        SeriesStyle::Cursor => RGBColor(170, 176, 186).mix(0.9),
        SeriesStyle::Tangent => RGBColor(235, 235, 235).mix(0.9),
        _ => return base,
    };
    ShapeStyle { color, ..base }
}
