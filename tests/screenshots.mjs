// Regenerates the README's screenshots from the running page: `make screenshots`.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const SHOTS = [
  ['map.png', '#f=x%5E2y%20%2B%20sin(xy)&p=1,2&u=45&view=-3,3,-3,3', null],
  ['graph.png', '#f=x%5E3%20-%203x&p=1.6&h=0.5&view=-3,3,-3,3', null],
  ['lab.png', '#f=(1-x)%5E2%2B100(y-x%5E2)%5E2&view=-2,2,-1,3', 'Rosenbrock race'],
  ['surface.png', '#f=x%5E2y%20%2B%20sin(xy)&p=1,0.5&u=30&view=-2,2,-2,2&layout=3d&taylor=1&cam=-55,28', null],
  ['split.png', '#f=x%5E2%20%2B%2010y%5E2&p=1,1&view=-3,3,-3,3&layout=split&taylor=2', null],
];

const server = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const [file, hash, preset] of SHOTS) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + hash);
    await page.waitForFunction(() => window.nabla && window.nabla.state().lastFrameMs !== null);
    if (preset) {
      await page.getByRole('button', { name: preset, exact: true }).click();
      await page.waitForTimeout(2500);
    }
    await page.waitForTimeout(300);
    await page.screenshot({ path: new URL(`../www/screenshots/${file}`, import.meta.url).pathname });
    console.log(`www/screenshots/${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
