// Light and dark: the engine draws in the theme it holds (`theme=` in the link, else the
// system's, which this module tells it); the page's colours follow the theme the engine
// reports in state(), so the page and the plot never disagree.

import { engine, guard } from './engine.js';
import { $, setText } from './dom.js';
import { drawNow, writeLink } from './frame.js';

const system = window.matchMedia('(prefers-color-scheme: dark)');

/** Tells the engine the system's scheme (after a load, a link or a recovery: a fresh handle). */
export function syncTheme() {
  guard(() => engine.setSystemTheme(system.matches));
}

/** The header's switch, and following the system while no theme is chosen. */
export function installTheme() {
  system.addEventListener('change', () => {
    syncTheme();
    drawNow();
  });
  $('#theme-toggle')?.addEventListener('click', () => {
    const now = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    guard(() => engine.setTheme(now));
    drawNow();
    writeLink();
  });
}

/** Puts the page in the theme of snapshot `s`. */
export function showTheme(s) {
  const theme = s.theme === 'dark' ? 'dark' : 'light';
  const root = document.documentElement;
  if (root.dataset.theme !== theme) root.dataset.theme = theme;
  const toggle = $('#theme-toggle');
  if (toggle) {
    setText(toggle, theme === 'dark' ? '☀ light' : '☾ dark');
    toggle.setAttribute('aria-label', theme === 'dark' ? 'switch to the light theme' : 'switch to the dark theme');
  }
}
