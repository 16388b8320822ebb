// The audio trace (off by default): T on the focused plot plays f as pitch along x (one
// variable) or along the slice through the point in the direction u (two), with a tick at each
// zero and critical point the engine marks; where f does not exist it is silent. T again stops.
// Web Audio only; the samples and ticks come from the engine.

import { engine, guard } from './engine.js';
import { els } from './dom.js';

const SAMPLES = 200;
const SECONDS = 2.5;
const [LOW, HIGH] = [220, 880];
let playing = null;

/** Toggles the trace with T on the plot. */
export function installSound() {
  els.canvas.addEventListener('keydown', (event) => {
    if (event.key !== 't' && event.key !== 'T') return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    if (playing) stop();
    else play();
  });
}

function stop() {
  try {
    playing?.close();
  } catch {
    // Already closed.
  }
  playing = null;
}

function play() {
  const Context = window.AudioContext || window.webkitAudioContext;
  const trace = JSON.parse(guard(() => engine.audioTrace(SAMPLES), 'null') ?? 'null');
  if (!Context || !trace || !trace.values.length) return;
  const finite = trace.values.filter((v) => typeof v === 'number');
  if (!finite.length) return;
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const ctx = new Context();
  playing = ctx;
  const tone = ctx.createOscillator();
  const gain = ctx.createGain();
  tone.connect(gain).connect(ctx.destination);
  const t0 = ctx.currentTime + 0.05;
  const dt = SECONDS / trace.values.length;
  trace.values.forEach((v, i) => {
    const at = t0 + i * dt;
    const there = typeof v === 'number';
    // Pitch rises with f, on a log scale between LOW and HIGH; silence where f is undefined.
    const share = hi > lo && there ? (v - lo) / (hi - lo) : 0.5;
    tone.frequency.setValueAtTime(LOW * (HIGH / LOW) ** share, at);
    gain.gain.setValueAtTime(there ? 0.15 : 0, at);
  });
  for (const i of trace.ticks) {
    const click = ctx.createOscillator();
    const clickGain = ctx.createGain();
    click.frequency.value = 1800;
    clickGain.gain.value = 0.2;
    click.connect(clickGain).connect(ctx.destination);
    click.start(t0 + i * dt);
    click.stop(t0 + i * dt + 0.03);
  }
  tone.start(t0);
  tone.stop(t0 + SECONDS);
  tone.onended = () => { if (playing === ctx) stop(); };
}
