// Shared set-up for Nabla's browser tests (node:test + playwright-core + Debian's Chromium).
//
//   import { e2eTest, typeExpr, canvasStats, ... } from './helpers.mjs';
//   e2eTest('does a thing', async ({ page, openPage }) => { await openPage('f=x'); ... });
//
// Per test file: one static server on a free port and one Chromium. Per test: a fresh browser
// context and page; any console error or uncaught page error fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
export const DEBOUNCE_MS = 150;
const TEST_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 15_000;

let server = null;
let browser = null;

before(async () => {
  // NABLA_WWW serves another folder instead of www/ (used to check the tests themselves).
  server = await startServer({ port: 0, ...(process.env.NABLA_WWW ? { root: process.env.NABLA_WWW } : {}) });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The base URL of this file's server, e.g. http://127.0.0.1:41234/ */
export const baseUrl = () => server.url;

/**
 * Declare a browser test. `fn` gets {page, openPage, errors, url}.
 * Console errors and page errors collected during the test fail it, except console errors whose
 * text matches one of `options.allowConsoleErrors` (RegExps or substrings), for a test that
 * provokes one on purpose.
 */
export function e2eTest(name, fn, options = {}) {
  // `context` adds browser-context options (a phone's viewport, touch, a colour scheme).
  const { allowConsoleErrors = [], context: contextOptions = {}, ...testOptions } = options;
  const allowed = (text) => allowConsoleErrors.some((a) => (a instanceof RegExp ? a.test(text) : text.includes(a)));
  return test(name, { timeout: TEST_TIMEOUT_MS, ...testOptions }, async (t) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
    const page = await context.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    const errors = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const loc = msg.location();
        if (loc?.url?.endsWith('/favicon.ico')) return;
        if (allowed(msg.text())) return;
        errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack || err.message || err}`));
    page.on('requestfailed', (req) => {
      if (req.url().startsWith(server.url)) errors.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && res.url().startsWith(server.url) && !res.url().endsWith('/favicon.ico')) errors.push(`HTTP ${res.status()}: ${res.url()}`);
    });

    const openPage = (hash = '') => openNabla(page, hash);
    try {
      await fn({ page, openPage, errors, url: server.url, t });
    } catch (err) {
      await screenshot(page, name);
      if (errors.length && err && typeof err === 'object') {
        err.message = `${err.message}\n--- errors in the page ---\n${errors.join('\n')}`;
      }
      throw err;
    } finally {
      await context.close().catch(() => {});
    }
    assert.deepEqual(errors, [], 'the page logged errors');
  });
}

async function screenshot(page, name) {
  try {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, '_').slice(0, 80) + '.png');
    await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
  } catch {
    /* best effort */
  }
}

/**
 * Navigate to `url#hash` as a fresh document load (not a same-document hash change) and wait
 * until window.nabla exists and has drawn a frame.
 */
export async function openNabla(page, hash = '') {
  const target = server.url + (hash ? '#' + hash : '');
  if (page.url().split('#')[0] === server.url) await page.goto('about:blank');
  await page.goto(target);
  await waitForNabla(page);
}

export async function waitForNabla(page) {
  await page.waitForFunction(() => {
    try {
      return !!window.nabla && window.nabla.state().lastFrameMs !== null;
    } catch {
      return false;
    }
  });
}

export const state = (page) => page.evaluate(() => window.nabla.state());

/** Wait for two animation frames so that a redraw triggered by the last change is on screen. */
export const nextFrames = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/**
 * Type into #expr like a person: focus, select all, delete, type; then wait past the debounce
 * until state().expr is the typed text.
 */
export async function typeExpr(page, text) {
  const field = page.locator('input#expr');
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.waitForTimeout(DEBOUNCE_MS + 250);
  await page.waitForFunction((t) => window.nabla.state().expr === t, text);
  await nextFrames(page);
}

/**
 * Pixels of canvas#plot, read in the page: size, number of distinct colours, share of pixels
 * that differ from the most common colour, and an FNV-1a hash of the RGBA data.
 */
export function canvasStats(page, selector = 'canvas#plot') {
  return page.evaluate((sel) => {
    const src = document.querySelector(sel);
    if (!src) throw new Error(`no ${sel}`);
    const { width, height } = src;
    if (!width || !height) return { width, height, distinct: 0, nonDominant: 0, hash: '0' };
    const copy = document.createElement('canvas');
    copy.width = width;
    copy.height = height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(src, 0, 0);
    const data = ctx.getImageData(0, 0, width, height).data;
    const counts = new Map();
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i += 4) {
      const c = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
      counts.set(c, (counts.get(c) || 0) + 1);
      for (let k = 0; k < 4; k++) h = Math.imul(h ^ data[i + k], 0x01000193);
    }
    const dominant = Math.max(...counts.values());
    const pixels = width * height;
    return {
      width,
      height,
      distinct: counts.size,
      nonDominant: (pixels - dominant) / pixels,
      hash: (h >>> 0).toString(16),
    };
  }, selector);
}

/** |actual - expected| within `rel` relative tolerance (with a tiny absolute floor for zeros). */
export function assertClose(actual, expected, message = '', rel = 1e-9) {
  assert.equal(typeof actual, 'number', `${message}: expected a number, got ${JSON.stringify(actual)}`);
  const tol = rel * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-12;
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${message}: ${actual} vs expected ${expected} (diff ${Math.abs(actual - expected)}, tol ${tol})`,
  );
}

export function assertAllClose(actual, expected, message = '', rel = 1e-9) {
  assert.ok(Array.isArray(actual), `${message}: expected an array, got ${JSON.stringify(actual)}`);
  assert.equal(actual.length, expected.length, `${message}: length`);
  actual.forEach((a, i) => assertClose(a, expected[i], `${message}[${i}]`, rel));
}

/** Parse location.hash ("#a=1&b=2") into a plain object of decoded values. */
export function parseHash(hash) {
  const out = {};
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const key = i < 0 ? part : part.slice(0, i);
    out[decodeURIComponent(key)] = i < 0 ? '' : decodeURIComponent(part.slice(i + 1));
  }
  return out;
}

/** All numbers written in a piece of text (Unicode minus understood). */
export function numbersIn(text) {
  return (text.replace(/\u2212/g, '-').match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) || []).map(Number);
}

/** True when some number shown in `text` is within `tol` (relative, floor 1) of `value`. */
export function showsNumber(text, value, tol = 5e-3) {
  return numbersIn(text).some((n) => Math.abs(n - value) <= tol * Math.max(1, Math.abs(value)));
}
