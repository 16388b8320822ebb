// Regenerates the README's screenshots from the running page: `make screenshots`.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const SHOTS = [
  ['map.png', '#f=x%5E2y%20%2B%20sin(xy)&p=1,2&u=45&view=-3,3,-3,3', null],
  ['graph.png', '#f=x%5E3%20-%203x&p=1.6&h=0.5&view=-3,3,-3,3', null],
  ['lab.png', '#f=(1-x)%5E2%2B100(y-x%5E2)%5E2&view=-2,2,-1,3', 'Rosenbrock race'],
  ['embed.png', '#f=x%5E2%20-%20y%5E2&p=1,0.5&u=30&view=-2,2,-2,2&embed=1', null],
  ['lesson.png', '#lesson=gradient&step=3&u=63.43', null],
  // The neuron's graph in the middle of its backward pass, at w's step (the fan-out sum).
  ['network.png', '#f=L(w%2C%20b)%20%3D%20(0.9%20-%20%CF%83(2w%20%2B%20b))%5E2%20%2B%20(0.2%20-%20%CF%83(b%20-%20w))%5E2&p=0.5,-0.5&view=-4,4,-4,4&graph=1', null, async (page) => {
    const g = await page.evaluate(() => window.nabla.state().graph);
    await page.locator('#graph-start').click();
    const w = g.nodes.findIndex((n) => n.label === 'w');
    for (let k = 0; k < g.steps - w; k++) await page.locator('#graph-next').click();
    await page.evaluate(() => document.querySelector('#graph').scrollIntoView());
  }],
  // Dark mode, and a phone (390×844, touch) with the plot on top and the panel below.
  ['dark.png', '#f=x%5E2%20%2B%20y%5E2&p=1,2&u=0&theme=dark', null],
  ['phone.png', '#f=x%5E3%20-%203x&p=1.6&h=0.5&view=-3,3,-3,3', null, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 }],
  ['surface.png', '#f=x%5E2y%20%2B%20sin(xy)&p=1,0.5&u=30&view=-2,2,-2,2&layout=3d&taylor=1&cam=-55,28', null],
  ['split.png', '#f=x%5E2%20%2B%2010y%5E2&p=1,1&view=-3,3,-3,3&layout=split&taylor=2', null],
];

const server = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  // The fourth entry is either a step run before the shot or the page's options (viewport, touch).
  for (const [file, hash, preset, extra] of SHOTS) {
    const prepare = typeof extra === 'function' ? extra : null;
    const options = extra && typeof extra === 'object' ? extra : {};
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
    await page.goto(server.url + hash);
    await page.waitForFunction(() => window.nabla && window.nabla.state().lastFrameMs !== null);
    if (preset) {
      await page.getByRole('button', { name: preset, exact: true }).click();
      await page.waitForTimeout(2500);
    }
    if (prepare) await prepare(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: new URL(`../www/screenshots/${file}`, import.meta.url).pathname });
    console.log(`www/screenshots/${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
