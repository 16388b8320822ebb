//! Guided lessons: the course as steps that set the page's state, say what to look at, and
//! give the learner a task the page checks. The content is [`catalogue`]; the checks are
//! [`task`]; this module follows a lesson (start, next, back, leave) and keeps the learner's
//! own state to restore when they leave.

pub mod catalogue;
pub mod task;

use crate::app::link::parse_numbers;
use crate::app::{App, Error};
use crate::view::lesson::{LessonInfo, TaskInfo};
use crate::view::runs::RunInfo;
use crate::view::snapshot::Snapshot;
use catalogue::{Lesson, LESSONS};
use task::{Checks, Facts, RunEnd};

/// The lesson being followed.
#[derive(Debug, Clone, Default)]
pub struct ActiveLesson {
    /// Index into [`LESSONS`].
    lesson: usize,
    /// The step shown, from 0.
    step: usize,
    /// The number the learner entered on this step.
    entered: Option<f64>,
    /// Steps whose task has held, one flag per step.
    done: Vec<bool>,
    /// What "check my derivative" said on this step.
    checks: Checks,
    /// Whether the learner asked for this step's answer (after trying).
    revealed: bool,
    /// The link as the step opened it: a different link means the learner has tried something.
    opened: Vec<(String, String)>,
    /// The learner's own state before the lesson, as exact link pairs.
    own: Vec<(String, String)>,
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<usize> {
    LESSONS.iter().position(|l| l.id == id)
}

impl App {
    /// Every lesson: id, title and number of steps.
    pub fn lessons(&self) -> &'static [Lesson] {
        LESSONS
    }

    /// Opens step `step` (from 1) of lesson `id`, keeping the learner's own state to restore
    /// on leaving (the state before the first lesson, if one is already open).
    pub fn start_lesson(&mut self, id: &str, step: usize) -> Result<(), Error> {
        let lesson = find(id).ok_or_else(|| Error::Refused(format!("there is no lesson `{}`", id.chars().take(40).collect::<String>())))?;
        let n = LESSONS[lesson].steps.len();
        if step == 0 || step > n {
            return Err(Error::Refused(format!("the lesson `{id}` has steps 1 to {n}")));
        }
        let own = match self.lesson.take() {
            Some(active) => active.own,
            None => self.exact_pairs(),
        };
        self.lesson = Some(ActiveLesson { lesson, step: step - 1, done: vec![false; n], own, ..ActiveLesson::default() });
        self.open_step();
        Ok(())
    }

    /// The next step; past the last one, nothing changes.
    pub fn next_step(&mut self) {
        self.move_step(1);
    }

    /// The step before; before the first, nothing changes.
    pub fn previous_step(&mut self) {
        self.move_step(-1);
    }

    fn move_step(&mut self, by: isize) {
        let Some(active) = &mut self.lesson else { return };
        let n = LESSONS[active.lesson].steps.len();
        let Some(to) = active.step.checked_add_signed(by).filter(|&s| s < n) else { return };
        active.step = to;
        self.open_step();
    }

    /// Leaves the lesson and puts back the learner's own function, point and settings.
    pub fn end_lesson(&mut self) {
        let Some(active) = self.lesson.take() else { return };
        let hidden = self.teacher.clone();
        self.regression = None;
        self.lab.clear();
        self.lab.options.settings.ascent = false;
        self.reset_view();
        self.apply_link(&active.own);
        self.teacher = hidden;
    }

    /// Records the number the learner typed for this step's task; refuses what is not a number.
    pub fn answer_lesson(&mut self, text: &str) -> Result<(), Error> {
        let Some(active) = &mut self.lesson else { return Err(Error::Refused("no lesson is open".into())) };
        let value = task::read_number(text).ok_or_else(|| Error::Refused("type a number, for example 4.243 or -9.25".into()))?;
        active.entered = Some(value);
        Ok(())
    }

    /// Records what "check my derivative" said, for a step whose task is to see a mistake and fix it.
    pub(crate) fn note_check(&mut self, right: bool) {
        if let Some(active) = &mut self.lesson {
            if right {
                active.checks.right = active.checks.wrong;
            } else {
                active.checks.wrong = true;
            }
        }
    }

    /// Shows this step's answer, once the learner has tried (changed the state or typed a number).
    /// The state that shows the answer is applied (the task is then not counted as done).
    pub fn reveal_answer(&mut self) {
        let tried = self.lesson_tried();
        let Some(active) = &mut self.lesson else { return };
        let step = LESSONS[active.lesson].steps[active.step];
        let done = active.done.get(active.step).copied().unwrap_or(false);
        if !tried || done || active.revealed || step.answer.is_none() {
            return;
        }
        active.revealed = true;
        self.apply_step_pairs(step.shows);
    }

    /// The learner's own state kept to restore on leaving (exact link pairs; empty with no lesson).
    pub fn lesson_return(&self) -> Vec<(String, String)> {
        self.lesson.as_ref().map(|a| a.own.clone()).unwrap_or_default()
    }

    /// Replaces the state to restore on leaving (the page keeps it across a reload).
    pub fn set_lesson_return(&mut self, pairs: Vec<(String, String)>) {
        if let Some(active) = &mut self.lesson {
            active.own = pairs;
        }
    }

    /// The link pairs naming the lesson and step (none with no lesson).
    pub fn lesson_pairs(&self) -> Vec<(String, String)> {
        match &self.lesson {
            Some(a) => vec![("lesson".to_string(), LESSONS[a.lesson].id.to_string()), ("step".to_string(), (a.step + 1).to_string())],
            None => Vec::new(),
        }
    }

    /// Applies a link's `lesson` and `step` values: opens that step (a bad value leaves a notice).
    pub fn apply_lesson_link(&mut self, lesson: Option<&str>, step: Option<&str>) {
        let Some(id) = lesson else { return };
        let (step, refused) = match step.map(|s| parse_numbers(s, Some(1))) {
            None => (1, false),
            Some(Ok(n)) if n[0] >= 1.0 && n[0] <= 1000.0 && n[0].fract() == 0.0 => (n[0] as usize, false),
            Some(_) => (1, true),
        };
        if let Err(e) = self.start_lesson(id, step) {
            self.notices.push(format!("ignored the link's lesson: {e}"));
        }
        // After the step opened: its new function clears the notices that came before.
        if refused {
            self.notices.push("ignored the link's step: it is a whole number from 1");
        }
    }

    /// Sets the state step by step names: a clean slate (default view, no runs, no regression,
    /// descending), then the step's pairs through the link code.
    fn open_step(&mut self) {
        let Some(active) = &self.lesson else { return };
        let step = LESSONS[active.lesson].steps[active.step];
        self.regression = None;
        self.lab.clear();
        self.lab.options.settings.ascent = false;
        self.reset_view();
        self.single.h = crate::app::single::DEFAULT_H;
        self.apply_step_pairs(step.pairs);
        let opened = self.link_pairs();
        if let Some(active) = &mut self.lesson {
            active.entered = None;
            active.checks = Checks::default();
            active.revealed = false;
            active.opened = opened;
        }
    }

    /// Applies a step's pairs through the link code, the lesson's own `ascent` first (so a run
    /// the pairs start climbs or descends as it says); the teacher's hide and lock stay.
    fn apply_step_pairs(&mut self, step_pairs: &[(&str, &str)]) {
        let hidden = self.teacher.clone();
        if let Some(&(_, v)) = step_pairs.iter().find(|(k, _)| *k == "ascent") {
            self.lab.options.settings.ascent = v == "1";
        }
        let pairs: Vec<(String, String)> = step_pairs.iter().filter(|(k, _)| *k != "ascent").map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.apply_link(&pairs);
        self.teacher = hidden;
    }

    /// Whether the learner has done something on this step: typed a number or changed the state.
    fn lesson_tried(&self) -> bool {
        self.lesson.as_ref().is_some_and(|a| a.entered.is_some() || a.checks.wrong || self.link_pairs().iter().filter(|(k, _)| k != "lesson" && k != "step").ne(a.opened.iter().filter(|(k, _)| k != "lesson" && k != "step")))
    }

    /// `state().lesson`: the step shown, its task checked against `snap` (a task that held
    /// stays done on that step).
    pub fn lesson_info(&mut self, snap: &Snapshot) -> Option<LessonInfo> {
        let runs: Vec<RunEnd> = self
            .lab
            .runs
            .iter()
            .map(|r| {
                let end = RunInfo::window(r, r.path.len().saturating_sub(1), 1);
                RunEnd { optimizer: end.optimizer, status: end.status, steps: end.steps, last: end.path.last().cloned().unwrap_or_default() }
            })
            .collect();
        let tried = self.lesson_tried();
        let active = self.lesson.as_mut()?;
        let checks = active.checks;
        let lesson = &LESSONS[active.lesson];
        let step = lesson.steps[active.step];
        let holds = step.task.holds(&Facts { snap, runs: &runs, entered: active.entered, checks });
        // A task the page's own answer made hold was not done by the learner.
        if let Some(done) = active.done.get_mut(active.step) {
            *done |= holds && !active.revealed;
        }
        let done = active.done.get(active.step).copied().unwrap_or(holds);
        let shown = done || active.revealed;
        Some(LessonInfo {
            id: lesson.id,
            title: lesson.title,
            step: active.step + 1,
            steps: lesson.steps.len(),
            text: step.text,
            task: TaskInfo { text: step.task_text, done, input: step.task.wants_number(), entered: active.entered },
            answer: step.answer.filter(|_| shown),
            can_reveal: step.answer.is_some() && !shown && tried,
        })
    }
}

#[cfg(test)]
mod tests;
