// Bad input: a readable error, the offending text located, the last good plot kept.
import assert from 'node:assert/strict';
import { e2eTest, typeExpr, state, canvasStats } from './helpers.mjs';

async function errorShown(page) {
  const el = page.locator('#error');
  return (await el.isVisible()) && ((await el.textContent()) ?? '').trim() !== '';
}

e2eTest('an unclosed parenthesis shows an error and keeps the last good plot', async ({ page, openPage }) => {
  await openPage();
  await typeExpr(page, 'x^2+y^2');
  let s = await state(page);
  assert.equal(s.error, null);
  assert.equal(await errorShown(page), false, '#error is hidden or empty for good input');
  const good = await canvasStats(page);
  assert.ok(good.distinct >= 32, 'a plot was drawn');

  const bad = 'sin(x';
  await typeExpr(page, bad);
  s = await state(page);
  assert.equal(s.expr, bad, 'state().expr is what was typed');
  assert.ok(s.error && typeof s.error === 'object', `state().error is set: ${JSON.stringify(s.error)}`);
  assert.equal(typeof s.error.message, 'string');
  assert.match(s.error.message, /parenthes|bracket|[()]/i);
  assert.ok(Number.isInteger(s.error.start) && Number.isInteger(s.error.end), 'start/end are integers');
  const bytes = Buffer.byteLength(bad, 'utf8');
  assert.ok(
    0 <= s.error.start && s.error.start <= s.error.end && s.error.end <= bytes,
    `0 <= start (${s.error.start}) <= end (${s.error.end}) <= ${bytes}`,
  );

  assert.ok(await errorShown(page), '#error is visible');
  const shown = (await page.locator('#error').textContent()) ?? '';
  assert.match(shown, /parenthes|bracket|[()]/i, `#error mentions the parenthesis: "${shown}"`);

  const after = await canvasStats(page);
  assert.deepEqual(
    [after.width, after.height],
    [good.width, good.height],
    'the canvas keeps its size when the error appears (no layout shift pushing the plot)',
  );
  assert.equal(after.hash, good.hash, 'the last good plot stays on the canvas');

  await typeExpr(page, 'sin(x)');
  s = await state(page);
  assert.equal(s.error, null);
  assert.equal(await errorShown(page), false, '#error goes away once the text is fixed');
});
