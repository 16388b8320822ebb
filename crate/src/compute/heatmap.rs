//! Colours a sampled grid into an RGBA image for one blit.
//!
//! The colour range comes from the 2nd and 98th percentiles of the finite values, so a few huge
//! values near a pole (`1/(x^2+y^2)` at the origin) do not wash the rest of the map into one
//! colour. Non-finite samples are transparent: undefined stretches show as gaps.

use crate::compute::colormap::VIRIDIS;

/// An RGBA image, row 0 at the **top** (image order), ready for `putImageData`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heatmap {
    /// Width in samples.
    pub nx: usize,
    /// Height in samples.
    pub ny: usize,
    /// `nx * ny * 4` bytes.
    pub rgba: Vec<u8>,
    /// The values mapped to the first and last colour.
    pub range: (f64, f64),
}

/// The values to map to the ends of the colour scale, or `None` if nothing is finite.
pub fn color_range(values: &[f64]) -> Option<(f64, f64)> {
    // A strided sample of up to 4096 finite values is plenty for percentiles.
    let stride = (values.len() / 4096).max(1);
    let mut sample: Vec<f64> = values.iter().step_by(stride).copied().filter(|v| v.is_finite()).collect();
    if sample.is_empty() {
        sample = values.iter().copied().filter(|v| v.is_finite()).take(4096).collect();
    }
    if sample.is_empty() {
        return None;
    }
    sample.sort_by(f64::total_cmp);
    let at = |q: f64| sample[((sample.len() - 1) as f64 * q).round() as usize];
    let (mut lo, mut hi) = (at(0.02), at(0.98));
    if hi - lo <= f64::EPSILON * lo.abs().max(hi.abs()).max(1e-300) {
        // A flat function: centre the one value in the scale.
        let pad = lo.abs().max(1.0) * 0.5;
        lo -= pad;
        hi += pad;
    }
    // Padding a value near f64::MAX would overflow: the ends stay finite.
    Some((lo.max(-f64::MAX), hi.min(f64::MAX)))
}

/// `range` (a robust one, without f's tails) widened to f's own least and greatest finite value
/// where they lie within one more span of it: a bowl's bottom or a cusp comes back, a pole's
/// spike (1/x, 1/(x² + y²)) stays out.
pub fn with_near_extremes(values: &[f64], (lo, hi): (f64, f64)) -> (f64, f64) {
    let span = hi - lo;
    let (min, max) = values.iter().filter(|v| v.is_finite()).fold((lo, hi), |(a, b), &v| (a.min(v), b.max(v)));
    (if min >= lo - span { min } else { lo }, if max <= hi + span { max } else { hi })
}

/// Paints `values` (grid order: row 0 at the bottom) as an image (row 0 at the top).
pub fn paint(values: &[f64], nx: usize, ny: usize, range: (f64, f64)) -> Heatmap {
    let mut rgba = vec![0u8; nx * ny * 4];
    let (lo, hi) = range;
    let scale = if hi > lo { (VIRIDIS.len() - 1) as f64 / (hi - lo) } else { 0.0 };
    for j in 0..ny {
        let src = &values[j * nx..(j + 1) * nx];
        let dst_row = ny - 1 - j;
        let dst = &mut rgba[dst_row * nx * 4..(dst_row + 1) * nx * 4];
        for (v, px) in src.iter().zip(dst.chunks_exact_mut(4)) {
            if v.is_finite() {
                let k = ((v - lo) * scale).clamp(0.0, (VIRIDIS.len() - 1) as f64) as usize;
                let [r, g, b] = VIRIDIS[k];
                px.copy_from_slice(&[r, g, b, 255]);
            }
        }
    }
    Heatmap { nx, ny, rgba, range }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_ignores_outliers_and_non_finite_values() {
        let mut values: Vec<f64> = (0..1000).map(|i| i as f64 / 999.0).collect();
        values[10] = 1e300;
        values[11] = f64::NAN;
        values[12] = f64::INFINITY;
        let (lo, hi) = color_range(&values).expect("has finite values");
        assert!(lo < 0.03 && hi > 0.97 && hi < 1.0001, "{lo} {hi}");
        assert_eq!(color_range(&[f64::NAN, f64::INFINITY]), None);
    }

    #[test]
    fn flat_functions_get_a_usable_range() {
        let (lo, hi) = color_range(&[2.0; 16]).expect("finite");
        assert!(lo < 2.0 && hi > 2.0);
        let (lo, hi) = color_range(&[f64::MAX; 4]).expect("finite");
        assert!(lo.is_finite() && hi.is_finite() && lo < hi);
    }

    #[test]
    fn image_rows_are_flipped_and_gaps_are_transparent() {
        // 1×2 grid: bottom row 0.0, top row NaN.
        let h = paint(&[0.0, f64::NAN], 1, 2, (0.0, 1.0));
        assert_eq!(&h.rgba[0..4], &[0, 0, 0, 0]);
        assert_eq!(&h.rgba[4..8], &[VIRIDIS[0][0], VIRIDIS[0][1], VIRIDIS[0][2], 255]);
    }
}
