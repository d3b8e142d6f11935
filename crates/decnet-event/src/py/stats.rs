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
    if values.is_empty() {
        return Err(StatsError::Empty);
    }
    // The exact sum rounded once is what `fsum` returns whenever no running
    // sum can overflow; in integers it costs a few operations per value.
    let total = match Alignment::of(values) {
        Some(alignment)
            if alignment.fits_narrow(values.len()) && !alignment.may_overflow(values.len()) =>
        {
            let total = NarrowSums::total_of(alignment.aligned(values));
            let magnitude = f64_from_scaled(total.unsigned_abs(), alignment.exp2, false);
            if total < 0 { -magnitude } else { magnitude }
        }
        _ => fsum(values.iter().copied())?,
    };
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
/// multiple of the smallest last bit among them, fits in 100 bits (gaps of
/// milliseconds and of hours together), and there are fewer than 2^26 of
/// them, everything is computed in 128- and 256-bit integers; otherwise in
/// arbitrary precision.
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
    if values.iter().all(|&v| v == first) && first.is_finite() {
        return Ok(0.0);
    }

    // With Σx = s1·2^e and Σx² = s2·2^2e, the variance is
    // (n·s2 − s1²) / n² · 2^2e.
    let Some(alignment) = Alignment::of(values) else {
        return Err(StatsError::NonFinite);
    };
    // Gaps between events of seconds and of hours are about 2^75 apart in
    // last bits: most timing statistics take the narrow path.
    let sums = if alignment.fits_narrow(values.len()) {
        let sums = NarrowSums::of(alignment.aligned(values));
        if let Some(root) = sums.pstdev(values.len(), alignment.exp2) {
            return Ok(root);
        }
        sums.exact(alignment.exp2)
    } else {
        ExactSums::wide(alignment.aligned(values), alignment.exp2)
    };
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

/// How finite doubles line up as integers over their smallest last bit.
struct Alignment {
    /// The weight of the smallest last bit among the nonzero values.
    exp2: i32,
    /// The most bits any value takes as a multiple of `2^exp2`.
    widest: i32,
}

impl Alignment {
    /// The alignment of `values`, or `None` when one is not finite.
    fn of(values: &[f64]) -> Option<Alignment> {
        let mut exp2 = i32::MAX;
        let mut top = i32::MIN;
        for &value in values {
            if !value.is_finite() {
                return None;
            }
            let (mantissa, e) = decomposition(value);
            if mantissa != 0 {
                exp2 = exp2.min(e);
                top = top.max(64 - mantissa.leading_zeros() as i32 + e);
            }
        }
        Some(if top == i32::MIN {
            Alignment { exp2: 0, widest: 0 }
        } else {
            Alignment {
                exp2,
                widest: top - exp2,
            }
        })
    }

    /// Whether the sums of `count` values so aligned fit the narrow path.
    fn fits_narrow(&self, count: usize) -> bool {
        self.widest <= 63 || (self.widest <= NARROW_BITS && count < NARROW_COUNT)
    }

    /// Whether a running sum of `count` such values could reach the end of
    /// the double range, where `fsum` raises: each is below
    /// 2^(widest + exp2), so no sum of them reaches `count` times that.
    fn may_overflow(&self, count: usize) -> bool {
        let count_bits = (usize::BITS - count.leading_zeros()) as i32;
        self.widest + self.exp2 + count_bits >= 1023
    }

    /// Each nonzero value as its sign, mantissa and shift above `exp2`.
    fn aligned(&self, values: &[f64]) -> impl Iterator<Item = (bool, u64, u32)> {
        let exp2 = self.exp2;
        values
            .iter()
            .map(|&v| (v.is_sign_negative(), decomposition(v)))
            .filter(|&(_, (mantissa, _))| mantissa != 0)
            .map(move |(negative, (m, e))| (negative, m, (e - exp2) as u32))
    }
}

impl ExactSums {
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

/// The exact sum and sum of squares of aligned values under the narrow
/// conditions (see [`Alignment::fits_narrow`]): every value below 2^63, or
/// below 2^[`NARROW_BITS`] with fewer than [`NARROW_COUNT`] of them. The
/// total then fits an i128 and the squares 256 bits.
struct NarrowSums {
    /// Σx, in units of the alignment's last bit.
    total: i128,
    /// Σx², in units of its square.
    squares: U256,
}

impl NarrowSums {
    fn of(aligned: impl Iterator<Item = (bool, u64, u32)>) -> NarrowSums {
        let mut sums = NarrowSums {
            total: 0,
            squares: U256::default(),
        };
        for (negative, mantissa, shift) in aligned {
            let value = u128::from(mantissa) << shift;
            let signed = value as i128;
            sums.total += if negative { -signed } else { signed };
            sums.squares = sums.squares.wrapping_add(U256::square(value));
        }
        sums
    }

    /// The total of [`of`](Self::of) alone, under its conditions.
    fn total_of(aligned: impl Iterator<Item = (bool, u64, u32)>) -> i128 {
        aligned
            .map(|(negative, mantissa, shift)| {
                let value = (u128::from(mantissa) << shift) as i128;
                if negative { -value } else { value }
            })
            .sum()
    }

    /// The same sums in arbitrary precision, the last bit weighing 2^exp2.
    fn exact(&self, exp2: i32) -> ExactSums {
        ExactSums {
            total: BigInt::from(self.total),
            squares: (BigUint::from(self.squares.hi) << 128u32) + self.squares.lo,
            exp2: i64::from(exp2),
        }
    }

    /// `pstdev` of the `count` values summed, whose last bit weighs
    /// 2^exp2, in fixed-width integers: `None` when an intermediate does
    /// not fit them (the caller then works in arbitrary precision).
    fn pstdev(&self, count: usize, exp2: i32) -> Option<f64> {
        // The variance is (n·Σx² − (Σx)²) / n² · 2^2e; the spread is not
        // negative (Cauchy–Schwarz).
        let count = u64::try_from(count).ok()?;
        let spread = self
            .squares
            .checked_mul_u64(count)?
            .checked_sub(U256::square(self.total.unsigned_abs()))?;
        if spread.is_zero() {
            return Some(0.0);
        }
        let denominator = count.checked_mul(count)?;

        // Scale by 4^k so that the quotient has about 118 bits: its integer
        // root has at least 55, enough for one sticky rounding of the exact
        // root (the root is never an integer plus a half).
        let excess = spread.bits() as i32 - (64 - denominator.leading_zeros()) as i32;
        let k = (118 - excess).div_euclid(2);
        let (numerator, dropped) = if k >= 0 {
            (spread.shl(2 * k.unsigned_abs()), false)
        } else {
            spread.shr_sticky(2 * k.unsigned_abs())
        };
        let (quotient, remainder) = numerator.div_rem(denominator)?;
        let root = quotient.isqrt();
        let inexact = dropped || remainder != 0 || root * root != quotient;
        Some(f64_from_scaled(root, exp2 - k, inexact))
    }
}

/// An unsigned 256-bit integer: just what [`NarrowSums`] needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct U256 {
    hi: u128,
    lo: u128,
}

impl U256 {
    /// `value²`.
    fn square(value: u128) -> U256 {
        // value = a·2^64 + b: value² = a²·2^128 + 2ab·2^64 + b², and each
        // partial product fits a u128 (2ab is split before doubling).
        let (a, b) = (value >> 64, value & u128::from(u64::MAX));
        let ab = a * b;
        let low = U256 { hi: 0, lo: b * b };
        let middle = U256 {
            hi: ab >> 63,
            lo: ab << 65,
        };
        let high = U256 { hi: a * a, lo: 0 };
        low.wrapping_add(middle).wrapping_add(high)
    }

    fn wrapping_add(self, other: U256) -> U256 {
        let (lo, carry) = self.lo.overflowing_add(other.lo);
        U256 {
            hi: self
                .hi
                .wrapping_add(other.hi)
                .wrapping_add(u128::from(carry)),
            lo,
        }
    }

    fn checked_sub(self, other: U256) -> Option<U256> {
        let (lo, borrow) = self.lo.overflowing_sub(other.lo);
        let hi = self
            .hi
            .checked_sub(other.hi)?
            .checked_sub(u128::from(borrow))?;
        Some(U256 { hi, lo })
    }

    fn checked_mul_u64(self, factor: u64) -> Option<U256> {
        let factor = u128::from(factor);
        let low_half = (self.lo & u128::from(u64::MAX)) * factor;
        let high_half = (self.lo >> 64) * factor;
        let lo = U256 {
            hi: high_half >> 64,
            lo: high_half << 64,
        }
        .wrapping_add(U256 {
            hi: 0,
            lo: low_half,
        });
        let hi = self.hi.checked_mul(factor)?.checked_add(lo.hi)?;
        Some(U256 { hi, lo: lo.lo })
    }

    fn is_zero(self) -> bool {
        self == U256::default()
    }

    /// The number of significant bits.
    fn bits(self) -> u32 {
        if self.hi != 0 {
            256 - self.hi.leading_zeros()
        } else {
            128 - self.lo.leading_zeros()
        }
    }

    /// `self · 2^shift`, for a shift that keeps every bit (`bits() + shift
    /// <= 256`).
    fn shl(self, shift: u32) -> U256 {
        match shift {
            0 => self,
            1..128 => U256 {
                hi: (self.hi << shift) | (self.lo >> (128 - shift)),
                lo: self.lo << shift,
            },
            _ => U256 {
                hi: self.lo << (shift - 128),
                lo: 0,
            },
        }
    }

    /// `self / 2^shift` rounded down, and whether a nonzero bit was dropped.
    fn shr_sticky(self, shift: u32) -> (U256, bool) {
        match shift {
            0 => (self, false),
            1..128 => (
                U256 {
                    hi: self.hi >> shift,
                    lo: (self.lo >> shift) | (self.hi << (128 - shift)),
                },
                self.lo << (128 - shift) != 0,
            ),
            128..256 => (
                U256 {
                    hi: 0,
                    lo: self.hi >> (shift - 128),
                },
                self.lo != 0 || self.hi << (256 - shift) != 0,
            ),
            _ => (U256::default(), !self.is_zero()),
        }
    }

    /// The quotient and remainder of `self / divisor`, when the quotient
    /// fits a u128 (and the divisor is not zero).
    fn div_rem(self, divisor: u64) -> Option<(u128, u64)> {
        let divisor = u128::from(divisor);
        if divisor == 0 || self.hi >= divisor {
            return None;
        }
        // Two steps of schoolbook division by a one-limb divisor: each
        // dividend is below divisor · 2^64, so each quotient limb fits.
        let upper = (self.hi << 64) | (self.lo >> 64);
        let lower = ((upper % divisor) << 64) | (self.lo & u128::from(u64::MAX));
        let quotient = ((upper / divisor) << 64) | (lower / divisor);
        Some((quotient, (lower % divisor) as u64))
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
    use proptest::strategy::Strategy;

    use super::*;

    proptest::proptest! {
        #[test]
        fn narrow_sums_equal_wide_sums(values in aligned_values(1)) {
            let narrow = NarrowSums::of(values.iter().copied()).exact(-7);
            let wide = ExactSums::wide(values.iter().copied(), -7);
            proptest::prop_assert_eq!(narrow.total, wide.total);
            proptest::prop_assert_eq!(narrow.squares, wide.squares);
        }

        #[test]
        fn fmean_is_fsum_over_the_count(
            values in proptest::collection::vec(
                proptest::prop_oneof![
                    -1e6f64..1e6,
                    (0u64..(1 << 40)).prop_map(|us| us as f64 / 1e6),
                    proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
                ],
                1..60,
            ),
        ) {
            let expected = fsum(values.iter().copied()).map(|total| total / values.len() as f64);
            let got = fmean(&values);
            proptest::prop_assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits));
        }

        #[test]
        fn fixed_width_pstdev_equals_arbitrary_precision(
            values in aligned_values(2),
            exp2 in -1100i32..900,
        ) {
            let narrow = NarrowSums::of(values.iter().copied());
            let wide = ExactSums::wide(values.iter().copied(), exp2);
            let count = BigUint::from(values.len());
            let spread = &count * wide.squares - wide.total.magnitude().pow(2);
            let expected = sqrt_of_ratio(&spread, &count.pow(2), wide.exp2);
            let got = narrow.pstdev(values.len(), exp2);
            proptest::prop_assert_eq!(got.map(f64::to_bits), Some(expected.to_bits()));
        }

        #[test]
        fn u256_square_and_products_match_arbitrary_precision(
            value in proptest::num::u128::ANY.prop_map(|v| v >> 1),
            factor in proptest::num::u64::ANY,
        ) {
            let square = U256::square(value);
            let big = |x: U256| (BigUint::from(x.hi) << 128u32) + x.lo;
            proptest::prop_assert_eq!(big(square), BigUint::from(value).pow(2));
            let product = BigUint::from(value).pow(2) * factor;
            match square.checked_mul_u64(factor) {
                Some(got) => proptest::prop_assert_eq!(big(got), product),
                None => proptest::prop_assert!(product.bits() > 256),
            }
        }
    }

    #[test]
    fn u256_shifts_keep_or_report_every_bit() {
        let x = U256 { hi: 0b101, lo: 1 };
        assert_eq!(U256 { hi: 0, lo: 1 }.shl(130), U256 { hi: 4, lo: 0 });
        assert_eq!(
            U256 { hi: 0, lo: 3 }.shl(127),
            U256 {
                hi: 1,
                lo: 1 << 127
            }
        );
        assert_eq!(
            x.shr_sticky(1),
            (
                U256 {
                    hi: 0b10,
                    lo: 1 << 127
                },
                true
            )
        );
        assert_eq!(x.shr_sticky(129), (U256 { hi: 0, lo: 0b10 }, true));
        assert_eq!(
            U256 { hi: 0b100, lo: 0 }.shr_sticky(130),
            (U256 { hi: 0, lo: 1 }, false)
        );
        assert_eq!(x.shr_sticky(256), (U256::default(), true));
        assert_eq!(x.bits(), 131);
        assert_eq!(U256 { hi: 1, lo: 7 }.div_rem(2), Some(((1 << 127) | 3, 1)));
        let dividend = U256 {
            hi: 5,
            lo: (3 << 64) | 9,
        };
        let divisor = u64::MAX - 4;
        let (quotient, remainder) = dividend.div_rem(divisor).expect("fits");
        let big = (BigUint::from(5u8) << 128u32) + ((3u128 << 64) | 9);
        assert_eq!(BigUint::from(quotient) * divisor + remainder, big);
        assert!(remainder < divisor);
        assert_eq!(U256 { hi: 2, lo: 0 }.div_rem(2), None);
    }

    /// Up to 40 aligned values (sign, mantissa, shift), at least `min`.
    fn aligned_values(min: usize) -> impl Strategy<Value = Vec<(bool, u64, u32)>> {
        proptest::collection::vec((proptest::bool::ANY, 1u64..(1 << 53), 0u32..48), min..40)
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
        assert_eq!(fmean(&[1e308, 1e308, -1e308]), Err(StatsError::Overflow));
        assert_eq!(fmean(&[1.5, -1.5]).map(f64::to_bits), Ok(0));
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
