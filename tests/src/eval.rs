//! Running one corpus case through the crates.

use decnet_event::{Event, parse_line, strip_line};
use serde_json::{Value, json};

/// Runs one case and returns `{"id": …, "actual": …}`.
///
/// `actual` has the shape of the case's `expect`, or is `{"error": "…"}`
/// when the case cannot be run (unknown kind, malformed input, or a panic,
/// which would be a bug in a crate and is reported rather than fatal).
pub fn eval_case(case: &Value) -> Value {
    let id = case.get("id").cloned().unwrap_or(Value::Null);
    let actual = std::panic::catch_unwind(|| run(case))
        .unwrap_or_else(|_| Err("panicked".to_owned()))
        .unwrap_or_else(|error| json!({ "error": error }));
    json!({ "id": id, "actual": actual })
}

fn run(case: &Value) -> Result<Value, String> {
    match case.get("kind").and_then(Value::as_str) {
        Some("parser") => run_parser(case),
        Some(other) => Err(format!("cannot run a case of kind {other:?}")),
        None => Err(case
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("case has no kind")
            .to_owned()),
    }
}

fn run_parser(case: &Value) -> Result<Value, String> {
    let line = case
        .get("line")
        .and_then(Value::as_str)
        .ok_or("parser case has no string `line`")?;
    Ok(match parse_line(line) {
        Ok(event) => event_json(&event, strip_line(line)),
        Err(_) => Value::Null,
    })
}

fn event_json(event: &Event, raw: &str) -> Value {
    let fields: serde_json::Map<String, Value> = event
        .fields
        .iter()
        .map(|(k, v)| (k.to_owned(), Value::from(v)))
        .collect();
    json!({
        "timestamp": event.timestamp.to_string(),
        "decky": event.decky,
        "service": event.service,
        "event_type": event.event_type,
        "attacker_ip": event.attacker_ip,
        "fields": fields,
        "raw": raw,
        "kind": event.kind.as_str(),
    })
}

