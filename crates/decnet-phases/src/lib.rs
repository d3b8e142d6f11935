//! When an attacker moved from reconnaissance to taking data.
//!
//! Each event type of a DECNET event belongs to at most one [`Phase`] of an
//! attack: reconnaissance (scans, probes, logins) or exfiltration (file
//! transfers, commands, queries). This crate reduces an attacker's events
//! to a [`PhaseSequence`]:
//!
//! - **`recon_end`**: the time of the last recon event;
//! - **`exfil_start`**: the time of the first exfil event;
//! - **`exfil_latency_s`**: the seconds between the two, rounded to three
//!   places, when exfiltration did not start before recon ended;
//! - **`large_payload_count`**: how many events, of any type, report a
//!   payload of at least 1 MiB in a `bytes`, `size` or `content_length`
//!   field, read as Python's `int()` reads text (any magnitude compares;
//!   text that is not an integer is skipped).
//!
//! Each timestamp keeps the UTC offset its event was written with, and the
//! serialized form writes it back as Python's `isoformat()` does.
//!
//! # Design: two timestamps and a count, not a sorted copy
//!
//! The original sorts the events by time (stably) and walks them. Only two
//! events of that walk matter, and the stable order pins which ones among
//! equal instants: the last-listed recon event of the greatest instant and
//! the first-listed exfil event of the least. So a [`PhaseAccumulator`]
//! keeps just those two timestamps and the count: it takes events one at a
//! time in list order, never sorts or stores them, and accumulators of
//! consecutive slices merge (`earlier.merge(later)`) into the accumulator
//! of the whole list. Streams and parallel folds give the original's
//! answer, offsets included.
//!
//! # Example
//!
//! ```
//! use decnet_event::{Event, Fields, Timestamp};
//! use decnet_phases::phase_sequence;
//!
//! let event = |seconds: i64, event_type: &str, fields: Fields| Event {
//!     // Written at UTC+02:00.
//!     timestamp: Timestamp::from_unix_micros(seconds * 1_000_000, 7_200_000_000).unwrap(),
//!     decky: "decky-01".into(),
//!     service: "ssh".into(),
//!     event_type: event_type.into(),
//!     attacker_ip: Some("10.0.0.7".into()),
//!     fields,
//!     kind: Default::default(),
//! };
//! let events = [
//!     event(1_700_000_042, "download", Fields::from_iter([("bytes", "5_000_000")])),
//!     event(1_700_000_000, "login_attempt", Fields::new()),
//!     event(1_700_000_040, "command", Fields::new()),
//! ];
//!
//! let phases = phase_sequence(&events);
//! assert_eq!(phases.exfil_latency_s, Some(40.0));
//! assert_eq!(phases.large_payload_count, 1);
//! let json = concat!(
//!     r#"{"recon_end_ts":"2023-11-15T00:13:20+02:00","#,
//!     r#""exfil_start_ts":"2023-11-15T00:14:00+02:00","#,
//!     r#""exfil_latency_s":40.0,"large_payload_count":1}"#,
//! );
//! assert_eq!(serde_json::to_string(&phases).unwrap(), json);
//! ```
//!
//! # Feature flags
//!
//! - `otel` (default): [`PhaseAccumulator::finish`], and so
//!   [`phase_sequence`], runs inside the OpenTelemetry span
//!   `profiler.phase_sequence` when tracing is on (see
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

mod sequence;

pub use sequence::{Phase, PhaseAccumulator, PhaseSequence, phase_sequence};

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
