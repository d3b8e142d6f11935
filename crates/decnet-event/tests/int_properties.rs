//! Properties of `py::parse_int`, Python 3.11's `int(str)`.

use decnet_event::py::{ParseIntError, PyInt, parse_int};
use proptest::prelude::*;

/// An independent reading of the ASCII grammar: white space, one sign,
/// digit groups joined by single underscores, white space.
fn python_int_of_ascii(text: &str) -> Option<i128> {
    let body = text.trim_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    let unsigned = body.strip_prefix(['+', '-']).unwrap_or(body);
    let groups_ok = unsigned
        .split('_')
        .all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()));
    if !groups_ok {
        return None;
    }
    body.replace('_', "").parse().ok()
}

/// ASCII text made mostly of the characters `int()` cares about.
fn ascii_number_like() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ \t\n\u{b}\u{c}\r\u{1c}+\\-_0-9x.]{0,30}")
        .expect("the pattern is a valid regular expression")
}

/// The decimal text of `value` with the digits written in another script
/// and underscores between some of them.
fn respelled(value: i64, zero: char, underscores: &[bool]) -> String {
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    let digits = value.unsigned_abs().to_string();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && underscores.get(i).copied().unwrap_or(false) {
            out.push('_');
        }
        let offset = digit.to_digit(10).expect("to_string writes decimal digits");
        out.push(char::from_u32(zero as u32 + offset).expect("zero starts a run of ten digits"));
    }
    out
}

proptest! {
    #[test]
    fn int_accepts_exactly_what_python_accepts_for_ascii_numbers(text in ascii_number_like()) {
        let expected = python_int_of_ascii(&text);
        let got = parse_int(&text);
        match expected {
            Some(value) => {
                let fits = i64::try_from(value).ok();
                prop_assert_eq!(got.map(PyInt::to_i64), Ok(fits));
                prop_assert_eq!(got.is_ok_and(PyInt::is_negative), value < 0);
            }
            None => prop_assert!(got.is_err(), "{text:?} gave {got:?}"),
        }
    }

    #[test]
    fn parse_int_never_panics(text in any::<String>()) {
        let _ = parse_int(&text);
    }

    #[test]
    fn every_i64_reads_back_in_any_digit_script_with_underscores(
        value in any::<i64>(),
        zero in prop::sample::select(vec!['0', '\u{660}', '\u{966}', '\u{ff10}', '\u{1d7ce}']),
        underscores in prop::collection::vec(any::<bool>(), 20),
    ) {
        let text = respelled(value, zero, &underscores);
        prop_assert_eq!(parse_int(&text), Ok(PyInt::I64(value)));
    }

    #[test]
    fn values_beyond_i64_compare_beyond_every_i64(
        negative in any::<bool>(),
        digits in "[1-9][0-9]{19,60}",
        probe in any::<i64>(),
    ) {
        let text = if negative { format!("-{digits}") } else { digits };
        let value = parse_int(&text);
        prop_assert!(value.is_ok_and(|n| n.to_i64().is_none()));
        let beyond_probe = |n: PyInt| if negative { n < probe } else { n > probe };
        prop_assert!(value.is_ok_and(beyond_probe));
    }

    #[test]
    fn more_than_4300_digits_fail_whatever_follows(
        extra in 1usize..50,
        tail in "[ x_.]{0,3}",
    ) {
        let text = "7".repeat(4300 + extra) + &tail;
        let doubled_or_trailing_underscore = tail.starts_with('_');
        let result = parse_int(&text);
        if doubled_or_trailing_underscore {
            let invalid = matches!(result, Err(ParseIntError::InvalidLiteral { .. }));
            prop_assert!(invalid, "{:?}", result);
        } else {
            prop_assert_eq!(result, Err(ParseIntError::TooManyDigits { digits: 4300 + extra }));
        }
    }
}
