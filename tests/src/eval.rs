//! Running one corpus case through the crates.

use decnet_behavior::{
    ClassifyInput, TimingStats, build_behavior_record, classify_behavior,
    detect_tools_from_headers, guess_tool, guess_tools, phase_sequence, sniffer_rollup,
    timing_stats,
};
use decnet_event::{Event, parse_line, strip_line};
use serde::Serialize;
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
        Some("record") => run_record(case),
        Some("call") => run_call(case),
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

/// Answers every key of `expect` from the events, the way the original's
/// functions would be called on them.
fn run_record(case: &Value) -> Result<Value, String> {
    let events: Vec<Event> = serde_json::from_value(case["events"].clone())
        .map_err(|err| format!("unreadable events: {err}"))?;
    let expect = case
        .get("expect")
        .and_then(Value::as_object)
        .ok_or("record case has no `expect` object")?;
    let stats = timing_stats(&events);
    let services = decnet_behavior::services_count(&events);
    let mut actual = serde_json::Map::new();
    for key in expect.keys() {
        let value = match key.as_str() {
            "timing_stats" => to_json(&stats)?,
            "services_count" => json!(services),
            "classify_behavior" => to_json(&classify_behavior(&classify_input(&stats, services)))?,
            "guess_tools" => to_json(&guess_tools(stats.mean_iat_s, stats.cv))?,
            "guess_tool" => to_json(&guess_tool(stats.mean_iat_s, stats.cv))?,
            "detect_tools_from_headers" => to_json(&detect_tools_from_headers(&events))?,
            "phase_sequence" => to_json(&phase_sequence(&events))?,
            "sniffer_rollup" => to_json(&sniffer_rollup(&events))?,
            "build_behavior_record" => to_json(&build_behavior_record(&events).to_row())?,
            other => return Err(format!("unknown record key {other:?}")),
        };
        actual.insert(key.clone(), value);
    }
    Ok(Value::Object(actual))
}

/// Calls one of the original's pure functions on the case's `args`.
fn run_call(case: &Value) -> Result<Value, String> {
    let args = &case["args"];
    let float = |value: &Value| -> Result<Option<f64>, String> {
        match value {
            Value::Null => Ok(None),
            other => other
                .as_f64()
                .map(Some)
                .ok_or(format!("not a number: {other}")),
        }
    };
    match case.get("call").and_then(Value::as_str) {
        Some("guess_tools") => to_json(&guess_tools(
            float(&args["mean_iat_s"])?,
            float(&args["cv"])?,
        )),
        Some("guess_tool") => to_json(&guess_tool(
            float(&args["mean_iat_s"])?,
            float(&args["cv"])?,
        )),
        Some("classify_behavior") => {
            let stats = &args["stats"];
            let services = args["services_count"]
                .as_u64()
                .ok_or("services_count is not a count")?;
            let input = ClassifyInput {
                // The original reads `stats.get("event_count") or 0`.
                event_count: stats["event_count"].as_u64().unwrap_or(0),
                mean_iat_s: float(&stats["mean_iat_s"])?,
                cv: float(&stats["cv"])?,
                services_count: usize::try_from(services).map_err(|err| err.to_string())?,
            };
            to_json(&classify_behavior(&input))
        }
        other => Err(format!("unknown call {other:?}")),
    }
}

fn classify_input(stats: &TimingStats, services_count: usize) -> ClassifyInput {
    ClassifyInput {
        event_count: stats.event_count,
        mean_iat_s: stats.mean_iat_s,
        cv: stats.cv,
        services_count,
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|err| err.to_string())
}
