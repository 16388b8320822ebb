//! Tests of `colormap`.

use super::*;

/// CIE L* (D65) of an sRGB colour, from the sRGB transfer curve and Rec. 709 luminance weights.
fn lightness(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let y = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    let f = if y > 216.0 / 24389.0 {
        y.cbrt()
    } else {
        (24389.0 / 27.0 * y + 16.0) / 116.0
    };
    116.0 * f - 16.0
}

#[test]
fn endpoints_match_matplotlib_hex() {
    // #440154 and #fde725 are matplotlib's documented first and last viridis colours.
    assert_eq!(viridis(0.0), Some([0x44, 0x01, 0x54]));
    assert_eq!(viridis(1.0), Some([0xfd, 0xe7, 0x25]));
    assert_eq!(VIRIDIS[0], [68, 1, 84]);
    assert_eq!(VIRIDIS[255], [253, 231, 37]);
}

#[test]
fn midpoint_matches_matplotlib() {
    // matplotlib: to_hex(viridis(0.5)) == '#21918c' (entry 128); entry 127 is '#21908d'.
    assert_eq!(viridis(0.5), Some([0x21, 0x91, 0x8c]));
    assert_eq!(VIRIDIS[127], [0x21, 0x90, 0x8d]);
}

#[test]
fn every_grid_value_picks_its_own_entry() {
    for (i, rgb) in VIRIDIS.iter().enumerate() {
        assert_eq!(viridis(i as f64 / 255.0), Some(*rgb), "entry {i}");
    }
}

#[test]
fn out_of_range_is_clamped() {
    assert_eq!(viridis(-0.5), viridis(0.0));
    assert_eq!(viridis(f64::NEG_INFINITY), viridis(0.0));
    assert_eq!(viridis(7.0), viridis(1.0));
    assert_eq!(viridis(f64::INFINITY), viridis(1.0));
    assert_eq!(viridis(1.0 + f64::EPSILON), Some([253, 231, 37]));
}

#[test]
fn nan_is_none() {
    assert_eq!(viridis(f64::NAN), None);
    assert_eq!(viridis(-f64::NAN), None);
}

#[test]
fn lightness_increases() {
    let l: Vec<f64> = VIRIDIS.iter().map(|&c| lightness(c)).collect();
    // Rounding to u8 makes two single steps dip by about 0.03 L*; two steps always rise.
    for i in 0..255 {
        assert!(l[i + 1] > l[i] - 0.1, "step {i}: {} -> {}", l[i], l[i + 1]);
    }
    for i in 0..254 {
        assert!(l[i + 2] > l[i] + 0.2, "pair {i}: {} -> {}", l[i], l[i + 2]);
    }
    assert!((l[0] - 14.9).abs() < 0.1 && (l[255] - 90.9).abs() < 0.1);
}

#[test]
fn channel_sum_rises_overall() {
    // A coarser check independent of the L* formula: brightness sum grows across every 16 entries.
    let sum = |c: [u8; 3]| u32::from(c[0]) + u32::from(c[1]) + u32::from(c[2]);
    for i in 0..240 {
        assert!(sum(VIRIDIS[i + 16]) > sum(VIRIDIS[i]), "window {i}");
    }
}
