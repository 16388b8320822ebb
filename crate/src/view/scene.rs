//! A frame to draw, as plain data in world coordinates: what the views computed, nothing more.
//! Building a scene is computation; drawing it is [`crate::render`]'s job.

use crate::compute::geometry::View;
use crate::compute::heatmap::Heatmap;

/// What a drawn element means; the renderer picks colours and widths from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Style {
    /// A level curve of the map.
    Contour,
    /// The level curve through the selected point.
    ContourHighlight,
    /// The tangent of the level curve at the point (perpendicular to ∇f).
    LevelTangent,
    /// A gradient-field arrow with its relative strength in [0, 1].
    Field(f64),
    /// ∇f at the selected point.
    Gradient,
    /// The direction u of the directional derivative.
    Direction,
    /// The slices y = y₀ and x = x₀ through the point on the map.
    Slice,
    /// The graph of f (one variable).
    Curve,
    /// The graph of f′.
    Derivative,
    /// The graph of f″.
    SecondDerivative,
    /// The tangent line at the point.
    Tangent,
    /// The secant through (a, f(a)) and (a + h, f(a + h)).
    Secant,
    /// The selected point.
    Point,
    /// A critical point of each kind.
    CriticalMin,
    /// A local maximum.
    CriticalMax,
    /// A saddle point.
    CriticalSaddle,
    /// A critical point the second-derivative test cannot classify.
    CriticalDegenerate,
    /// Descent path of the run with this index.
    Path(usize),
    /// A dot (a, f′(a)) the learner left while dragging.
    Traced,
    /// The learner's own f′, typed to be checked, drawn beside the exact one.
    Answer,
    /// A descent step that lowered f (green).
    StepDown,
    /// A descent step that raised f (red).
    StepUp,
    /// A slice through the point drawn on the surface: f(x, y₀) or f(x₀, y).
    SurfaceSlice,
    /// A level curve projected on the floor under the surface.
    FloorContour,
    /// The surface's box, axes and ticks.
    Axis,
    /// The tangent plane (or quadratic model) at the point, and its outline.
    TangentPlane,
    /// The Taylor polynomial Tₙ drawn over f (one variable).
    Taylor,
    /// A level curve of the quadratic (or linear) model around the point.
    Quadratic,
    /// An eigenvector axis of the Hessian at the point.
    Eigen,
    /// The Newton step −H⁻¹∇f.
    Newton,
}

/// A polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct Polyline {
    /// Vertices.
    pub points: Vec<[f64; 2]>,
    /// Meaning.
    pub style: Style,
}

/// An arrow from tail to head.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Tail.
    pub from: [f64; 2],
    /// Head.
    pub to: [f64; 2],
    /// Meaning.
    pub style: Style,
}

/// A dot.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Position.
    pub at: [f64; 2],
    /// Meaning.
    pub style: Style,
}

/// A short text at a world position.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Position (left end of the baseline).
    pub at: [f64; 2],
    /// Text.
    pub text: String,
}

/// Everything one frame shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    /// The visible window.
    pub view: View,
    /// The map's colours, if this is a map.
    pub heatmap: Option<Heatmap>,
    /// Lines, drawn in order.
    pub polylines: Vec<Polyline>,
    /// Arrows, drawn after lines.
    pub arrows: Vec<Arrow>,
    /// Dots, drawn after arrows.
    pub markers: Vec<Marker>,
    /// Texts, drawn last.
    pub labels: Vec<Label>,
    /// Axis names.
    pub axis_names: (String, String),
}
