//! The conformance runner of the DECNET profiler.
//!
//! The corpus under `tests/corpus/` holds cases produced by running the
//! original Python profiler (see `corpus/FORMAT.md`). [`eval_case`] runs one
//! case through the Rust crates and returns what they produce, in exactly the
//! shape of that case's `expect`, so the two can be compared with
//! [`same`] or with `shared/tools/compare.py`.
//!
//! A case that cannot be run never stops the runner: it yields
//! `{"error": "…"}` instead.

use serde_json::{Value, json};

mod eval;

pub use eval::eval_case;

/// Reads a corpus file: one JSON case per non-blank line.
///
/// A line that is not JSON becomes a case with no `id`, which
/// [`eval_case`] answers with an error.
pub fn read_cases(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|err| json!({ "kind": "unreadable", "error": err.to_string() }))
        })
        .collect()
}

/// Whether `actual` equals `expected` the way the corpus compares values:
/// exactly, telling integers from floats and floats compared bit for bit
/// (so `-0.0` differs from `0.0`), objects regardless of key order.
pub fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => match (a.as_f64(), b.as_f64()) {
            _ if a.is_f64() != b.is_f64() => false,
            (Some(x), Some(y)) if a.is_f64() => x.to_bits() == y.to_bits(),
            _ => a == b,
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => expected == actual,
    }
}

/// The keys of `expect` on which `actual` differs, for a failure report.
pub fn differing_keys(expected: &Value, actual: &Value) -> Vec<String> {
    match (expected, actual) {
        (Value::Object(exp), Value::Object(act)) if exp.len() > 1 => exp
            .iter()
            .filter(|(k, v)| !act.get(*k).is_some_and(|w| same(v, w)))
            .map(|(k, _)| k.clone())
            .collect(),
        _ if same(expected, actual) => Vec::new(),
        _ => vec!["<value>".to_owned()],
    }
}
