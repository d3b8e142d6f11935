//! What the span tests share: an in-memory tracer provider, a beaconing
//! attacker, and lookups in the finished spans.
//!
//! Each test file that installs the global provider is its own process and
//! holds a single test, so no other test's spans mix in.

#![allow(dead_code)] // Each test file uses its own part of the helpers.

use decnet_behavior::{Event, EventKind, Fields, Timestamp};
use opentelemetry::Value;
use opentelemetry::global;
use opentelemetry::trace::SpanId;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};

/// The spans of one record, in the order they end: each detector in the
/// order the original calls it, the summary, then the record itself.
pub(crate) const RECORD_SPANS: [&str; 7] = [
    "profiler.timing_stats",
    "profiler.classify_behavior",
    "profiler.sniffer_rollup",
    "profiler.phase_sequence",
    "profiler.detect_tools_from_headers",
    "profiler.behavior_summary",
    "profiler.build_behavior_record",
];

/// Installs, as the global provider, one that hands every finished span to
/// the returned exporter.
pub(crate) fn install_in_memory_provider() -> InMemorySpanExporter {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    global::set_tracer_provider(provider);
    exporter
}

/// The spans the exporter has received so far.
pub(crate) fn finished(exporter: &InMemorySpanExporter) -> Vec<SpanData> {
    exporter
        .get_finished_spans()
        .expect("the in-memory exporter's lock is never poisoned")
}

/// The names of `spans`, in order.
pub(crate) fn names(spans: &[SpanData]) -> Vec<&str> {
    spans.iter().map(|span| span.name.as_ref()).collect()
}

/// The only span called `name`.
pub(crate) fn span<'a>(spans: &'a [SpanData], name: &str) -> &'a SpanData {
    let mut found = spans.iter().filter(|span| span.name == name);
    let span = found.next().unwrap_or_else(|| panic!("no span {name}"));
    assert!(found.next().is_none(), "two spans {name}");
    span
}

/// The value of the attribute `key` of `span`, if set.
pub(crate) fn attribute<'a>(span: &'a SpanData, key: &str) -> Option<&'a Value> {
    span.attributes
        .iter()
        .find(|attribute| attribute.key.as_str() == key)
        .map(|attribute| &attribute.value)
}

/// Asserts that `spans` are exactly one record's spans: the record's span
/// is a root under the `decnet.behavioral` scope, and every other span is
/// its child in the same trace, under the original's scope for it.
pub(crate) fn assert_one_record_tree(spans: &[SpanData]) {
    assert_eq!(names(spans), RECORD_SPANS);
    let record = span(spans, "profiler.build_behavior_record");
    assert_eq!(record.parent_span_id, SpanId::INVALID);
    for child in spans.iter().filter(|span| span.name != record.name) {
        assert_eq!(
            child.parent_span_id,
            record.span_context.span_id(),
            "{} is not a child of the record's span",
            child.name
        );
        assert_eq!(
            child.span_context.trace_id(),
            record.span_context.trace_id()
        );
    }
    let scope = |name| span(spans, name).instrumentation_scope.name().to_owned();
    assert_eq!(scope("profiler.build_behavior_record"), "decnet.behavioral");
    assert_eq!(scope("profiler.behavior_summary"), "decnet.profiler");
    assert_eq!(scope("profiler.timing_stats"), "decnet.timing");
    assert_eq!(scope("profiler.classify_behavior"), "decnet.classify");
    assert_eq!(scope("profiler.sniffer_rollup"), "decnet.fingerprint");
    assert_eq!(scope("profiler.phase_sequence"), "decnet.phases");
    assert_eq!(scope("profiler.detect_tools_from_headers"), "decnet.tools");
}

/// An implant calling home over HTTP about every minute (gaps 48 to 74 s,
/// mean 60 s, cv about 0.19) with curl's User-Agent: beaconing, with the
/// tools cobalt_strike (its cadence) and curl (its header).
pub(crate) fn beaconing_attacker() -> Vec<Event> {
    let gaps_s = [48, 72, 50, 70, 60, 46, 74];
    let mut at_s = 1_780_000_000;
    let mut events = vec![check_in(at_s)];
    for gap in gaps_s {
        at_s += gap;
        events.push(check_in(at_s));
    }
    events
}

/// One check-in of [`beaconing_attacker`] at `at_s` seconds since the epoch.
fn check_in(at_s: i64) -> Event {
    Event {
        timestamp: Timestamp::from_unix_micros(at_s * 1_000_000, 0)
            .expect("a 2026 instant at offset 0 is valid"),
        decky: "decky-web01".into(),
        service: "http".into(),
        event_type: "request".into(),
        attacker_ip: Some("198.51.100.23".into()),
        fields: Fields::from_iter([
            ("method", "GET"),
            ("path", "/jquery-3.3.1.min.js"),
            ("remote_addr", "198.51.100.23"),
            (
                "headers",
                r#"{"Host": "cdn.example.net", "User-Agent": "curl/8.4.0"}"#,
            ),
        ]),
        kind: EventKind::Attacker,
    }
}
