//! Every step of every lesson opens cleanly, its task is not done on opening, and a learner's
//! action worked out by hand (the course's numbers) does it; leaving restores the learner's own.

use super::catalogue::LESSONS;
use super::task::{read_number, Checks, Facts, RunEnd, Task};
use crate::app::lab::{DescentRequest, SettingsRequest};
use crate::app::{Along, App};

fn done(app: &mut App) -> bool {
    app.snapshot().lesson.map(|l| l.task.done).unwrap_or(false)
}

fn descend(app: &mut App, lr: f64, steps: f64, opt: &[&str]) {
    let start = app.snapshot().point;
    let request = DescentRequest {
        start: Some(start),
        steps: Some(steps),
        optimizers: Some(opt.iter().map(|s| s.to_string()).collect()),
        shared: SettingsRequest { lr: Some(lr), ascent: Some(false), ..SettingsRequest::default() },
        own: Vec::new(),
    };
    app.run_descent(&request).expect("runs");
}

fn answer(app: &mut App, text: &str) {
    app.answer_lesson(text).expect("a number");
}

/// What a learner does to complete each step, worked out by hand from the course.
fn solve(app: &mut App, lesson: &str, step: usize) {
    match (lesson, step) {
        ("derivative", 1) => app.set_h(0.005).unwrap(),
        ("derivative", 2) => app.set_h(1e-11).unwrap(),
        ("derivative", 3) => app.set_point(&[1.0]),
        ("derivative", 4) => answer(app, "0.5"),
        ("derivative", 5) => answer(app, "-9.8696"),
        ("partials", 1) => answer(app, "16"),
        ("partials", 2) => app.set_point(&[-3.0, 2.0]),
        ("partials", 3) => answer(app, "25"),
        ("partials", 4) => answer(app, "2"),
        ("gradient", 1) => answer(app, "4.4721"),
        ("gradient", 2) => app.set_point(&[0.0, 0.0]),
        ("gradient", 3) => app.set_direction(63.43),
        ("gradient", 4) => app.set_point(&[0.0, 1.0]),
        ("gradient", 5) => app.set_direction(63.43 + 90.0),
        ("gradient", 6) => app.set_point(&[-1.0, 0.0]),
        ("directional", 1) => answer(app, "4.2426"),
        ("directional", 2) => app.aim_along(Along::Gradient),
        ("directional", 3) => app.set_direction(63.43 + 180.0),
        ("directional", 4) => app.aim_along(Along::Level),
        ("descent", 1) => descend(app, 0.1, 200.0, &["gd"]),
        ("descent", 2) => answer(app, "0.8"),
        // Curvatures 2 and 6: η = 2/(2 + 6) = 0.25 contracts both by 1/2 a step.
        ("descent", 3) => descend(app, 0.25, 300.0, &["gd"]),
        ("descent", 4) => descend(app, 0.4, 300.0, &["gd"]),
        ("descent", 5) => descend(app, 0.001, 3000.0, &["gd", "momentum"]),
        ("regression", 1) => {
            let fit = app.snapshot().regression.and_then(|r| r.fit).unwrap();
            app.set_point(&fit);
        }
        ("regression", 2) => answer(app, "-9.25"),
        ("regression", 3) => descend(app, 0.02, 5000.0, &["gd"]),
        ("mistakes", 1) => answer(app, "2.1"),
        ("mistakes", 2) => {
            assert!(!app.check_derivative("x", "e^(x^2)").unwrap().right);
            assert!(app.check_derivative("x", "2x e^(x^2)").unwrap().right);
        }
        ("mistakes", 3) => answer(app, "6"),
        ("mistakes", 4) => app.aim_along(Along::Gradient),
        ("mistakes", 5) => descend(app, 0.1, 200.0, &["gd"]),
        ("interview", 1) => app.aim_along(Along::Gradient),
        ("interview", 2) => descend(app, 0.1, 200.0, &["gd"]),
        ("interview", 3) => app.set_point(&[1.0, 0.0]),
        ("interview", 4) => answer(app, "3.1677"),
        ("interview", 5) => answer(app, "5"),
        ("interview", 6) => app.aim_along(Along::Level),
        ("exercises", 1) => answer(app, "0.5403022"),
        ("exercises", 2) => answer(app, "0.5838532"),
        ("exercises", 3) => answer(app, "0.4"),
        ("exercises", 4) => answer(app, "2.3677063"),
        _ => panic!("no solution written for {lesson} step {step}"),
    }
}

#[test]
fn every_step_opens_undone_and_the_hand_worked_action_does_it() {
    for lesson in LESSONS {
        for step in 1..=lesson.steps.len() {
            let mut app = App::new();
            app.start_lesson(lesson.id, step).unwrap();
            let s = app.snapshot();
            assert!(s.error.is_none(), "{} {step}: {:?}", lesson.id, s.error);
            assert!(s.notices.is_empty(), "{} {step}: {:?}", lesson.id, s.notices);
            let info = s.lesson.clone().unwrap();
            assert_eq!((info.id, info.step, info.steps), (lesson.id, step, lesson.steps.len()));
            assert!(!info.task.done, "{} {step} is done before the learner did anything", lesson.id);
            solve(&mut app, lesson.id, step);
            assert!(done(&mut app), "{} {step}: the worked action does not complete it: {:?}", lesson.id, app.snapshot().descent.iter().map(|r| (r.optimizer, r.status, r.steps)).collect::<Vec<_>>());
        }
    }
}

#[test]
fn the_course_has_every_section_with_a_handful_of_steps() {
    let ids: Vec<&str> = LESSONS.iter().map(|l| l.id).collect();
    assert_eq!(ids, ["derivative", "partials", "gradient", "directional", "descent", "regression", "mistakes", "interview", "exercises"]);
    for l in LESSONS {
        assert!((3..=8).contains(&l.steps.len()), "{}", l.id);
        for s in l.steps {
            assert!(s.text.len() < 420 && s.task_text.len() < 120, "{}: {}", l.id, s.text);
        }
    }
    // The interview has the course's six questions, each with an answer to reveal.
    let interview = &LESSONS[super::find("interview").unwrap()];
    assert_eq!(interview.steps.len(), 6);
    assert!(interview.steps.iter().all(|s| s.answer.is_some()));
}

#[test]
fn wrong_answers_and_nearby_points_do_not_count() {
    let mut app = App::new();
    app.start_lesson("directional", 1).unwrap();
    answer(&mut app, "4.24"); // 3√2 = 4.2426…: off by more than 1e-3
    assert!(!done(&mut app));
    answer(&mut app, "6"); // ∇f·(1, 1) without the 1/√2
    assert!(!done(&mut app));
    answer(&mut app, "4.243");
    assert!(done(&mut app));
    assert!(app.answer_lesson("four").is_err());
    assert!(app.answer_lesson("1,5").is_err());
    app.start_lesson("derivative", 3).unwrap();
    app.set_point(&[0.9]); // f′(0.9) = 3·0.81 − 3 = −0.57
    assert!(!done(&mut app));
    app.start_lesson("mistakes", 2).unwrap();
    assert!(app.check_derivative("x", "2x e^(x^2)").unwrap().right); // right at once: no mistake seen
    assert!(!done(&mut app));
    app.start_lesson("descent", 3).unwrap();
    descend(&mut app, 0.1, 300.0, &["gd"]); // converges, but contracts x by only 0.8 a step
    assert!(!done(&mut app), "{:?}", app.snapshot().descent.iter().map(|r| (r.status, r.steps)).collect::<Vec<_>>());
}

#[test]
fn a_task_stays_done_on_its_step_once_it_held() {
    let mut app = App::new();
    app.start_lesson("gradient", 2).unwrap();
    app.set_point(&[0.0, 0.0]);
    assert!(done(&mut app));
    app.set_point(&[2.0, 2.0]);
    assert!(done(&mut app));
    app.next_step();
    assert!(!done(&mut app));
}

#[test]
fn steps_move_within_the_lesson_and_set_its_state() {
    let mut app = App::new();
    app.start_lesson("gradient", 1).unwrap();
    let s = app.snapshot();
    assert_eq!(s.expr, "x^2 + y^2");
    assert_eq!(s.point, vec![1.0, 2.0]);
    assert_eq!(s.gradient, Some(vec![2.0, 4.0]));
    app.previous_step();
    assert_eq!(app.snapshot().lesson.unwrap().step, 1);
    for _ in 0..10 {
        app.next_step();
    }
    assert_eq!(app.snapshot().lesson.unwrap().step, 6);
    assert_eq!(app.snapshot().expr, "x^3 - 3x + y^2");
    app.start_lesson("derivative", 2).unwrap();
    assert_eq!(app.snapshot().secant.map(|s| s.h), Some(0.001));
    app.next_step();
    assert_eq!(app.snapshot().secant.map(|s| s.h), Some(0.5), "a step without h has the default h");
    assert!(app.start_lesson("gradient", 7).is_err());
    assert!(app.start_lesson("<script>", 1).is_err());
    assert!(app.start_lesson("gradient", 0).is_err());
}

#[test]
fn mistake_five_climbs_until_the_learner_fixes_the_sign() {
    let mut app = App::new();
    app.start_lesson("mistakes", 5).unwrap();
    let s = app.snapshot();
    assert!(s.lab.ascent);
    let run = &s.descent[0];
    assert!(run.losses.last().unwrap() > &run.losses[0], "the climbing run's loss grows");
    app.next_step(); // past the last step: nothing changes
    assert_eq!(app.snapshot().lesson.unwrap().step, 5);
    app.start_lesson("descent", 1).unwrap();
    assert!(!app.snapshot().lab.ascent, "the next lesson descends again");
}

#[test]
fn leaving_restores_the_learners_own_function_and_point() {
    let mut app = App::new();
    app.set_expression("sin(x) + y").unwrap();
    app.set_point(&[0.25, -1.5]);
    app.start_lesson("derivative", 1).unwrap();
    app.next_step();
    app.start_lesson("regression", 3).unwrap(); // a second lesson keeps the first own state
    app.end_lesson();
    let s = app.snapshot();
    assert_eq!(s.expr, "sin(x) + y");
    assert_eq!(s.point, vec![0.25, -1.5]);
    assert!(s.lesson.is_none() && s.regression.is_none() && s.descent.is_empty());
}

#[test]
fn a_lesson_link_round_trips_and_reopens_the_step() {
    let mut app = App::new();
    app.apply_link(&[("hide".into(), "lab,presets".into()), ("lock".into(), "f".into())]);
    app.start_lesson("directional", 2).unwrap();
    app.set_direction(60.0);
    let pairs = app.link_pairs();
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    assert_eq!(get("lesson").as_deref(), Some("directional"));
    assert_eq!(get("step").as_deref(), Some("2"));
    assert_eq!(get("hide").as_deref(), Some("presets,lab"));
    assert_eq!(get("lock").as_deref(), Some("f"));
    let mut again = App::new();
    again.apply_link(&pairs);
    let s = again.snapshot();
    assert_eq!(s.lesson.as_ref().map(|l| (l.id, l.step)), Some(("directional", 2)));
    assert!((s.direction_degrees.unwrap() - 60.0).abs() < 1e-9, "the learner’s own u, not the step’s 45°");
    assert_eq!(s.hide, vec!["presets", "lab"]);
    assert_eq!(s.lock, Some("f"));
    // Bad values leave notices, never a panic.
    let mut bad = App::new();
    bad.apply_link(&[("lesson".into(), "nope".into()), ("step".into(), "2.5".into()), ("hide".into(), "lab,<x>".into()), ("lock".into(), "y".into())]);
    let s = bad.snapshot();
    assert!(s.lesson.is_none());
    assert_eq!(s.hide, vec!["lab"]);
    assert_eq!(s.notices.len(), 4, "{:?}", s.notices);
    // The walk: step=0 and step=-1 opened step 1 with no word; the step's function had cleared it.
    for step in ["0", "-1"] {
        let mut app = App::new();
        app.apply_link(&[("lesson".into(), "derivative".into()), ("step".into(), step.into())]);
        let s = app.snapshot();
        assert_eq!(s.lesson.as_ref().map(|l| l.step), Some(1));
        assert!(s.notices.iter().any(|n| n.contains("ignored the link's step")), "{step}: {:?}", s.notices);
    }
    // A point with too few numbers keeps the others and says so.
    let mut app = App::new();
    app.apply_link(&[("f".into(), "x + y".into()), ("p".into(), "3".into())]);
    assert_eq!(app.selection.point, [3.0, 2.0]);
    assert!(app.snapshot().notices.iter().any(|n| n.contains("1 number for 2 variables")), "{:?}", app.snapshot().notices);
}

#[test]
fn an_interview_answer_waits_until_the_learner_has_tried() {
    let mut app = App::new();
    app.start_lesson("interview", 3).unwrap();
    let info = app.snapshot().lesson.unwrap();
    assert_eq!((info.answer, info.can_reveal), (None, false));
    app.reveal_answer(); // not tried yet: still hidden
    assert!(app.snapshot().lesson.unwrap().answer.is_none());
    app.set_point(&[0.5, 0.5]);
    assert!(app.snapshot().lesson.unwrap().can_reveal);
    app.reveal_answer();
    let s = app.snapshot();
    assert!(s.lesson.as_ref().unwrap().answer.unwrap().contains("saddle"));
    assert_eq!(s.point, vec![-1.0, 0.0], "the answer is the state that shows it: the saddle");
    assert!(!s.lesson.unwrap().task.done, "shown, not done by the learner");
    app.next_step();
    assert!(app.snapshot().lesson.unwrap().answer.is_none());
    answer(&mut app, "3.1677");
    assert!(app.snapshot().lesson.unwrap().answer.unwrap().contains("cos(xy)"), "done shows it");
}

#[test]
fn every_interview_answer_shows_a_state_that_does_the_task() {
    for step in 1..=6 {
        let mut app = App::new();
        app.start_lesson("interview", step).unwrap();
        if step == 4 || step == 5 {
            answer(&mut app, "0"); // a wrong number is a try
        } else {
            app.set_point(&[0.3, 0.4]);
        }
        app.reveal_answer();
        let s = app.snapshot();
        let lesson = s.lesson.clone().unwrap();
        assert!(lesson.answer.is_some(), "Q{step}");
        let step_info = LESSONS[super::find("interview").unwrap()].steps[step - 1];
        let runs: Vec<RunEnd> = s.descent.iter().map(|r| RunEnd { optimizer: r.optimizer, status: r.status, steps: r.steps, last: r.path.last().cloned().unwrap_or_default() }).collect();
        let holds = step_info.task.holds(&Facts { snap: &s, runs: &runs, entered: Some(f64::NAN), checks: Checks::default() });
        assert!(holds || step_info.task.wants_number(), "Q{step}: the shown state does the task");
    }
}

#[test]
fn predicates_read_undefined_numbers_as_not_done() {
    let mut app = App::new();
    app.set_expression("sqrt(x) + y").unwrap();
    app.set_point(&[-1.0, 0.0]);
    let snap = app.snapshot();
    let facts = Facts { snap: &snap, runs: &[], entered: None, checks: Checks::default() };
    for task in [Task::Critical { tol: 1.0 }, Task::AlongGradient { deg: 180.0 }, Task::AlongLevel { deg: 90.0 }, Task::GradientNorm { value: 0.0, tol: 10.0 }, Task::Answer { value: 0.0, tol: 1.0 }] {
        assert!(!task.holds(&facts), "{task:?}");
    }
    let ends = [RunEnd { optimizer: "gd", status: "converged", steps: 10, last: vec![0.0, 0.0] }];
    assert!(Task::Converged { steps: 10, optimizer: None }.holds(&Facts { snap: &snap, runs: &ends, entered: None, checks: Checks::default() }));
    assert!(!Task::Converged { steps: 9, optimizer: None }.holds(&Facts { snap: &snap, runs: &ends, entered: None, checks: Checks::default() }));
    assert!(!Task::Converged { steps: 10, optimizer: Some("adam") }.holds(&Facts { snap: &snap, runs: &ends, entered: None, checks: Checks::default() }));
    assert_eq!(read_number(" \u{2212}9.25 "), Some(-9.25));
    assert_eq!(read_number("1e-3"), Some(0.001));
    assert_eq!(read_number("NaN"), None);
    assert_eq!(read_number("inf"), None);
}

#[test]
fn exercise_4_takes_d_u_f_as_the_readouts_show_it() {
    // The walk: the readout 2.36771 and ∇f's shown digits (2.367708) were "not it yet" at 1e-6.
    for (typed, right) in [("2.36771", true), ("2.367708", true), ("2.3676", false)] {
        let mut app = App::new();
        app.start_lesson("exercises", 4).unwrap();
        answer(&mut app, typed);
        assert_eq!(done(&mut app), right, "{typed}");
    }
}
