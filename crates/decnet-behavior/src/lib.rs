//! The `attacker_behavior` record of one attacker, from their events.
//!
//! This crate is the thin orchestrator of the DECNET profiler. It feeds an
//! attacker's [`Event`]s to the five detectors and assembles what they
//! decide into one [`BehaviorRecord`]:
//!
//! 1. inter-arrival timing over all events ([`decnet_timing`]), and the
//!    number of distinct services;
//! 2. the behaviour class from those two ([`decnet_classify`]);
//! 3. the TCP/OS fingerprint and SSH client rollup ([`decnet_fingerprint`]);
//! 4. the recon → exfiltration phases ([`decnet_phases`]);
//! 5. the tools: C2 beacon profiles matching the timing, then HTTP header
//!    signatures ([`decnet_tools`]), each once, first found first; `nmap`
//!    goes first when the fingerprint's OS guess is exactly `nmap`;
//! 6. when the class is beaconing, the beacon interval (the mean IAT) and
//!    jitter (`round(cv × 100, 2)`).
//!
//! [`BehaviorRecord::to_row`] gives the storage form, [`BehaviorRow`]: the
//! original's twelve columns, six of them JSON text byte-identical to what
//! Python's `json.dumps` writes, so rows written by this crate and by the
//! original can be compared or hashed.
//!
//! # The design decision: accumulators all the way down
//!
//! Every detector is an accumulator (`push`, `merge`, `finish`), and so is
//! [`BehaviorAccumulator`], which holds one of each. A caller can stream
//! millions of events through it, one attacker at a time or interleaved,
//! and keep only what the results need (instants, a few timestamps,
//! counters), never the events. Accumulators built on different threads
//! from consecutive parts of an attacker's events merge into exactly the
//! accumulator of the whole, so work splits across cores without changing
//! a bit of the result. [`build_behavior_record`] is the fold over a slice.
//!
//! One dependency suffices: the detectors' entry points and types are
//! re-exported here.
//!
//! # Example
//!
//! ```
//! use decnet_behavior::{BehaviorClass, build_behavior_record};
//! use decnet_event::parse_line;
//!
//! // A beacon checking in about every minute, from one address.
//! let lines = [
//!     "<134>1 2026-05-01T10:00:00+00:00 decky-01 http - request [relay@55555 src_ip=\"10.0.0.7\"]",
//!     "<134>1 2026-05-01T10:01:02+00:00 decky-01 http - request [relay@55555 src_ip=\"10.0.0.7\"]",
//!     "<134>1 2026-05-01T10:01:58+00:00 decky-01 http - request [relay@55555 src_ip=\"10.0.0.7\"]",
//!     "<134>1 2026-05-01T10:03:05+00:00 decky-01 http - request [relay@55555 src_ip=\"10.0.0.7\"]",
//! ];
//! let events: Vec<_> = lines.iter().map(|l| parse_line(l)).collect::<Result<_, _>>()?;
//!
//! let record = build_behavior_record(&events);
//! assert_eq!(record.behavior_class, BehaviorClass::Beaconing);
//! assert_eq!(record.beacon_interval_s, Some(61.667));
//!
//! let row = record.to_row();
//! assert_eq!(row.behavior_class, "beaconing");
//! assert_eq!(row.tool_guesses, "[]");
//! assert_eq!(row.kex_order_raw, None);
//! # Ok::<(), decnet_event::ParseError>(())
//! ```
//!
//! # Dependencies
//!
//! `foldhash` hashes the set of services an attacker touched: seeded at
//! random per process like the standard library's SipHash, several times
//! cheaper on such short keys.
//!
//! # Feature flags
//!
//! - `otel` (default): [`BehaviorAccumulator::finish`], and so
//!   [`build_behavior_record`], runs inside the OpenTelemetry span
//!   `profiler.build_behavior_record` when tracing is on (see
//!   [`decnet_event::telemetry`]); its children are the detectors' spans
//!   and `profiler.behavior_summary`, whose attributes are the class, the
//!   OS guess, the tool and event counts and the tools. The feature turns
//!   `otel` on in every detector; without it every span is compiled out.
//!
//! The span tests use `opentelemetry_sdk`'s in-memory exporter, and the
//! benchmark of the spans' cost (`benches/record.rs`) uses `criterion`;
//! both are dev-dependencies only.
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88, the `rust-version` of the manifest. The MSRV is raised only
//! in a release that bumps at least the minor version (0.1.x → 0.2.0 while
//! the major version is 0), only to a Rust release at least six months
//! old, and the CHANGELOG notes each raise. The workspace is built with the
//! current stable Rust; 1.88 compatibility is checked without a 1.88
//! toolchain, by Clippy's `incompatible_msrv` lint (warnings denied) for
//! the standard library and by using no language feature newer than 1.88.

mod record;

pub use record::{BehaviorAccumulator, BehaviorRecord, BehaviorRow, build_behavior_record};

pub use decnet_classify::{BehaviorClass, ClassifyInput, classify_behavior, services_count};
pub use decnet_event::{
    Event, EventKind, Fields, ParseError, Timestamp, parse_line, parse_line_into,
};
pub use decnet_fingerprint::{RollupAccumulator, SnifferRollup, TcpFingerprint, sniffer_rollup};
pub use decnet_phases::{PhaseAccumulator, PhaseSequence, phase_sequence};
pub use decnet_timing::{TimingAccumulator, TimingStats, timing_stats};
pub use decnet_tools::{
    HeaderToolsAccumulator, Tool, detect_tools_from_headers, guess_tool, guess_tools,
};

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
