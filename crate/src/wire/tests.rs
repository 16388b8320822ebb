//! The wire against the JSON the page and hosts send.

use super::*;
use crate::app::lab::LabOptions;
use crate::app::App;

#[test]
fn descent_options_accept_arrays_and_strings_and_refuse_junk() {
    let base = LabOptions::default();
    let with = |json: &str| descent_request(json).and_then(|r| base.with(&r));
    let o = with(r#"{"start":[-1.5,2],"lr":0.001,"steps":3000,"opt":["momentum","adam"]}"#).expect("valid");
    assert_eq!(o.optimizers, vec![Optimizer::Momentum, Optimizer::Adam]);
    assert_eq!((o.lr, o.steps), (0.001, 3000));
    assert_eq!(with(r#"{"opt":"gd,rmsprop"}"#).expect("valid").optimizers, vec![Optimizer::Gd, Optimizer::RmsProp]);
    assert!(with(r#"{"opt":"sgd"}"#).is_err());
    assert!(with(r#"{"opt":42}"#).is_err());
    assert!(with(r#"{"lr":-1}"#).is_err());
    assert!(with(r#"{"beta":1.5}"#).is_err());
    assert!(with(r#"{"start":"left"}"#).is_err());
    assert!(with(r#"{"start":[1,"x"]}"#).is_err());
    assert!(with("<script>").is_err());
    assert!(with("[1, 2]").is_err());
    assert_eq!(with(r#"{"steps":1e9}"#).expect("capped").steps, crate::app::lab::MAX_STEPS);
    let o = with(r#"{"lr":0.01,"beta":0.5,"adam":{"lr":0.2,"beta1":0.8}}"#).expect("valid");
    let adam = o.settings_for(Optimizer::Adam);
    assert_eq!((adam.lr, adam.beta1, adam.beta), (0.2, 0.8, 0.5));
    assert!(with(r#"{"adam":{"beta2":1}}"#).is_err());
    // Repeated ids run once each (issue 11).
    let many = ["gd", "adam"].repeat(300).join(",");
    assert_eq!(with(&format!(r#"{{"opt":"{many}"}}"#)).expect("valid").optimizers, vec![Optimizer::Gd, Optimizer::Adam]);
}

#[test]
fn regression_data_is_sorted_out_and_reported() {
    assert_eq!(regression_items(r#""default""#), None);
    assert_eq!(regression_items("[[1,2],[3,null],[\"a\",1],[4,5,6]]"), Some(vec![Some([1.0, 2.0]), None, None, None]));
    assert_eq!(regression_items("{}"), Some(vec![None]));
    let mut app = App::new();
    app.load_regression(regression_items("[[1,2],[2,3],[3,null]]").as_deref());
    let s = app.snapshot();
    assert_eq!(s.regression.expect("in the lab").points.len(), 2);
    assert!(s.notices.iter().any(|n| n.contains("left out 1")), "{:?}", s.notices);
    app.load_regression(regression_items("[[null, null]]").as_deref());
    let s = app.snapshot();
    assert_eq!(s.regression.expect("in the lab").points, crate::compute::regression::default_points());
    assert!(s.notices.iter().any(|n| n.contains("showing the default data")), "{:?}", s.notices);
}

#[test]
fn answers_and_the_catalogue_are_json() {
    let mut app = App::new();
    let ok = expression_result(&app.set_expression("x^2"));
    assert_eq!(ok, r#"{"ok":true}"#);
    let bad: Value = serde_json::from_str(&expression_result(&app.set_expression("sin(x"))).expect("json");
    assert_eq!(bad["ok"], false);
    assert_eq!((bad["error"]["start"].as_u64(), bad["error"]["end"].as_u64()), (Some(3), Some(4)));
    let c: Value = serde_json::from_str(&catalogue(&crate::app::catalogue::catalogue())).expect("json");
    assert_eq!(c["optimizers"][4]["id"], "adam");
    assert_eq!(c["labPresets"][0]["opt"].as_array().map(Vec::len), Some(5));
    assert_eq!(c["panels"]["map"][0], "slice-x");
    let pairs = read_link_pairs(&link_pairs(&app.link_pairs()));
    assert_eq!(pairs, app.link_pairs());
    assert!(read_link_pairs("not json").is_empty());
    let s: Value = serde_json::from_str(&snapshot(&app.snapshot())).expect("json");
    assert_eq!(s["options"]["levels"], 12);
    assert_eq!(s["lab"]["opt"][0], "gd");
}

#[test]
fn the_lesson_catalogue_lists_every_lesson_and_part() {
    let v: serde_json::Value = serde_json::from_str(&super::lesson_catalogue(crate::app::lessons::catalogue::LESSONS, &crate::app::teacher::PARTS)).unwrap();
    assert_eq!(v["lessons"].as_array().map(Vec::len), Some(9));
    assert_eq!(v["lessons"][2]["id"], "gradient");
    assert_eq!(v["lessons"][2]["steps"], 6);
    assert_eq!(v["hideParts"].as_array().map(Vec::len), Some(10));
}
