// Robustness (issue 8): the shared bad-input corpus through the page, hostile share links,
// awkward numerics, and recovery from a trap. Each bad input gives its error, the last good plot
// stays, the page stays responsive, nothing from the input runs or becomes markup.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { e2eTest, state, canvasStats, nextFrames, DEBOUNCE_MS } from './helpers.mjs';

const CORPUS = JSON.parse(fs.readFileSync(new URL('../corpus/bad-inputs.json', import.meta.url), 'utf8'));
const GOOD = 'x^2 + y^2';
// setExpression is synchronous: a call that blocks longer than this has frozen the page.
const CALL_BUDGET_MS = 2000;
const RESPONSIVE_MS = 1000;

/** Builds a corpus input: a string, {repeat, times, prefix?, suffix?} or {concat: [...]}. */
function build(spec) {
  if (typeof spec === 'string') return spec;
  if (spec.concat) return spec.concat.map(build).join('');
  return (spec.prefix ?? '') + spec.repeat.repeat(spec.times) + (spec.suffix ?? '');
}

const short = (text) => JSON.stringify(text.length > 60 ? text.slice(0, 60) + `…(${text.length} chars)` : text);

/** Resolves to true when the page answers a trivial evaluate within `ms`. */
async function responsive(page, ms = RESPONSIVE_MS) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  const answer = page.evaluate(() => 1).then((v) => v === 1, () => false);
  const ok = await Promise.race([answer, late]);
  clearTimeout(timer);
  return ok;
}

/** What must hold after a bad input: its error, shown; the good plot and model kept; no script. */
async function checkRefused(page, c, text, result, good) {
  const problems = [];
  const fragment = (c.messageIncludes ?? '').toLowerCase();
  if (!result || result.ok !== false || !result.error) problems.push(`result is ${JSON.stringify(result)}`);
  else if (!String(result.error.message).toLowerCase().includes(fragment)) {
    problems.push(`message ${JSON.stringify(result.error.message)} lacks ${JSON.stringify(c.messageIncludes)}`);
  }
  if (!(await responsive(page))) {
    problems.push(`page did not answer within ${RESPONSIVE_MS} ms`);
    return problems;
  }
  await nextFrames(page);
  const seen = await page.evaluate(() => {
    const error = document.querySelector('#error');
    const s = window.nabla.state();
    return {
      errorVisible: !!error && !error.hidden && error.getClientRects().length > 0,
      errorText: error ? error.textContent : '',
      normalized: s.normalized,
      stateError: s.error,
      pwned: window.__pwned,
      markup: document.querySelectorAll('img, script, iframe, svg, object, embed').length,
    };
  });
  if (!seen.errorVisible) problems.push('#error is not visible');
  if (result?.error && !seen.errorText.includes(result.error.message)) problems.push(`#error shows ${JSON.stringify(seen.errorText.slice(0, 120))}`);
  if (seen.normalized !== good.normalized) problems.push(`normalized became ${JSON.stringify(seen.normalized)}`);
  if (!seen.stateError) problems.push('state().error is null');
  else {
    const bytes = Buffer.byteLength(text, 'utf8');
    const { start, end } = seen.stateError;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= bytes)) {
      problems.push(`span ${start}..${end} outside 0..${bytes}`);
    }
  }
  if (seen.pwned !== undefined) problems.push('window.__pwned was set');
  if (seen.markup !== good.markup) problems.push(`markup elements: ${seen.markup}, was ${good.markup}`);
  const pixels = await canvasStats(page);
  if (pixels.hash !== good.pixels.hash) problems.push('the canvas changed (the last good plot did not stay)');
  return problems;
}

async function goodBaseline(page, openPage) {
  await openPage('f=' + encodeURIComponent(GOOD));
  await nextFrames(page);
  const s = await state(page);
  assert.equal(s.error, null);
  const pixels = await canvasStats(page);
  assert.ok(pixels.distinct >= 32, 'a plot was drawn');
  const markup = await page.evaluate(() => document.querySelectorAll('img, script, iframe, svg, object, embed').length);
  return { normalized: s.normalized, pixels, markup };
}

// ---- the corpus through window.nabla.setExpression, in chunks (one page per chunk) ----

const CHUNK = 16;
for (let from = 0; from < CORPUS.length; from += CHUNK) {
  const cases = CORPUS.slice(from, from + CHUNK);
  e2eTest(`corpus cases ${from}–${from + cases.length - 1} through setExpression are refused and the plot stays`, async ({ page, openPage }) => {
    const good = await goodBaseline(page, openPage);
    const failures = [];
    for (const [k, c] of cases.entries()) {
      const text = build(c.input);
      const t0 = Date.now();
      const result = await page.evaluate((t) => window.nabla.setExpression(t), text);
      const took = Date.now() - t0;
      const problems = await checkRefused(page, c, text, result, good);
      if (took > CALL_BUDGET_MS) problems.push(`setExpression blocked the page for ${took} ms`);
      if (problems.length) failures.push(`#${from + k} ${c.note} ${short(text)}: ${problems.join('; ')}`);
    }
    assert.deepEqual(failures, [], `corpus failures:\n${failures.join('\n')}`);
  }, { timeout: 180_000 });
}

// ---- a sample typed or pasted into #expr like a person ----

e2eTest('corpus cases typed or pasted into #expr show their error and keep the plot', async ({ page, openPage }) => {
  const good = await goodBaseline(page, openPage);
  const sample = CORPUS.filter((c) => c.typeIt);
  assert.ok(sample.length >= 8, `the corpus marks a sample to type (${sample.length})`);
  const failures = [];
  for (const c of sample) {
    const text = build(c.input);
    const field = page.locator('input#expr');
    const plain = text.length <= 40 && !/[\u0000-\u001f]/.test(text);
    if (plain) {
      await field.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(text);
    } else {
      await field.fill(text); // a paste: one input event with the whole text
    }
    await page.waitForTimeout(DEBOUNCE_MS + 250);
    const reached = await page
      .waitForFunction((n) => window.nabla.state().expr.length === n, text.length, { timeout: 10_000 })
      .then(() => true, () => false);
    if (!reached) {
      failures.push(`${c.note}: state().expr never became the typed text`);
      continue;
    }
    const result = await page.evaluate(() => {
      const s = window.nabla.state();
      return s.error ? { ok: false, error: s.error } : { ok: true };
    });
    const problems = await checkRefused(page, c, text, result, good);
    if (problems.length) failures.push(`${c.note} ${short(text)}: ${problems.join('; ')}`);
  }
  assert.deepEqual(failures, [], `typed corpus failures:\n${failures.join('\n')}`);
}, { timeout: 180_000 });

// ---- hostile links ----

const KEYS = ['f', 'p', 'u', 'view', 'h', 'start', 'lr', 'steps', 'opt', 'zzunknown'];
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  'javascript:window.__pwned=1',
  '" onmouseover="window.__pwned=1',
  "'><svg onload=window.__pwned=1>",
];
// Keys whose junk values must leave a visible notice (f shows an error instead; unknown keys are ignored).
const NOTICE_KEYS = new Set(['p', 'u', 'view', 'h', 'start', 'lr', 'steps', 'opt']);

async function baselineMarkup(page, openPage) {
  await openPage();
  return page.evaluate(() => ({
    markup: document.querySelectorAll('img, script, iframe, svg, object, embed').length,
    handlers: [...document.querySelectorAll('*')].reduce((n, e) => n + [...e.attributes].filter((a) => /^on/i.test(a.name)).length, 0),
  }));
}

/** Opens `#hash` and checks nothing ran or became markup and the page still works. */
async function checkLink(page, openPage, hash, base) {
  const problems = [];
  await openPage(hash);
  await nextFrames(page);
  // Give any injected handler (onerror, onload) time to fire.
  await page.waitForTimeout(50);
  const seen = await page.evaluate(() => ({
    pwned: window.__pwned,
    markup: document.querySelectorAll('img, script, iframe, svg, object, embed').length,
    handlers: [...document.querySelectorAll('*')].reduce((n, e) => n + [...e.attributes].filter((a) => /^on/i.test(a.name)).length, 0),
    notices: window.nabla.state().notices || [],
    notice: (() => { const n = document.querySelector('#notice'); return n && !n.hidden ? n.textContent : ''; })(),
    error: window.nabla.state().error,
    body: document.body.innerText,
  }));
  if (seen.pwned !== undefined) problems.push('window.__pwned was set');
  if (seen.markup !== base.markup) problems.push(`markup elements ${seen.markup}, page's own ${base.markup}`);
  if (seen.handlers !== base.handlers) problems.push(`inline handler attributes ${seen.handlers}, page's own ${base.handlers}`);
  if (/\bNaN\b/.test(seen.body)) problems.push('"NaN" shown on the page');
  const works = await page.evaluate(() => window.nabla.setExpression('x^2+y^2'));
  if (!works.ok) problems.push(`setExpression('x^2+y^2') after the link: ${JSON.stringify(works)}`);
  await nextFrames(page);
  const pixels = await canvasStats(page);
  if (pixels.distinct < 32) problems.push('the canvas is not drawn after the link');
  return { problems, seen };
}

for (const key of KEYS) {
  e2eTest(`hostile values in "${key}" do not run or become markup`, async ({ page, openPage }) => {
    const base = await baselineMarkup(page, openPage);
    const failures = [];
    for (const payload of PAYLOADS) {
      for (const [how, hash] of [['encoded', `${key}=${encodeURIComponent(payload)}`], ['raw', `${key}=${payload}`]]) {
        const { problems, seen } = await checkLink(page, openPage, hash, base);
        if (key === 'f' && !seen.error) problems.push('an expression payload gave no error');
        if (NOTICE_KEYS.has(key) && seen.notices.length === 0 && !seen.notice) problems.push('no notice for a malformed value');
        if (problems.length) failures.push(`${how} ${JSON.stringify(payload)}: ${problems.join('; ')}`);
      }
    }
    assert.deepEqual(failures, [], `hostile "${key}" failures:\n${failures.join('\n')}`);
  });
}

const ODD_LINKS = [
  ['100 KB value in f', 'f=' + 'x'.repeat(100_000), false],
  ['100 KB value in view', 'view=' + '1,'.repeat(50_000), false],
  ['100 KB encoded script in f', 'f=' + encodeURIComponent('<script>window.__pwned=1</script>'.repeat(3000)), false],
  ['1,000 keys', Array.from({ length: 1000 }, (_, i) => `k${i}=<b>${i}</b>`).join('&'), false],
  ['1,000 f keys', Array.from({ length: 1000 }, () => 'f=' + encodeURIComponent('<img src=x onerror="window.__pwned=1">')).join('&'), false],
  ['malformed percent-encoding in f', 'f=%E0%A4%A', true],
  ['malformed percent-encoding in view', 'view=%E0%A4%A&f=x^2', true],
  ['lone percent in p', 'p=%&f=x%2By', true],
  ['NaN point', 'f=x%2By&p=NaN,NaN', true],
  ['Infinity point', 'f=x%2By&p=Infinity,-Infinity', true],
  ['1e999 point', 'f=x%2By&p=1e999,0', true],
  ['NaN direction', 'f=x%2By&u=NaN', true],
  ['Infinity h', 'f=x&h=Infinity', true],
  ['zero h', 'f=x&h=0', true],
  ['1e999 lr', 'f=x%5E2%2By%5E2&lr=1e999', true],
  ['NaN steps', 'f=x%5E2%2By%5E2&steps=NaN', true],
  ['negative steps', 'f=x%5E2%2By%5E2&steps=-5', true],
  ['1e999 steps', 'f=x%5E2%2By%5E2&steps=1e999', true],
  ['unknown optimizer', 'f=x%5E2%2By%5E2&opt=sgd,__proto__', true],
  ['NaN view', 'f=x%2By&view=NaN,1,0,1', true],
  ['inverted view', 'f=x%2By&view=1,0,0,1', true],
  ['zero-size view', 'f=x%2By&view=0,0,0,0', true],
  ['view 1e-13 wide', 'f=x%2By&view=0,1e-13,0,1e-13', true],
  ['view 1e13 wide', 'f=x%2By&view=-5e12,5e12,-5e12,5e12', true],
  ['view with three numbers', 'f=x%2By&view=0,1,2', true],
];

e2eTest('odd links (huge, many keys, malformed encoding, non-finite numbers, bad views) are refused with a notice', async ({ page, openPage }) => {
  const base = await baselineMarkup(page, openPage);
  const failures = [];
  for (const [name, hash, wantsNotice] of ODD_LINKS) {
    const { problems, seen } = await checkLink(page, openPage, hash, base);
    if (wantsNotice && seen.notices.length === 0 && !seen.notice) problems.push('no notice');
    if (problems.length) failures.push(`${name}: ${problems.join('; ')}`);
  }
  assert.deepEqual(failures, [], `odd link failures:\n${failures.join('\n')}`);
}, { timeout: 180_000 });

e2eTest('a refused view from a link leaves a proper view (not inverted, not empty)', async ({ page, openPage }) => {
  for (const hash of ['f=x%2By&view=1,0,0,1', 'f=x%2By&view=0,0,0,0', 'f=x%2By&view=0,1e-13,0,1e-13']) {
    await openPage(hash);
    const s = await state(page);
    const [x0, x1, y0, y1] = s.view;
    assert.ok(x0 < x1 && y0 < y1 && x1 - x0 >= 1e-12 && y1 - y0 >= 1e-12, `${hash}: view ${JSON.stringify(s.view)}`);
    assert.ok(s.notices.some((n) => /view/i.test(n)), `${hash}: a notice names the view: ${JSON.stringify(s.notices)}`);
  }
});

e2eTest('views from 1e-12 to 1e12 wide are drawn without NaN', async ({ page, openPage }) => {
  for (const view of [[1, 1 + 1e-12, 2, 2 + 1e-12], [-1e-12 / 2, 1e-12 / 2, -1e-12 / 2, 1e-12 / 2], [-5e11, 5e11, -5e11, 5e11]]) {
    await openPage('f=' + encodeURIComponent('sin(x)+y^2'));
    await page.evaluate((v) => window.nabla.setView(...v), view);
    await nextFrames(page);
    const s = await state(page);
    assert.ok(s.view.every(Number.isFinite), `view ${JSON.stringify(s.view)}`);
    const body = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(body, /\bNaN\b/, `no NaN text for view ${view}`);
    assert.ok(await responsive(page), `responsive for view ${view}`);
  }
});

// ---- numerics ----

e2eTest('the heatmap of 1/(x^2+y^2) still shows structure (non-finite values left out of the colour scale)', async ({ page, openPage }) => {
  await openPage('f=' + encodeURIComponent('x^2+y^2'));
  await nextFrames(page);
  const smooth = await canvasStats(page);
  const r = await page.evaluate(() => window.nabla.setExpression('1/(x^2+y^2)'));
  assert.deepEqual(r, { ok: true });
  await nextFrames(page);
  const spiky = await canvasStats(page);
  assert.ok(spiky.distinct >= Math.max(64, smooth.distinct / 4), `distinct colours: ${spiky.distinct} (x^2+y^2 has ${smooth.distinct})`);
  assert.ok(spiky.nonDominant > 0.3, `most of the map is not one colour: ${spiky.nonDominant}`);
});

e2eTest('ln(x)+y at (-1, 0) reads "undefined", never NaN', async ({ page, openPage }) => {
  await openPage('f=' + encodeURIComponent('ln(x)+y'));
  await page.evaluate(() => window.nabla.setPoint(-1, 0));
  await nextFrames(page);
  const s = await state(page);
  assert.equal(s.value, null, `value ${s.value}`);
  const readouts = await page.locator('#readouts').innerText();
  assert.match(readouts, /undefined/i);
  assert.doesNotMatch(readouts, /NaN/);
  const body = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(body, /\bNaN\b/);
});

const NUMERIC = [
  ['1/x', [0]], ['x/0 + y', [1, 1]], ['ln(-1) + x', [1]], ['0^0 + x', [1]], ['sqrt(-1) + x*y', [1, 1]],
  ['exp(1000) + x', [0]], ['1e308*10 + x', [0]], ['exp(1000x) + y', [1, 0]], ['sqrt(x) + y', [-1, 0]],
  ['1/(x^2+y^2)', [0, 0]], ['tan(x) + y', [Math.PI / 2, 0]], ['x^y', [-1, 0.5]], ['ln(x*y)', [0, 0]],
];

e2eTest('division by zero, ln(-1), 0^0, sqrt(-1), overflow: null values and readable readouts, never NaN', async ({ page, openPage }) => {
  await openPage();
  const failures = [];
  for (const [expr, point] of NUMERIC) {
    const r = await page.evaluate((t) => window.nabla.setExpression(t), expr);
    if (!r.ok) {
      failures.push(`${expr}: refused ${JSON.stringify(r.error)}`);
      continue;
    }
    await page.evaluate((p) => window.nabla.setPoint(...p), point);
    await nextFrames(page);
    const s = await state(page);
    const body = await page.evaluate(() => document.body.innerText);
    const numbers = [s.value, ...(s.gradient || []), s.gradientNorm, s.directionalDerivative].filter((v) => v !== null && v !== undefined);
    if (numbers.some((v) => typeof v !== 'number' || !Number.isFinite(v))) failures.push(`${expr} at ${point}: non-finite number in state ${JSON.stringify([s.value, s.gradient])}`);
    if (/\bNaN\b/.test(body)) failures.push(`${expr} at ${point}: "NaN" on the page`);
    if (/\bInfinity\b/.test(body)) failures.push(`${expr} at ${point}: "Infinity" on the page`);
    if (s.value === null && !/undefined/i.test(await page.locator('#readouts').innerText())) failures.push(`${expr} at ${point}: no "undefined" readout`);
    if (!(await responsive(page))) failures.push(`${expr}: page unresponsive`);
  }
  assert.deepEqual(failures, [], `numeric failures:\n${failures.join('\n')}`);
});

// ---- a trap through the test-only entry point ----

e2eTest('a trap in the core is recovered: state kept, a notice shown, the page still works', async ({ page, openPage }) => {
  await openPage('f=' + encodeURIComponent('x^2y + sin(xy)') + '&p=1,2');
  await nextFrames(page);
  const before = await state(page);
  await page.evaluate(() => window.nabla._debugTrap());
  await nextFrames(page);
  const after = await state(page);
  assert.equal(after.expr, before.expr, 'the expression survived the trap');
  assert.equal(after.normalized, before.normalized);
  assert.deepEqual(after.point, before.point, 'the point survived the trap');
  const notice = page.locator('#notice');
  assert.ok(await notice.isVisible(), '#notice is shown');
  assert.match((await notice.textContent()) ?? '', /restored|went wrong/i);
  const r = await page.evaluate(() => window.nabla.setExpression('x^2+y^2'));
  assert.deepEqual(r, { ok: true });
  await nextFrames(page);
  const pixels = await canvasStats(page);
  assert.ok(pixels.distinct >= 32, 'drawing works after the trap');
  assert.ok(await responsive(page));
}, { allowConsoleErrors: [/^Nabla bug \(please report\): .*debugTrap/s] });
