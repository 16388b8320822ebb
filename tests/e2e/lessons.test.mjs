// Guided lessons and teacher links, driven as a learner and a teacher would: every step of
// every lesson walked with the page's own buttons, one task per lesson done by real input
// (slider, typing, keys on the plot, the lab's buttons), progress kept across a reload, the
// learner's own function back on leaving, and a teacher's link that hides and locks.
import assert from 'node:assert/strict';
import { e2eTest, state, nextFrames, typeExpr, parseHash } from './helpers.mjs';

const lesson = async (page) => (await state(page)).lesson;
// Done in state() and then on the page, which shows it at the next frame.
const waitDone = async (page) => {
  await page.waitForFunction(() => window.nabla.state().lesson?.task.done === true);
  await page.locator('#lesson-task.done').waitFor();
};

async function open(page, id, step = 1) {
  await page.evaluate(([i, k]) => window.nabla.startLesson(i, k), [id, step]);
  await nextFrames(page);
  const l = await lesson(page);
  assert.equal(l.id, id);
  assert.equal(l.step, step);
  assert.equal(l.task.done, false, `${id} ${step} is done before anything was done`);
  return l;
}

async function typeAnswer(page, text) {
  await page.locator('#lesson-answer').fill('');
  await page.locator('#lesson-answer').type(text);
  await page.keyboard.press('Enter');
  await nextFrames(page);
}

async function keys(page, key, n) {
  await page.locator('canvas#plot').focus();
  for (let i = 0; i < n; i++) await page.keyboard.press(key);
  await nextFrames(page);
}

const IDS = ['derivative', 'partials', 'gradient', 'directional', 'descent', 'regression', 'mistakes', 'interview', 'exercises'];

e2eTest('the lessons are the course’s sections, listed in the panel', async ({ page, openPage }) => {
  await openPage();
  const all = await page.evaluate(() => window.nabla.lessons());
  assert.deepEqual(all.map((l) => l.id), IDS);
  for (const { id, title } of all) assert.equal(await page.locator(`#lesson-${id}`).textContent(), title);
});

for (const id of IDS) {
  e2eTest(`every step of the ${id} lesson opens from the panel, with its text and task shown`, async ({ page, openPage }) => {
    await openPage();
    const { title, steps } = (await page.evaluate(() => window.nabla.lessons())).find((l) => l.id === id);
    await page.locator(`#lesson-${id}`).click();
    await nextFrames(page);
    for (let k = 1; k <= steps; k++) {
      const s = await state(page);
      assert.deepEqual([s.lesson.id, s.lesson.title, s.lesson.step, s.lesson.steps], [id, title, k, steps]);
      assert.equal(s.lesson.task.done, false, `${id} ${k}`);
      assert.equal(s.error, null, `${id} ${k}: ${JSON.stringify(s.error)}`);
      assert.equal(await page.locator('#lesson-text').textContent(), s.lesson.text);
      assert.equal(await page.locator('#lesson-where').textContent(), ` · step ${k} of ${steps}`);
      assert.equal(await page.locator('#lesson-task').textContent(), `○${s.lesson.task.text}`);
      assert.equal(await page.locator('#lesson-input').isVisible(), s.lesson.task.input);
      // A new step starts with an empty answer field, and "next" keeps the keyboard's focus.
      assert.equal(await page.locator('#lesson-answer').inputValue(), '', `${id} ${k}: the last step's answer stayed`);
      if (s.lesson.task.input) await page.locator('#lesson-answer').fill('12');
      if (k < steps) await page.locator('#lesson-next').click();
      await nextFrames(page);
      if (k + 1 < steps) assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-next', `${id} ${k + 1}: focus left "next"`);
    }
    assert.equal(await page.locator('#lesson-next').isDisabled(), true);
    assert.equal(parseHash(await page.evaluate(() => location.hash)).step, String(steps));
    await page.locator('#lesson-prev').click();
    await nextFrames(page);
    assert.equal((await state(page)).lesson.step, steps - 1);
    await page.locator('#lesson-leave').click();
    await nextFrames(page);
    const s = await state(page);
    assert.equal(s.lesson, null);
    assert.equal(s.expr, 'x^2 + y^2', 'the learner’s own function is back');
    assert.deepEqual(s.point, [1, 2]);
  });
}

e2eTest('one task per lesson is done by real input, and the page shows it', async ({ page, openPage }) => {
  await openPage();
  // derivative 1: slide h below 0.01.
  await open(page, 'derivative', 1);
  await page.locator('#h-slider').fill('-2.5');
  await waitDone(page);
  assert.match(await page.locator('#lesson-task').textContent(), /^✓/);
  assert.equal(await page.locator('#lesson-task.done').count(), 1);
  // derivative 3: arrow keys to where the tangent is flat (x = −1.6 + 10·0.06 = −1).
  await open(page, 'derivative', 3);
  await keys(page, 'ArrowRight', 10);
  await waitDone(page);
  assert.ok(Math.abs((await state(page)).tangent.slope) < 0.05);
  // partials 1: type ∂f/∂x(1, 2) = 2xy + 3y² = 16; a wrong number first.
  await open(page, 'partials', 1);
  await typeAnswer(page, '14');
  assert.equal((await lesson(page)).task.done, false);
  assert.match(await page.locator('#lesson-status').textContent(), /14 is not it yet/);
  // Not a number: said in the status, where the learner looks.
  await typeAnswer(page, '1,6');
  assert.match(await page.locator('#lesson-status').textContent(), /"1,6" is not a number/);
  await typeAnswer(page, '16');
  await waitDone(page);
  // gradient 3: the u slider to ∇f's angle, atan2(4, 2) = 63.4°.
  await open(page, 'gradient', 3);
  await page.locator('#u-slider').fill('63');
  await waitDone(page);
  // directional 2: "along ∇f" makes D_u f = ‖∇f‖ = √20.
  await open(page, 'directional', 2);
  await page.locator('#u-gradient').click();
  await waitDone(page);
  assert.ok(Math.abs((await state(page)).directionalDerivative - Math.sqrt(20)) < 1e-9);
  // descent 1: 200 steps, then descend from the point.
  await open(page, 'descent', 1);
  await page.locator('#steps-input').fill('200');
  await page.locator('#descend').click();
  await waitDone(page);
  // descent 3: η = 0.25 on x² + 3y² converges in under 50 steps.
  await open(page, 'descent', 3);
  await page.locator('#lr-slider').fill('-0.6'); // η = 10^-0.6 = 0.251
  await page.locator('#descend').click();
  await waitDone(page);
  assert.ok((await state(page)).descent[0].steps < 50);
  // regression 1: arrow keys (a hundredth of the view each) from (0, 0) to the bottom of the loss bowl.
  await open(page, 'regression', 1);
  const r = await state(page);
  assert.deepEqual(r.point, [0, 0]);
  await keys(page, 'ArrowRight', Math.round(r.regression.fit[0] / ((r.view[1] - r.view[0]) / 100)));
  await keys(page, 'ArrowUp', Math.round(r.regression.fit[1] / ((r.view[3] - r.view[2]) / 100)));
  await waitDone(page);
  // mistakes 2: "check my derivative" says the chain-rule-free answer is wrong, then the fix is right.
  await open(page, 'mistakes', 2);
  await page.locator('#check-answer').fill('e^(x^2)');
  await page.locator('#check-button').click();
  assert.equal((await lesson(page)).task.done, false);
  await page.locator('#check-answer').fill('2x e^(x^2)');
  await page.locator('#check-button').click();
  await waitDone(page);
  // mistakes 5: untick ascent and descend again.
  await open(page, 'mistakes', 5);
  assert.equal(await page.locator('#ascent').isChecked(), true);
  await page.locator('#ascent').uncheck();
  await page.locator('#descend').click();
  await waitDone(page);
  // interview 3: the answer waits until the learner has tried; then it can be shown.
  await open(page, 'interview', 3);
  assert.equal(await page.locator('#lesson-reveal').isVisible(), false);
  assert.equal(await page.locator('#lesson-solution').isVisible(), false);
  await keys(page, 'ArrowRight', 3);
  await page.locator('#lesson-reveal').click();
  await nextFrames(page);
  assert.match(await page.locator('#lesson-solution').textContent(), /saddle/);
  const shown = await state(page);
  assert.deepEqual(shown.point, [-1, 0], 'the answer is the page’s state that shows it');
  assert.equal(shown.lesson.task.done, false);
  // interview 5: the fastest rate where ∇f = [3, 4] is 5; the answer shows once done.
  await open(page, 'interview', 5);
  await typeAnswer(page, '5');
  await waitDone(page);
  assert.match(await page.locator('#lesson-solution').textContent(), /\[0\.6, 0\.8\]/);
  // exercises 1: the central difference of sin at 1 with h = 0.001, to 1e-6, as the page shows it.
  await open(page, 'exercises', 1);
  const central = (await state(page)).secant.central;
  assert.ok(Math.abs(central - (Math.sin(1.001) - Math.sin(0.999)) / 0.002) < 1e-12);
  await typeAnswer(page, central.toFixed(7));
  await waitDone(page);
});

e2eTest('progress survives a reload; leaving restores the learner’s own function', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'sin(x) + y');
  await page.locator('canvas#plot').focus();
  await page.keyboard.press('ArrowLeft');
  const own = (await state(page)).point;
  await page.locator('#lesson-gradient').click();
  await nextFrames(page);
  await typeAnswer(page, '4.472');
  await waitDone(page);
  await page.locator('#lesson-next').click();
  await page.waitForFunction(() => location.hash.includes('step=2'));
  await page.reload();
  await page.waitForFunction(() => window.nabla && window.nabla.state().lastFrameMs !== null);
  const l = await lesson(page);
  assert.equal(l.id, 'gradient');
  assert.equal(l.step, 2);
  await page.locator('#lesson-leave').click();
  await nextFrames(page);
  const s = await state(page);
  assert.equal(s.expr, 'sin(x) + y');
  assert.deepEqual(s.point, own);
  assert.match(await page.locator('#lessons').textContent(), /1\/6 done/);
  await page.locator('#lesson-gradient').click();
  await nextFrames(page);
  assert.equal((await lesson(page)).step, 2, 'the lesson continues where it was left');
});

e2eTest('a teacher’s link hides parts and locks the field; the dialog builds one', async ({ page, openPage }) => {
  await openPage('f=x%5E2&lesson=derivative&step=2&hide=lab,presets&lock=f');
  const s = await state(page);
  assert.deepEqual(s.hide, ['presets', 'lab']);
  assert.equal(s.lock, 'f');
  assert.equal(s.lesson.step, 2);
  assert.equal(await page.locator('#lab').isVisible(), false);
  assert.equal(await page.locator('#presets').isVisible(), false);
  assert.equal(await page.locator('#readouts').isVisible(), true);
  assert.equal(await page.locator('#expr').evaluate((e) => e.readOnly), true);
  await page.waitForFunction(() => location.hash.includes('hide=presets%2Clab') && location.hash.includes('lock=f'));
  // The dialog: hide the readouts and the lessons, no lock, and the link opens that.
  await page.locator('#teacher-share').click();
  await page.locator('#teacher-dialog input.hide-part[value="readouts"]').check();
  await page.locator('#teacher-dialog input.hide-part[value="lessons"]').check();
  await page.locator('#teacher-dialog input.hide-part[value="lab"]').check();
  await page.locator('#teacher-lesson').uncheck();
  const link = await page.locator('#teacher-link').inputValue();
  const keys = parseHash(new URL(link).hash);
  assert.equal(keys.hide, 'readouts,lab,lessons');
  assert.equal(keys.lock, undefined);
  assert.equal(keys.lesson, undefined);
  assert.equal(keys.f, 'x^2');
  await page.locator('#teacher-close').click();
  await openPage(new URL(link).hash.slice(1));
  assert.equal(await page.locator('#readouts').isVisible(), false);
  assert.equal(await page.locator('#lessons').isVisible(), false);
  assert.equal(await page.locator('#expr').evaluate((e) => e.readOnly), false);
  // Junk never breaks the page.
  await openPage('lesson=%3Cscript%3E&step=-4&hide=%3Cimg%3E&lock=zz');
  const bad = await state(page);
  assert.equal(bad.lesson, null);
  assert.deepEqual(bad.hide, []);
  assert.equal(bad.lock, null);
});

e2eTest('the lesson methods never throw and refuse junk with a notice', async ({ page, openPage }) => {
  await openPage();
  const results = await page.evaluate(() => [
    window.nabla.startLesson(42), window.nabla.startLesson('gradient', 99), window.nabla.startLesson({}),
    window.nabla.startLesson('x'.repeat(100000)), window.nabla.nextStep(), window.nabla.previousStep(), window.nabla.endLesson(),
  ]);
  assert.deepEqual(results, [null, null, null, null, null, null, null]);
  const s = await state(page);
  assert.equal(s.lesson, null);
  assert.equal(s.expr, 'x^2 + y^2');
  const l = await page.evaluate(() => window.nabla.startLesson('directional', '2'));
  assert.deepEqual([l.id, l.step, l.steps], ['directional', 2, 4]);
  assert.equal((await page.evaluate(() => window.nabla.nextStep())).step, 3);
  assert.equal((await page.evaluate(() => window.nabla.previousStep())).step, 2);
  assert.equal(await page.evaluate(() => window.nabla.endLesson()), null);
});

e2eTest('a lesson step that starts a run replays it once, at the lab\'s speed (one chain of frames)', async ({ page, openPage }) => {
  await openPage();
  await open(page, 'descent', 4);
  // The next step pauses and plays in the same frame; two chains of frames replayed at twice
  // the speed (60 iterations a second), each drawing.
  const drawn = await page.evaluate(async () => {
    const frames = [];
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((t) => { if (cb.name === 'tick') frames.push(t); cb(t); });
    const t0 = performance.now();
    document.querySelector('#lesson-next').click();
    await new Promise((resolve) => setTimeout(resolve, 800));
    window.requestAnimationFrame = raf;
    return { ms: performance.now() - t0, frame: window.nabla.state().descentFrame, ticks: frames.length, distinct: new Set(frames).size };
  });
  assert.ok(drawn.ticks > 3, `the replay ran (${drawn.ticks} ticks)`);
  assert.equal(drawn.distinct, drawn.ticks, `one tick per animation frame: ${drawn.ticks} ticks in ${drawn.distinct} frames`);
  assert.ok(drawn.frame <= (60 * drawn.ms) / 1000 + 2, `iteration ${drawn.frame} after ${Math.round(drawn.ms)} ms (60 a second)`);
});

e2eTest('"next" from a step without runs to one with a run replays it (the runs not yet drawn)', async ({ page, openPage }) => {
  await openPage();
  await open(page, 'descent', 2);
  assert.equal((await state(page)).descent.length, 0, 'step 2 has no run');
  await page.locator('#lesson-next').click();
  // The replay walks the run's iterations: the frame shown moves on without any further input.
  await page.waitForFunction(() => window.nabla.state().descentFrame > 5, null, { timeout: 5000 });
  const s = await state(page);
  assert.equal(s.lesson.step, 3);
  assert.ok(s.descent.length > 0);
});

e2eTest('a step whose run brings the lab’s charts draws the plot at most once per animation frame', async ({ page, openPage }) => {
  await openPage();
  await open(page, 'descent', 2);
  // Step 3 starts a run: its loss chart appears and is resized while the replay ticks. The
  // resize's frame was drawn beside the tick's, two full frames in one.
  const frames = await page.evaluate(async () => {
    const plot = document.querySelector('#plot');
    const draws = new Map();
    let frame = null;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((t) => { frame = t; try { cb(t); } finally { frame = null; } });
    const P = CanvasRenderingContext2D.prototype;
    const fill = P.fillRect;
    // Every drawing of the plot starts by filling the whole canvas with its background.
    P.fillRect = function (...a) {
      if (this.canvas === plot && frame !== null && a[2] >= plot.width && a[3] >= plot.height) draws.set(frame, (draws.get(frame) ?? 0) + 1);
      return fill.apply(this, a);
    };
    document.querySelector('#lesson-next').click();
    await new Promise((resolve) => setTimeout(resolve, 700));
    window.requestAnimationFrame = raf;
    P.fillRect = fill;
    return [...draws.values()];
  });
  assert.ok(frames.length > 5, `the replay drew ${frames.length} frames`);
  assert.ok(Math.max(...frames) === 1, `draws per frame: ${frames.join(' ')}`);
  assert.equal((await state(page)).lesson.step, 3);
});
