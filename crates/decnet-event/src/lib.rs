//! The DECNET event model and the RFC 5424 log-line parser.
//!
//! Every interaction an attacker has with a DECNET decoy ("decky") becomes one
//! RFC 5424 syslog line. This crate turns such a line into an [`Event`], the
//! one typed value every detector of the profiler reads, exactly as the
//! original Python profiler does, odd inputs included.
//!
//! (crate docs are completed below by the parser work)

mod event;
mod parse;
pub mod py;
mod timestamp;

pub use event::{Event, EventKind, Fields};
pub use parse::{ParseError, parse_line, strip_line};
pub use timestamp::{Timestamp, TimestampError};
