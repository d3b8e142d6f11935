//! The spans of a beaconing attacker's record: the record's span, the
//! detectors' spans under it, and the summary with every attribute.
#![cfg(feature = "otel")]

mod common;

use decnet_behavior::{BehaviorClass, Tool, build_behavior_record};
use decnet_event::telemetry;
use opentelemetry::Value;

use common::{assert_one_record_tree, attribute, beaconing_attacker, finished, span};

#[test]
fn a_beaconing_record_emits_the_original_spans_with_the_summary_attributes() {
    let exporter = common::install_in_memory_provider();
    telemetry::set_enabled(true);
    let events = beaconing_attacker();

    let record = build_behavior_record(&events);

    assert_eq!(record.behavior_class, BehaviorClass::Beaconing);
    assert_eq!(record.tool_guesses, [Tool::CobaltStrike, Tool::Curl]);
    let spans = finished(&exporter);
    assert_one_record_tree(&spans);
    let summary = span(&spans, "profiler.behavior_summary");
    let text = |value: &str| Value::from(value.to_owned());
    assert_eq!(
        attribute(summary, "behavior_class"),
        Some(&text("beaconing"))
    );
    assert_eq!(attribute(summary, "os_guess"), Some(&text("unknown")));
    assert_eq!(attribute(summary, "tool_count"), Some(&Value::I64(2)));
    assert_eq!(
        attribute(summary, "event_count"),
        Some(&Value::I64(events.len() as i64))
    );
    assert_eq!(
        attribute(summary, "tools"),
        Some(&text("cobalt_strike,curl"))
    );
    assert_eq!(summary.attributes.len(), 5);
}
