// Share links: the URL hash is the state (INTERFACE.md §1).
import assert from 'node:assert/strict';
import { e2eTest, typeExpr, state, assertClose, assertAllClose, parseHash, waitForNabla } from './helpers.mjs';

e2eTest('a share link reproduces its state; edits are written back to the hash', async ({ page, openPage }) => {
  await openPage('f=x%5E2%2By%5E2&p=1,2&view=-3,3,-2,2');
  let s = await state(page);
  assert.equal(s.expr, 'x^2+y^2');
  assert.deepEqual(s.vars, ['x', 'y']);
  assert.equal(s.error, null);
  assertAllClose(s.point, [1, 2], 'point from p=');
  assertAllClose(s.view, [-3, 3, -2, 2], 'view from view=');
  assertClose(s.value, 5, 'value at (1, 2)');
  assert.equal(await page.locator('input#expr').inputValue(), 'x^2+y^2', 'the field shows the linked expression');

  const typed = 'x^2y + sin(xy)';
  await typeExpr(page, typed);
  await page.waitForFunction((t) => {
    const kv = Object.fromEntries(
      location.hash.replace(/^#/, '').split('&').filter(Boolean).map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i), decodeURIComponent(p.slice(i + 1))];
      }),
    );
    return kv.f === t;
  }, typed);
  const hash = await page.evaluate(() => location.hash);
  assert.ok(hash.includes('f=' + encodeURIComponent(typed)), `hash ${hash} holds f=${encodeURIComponent(typed)}`);
  const kv = parseHash(hash);
  assert.equal(kv.f, typed);
  const before = await state(page);

  // Reload the same URL: the page comes back as it was.
  await page.reload();
  await waitForNabla(page);
  s = await state(page);
  assert.equal(s.expr, typed);
  assert.equal(s.error, null);
  assert.deepEqual(s.vars, before.vars);
  assertAllClose(s.point, before.point, 'point after reload');
  assertAllClose(s.view, before.view, 'view after reload');
  assertClose(s.value, before.value, 'value after reload');
  assert.equal(await page.locator('input#expr').inputValue(), typed);

  // And the link works in a fresh load as well.
  await openPage(hash.replace(/^#/, ''));
  s = await state(page);
  assert.equal(s.expr, typed);
  assertAllClose(s.point, before.point, 'point from the copied link');
  assertAllClose(s.view, before.view, 'view from the copied link');
});
