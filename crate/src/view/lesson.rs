//! `state().lesson`: the guided lesson being followed, as plain data (see INTERFACE.md §3),
//! and the teacher's hidden parts and lock.

use serde::Serialize;

/// A step's task as the page shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TaskInfo {
    /// What to do.
    pub text: &'static str,
    /// Whether it has been done on this step (it stays done once it held).
    pub done: bool,
    /// Whether the task is answered by typing a number.
    pub input: bool,
    /// The number entered for this step, if any.
    pub entered: Option<f64>,
}

/// The lesson being followed.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LessonInfo {
    /// Its id.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The step shown, from 1.
    pub step: usize,
    /// How many steps it has.
    pub steps: usize,
    /// What to look at.
    pub text: &'static str,
    /// The step's task.
    pub task: TaskInfo,
    /// An interview question's answer: shown once the task is done or the learner has tried
    /// and asked for it; `null` until then, and for steps without one.
    pub answer: Option<&'static str>,
    /// Whether the step has an answer still hidden that the learner may now ask for.
    pub can_reveal: bool,
}
