// Share and export: the link (copied, with a short confirmation), the plot as PNG (the canvas's
// own pixels) or SVG (the same scene drawn by the core as vectors), the current animation as
// WebM (the browser's MediaRecorder) or as an animated GIF (frames encoded by the core), and the
// panel section that offers them. The page without its header for an iframe (`embed=1`) is
// switched here too, from what the engine says.

import * as glue from './pkg/nabla.js';
import { engine, guard } from './engine.js';
import { button, dpr, el, els, setText, showNotice } from './dom.js';
import { drawNow, refreshLink, state, whenIdle, writeLink } from './frame.js';
import { linkOf } from './hash.js';
import { pause, play, rewind } from './lab.js';
import { startHAnimation } from './controls.js';
import { readKey, readNumber, readText } from './args.js';
import { withDuration } from './webm.js';

const SECONDS = { default: 4, min: 0.5, max: 30 };
// GIF frames: slides need no more than this width, and NeuQuant's time grows with the pixels.
// Frames are kept until encoded (1.3 MB each at 640 pixels), so a GIF is at most 6 s long.
const GIF = { fps: 10, maxWidth: 640, maxSeconds: 6 };
// One recording at a time: two would fight over the animation.
let recording = false;

let status = null;
let statusTimer = null;
/** A short confirmation beside the buttons (also read out: role=status). */
function say(text) {
  if (!status) return;
  setText(status, text);
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => setText(status, ''), 2500);
}

/** The share link of the current state; put on the clipboard where the browser allows. */
export function copyLink() {
  refreshLink();
  writeLink();
  const pairs = JSON.parse(guard(() => engine.linkPairs(), null) ?? '[]');
  const link = location.href.split('#')[0] + linkOf(pairs);
  const clipboard = navigator.clipboard?.writeText?.(link);
  if (clipboard) clipboard.then(() => say('Link copied'), () => say('Copy the address bar: the link is there'));
  else say('Copy the address bar: the link is there');
  return link;
}

/** The plot as a Blob: 'png' at the canvas's device resolution, or 'svg' (vectors, the heatmap as an image). */
export async function exportImage(format = 'png') {
  format = readText(format, 8);
  // The picture in full: a map still coarse or a search still running finishes first (the SVG's
  // scene is completed by the engine itself).
  if (format === 'png') await whenIdle();
  drawNow();
  if (format === 'svg') {
    const text = guard(() => engine.exportSvg(els.canvas.width, els.canvas.height, dpr()), null);
    return text === null ? null : new Blob([text], { type: 'image/svg+xml' });
  }
  if (format !== 'png') {
    showNotice('exportImage needs "png" or "svg"');
    return null;
  }
  return new Promise((resolve) => els.canvas.toBlob((blob) => resolve(blob), 'image/png'));
}

/** Starts the animation there is to record: the descent replay, else h → 0; false if neither. */
function startAnimation() {
  const s = state(true);
  if ((s.descent || []).length) {
    pause();
    rewind();
    guard(() => engine.setDescentFrame(0));
    play();
    return true;
  }
  return (s.vars || []).length === 1 && startHAnimation();
}

const secondsOf = (options, max = SECONDS.max) => {
  const v = readNumber(readKey(options, 'seconds'));
  return Math.min(max, Number.isFinite(v) ? Math.max(SECONDS.min, v) : SECONDS.default);
};

/** Runs `record()` unless another recording is under way (then null, with a notice). */
async function alone(record) {
  if (recording) {
    showNotice('Nabla is already recording the animation.');
    return null;
  }
  recording = true;
  try {
    return await record();
  } finally {
    recording = false;
  }
}

/** The current animation as a WebM video of `seconds` (default 4). */
export function exportVideo(options = {}) {
  return alone(() => recordVideo(secondsOf(options)));
}

function recordVideo(seconds) {
  if (typeof MediaRecorder !== 'function' || !els.canvas.captureStream) {
    showNotice('This browser cannot record the plot as video.');
    return Promise.resolve(null);
  }
  const type = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
  const stream = els.canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  const chunks = [];
  recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
  let started = 0;
  const done = new Promise((resolve) => {
    recorder.onstop = () => {
      for (const track of stream.getTracks()) track.stop();
      const video = new Blob(chunks, { type: 'video/webm' });
      resolve(withDuration(video, performance.now() - started).catch(() => video));
    };
  });
  recorder.start(250);
  started = performance.now();
  startAnimation();
  drawNow();
  setTimeout(() => recorder.stop(), seconds * 1000);
  return done;
}

/** The current animation as a looping GIF of `seconds` (default 4, at most 6), at most 640 pixels wide. */
export function exportGif(options = {}) {
  return alone(() => recordGif(secondsOf(options, GIF.maxSeconds)));
}

async function recordGif(seconds) {
  const { canvas } = els;
  const k = Math.min(1, GIF.maxWidth / canvas.width);
  const w = Math.max(1, Math.round(canvas.width * k));
  const h = Math.max(1, Math.round(canvas.height * k));
  const copy = el('canvas', { width: w, height: h });
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  // Frames are read while the animation plays and encoded after, so encoding never slows it.
  const frames = [];
  const grab = (at) => {
    // The plot is opaque (the core fills it before drawing), so a copy needs no background.
    ctx.drawImage(canvas, 0, 0, w, h);
    frames.push({ data: ctx.getImageData(0, 0, w, h).data, at });
  };
  startAnimation();
  drawNow();
  const start = performance.now();
  await new Promise((resolve) => {
    const step = (now) => {
      if (!frames.length || now - frames[frames.length - 1].at >= 1000 / GIF.fps - 4) grab(now);
      if (now - start < seconds * 1000) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  let writer = null;
  try {
    writer = new glue.GifWriter(w, h);
    frames.forEach((f, i) => writer.push(f.data, (frames[i + 1]?.at ?? f.at + 1000 / GIF.fps) - f.at));
    return new Blob([writer.finish()], { type: 'image/gif' });
  } catch (err) {
    console.warn('Nabla: the GIF could not be made:', err);
    showNotice('The GIF could not be made.');
    return null;
  } finally {
    writer?.free();
  }
}

/** Saves `blob` as a download called `name`. */
function download(blob, name) {
  if (!blob) return;
  const url = URL.createObjectURL(blob);
  el('a', { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Builds the panel's share section (once). */
export function installShare() {
  status = el('span', { className: 'share-status', role: 'status' });
  const busy = (name, make, file) => button(name, async (event) => {
    const b = event.currentTarget;
    b.disabled = true;
    say(`Making the ${name}…`);
    try {
      download(await make(), file);
      say(`${name} saved`);
    } finally {
      b.disabled = false;
    }
  }, `export-${name.toLowerCase()}`);
  const section = el('section', { id: 'share' },
    el('h2', {}, 'Share'),
    el('div', { className: 'buttons' },
      button('copy link', copyLink, 'copy-link'),
      busy('PNG', () => exportImage('png'), 'nabla.png'),
      busy('SVG', () => exportImage('svg'), 'nabla.svg'),
      busy('WebM', () => exportVideo(), 'nabla.webm'),
      busy('GIF', () => exportGif(), 'nabla.gif')),
    status);
  document.getElementById('panel').append(section);
}

/** Each frame: the page without its header when it is an embedded figure (`embed=1`). */
export function showShare(s) {
  document.body.classList.toggle('embed', Boolean(s.embed));
}
