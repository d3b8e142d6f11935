//! How an attacker's DECNET events are spaced in time: inter-arrival-time
//! (IAT) statistics, bit for bit as the original Python profiler computes
//! them.
//!
//! Given all events of one attacker, in any order, [`timing_stats`] sorts
//! their instants and reports the count, the duration, and the mean,
//! median, population standard deviation, minimum and maximum of the gaps
//! between neighbours, with their coefficient of variation (`cv`). These
//! numbers decide the behaviour class and the beacon tools downstream, at
//! thresholds the corpus probes one ulp away, so they must be exact.
//!
//! # The design decision: exact arithmetic where Python has it
//!
//! The original computes an IAT as an exact microsecond difference divided
//! by 10^6, the mean with `math.fsum`, and the standard deviation with
//! `statistics.pstdev`, which works in exact rationals and rounds the
//! square root once. A naive two-pass `f64` formula differs in the last
//! bits in about a quarter of small samples, and `cv` (4 places, from the
//! unrounded deviation) can show it. So this crate keeps only instants
//! (integer microseconds), and hands the IATs to the exact helpers of
//! [`decnet_event::py`]: 128-bit integer sums when the IATs are of similar
//! size, arbitrary precision otherwise and for the final square root. Every published
//! number then goes through Python's `round(x, n)` ([`py::round`]).
//!
//! Since only instants matter, [`TimingAccumulator`] can gather them
//! across batches or threads and [`merge`](TimingAccumulator::merge) the
//! parts; the result does not depend on the order events arrive in.
//!
//! # Example
//!
//! ```
//! use decnet_event::{Event, EventKind, Fields, Timestamp};
//! use decnet_timing::timing_stats;
//!
//! let at = |micros: i64| Event {
//!     timestamp: Timestamp::from_unix_micros(micros, 0).expect("offset 0 is valid"),
//!     decky: "decky-01".into(),
//!     service: "ssh".into(),
//!     event_type: "connection".into(),
//!     attacker_ip: Some("10.0.0.7".into()),
//!     fields: Fields::new(),
//!     kind: EventKind::Attacker,
//! };
//!
//! // Out of order on purpose: gaps of 60 s and 60.5 s once sorted.
//! let stats = timing_stats(&[at(60_000_000), at(0), at(120_500_000)]);
//! assert_eq!(stats.event_count, 3);
//! assert_eq!(stats.duration_s, 120.5);
//! assert_eq!(stats.mean_iat_s, Some(60.25));
//! assert_eq!(stats.stdev_iat_s, Some(0.25));
//! assert_eq!(stats.cv, Some(0.0041));
//! assert_eq!(
//!     decnet_event::py::dumps(&stats),
//!     "{\"event_count\": 3, \"duration_s\": 120.5, \"mean_iat_s\": 60.25, \
//!      \"median_iat_s\": 60.25, \"stdev_iat_s\": 0.25, \"min_iat_s\": 60.0, \
//!      \"max_iat_s\": 60.5, \"cv\": 0.0041}"
//! );
//! ```
//!
//! [`py::round`]: decnet_event::py::round
//!
//! # Feature flags
//!
//! - `otel` (default): [`TimingAccumulator::finish`], and so
//!   [`timing_stats`], runs inside the OpenTelemetry span
//!   `profiler.timing_stats` when tracing is on (see
//!   [`decnet_event::telemetry`]). Without it the span is compiled out.
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

mod accumulator;
mod stats;

pub use accumulator::{TimingAccumulator, timing_stats};
pub use stats::TimingStats;

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
