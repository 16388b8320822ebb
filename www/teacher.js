// Teacher links: the parts of the page a link hides (`hide=`) and the locked expression field
// (`lock=f`), applied from what the engine holds; and the "share as a teacher" dialog, which
// builds such a link from the current state with checkboxes.

import { engine, guard } from './engine.js';
import { button, el, els } from './dom.js';

let parts = [];
let dialog = null;

/** Builds the dialog for these hideable parts (from the engine's lesson catalogue). */
export function installTeacher(hideParts) {
  parts = hideParts;
  const boxes = parts.map((name) => el('label', {}, el('input', { type: 'checkbox', value: name, className: 'hide-part' }), ` hide ${name}`));
  const lock = el('input', { type: 'checkbox', id: 'teacher-lock' });
  const atStep = el('input', { type: 'checkbox', id: 'teacher-lesson', checked: true });
  const link = el('input', { type: 'text', id: 'teacher-link', readOnly: true });
  const copied = el('span', { className: 'note', id: 'teacher-copied' });
  const update = () => { link.value = teacherLink(); copied.textContent = ''; };
  dialog = el('dialog', { id: 'teacher-dialog' },
    el('h2', {}, 'share as a teacher'),
    el('p', { className: 'note' }, 'The link opens this state. Tick what your students should not see.'),
    el('div', { className: 'parts' }, ...boxes),
    el('label', {}, lock, ' lock the expression (the field is read-only)'),
    el('label', { id: 'teacher-lesson-row' }, atStep, ' open at this lesson step'),
    link,
    el('div', { className: 'row buttons' },
      button('copy', () => {
        link.select();
        navigator.clipboard?.writeText(link.value).then(() => { copied.textContent = 'copied'; }, () => { copied.textContent = 'select the link and copy it'; });
      }, 'teacher-copy'),
      copied,
      button('close', () => dialog.close(), 'teacher-close')));
  dialog.addEventListener('change', update);
  dialog.update = update;
  document.body.append(dialog);
}

/** Opens the dialog with the current state's link. */
export function openTeacherDialog() {
  if (!dialog) return;
  const lesson = (JSON.parse(guard(() => engine.linkPairs(), '[]')) || []).some(([k]) => k === 'lesson');
  dialog.querySelector('#teacher-lesson-row').hidden = !lesson;
  dialog.update();
  if (!dialog.open) dialog.showModal();
}

/** The link the dialog's boxes ask for: the current state, with their hide and lock. */
export function teacherLink() {
  const pairs = (JSON.parse(guard(() => engine.linkPairs(), '[]')) || []).filter(([k]) => k !== 'hide' && k !== 'lock');
  const keepLesson = dialog?.querySelector('#teacher-lesson')?.checked ?? true;
  const chosen = pairs.filter(([k]) => keepLesson || (k !== 'lesson' && k !== 'step'));
  const hide = [...(dialog?.querySelectorAll('input.hide-part:checked') ?? [])].map((b) => b.value);
  if (hide.length) chosen.push(['hide', hide.join(',')]);
  if (dialog?.querySelector('#teacher-lock')?.checked) chosen.push(['lock', 'f']);
  const base = location.href.split('#')[0];
  return `${base}#${chosen.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** Hides what the link hides and locks the field, from snapshot `s`. */
export function showTeacher(s) {
  const hidden = new Set(s.hide || []);
  for (const name of parts) document.documentElement.classList.toggle(`hide-${name}`, hidden.has(name));
  const locked = s.lock === 'f';
  if (els.expr.readOnly !== locked) {
    els.expr.readOnly = locked;
    els.expr.title = locked ? 'this link keeps the function fixed' : '';
    // Every button that replaces the function: the examples and the lab's presets (Himmelblau,
    // the regression); both are built before the first frame shows the lock.
    for (const b of document.querySelectorAll('#presets button, #lab-presets button')) b.disabled = locked;
  }
}
