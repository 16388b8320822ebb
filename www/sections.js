// The panel's sections: every <section> of <aside id="panel"> whose first child is an <h2>
// becomes a collapsible group with a button in its heading, and a chip in the sticky bar at
// the top of the panel that opens it and scrolls to it. Sections other modules add later
// (the graph, lessons, the surface) are picked up as they appear, without this module
// knowing them. On a narrow screen one section is open at a time, so the panel stays short.

import { $, el } from './dom.js';

const narrow = window.matchMedia('(max-width: 900px)');
const known = new WeakSet();
let nav = null;

/** Turns the panel's sections into collapsible groups, now and whenever one is added. */
export function installSections() {
  const panel = $('#panel');
  nav = $('#section-nav');
  const scan = () => {
    let changed = false;
    for (const section of panel.querySelectorAll(':scope > section')) changed = adopt(section) || changed;
    if (changed) buildNav(panel);
  };
  scan();
  new MutationObserver(scan).observe(panel, { childList: true });
  // The first section a learner needs is open; on a wide screen every section starts open.
  const sections = sectionsOf(panel);
  sections.forEach((s, i) => setOpen(s, !narrow.matches || i === 0));
}

/** Opens the section `id` (closing the others on a narrow screen), e.g. when a run starts. */
export function openSection(id) {
  const section = document.getElementById(id);
  if (section && known.has(section)) setOpen(section, true);
}

/** Renames a section's heading (the page says "Limit" in one variable, "Slices" in two). */
export function titleSection(id, title) {
  const section = document.getElementById(id);
  const button = section?.querySelector(':scope > h2 > button.section-toggle');
  if (!button || button.dataset.title === title) return;
  button.dataset.title = title;
  button.textContent = title;
  const chip = nav?.querySelector(`button[data-for="${id}"]`);
  if (chip) chip.textContent = title;
}

function sectionsOf(panel) {
  return [...panel.querySelectorAll(':scope > section')].filter((s) => known.has(s));
}

function adopt(section) {
  if (known.has(section)) return false;
  const heading = section.firstElementChild;
  if (!heading || heading.tagName !== 'H2' || !section.id) return false;
  known.add(section);
  section.classList.add('panel-section');
  const title = heading.textContent.trim();
  // `-content`: a module's own `#…-body` (the graph's) keeps its id.
  const body = el('div', { className: 'section-body', id: `${section.id}-content` });
  body.append(...[...section.childNodes].filter((n) => n !== heading));
  section.append(body);
  // The heading holds a real button, so the group is reachable and announced by keyboard.
  const toggle = el('button', { type: 'button', className: 'section-toggle' }, title);
  toggle.dataset.title = title;
  toggle.setAttribute('aria-controls', body.id);
  toggle.setAttribute('aria-expanded', 'true');
  toggle.addEventListener('click', () => setOpen(section, toggle.getAttribute('aria-expanded') !== 'true'));
  heading.replaceChildren(toggle);
  // Later children (a module that appends to its own section) go into the body.
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n !== body && n.parentNode === section) body.append(n);
  }).observe(section, { childList: true });
  if (narrow.matches) setOpen(section, false);
  return true;
}

function setOpen(section, open) {
  const toggle = section.querySelector(':scope > h2 > button.section-toggle');
  if (!toggle) return;
  toggle.setAttribute('aria-expanded', String(open));
  section.classList.toggle('collapsed', !open);
  if (open && narrow.matches) {
    for (const other of sectionsOf(section.parentNode)) if (other !== section) setOpen(other, false);
  }
  const chip = nav?.querySelector(`button[data-for="${section.id}"]`);
  if (chip) chip.setAttribute('aria-pressed', String(open));
}

function buildNav(panel) {
  if (!nav) return;
  nav.replaceChildren(...sectionsOf(panel).filter((s) => !s.hidden).map((section) => {
    const toggle = section.querySelector(':scope > h2 > button.section-toggle');
    const chip = el('button', { type: 'button' }, toggle.dataset.title);
    chip.dataset.for = section.id;
    chip.setAttribute('aria-pressed', toggle.getAttribute('aria-expanded'));
    chip.addEventListener('click', () => {
      setOpen(section, true);
      section.scrollIntoView({ block: 'start', behavior: 'instant' });
    });
    return chip;
  }));
}

let hadRuns = false;

/** The page's own sections are named for what they show in the mode of snapshot `s`; a run
 *  that starts opens the Descent section (the current one). */
export function showSectionTitles(s) {
  const n = (s.vars || []).length;
  const runs = (s.descent || []).length > 0;
  if (runs && !hadRuns) openSection('descent');
  hadRuns = runs;
  if (n === 0) return;
  titleSection('charts-section', n === 1 ? 'Limit' : 'Slices and direction');
  titleSection('controls-section', n === 1 ? 'f′ and h' : 'Direction and map');
  titleSection('descent', s.regression ? 'Descent · regression' : 'Descent');
}
