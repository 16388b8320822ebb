//! The architecture's rules (the README's "Architecture rules"), checked on the source: a change that breaks
//! one fails here, with the file and line. Test code (`tests.rs` files and everything after a
//! file's `#[cfg(test)]`) may use anything.

use std::fs;
use std::path::{Path, PathBuf};

/// The stages of `crate/src/`, in the order data flows; a stage may use only itself and
/// earlier ones.
const STAGES: [&str; 8] = ["expr", "eval", "compute", "view", "render", "app", "wire", "web"];

/// Crates only the browser boundary (`web/`) may name.
const BROWSER_CRATES: [&str; 5] = ["wasm_bindgen", "web_sys", "js_sys", "plotters_canvas", "plotters_backend"];

struct Source {
    /// Path under `crate/src/`, with `/`.
    path: String,
    /// Non-test lines, numbered from 1.
    lines: Vec<(usize, String)>,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|f| {
            let text = fs::read_to_string(&f).expect("readable source");
            let lines = text
                .lines()
                .enumerate()
                .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
                .map(|(i, l)| (i + 1, l.to_string()))
                .collect();
            let path = f.strip_prefix(&root).expect("under src").to_string_lossy().replace('\\', "/");
            Source { path, lines }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The stage a file belongs to (its folder), or `None` for lib.rs.
fn stage_of(path: &str) -> Option<usize> {
    let folder = path.split('/').next()?;
    STAGES.iter().position(|s| *s == folder)
}

/// Lines outside comments (doc comments may name any stage).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

fn broken(rule: &str, offences: Vec<String>) {
    assert!(offences.is_empty(), "{rule}:\n  {}", offences.join("\n  "));
}

#[test]
fn folders_depend_only_on_earlier_stages() {
    let mut offences = Vec::new();
    for s in sources() {
        let Some(own) = stage_of(&s.path) else { continue };
        for (n, line) in &s.lines {
            let code = code(line);
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if let Some(used) = STAGES.iter().position(|s| *s == name) {
                    if used > own {
                        offences.push(format!("{}:{n}: {} uses the later stage {name}: {}", s.path, STAGES[own], line.trim()));
                    }
                }
            }
        }
    }
    broken("a folder uses a later stage", offences);
}

#[test]
fn only_web_names_the_browser() {
    let mut offences = Vec::new();
    for s in sources().iter().filter(|s| !s.path.starts_with("web/")) {
        for (n, line) in &s.lines {
            for krate in BROWSER_CRATES {
                if code(line).contains(&format!("{krate}::")) || code(line).contains(&format!("use {krate}")) {
                    offences.push(format!("{}:{n}: names {krate}", s.path));
                }
            }
        }
    }
    broken("only web/ may name wasm-bindgen, web-sys, js-sys or plotters-canvas", offences);
}

#[test]
fn only_the_wire_reads_or_writes_json() {
    let mut offences = Vec::new();
    for s in sources().iter().filter(|s| !s.path.starts_with("wire/")) {
        for (n, line) in &s.lines {
            if code(line).contains("serde_json") {
                offences.push(format!("{}:{n}: names serde_json", s.path));
            }
        }
    }
    broken("only wire/ may (de)serialise JSON", offences);
}

#[test]
fn render_draws_and_never_evaluates() {
    let mut offences = Vec::new();
    for s in sources().iter().filter(|s| s.path.starts_with("render/")) {
        for (n, line) in &s.lines {
            let code = code(line);
            if ["crate::eval", "crate::app", "Model", "Tape"].iter().any(|w| code.contains(w)) {
                offences.push(format!("{}:{n}: {}", s.path, line.trim()));
            }
        }
    }
    broken("render/ draws scenes and never evaluates", offences);
}

#[test]
fn pixels_and_the_world_meet_only_in_the_geometry_frame() {
    let mut offences = Vec::new();
    for s in sources().iter().filter(|s| s.path != "compute/geometry.rs") {
        for (n, line) in &s.lines {
            if code(line).contains("fn to_pixel") || code(line).contains("fn to_world") {
                offences.push(format!("{}:{n}: {}", s.path, line.trim()));
            }
        }
    }
    broken("only compute/geometry.rs converts between pixels and the world", offences);
}

#[test]
fn no_unwrap_where_input_can_reach() {
    let mut offences = Vec::new();
    for s in sources() {
        for (n, line) in &s.lines {
            if code(line).contains(".unwrap()") || code(line).contains(".expect(") {
                offences.push(format!("{}:{n}: {}", s.path, line.trim()));
            }
        }
    }
    broken("no unwrap or expect outside tests", offences);
}

#[test]
fn colours_ids_and_defaults_exist_once_in_rust() {
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("../www");
    let mut offences = Vec::new();
    let ids = ["'gd'", "'momentum'", "'nesterov'", "'rmsprop'", "'adam'", "\"gd\"", "\"adam\""];
    for entry in fs::read_dir(&www).expect("www/").flatten() {
        let path = entry.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        // bench.js is the benchmark harness, not the page.
        if !name.ends_with(".js") || name == "bench.js" {
            continue;
        }
        let text = fs::read_to_string(&path).expect("readable");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let hex = code.match_indices('#').any(|(k, _)| {
                let tail: String = code[k + 1..].chars().take(7).collect();
                tail.len() >= 6 && tail.chars().take(6).all(|c| c.is_ascii_hexdigit()) && !tail.chars().nth(6).is_some_and(|c| c.is_ascii_alphanumeric())
            });
            if hex || ids.iter().any(|id| code.contains(id)) {
                offences.push(format!("www/{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    broken("the page takes colours and optimizer ids from the engine's catalogue", offences);
}
