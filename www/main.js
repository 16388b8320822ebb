// Nabla's page: it starts the engine, builds the page from the engine's catalogue, opens the
// link, and wires the modules together. All math, and every conversion between pixels and the
// world, happens in the Rust core (pkg/nabla.js); the page only shows what the engine says.
//
//   engine.js   loading the core, guarded calls, recovery in a fresh instance
//   frame.js    one frame: plot, charts, then every module's view of the snapshot, then the link
//   field.js    the expression field and its errors      controls.js  the view's controls
//   readouts.js the readouts, updated in place            lab.js       the descent lab
//   gestures.js pointer, wheel and keys on the plot       api.js       window.nabla
//   hash.js     the URL hash                              args.js      defensive argument readers
//   share.js    copy link, PNG/SVG/WebM/GIF, embed=1      embed.js     postMessage for a host page
//   webm.js     the duration a recorded WebM lacks
//   offline.js  registers sw.js, the offline copy
//   lessons.js  the guided lessons' section               teacher.js   hide=, lock= and the teacher's dialog

import * as glue from './pkg/nabla.js';
import { engine, guard, load, restart } from './engine.js';
import { readHash, followHash } from './hash.js';
import { patch, readoutsTree } from './readouts.js';
import { el, els, setText, showNotice } from './dom.js';
import { drawFirst, drawNow, onFrame, settleRuns, state, useCatalogue as framesUse, writeLink } from './frame.js';
import { cancelTyping, installField, syncField } from './field.js';
import { invalidateControls, showControls, useCatalogue as controlsUse } from './controls.js';
import { dropDataDrag, installLab, pause, showLab, startsOnClick, syncLabControls } from './lab.js';
import { dropGesture, installGestures } from './gestures.js';
import { enterExpression, makeApi, startDescent } from './api.js';
import { installShare, showShare } from './share.js';
import { installEmbedding, postChange } from './embed.js';
import { installOffline } from './offline.js';
import { installLessons, lessonCatalogue, lessonsApi, resumeLesson, showLessons } from './lessons.js';
import { installTeacher, showTeacher } from './teacher.js';
import { installGraph, invalidateGraph, pauseGraph, showGraph } from './network.js';
import { installSections, showSectionTitles } from './sections.js';
import { installTheme, showTheme, syncTheme } from './theme.js';
import { installKeys, showDescription, showRegressionKeys } from './a11y.js';
import { showLive } from './live.js';
import { installSound } from './sound.js';
import { dropSurfaceGesture, installSurface, showSurface } from './surface.js';

/** Shows the readouts of snapshot `s`. */
function showReadouts(s) {
  // The echo of how the text was read, with a hint where the reading is a convention a
  // textbook might not share (`1/2x` is (1/2)·x).
  const echo = s.normalized ? `read as  ${s.normalized}${s.hint ? `  — ${s.hint}` : ''}` : '';
  setText(els.normalized, echo);
  if (els.normalized.title !== echo) els.normalized.title = echo;
  patch(els.readouts, readoutsTree(s));
}

/** Opens a link as a fresh load does: a new handle, the link, the field, its error, the controls.
 *  A load's `first` frame paints the plot before the rest (the Promise waits for both). */
async function openLink({ pairs, bad }, fresh, first = false) {
  cancelTyping();
  pause();
  pauseGraph();
  dropGesture();
  dropSurfaceGesture();
  dropDataDrag();
  settleRuns();
  if (fresh) restart();
  if (pairs.length) guard(() => engine.applyLink(JSON.stringify(pairs)));
  resumeLesson();
  if (bad.length) showNotice(`Read as typed where their %-escapes are malformed: ${bad.join(', ')}`);
  syncPage();
  if (first) await drawFirst();
  else drawNow();
  writeLink();
}

/** Puts the field, its error and every control back on what the engine holds. */
function syncPage() {
  syncTheme();
  const s = state(true);
  syncField(s);
  syncLabControls(s);
  invalidateControls();
}

async function start() {
  await load({
    notice: showNotice,
    recovered: () => {
      // A throw in the middle of a render can leave a canvas clipped or transformed.
      for (const canvas of document.querySelectorAll('canvas')) canvas.getContext('2d')?.reset?.();
      invalidateGraph();
      syncPage();
      // Drawn at once: a restored state that fails again is replaced by an older one before
      // the call that failed returns.
      drawNow();
    },
  });
  catalogue = JSON.parse(glue.Nabla.catalogue());
  framesUse(catalogue);
  controlsUse(catalogue);
  for (const { label, expr } of catalogue.presets) {
    const button = el('button', { type: 'button', title: expr }, label);
    button.addEventListener('click', () => enterExpression(expr, false));
    els.presets.append(button);
  }
  installField();
  installLab(catalogue, { ...api, runDescent: descend });
  installGraph();
  installSurface(catalogue, api);
  installGestures({ clicked: () => { if (startsOnClick()) descend({ start: state(true).point }); } });
  // A critical point in the list is a button: it moves the point there.
  els.readouts.addEventListener('click', (event) => {
    const item = event.target.closest('ol.critical li');
    if (!item) return;
    const at = state(true).criticalPoints?.[[...item.parentNode.children].indexOf(item)]?.at;
    if (at) api.setPoint(...at);
  });
  onFrame(showReadouts);
  onFrame(showControls);
  onFrame(showLab);
  installShare();
  onFrame(showShare);
  onFrame(postChange);
  installLessons();
  installTeacher(lessonCatalogue().hideParts);
  onFrame(showTeacher);
  onFrame(showLessons);
  onFrame(showGraph);
  onFrame(showTheme);
  onFrame(showLive);
  onFrame(showSectionTitles);
  onFrame(showDescription);
  onFrame(showRegressionKeys);
  installSections();
  installTheme();
  installKeys();
  installSound();
  onFrame(showSurface);
  // A link pasted while the first frame waits for its paint opens as any later one does.
  followHash((link) => openLink(link, true).catch((err) => console.warn('Nabla: opening the link failed:', err)));
  await openLink(readHash(), false, true);
  window.nabla = api;
  installOffline();
}

// What the engine offers (presets, optimizers, colours, limits), read once it has loaded.
let catalogue = null;
// The API exists from the start (it is the module's default export); until the engine has
// loaded, its methods return their failure values.
const optimizerIds = () => (catalogue ? catalogue.optimizers.map((o) => o.id) : []);
const api = makeApi(optimizerIds);
// The page's own buttons start descents without runDescent's Promise (see startDescent).
const descend = (options) => startDescent(options, optimizerIds());
Object.assign(api, lessonsApi());

// A host page's messages are heard from the start and answered once the engine is ready.
installEmbedding(api, start());

export default api;
