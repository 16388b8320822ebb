//! The one wire: every JSON that crosses into or out of the core is read or written here, and
//! nowhere else. The core takes typed values; this turns the page's JSON into them and the
//! core's plain data into JSON. Native, so it is tested without a browser.

use serde_json::{json, Map, Value};

use crate::app::catalogue::Catalogue;
use crate::app::lab::{DescentRequest, SettingsRequest};
use crate::app::Error;
use crate::compute::descent::Optimizer;
use crate::view::runs::RunInfo;
use crate::view::snapshot::{ErrorInfo, Snapshot};

/// Most regression entries read from one call (the lab keeps 40).
const MAX_REGRESSION_ITEMS: usize = 10_000;

/// A JSON value of anything the core serialises; a failure (never expected) is a JSON error object.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| json!({ "serializeError": e.to_string() }).to_string())
}

/// `state()` as JSON. Non-finite numbers become `null`.
pub fn snapshot(s: &Snapshot) -> String {
    to_json(s)
}

/// The audio trace's samples and ticks as JSON, or `null`.
pub fn audio_trace(trace: Option<&crate::view::audio::AudioTrace>) -> String {
    to_json(&trace)
}

/// One window of a run, or `null`.
pub fn run_window(window: Option<&RunInfo>) -> String {
    to_json(&window)
}

/// `setExpression`'s answer: `{"ok":true}` or `{"ok":false,"error":{message,start,end}}`.
pub fn expression_result(result: &Result<(), Error>) -> String {
    match result {
        Ok(()) => json!({ "ok": true }).to_string(),
        Err(Error::Expression(e)) => json!({ "ok": false, "error": to_value(&ErrorInfo::from(e)) }).to_string(),
        Err(e) => json!({ "ok": false, "error": { "message": e.to_string(), "start": 0, "end": 0 } }).to_string(),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A derivative check as JSON: `{right, message, at, yours, exact}`, or `{error: {message,
/// start, end}}` when the answer does not read (its span in the answer's text).
pub fn check(result: &Result<crate::compute::check::Check, Error>) -> String {
    match result {
        Ok(c) => json!({ "right": c.right, "message": c.message, "at": c.at, "yours": c.yours, "exact": c.exact }).to_string(),
        Err(Error::Expression(e)) => json!({ "error": to_value(&ErrorInfo::from(e)) }).to_string(),
        Err(e) => json!({ "error": { "message": e.to_string(), "start": 0, "end": 0 } }).to_string(),
    }
}

/// Link pairs as JSON `[[key, value], …]`.
pub fn link_pairs(pairs: &[(String, String)]) -> String {
    to_json(&pairs)
}

/// Link pairs from JSON `[[key, value], …]`; anything else is no pairs.
pub fn read_link_pairs(json: &str) -> Vec<(String, String)> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Regression data from JSON: `"default"` asks for the default data (`None`); an array gives
/// one entry per item, `None` for an item that is not `[x, y]` of numbers; anything else is
/// one bad entry.
pub fn regression_items(json: &str) -> Option<Vec<Option<[f64; 2]>>> {
    let point = |v: &Value| match v.as_array().map(Vec::as_slice) {
        Some([x, y]) => Some([x.as_f64()?, y.as_f64()?]),
        _ => None,
    };
    match serde_json::from_str::<Value>(json) {
        Ok(Value::String(s)) if s == "default" => None,
        Ok(Value::Array(items)) => Some(items.iter().take(MAX_REGRESSION_ITEMS).map(point).collect()),
        _ => Some(vec![None]),
    }
}

/// A descent request from the API's JSON: `{start, lr, steps, opt, ascent, beta, beta1, beta2,
/// rho, eps, <optimizer id>: {lr, …}}`; `opt` is an array or a comma-separated string.
/// Values of the wrong type are left out (they keep the current setting), except `start` and
/// `opt`, whose junk is refused by the checks (see [`crate::app::lab::LabOptions::with`]).
pub fn descent_request(json: &str) -> Result<DescentRequest, Error> {
    let value: Value = serde_json::from_str(json).map_err(|e| Error::Refused(format!("options are not valid JSON: {e}")))?;
    let Value::Object(map) = value else { return Err(Error::Refused("options must be an object".into())) };
    let start = map.get("start").map(|s| match s {
        Value::Array(xs) => xs.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect(),
        Value::String(s) => crate::app::link::parse_numbers(s, None).unwrap_or_else(|_| vec![f64::NAN]),
        _ => vec![f64::NAN],
    });
    let optimizers = map.get("opt").map(|opt| match opt {
        Value::Array(xs) => xs.iter().filter_map(|x| x.as_str().map(str::to_string)).take(64).collect(),
        Value::String(s) => s.split(',').take(64).map(str::to_string).collect(),
        _ => Vec::new(),
    });
    let own = Optimizer::ALL
        .iter()
        .filter_map(|o| map.get(o.as_str()).and_then(Value::as_object).map(|m| (*o, settings(m))))
        .collect();
    Ok(DescentRequest { start, steps: map.get("steps").and_then(Value::as_f64), optimizers, shared: settings(&map), own })
}

fn settings(map: &Map<String, Value>) -> SettingsRequest {
    let number = |key: &str| map.get(key).and_then(Value::as_f64);
    SettingsRequest {
        lr: number("lr"),
        beta: number("beta"),
        beta1: number("beta1"),
        beta2: number("beta2"),
        rho: number("rho"),
        eps: number("eps"),
        ascent: map.get("ascent").and_then(Value::as_bool),
        backtrack: map.get("backtrack").and_then(Value::as_bool),
    }
}

/// The catalogue as JSON for the page.
pub fn catalogue(c: &Catalogue) -> String {
    let legend = |entries: &[(String, &str)]| entries.iter().map(|(color, label)| json!({ "color": color, "label": label })).collect::<Vec<_>>();
    json!({
        "presets": c.presets.iter().map(|p| json!({ "label": p.label, "expr": p.expr })).collect::<Vec<_>>(),
        "labPresets": c.lab_presets.iter().map(|p| json!({
            "name": p.name, "expr": p.expr, "view": p.view, "start": p.start, "lr": p.lr,
            "steps": p.steps, "opt": p.optimizers, "logScale": p.log_scale, "regression": p.expr.is_none(),
        })).collect::<Vec<_>>(),
        "optimizers": c.optimizers.iter().map(|o| json!({ "id": o.id, "label": o.label, "color": o.color })).collect::<Vec<_>>(),
        "hyper": c.hyper.iter().map(|h| json!({ "key": h.key, "label": h.label, "default": h.default })).collect::<Vec<_>>(),
        "graphLegend": legend(&c.graph_legend),
        "mapLegend": legend(&c.map_legend),
        "panels": { "graph": c.graph_panels, "map": c.map_panels, "lab": c.lab_panels },
        "layouts": c.layouts.iter().map(|(id, label)| json!({ "id": id, "label": label })).collect::<Vec<_>>(),
        "limits": {
            "lrLog10": [c.limits.lr_log10.0, c.limits.lr_log10.1],
            "maxSteps": c.limits.max_steps,
            "levels": [c.limits.levels.0, c.limits.levels.1],
            "hLog10": [c.limits.h_log10.0, c.limits.h_log10.1],
            "maxPoints": c.limits.max_points,
            "maxChars": c.limits.max_chars,
        },
    })
    .to_string()
}

/// The lessons and the parts a teacher's link may hide, as JSON for the page:
/// `{lessons: [{id, title, steps}], hideParts: [...]}`.
pub fn lesson_catalogue(lessons: &[crate::app::lessons::catalogue::Lesson], parts: &[&str]) -> String {
    json!({
        "lessons": lessons.iter().map(|l| json!({ "id": l.id, "title": l.title, "steps": l.steps.len() })).collect::<Vec<_>>(),
        "hideParts": parts,
    })
    .to_string()
}

#[cfg(test)]
mod tests;
