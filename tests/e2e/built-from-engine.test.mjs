// The page is built from the engine (issue 12): controls show the engine's options after the
// mode or the variables change, and presets, optimizers and colours come from its catalogue.
import assert from 'node:assert/strict';
import { e2eTest, state, typeExpr, nextFrames } from './helpers.mjs';

e2eTest('controls keep the engine\'s options when the variables change and come back', async ({ page, openPage }) => {
  await openPage();
  // The learner changes the map's options with the mouse.
  await page.locator('#levels-slider').fill('20');
  await page.locator('#show-field').uncheck();
  await page.locator('#equal-arrows').uncheck();
  await nextFrames(page);
  let s = await state(page);
  assert.deepEqual([s.options.levels, s.options.showField, s.options.normalizedArrows], [20, false, false]);
  // One variable, then two again: the controls are rebuilt, from the engine.
  await typeExpr(page, 'x^3');
  await page.locator('input#h-slider').waitFor();
  await typeExpr(page, 'x^2 + 3y^2');
  await page.locator('#levels-slider').waitFor();
  s = await state(page);
  assert.deepEqual([s.options.levels, s.options.showField, s.options.normalizedArrows], [20, false, false]);
  assert.equal(await page.locator('#levels-slider').inputValue(), '20');
  assert.equal(await page.locator('#show-field').isChecked(), false, 'the checkbox says what the canvas shows');
  assert.equal(await page.locator('#equal-arrows').isChecked(), false);
  // The same holds for the one-variable switches.
  await typeExpr(page, 'sin(x)');
  await page.getByLabel('show f′').uncheck();
  await typeExpr(page, 'cos(x) + x');
  assert.equal((await state(page)).options.showDerivative, false);
  assert.equal(await page.getByLabel('show f′').isChecked(), false);
});

e2eTest('presets, optimizers and their colours come from the engine\'s catalogue', async ({ page, openPage }) => {
  await openPage();
  const { catalogue, presets, swatches, labels } = await page.evaluate(async () => {
    const glue = await import('./pkg/nabla.js');
    return {
      catalogue: JSON.parse(glue.Nabla.catalogue()),
      presets: [...document.querySelectorAll('#presets button')].map((b) => [b.textContent, b.title]),
      swatches: [...document.querySelectorAll('#lab input[data-opt]')].map((c) => [c.dataset.opt, getComputedStyle(c.nextElementSibling).backgroundColor]),
      labels: [...document.querySelectorAll('#lab .row.buttons')][0].textContent,
    };
  });
  assert.deepEqual(presets, catalogue.presets.map((p) => [p.label, p.expr]));
  const rgb = (hex) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;
  assert.deepEqual(swatches, catalogue.optimizers.map((o) => [o.id, rgb(o.color)]));
  for (const p of catalogue.labPresets) assert.ok(labels.includes(p.name), p.name);
  // A lab preset sets the lab's controls to what the engine ran.
  await page.getByRole('button', { name: 'Himmelblau' }).last().click();
  await page.waitForFunction(() => window.nabla.state().descent.length === 3);
  const s = await state(page);
  assert.equal(s.lab.lr, 0.005);
  assert.equal(await page.locator('#steps-input').inputValue(), String(s.lab.steps));
  const checked = await page.locator('#lab input[data-opt]:checked').evaluateAll((cs) => cs.map((c) => c.dataset.opt));
  assert.deepEqual(checked, s.lab.opt);
});
