//! Draws the computational-graph panel ([`NetworkScene`]) on any plotters backend: edges with
//! their local derivatives, then the nodes with their values and adjoints.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::compute::geometry::PlotRect;
use crate::render::palette::{ink, network_color, NetworkPart, Theme};
use crate::view::network::{Emphasis, NetworkScene};

/// Draws `scene` filling `root` (columns and rows spread evenly); returns each node's box in
/// pixels, in the scene's order, so a click can be matched to a node.
pub fn render_network<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, scene: &NetworkScene, scale: f64, theme: Theme) -> Result<Vec<PlotRect>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("drawing failed: {e}");
    let s = scale.clamp(0.5, 4.0);
    let background = ink(theme).background;
    root.fill(&background).map_err(|e| fail(&e))?;
    if scene.nodes.is_empty() || scene.layers == 0 || scene.rows == 0 {
        root.present().map_err(|e| fail(&e))?;
        return Ok(Vec::new());
    }
    let (w, h) = root.dim_in_pixel();
    let (col, row) = (f64::from(w) / scene.layers as f64, f64::from(h) / scene.rows as f64);
    let centre = |at: [f64; 2]| ((at[0] + 0.5) * col, (at[1] + 0.5) * row);
    // Boxes take two thirds of a column: the gap between columns holds the edge labels.
    let (half_w, half_h) = ((col * 0.34).min(40.0 * s), (row * 0.42).min(27.0 * s));
    let ip = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let centred = Pos::new(HPos::Center, VPos::Center);
    let (muted, active, adjoint) = (network_color(NetworkPart::Muted, theme), network_color(NetworkPart::ActiveEdge, theme), network_color(NetworkPart::Adjoint, theme));
    let small = ("sans-serif", 10.0 * s).into_font().color(&muted).pos(centred);
    // Edge labels go on top of everything, so a box never hides one.
    let mut labels: Vec<(String, f64, f64, bool)> = Vec::new();
    for edge in &scene.edges {
        let (Some(from), Some(to)) = (scene.nodes.get(edge.from), scene.nodes.get(edge.to)) else { continue };
        let (fx, fy) = centre(from.at);
        let (tx, ty) = centre(to.at);
        let mut points = vec![(fx + half_w, fy)];
        points.extend(edge.via.iter().map(|&v| centre(v)));
        points.push((tx - half_w, ty));
        let (color, width) = if edge.active { (network_color(NetworkPart::ActiveEdge, theme), 2.5) } else { (network_color(NetworkPart::Edge, theme), 1.2) };
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: (width * s).round().max(1.0) as u32 };
        let pixels: Vec<(i32, i32)> = points.iter().map(|&(x, y)| ip(x, y)).collect();
        root.draw(&PathElement::new(pixels, style)).map_err(|e| fail(&e))?;
        // An arrowhead where the edge enters its reader.
        let head = ShapeStyle { filled: true, ..style };
        let (ex, ey) = (tx - half_w, ty);
        let a = 4.0 * s;
        root.draw(&Polygon::new(vec![ip(ex, ey), ip(ex - 2.0 * a, ey - a), ip(ex - 2.0 * a, ey + a)], head)).map_err(|e| fail(&e))?;
        if let Some(label) = &edge.label {
            // On the last segment, just before the reader: edges into one node fan apart there.
            let (ax, ay) = points[points.len() - 2];
            labels.push((label.clone(), ax + 0.5 * (ex - ax), ay + 0.5 * (ey - ay), edge.active));
        }
    }
    let mut boxes = Vec::with_capacity(scene.nodes.len());
    let ink = network_color(NetworkPart::Text, theme);
    let bold = ("sans-serif", 12.0 * s, FontStyle::Bold).into_font().color(&ink).pos(centred);
    for node in &scene.nodes {
        let (cx, cy) = centre(node.at);
        let fill = match node.emphasis {
            Emphasis::Plain => NetworkPart::Node,
            Emphasis::Current => NetworkPart::Current,
            Emphasis::Feeding => NetworkPart::Feeding,
            Emphasis::Selected => NetworkPart::Selected,
            Emphasis::Part => NetworkPart::Part,
        };
        let corners = [ip(cx - half_w, cy - half_h), ip(cx + half_w, cy + half_h)];
        root.draw(&Rectangle::new(corners, network_color(fill, theme).filled())).map_err(|e| fail(&e))?;
        let frame_width = if node.end || node.emphasis != Emphasis::Plain { 2.0 } else { 1.0 };
        let frame = ShapeStyle { color: network_color(NetworkPart::Frame, theme).to_rgba(), filled: false, stroke_width: (frame_width * s).round().max(1.0) as u32 };
        root.draw(&Rectangle::new(corners, frame)).map_err(|e| fail(&e))?;
        let lines = 1 + usize::from(node.value.is_some()) + usize::from(node.adjoint.is_some());
        let pitch = (half_h * 2.0 / 3.2).min(14.0 * s);
        let mut y = cy - pitch * (lines as f64 - 1.0) / 2.0;
        root.draw(&Text::new(node.label.clone(), ip(cx, y), bold.clone())).map_err(|e| fail(&e))?;
        if let Some(v) = &node.value {
            y += pitch;
            root.draw(&Text::new(v.clone(), ip(cx, y), small.clone())).map_err(|e| fail(&e))?;
        }
        if let Some(a) = &node.adjoint {
            y += pitch;
            root.draw(&Text::new(a.clone(), ip(cx, y), small.clone().color(&adjoint))).map_err(|e| fail(&e))?;
        }
        boxes.push(PlotRect { left: cx - half_w, top: cy - half_h, width: 2.0 * half_w, height: 2.0 * half_h });
    }
    for (label, lx, ly, is_active) in &labels {
        let (tw, th) = root.estimate_text_size(label, &small).unwrap_or((0, 0));
        let (hw, hh) = (f64::from(tw) / 2.0 + 2.0 * s, f64::from(th) / 2.0 + 2.0 * s);
        root.draw(&Rectangle::new([ip(lx - hw, ly - hh), ip(lx + hw, ly + hh)], background.mix(0.85).filled())).map_err(|e| fail(&e))?;
        let style = if *is_active { small.clone().color(&active) } else { small.clone() };
        root.draw(&Text::new(label.clone(), ip(*lx, *ly), style)).map_err(|e| fail(&e))?;
    }
    root.present().map_err(|e| fail(&e))?;
    Ok(boxes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::dag::Dag;
    use crate::expr::parse;
    use crate::view::network::{layout, network};

    fn svg_of(text: &str, step: usize, selected: Option<usize>) -> (String, Vec<PlotRect>) {
        let parsed = parse(text).expect("reads");
        let dag = Dag::build(&parsed.expr, &parsed.vars).expect("small");
        let sweep = dag.sweep(&[1.0, 2.0]);
        let (scene, _) = network(&dag, &layout(&dag), &sweep, &[1.0, 2.0], step, selected);
        let mut svg = String::new();
        let boxes = {
            let root = SVGBackend::with_string(&mut svg, (480, 200)).into_drawing_area();
            render_network(&root, &scene, 1.0, Theme::Light).expect("draws")
        };
        (svg, boxes)
    }

    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text").skip(1).filter_map(|t| Some(t.split('>').nth(1)?.split('<').next()?.trim().to_string())).collect()
    }

    #[test]
    fn every_node_is_a_box_with_its_label_value_and_adjoint() {
        let (svg, boxes) = svg_of("sin(xy) + cos(xy)", 12, None);
        assert_eq!(boxes.len(), 6);
        let t = texts(&svg);
        for want in ["x", "y", "×", "sin", "cos", "+", "v = 2", "∂ = -1.325", "v = 0.9093", "∂ = 1"] {
            assert!(t.iter().any(|s| s == want), "{want} in {t:?}");
        }
        // Edge labels: ∂(xy)/∂x = y = 2 and ∂sin/∂(xy) = cos 2.
        assert!(t.iter().any(|s| s == "-0.4161"), "{t:?}");
        // Boxes do not overlap and stay inside the canvas.
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.left >= 0.0 && a.top >= 0.0 && a.left + a.width <= 480.0 && a.top + a.height <= 200.0, "{a:?}");
            for b in &boxes[i + 1..] {
                let apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
                assert!(apart, "{a:?} {b:?}");
            }
        }
        // Inputs on the left, f on the right.
        assert!(boxes[0].left < boxes[2].left && boxes[2].left < boxes[5].left);
    }

    #[test]
    fn before_the_forward_pass_nodes_show_only_their_operation() {
        let (svg, _) = svg_of("sin(xy) + cos(xy)", 0, None);
        let t = texts(&svg);
        assert!(!t.iter().any(|s| s.starts_with("v =") || s.starts_with("∂ =")), "{t:?}");
        // Six labels, no edge labels yet.
        assert_eq!(t.len(), 6, "{t:?}");
    }
}
