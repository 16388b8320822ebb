// Every learner: axe-core finds no serious or critical violation in any mode (map, graph, lab,
// regression, dark, phone); the plot's description comes from the engine, in words, and is
// announced once it settles (not every frame); sliders say their values ("η = 0.01",
// "h = 1e-5"); the keyboard zooms and pans. Light and dark follow theme= or the system.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { e2eTest, openNabla, state, nextFrames, parseHash } from './helpers.mjs';

/** Opens every section and <details>, then runs axe; returns the serious and critical violations. */
async function seriousViolations(page) {
  await page.evaluate(() => {
    for (const b of document.querySelectorAll('.section-toggle[aria-expanded="false"]')) b.click();
    for (const d of document.querySelectorAll('#panel details')) d.open = true;
  });
  await nextFrames(page);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const MODES = [
  ['the map', 'f=x%5E2y%20%2B%20sin(xy)&p=1,2', null],
  ['the graph', 'f=x%5E3%20-%203x&p=1.6&h=0.5', null],
  ['an error in the field', 'f=sin(x', null],
  ['the descent lab', 'f=(1-x)%5E2%2B100(y-x%5E2)%5E2&view=-2,2,-1,3', async (page) => {
    await page.evaluate(() => window.nabla.runDescent({ start: [-1.5, 2], lr: 0.001, steps: 300, opt: ['gd', 'momentum', 'adam'] }));
  }],
  ['the regression lab', '', async (page) => { await page.evaluate(() => window.nabla.setRegression(null)); }],
  ['the dark map', 'f=x%5E2%20%2B%20y%5E2&theme=dark', null],
  ['the dark graph with the lab', 'f=x%5E2&theme=dark', async (page) => { await page.evaluate(() => window.nabla.runDescent({ start: [2], opt: ['gd'] })); }],
];

for (const [name, hash, act] of MODES) {
  e2eTest(`axe: no serious or critical violation in ${name}`, async ({ page }) => {
    await openNabla(page, hash);
    if (act) await act(page);
    await page.waitForTimeout(200);
    assert.deepEqual(await seriousViolations(page), []);
  });
}

e2eTest('axe: no serious or critical violation on a phone, light and dark', async ({ page }) => {
  for (const hash of ['f=x%5E2y%20%2B%20sin(xy)&p=1,2', 'f=x%5E2&theme=dark']) {
    await openNabla(page, hash);
    assert.deepEqual(await seriousViolations(page), [], hash);
  }
}, { context: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } });

e2eTest('describe(): the course\'s paraboloid at (1, 2) in words, the same as state().description', async ({ page }) => {
  await openNabla(page, 'f=x%5E2%20%2B%20y%5E2&p=1,2&u=0');
  const text = await page.evaluate(() => window.nabla.describe());
  assert.equal(text, (await state(page)).description);
  assert.equal(text,
    'f(x, y) = x^2 + y^2: a bowl with its minimum 0 at (0, 0). At (1, 2): f = 5; ∇f = (2, 4), of magnitude 4.472, '
    + 'pointing north-east (63°): f rises fastest that way. Along u at 0° (east), D_u f = 2. '
    + 'The level curve f = 5 runs north-west to south-east here.');
  // The plot points screen readers at the description.
  assert.equal(await page.locator('#plot').getAttribute('aria-describedby'), 'description');
  await page.waitForTimeout(900);
  assert.equal(await page.locator('#description').textContent(), text);
  // One variable: x³ − 3x with its maximum and minimum.
  await page.evaluate(() => window.nabla.setExpression('x^3 - 3x'));
  await page.evaluate(() => window.nabla.setPoint(1.6));
  assert.match(await page.evaluate(() => window.nabla.describe()), /a local maximum at x = −1 \(f = 2\); a local minimum at x = 1 \(f = −2\)\. At x = 1\.6: f = −0\.704; the slope f′ = 4\.68, so f is increasing here\./);
  // describe() never throws, even with no function.
  await page.evaluate(() => window.nabla.setExpression('sin('));
  assert.equal(typeof await page.evaluate(() => window.nabla.describe()), 'string');
});

e2eTest('the description is announced when it settles: a few times during 2 s of descent, not every frame', async ({ page }) => {
  await openNabla(page, 'f=x%5E2%20%2B%20y%5E2&p=1,2');
  await page.waitForTimeout(900);
  await page.evaluate(() => {
    window.__announced = [];
    new MutationObserver(() => window.__announced.push(document.querySelector('#description').textContent))
      .observe(document.querySelector('#description'), { childList: true, characterData: true, subtree: true });
  });
  await page.evaluate(() => window.nabla.runDescent({ start: [2.5, 2.5], lr: 0.002, steps: 2000, opt: ['gd', 'adam'] }));
  await page.waitForTimeout(2000);
  const during = await page.evaluate(() => window.__announced.length);
  assert.ok(during <= 2, `announced ${during} times while the replay ran`);
  // Once it stops (paused), the outcome is announced.
  await page.locator('#play').click();
  await page.waitForTimeout(1200);
  const said = await page.evaluate(() => window.__announced);
  assert.ok(said.length >= 1 && said.length <= 3, `announced ${said.length} times`);
  assert.match(said[said.length - 1], /Descent: Gradient descent \(η = 0\.002\) .*; Adam \(η = 0\.002\) /);
  // A drag with the keyboard: many moves, one announcement after the last.
  const before = said.length;
  await page.locator('#plot').focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(1200);
  const all = await page.evaluate(() => window.__announced);
  // Once, or twice if the busy machine paused between presses longer than the settling time.
  assert.ok(all.length - before >= 1 && all.length - before <= 2, `twenty key presses are announced once: ${all.slice(before).join(' | ')}`);
});

e2eTest('sliders say their values in words: "η = 0.01", "h = 1e-5"', async ({ page }) => {
  await openNabla(page, 'f=x%5E2&p=1&h=0.5');
  const h = page.locator('#h-slider');
  await h.focus();
  await h.evaluate((input) => { input.value = '-5'; input.dispatchEvent(new Event('input', { bubbles: true })); });
  assert.equal(await h.getAttribute('aria-valuetext'), 'h = 1e-5');
  assert.equal(await page.getByRole('slider', { name: 'h', exact: true }).count(), 1);
  const lr = page.locator('#lr-slider');
  await lr.evaluate((input) => { input.value = '-2'; input.dispatchEvent(new Event('input', { bubbles: true })); });
  assert.equal(await lr.getAttribute('aria-valuetext'), 'η = 0.01');
  // The keyboard moves a slider and its words follow.
  await lr.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await lr.getAttribute('aria-valuetext'), 'η = 0.0102');
});

e2eTest('keyboard: + and − zoom, W A S D pan, 0 resets the view', async ({ page }) => {
  await openNabla(page, 'f=x%5E2%20%2B%20y%5E2&view=-3,3,-3,3');
  const view = async () => (await state(page)).view;
  const start = await view();
  await page.locator('#plot').focus();
  await page.keyboard.press('+');
  await nextFrames(page);
  const zoomed = await view();
  assert.ok(zoomed[1] - zoomed[0] < 0.85 * (start[1] - start[0]), `zoomed in: ${zoomed}`);
  await page.keyboard.press('-');
  await page.keyboard.press('d');
  await nextFrames(page);
  const panned = await view();
  assert.ok(panned[0] > start[0] + 0.2, `panned to the right: ${panned}`);
  await page.keyboard.press('w');
  await nextFrames(page);
  assert.ok((await view())[2] > panned[2] + 0.2, 'panned up');
  await page.keyboard.press('0');
  await nextFrames(page);
  const reset = await view();
  assert.ok(Math.abs(reset[0] + reset[1]) < 1e-9, `reset to a centred view: ${reset}`);
});

/** The colour of the plot's canvas at a pixel of its margin (the background). */
const backgroundPixel = (page) => page.evaluate(() => {
  const c = document.querySelector('#plot');
  const ctx = c.getContext('2d');
  return [...ctx.getImageData(2, 2, 1, 1).data].slice(0, 3);
});

e2eTest('dark mode: theme=dark darkens the page, the plot and the charts, and round-trips in the link', async ({ page }) => {
  await openNabla(page, 'f=x%5E2&theme=dark');
  assert.equal((await state(page)).theme, 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const [r, g, b] = await backgroundPixel(page);
  assert.ok(r + g + b < 120, `the plot's background is dark: ${[r, g, b]}`);
  const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.match(body, /rgb\((1\d|2\d), (1\d|2\d), (1\d|2\d)\)/, body);
  await page.evaluate(() => window.nabla.setPoint(0.5));
  await page.waitForTimeout(400);
  assert.equal(parseHash(await page.evaluate(() => location.hash)).theme, 'dark', 'the link keeps theme=dark');
  // The switch in the header chooses light, and the link says so.
  await page.locator('#theme-toggle').click();
  await page.waitForTimeout(400);
  assert.equal((await state(page)).theme, 'light');
  assert.equal(parseHash(await page.evaluate(() => location.hash)).theme, 'light');
  const [r2, g2, b2] = await backgroundPixel(page);
  assert.ok(r2 + g2 + b2 > 700, `the plot's background is light: ${[r2, g2, b2]}`);
  // A malformed theme is ignored with a notice.
  await openNabla(page, 'f=x%5E2&theme=purple');
  assert.ok((await state(page)).notices.some((n) => /theme/.test(n)));
});

e2eTest('dark mode follows the system when the link has no theme, and writes none', async ({ page }) => {
  await openNabla(page, 'f=x%5E2%20%2B%20y%5E2');
  assert.equal((await state(page)).theme, 'dark');
  const [r, g, b] = await backgroundPixel(page);
  assert.ok(r + g + b < 120, `dark background: ${[r, g, b]}`);
  await page.evaluate(() => window.nabla.setPoint(0.5, 0.5));
  await page.waitForTimeout(400);
  assert.equal(parseHash(await page.evaluate(() => location.hash)).theme, undefined);
  // The heatmap keeps its colormap: the minimum's corner is viridis' dark purple, not inverted.
  await page.emulateMedia({ colorScheme: 'light' });
  await nextFrames(page);
  assert.equal((await state(page)).theme, 'light');
}, { context: { colorScheme: 'dark' } });

e2eTest('keyboard: regression points are picked, moved, added and deleted on the focused chart', async ({ page }) => {
  await openNabla(page, '');
  await page.evaluate(() => window.nabla.setRegression([[1, 2], [3, 4], [5, 7]]));
  await nextFrames(page);
  const chart = page.locator('#lab-charts canvas[data-panel="regression"]');
  await chart.focus();
  assert.match(await chart.getAttribute('aria-label'), /3 points; point 1 at \(1, 2\)/);
  await page.keyboard.press(']');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ArrowRight');
  let pts = (await state(page)).regression.points;
  assert.deepEqual(pts.map((p) => p.map((v) => Math.round(v * 1e9) / 1e9)), [[1, 2], [4, 4.1], [5, 7]]);
  assert.match(await page.locator('#key-status').textContent(), /point 2 moved to \(4, 4\.1\)/);
  await page.keyboard.press('a');
  pts = (await state(page)).regression.points;
  assert.equal(pts.length, 4);
  assert.deepEqual(pts[3], [4.5, 4.1]);
  await page.keyboard.press('Delete');
  await page.keyboard.press('[');
  await page.keyboard.press('Delete');
  pts = (await state(page)).regression.points;
  assert.deepEqual(pts.map((p) => p.map((v) => Math.round(v * 1e9) / 1e9)), [[1, 2], [5, 7]]);
  // The loss follows the data: its closed-form fit is the line through the two points.
  const fit = (await state(page)).regression.fit;
  assert.ok(Math.abs(fit[0] - 1.25) < 1e-9 && Math.abs(fit[1] - 0.75) < 1e-9, `${fit}`);
});

e2eTest('sound: T on the plot plays f as pitch along x with ticks at zeros and turns, silent where f is undefined; T stops it', async ({ page }) => {
  // A stand-in for Web Audio that records what would be played.
  await page.addInitScript(() => {
    const log = { contexts: 0, closed: 0, freqs: [], gains: [], clicks: 0 };
    window.__audio = log;
    const param = (list) => ({ setValueAtTime: (v, t) => list.push([v, t]), set value(v) { list.push([v, 0]); } });
    const node = (kind) => {
      const n = { connect: (m) => m, start() { if (kind === 'click') log.clicks++; }, stop() {} };
      return n;
    };
    window.AudioContext = class {
      constructor() { log.contexts++; this.currentTime = 0; this.destination = {}; this.made = 0; }
      createOscillator() { this.made++; const o = node(this.made === 1 ? 'tone' : 'click'); o.frequency = param(this.made === 1 ? log.freqs : []); return o; }
      createGain() { const g = node('gain'); g.gain = param(log.gains.length < 1000 ? log.gains : []); return g; }
      close() { log.closed++; }
    };
  });
  await openNabla(page, 'f=x%5E3%20-%203x&view=-3,3,-3,3');
  await page.locator('#plot').focus();
  await page.keyboard.press('t');
  const log = await page.evaluate(() => window.__audio);
  assert.equal(log.contexts, 1, 'off until asked, then one context');
  assert.equal(log.freqs.length, 200);
  // Pitch follows f: highest at x = −1's maximum 2 … in view, lowest at the ends; the ticks are
  // x³ − 3x's three zeros and two turns.
  assert.equal(log.clicks, 5);
  const f = log.freqs.map(([v]) => v);
  assert.ok(f.every((v) => v >= 220 - 1e-9 && v <= 880 + 1e-9));
  assert.ok(f[0] < f[66] && f[66] > f[100] && f[100] > f[133] && f[133] < f[199], 'up to the maximum, down to the minimum, up again');
  await page.keyboard.press('t');
  assert.equal((await page.evaluate(() => window.__audio)).closed, 1, 'T again stops it');
  // ln(x): silent for x < 0.
  await page.evaluate(() => window.nabla.setExpression('ln(x)'));
  await page.evaluate(() => window.nabla.setView(-3, 3, -3, 3));
  await page.locator('#plot').focus();
  await page.evaluate(() => { window.__audio.gains.length = 0; });
  await page.keyboard.press('t');
  const gains = (await page.evaluate(() => window.__audio.gains)).filter(([, t]) => t > 0).map(([v]) => v);
  assert.ok(gains.slice(0, 90).every((g) => g === 0) && gains.slice(110, 190).every((g) => g > 0), 'silent where ln x does not exist');
});
