//! Tool attribution for DECNET attackers: which C2 framework, scanner or
//! client an attacker appears to use.
//!
//! Two independent detectors, each with its data table:
//!
//! - **Beacon cadence** ([`guess_tools`], [`guess_tool`],
//!   [`BEACON_PROFILES`]): the mean inter-arrival time and coefficient of
//!   variation of an attacker's events, from the timing statistics, against
//!   the default beacon profiles of Cobalt Strike, Sliver, Havoc and Mythic.
//! - **HTTP headers** ([`detect_tools_from_headers`],
//!   [`HeaderToolsAccumulator`], [`HEADER_SIGNATURES`]): the `headers` field
//!   of `request` events against User-Agent and X-Mailer signatures of
//!   fourteen tools, each tool reported once in order of first detection.
//!
//! # Reading header values with Python's own leniencies
//!
//! The original stores headers as JSON, and older writers stored Python's
//! `str(dict)`; it reads them with `json.loads`, falling back to
//! `ast.literal_eval`, then turns every value into text with `str(v)` and
//! matches patterns on that text. A strict JSON parser such as `serde_json`
//! would decide differently on the inputs attackers actually send: it
//! refuses `NaN`, `Infinity`, lone surrogates (`"\ud800"`) and single-quoted
//! Python dicts, and has no notion of what `str()` makes of `b'curl/8'`,
//! `1e400` or `['Nikto']`. So [`parse_headers`] implements both readers
//! as CPython 3.11 behaves, and builds Python values
//! ([`PyValue`](decnet_event::py::PyValue), whose strings may hold lone
//! surrogates) so that the text patterns see is exactly the original's.
//! One deliberate difference (port policy, `conformance/FORMAT.md`): where
//! the original crashes on a value that is not a mapping of strings to
//! values, the port skips it like any other unreadable value.
//!
//! The literal reader accepts `\N{name}` escapes with every Unicode 14
//! character name and alias, generated from CPython's own tables by
//! `xtask/unicode/gen_names.py` in the workspace (about 400 KB of source).
//!
//! # Example
//!
//! ```
//! use decnet_event::{Event, EventKind, Fields, Timestamp};
//! use decnet_tools::{Tool, detect_tools_from_headers, guess_tools};
//!
//! let request = |headers: &str| {
//!     let mut fields = Fields::new();
//!     fields.insert("headers", headers);
//!     Event {
//!         timestamp: Timestamp::parse_iso("2026-05-23T21:01:28+09:00").unwrap(),
//!         decky: "decky-01".into(),
//!         service: "http".into(),
//!         event_type: "request".into(),
//!         attacker_ip: Some("10.0.0.7".into()),
//!         fields,
//!         kind: EventKind::Attacker,
//!     }
//! };
//! let events = [
//!     request(r#"{"User-Agent": "Mozilla/5.0 (compatible; Nmap Scripting Engine)"}"#),
//!     request("{'User-Agent': 'curl/8.4.0'}"), // an old writer's str(dict)
//!     request(r#"{"User-Agent": "N\u0131kto"}"#), // dotless i: not Nikto
//! ];
//! assert_eq!(detect_tools_from_headers(&events), [Tool::Nmap, Tool::Curl]);
//!
//! assert_eq!(guess_tools(Some(59.2), Some(0.23)), [Tool::CobaltStrike, Tool::Sliver]);
//! ```
//!
//! # Feature flags
//!
//! - `otel` (default): [`HeaderToolsAccumulator::finish`], and so
//!   [`detect_tools_from_headers`], runs inside the OpenTelemetry span
//!   `profiler.detect_tools_from_headers` when tracing is on (see
//!   [`decnet_event::telemetry`]). Without it the span is compiled out.
//!   The beacon matching ([`guess_tools`]) has no span, as in the
//!   original.
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

mod beacon;
mod headers;
mod prefilter;
mod reader;
mod tool;

pub use beacon::{BEACON_PROFILES, BeaconProfile, guess_tool, guess_tools};
pub use headers::{
    HEADER_SIGNATURES, HeaderSignature, HeaderToolsAccumulator, detect_tools_from_headers,
};
pub use reader::{Headers, parse_headers};
pub use tool::Tool;

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
