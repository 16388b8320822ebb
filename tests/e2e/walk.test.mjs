// What a learner's and a prankster's walk through the page found (session 9), each done as
// they did it: presets clicked, the plot clicked, links opened, a phone and the dark theme.
import assert from 'node:assert/strict';
import { e2eTest, openNabla, state, nextFrames } from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

e2eTest('a map after a one-variable preset opens on a square view, not the curve’s y-range', async ({ page }) => {
  await openNabla(page);
  await page.locator('#presets button', { hasText: 'e^(x²)' }).click();
  await nextFrames(page);
  assert.ok((await state(page)).view[3] > 1000, 'e^(x²)’s fitted range reaches e⁹');
  await page.locator('#presets button', { hasText: 'x² + y²' }).click();
  await nextFrames(page);
  assert.deepEqual((await state(page)).view, [-3, 3, -3, 3]);
});

e2eTest('a link copied after a click shows the same numbers to the learner who opens it', async ({ page }) => {
  await openNabla(page, 'f=' + encodeURIComponent('x^2y + sin(xy)') + '&p=1,2');
  const box = await page.locator('canvas#plot').boundingBox();
  await page.mouse.click(box.x + box.width * 0.61, box.y + box.height * 0.37);
  await nextFrames(page);
  const author = await state(page);
  assert.notDeepEqual(author.point, [1, 2], 'the click moved the point');
  await page.evaluate(() => window.nabla.setView(-30, 30, -30, 30)); // zoomed out: a coarser link
  const link = await page.evaluate(() => window.nabla.copyLink());
  const other = await page.context().newPage();
  try {
    await openNabla(other, new URL(link, page.url()).hash.slice(1));
    const opened = await state(other);
    assert.deepEqual(opened.point, author.point);
    assert.equal(opened.value, author.value);
    assert.deepEqual(opened.gradient, author.gradient);
  } finally {
    await other.close();
  }
});

e2eTest('lock=f also disables the lab’s presets, which would replace the function', async ({ page }) => {
  await openNabla(page, 'f=' + encodeURIComponent('x^2 - y^2') + '&lock=f');
  await nextFrames(page);
  const presets = page.locator('#lab-presets button');
  assert.ok(await presets.count() >= 2);
  for (const b of await presets.all()) assert.equal(await b.isDisabled(), true, await b.textContent());
  assert.equal((await state(page)).expr, 'x^2 - y^2');
});

e2eTest('a malformed %-escape is read as typed: the error is placed, the link keeps it', async ({ page }) => {
  await openNabla(page, 'f=x%5E3%2B%E0%A4%A&p=2');
  const s = await state(page);
  assert.equal(await page.locator('#expr').inputValue(), 'x^3+%E0%A4%A');
  assert.ok(s.error && s.error.start === 4, JSON.stringify(s.error));
  assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /f=x\^3\+%E0%A4%A/);
});

e2eTest('sign(x) at 0 has no slope: it jumps there, and no view edge is called critical', async ({ page }) => {
  await openNabla(page, 'f=sign(x)&p=0');
  const s = await state(page);
  assert.equal(s.tangent, null);
  assert.ok(s.notices.some((n) => n.includes('jumps')), JSON.stringify(s.notices));
  assert.deepEqual(s.criticalPoints, []);
  assert.doesNotMatch(await page.locator('#readouts').textContent(), /critical point here/);
});

e2eTest('dark theme: the 3-D surface is drawn on the dark background', async ({ page }) => {
  await openNabla(page, 'f=' + encodeURIComponent('x^2 - y^2') + '&layout=3d&theme=dark');
  await nextFrames(page);
  const corner = await page.evaluate(() => [...document.querySelector('canvas#plot').getContext('2d').getImageData(2, 2, 1, 1).data]);
  assert.ok(corner[0] < 60 && corner[1] < 60 && corner[2] < 60, `corner ${corner}`);
});

e2eTest('phone: split stacks the map over the surface; graph=1 opens its own section', async ({ page }) => {
  await openNabla(page, 'f=' + encodeURIComponent('x^2 - y^2') + '&layout=split&graph=1');
  await nextFrames(page);
  const plot = await page.locator('canvas#plot').boundingBox();
  assert.ok(plot.height > plot.width, `the split plot is ${plot.width}×${plot.height}`);
  const graph = await page.locator('#graph-canvas').boundingBox();
  assert.ok(graph && graph.width > 100 && graph.height > 50, `the graph's canvas is ${JSON.stringify(graph)}`);
  assert.equal(await page.locator('#section-nav button', { hasText: 'Computational graph' }).count(), 1);
}, { context: PHONE });
