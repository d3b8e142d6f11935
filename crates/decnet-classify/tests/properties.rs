//! Invariants of the behaviour classifier.

use decnet_classify::{BehaviorClass, ClassifyInput, classify_behavior};
use proptest::prelude::*;

/// Any float, biased towards the thresholds 2, 5, 10, 0.35, 0.5 and 0.6
/// and their neighbours one ulp away.
fn number() -> impl Strategy<Value = f64> {
    let threshold = prop::sample::select(vec![0.0f64, 0.35, 0.5, 0.6, 2.0, 5.0, 10.0]);
    prop_oneof![
        threshold.clone(),
        (threshold, -1i64..=1)
            .prop_map(|(t, step)| f64::from_bits((t.to_bits() as i64 + step) as u64)),
        0.0f64..100.0,
        any::<f64>(),
    ]
}

fn input() -> impl Strategy<Value = ClassifyInput> {
    (
        0u64..20,
        prop::option::of(number()),
        prop::option::of(number()),
        0usize..6,
    )
        .prop_map(
            |(event_count, mean_iat_s, cv, services_count)| ClassifyInput {
                event_count,
                mean_iat_s,
                cv,
                services_count,
            },
        )
}

proptest! {
    #[test]
    fn class_is_a_total_function(input in input()) {
        let class = classify_behavior(&input);
        prop_assert!(BehaviorClass::ALL.contains(&class));
        prop_assert_eq!(classify_behavior(&input), class);
    }

    #[test]
    fn unknown_below_three_events(input in input(), n in 0u64..3) {
        let input = ClassifyInput { event_count: n, ..input };
        prop_assert_eq!(classify_behavior(&input), BehaviorClass::Unknown);
    }

    #[test]
    fn unknown_exactly_when_too_few_events_or_no_mean(input in input()) {
        let unknown = classify_behavior(&input) == BehaviorClass::Unknown;
        prop_assert_eq!(unknown, input.event_count < 3 || input.mean_iat_s.is_none());
    }

    #[test]
    fn cv_none_never_gives_a_class_that_tests_cv(input in input()) {
        let input = ClassifyInput { cv: None, ..input };
        let class = classify_behavior(&input);
        prop_assert!(
            !matches!(class, BehaviorClass::BruteForce | BehaviorClass::Beaconing | BehaviorClass::Interactive),
            "{:?} -> {}", input, class
        );
    }

    #[test]
    fn each_class_implies_its_own_condition(input in input()) {
        let n = input.event_count;
        let services = input.services_count;
        let mean = input.mean_iat_s.unwrap_or(f64::NAN);
        let cv = input.cv.unwrap_or(f64::NAN);
        let holds = match classify_behavior(&input) {
            BehaviorClass::SlowScan => services >= 2 && mean >= 10.0 && n >= 4,
            BehaviorClass::Scanning => services >= 2 && mean < 10.0,
            BehaviorClass::BruteForce => services == 1 && n >= 8 && mean < 5.0 && cv < 0.6,
            BehaviorClass::Beaconing => cv < 0.35 && mean >= 5.0 && n >= 4,
            BehaviorClass::Interactive => cv >= 0.5 && mean < 5.0 && n >= 6,
            _ => true,
        };
        prop_assert!(holds, "{:?}", input);
    }

    #[test]
    fn one_service_is_never_a_scan(input in input()) {
        let input = ClassifyInput { services_count: 1, ..input };
        let class = classify_behavior(&input);
        prop_assert!(!matches!(class, BehaviorClass::Scanning | BehaviorClass::SlowScan));
    }

    #[test]
    fn class_names_read_back(input in input()) {
        let class = classify_behavior(&input);
        prop_assert_eq!(class.as_str().parse::<BehaviorClass>(), Ok(class));
    }
}
