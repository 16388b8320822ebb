// Share, export, embed, offline (issue 18): the copy-link button, PNG and SVG of the plot, WebM
// and GIF of the animations, embed=1, a host page on another origin driving the frame by
// postMessage, and the page opening again with no network.
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import { e2eTest, baseUrl, state, typeExpr, nextFrames, parseHash, waitForNabla, assertClose } from './helpers.mjs';

const HOST_PAGE = fs.readFileSync(new URL('../fixtures/host.html', import.meta.url), 'utf8');
const README = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

e2eTest('the copy link button gives the rounded link of what is shown and says so', async ({ page, openPage }) => {
  await openPage('f=x%5E2%20%2B%20y%5E2&view=-3,3,-3,3');
  await page.evaluate(() => window.nabla.setPoint(-1.6009615384615383, 2.0000000001));
  const link = await page.evaluate(() => window.nabla.copyLink());
  assert.ok(link.startsWith(baseUrl()), link);
  const kv = parseHash(new URL(link).hash);
  assert.equal(kv.p, '-1.601,2', 'numbers rounded to what is visible');
  assert.equal(kv.f, 'x^2 + y^2');
  await page.locator('#copy-link').click();
  await page.waitForFunction(() => document.querySelector('#share .share-status').textContent.length > 0);
  const said = await page.locator('#share .share-status').textContent();
  assert.match(said, /copied|address bar/i);
  // The link opens what was shown.
  await openPage(new URL(link).hash.slice(1));
  const s = await state(page);
  assert.deepEqual(s.point, [-1.601, 2]);
});

e2eTest('the PNG is the canvas at its device resolution', async ({ page, openPage }) => {
  await openPage('f=x%5E2y%20%2B%20sin(xy)&p=1,2');
  const r = await page.evaluate(async () => {
    const blob = await window.nabla.exportImage('png');
    const bitmap = await createImageBitmap(blob);
    const canvas = document.querySelector('canvas#plot');
    return { type: blob.type, w: bitmap.width, h: bitmap.height, cw: canvas.width, ch: canvas.height, css: canvas.getBoundingClientRect().width };
  });
  assert.equal(r.type, 'image/png');
  assert.deepEqual([r.w, r.h], [r.cw, r.ch]);
  assert.ok(r.w >= 800, `${r.w} pixels wide`);
  // On a screen of two device pixels per CSS pixel the PNG has twice the pixels.
  const retina = await page.context().browser().newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
  try {
    const sharp = await retina.newPage();
    await sharp.goto(page.url());
    await waitForNabla(sharp);
    const q = await sharp.evaluate(async () => {
      const bitmap = await createImageBitmap(await window.nabla.exportImage('png'));
      const canvas = document.querySelector('canvas#plot');
      return { w: bitmap.width, h: bitmap.height, cw: canvas.width, css: canvas.getBoundingClientRect().width };
    });
    assert.equal(q.w, q.cw);
    assert.equal(q.w, Math.round(q.css * 2), `${q.w} device pixels for ${q.css} CSS pixels`);
  } finally {
    await retina.close();
  }
  // A format that is not one is refused without a throw.
  assert.equal(await page.evaluate(() => window.nabla.exportImage({ toString() { throw new Error('no'); } })), null);
});

/** Parses an SVG blob in the page and reports what it holds. */
const svgReport = (page, hash) => page.evaluate(async () => {
  const blob = await window.nabla.exportImage('svg');
  const doc = new DOMParser().parseFromString(await blob.text(), 'image/svg+xml');
  const image = doc.querySelector('image');
  let imageSize = null;
  if (image) {
    const img = new Image();
    img.src = image.getAttribute('href');
    await img.decode();
    imageSize = [img.naturalWidth, img.naturalHeight];
  }
  const canvas = document.querySelector('canvas#plot');
  return {
    type: blob.type,
    error: doc.querySelector('parsererror')?.textContent ?? null,
    root: doc.documentElement.nodeName,
    size: [Number(doc.documentElement.getAttribute('width')), Number(doc.documentElement.getAttribute('height'))],
    canvas: [canvas.width, canvas.height],
    polylines: doc.querySelectorAll('polyline').length,
    clipped: doc.querySelectorAll('g[clip-path] polyline').length,
    circles: doc.querySelectorAll('circle').length,
    texts: [...doc.querySelectorAll('text')].map((t) => t.textContent.trim()),
    images: doc.querySelectorAll('image').length,
    imageSize,
  };
}, hash);

e2eTest('the SVG holds the same scene with curves, arrows and labels as vectors and the heatmap as one image', async ({ page, openPage }) => {
  await openPage('f=x%5E2%20%2B%20y%5E2&p=1,2&view=-3,3,-3,3');
  const r = await svgReport(page);
  assert.equal(r.type, 'image/svg+xml');
  assert.equal(r.error, null, 'the SVG parses');
  assert.equal(r.root, 'svg');
  assert.deepEqual(r.size, r.canvas, 'drawn for the canvas it copies');
  assert.equal(r.images, 1, 'the heatmap is one embedded image');
  assert.ok(r.imageSize[0] > 50 && r.imageSize[1] > 50, `the heatmap PNG decodes: ${r.imageSize}`);
  assert.ok(r.clipped > 100, `level curves and field arrows are vector polylines: ${r.clipped}`);
  assert.ok(r.circles >= 2, 'the point and the minimum');
  // Axis names, ticks and the level labels of x² + y² are text.
  for (const t of ['x', 'y', '-2', '2', '10']) assert.ok(r.texts.includes(t), `${t} in ${r.texts}`);

  await typeExpr(page, 'x^3 - 3x');
  const g = await svgReport(page);
  assert.equal(g.error, null);
  assert.equal(g.images, 0, 'no heatmap in one variable');
  assert.ok(g.polylines >= 3, `f, f′ and the tangent: ${g.polylines}`);
});

e2eTest('the h → 0 animation records as a WebM video that plays', async ({ page, openPage }) => {
  await openPage('f=x%5E3%20-%203x&p=1.6&h=0.5');
  const recorded = await page.evaluate(async () => {
    const blob = await window.nabla.exportVideo({ seconds: 1.5 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return { type: blob.type, size: blob.size, base64: btoa(binary), h: window.nabla.state().secant.h };
  });
  // Played in a page of its own: Nabla's CSP lets the page load no media, and it needs none.
  const player = await page.context().newPage();
  const played = await player.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
    await new Promise((resolve, reject) => { video.onloadedmetadata = resolve; video.onerror = () => reject(new Error('the video does not load')); });
    // MediaRecorder writes no duration into the file; the page does, so it is known at once.
    const declared = video.duration;
    // And the frames go as far: the browser finds the real end by seeking there.
    await new Promise((resolve) => { video.onseeked = resolve; video.currentTime = 1e9; });
    return { declared, duration: video.duration, end: video.currentTime, width: video.videoWidth };
  }, recorded.base64);
  await player.close();
  const r = { ...recorded, ...played };
  assert.equal(r.type, 'video/webm');
  assert.ok(r.size > 1000, `${r.size} bytes`);
  assert.ok(r.declared > 1.2 && r.declared < 5, `declared duration ${r.declared} s`);
  assert.ok(r.end > 0.5 && r.end <= r.declared + 0.1, `the video plays to ${r.end} s of ${r.declared} s`);
  assert.ok(r.width > 100, `${r.width} pixels wide`);
  assert.ok(r.h < 0.5, `h went down while recording: ${r.h}`);
});

e2eTest('the descent replay records as an animated GIF of several frames', async ({ page, openPage }) => {
  await openPage('f=x%5E2%20%2B%203y%5E2&view=-3,3,-3,3');
  await page.evaluate(() => window.nabla.runDescent({ start: [-2.5, 2], lr: 0.05, steps: 60, opt: ['gd', 'adam'] }));
  const r = await page.evaluate(async () => {
    const blob = await window.nabla.exportGif({ seconds: 1.2 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const decoder = new ImageDecoder({ data: bytes, type: 'image/gif' });
    await decoder.tracks.ready;
    const track = decoder.tracks.selectedTrack;
    const first = await decoder.decode({ frameIndex: 0 });
    const last = await decoder.decode({ frameIndex: track.frameCount - 1 });
    // The last frame differs from the first: the paths grew.
    const pixels = (frame) => {
      const c = new OffscreenCanvas(frame.image.displayWidth, frame.image.displayHeight);
      const ctx = c.getContext('2d');
      ctx.drawImage(frame.image, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height).data;
    };
    const a = pixels(first);
    const b = pixels(last);
    let differ = 0;
    for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) differ++;
    return {
      type: blob.type,
      header: String.fromCharCode(...bytes.slice(0, 6)),
      frames: track.frameCount,
      animated: track.animated,
      width: first.image.displayWidth,
      differ,
      frame: window.nabla.state().descentFrame,
    };
  });
  assert.equal(r.type, 'image/gif');
  assert.equal(r.header, 'GIF89a');
  assert.ok(r.animated && r.frames >= 5, `${r.frames} frames`);
  assert.ok(r.width > 100 && r.width <= 640, `${r.width} pixels wide`);
  assert.ok(r.differ > 100, `the frames show the runs moving: ${r.differ} pixels differ`);
  assert.ok(r.frame > 0, 'the replay ran');
});

e2eTest('embed=1 shows the figure without the header and stays in the link', async ({ page, openPage }) => {
  await openPage('f=x%5E2%20%2B%20y%5E2&embed=1');
  assert.equal((await state(page)).embed, true);
  assert.equal(await page.locator('header').isVisible(), false, 'no header');
  assert.equal(await page.locator('canvas#plot').isVisible(), true);
  await page.evaluate(() => window.nabla.setPoint(0.5, 0.5));
  await page.waitForFunction(() => location.hash.includes('p=0.5%2C0.5'));
  assert.equal(parseHash(await page.evaluate(() => location.hash)).embed, '1', 'the link keeps embed=1');
  assert.equal(parseHash(new URL(await page.evaluate(() => window.nabla.copyLink())).hash).embed, '1');
  await openPage('f=x%5E2%20%2B%20y%5E2');
  assert.equal((await state(page)).embed, false);
  assert.equal(await page.locator('header').isVisible(), true);
});

/** A host page on another origin (another port), as a course page would be, without a CSP. */
async function startHost(frameUrl) {
  const body = HOST_PAGE.replace('http://127.0.0.1:8000/', frameUrl);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

e2eTest('a host page on another origin drives the frame by postMessage and hears the learner\'s changes', async ({ page }) => {
  assert.ok(README.includes('```html\n' + HOST_PAGE + '```'), 'the README shows this host page, whole');
  const host = await startHost(baseUrl());
  try {
    await page.goto(host.url);
    const frame = page.frameLocator('iframe');
    const inner = page.frames().find((f) => f.url().startsWith(baseUrl()));
    assert.ok(inner, 'the frame is the page of the other origin');
    await waitForNabla(inner);
    assert.notEqual(new URL(host.url).origin, new URL(baseUrl()).origin);
    assert.equal(await frame.locator('header').isVisible(), false, 'embed=1 in the frame');
    const call = (method, ...args) => page.evaluate(([m, a]) => window.nablaFrame.call(m, ...a), [method, args]);

    assert.deepEqual(await call('setExpression', 'x^2 + y^2'), { ok: true });
    await call('setPoint', 1, 2);
    const s = await call('state');
    assert.equal(s.expr, 'x^2 + y^2');
    assertClose(s.value, 5, 'f(1, 2)');
    assert.deepEqual(s.gradient, [2, 4]);
    const bad = await call('setExpression', 'sin(x');
    assert.equal(bad.ok, false);
    assert.match(bad.error.message, /never closed/);
    const link = new URL(await call('copyLink'));
    assert.equal(link.origin, new URL(baseUrl()).origin);
    assert.equal(parseHash(link.hash).embed, '1', 'the frame\'s link opens the same figure');
    assert.equal(parseHash(link.hash).p, '1,2');
    // A Blob crosses the origins whole.
    const svg = await page.evaluate(async () => {
      const blob = await window.nablaFrame.call('exportImage', 'svg');
      return { type: blob.type, start: (await blob.text()).slice(0, 4) };
    });
    assert.deepEqual(svg, { type: 'image/svg+xml', start: '<svg' });
    // A method that is not public is an error; messages of another shape are ignored.
    await assert.rejects(call('_debugTrap'), /no _debugTrap|not answered/);
    const ignored = await page.evaluate(async () => {
      const target = document.querySelector('iframe').contentWindow;
      const answers = [];
      const listen = (e) => { if (e.data?.nabla !== 'change') answers.push(e.data); };
      window.addEventListener('message', listen);
      for (const m of ['setExpression("x")', { nabla: 'eval', args: ['1'], id: 1 }, { nabla: 'constructor', id: 2 }, { nabla: 'toString', id: 3 },
        { nabla: 'setExpression', args: 'x^9', id: 4 }, { method: 'state', id: 5 }, null, 42]) target.postMessage(m, '*');
      await new Promise((r) => setTimeout(r, 400));
      window.removeEventListener('message', listen);
      return answers;
    });
    // Only the well-formed call was answered (args that are not an array are no arguments).
    assert.deepEqual(ignored.map((a) => a.id), [4], JSON.stringify(ignored));
    assert.equal((await call('state')).expr, '', 'setExpression() ran with no text, and nothing else ran');
    await call('setExpression', 'x^2 + y^2');

    // The learner clicks in the frame: the host hears a change with the new state.
    await page.evaluate(() => { window.nablaFrame.changes.length = 0; });
    const box = await frame.locator('canvas#plot').boundingBox();
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
    // The change setExpression made may still be on its way (posted 100 ms later): wait for the click's.
    await page.waitForFunction(() => window.nablaFrame.changes.some((c) => c.point[0] !== 1 || c.point[1] !== 2));
    const change = await page.evaluate(() => window.nablaFrame.changes.at(-1));
    const now = await call('state');
    assert.deepEqual(change.point, now.point);
    assert.notDeepEqual(change.point, [1, 2], 'the click moved the point');
    assert.equal(change.expr, 'x^2 + y^2');
  } finally {
    await host.close();
  }
});

e2eTest('after one visit the page opens and works with no network', async ({ page, openPage }) => {
  await openPage('f=x%5E2y%20%2B%20sin(xy)&p=1,2');
  // The offline copy is made in the background, once the page has loaded.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  const cached = await page.evaluate(async () => (await (await caches.open((await caches.keys())[0])).keys()).map((r) => new URL(r.url).pathname));
  for (const f of ['/', '/main.js', '/share.js', '/pkg/nabla.js', '/pkg/nabla_bg.wasm']) assert.ok(cached.includes(f), `${f} in ${cached}`);
  await page.context().setOffline(true);
  try {
    await page.reload();
    await waitForNabla(page);
    let s = await state(page);
    assert.equal(s.expr, 'x^2y + sin(xy)');
    assertClose(s.value, 2 + Math.sin(2), 'f(1, 2) offline');
    await typeExpr(page, 'x^2 + y^2');
    await page.evaluate(() => window.nabla.setPoint(1, 2));
    s = await state(page);
    assert.deepEqual(s.gradient, [2, 4], 'the core runs offline');
    await nextFrames(page);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
  } finally {
    await page.context().setOffline(false);
  }
});
