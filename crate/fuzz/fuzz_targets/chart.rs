//! Fuzz target `chart`: random ranges (NaN, ±inf, ±f64::MAX, subnormals, near-equal ends) and
//! series through `Chart::new`, `fit_y` and `render_chart` into an SVG string.
//!
//! The promise checked is issue 11's: every range either draws or is refused in words, and
//! rendering always returns (libFuzzer's -timeout turns a hang into a crash).

#![no_main]

use libfuzzer_sys::fuzz_target;
use nabla::view::chart::{Chart, Series, SeriesStyle};
use nabla::render::{drawable_range, render_chart, TOO_LARGE};
use plotters::prelude::*;

/// A float from a tag byte: the edge values most of the time, otherwise 8 raw bytes.
fn float(data: &mut &[u8]) -> f64 {
    let mut byte = || match data.split_first() {
        Some((&b, rest)) => {
            *data = rest;
            b
        }
        None => 0,
    };
    match byte() % 12 {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => -f64::MAX,
        3 => f64::MAX,
        4 => 5e-324,
        5 => 8e307 * f64::from(byte()) / 255.0,
        6 => 1e20 + f64::from(byte()),
        7 => f64::from(byte()) - 128.0,
        _ => {
            let mut raw = [0u8; 8];
            for b in &mut raw {
                *b = byte();
            }
            f64::from_le_bytes(raw)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut data = data;
    let x = (float(&mut data), float(&mut data));
    let y = (float(&mut data), float(&mut data));
    let n = usize::from(data.first().copied().unwrap_or(0) % 40);
    let points: Vec<[f64; 2]> = (0..n).map(|_| [float(&mut data), float(&mut data)]).collect();
    let mut chart = Chart::new("fuzz", "x", "y", x, y);
    chart.series.push(Series { name: "f".into(), points, style: SeriesStyle::Main });
    if n % 2 == 1 {
        chart.fit_y();
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (200, 120)).into_drawing_area();
        render_chart(&root, &chart, 1.0).expect("a chart always renders");
    }
    let (x0, x1) = chart.x_range;
    let (y0, y1) = chart.y_range;
    let drawable = drawable_range(x0, x1) && drawable_range(y0, y1);
    assert_eq!(svg.contains(TOO_LARGE), !drawable, "{x:?} {y:?} → {:?} {:?}", chart.x_range, chart.y_range);
});
