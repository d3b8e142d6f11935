//! The DECNET event model and the RFC 5424 log-line parser.
//!
//! Every interaction an attacker has with a DECNET decoy ("decky") becomes one
//! RFC 5424 syslog line. This crate turns such a line into an [`Event`], the
//! one typed value every detector of the profiler reads, exactly as the
//! original Python profiler does, odd inputs included.
//!
//! [`parse_line`] decides:
//!
//! - **whether a line is an event at all**:
//!   `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID REST`, with a HOSTNAME and
//!   APP-NAME other than `-` and a TIMESTAMP that Python 3.11's
//!   `datetime.fromisoformat` reads; otherwise a [`ParseError`] says which
//!   rule failed. Shell lines wrapped twice by the log collector are
//!   unwrapped first;
//! - **its fields**: the `name="value"` parameters of the first
//!   `[relay@55555 …]` block, unescaped, in the order written;
//! - **its attacker address**: a field (`src_ip`, `src`, `client_ip`, …),
//!   else an address after `from`, `rhost=`, `client=` or `src=` in the
//!   message, else the first dotted quad there;
//! - **its event type and kind**: `CMD …` shell lines become `command`
//!   events with their `key=value` pairs as fields; `mutator` /
//!   `decky_mutated` events are [`EventKind::Mutation`].
//!
//! [`Timestamp`] keeps the UTC offset a line was written with, orders by
//! instant, and writes itself back as Python's `isoformat()` does. The
//! [`py`] module holds every CPython behaviour the profiler's output depends
//! on, shared by all DECNET crates. Events, timestamps and fields read and
//! write the JSON shape of the conformance corpus through `serde`.
//!
//! # Design: Python's `re`, worked out by hand
//!
//! The original parses with Python regular expressions, and the corpus pins
//! their every corner: `\s`, `\w` and `\d` are Unicode 14 classes (so
//! U+001C is a space and `½` a word character), `re.IGNORECASE` lets `ſ`
//! match `s` and `ı` match `i`, `.` stops only at a line feed, and each
//! pattern's backtracking decides which address or parameter is found. The
//! `regex` crate differs on each of these (newer Unicode, other class
//! definitions, simple case folding), so no pattern is handed to an engine.
//! Instead each pattern of the original was analysed once (each greedy run
//! here is deterministic: its end is forced by what must follow), and is
//! reproduced by a single forward scan over the line, which also makes the
//! parser fast: ASCII takes a table lookup per byte or a test of eight
//! bytes at once, the structured-data block is found with `memchr`, its
//! end and any line feed are met while its parameters are read, and the
//! fields of a line share one buffer.
//! The same goes for timestamps: [`Timestamp::parse_iso`] follows CPython's
//! C implementation of `fromisoformat` step by step, not ISO 8601.
//!
//! # Example
//!
//! ```
//! use decnet_event::{EventKind, ParseError, parse_line};
//!
//! let line = concat!(
//!     "<134>1 2026-05-23T21:01:28.176678+09:00 decky-01 ssh - login_attempt ",
//!     r#"[relay@55555 src_ip="10.0.0.7" username="root" password="a\"b"] auth failed"#,
//! );
//! let event = parse_line(line)?;
//! assert_eq!(event.decky, "decky-01");
//! assert_eq!(event.event_type, "login_attempt");
//! assert_eq!(event.attacker_ip.as_deref(), Some("10.0.0.7"));
//! assert_eq!(event.fields.get("password"), Some("a\"b"));
//! assert_eq!(event.timestamp.isoformat(), "2026-05-23T21:01:28.176678+09:00");
//! assert_eq!(event.kind, EventKind::Attacker);
//!
//! // Not an event: the reason is typed.
//! assert!(matches!(
//!     parse_line("<134>1 2026-05-23T21:01:28Z - ssh - connection -"),
//!     Err(ParseError::NilHostname)
//! ));
//! # Ok::<(), ParseError>(())
//! ```
//!
//! # Feature flags
//!
//! - `otel` (default): the [`telemetry`] module emits the profiler's
//!   OpenTelemetry spans, through the `opentelemetry` API crate, when its
//!   switch is on. Without it the module keeps its API, builds no span, and
//!   `opentelemetry` is not a dependency. Every DECNET crate has an `otel`
//!   feature that forwards here.
//! - `arbitrary` (off): the `fuzzing` module, which decodes raw bytes into
//!   events and implements `arbitrary::Arbitrary` for them, for the fuzz
//!   targets of every DECNET crate. The `arbitrary` crate is the trait
//!   libFuzzer's Rust bindings build fuzz input with, hence the dependency.
//!
//! # Dependencies
//!
//! Besides `serde`, `thiserror` and `num-bigint`/`num-traits` (Python's
//! unbounded `int`), the parser uses `memchr` for the searches that read
//! far ahead: for the `[` of the structured-data block (or a line feed)
//! through a line's rest, and for line feeds and `]` after the block. Its
//! vector search reads a hundred bytes in fewer instructions than a loop
//! over eight-byte words (1.4 % fewer per line on the reference log of
//! `BENCHMARKS.md`, 5.6 % on its lines without a block), and this crate
//! forbids the `unsafe` code that vector instructions need. The searches that stop
//! within a few bytes are done eight bytes at a time in plain code.
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

mod attacker_ip;
mod event;
#[cfg(feature = "arbitrary")]
pub mod fuzzing;
mod parse;
pub mod py;
mod scan;
mod serde_impls;
pub mod telemetry;
mod timestamp;

pub use event::{Event, EventKind, Fields};
pub use parse::{HeaderPart, ParseError, parse_line, parse_line_into, strip_line};
pub use timestamp::{Timestamp, TimestampError};

/// The README's example, run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
