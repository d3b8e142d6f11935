//! `--trace`: the profiler's OpenTelemetry spans, printed to standard error.
//!
//! The libraries emit their spans through `decnet_event::telemetry`, to the
//! global tracer provider. With `--trace`, this module installs an SDK
//! provider whose exporter writes each finished span as one line on
//! standard error (standard output carries the records), and turns the
//! switch on; without it, the switch is off and no span is built.

use std::fmt::Write as _;
use std::io::{self, Write as _};

use decnet_event::telemetry;
use opentelemetry::trace::SpanId;
use opentelemetry::{Value, global};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData, SpanExporter};

/// The tracing of one run: shuts the provider down, which flushes every
/// span, when dropped.
#[derive(Debug)]
pub(crate) struct Tracing {
    provider: Option<SdkTracerProvider>,
}

impl Tracing {
    /// Starts printing spans when `print` is true; otherwise turns span
    /// building off, whatever `DECNET_DEVELOPER_TRACING` says, as no span
    /// would go anywhere.
    pub(crate) fn start(print: bool) -> Tracing {
        telemetry::set_enabled(print);
        if !print {
            return Tracing { provider: None };
        }
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(StderrExporter)
            .build();
        global::set_tracer_provider(provider.clone());
        Tracing {
            provider: Some(provider),
        }
    }
}

impl Drop for Tracing {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            // Spans are printed as they end; a failure to shut down loses
            // nothing already printed.
            let _ = provider.shutdown();
        }
    }
}

/// Writes each span as one line on standard error.
#[derive(Debug)]
struct StderrExporter;

impl SpanExporter for StderrExporter {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let text: String = batch.iter().map(span_line).collect();
        // Tracing is informational: a closed stderr does not fail the run.
        let _ = io::stderr().lock().write_all(text.as_bytes());
        Ok(())
    }
}

/// `span` as one line: its name and instrumentation scope, trace, span and
/// parent ids (`-` for a root), duration, then each attribute as
/// `key=value` with text values quoted.
fn span_line(span: &SpanData) -> String {
    let context = &span.span_context;
    let parent = if span.parent_span_id == SpanId::INVALID {
        "-".to_owned()
    } else {
        span.parent_span_id.to_string()
    };
    let duration = span
        .end_time
        .duration_since(span.start_time)
        .unwrap_or_default();
    let mut line = format!(
        "decnet-profile: span {} scope={} trace={} span={} parent={} duration={:?}",
        span.name,
        span.instrumentation_scope.name(),
        context.trace_id(),
        context.span_id(),
        parent,
        duration,
    );
    for attribute in &span.attributes {
        let _ = match &attribute.value {
            Value::String(text) => write!(line, " {}={:?}", attribute.key, text.as_str()),
            other => write!(line, " {}={}", attribute.key, other),
        };
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use opentelemetry::trace::{SpanContext, TraceFlags, TraceId, TraceState};
    use opentelemetry::{InstrumentationScope, KeyValue};
    use opentelemetry_sdk::trace::{SpanEvents, SpanLinks};

    use super::*;

    fn span(parent: SpanId, attributes: Vec<KeyValue>) -> SpanData {
        let start = SystemTime::UNIX_EPOCH;
        SpanData {
            span_context: SpanContext::new(
                TraceId::from(0x0af7651916cd43dd8448eb211c80319c),
                SpanId::from(0xb7ad6b7169203331),
                TraceFlags::SAMPLED,
                false,
                TraceState::default(),
            ),
            parent_span_id: parent,
            parent_span_is_remote: false,
            span_kind: opentelemetry::trace::SpanKind::Internal,
            name: "profiler.behavior_summary".into(),
            start_time: start,
            end_time: start + Duration::from_micros(12),
            attributes,
            dropped_attributes_count: 0,
            events: SpanEvents::default(),
            links: SpanLinks::default(),
            status: opentelemetry::trace::Status::Unset,
            instrumentation_scope: InstrumentationScope::builder("decnet.profiler").build(),
        }
    }

    #[test]
    fn a_span_line_names_the_span_its_ids_duration_and_attributes() {
        let line = span_line(&span(
            SpanId::from(0x00f067aa0ba902b7),
            vec![
                KeyValue::new("behavior_class", "beaconing"),
                KeyValue::new("tool_count", 2),
            ],
        ));
        assert_eq!(
            line,
            "decnet-profile: span profiler.behavior_summary scope=decnet.profiler \
             trace=0af7651916cd43dd8448eb211c80319c span=b7ad6b7169203331 \
             parent=00f067aa0ba902b7 duration=12µs behavior_class=\"beaconing\" \
             tool_count=2\n"
        );
    }

    #[test]
    fn a_root_span_has_no_parent_id() {
        let line = span_line(&span(SpanId::INVALID, Vec::new()));
        assert!(line.contains(" parent=- "), "{line}");
    }
}
