//! The spans of the record of no events: the same tree, and a summary
//! without `tools`.
#![cfg(feature = "otel")]

mod common;

use decnet_behavior::{BehaviorClass, build_behavior_record};
use decnet_event::telemetry;
use opentelemetry::Value;

use common::{assert_one_record_tree, attribute, finished, span};

#[test]
fn an_empty_record_emits_the_same_spans_and_a_summary_without_tools() {
    let exporter = common::install_in_memory_provider();
    telemetry::set_enabled(true);

    let record = build_behavior_record(&[]);

    assert_eq!(record.behavior_class, BehaviorClass::Unknown);
    let spans = finished(&exporter);
    assert_one_record_tree(&spans);
    let summary = span(&spans, "profiler.behavior_summary");
    let text = |value: &str| Value::from(value.to_owned());
    assert_eq!(attribute(summary, "behavior_class"), Some(&text("unknown")));
    assert_eq!(attribute(summary, "os_guess"), Some(&text("unknown")));
    assert_eq!(attribute(summary, "tool_count"), Some(&Value::I64(0)));
    assert_eq!(attribute(summary, "event_count"), Some(&Value::I64(0)));
    assert_eq!(attribute(summary, "tools"), None);
    assert_eq!(summary.attributes.len(), 4);
}
