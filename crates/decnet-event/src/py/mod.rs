//! Python 3.11 compatibility: the CPython behaviours the original profiler's
//! results depend on, in one place that every DECNET crate shares.
//!
//! The conformance corpus pins these to the bit. Each function names the
//! Python expression it reproduces.

mod float;
mod int;
mod json;
mod repr;
mod stats;
mod tables;
mod text;

pub use text::{is_decimal, is_space, is_word, strip};
