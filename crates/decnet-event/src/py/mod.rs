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

pub(crate) use float::decimal_digits;
pub use float::{float_repr, round, write_float_repr};
pub use int::{INT_MAX_STR_DIGITS, ParseIntError, PyInt, parse_int};
pub use json::{JsonError, dumps, try_dumps};
pub use repr::{PyStr, PyValue, ReprError};
pub use stats::{StatsError, fmean, fsum, median, pstdev, seconds_from_micros};
pub use text::{is_decimal, is_space, is_word, lstrip, strip};
