//! Fuzz target `link`: any URL hash (`key=value&…`, already decoded) → [`App::apply_link`] →
//! snapshot, then the share link the app writes back must reproduce itself: applying it to a
//! fresh app gives the same link again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nabla::app::App;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pairs: Vec<(String, String)> = text
        .split('&')
        .take(40)
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect();
    let mut app = App::new();
    app.apply_link(&pairs);
    let snap = app.snapshot();
    serde_json::to_string(&snap).expect("snapshot serialises");
    let written = app.link_pairs();

    let mut again = App::new();
    again.apply_link(&written);
    let rewritten = again.link_pairs();
    assert_eq!(written, rewritten, "the link does not round-trip; input pairs {pairs:?}");
});
