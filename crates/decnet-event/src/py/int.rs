//! Python's `int(str)` in base 10, typed for the profiler's two uses.
//!
//! Python integers have no size limit, but nothing in the profiler needs the
//! digits of a number beyond 64 bits: payload sizes only compare against
//! 1 MiB, and counts and TCP parameters beyond the signed 64-bit range are
//! treated as not integers (`conformance/FORMAT.md`, port policy). So a parse
//! yields a [`PyInt`]: an exact `i64`, or the side of the `i64` range the
//! value lies beyond. No bignum is ever built.

use std::cmp::Ordering;

use super::text::{decimal_value, is_space};

/// The most digits Python 3.11 converts from text by default
/// (`sys.get_int_max_str_digits()`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// An integer read by [`parse_int`]: exact within the signed 64-bit range,
/// and otherwise only known to lie above or below it.
///
/// It compares with `i64` numerically, so `value >= 1_048_576` holds for
/// every value above the range, however many digits it had.
///
/// Deriving equality between two `PyInt`s compares the classification: two
/// values beyond the range are equal as `AboveI64` even when the numbers
/// differ. Compare with an `i64`, or use [`PyInt::to_i64`], for numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PyInt {
    /// A value within `i64::MIN..=i64::MAX`, exactly.
    I64(i64),
    /// A value greater than `i64::MAX`.
    AboveI64,
    /// A value less than `i64::MIN`.
    BelowI64,
}

impl PyInt {
    /// The value when it fits in an `i64`.
    ///
    /// ```
    /// use decnet_event::py::{PyInt, parse_int};
    ///
    /// assert_eq!(parse_int("-42").map(PyInt::to_i64), Ok(Some(-42)));
    /// assert_eq!(parse_int("18446744073709551616").map(PyInt::to_i64), Ok(None));
    /// ```
    pub fn to_i64(self) -> Option<i64> {
        match self {
            PyInt::I64(value) => Some(value),
            PyInt::AboveI64 | PyInt::BelowI64 => None,
        }
    }

    /// Whether the value is less than zero (`-0` is zero, not negative).
    pub fn is_negative(self) -> bool {
        match self {
            PyInt::I64(value) => value < 0,
            PyInt::AboveI64 => false,
            PyInt::BelowI64 => true,
        }
    }

    /// The value of a sign and a magnitude (`None` when the magnitude
    /// exceeds `u64`).
    fn from_sign_magnitude(negative: bool, magnitude: Option<u64>) -> PyInt {
        let exact = magnitude.and_then(|m| {
            if negative {
                0i64.checked_sub_unsigned(m)
            } else {
                i64::try_from(m).ok()
            }
        });
        match exact {
            Some(value) => PyInt::I64(value),
            None if negative => PyInt::BelowI64,
            None => PyInt::AboveI64,
        }
    }
}

impl From<i64> for PyInt {
    fn from(value: i64) -> PyInt {
        PyInt::I64(value)
    }
}

impl PartialEq<i64> for PyInt {
    fn eq(&self, other: &i64) -> bool {
        *self == PyInt::I64(*other)
    }
}

impl PartialOrd<i64> for PyInt {
    fn partial_cmp(&self, other: &i64) -> Option<Ordering> {
        Some(match self {
            PyInt::I64(value) => value.cmp(other),
            PyInt::AboveI64 => Ordering::Greater,
            PyInt::BelowI64 => Ordering::Less,
        })
    }
}

/// Why a text is not an integer for Python's `int()`. Python raises
/// `ValueError` for each of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseIntError {
    /// The text does not have the shape of a base-10 integer literal.
    #[error("invalid literal for int() with base 10 at byte {at}")]
    InvalidLiteral {
        /// Byte offset of the first character that breaks the shape, or the
        /// text's length when the text ends too early.
        at: usize,
    },
    /// The number has more digits than Python converts by default.
    #[error(
        "exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
         value has {digits} digits"
    )]
    TooManyDigits {
        /// How many digits the number has.
        digits: usize,
    },
}

/// Python 3.11's `int(text)` for a `str`, in base 10.
///
/// Accepts surrounding white space (Python's `str.isspace()` set except
/// U+001C..U+001F), one optional sign, and decimal digits of any script
/// (Unicode 14 category Nd, mixed freely) with single underscores between
/// digits. Leading zeros are fine. More than [`INT_MAX_STR_DIGITS`] digits,
/// leading zeros included, is an error, counted before any trailing text is
/// looked at, as CPython does.
///
/// ```
/// use decnet_event::py::{ParseIntError, parse_int};
///
/// assert_eq!(parse_int("\u{3000}-1_000\n"), Ok((-1000).into()));
/// assert_eq!(parse_int("\u{0663}\u{0664}"), Ok(34.into()));
/// assert!(parse_int("99999999999999999999").is_ok_and(|n| n >= 1_048_576));
/// assert_eq!(parse_int("1.0"), Err(ParseIntError::InvalidLiteral { at: 1 }));
/// ```
pub fn parse_int(text: &str) -> Result<PyInt, ParseIntError> {
    let mut chars = text.char_indices().peekable();

    while chars.next_if(|&(_, c)| is_int_space(c)).is_some() {}
    let negative = chars.next_if(|&(_, c)| c == '-').is_some();
    if !negative {
        chars.next_if(|&(_, c)| c == '+');
    }

    // The digits with their single underscores. Like CPython, a doubled
    // underscore fails at once, before the digit count is checked.
    let mut magnitude = Some(0u64);
    let mut digits = 0usize;
    let mut after_underscore = false;
    while let Some(&(at, c)) = chars.peek() {
        if c == '_' {
            if digits == 0 || after_underscore {
                return Err(ParseIntError::InvalidLiteral { at });
            }
            after_underscore = true;
        } else if let Some(digit) = decimal_value(c) {
            digits += 1;
            after_underscore = false;
            magnitude = magnitude
                .and_then(|m| m.checked_mul(10))
                .and_then(|m| m.checked_add(u64::from(digit)));
        } else {
            break;
        }
        chars.next();
    }
    let stop = chars.peek().map_or(text.len(), |&(at, _)| at);
    if after_underscore {
        return Err(ParseIntError::InvalidLiteral { at: stop });
    }
    if digits > INT_MAX_STR_DIGITS {
        return Err(ParseIntError::TooManyDigits { digits });
    }
    if digits == 0 {
        return Err(ParseIntError::InvalidLiteral { at: stop });
    }

    while chars.next_if(|&(_, c)| is_int_space(c)).is_some() {}
    if let Some((at, _)) = chars.next() {
        return Err(ParseIntError::InvalidLiteral { at });
    }
    Ok(PyInt::from_sign_magnitude(negative, magnitude))
}

/// The white space `int()` strips: `str.isspace()` except U+001C..U+001F,
/// which CPython's ASCII pass does not treat as space.
fn is_int_space(c: char) -> bool {
    is_space(c) && !('\u{1c}'..='\u{1f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> Option<i64> {
        parse_int(text).ok().and_then(PyInt::to_i64)
    }

    fn rejects(text: &str) -> bool {
        parse_int(text).is_err()
    }

    #[test]
    fn surrounding_white_space_is_stripped_including_unicode_spaces() {
        assert_eq!(int(" 42 "), Some(42));
        assert_eq!(int("\u{85}42\u{3000}"), Some(42));
        assert_eq!(int("\u{3000}-42\u{2029}"), Some(-42));
    }

    #[test]
    fn separators_1c_to_1f_are_not_white_space_for_int() {
        assert!(rejects("\u{1c}42"));
        assert!(rejects("42\u{1f}"));
    }

    #[test]
    fn zero_width_space_and_bom_are_not_white_space() {
        assert!(rejects("\u{200b}42"));
        assert!(rejects("\u{feff}42"));
    }

    #[test]
    fn no_white_space_between_sign_and_digits() {
        assert!(rejects("- 42"));
        assert!(rejects("-\u{3000}42"));
    }

    #[test]
    fn one_sign_at_most() {
        assert!(rejects("--1"));
        assert!(rejects("+-1"));
        assert!(rejects("-"));
        assert_eq!(int("+7"), Some(7));
    }

    #[test]
    fn underscores_only_singly_between_digits() {
        assert_eq!(int("1_000"), Some(1000));
        assert!(rejects("1__000"));
        assert!(rejects("1_"));
        assert!(rejects("_1"));
        assert!(rejects("+_1"));
        assert!(rejects("1 _1"));
    }

    #[test]
    fn leading_zeros_are_allowed_and_minus_zero_is_zero() {
        assert_eq!(int("007"), Some(7));
        assert_eq!(parse_int("-0"), Ok(PyInt::I64(0)));
        assert!(!PyInt::I64(0).is_negative());
    }

    #[test]
    fn empty_prefixed_fractional_and_exponent_forms_are_rejected() {
        for text in ["", " ", "0x10", "1e6", "1.0", "12\u{0}", "1,000", "\u{7f}1"] {
            assert!(rejects(text), "{text:?}");
        }
    }

    #[test]
    fn any_unicode_decimal_digit_counts_and_scripts_mix() {
        assert_eq!(int("\u{663}"), Some(3));
        assert_eq!(int("1\u{663}"), Some(13));
        assert_eq!(int("\u{663}_\u{664}"), Some(34));
        assert_eq!(
            int("\u{ff11}\u{ff10}\u{ff14}\u{ff18}\u{ff15}\u{ff17}\u{ff16}"),
            Some(1_048_576)
        );
    }

    #[test]
    fn other_numeric_characters_are_not_digits() {
        for text in ["\u{b2}", "\u{bd}", "\u{216b}", "\u{3007}", "\u{4e00}"] {
            assert!(rejects(text), "{text:?}");
        }
    }

    #[test]
    fn values_beyond_i64_keep_their_side() {
        assert_eq!(parse_int("18446744073709551616"), Ok(PyInt::AboveI64));
        assert_eq!(parse_int("-9223372036854775809"), Ok(PyInt::BelowI64));
        assert_eq!(int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(int("-9223372036854775808"), Some(i64::MIN));
        assert!(PyInt::AboveI64 > i64::MAX);
        assert!(PyInt::BelowI64 < i64::MIN);
        assert!(PyInt::BelowI64.is_negative());
    }

    #[test]
    fn at_most_4300_digits_counting_leading_zeros_not_underscores() {
        assert!(parse_int(&"1".repeat(4300)).is_ok_and(|n| n > 0));
        assert_eq!(
            parse_int(&"1".repeat(4301)),
            Err(ParseIntError::TooManyDigits { digits: 4301 })
        );
        assert!(rejects(&("0".repeat(4300) + "1")));
        assert!(parse_int(&("1_".repeat(4299) + "1")).is_ok_and(|n| n > 0));
        assert!(rejects(&"\u{663}".repeat(4301)));
    }

    #[test]
    fn digit_limit_is_checked_before_trailing_text() {
        let long = "1".repeat(4301);
        assert_eq!(
            parse_int(&(long.clone() + "x")),
            Err(ParseIntError::TooManyDigits { digits: 4301 })
        );
        assert!(matches!(
            parse_int(&(long.clone() + "__1")),
            Err(ParseIntError::InvalidLiteral { .. })
        ));
        assert!(matches!(
            parse_int(&(long + "_")),
            Err(ParseIntError::InvalidLiteral { .. })
        ));
    }

    #[test]
    fn invalid_literal_points_at_the_offending_character() {
        assert_eq!(
            parse_int("12x"),
            Err(ParseIntError::InvalidLiteral { at: 2 })
        );
        assert_eq!(
            parse_int("1__0"),
            Err(ParseIntError::InvalidLiteral { at: 2 })
        );
        assert_eq!(
            parse_int(" -"),
            Err(ParseIntError::InvalidLiteral { at: 2 })
        );
    }

    #[test]
    fn compares_with_i64_by_value() {
        assert!(PyInt::I64(1_048_576) >= 1_048_576);
        assert!(PyInt::I64(1_048_575) < 1_048_576);
        assert!(PyInt::AboveI64 >= 1_048_576);
        assert!(PyInt::BelowI64 < 1_048_576);
        assert_eq!(PyInt::I64(5), 5);
    }
}
