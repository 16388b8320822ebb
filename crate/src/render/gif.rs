//! An animation as an animated GIF, for slides that cannot play video: frames come in as RGBA
//! (drawn by whatever drew the plot) and are encoded with the `gif` crate, each frame with its
//! own 256-colour palette (NeuQuant), looping forever.

use gif::{Encoder, Frame, Repeat};

/// Largest side of a frame, in pixels (a slide needs no more; memory stays bounded).
pub const MAX_SIDE: u32 = 2048;
/// Most frames in one animation.
pub const MAX_FRAMES: usize = 600;
/// NeuQuant's speed, 1 (best) to 30 (fastest): 10 is the crate's advice for good colours at speed.
const SPEED: i32 = 10;

/// An animated GIF being written, frame by frame.
pub struct Animation {
    encoder: Encoder<Vec<u8>>,
    width: u16,
    height: u16,
    frames: usize,
}

impl std::fmt::Debug for Animation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Animation({}×{}, {} frames)", self.width, self.height, self.frames)
    }
}

impl Animation {
    /// A looping animation of `width × height` frames.
    pub fn new(width: u32, height: u32) -> Result<Animation, String> {
        if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
            return Err(format!("a GIF frame is 1 to {MAX_SIDE} pixels on each side, not {width}×{height}"));
        }
        let (width, height) = (width as u16, height as u16);
        let mut encoder = Encoder::new(Vec::new(), width, height, &[]).map_err(|e| format!("cannot start the GIF: {e}"))?;
        encoder.set_repeat(Repeat::Infinite).map_err(|e| format!("cannot start the GIF: {e}"))?;
        Ok(Animation { encoder, width, height, frames: 0 })
    }

    /// Adds a frame of RGBA pixels (row 0 at the top), shown for `delay_ms` milliseconds
    /// (GIF counts in hundredths, at least 2: browsers slow shorter delays down to 100 ms).
    pub fn push(&mut self, rgba: &mut [u8], delay_ms: f64) -> Result<(), String> {
        let expected = usize::from(self.width) * usize::from(self.height) * 4;
        if rgba.len() != expected {
            return Err(format!("a {}×{} frame has {expected} RGBA bytes, not {}", self.width, self.height, rgba.len()));
        }
        if self.frames >= MAX_FRAMES {
            return Err(format!("a GIF holds at most {MAX_FRAMES} frames"));
        }
        let mut frame = Frame::from_rgba_speed(self.width, self.height, rgba, SPEED);
        let hundredths = if delay_ms.is_finite() { (delay_ms / 10.0).round().clamp(2.0, 6000.0) } else { 10.0 };
        frame.delay = hundredths as u16;
        self.encoder.write_frame(&frame).map_err(|e| format!("cannot write the GIF frame: {e}"))?;
        self.frames += 1;
        Ok(())
    }

    /// How many frames were added.
    pub fn len(&self) -> usize {
        self.frames
    }

    /// Whether no frame was added yet.
    pub fn is_empty(&self) -> bool {
        self.frames == 0
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        if self.frames == 0 {
            return Err("a GIF needs at least one frame".into());
        }
        self.encoder.into_inner().map_err(|e| format!("cannot finish the GIF: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame of one colour with a moving white square.
    fn frame(w: usize, h: usize, k: usize) -> Vec<u8> {
        let mut rgba = vec![0u8; w * h * 4];
        for y in 0..h {
            for x in 0..w {
                let i = (y * w + x) * 4;
                let inside = x >= k * 4 && x < k * 4 + 4 && y < 4;
                let c = if inside { [255, 255, 255, 255] } else { [68, 1, 84, 255] };
                rgba[i..i + 4].copy_from_slice(&c);
            }
        }
        rgba
    }

    #[test]
    fn frames_decode_back_with_their_size_delay_and_pixels() {
        let mut a = Animation::new(16, 8).expect("size");
        for k in 0..3 {
            a.push(&mut frame(16, 8, k), 100.0).expect("frame");
        }
        assert_eq!(a.len(), 3);
        let bytes = a.finish().expect("gif");
        assert!(bytes.starts_with(b"GIF89a"));
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut decoder = options.read_info(bytes.as_slice()).expect("decodes");
        assert_eq!((decoder.width(), decoder.height()), (16, 8));
        let mut n = 0;
        while let Some(f) = decoder.read_next_frame().expect("frame decodes") {
            assert_eq!(f.delay, 10);
            // The moving square is white where it was drawn, the rest viridis' first colour.
            let px = |x: usize, y: usize| &f.buffer[(y * 16 + x) * 4..(y * 16 + x) * 4 + 3];
            assert_eq!(px(n * 4 + 1, 1), [255, 255, 255]);
            assert_eq!(px(15 - n, 7), [68, 1, 84]);
            n += 1;
        }
        assert_eq!(n, 3);
    }

    #[test]
    fn bad_sizes_and_buffers_are_refused_in_words() {
        assert!(Animation::new(0, 10).is_err());
        assert!(Animation::new(10, MAX_SIDE + 1).is_err());
        let mut a = Animation::new(4, 4).expect("size");
        assert!(a.push(&mut [0; 10], 100.0).unwrap_err().contains("64 RGBA bytes"));
        assert!(a.is_empty());
        assert!(Animation::new(4, 4).expect("size").finish().is_err());
        // A non-finite delay is a tenth of a second, never a panic.
        a.push(&mut [0; 64], f64::NAN).expect("frame");
        assert!(a.finish().is_ok());
    }
}
