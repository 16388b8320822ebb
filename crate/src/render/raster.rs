//! A small z-buffered rasterizer writing one RGBA image: shaded triangles (colours interpolated
//! across each), translucent triangles, thick lines and dots, each tested against the depth
//! buffer. The image goes through the same blit as the heatmap, so it needs no GPU and draws
//! the same in every browser, headless ones with `--disable-gpu` included, and in native tests.
//!
//! Pixel coordinates are y down with pixel (i, j) covering [i, i + 1) × [j, j + 1); depth grows
//! towards the eye. Each pixel also remembers which triangle it shows, for picking.

use crate::compute::heatmap::Heatmap;

/// What a pixel shows when no triangle covers it.
pub const NO_FACET: u32 = u32::MAX;

/// The image with its depth and triangle buffers.
#[derive(Debug, Default)]
pub struct Raster {
    /// The colours (`image.nx × image.ny` pixels), ready for the blit.
    pub image: Heatmap,
    depth: Vec<f32>,
    ids: Vec<u32>,
    /// The mesh's corner colours, kept while the mesh is the same (see `render/surface.rs`).
    pub shades: (Option<ShadeKey>, Vec<[[f32; 3]; 3]>),
    /// A copy of the buffers after the mesh, floor and level curves were drawn, and what they
    /// were drawn for: moving the point redraws only what is over them.
    base: Option<(u64, Vec<u8>, Vec<f32>, Vec<u32>)>,
}

/// What the kept colours were computed for: facet count, z range, two corners of the first facet.
pub type ShadeKey = (usize, u64, u64, [u64; 3], [u64; 3]);

/// A point on screen: `[px, py, depth]`.
pub type ScreenPoint = [f64; 3];

fn edge(a: ScreenPoint, b: ScreenPoint, px: f64, py: f64) -> f64 {
    (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0])
}

impl Raster {
    /// Clears to transparent at `width × height`, reusing the buffers.
    pub fn clear(&mut self, width: usize, height: usize) {
        let n = width * height;
        self.image.nx = width;
        self.image.ny = height;
        self.image.rgba.clear();
        self.image.rgba.resize(n * 4, 0);
        self.depth.clear();
        self.depth.resize(n, f32::NEG_INFINITY);
        self.ids.clear();
        self.ids.resize(n, NO_FACET);
    }

    /// Keeps the buffers as they are now as the base drawn for `key`.
    pub fn keep_base(&mut self, key: u64) {
        let (kept, rgba, depth, ids) = self.base.get_or_insert_with(Default::default);
        *kept = key;
        rgba.clone_from(&self.image.rgba);
        depth.clone_from(&self.depth);
        ids.clone_from(&self.ids);
    }

    /// Puts the base kept for `key` back at `width × height`; false (and nothing changed) when
    /// the base kept is another one.
    pub fn restore_base(&mut self, key: u64, width: usize, height: usize) -> bool {
        match &self.base {
            Some((k, rgba, depth, ids)) if *k == key && depth.len() == width * height => {
                self.image.nx = width;
                self.image.ny = height;
                self.image.rgba.clone_from(rgba);
                self.depth.clone_from(depth);
                self.ids.clone_from(ids);
                true
            }
            _ => false,
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.image.nx
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.image.ny
    }

    /// The triangle shown at a pixel, if any.
    pub fn facet_at(&self, px: f64, py: f64) -> Option<u32> {
        if !(px >= 0.0 && py >= 0.0) {
            return None;
        }
        let (i, j) = (px as usize, py as usize);
        if i >= self.width() || j >= self.height() {
            return None;
        }
        Some(self.ids[j * self.width() + i]).filter(|&id| id != NO_FACET)
    }

    /// The colour at a pixel, `[r, g, b, a]` (for tests).
    pub fn pixel(&self, i: usize, j: usize) -> [u8; 4] {
        let k = 4 * (j * self.width() + i);
        [self.image.rgba[k], self.image.rgba[k + 1], self.image.rgba[k + 2], self.image.rgba[k + 3]]
    }

    /// Fills a triangle with colours interpolated from its corners, where it is nearer than
    /// what is drawn: with `alpha` < 1 it is blended and leaves depth and ids alone.
    pub fn triangle(&mut self, p: [ScreenPoint; 3], colors: [[f32; 3]; 3], id: u32, alpha: f32) {
        if !p.iter().flatten().all(|v| v.is_finite()) {
            return;
        }
        let area = edge(p[0], p[1], p[2][0], p[2][1]);
        if area.abs() < 1e-9 {
            return;
        }
        let (w, h) = (self.width() as f64, self.height() as f64);
        let lo = |k: usize| p.iter().map(|q| q[k]).fold(f64::INFINITY, f64::min);
        let hi = |k: usize| p.iter().map(|q| q[k]).fold(f64::NEG_INFINITY, f64::max);
        let (x0, x1) = ((lo(0) - 0.5).floor().max(0.0), (hi(0) - 0.5).ceil().min(w - 1.0));
        let (y0, y1) = ((lo(1) - 0.5).floor().max(0.0), (hi(1) - 0.5).ceil().min(h - 1.0));
        if x0 > x1 || y0 > y1 {
            return;
        }
        let inv = 1.0 / area;
        // Barycentric weights are linear in x: step them along each row.
        let (d0, d1) = (-(p[2][1] - p[1][1]) * inv, -(p[0][1] - p[2][1]) * inv);
        let opaque = alpha >= 1.0;
        let width = self.width();
        // Shared edges are filled by both triangles (a hair of overlap, never a crack).
        let eps = -1e-7;
        let d2 = -(d0 + d1);
        let last = x1 - x0;
        for j in y0 as usize..=y1 as usize {
            let py = j as f64 + 0.5;
            let px0 = x0 + 0.5;
            let a0 = edge(p[1], p[2], px0, py) * inv;
            let a1 = edge(p[2], p[0], px0, py) * inv;
            let a2 = 1.0 - a0 - a1;
            // Each weight is linear along the row: the pixels where all three are ≥ 0 are one
            // span, found directly rather than by testing the whole bounding box.
            let (mut lo, mut hi) = (0.0f64, last);
            for (a, d) in [(a0, d0), (a1, d1), (a2, d2)] {
                if d > 0.0 {
                    lo = lo.max((eps - a) / d);
                } else if d < 0.0 {
                    hi = hi.min((eps - a) / d);
                } else if a < eps {
                    hi = -1.0;
                }
            }
            if !(lo <= hi) {
                continue;
            }
            let (start, end) = (lo.ceil().max(0.0), hi.floor().min(last));
            if start > end {
                continue;
            }
            // Depth and colour are linear along the row too: stepped by one addition each.
            let at = |t: f64, v: [f64; 3]| (a0 + d0 * t) * v[0] + (a1 + d1 * t) * v[1] + (a2 + d2 * t) * v[2];
            let zs = [p[0][2], p[1][2], p[2][2]];
            let mut z = at(start, zs);
            let dz = d0 * zs[0] + d1 * zs[1] + d2 * zs[2];
            let channel = |c: usize| [colors[0][c] as f64, colors[1][c] as f64, colors[2][c] as f64];
            let mut rgb = [0, 1, 2].map(|c| at(start, channel(c)));
            let drgb = [0, 1, 2].map(|c| {
                let v = channel(c);
                d0 * v[0] + d1 * v[1] + d2 * v[2]
            });
            let row = j * width + x0 as usize;
            for k in row + start as usize..=row + end as usize {
                let zf = z as f32;
                if zf >= self.depth[k] {
                    let c = [0, 1, 2].map(|c| rgb[c].clamp(0.0, 255.0) as f32);
                    let px = &mut self.image.rgba[4 * k..4 * k + 4];
                    if opaque {
                        self.depth[k] = zf;
                        self.ids[k] = id;
                        px.copy_from_slice(&[c[0] as u8, c[1] as u8, c[2] as u8, 255]);
                    } else {
                        blend(px, c, alpha);
                    }
                }
                z += dz;
                for c in 0..3 {
                    rgb[c] += drgb[c];
                }
            }
        }
    }

    /// A line `width` pixels thick from `a` to `b`, shown where it is no more than `bias`
    /// behind what is drawn (so a curve on the surface is not hidden by the surface itself).
    pub fn line(&mut self, a: ScreenPoint, b: ScreenPoint, rgb: [f32; 3], alpha: f32, width: f64, bias: f32) {
        if !a.iter().chain(&b).all(|v| v.is_finite()) {
            return;
        }
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let steps = dx.abs().max(dy.abs()).ceil().clamp(1.0, 20_000.0) as usize;
        let half = 0.5 * width.max(1.0);
        let (w, h) = (self.width() as i64, self.height() as i64);
        let r = half.ceil() as i64;
        for s in 0..=steps {
            let t = s as f64 / steps as f64;
            let (x, y, z) = (a[0] + t * dx, a[1] + t * dy, (a[2] + t * (b[2] - a[2])) as f32);
            let (ci, cj) = (x.floor() as i64, y.floor() as i64);
            for j in (cj - r + 1).max(0)..=(cj + r - 1).min(h - 1) {
                for i in (ci - r + 1).max(0)..=(ci + r - 1).min(w - 1) {
                    let k = (j * w + i) as usize;
                    if z + bias >= self.depth[k] {
                        blend(&mut self.image.rgba[4 * k..4 * k + 4], rgb, alpha);
                    }
                }
            }
        }
    }

    /// A filled dot with a white rim, on top of everything.
    pub fn dot(&mut self, at: [f64; 2], radius: f64, rgb: [f32; 3]) {
        if !(at[0].is_finite() && at[1].is_finite()) {
            return;
        }
        let (w, h) = (self.width() as i64, self.height() as i64);
        let rim = radius + 1.5_f64.max(radius * 0.25);
        let r = rim.ceil() as i64;
        let (ci, cj) = (at[0].floor() as i64, at[1].floor() as i64);
        for j in (cj - r).max(0)..=(cj + r).min(h - 1) {
            for i in (ci - r).max(0)..=(ci + r).min(w - 1) {
                let d = ((i as f64 + 0.5 - at[0]).powi(2) + (j as f64 + 0.5 - at[1]).powi(2)).sqrt();
                let k = (j * w + i) as usize;
                let px = &mut self.image.rgba[4 * k..4 * k + 4];
                if d <= radius {
                    blend(px, rgb, 1.0);
                } else if d <= rim {
                    blend(px, [255.0; 3], 1.0);
                }
            }
        }
    }
}

/// `rgb` over the pixel with opacity `alpha` (a transparent pixel takes the colour).
fn blend(px: &mut [u8], rgb: [f32; 3], alpha: f32) {
    let a = alpha.clamp(0.0, 1.0);
    if px[3] == 0 {
        px.copy_from_slice(&[rgb[0] as u8, rgb[1] as u8, rgb[2] as u8, (a * 255.0) as u8]);
        return;
    }
    for c in 0..3 {
        px[c] = (px[c] as f32 * (1.0 - a) + rgb[c] * a) as u8;
    }
    px[3] = px[3].max((a * 255.0) as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearer_of_two_overlapping_facets_is_shown_whichever_is_drawn_first() {
        let red = [[255.0, 0.0, 0.0]; 3];
        let blue = [[0.0, 0.0, 255.0]; 3];
        // Two triangles covering the centre (10, 10): red at depth 0.5, blue at depth −0.5.
        let near = [[0.0, 0.0, 0.5], [20.0, 0.0, 0.5], [10.0, 20.0, 0.5]];
        let far = [[0.0, 20.0, -0.5], [20.0, 20.0, -0.5], [10.0, 0.0, -0.5]];
        for order in [[0, 1], [1, 0]] {
            let mut r = Raster::default();
            r.clear(20, 20);
            for k in order {
                if k == 0 {
                    r.triangle(near, red, 1, 1.0);
                } else {
                    r.triangle(far, blue, 2, 1.0);
                }
            }
            assert_eq!(r.pixel(10, 10), [255, 0, 0, 255], "order {order:?}");
            assert_eq!(r.facet_at(10.5, 10.5), Some(1));
            // Where only the far one is, it shows.
            assert_eq!(r.pixel(1, 18), [0, 0, 255, 255]);
            assert_eq!(r.facet_at(1.5, 18.5), Some(2));
            // Outside both: transparent, no facet.
            assert_eq!(r.facet_at(0.5, 10.5), None);
        }
    }

    #[test]
    fn a_tilted_facet_wins_where_it_is_in_front_and_loses_where_it_is_behind() {
        // A flat facet at depth 0 and one crossing it: depth −1 on the left, +1 on the right.
        let mut r = Raster::default();
        r.clear(40, 10);
        r.triangle([[0.0, 0.0, 0.0], [40.0, 0.0, 0.0], [0.0, 40.0, 0.0]], [[0.0, 255.0, 0.0]; 3], 1, 1.0);
        r.triangle([[0.0, 0.0, -1.0], [40.0, 0.0, 1.0], [40.0, 40.0, 1.0]], [[255.0, 0.0, 255.0]; 3], 2, 1.0);
        assert_eq!(r.facet_at(30.5, 2.5), Some(2));
        assert_eq!(r.facet_at(12.5, 2.5), Some(1));
    }

    #[test]
    fn lines_behind_a_facet_are_hidden_and_translucent_facets_keep_depth() {
        let mut r = Raster::default();
        r.clear(20, 20);
        r.triangle([[0.0, 0.0, 0.0], [20.0, 0.0, 0.0], [0.0, 20.0, 0.0]], [[0.0, 0.0, 0.0]; 3], 1, 1.0);
        r.line([0.0, 2.0, -1.0], [20.0, 2.0, -1.0], [255.0; 3], 1.0, 1.0, 0.01);
        assert_eq!(r.pixel(5, 2), [0, 0, 0, 255], "hidden behind the facet");
        assert_eq!(r.pixel(19, 2)[..3], [255, 255, 255], "beside it, the line shows");
        r.line([0.0, 4.0, 0.0], [20.0, 4.0, 0.0], [255.0; 3], 1.0, 1.0, 0.01);
        assert_eq!(r.pixel(5, 4)[..3], [255, 255, 255], "a curve on the facet shows");
        r.triangle([[0.0, 0.0, 0.5], [20.0, 0.0, 0.5], [0.0, 20.0, 0.5]], [[200.0, 0.0, 0.0]; 3], 3, 0.5);
        assert_eq!(r.pixel(8, 8), [100, 0, 0, 255]);
        assert_eq!(r.facet_at(8.5, 8.5), Some(1), "a translucent plane is not picked");
    }
}
