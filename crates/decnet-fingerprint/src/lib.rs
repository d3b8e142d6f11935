//! What an attacker's network stack and SSH client look like.
//!
//! DECNET's passive sniffer and active prober report, per attacker, TCP/IP
//! fingerprints, flow timings and SSH client traits as events. This crate
//! rolls those events up into one [`SnifferRollup`]:
//!
//! - **`os_guess`**: the most common OS label of the sniffer's SYN
//!   fingerprints (`tcp_syn_fingerprint`), ignoring empty and `unknown`
//!   ones; failing that, the OS family (`linux`, `windows`, `embedded`)
//!   whose TTL range holds the most common TTL text; else none. Ties go to
//!   the value seen first, as with Python's `Counter.most_common`.
//! - **`hop_distance`**: the median of the hop distances the sniffer
//!   reports and the prober implies (the family's initial TTL minus the
//!   TTL seen), truncated to an integer.
//! - **`tcp_fingerprint`**: the [`TcpFingerprint`] of the last SYN or
//!   SYN-ACK fingerprint event.
//! - **`retransmit_count`**, **`kex_order_raw`**, **`ssh_client_banners`**:
//!   the summed retransmissions of flow timing events and the distinct SSH
//!   key exchange lists and client banners, first seen first.
//!
//! Events are taken in the order given, not sorted: "latest" and "first
//! seen" mean list order. Other event types are ignored.
//!
//! # Design: one accumulator, folded or merged
//!
//! The rollup is a fold of a [`RollupAccumulator`] over the events, and
//! accumulators of consecutive slices merge: `earlier.merge(later)` yields
//! what pushing all events into one accumulator does. So a caller can
//! profile a stream as it arrives, or split a large list across threads,
//! and still match the original's single pass exactly. That shapes the
//! state: counts keep first-insertion order so that ties resolve as in one
//! pass, and a sniffer snapshot remembers only the sequence classes of its
//! own slice, so that merging can fill in the ones an earlier slice saw.
//!
//! # Integers
//!
//! Fields are read as Python's `int()` reads text
//! ([`decnet_event::py::parse_int`]). A count or TCP parameter beyond the
//! signed 64-bit range is not an integer, the port policy of
//! `conformance/FORMAT.md`.
//!
//! # Example
//!
//! ```
//! use decnet_event::{Event, Fields, Timestamp};
//! use decnet_fingerprint::sniffer_rollup;
//!
//! let at = Timestamp::from_unix_micros(1_700_000_000_000_000, 0).unwrap();
//! let event = |event_type: &str, fields: &[(&str, &str)]| Event {
//!     timestamp: at,
//!     decky: "decky-01".into(),
//!     service: "sniffer".into(),
//!     event_type: event_type.into(),
//!     attacker_ip: Some("10.0.0.7".into()),
//!     fields: fields.iter().copied().collect(),
//!     kind: Default::default(),
//! };
//! let events = [
//!     event("tcp_syn_fingerprint", &[("os_guess", "Linux 2.6"), ("ttl", "57"),
//!                                    ("hop_distance", "7"), ("window", "29200")]),
//!     event("tcp_flow_timing", &[("retransmits", "2")]),
//!     event("ssh_client_banner", &[("ssh_version", "SSH-2.0-Go")]),
//! ];
//!
//! let rollup = sniffer_rollup(&events);
//! assert_eq!(rollup.os_guess.as_deref(), Some("Linux 2.6"));
//! assert_eq!(rollup.hop_distance, Some(7));
//! assert_eq!(rollup.retransmit_count, 2);
//! assert_eq!(rollup.tcp_fingerprint.map(|fp| fp.window), Some(Some(29200)));
//! assert_eq!(rollup.ssh_client_banners, ["SSH-2.0-Go"]);
//! ```
//!
//! Serializing a rollup (serde) gives the original's dict, keys in its
//! order, with `{}` for a missing snapshot.
//!
//! # Dependencies
//!
//! `foldhash` hashes the counters' keys (OS labels, TTLs, SSH banners and
//! key exchange lists): seeded at random per process like the standard
//! library's SipHash, several times cheaper on such short keys.
//!
//! # Feature flags
//!
//! - `otel` (default): [`RollupAccumulator::finish`], and so
//!   [`sniffer_rollup`], runs inside the OpenTelemetry span
//!   `profiler.sniffer_rollup` when tracing is on (see
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

mod rollup;
mod snapshot;
mod tally;

pub use rollup::{RollupAccumulator, SnifferRollup, sniffer_rollup};
pub use snapshot::{SnapshotSource, TcpFingerprint};

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
