//! Invariants of the Python number helpers: `round`, float `repr`, `fsum`,
//! `pstdev`, `seconds_from_micros` and `dumps`.

use decnet_event::py::{dumps, float_repr, fsum, pstdev, round, seconds_from_micros};
use proptest::prelude::*;

/// Any finite double, from every binade.
fn finite() -> impl Strategy<Value = f64> {
    any::<u64>()
        .prop_map(f64::from_bits)
        .prop_filter("finite", |x| x.is_finite())
}

/// Doubles with a few decimals, like the profiler's seconds.
fn seconds() -> impl Strategy<Value = f64> {
    (0u64..10_000_000_000, 0u32..7)
        .prop_map(|(units, places)| units as f64 / 10f64.powi(places as i32))
}

proptest! {
    #[test]
    fn round_equals_exact_half_even_decimal_rounding(x in prop_oneof![finite(), seconds()], ndigits in 0usize..=17) {
        // Rust's fixed-precision formatting rounds the exact binary value
        // half to even: an independent oracle.
        let oracle: f64 = format!("{x:.ndigits$}").parse().expect("formatted float");
        prop_assert_eq!(round(x, ndigits as i32).to_bits(), oracle.to_bits());
    }

    #[test]
    fn round_is_idempotent(x in prop_oneof![finite(), seconds()], ndigits in -10i32..30) {
        let once = round(x, ndigits);
        prop_assert_eq!(round(once, ndigits).to_bits(), once.to_bits());
    }

    #[test]
    fn repr_reads_back_as_the_same_double(x in finite()) {
        let text = float_repr(x);
        let back: f64 = text.parse().expect("repr is float syntax");
        prop_assert_eq!(back.to_bits(), x.to_bits());
    }

    #[test]
    fn repr_has_as_many_digits_as_rusts_shortest_form(x in finite()) {
        let digits = |text: &str| {
            let mantissa = text.split('e').next().unwrap_or_default();
            let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            digits.trim_matches('0').len()
        };
        prop_assert_eq!(digits(&float_repr(x)), digits(&format!("{:e}", x)));
    }

    #[test]
    fn repr_of_a_round_result_is_short(x in seconds(), ndigits in 0i32..=6) {
        let text = float_repr(round(x, ndigits));
        let fraction = text.split('.').nth(1).unwrap_or_default();
        prop_assert!(text.contains('e') || fraction.len() <= ndigits.max(1) as usize, "{}", text);
    }

    #[test]
    fn fsum_does_not_depend_on_order(values in prop::collection::vec(seconds(), 0..20).prop_shuffle(), seed in any::<u64>()) {
        let mut reversed = values.clone();
        reversed.rotate_left((seed as usize) % values.len().max(1));
        reversed.reverse();
        prop_assert_eq!(fsum(values.iter().copied()), fsum(reversed.iter().copied()));
    }

    #[test]
    fn fsum_of_integers_is_their_integer_sum(values in prop::collection::vec(-1_000_000_000i64..1_000_000_000, 0..50)) {
        let exact: i64 = values.iter().sum();
        prop_assert_eq!(fsum(values.iter().map(|&v| v as f64)), Ok(exact as f64));
    }

    #[test]
    fn pstdev_scales_exactly_with_powers_of_two(values in prop::collection::vec(seconds(), 1..12), k in -20i32..20) {
        let scale = 2f64.powi(k);
        let scaled: Vec<f64> = values.iter().map(|v| v * scale).collect();
        let base = pstdev(&values).expect("finite values");
        prop_assert_eq!(pstdev(&scaled).expect("finite values"), base * scale);
    }

    #[test]
    fn pstdev_does_not_depend_on_order_or_shift_by_an_exact_constant(values in prop::collection::vec(0u32..1_000_000, 1..12)) {
        let as_floats: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
        let mut reversed = as_floats.clone();
        reversed.reverse();
        let shifted: Vec<f64> = as_floats.iter().map(|v| v + 1024.0).collect();
        let base = pstdev(&as_floats);
        prop_assert_eq!(pstdev(&reversed), base);
        prop_assert_eq!(pstdev(&shifted), base);
    }

    #[test]
    fn seconds_from_micros_is_one_division_within_2_pow_53(us in -(1i64 << 53)..=(1i64 << 53)) {
        prop_assert_eq!(seconds_from_micros(us).to_bits(), (us as f64 / 1e6).to_bits());
    }

    #[test]
    fn seconds_from_micros_is_monotonic_and_odd(a in any::<i64>(), b in any::<i64>()) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(seconds_from_micros(low) <= seconds_from_micros(high));
        if a != i64::MIN {
            prop_assert_eq!(seconds_from_micros(-a), -seconds_from_micros(a));
        }
    }

    #[test]
    fn dumps_of_a_string_reads_back_and_is_ascii(text in any::<String>()) {
        let json = dumps(&text);
        prop_assert!(json.is_ascii());
        let back: String = serde_json::from_str(&json).expect("dumps writes JSON");
        prop_assert_eq!(back, text);
    }
}
