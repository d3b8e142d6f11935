//! Python's `round(x, n)` and `repr(x)` for floats, and exact conversions
//! of binary values to the nearest double that the other helpers share.

use std::fmt;

use num_bigint::BigUint;

/// Python's `round(x, ndigits)` for a float `x`.
///
/// The exact binary value of `x` is rounded to the nearest multiple of
/// `10^-ndigits`, a tie (possible only when the binary value lies exactly
/// halfway, such as 0.125) going to the even multiple, and the double
/// nearest to that decimal is returned. A zero result keeps the sign of
/// `x`; NaN and the infinities come back unchanged.
///
/// Where Python raises `OverflowError` (a negative `ndigits` rounding a
/// value near `f64::MAX` up past it), this returns the infinity of the sign
/// of `x`.
///
/// ```
/// use decnet_event::py::round;
///
/// assert_eq!(round(2.675, 2), 2.67); // 2.675 is a little below 2.675
/// assert_eq!(round(0.125, 2), 0.12); // an exact tie goes to even
/// assert!(round(-0.0004, 3).is_sign_negative());
/// ```
pub fn round(x: f64, ndigits: i32) -> f64 {
    // Past these, CPython skips the decimal work: every double is already
    // on the grid, or every double rounds to zero.
    const NDIGITS_MAX: i32 = 323;
    const NDIGITS_MIN: i32 = -308;
    if !x.is_finite() || x == 0.0 || ndigits > NDIGITS_MAX {
        return x;
    }
    if ndigits < NDIGITS_MIN {
        return 0.0 * x;
    }

    // x = mantissa * 2^exp2 with an odd mantissa, so x * 10^ndigits is an
    // integer exactly when exp2 + ndigits >= 0: x is already on the grid.
    let (mantissa, exp2) = odd_decomposition(x.abs());
    if ndigits >= 0 && exp2 + ndigits >= 0 {
        return x;
    }

    let magnitude =
        round_fast(mantissa, exp2, ndigits).unwrap_or_else(|| round_exact(mantissa, exp2, ndigits));
    magnitude.copysign(x)
}

/// Python's `repr(x)` (also `str(x)` and what `json.dumps` writes for a
/// finite float).
///
/// ```
/// use decnet_event::py::float_repr;
///
/// assert_eq!(float_repr(60.0), "60.0");
/// assert_eq!(float_repr(1e-5), "1e-05");
/// assert_eq!(float_repr(1e16), "1e+16");
/// // An exact tie between two shortest forms goes to the even digit.
/// assert_eq!(float_repr(1801514316094494.0 + 0.25), "1801514316094494.2");
/// ```
pub fn float_repr(x: f64) -> String {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = write_float_repr(&mut text, x);
    text
}

/// Writes Python's `repr(x)` to `out`; see [`float_repr`].
///
/// The digits are the shortest that read back as `x`; when two such
/// strings are equally close to the binary value, the one ending in an
/// even digit is written, as CPython does. The layout is positional for
/// decimal exponents -4 to 15 (with `.0` added to integral values) and
/// scientific otherwise, with a signed exponent of at least two digits
/// (`1e-05`, `1.5e+16`). Non-finite values are `nan`, `inf` and `-inf`.
pub fn write_float_repr<W: fmt::Write + ?Sized>(out: &mut W, x: f64) -> fmt::Result {
    if x.is_nan() {
        return out.write_str("nan");
    }
    if x.is_sign_negative() {
        out.write_char('-')?;
    }
    let x = x.abs();
    if x.is_infinite() {
        return out.write_str("inf");
    }
    if x == 0.0 {
        return out.write_str("0.0");
    }

    let digits = Shortest::of(x);
    let text = digits.as_str();
    let decpt = digits.decpt;
    let len = text.len() as i32;
    if !(-4 < decpt && decpt <= 16) {
        let (first, rest) = text.split_at(1);
        out.write_str(first)?;
        if !rest.is_empty() {
            out.write_char('.')?;
            out.write_str(rest)?;
        }
        let exponent = decpt - 1;
        let sign = if exponent < 0 { '-' } else { '+' };
        write!(out, "e{sign}{:02}", exponent.unsigned_abs())
    } else if decpt <= 0 {
        out.write_str("0.")?;
        write_zeros(out, -decpt)?;
        out.write_str(text)
    } else if decpt >= len {
        out.write_str(text)?;
        write_zeros(out, decpt - len)?;
        out.write_str(".0")
    } else {
        let (whole, fraction) = text.split_at(decpt as usize);
        out.write_str(whole)?;
        out.write_char('.')?;
        out.write_str(fraction)
    }
}

fn write_zeros<W: fmt::Write + ?Sized>(out: &mut W, count: i32) -> fmt::Result {
    (0..count).try_for_each(|_| out.write_char('0'))
}

/// The shortest round-trip digits of a positive finite double, with ties
/// between two shortest candidates broken to the even one.
struct Shortest {
    /// ASCII digits, without leading or trailing zeros.
    digits: [u8; 24],
    len: usize,
    /// The value is `0.DIGITS × 10^decpt`.
    decpt: i32,
}

impl Shortest {
    fn of(x: f64) -> Shortest {
        if let Some(shortest) = Shortest::few_decimals(x) {
            return shortest;
        }
        let mut shortest = Shortest::from_std(x);
        shortest.break_tie_to_even(x);
        shortest
    }

    /// The digits of `x` when it is the double nearest to a decimal with
    /// at most three digits after the point, or four below 2^38
    /// (`round(v, 3)` and `round(v, 4)` give such doubles), found without
    /// formatting.
    ///
    /// Below 2^42 a double's last bit weighs less than 10^-3 (below 2^38,
    /// less than 10^-4), so at each scale 10^-k at most one multiple of it
    /// reads back as `x`: the one nearest `x`, which `round` finds, the
    /// product's rounding error and that distance adding up to less than
    /// half a unit. The first scale with one gives the fewest digits, and
    /// a single candidate leaves no tie to break.
    fn few_decimals(x: f64) -> Option<Shortest> {
        const LIMIT: f64 = (1u64 << 42) as f64;
        const LIMIT_4: f64 = (1u64 << 38) as f64;
        if !(x > 0.0 && x < LIMIT) {
            return None;
        }
        let mut scale = 1.0;
        for k in 0..=4 {
            if k == 4 && x >= LIMIT_4 {
                break;
            }
            // An integer below 2^52, exact; dividing by an exact power of
            // ten rounds once, as reading the decimal does.
            let units = (x * scale).round();
            if units != 0.0 && units / scale == x {
                return Some(Shortest::of_units(units as u64, k));
            }
            scale *= 10.0;
        }
        None
    }

    /// `units × 10^-k`, for `units` not zero.
    fn of_units(units: u64, k: i32) -> Shortest {
        let mut shortest = Shortest {
            digits: [0; 24],
            len: 0,
            decpt: 0,
        };
        let mut buffer = [0; 20];
        let digits = decimal_digits(units, &mut buffer);
        shortest.decpt = digits.len() as i32 - k;
        // Trailing zeros are left out.
        let kept = digits.len() - digits.iter().rev().take_while(|&&d| d == b'0').count();
        shortest.digits[..kept].copy_from_slice(&digits[..kept]);
        shortest.len = kept;
        shortest
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.digits[..self.len]).unwrap_or_default()
    }

    /// Rust's shortest digits, read back from its `{:e}` text.
    fn from_std(x: f64) -> Shortest {
        let mut buf = StackText::default();
        // "d.ddde-N" of a double fits StackText; it never fails otherwise.
        let _ = fmt::write(&mut buf, format_args!("{x:e}"));
        let text = buf.as_bytes();

        let mut shortest = Shortest {
            digits: [0; 24],
            len: 0,
            decpt: 1,
        };
        let mut exponent = 0i32;
        let mut negative_exponent = false;
        let mut in_exponent = false;
        for &byte in text {
            match byte {
                b'e' => in_exponent = true,
                b'-' if in_exponent => negative_exponent = true,
                b'0'..=b'9' if in_exponent => {
                    exponent = exponent * 10 + i32::from(byte - b'0');
                }
                b'0'..=b'9' if shortest.len < shortest.digits.len() => {
                    shortest.digits[shortest.len] = byte;
                    shortest.len += 1;
                }
                _ => {}
            }
        }
        if negative_exponent {
            exponent = -exponent;
        }
        shortest.decpt = exponent + 1;
        shortest
    }

    /// Where the exact binary value lies exactly halfway between two
    /// shortest candidates, Rust takes the one further from zero and
    /// CPython the even one; switch to the even one when it reads back.
    fn break_tie_to_even(&mut self, x: f64) {
        let Some((exact, exact_exp10)) = short_exact_decimal(x) else {
            return;
        };

        // A tie: the exact value has one digit more than the shortest form
        // and that digit is a 5.
        let last_digit_exp10 = self.decpt - self.len as i32;
        if exact % 10 != 5
            || decimal_len(exact) != self.len as u32 + 1
            || last_digit_exp10 != exact_exp10 + 1
        {
            return;
        }
        let below = exact / 10;
        let chosen = self.as_str().parse::<u128>().unwrap_or(0);
        let other = if chosen == below {
            below + 1
        } else if chosen == below + 1 {
            below
        } else {
            return;
        };
        if chosen % 2 == 0 || decimal_to_f64(&other.to_string(), exact_exp10 + 1) != x {
            return;
        }

        let text = other.to_string();
        let trimmed = text.trim_end_matches('0');
        let dropped = (text.len() - trimmed.len()) as i32;
        self.len = trimmed.len();
        self.digits[..self.len].copy_from_slice(trimmed.as_bytes());
        self.decpt = exact_exp10 + 1 + dropped + self.len as i32;
    }
}

/// A small fixed-capacity text buffer: float formatting without allocation.
#[derive(Default)]
struct StackText {
    bytes: [u8; 32],
    len: usize,
}

impl StackText {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The exact value of a positive double as `digits × 10^exp10`, when it has
/// at most 18 significant digits (the only case where a shortest-digits tie
/// can happen: shortest forms have at most 17 digits).
fn short_exact_decimal(x: f64) -> Option<(u128, i32)> {
    let (mantissa, exp2) = odd_decomposition(x);
    let mantissa = u128::from(mantissa);
    if exp2 >= 0 {
        // An integer; it can end in a 5 only when the 2^exp2 is absorbed
        // by factors 5 of the 53-bit mantissa, so exp2 <= 22.
        if exp2 > 22 {
            return None;
        }
        let mut digits = mantissa << exp2;
        let mut exp10 = 0;
        while digits % 10 == 0 {
            digits /= 10;
            exp10 += 1;
        }
        Some((digits, exp10))
    } else {
        // mantissa / 2^k = mantissa * 5^k / 10^k, which has more than 18
        // digits once 5^k does.
        let k = exp2.unsigned_abs();
        if k > 25 {
            return None;
        }
        Some((mantissa * 5u128.pow(k), exp2))
    }
}

fn decimal_len(value: u128) -> u32 {
    value.checked_ilog10().map_or(1, |log| log + 1)
}

/// The decimal digits of `value`, most significant first (`0` for zero),
/// written at the end of `buffer`.
pub(crate) fn decimal_digits(value: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut start = buffer.len();
    let mut rest = value;
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            return &buffer[start..];
        }
    }
}

/// Splits a positive finite double into `mantissa × 2^exp2` with an odd
/// mantissa.
pub(crate) fn odd_decomposition(x: f64) -> (u64, i32) {
    let (mantissa, exp2) = decomposition(x);
    let zeros = mantissa.trailing_zeros();
    (mantissa >> zeros, exp2 + zeros as i32)
}

/// Splits a finite double's magnitude into `mantissa × 2^exp2`, the
/// mantissa below 2^53 (zero for a zero).
pub(crate) fn decomposition(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// The double nearest to `digits × 10^exp10`, ties to even.
pub(crate) fn decimal_to_f64(digits: &str, exp10: i32) -> f64 {
    // Rust's float parser rounds correctly; the text is digits and an
    // integer exponent, which it always accepts.
    format!("{digits}e{exp10}").parse().unwrap_or(f64::NAN)
}

/// Powers of ten that are exact doubles.
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `round` for the common case, in 128-bit integers: `0 <= ndigits <= 22`
/// and a rounded multiple below 2^53, where one IEEE division by the exact
/// power of ten rounds the decimal correctly. `None` when out of reach.
fn round_fast(mantissa: u64, exp2: i32, ndigits: i32) -> Option<f64> {
    let pow10 = *EXACT_POW10.get(usize::try_from(ndigits).ok()?)?;

    // |x| * 10^n = mantissa * 10^n / 2^shift, below 2^127.
    let scaled = u128::from(mantissa) * 10u128.pow(ndigits.unsigned_abs());
    let shift = exp2.unsigned_abs();
    if shift >= 128 {
        // scaled / 2^shift < 2^127 / 2^128: rounds to zero.
        return Some(0.0);
    }
    let multiple = round_shifted(scaled, shift, false);
    if multiple >= 1 << 53 {
        return None;
    }
    Some(multiple as f64 / pow10)
}

/// `round` for any `ndigits`, in arbitrary precision.
fn round_exact(mantissa: u64, exp2: i32, ndigits: i32) -> f64 {
    let mut numerator = BigUint::from(mantissa);
    let mut denominator = BigUint::from(1u32);
    let pow10 = BigUint::from(10u32).pow(ndigits.unsigned_abs());
    if ndigits >= 0 {
        numerator *= pow10;
    } else {
        denominator *= pow10;
    }
    if exp2 >= 0 {
        numerator <<= exp2.unsigned_abs();
    } else {
        denominator <<= exp2.unsigned_abs();
    }

    let quotient = &numerator / &denominator;
    let twice_remainder = (numerator - &quotient * &denominator) << 1u32;
    let round_up =
        twice_remainder > denominator || (twice_remainder == denominator && quotient.bit(0));
    let multiple = if round_up { quotient + 1u32 } else { quotient };
    decimal_to_f64(&multiple.to_string(), -ndigits)
}

/// `value / 2^shift` rounded half to even, where `sticky` says the true
/// value is a little above `value` (below its last bit).
fn round_shifted(value: u128, shift: u32, sticky: bool) -> u128 {
    if shift == 0 {
        return value;
    }
    if shift > 128 {
        return 0;
    }
    let quotient = value.checked_shr(shift).unwrap_or(0);
    let remainder = if shift == 128 {
        value
    } else {
        value & ((1 << shift) - 1)
    };
    let half = 1u128 << (shift - 1);
    let round_up = remainder > half || (remainder == half && (sticky || quotient & 1 == 1));
    quotient + u128::from(round_up)
}

/// The double nearest to `(value + ε) × 2^exp2`, ties to even, where ε is
/// 0 when `sticky` is false and some amount in (0, 1) when it is true.
///
/// With `sticky`, `value` must carry at least 55 significant bits, so that
/// the rounding point lies inside it.
pub(crate) fn f64_from_scaled(value: u128, exp2: i32, sticky: bool) -> f64 {
    if value == 0 {
        return 0.0;
    }

    // The result's last bit weighs 2^quantum: 53 bits below the leading
    // bit, or the subnormal quantum 2^-1074.
    let leading = 127 - value.leading_zeros() as i32 + exp2;
    if leading > 1023 {
        return f64::INFINITY;
    }
    let mut quantum = (leading - 52).max(-1074);
    let drop = quantum - exp2;
    let mut mantissa = if drop <= 0 {
        value << drop.unsigned_abs()
    } else {
        round_shifted(value, drop.unsigned_abs(), sticky)
    };

    // Rounding up can carry into a 54th bit.
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        quantum += 1;
    }
    let mantissa = mantissa as u64;
    if mantissa < 1 << 52 {
        return f64::from_bits(mantissa);
    }
    let biased = quantum + 52 + 1023;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (mantissa & ((1 << 52) - 1)))
}

/// The double nearest to `value × 2^exp2`, ties to even.
pub(crate) fn f64_from_big(value: &BigUint, exp2: i64) -> f64 {
    let bits = value.bits();
    if bits <= 128 {
        let digits = value
            .iter_u64_digits()
            .rev()
            .fold(0u128, |acc, d| (acc << 64) | u128::from(d));
        return f64_from_scaled(digits, clamp_exp(exp2), false);
    }

    // Keep the top 128 bits; whatever lies below only matters as "some".
    let dropped = bits - 128;
    let top = value >> dropped;
    let top = top
        .iter_u64_digits()
        .rev()
        .fold(0u128, |acc, d| (acc << 64) | u128::from(d));
    let sticky = value.trailing_zeros().is_some_and(|zeros| zeros < dropped);
    f64_from_scaled(top, clamp_exp(exp2.saturating_add(dropped as i64)), sticky)
}

/// Exponents far outside the double range all mean "overflow" or
/// "underflow"; clamping keeps the arithmetic in `i32`.
fn clamp_exp(exp2: i64) -> i32 {
    exp2.clamp(-100_000, 100_000) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn few_decimal_digits_are_those_of_the_general_path(
            bits in proptest::num::u64::ANY,
            micros in 0i64..(1 << 50),
            whole in 0u64..(1 << 44),
        ) {
            let seconds = micros as f64 / 1e6;
            for x in [f64::from_bits(bits).abs(), seconds, round(seconds, 3), round(seconds, 4), round(seconds / 7.0, 4), whole as f64, whole as f64 / 8.0] {
                if let Some(fast) = Shortest::few_decimals(x) {
                    let mut general = Shortest::from_std(x);
                    general.break_tie_to_even(x);
                    proptest::prop_assert_eq!(fast.as_str(), general.as_str(), "{:e}", x);
                    proptest::prop_assert_eq!(fast.decpt, general.decpt, "{:e}", x);
                }
            }
        }
    }

    #[test]
    fn few_decimals_cover_rounded_seconds_and_nothing_finer() {
        let digits = |x: f64| Shortest::few_decimals(x).map(|s| (s.as_str().to_owned(), s.decpt));
        assert_eq!(digits(60.001), Some(("60001".to_owned(), 2)));
        assert_eq!(digits(1000.0), Some(("1".to_owned(), 4)));
        assert_eq!(digits(0.25), Some(("25".to_owned(), 0)));
        assert_eq!(digits(0.001), Some(("1".to_owned(), -2)));
        assert_eq!(digits(0.0005), Some(("5".to_owned(), -3)));
        assert_eq!(digits(0.00005), None);
        assert_eq!(digits(0.1 + 0.2), None);
        assert_eq!(digits(2f64.powi(42)), None);
        assert_eq!(
            digits(2f64.powi(39) + 0.5),
            Some(("5497558138885".to_owned(), 12))
        );
        assert_eq!(digits(2f64.powi(39) + 0.0625), None);
    }

    fn repr(x: f64) -> String {
        float_repr(x)
    }

    #[test]
    fn round_replays_python_semantics_examples() {
        assert_eq!(round(0.125, 2), 0.12);
        assert_eq!(round(2.675, 2), 2.67);
        assert_eq!(round(0.0005, 3), 0.001);
        assert_eq!(round(0.0045, 3), 0.004);
        assert_eq!(round(1.0005, 3), 1.0);
        assert_eq!(round(0.12345, 4), 0.1235);
        assert_eq!(round(0.33335, 4), 0.3333);
        assert_eq!(round(5e-05, 4), 0.0001);
        assert_eq!(round(-0.5, 0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(round(-0.0004, 3).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn round_returns_non_finite_values_unchanged() {
        assert!(round(f64::NAN, 3).is_nan());
        assert_eq!(round(f64::INFINITY, 3), f64::INFINITY);
        assert_eq!(round(f64::NEG_INFINITY, -2), f64::NEG_INFINITY);
    }

    #[test]
    fn round_ties_go_to_the_even_multiple() {
        assert_eq!(round(0.375, 2), 0.38);
        assert_eq!(round(2.5, 0), 2.0);
        assert_eq!(round(3.5, 0), 4.0);
        assert_eq!(round(-2.5, 0), -2.0);
    }

    #[test]
    fn round_with_negative_ndigits_rounds_to_tens() {
        assert_eq!(round(1250.0, -2), 1200.0);
        assert_eq!(round(1350.0, -2), 1400.0);
        assert_eq!(round(1251.0, -2), 1300.0);
        assert_eq!(round(-49.0, -2).to_bits(), (-0.0f64).to_bits());
        assert_eq!(round(f64::MAX, -308), f64::INFINITY);
    }

    #[test]
    fn round_with_ndigits_out_of_range_matches_cpython_shortcuts() {
        assert_eq!(round(0.1, 400), 0.1);
        assert_eq!(round(-1e300, -400).to_bits(), (-0.0f64).to_bits());
        assert_eq!(round(5e-324, 323), 0.0);
        assert_eq!(round(5e-324, 324), 5e-324);
    }

    #[test]
    fn round_of_large_values_leaves_the_fast_path_exactly() {
        // 2^53 + 2 with three places: a multiple beyond 2^53.
        assert_eq!(round(9007199254740994.0, 3), 9007199254740994.0);
        assert_eq!(round(123456789012.3456, 3), 123456789012.346);
        assert_eq!(round(0.1, 30), 0.1);
    }

    #[test]
    fn repr_replays_python_semantics_examples() {
        assert_eq!(repr(1e-4), "0.0001");
        assert_eq!(repr(9.999e-5), "9.999e-05");
        assert_eq!(repr(1e-5), "1e-05");
        assert_eq!(repr(1e15), "1000000000000000.0");
        assert_eq!(repr(9999999999999998.0), "9999999999999998.0");
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(123456789012345680.0), "1.2345678901234568e+17");
        assert_eq!(repr(60.0), "60.0");
        assert_eq!(repr(1801514316094494.0 + 0.25), "1801514316094494.2");
        assert_eq!(repr(1801514316094494.0 + 0.75), "1801514316094494.8");
        assert_eq!(repr(-0.0), "-0.0");
    }

    #[test]
    fn repr_writes_non_finite_values_as_python_does() {
        assert_eq!(repr(f64::NAN), "nan");
        assert_eq!(repr(f64::INFINITY), "inf");
        assert_eq!(repr(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn repr_uses_scientific_layout_outside_exponents_minus_4_to_15() {
        assert_eq!(repr(5e-324), "5e-324");
        assert_eq!(repr(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(repr(1.5e100), "1.5e+100");
        assert_eq!(repr(-2.5e-7), "-2.5e-07");
        assert_eq!(repr(0.1967), "0.1967");
        assert_eq!(repr(123.456), "123.456");
        assert_eq!(repr(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn f64_from_scaled_rounds_half_to_even_and_honours_sticky() {
        let ulp_units = 1u128 << 11; // a 64-bit value: 11 bits below 53
        let base = (1u128 << 63) + 2 * ulp_units; // even last kept bit
        assert_eq!(f64_from_scaled(base + ulp_units / 2, 0, false), base as f64);
        assert_eq!(
            f64_from_scaled(base + ulp_units / 2, 0, true),
            (base + ulp_units) as f64
        );
        assert_eq!(f64_from_scaled(1, -1074, false), 5e-324);
        assert_eq!(f64_from_scaled(1, -1075, false), 0.0);
        assert_eq!(f64_from_scaled(3, -1076, false), 5e-324);
        assert_eq!(f64_from_scaled(1, 1024, false), f64::INFINITY);
    }
}
