//! Python's `math.fsum`, `statistics.fmean`, `median` and `pstdev`, and
//! `timedelta.total_seconds()`, computed to the same bits as CPython 3.11.
//!
//! Where Python raises, these return a [`StatsError`] naming the case.

use num_bigint::{BigInt, BigUint};

use super::float::{decomposition, f64_from_big, f64_from_scaled};

/// Why a statistic has no value: the exception Python raises there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StatsError {
    /// No data points (`statistics.StatisticsError`).
    #[error("no data points")]
    Empty,
    /// A running sum of finite values overflowed (`math.fsum`'s
    /// `OverflowError`), whatever the total would have been.
    #[error("intermediate overflow in fsum")]
    Overflow,
    /// Both infinities among the values (`math.fsum`'s `ValueError`).
    #[error("-inf + inf in fsum")]
    InfMinusInf,
    /// An infinity or NaN among the values of `pstdev`, which CPython 3.11
    /// cannot take the exact variance of (it fails with `AttributeError`).
    #[error("non-finite value in pstdev")]
    NonFinite,
}

/// Python's `math.fsum(values)`: the exact sum of the values, rounded once
/// to the nearest double (ties to even).
///
/// Errors follow CPython: [`StatsError::Overflow`] as soon as adding a
/// finite value overflows the running sum (even when an infinity or NaN is
/// also present), else [`StatsError::InfMinusInf`] when both infinities
/// occur. Otherwise a NaN makes the sum NaN and an infinity makes it that
/// infinity. A zero sum is always `0.0`, never `-0.0`.
///
/// ```
/// use decnet_event::py::fsum;
///
/// assert_eq!(fsum([0.1; 10]), Ok(1.0));
/// assert_eq!(fsum([1e100, 1.0, -1e100]), Ok(1.0));
/// ```
pub fn fsum<I: IntoIterator<Item = f64>>(values: I) -> Result<f64, StatsError> {
    // Shewchuk's algorithm as CPython runs it: the partials are
    // non-overlapping doubles whose exact sum is the running total.
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0;
    let mut inf_sum = 0.0;
    for value in values {
        let mut x = value;
        let mut kept = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);

        if x.is_finite() {
            if x != 0.0 {
                partials.push(x);
            }
        } else if value.is_finite() {
            return Err(StatsError::Overflow);
        } else {
            if value.is_infinite() {
                inf_sum += value;
            }
            special_sum += value;
            partials.clear();
        }
    }

    // A NaN compares unequal to zero too.
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(StatsError::InfMinusInf);
        }
        return Ok(special_sum);
    }
    Ok(round_partials(&partials))
}

/// The exact sum of non-overlapping partials (increasing magnitude) rounded
/// to a double, half to even even when the half is spread over partials.
fn round_partials(partials: &[f64]) -> f64 {
    let Some((&top, rest)) = partials.split_last() else {
        return 0.0;
    };
    let mut hi = top;
    let mut lo = 0.0;
    let mut remaining = rest.len();
    while remaining > 0 {
        remaining -= 1;
        let x = hi;
        let y = rest[remaining];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }

    // When hi + lo is a tie and the next partial lies on the same side as
    // lo, the true sum is past the tie: round away from hi.
    if let Some(&next) = rest[..remaining].last()
        && ((lo < 0.0 && next < 0.0) || (lo > 0.0 && next > 0.0))
    {
        let y = lo * 2.0;
        let x = hi + y;
        if x - hi == y {
            hi = x;
        }
    }
    hi
}

/// Python's `statistics.fmean(values)`: [`fsum`] divided by the count, two
/// roundings (unlike `statistics.mean`, which rounds the exact mean once).
///
/// ```
/// use decnet_event::py::fmean;
///
/// assert_eq!(fmean(&[0.1, 0.2, 0.3]), Ok(0.19999999999999998));
/// ```
pub fn fmean(values: &[f64]) -> Result<f64, StatsError> {
    let total = fsum(values.iter().copied())?;
    if values.is_empty() {
        return Err(StatsError::Empty);
    }
    Ok(total / values.len() as f64)
}

/// Python's `statistics.median(values)`: the middle value after sorting, or
/// `(a + b) / 2` in doubles of the middle two for an even count.
///
/// The sort is stable and ranks `-0.0` and `0.0` as equal, as Python's
/// does. NaN has no place in Python's order (the result then depends on
/// the input order); here NaNs sort after every number.
///
/// ```
/// use decnet_event::py::median;
///
/// assert_eq!(median(&[0.7, 0.1]), Ok(0.39999999999999997));
/// assert_eq!(median(&[3.0, 1.0, 2.0]), Ok(2.0));
/// ```
pub fn median(values: &[f64]) -> Result<f64, StatsError> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| match a.partial_cmp(b) {
        Some(order) => order,
        None => a.is_nan().cmp(&b.is_nan()),
    });

    let middle = sorted.len() / 2;
    let Some(&high) = sorted.get(middle) else {
        return Err(StatsError::Empty);
    };
    if sorted.len() % 2 == 1 {
        return Ok(high);
    }
    // An even count of at least two: the element below the middle exists.
    let low = sorted[middle - 1];
    Ok((low + high) / 2.0)
}

/// Python 3.11's `statistics.pstdev(values)`: the population standard
/// deviation, the correctly rounded square root of the *exact* variance of
/// the doubles.
///
/// A single value gives `0.0`. Errors: [`StatsError::Empty`] for no values,
/// [`StatsError::NonFinite`] for an infinity or NaN among them.
///
/// Equal values take a shortcut. When every value, written as an integer
/// multiple of the smallest last bit among them, fits in 63 bits (values
/// within a factor of about 1000 of each other), the sums are taken in
/// 128-bit integers; otherwise, and for the final division and square
/// root, in arbitrary precision.
///
/// ```
/// use decnet_event::py::pstdev;
///
/// let iats = [60.001, 59.998, 60.004, 59.997];
/// assert_eq!(pstdev(&iats), Ok(0.0027386127875252855));
/// ```
pub fn pstdev(values: &[f64]) -> Result<f64, StatsError> {
    let Some(&first) = values.first() else {
        return Err(StatsError::Empty);
    };
    if values.iter().any(|v| !v.is_finite()) {
        return Err(StatsError::NonFinite);
    }
    if values.iter().all(|&v| v == first) {
        return Ok(0.0);
    }

    // With Σx = s1·2^e and Σx² = s2·2^2e, the variance is
    // (n·s2 − s1²) / n² · 2^2e.
    let sums = ExactSums::of(values);
    let count = BigUint::from(values.len());
    let spread = &count * sums.squares - sums.total.magnitude().pow(2);
    Ok(sqrt_of_ratio(&spread, &count.pow(2), sums.exp2))
}

/// The widest aligned value, in bits, that the narrow sums take.
const NARROW_BITS: i32 = 100;

/// Fewer values than this keep a narrow total of values below
/// 2^[`NARROW_BITS`] within an i128.
const NARROW_COUNT: usize = 1 << 26;

/// The exact sum and sum of squares of finite doubles, as integers over a
/// common power of two.
struct ExactSums {
    /// Σx = total · 2^exp2.
    total: BigInt,
    /// Σx² = squares · 2^(2·exp2).
    squares: BigUint,
    exp2: i64,
}

impl ExactSums {
    fn of(values: &[f64]) -> ExactSums {
        let parts = || {
            values
                .iter()
                .map(|&v| (v.is_sign_negative(), decomposition(v)))
                .filter(|&(_, (mantissa, _))| mantissa != 0)
        };
        let exp2 = parts().map(|(_, (_, e))| e).min().unwrap_or(0);
        let widest = parts()
            .map(|(_, (m, e))| 64 - m.leading_zeros() as i32 + (e - exp2))
            .max()
            .unwrap_or(0);

        let aligned = parts().map(|(negative, (m, e))| (negative, m, (e - exp2) as u32));
        // Gaps between events of seconds and of hours are about 2^75 apart
        // in last bits: most timing statistics take the narrow path.
        if widest <= 63 || (widest <= NARROW_BITS && values.len() < NARROW_COUNT) {
            ExactSums::narrow(aligned, exp2)
        } else {
            ExactSums::wide(aligned, exp2)
        }
    }

    /// Every aligned value is below 2^63, or below 2^[`NARROW_BITS`] with
    /// fewer than [`NARROW_COUNT`] values: the total fits an i128, and the
    /// squares add up in 256 bits.
    fn narrow(aligned: impl Iterator<Item = (bool, u64, u32)>, exp2: i32) -> ExactSums {
        let mut total = 0i128;
        let (mut squares_hi, mut squares_lo) = (0u128, 0u128);
        for (negative, mantissa, shift) in aligned {
            let value = u128::from(mantissa) << shift;
            let signed = value as i128;
            total += if negative { -signed } else { signed };
            // value² = a²·2^128 + 2ab·2^64 + b², for value = a·2^64 + b,
            // a < 2^37: every product fits a u128.
            let (a, b) = (value >> 64, value & u128::from(u64::MAX));
            let cross = 2 * a * b;
            let (sum, carry) = squares_lo.overflowing_add(b * b);
            let (sum, carry2) = sum.overflowing_add(cross << 64);
            squares_lo = sum;
            squares_hi += a * a + (cross >> 64) + u128::from(carry) + u128::from(carry2);
        }
        ExactSums {
            total: BigInt::from(total),
            squares: (BigUint::from(squares_hi) << 128u32) + squares_lo,
            exp2: i64::from(exp2),
        }
    }

    fn wide(aligned: impl Iterator<Item = (bool, u64, u32)>, exp2: i32) -> ExactSums {
        let mut total = BigInt::default();
        let mut squares = BigUint::default();
        for (negative, mantissa, shift) in aligned {
            let value = BigUint::from(mantissa) << shift;
            squares += &value * &value;
            if negative {
                total -= BigInt::from(value);
            } else {
                total += BigInt::from(value);
            }
        }
        ExactSums {
            total,
            squares,
            exp2: i64::from(exp2),
        }
    }
}

/// `√(numerator / denominator) · 2^exp2`, correctly rounded (ties to even).
fn sqrt_of_ratio(numerator: &BigUint, denominator: &BigUint, exp2: i64) -> f64 {
    // Scale by 4^k so the integer root has at least 64 bits, and set its
    // last bit when the root is inexact ("round to odd"): rounding that
    // integer to 53 bits then rounds the exact root correctly.
    const ROOT_BITS: i64 = 64;
    let excess = numerator.bits() as i64 - denominator.bits() as i64;
    let k = (2 * ROOT_BITS - excess + 2).div_euclid(2);
    let (scaled_num, scaled_den) = if k >= 0 {
        (numerator << (2 * k) as u64, denominator.clone())
    } else {
        (numerator.clone(), denominator << (-2 * k) as u64)
    };

    let mut root = (&scaled_num / &scaled_den).sqrt();
    if &root * &root * &scaled_den != scaled_num {
        root |= BigUint::from(1u32);
    }
    f64_from_big(&root, exp2 - k)
}

/// `timedelta(microseconds=us).total_seconds()`: the exact `us / 10^6`
/// rounded to the nearest double.
///
/// For |us| ≤ 2^53 (about 285 years) that is one IEEE division; beyond, an
/// exact integer division takes over, where `us as f64 / 1e6` would round
/// twice.
///
/// ```
/// use decnet_event::py::seconds_from_micros;
///
/// assert_eq!(seconds_from_micros(3), 3e-6);
/// assert_eq!(seconds_from_micros(-1_500_000), -1.5);
/// ```
pub fn seconds_from_micros(us: i64) -> f64 {
    const EXACT_LIMIT: u64 = 1 << 53;
    let magnitude = us.unsigned_abs();
    let seconds = if magnitude <= EXACT_LIMIT {
        magnitude as f64 / 1e6
    } else {
        // us / 10^6 = (us / 5^6) · 2^-6; 64 extra bits leave the quotient
        // well over the 55 significant bits a sticky rounding needs.
        let scaled = u128::from(magnitude) << 64;
        let quotient = scaled / 15_625;
        f64_from_scaled(quotient, -70, scaled % 15_625 != 0)
    };
    if us < 0 { -seconds } else { seconds }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn narrow_sums_equal_wide_sums(
            values in proptest::collection::vec(
                (any_sign(), 1u64..(1 << 53), 0u32..48),
                1..40,
            ),
        ) {
            let narrow = ExactSums::narrow(values.iter().copied(), -7);
            let wide = ExactSums::wide(values.iter().copied(), -7);
            proptest::prop_assert_eq!(narrow.total, wide.total);
            proptest::prop_assert_eq!(narrow.squares, wide.squares);
        }
    }

    fn any_sign() -> impl proptest::strategy::Strategy<Value = bool> {
        proptest::bool::ANY
    }

    #[test]
    fn fsum_is_the_exact_sum_rounded_once() {
        assert_eq!(fsum([0.1; 10]), Ok(1.0));
        assert_eq!(fsum([1e100, 1.0, -1e100]), Ok(1.0));
        assert_eq!(fsum([1e-16, 1.0, 1e16]), Ok(1.0000000000000002e16));
    }

    #[test]
    fn fsum_breaks_an_exact_tie_to_even() {
        assert_eq!(fsum([2f64.powi(53), 1.0]), Ok(9007199254740992.0));
        assert_eq!(fsum([2f64.powi(53), 3.0]), Ok(9007199254740996.0));
    }

    #[test]
    fn fsum_reports_intermediate_overflow_even_when_the_total_is_finite() {
        assert_eq!(fsum([1e308, 1e308, -1e308]), Err(StatsError::Overflow));
        assert_eq!(fsum([f64::NAN, 1e308, 1e308]), Err(StatsError::Overflow));
    }

    #[test]
    fn fsum_of_both_infinities_is_an_error_and_nan_propagates() {
        assert_eq!(
            fsum([f64::INFINITY, f64::NAN, f64::NEG_INFINITY]),
            Err(StatsError::InfMinusInf)
        );
        assert!(fsum([1.0, f64::NAN]).is_ok_and(f64::is_nan));
        assert_eq!(fsum([1.0, f64::NEG_INFINITY, 2.0]), Ok(f64::NEG_INFINITY));
    }

    #[test]
    fn fsum_of_zeros_is_positive_zero() {
        assert_eq!(fsum([-0.0]).map(f64::to_bits), Ok(0));
        assert_eq!(fsum([]).map(f64::to_bits), Ok(0));
        assert_eq!(fsum([1.5, -1.5]).map(f64::to_bits), Ok(0));
    }

    #[test]
    fn fmean_rounds_the_fsum_then_divides() {
        assert_eq!(fmean(&[0.1, 0.2, 0.3]), Ok(0.19999999999999998));
        assert_eq!(fmean(&[]), Err(StatsError::Empty));
    }

    #[test]
    fn median_of_an_even_count_averages_the_middle_two_in_doubles() {
        assert_eq!(median(&[0.7, 0.1]), Ok(0.39999999999999997));
        assert_eq!(median(&[1e308, 1.7e308]), Ok(f64::INFINITY));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Ok(2.5));
        assert_eq!(median(&[]), Err(StatsError::Empty));
    }

    #[test]
    fn median_sort_is_stable_between_signed_zeros() {
        assert_eq!(
            median(&[0.0, -0.0, 0.0]).map(f64::to_bits),
            Ok((-0.0f64).to_bits())
        );
        assert_eq!(median(&[-0.0, 0.0, -0.0]).map(f64::to_bits), Ok(0));
    }

    #[test]
    fn pstdev_is_the_correctly_rounded_root_of_the_exact_variance() {
        assert_eq!(
            pstdev(&[60.001, 59.998, 60.004, 59.997]),
            Ok(0.0027386127875252855)
        );
        assert_eq!(
            pstdev(&[56.27, 74.937, 6.153, 3.691]),
            Ok(31.06245164483158)
        );
        assert_eq!(pstdev(&[0.1, 0.2, 0.3]), Ok(0.0816496580927726));
        assert_eq!(
            pstdev(&[1.5, 2.5, 2.5, 2.75, 3.25, 4.75]),
            Ok(0.986893273527251)
        );
    }

    #[test]
    fn pstdev_handles_values_far_apart_in_magnitude() {
        assert_eq!(pstdev(&[1e308, 1e308, -1e308]), Ok(9.428090415820633e+307));
        assert_eq!(pstdev(&[1e-6, 60.0, 3600.5]), Ok(1683.328069057082));
        // The root is exactly 2^-1075, halfway between 0 and 2^-1074.
        assert_eq!(pstdev(&[5e-324, 0.0]), Ok(0.0));
    }

    #[test]
    fn pstdev_of_one_or_equal_values_is_zero() {
        assert_eq!(pstdev(&[5.0]), Ok(0.0));
        assert_eq!(pstdev(&[0.1, 0.1, 0.1]), Ok(0.0));
        assert_eq!(pstdev(&[]), Err(StatsError::Empty));
        assert_eq!(pstdev(&[1.0, f64::INFINITY]), Err(StatsError::NonFinite));
    }

    #[test]
    fn seconds_from_micros_is_the_correctly_rounded_quotient() {
        assert_eq!(seconds_from_micros(0).to_bits(), 0);
        assert_eq!(seconds_from_micros(3), 3e-6);
        assert_eq!(seconds_from_micros(-1_500_000), -1.5);
        // Beyond 2^53 µs: (us as f64) / 1e6 rounds twice.
        assert_eq!(seconds_from_micros(9007199254740993), 9007199254.740993);
        assert_eq!(seconds_from_micros(2258848920572997260), 2258848920572.997);
        assert_eq!(
            seconds_from_micros(-4128704890140739496),
            -4128704890140.7393
        );
        assert_eq!(seconds_from_micros(i64::MIN), -9223372036854.775);
    }
}
