//! With the switch off, a provider being installed changes nothing: no
//! span is built.
#![cfg(feature = "otel")]

mod common;

use decnet_behavior::build_behavior_record;
use decnet_event::telemetry;

use common::{RECORD_SPANS, beaconing_attacker, finished, names};

#[test]
fn the_switch_decides_whether_spans_are_built_even_with_a_provider() {
    let exporter = common::install_in_memory_provider();
    let events = beaconing_attacker();

    // Untouched, the switch is what DECNET_DEVELOPER_TRACING says.
    let from_env =
        std::env::var(telemetry::ENV_VAR).is_ok_and(|value| value.eq_ignore_ascii_case("true"));
    build_behavior_record(&events);
    let expected: &[&str] = if from_env { &RECORD_SPANS } else { &[] };
    assert_eq!(names(&finished(&exporter)), expected);
    exporter.reset();

    telemetry::set_enabled(false);
    build_behavior_record(&events);
    assert!(finished(&exporter).is_empty());

    telemetry::set_enabled(true);
    build_behavior_record(&events);
    assert_eq!(names(&finished(&exporter)), RECORD_SPANS);
}
