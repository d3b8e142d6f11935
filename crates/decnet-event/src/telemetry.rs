//! The profiler's OpenTelemetry spans, free when nobody traces.
//!
//! The original profiler runs each detector entry point, and the whole
//! behaviour record, inside a span, and emits one `profiler.behavior_summary`
//! span per record with a few attributes. Every DECNET crate emits the same
//! spans through this module, so there is one switch and one place that
//! talks to OpenTelemetry.
//!
//! A span is built only when both hold:
//!
//! - the crate feature `otel` is on (it is by default; without it this
//!   module keeps its API but builds nothing, and no OpenTelemetry code is
//!   compiled in);
//! - the process-wide switch is on: [`enabled`]. It starts as the
//!   environment variable [`ENV_VAR`] says (`true`, in any letter case,
//!   turns it on, as in the original) and [`set_enabled`] flips it.
//!
//! Otherwise [`in_span`] only calls its closure and [`emit_span`] returns at
//! once: the cost is one relaxed atomic load and a branch. When both hold,
//! spans go to the tracer provider installed with
//! `opentelemetry::global::set_tracer_provider` (a no-op one if none is),
//! under the instrumentation scope the original uses for them. This crate
//! depends on the OpenTelemetry API only: the application picks the SDK and
//! the exporter.
//!
//! ```
//! use decnet_event::telemetry;
//!
//! let total = telemetry::in_span("decnet.example", "example.sum", || 2 + 2);
//! assert_eq!(total, 4);
//! telemetry::emit_span("decnet.example", "example.summary", |span| {
//!     // Runs only when the span records.
//!     span.int("total", total);
//! });
//! ```

use std::borrow::Cow;

/// The environment variable whose value `true` (in any letter case) turns
/// tracing on at start-up, as it does in the original.
pub const ENV_VAR: &str = "DECNET_DEVELOPER_TRACING";

/// Whether spans are built: the `otel` feature is on and the switch is on.
///
/// The first call reads [`ENV_VAR`] unless [`set_enabled`] was called
/// before; later calls are one relaxed atomic load.
#[inline]
pub fn enabled() -> bool {
    #[cfg(feature = "otel")]
    {
        on::enabled()
    }
    #[cfg(not(feature = "otel"))]
    {
        false
    }
}

/// Turns span building on or off for the whole process, overriding
/// [`ENV_VAR`].
///
/// Turn it on only with a tracer provider installed: without one every
/// span is the API's no-op span, which still costs a few allocations
/// (about 8 % of record building, see BENCHMARKS.md).
///
/// Without the `otel` feature this does nothing and [`enabled`] stays
/// false.
pub fn set_enabled(enabled: bool) {
    #[cfg(feature = "otel")]
    on::set_enabled(enabled);
    #[cfg(not(feature = "otel"))]
    let _ = enabled;
}

/// Runs `f` inside a span called `name`, from the global provider's tracer
/// for the instrumentation scope `tracer`, and returns what `f` returns.
///
/// The span is the current one while `f` runs, so spans started inside it
/// are its children; it ends when `f` returns. When [`enabled`] is false,
/// this is `f()`.
#[inline]
pub fn in_span<T>(tracer: &'static str, name: &'static str, f: impl FnOnce() -> T) -> T {
    #[cfg(feature = "otel")]
    if on::enabled() {
        return on::in_span(tracer, name, f);
    }
    let _ = (tracer, name);
    f()
}

/// Emits a span called `name` that covers no work and carries the
/// attributes `fill` sets: a child of the current span, from the global
/// provider's tracer for the instrumentation scope `tracer`.
///
/// `fill` runs only when [`enabled`] is true and the span records (the
/// provider samples it), so attribute values cost nothing otherwise.
#[inline]
pub fn emit_span(tracer: &'static str, name: &'static str, fill: impl FnOnce(&mut Attributes)) {
    #[cfg(feature = "otel")]
    if on::enabled() {
        on::emit_span(tracer, name, fill);
    }
    #[cfg(not(feature = "otel"))]
    let _ = (tracer, name, fill);
}

/// The attributes of a span passed to [`emit_span`]'s closure.
///
/// Without the `otel` feature no value of this type is ever made.
#[derive(Debug, Default)]
pub struct Attributes {
    #[cfg(feature = "otel")]
    list: Vec<opentelemetry::KeyValue>,
}

impl Attributes {
    /// Sets the attribute `key` to the string `value`.
    pub fn text(&mut self, key: &'static str, value: impl Into<Cow<'static, str>>) {
        #[cfg(feature = "otel")]
        self.list
            .push(opentelemetry::KeyValue::new(key, value.into()));
        #[cfg(not(feature = "otel"))]
        let _ = (key, value);
    }

    /// Sets the attribute `key` to the integer `value`.
    pub fn int(&mut self, key: &'static str, value: i64) {
        #[cfg(feature = "otel")]
        self.list.push(opentelemetry::KeyValue::new(key, value));
        #[cfg(not(feature = "otel"))]
        let _ = (key, value);
    }
}

/// The switch and the spans, with the `otel` feature.
#[cfg(feature = "otel")]
mod on {
    use std::sync::atomic::{AtomicU8, Ordering};

    use opentelemetry::global;
    use opentelemetry::trace::{Span as _, Tracer as _};

    use super::{Attributes, ENV_VAR};

    /// The switch: [`UNSET`] until the environment is read or the switch is
    /// set, then [`OFF`] or [`ON`].
    static SWITCH: AtomicU8 = AtomicU8::new(UNSET);
    const UNSET: u8 = 0;
    const OFF: u8 = 1;
    const ON: u8 = 2;

    #[inline]
    pub(super) fn enabled() -> bool {
        match SWITCH.load(Ordering::Relaxed) {
            ON => true,
            OFF => false,
            _ => enabled_from_env(),
        }
    }

    /// Reads [`ENV_VAR`] once. A switch set meanwhile wins over it.
    #[cold]
    fn enabled_from_env() -> bool {
        let from_env = std::env::var_os(ENV_VAR).is_some_and(|value| {
            value
                .to_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        let state = if from_env { ON } else { OFF };
        match SWITCH.compare_exchange(UNSET, state, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => from_env,
            Err(set) => set == ON,
        }
    }

    pub(super) fn set_enabled(enabled: bool) {
        SWITCH.store(if enabled { ON } else { OFF }, Ordering::Relaxed);
    }

    pub(super) fn in_span<T>(tracer: &'static str, name: &'static str, f: impl FnOnce() -> T) -> T {
        global::tracer(tracer).in_span(name, |_current| f())
    }

    pub(super) fn emit_span(
        tracer: &'static str,
        name: &'static str,
        fill: impl FnOnce(&mut Attributes),
    ) {
        let mut span = global::tracer(tracer).start(name);
        if span.is_recording() {
            let mut attributes = Attributes::default();
            fill(&mut attributes);
            span.set_attributes(attributes.list);
        }
        span.end();
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    // One test, as the switch is global to the test process.
    #[test]
    fn attributes_are_built_only_for_a_span_that_records() {
        let filled = Cell::new(0);
        let fill = |span: &mut Attributes| {
            filled.set(filled.get() + 1);
            span.int("n", 1);
        };

        set_enabled(false);
        assert!(!enabled());
        assert_eq!(in_span("decnet.test", "test.off", || 7), 7);
        emit_span("decnet.test", "test.off", fill);

        // No provider is installed: spans are the API's no-op ones, which
        // do not record.
        set_enabled(true);
        assert_eq!(enabled(), cfg!(feature = "otel"));
        assert_eq!(in_span("decnet.test", "test.on", || 7), 7);
        emit_span("decnet.test", "test.on", fill);

        assert_eq!(filled.get(), 0);
    }
}
