//! `py::parse_int` (Python's `int(str)`) on any text: it never panics, and
//! agrees with Rust's own reading of the plain ASCII decimal forms.
#![no_main]

use decnet_event::py::{PyInt, parse_int};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = parse_int(text);
    // Rust reads an optional sign and ASCII digits, which Python reads
    // the same way (surrounding ASCII white space aside).
    let plain = text.trim_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    let digits = plain.strip_prefix(['+', '-']).unwrap_or(plain);
    if !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let expected: Option<i64> = plain.parse().ok();
        assert_eq!(parsed.map(PyInt::to_i64), Ok(expected), "{text:?}");
    }
});
