// Writes the duration into a WebM that MediaRecorder made: the browser streams the file and
// never goes back to say how long it is, so players show no length and seek poorly. The Info
// element gets a Duration (EBML id 0x4489, float64 in milliseconds at the default timecode scale).

const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

/** An EBML variable-length number at `at`: its value (the marker bit removed for sizes) and length. */
function vint(bytes, at, keepMarker) {
  const first = bytes[at];
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i];
  return { value, length };
}

/** `size` as an EBML size of exactly `length` bytes, or null when it does not fit. */
function sizeBytes(size, length) {
  if (size >= 2 ** (7 * length) - 1) return null;
  const out = new Uint8Array(length);
  let v = size;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0] |= 0x80 >> (length - 1);
  return out;
}

/** `blob` (a WebM) with its duration set to `ms`; the blob unchanged when it cannot be read. */
export async function withDuration(blob, ms) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let at = 0;
  // The EBML header, then the Segment, whose children hold Info.
  const header = vint(bytes, at, true);
  const headerSize = header && vint(bytes, at + header.length);
  if (!headerSize) return blob;
  at += header.length + headerSize.length + headerSize.value;
  const segment = vint(bytes, at, true);
  if (!segment || segment.value !== SEGMENT) return blob;
  const segmentSize = vint(bytes, at + segment.length);
  if (!segmentSize) return blob;
  at += segment.length + segmentSize.length;
  for (let children = 0; children < 16 && at < bytes.length; children++) {
    const id = vint(bytes, at, true);
    const size = id && vint(bytes, at + id.length);
    if (!size) return blob;
    const body = at + id.length + size.length;
    if (id.value === INFO) return withInfoDuration(blob, bytes, at, id.length, size, body, ms);
    at = body + size.value;
  }
  return blob;
}

function withInfoDuration(blob, bytes, start, idLength, size, body, ms) {
  // Only at the default timecode scale (1 ms), which Chromium and Firefox write; never twice.
  for (let at = body; at < body + size.value;) {
    const id = vint(bytes, at, true);
    const s = id && vint(bytes, at + id.length);
    if (!s) return blob;
    if (id.value === DURATION) return blob;
    if (id.value === TIMECODE_SCALE && s.value <= 8) {
      let scale = 0;
      for (let i = 0; i < s.value; i++) scale = scale * 256 + bytes[at + id.length + s.length + i];
      if (scale !== 1e6) return blob;
    }
    at += id.length + s.length + s.value;
  }
  const duration = new Uint8Array(11);
  duration.set([0x44, 0x89, 0x88]);
  new DataView(duration.buffer).setFloat64(3, ms);
  const newSize = sizeBytes(size.value + duration.length, size.length) ?? sizeBytes(size.value + duration.length, 8);
  const end = body + size.value;
  return new Blob([bytes.subarray(0, start + idLength), newSize, bytes.subarray(body, end), duration, bytes.subarray(end)], { type: blob.type });
}
