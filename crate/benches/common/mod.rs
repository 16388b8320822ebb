//! Shared by the benches: criterion settings, agreement checks, and the summary table, which is
//! read back from the criterion estimates this very run wrote (stale files are reported as
//! missing, so a filtered run never shows old numbers).

#![allow(dead_code)] // Each bench uses a different part of this module.

pub mod forty;

use criterion::Criterion;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Where criterion writes: `target/criterion`, next to cargo's `target/tmp`.
pub fn output_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("criterion")
}

/// Modest settings so both benches finish in a few minutes on two cores: 10 samples, each
/// sample the same iteration count (flat sampling is set per group), about 1 s of measurement.
pub fn criterion() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
        .output_directory(&output_dir())
        .configure_from_args()
}

/// The median time in nanoseconds of `group/id` from this run (`since` = when the bench began),
/// or `None` when it was not measured in this run.
pub fn median_ns(group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = output_dir().join(group).join(id).join("new").join("estimates.json");
    let fresh = std::fs::metadata(&path).and_then(|m| m.modified()).map(|t| t >= since).unwrap_or(false);
    if !fresh {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("median")?.get("point_estimate")?.as_f64()
}

/// A time for the table: "1.23 ms", or "—" when not measured.
pub fn fmt_time(ns: Option<f64>) -> String {
    match ns {
        None => "—".into(),
        Some(t) if t >= 1e9 => format!("{:.3} s", t / 1e9),
        Some(t) if t >= 1e6 => format!("{:.3} ms", t / 1e6),
        Some(t) if t >= 1e3 => format!("{:.2} µs", t / 1e3),
        Some(t) => format!("{t:.0} ns"),
    }
}

/// A ratio for the table: "1.23×", or "—".
pub fn fmt_ratio(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.2}×")).unwrap_or_else(|| "—".into())
}

/// `a / b` when both were measured.
pub fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? / b?)
}

/// Geometric mean of the ratios that exist; `None` when any is missing (a partial mean would mislead).
pub fn geomean(ratios: &[Option<f64>]) -> Option<f64> {
    if ratios.is_empty() {
        return None;
    }
    let mut log_sum = 0.0;
    for &r in ratios {
        log_sum += r?.ln();
    }
    Some((log_sum / ratios.len() as f64).exp())
}

/// "PASS" / "FAIL" / "NOT RUN".
pub fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "NOT RUN",
    }
}

/// Panics (before any timing) unless `a` and `b` agree everywhere: |a − b| ≤ tol · max(1, |a|, |b|),
/// i.e. relative for values above 1 and absolute below (values crossing zero have no relative scale).
/// Both non-finite at the same point counts as agreement.
pub fn assert_close(what: &str, a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len(), "{what}: lengths differ");
    let mut worst = (0.0_f64, 0usize);
    for (k, (&p, &q)) in a.iter().zip(b).enumerate() {
        if !p.is_finite() && !q.is_finite() {
            continue;
        }
        let err = (p - q).abs() / p.abs().max(q.abs()).max(1.0);
        if !(err <= worst.0) {
            worst = (if err.is_nan() { f64::INFINITY } else { err }, k);
        }
    }
    assert!(
        worst.0 <= tol,
        "{what}: the implementations disagree at sample {} ({} vs {}, scaled error {:e} > {tol:e})",
        worst.1,
        a[worst.1],
        b[worst.1],
        worst.0
    );
}

/// Prints a table with a header rule; `rows[0]` is the header.
pub fn print_table(title: &str, rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> =
        (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    println!("\n{title}");
    for (n, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let pad = width[c].saturating_sub(s.chars().count());
                if c == 0 { format!("{s}{}", " ".repeat(pad)) } else { format!("{}{s}", " ".repeat(pad)) }
            })
            .collect();
        println!("| {} |", cells.join(" | "));
        if n == 0 {
            let rule: Vec<String> = width.iter().map(|&w| "-".repeat(w)).collect();
            println!("|-{}-|", rule.join("-|-"));
        }
    }
}
