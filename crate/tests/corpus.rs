//! The shared bad-input corpus (`tests/corpus/bad-inputs.json`, also replayed in the browser by
//! `tests/e2e/robustness.test.mjs`): every case must be refused as a value, never a panic, with
//! the expected message and a span that points inside the typed text.

use nabla::eval::model::Model;
use serde_json::Value;

/// Builds a case's input: a plain string, `{"repeat": s, "times": n, "prefix"?, "suffix"?}`, or
/// `{"concat": [input, …]}`, so megabyte-sized cases stay a few bytes in the file.
fn build(spec: &Value) -> Result<String, String> {
    match spec {
        Value::String(s) => Ok(s.clone()),
        Value::Object(map) if map.contains_key("concat") => {
            let parts = map["concat"].as_array().ok_or("`concat` must be an array")?;
            parts.iter().map(build).collect::<Result<Vec<_>, _>>().map(|v| v.concat())
        }
        Value::Object(map) => {
            let unit = map.get("repeat").and_then(Value::as_str).ok_or("missing `repeat`")?;
            let times = map.get("times").and_then(Value::as_u64).ok_or("missing `times`")?;
            let text = |key: &str| map.get(key).and_then(Value::as_str).unwrap_or("").to_string();
            let times = usize::try_from(times).map_err(|e| e.to_string())?;
            Ok(format!("{}{}{}", text("prefix"), unit.repeat(times), text("suffix")))
        }
        other => Err(format!("unsupported input spec {other}")),
    }
}

/// A short, printable label for a failure message (inputs may be a megabyte of control bytes).
fn label(note: &str, text: &str) -> String {
    let head: String = text.chars().take(40).collect();
    format!("{note} ({} bytes, starts {head:?})", text.len())
}

#[test]
fn every_bad_input_is_refused_with_its_message_and_a_span_in_the_text() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/bad-inputs.json");
    let raw = std::fs::read_to_string(path).expect("the corpus file is readable");
    let cases: Vec<Value> = serde_json::from_str(&raw).expect("the corpus is a JSON array");
    assert!(cases.len() >= 100, "the corpus has at least 100 cases, found {}", cases.len());

    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let note = case["note"].as_str().unwrap_or("(no note)");
        let text = match build(&case["input"]) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("#{i} {note}: bad spec: {e}"));
                continue;
            }
        };
        let who = label(note, &text);
        // Catch a panic so that one bad case reports itself and the rest still run.
        let outcome = std::panic::catch_unwind(|| Model::new(&text).map(|_| ()));
        let err = match outcome {
            Err(_) => {
                failures.push(format!("#{i} {who}: PANICKED"));
                continue;
            }
            Ok(Ok(())) => {
                failures.push(format!("#{i} {who}: was accepted"));
                continue;
            }
            Ok(Err(e)) => e,
        };
        if let Some(fragment) = case.get("messageIncludes").and_then(Value::as_str) {
            if !err.message.to_lowercase().contains(&fragment.to_lowercase()) {
                failures.push(format!("#{i} {who}: message {:?} lacks {fragment:?}", err.message));
            }
        }
        if err.message.trim().is_empty() {
            failures.push(format!("#{i} {who}: empty message"));
        }
        let (start, end) = (err.span.start, err.span.end);
        if !(start <= end && end <= text.len()) {
            failures.push(format!("#{i} {who}: span {start}..{end} outside 0..{}", text.len()));
        } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            failures.push(format!("#{i} {who}: span {start}..{end} splits a character"));
        }
        // The page echoes the message as text; it must stay short even for a 1 MB paste.
        if err.message.len() > 4096 {
            failures.push(format!("#{i} {who}: message is {} bytes long", err.message.len()));
        }
    }
    assert!(failures.is_empty(), "{} of {} corpus cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
