// Guided lessons: the panel section that lists the engine's lessons, shows the step being
// followed (its text, its task and whether the page has seen it done), and moves through them.
// The lessons, their steps and the checks live in the engine; the page keeps only the learner's
// progress (localStorage) and the state a lesson restores on leaving, across a reload.

import * as glue from './pkg/nabla.js';
import { engine, guard } from './engine.js';
import { $, button, el, setText } from './dom.js';
import { drawNow, newSceneNext, requestDraw, settleRuns, state, writeLink } from './frame.js';
import { cancelTyping, syncField } from './field.js';
import { invalidateControls } from './controls.js';
import { pause, play, rewind, syncLabControls } from './lab.js';
import { openTeacherDialog } from './teacher.js';

const STORE = 'nabla.lessons';
let catalogue = { lessons: [], hideParts: [] };
let shownKey = null; // the lesson the section was built for ('list' for the list)
let shownStep = null; // the step whose words it shows
let section = null;

/** What the learner has done, kept in localStorage: {progress: {id: {step, done: [steps]}}, own}. */
function loadStore() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) || '{}');
    return { progress: typeof v.progress === 'object' && v.progress ? v.progress : {}, own: typeof v.own === 'string' ? v.own : null };
  } catch {
    return { progress: {}, own: null };
  }
}

function saveStore(store) {
  try {
    localStorage.setItem(STORE, JSON.stringify(store));
  } catch {
    // Storage may be full or refused (private mode): progress is a convenience.
  }
}

/** The lessons and hideable parts, from the engine. */
export function lessonCatalogue() {
  return catalogue;
}

/** Builds the section from the engine's lessons. */
export function installLessons() {
  catalogue = JSON.parse(glue.Nabla.lessonCatalogue());
  section = $('#lessons');
}

/** After a link is opened: a lesson it reopens (a reload) gets back the learner's own state. */
export function resumeLesson() {
  const store = loadStore();
  if (store.own && state(true).lesson) guard(() => engine.setLessonReturn(store.own));
}

/** After a lesson moved: the page back on the engine's state, drawn now for an API call, or in
 *  the next frame for a button (its click stays a short task; drawn at once, the step to a new
 *  function was one task of 60 ms with Chromium's layout and the canvas's raster). A step with
 *  runs replays them, and the replay's first frame is that frame. */
function followed(later = false) {
  const s = state(true);
  syncField(s);
  syncLabControls(s);
  invalidateControls();
  rewind();
  if (later) newSceneNext();
  else drawNow();
  writeLink();
  const replaying = Boolean(s.descent && s.descent.length) && play(s);
  if (later && !replaying) requestDraw();
  return state(true).lesson ?? null;
}

function start(id, step, later = false) {
  cancelTyping();
  pause();
  const wasIn = Boolean(state(true).lesson);
  settleRuns();
  guard(() => engine.startLesson(String(id), step));
  if (!wasIn && state(true).lesson) {
    const store = loadStore();
    store.own = guard(() => engine.lessonReturn(), null);
    saveStore(store);
  }
  return followed(later);
}

function move(fn, later = false) {
  cancelTyping();
  pause();
  settleRuns();
  guard(fn);
  return followed(later);
}

function end() {
  cancelTyping();
  pause();
  guard(() => engine.endLesson());
  const store = loadStore();
  store.own = null;
  saveStore(store);
  followed();
  return null;
}

/** Runs `fn`; whatever goes wrong, the caller gets `failure()` (the API never throws). */
const safely = (name, fn, failure) => (...args) => {
  try {
    return fn(...args);
  } catch (err) {
    console.warn(`Nabla: window.nabla.${name} failed:`, err);
    return failure();
  }
};

/** The lesson methods of window.nabla (INTERFACE.md §3). */
export function lessonsApi() {
  return {
    lessons: safely('lessons', () => catalogue.lessons.map(({ id, title, steps }) => ({ id, title, steps })), () => []),
    startLesson: safely('startLesson', (id, step = 1) => {
      const n = Number(step);
      return start(typeof id === 'string' ? id.slice(0, 64) : '', Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 0);
    }, () => null),
    nextStep: safely('nextStep', () => move(() => engine.nextStep()), () => null),
    previousStep: safely('previousStep', () => move(() => engine.previousStep()), () => null),
    endLesson: safely('endLesson', end, () => null),
  };
}

/** Keeps the learner's progress: the step reached and the steps done, per lesson. */
function record(lesson) {
  const store = loadStore();
  const p = store.progress[lesson.id] ?? { step: 1, done: [] };
  const done = Array.isArray(p.done) ? p.done : [];
  const changed = p.step !== lesson.step || (lesson.task.done && !done.includes(lesson.step));
  if (!changed) return;
  store.progress[lesson.id] = { step: lesson.step, done: lesson.task.done && !done.includes(lesson.step) ? [...done, lesson.step] : done };
  saveStore(store);
}

function listTree() {
  const { progress } = loadStore();
  const items = catalogue.lessons.map(({ id, title, steps }) => {
    const p = progress[id];
    const done = Array.isArray(p?.done) ? p.done.filter((k) => k >= 1 && k <= steps).length : 0;
    const at = Number.isInteger(p?.step) && p.step >= 1 && p.step <= steps ? p.step : 1;
    const b = button(title, () => start(id, at, true), `lesson-${id}`);
    return el('li', {}, b, el('span', { className: 'progress' }, done ? ` ${done}/${steps} done` : ` ${steps} steps`));
  });
  return [el('p', { className: 'note' }, 'Short guided lessons that follow the course. Each step sets up the page and gives you one thing to do; the page checks it.'),
    el('ol', { className: 'lesson-list' }, ...items)];
}

// What the status says after an answer that is not a number, until the next answer or step.
let notANumber = null;

function stepTree(lesson) {
  const answer = el('input', { type: 'text', id: 'lesson-answer', placeholder: 'your number', spellcheck: false, autocomplete: 'off', inputMode: 'decimal' });
  const check = () => {
    // Not a number ("abc", "2,36771"): said where the learner looks, not only in the console.
    const refused = guard(() => { engine.answerLesson(answer.value); return false; }, true);
    notANumber = refused ? `"${answer.value.slice(0, 40)}" is not a number: type one, for example 4.243 or -9.25.` : null;
    drawNow();
    writeLink();
  };
  answer.addEventListener('keydown', (event) => { if (event.key === 'Enter') check(); });
  const reveal = button('show the answer', () => move(() => engine.revealAnswer(), true), 'lesson-reveal');
  return [
    el('div', { className: 'lesson-head' }, el('strong', {}, lesson.title), el('span', { id: 'lesson-where' }, ` · step ${lesson.step} of ${lesson.steps}`)),
    el('p', { id: 'lesson-text' }, lesson.text),
    el('div', { id: 'lesson-task', className: 'lesson-task' }, el('span', { className: 'mark', ariaHidden: 'true' }, '○'), el('span', {}, lesson.task.text)),
    el('div', { className: 'row', id: 'lesson-input', hidden: !lesson.task.input }, answer, button('check', check, 'lesson-check')),
    el('div', { id: 'lesson-status', className: 'note', role: 'status' }),
    reveal,
    el('p', { id: 'lesson-solution', className: 'lesson-solution', hidden: true }),
    el('div', { className: 'row buttons' },
      button('◀ back', () => move(() => engine.previousStep(), true), 'lesson-prev'),
      button('next ▶', () => move(() => engine.nextStep(), true), 'lesson-next'),
      button('leave the lesson', () => window.nabla.endLesson(), 'lesson-leave')),
  ];
}

/** Shows the lessons for snapshot `s`: the list, or the step being followed. */
export function showLessons(s) {
  if (!section) return;
  const lesson = s.lesson;
  const key = lesson ? lesson.id : 'list';
  if (key !== shownKey) {
    shownKey = key;
    shownStep = null;
    section.replaceChildren(el('h2', {}, lesson ? 'Lesson' : 'Lessons'), ...(lesson ? stepTree(lesson) : listTree()),
      button('share as a teacher…', openTeacherDialog, 'teacher-share'));
  }
  if (!lesson) return;
  if (lesson.step !== shownStep) {
    // A new step changes the words and empties the answer; the buttons stay, and so does the
    // focus on "next" (rebuilding them took it away, and Chromium laid the page out again to
    // move it, 5–10 ms inside the step's frame).
    shownStep = lesson.step;
    setText($('#lesson-where'), ` · step ${lesson.step} of ${lesson.steps}`);
    setText($('#lesson-text'), lesson.text);
    setText($('#lesson-task').lastChild, lesson.task.text);
    $('#lesson-input').hidden = !lesson.task.input;
    $('#lesson-answer').value = '';
    notANumber = null;
  }
  record(lesson);
  const task = $('#lesson-task');
  task.classList.toggle('done', lesson.task.done);
  setText(task.firstChild, lesson.task.done ? '✓' : '○');
  setText($('#lesson-status'), notANumber ?? (lesson.task.done ? 'Done: the page saw it.' : lesson.answer ? 'The page shows the answer.'
    : lesson.task.input && lesson.task.entered !== null ? `${lesson.task.entered} is not it yet.` : ''));
  $('#lesson-status').className = lesson.task.done ? 'note good' : 'note';
  $('#lesson-reveal').hidden = !lesson.canReveal;
  const solution = $('#lesson-solution');
  solution.hidden = !lesson.answer;
  setText(solution, lesson.answer ?? '');
  $('#lesson-prev').disabled = lesson.step <= 1;
  $('#lesson-next').disabled = lesson.step >= lesson.steps;
}
