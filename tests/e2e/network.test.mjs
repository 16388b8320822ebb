// The computational-graph panel (issue 15): a learner opens it, loads the neuron preset and
// steps through the forward and the backward pass with the buttons; the inputs' adjoints end as
// the gradient the readouts show; a click on a node marks its subexpression; descent moves it.
import assert from 'node:assert/strict';
import { e2eTest, state, nextFrames, canvasStats, assertClose, showsNumber } from './helpers.mjs';

const graph = async (page) => (await state(page)).graph;
const explain = (page) => page.locator('#graph-explain').textContent();

/** Clicks node `id` where the engine laid it out (columns and rows spread over the canvas). */
async function clickNode(page, g, id) {
  const box = await page.locator('#graph-canvas').boundingBox();
  const node = g.nodes[id];
  const x = ((node.layer + 0.5) / g.layers) * box.width;
  const y = ((node.row + 0.5) / g.rows) * box.height;
  await page.locator('#graph-canvas').click({ position: { x, y } });
}

e2eTest('stepping through both passes of the neuron preset ends on the gradient of the readouts', async ({ page, openPage }) => {
  await openPage();
  assert.equal(await graph(page), null, 'closed until asked for');
  await page.locator('#graph-toggle').click();
  await page.locator('#presets button', { hasText: 'neuron loss' }).click();
  await page.locator('#plot').focus();
  let g = await graph(page);
  assert.ok(g, 'state().graph once the panel is open');
  assert.deepEqual((await state(page)).vars, ['w', 'b']);
  const n = g.nodes.length;
  assert.equal(n, 15, g.nodes.map((v) => v.label).join(' '));
  assert.equal(g.steps, 2 * n);
  assert.equal(g.phase, 'done', 'both passes shown when it opens');
  assert.match(page.url(), /graph=1/);
  // One node per distinct subexpression: w and b are read by both neurons.
  const w = g.nodes.findIndex((v) => v.label === 'w');
  const b = g.nodes.findIndex((v) => v.label === 'b');
  assert.equal(g.nodes.filter((v) => v.inputs.includes(w)).length, 2);
  assert.equal(g.nodes.filter((v) => v.inputs.includes(b)).length, 2);

  await page.locator('#graph-start').click();
  g = await graph(page);
  assert.deepEqual([g.step, g.phase], [0, 'start']);
  assert.match(await page.locator('#graph-step').textContent(), /step 0 of 30/);
  const before = await canvasStats(page, '#graph-canvas');

  // The forward pass: one node's value per click, in topological order.
  for (let k = 1; k <= n; k++) {
    await page.locator('#graph-next').click();
    g = await graph(page);
    assert.deepEqual([g.step, g.current], [k, k - 1]);
    assert.match(await explain(page), /^Forward: /);
  }
  const s = await state(page);
  assert.equal(g.phase, 'forward');
  assert.match(await explain(page), /forward pass is done/);
  assert.equal(g.nodes[g.output].value, s.value, 'f at the output, the value the readouts show');
  assert.ok(showsNumber(await page.locator('#graph-explain').textContent(), s.value), await explain(page));
  const during = await canvasStats(page, '#graph-canvas');
  assert.ok(during.distinct > before.distinct, `values drawn: ${before.distinct} → ${during.distinct} colours`);

  // The backward pass: adjoints from f back to the inputs.
  for (let k = 1; k <= n; k++) {
    await page.locator('#graph-next').click();
    g = await graph(page);
    assert.equal(g.current, n - k);
    if (g.current === w) {
      assert.match(await explain(page), /w feeds 2 nodes, so their contributions add: the multivariable chain rule\. This is ∂f\/∂w, the gradient entry\./);
    }
  }
  assert.equal(g.phase, 'done');
  // The inputs' adjoints are ∇f, and the readouts show those numbers.
  const readouts = await page.locator('#readouts').textContent();
  for (const [i, id] of [w, b].entries()) {
    assertClose(g.nodes[id].adjoint, s.gradient[i], `∂f/∂${g.nodes[id].label}`, 1e-12);
    assert.ok(showsNumber(readouts, s.gradient[i]), `the readouts show ${s.gradient[i]}`);
  }
  // Back one step, then forward again.
  await page.locator('#graph-back').click();
  assert.equal((await graph(page)).step, 2 * n - 1);
  await page.locator('#graph-end').click();
  assert.equal((await graph(page)).step, 2 * n);
});

e2eTest('a click on a node marks its subexpression in the formula', async ({ page, openPage }) => {
  await openPage('f=x%5E2y%20%2B%20sin(xy)&p=1,2&graph=1');
  let g = await graph(page);
  assert.ok(g, 'graph=1 opens the panel');
  const sin = g.nodes.findIndex((v) => v.label === 'sin');
  await clickNode(page, g, sin);
  g = await graph(page);
  assert.equal(g.selected, sin);
  assert.equal(await page.locator('#graph-formula mark').textContent(), 'sin(x*y)');
  assert.match(await explain(page), /^sin\(x\*y\) = 0\.9093/);
  // A click beside every node clears it.
  await page.locator('#graph-canvas').click({ position: { x: 2, y: 2 } });
  assert.equal((await graph(page)).selected, null);
  assert.equal(await page.locator('#graph-formula mark').count(), 0);
});

e2eTest('with descent on (w, b) the graph follows the iterate, and play runs the passes', async ({ page, openPage }) => {
  await openPage('graph=1');
  await page.locator('#lab button', { hasText: 'neuron (w, b)' }).click();
  await page.waitForFunction(() => window.nabla.state().descentFrame > 20);
  const s = await state(page);
  const k = s.descentFrame;
  assert.deepEqual(s.graph.point, s.descent[0].path[k], 'the graph is at the run\'s current iterate');
  assertClose(s.graph.nodes[s.graph.output].value, s.descent[0].losses[k], 'the loss of that step', 1e-12);
  // Play from the start: the clock steps on its own.
  await page.locator('#graph-start').click();
  await page.locator('#graph-play').click();
  await page.waitForFunction(() => window.nabla.state().graph.step >= 3, null, { timeout: 10_000 });
  await page.locator('#graph-play').click();
  const paused = (await graph(page)).step;
  await page.waitForTimeout(900);
  assert.equal((await graph(page)).step, paused, 'pause stops the clock');
});

e2eTest('showGraph opens and closes it, the link follows, and a huge graph gets a message', async ({ page, openPage }) => {
  await openPage();
  await page.evaluate(() => window.nabla.showGraph(true));
  assert.ok(await graph(page));
  assert.equal(await page.locator('#graph-body').isVisible(), true);
  await page.evaluate(() => window.nabla.showGraph(false));
  assert.equal(await graph(page), null);
  await nextFrames(page);
  assert.doesNotMatch(page.url(), /graph=1/);
  await page.evaluate(() => window.nabla.showGraph(true));
  const big = Array.from({ length: 120 }, (_, k) => `sin(${k + 1}x)`).join(' + ');
  // Pasted, as a long function is.
  await page.locator('#expr').fill(big);
  await page.waitForFunction((t) => window.nabla.state().expr === t, big);
  await nextFrames(page);
  const g = await graph(page);
  assert.deepEqual([g.nodes.length, g.output], [0, null]);
  assert.match(await page.locator('#graph-message').textContent(), /more than the 200/);
  assert.equal(await page.locator('#graph-canvas').isVisible(), false);
  // Hostile arguments do not throw.
  await page.evaluate(() => { window.nabla.showGraph({ toString() { throw new Error('no'); } }); window.nabla.showGraph('1'); });
});
