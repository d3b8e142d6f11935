//! The rule table and the classifier that walks it.

use std::collections::HashSet;

use decnet_event::{Event, telemetry};

use crate::BehaviorClass;

/// What the classifier looks at: the timing statistics' `event_count`,
/// `mean_iat_s` and `cv`, and the number of distinct services.
///
/// Where the original reads a missing or null `event_count` as 0, pass 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ClassifyInput {
    /// The number of events (n).
    pub event_count: u64,
    /// The mean inter-arrival time in seconds; `None` when there is none.
    pub mean_iat_s: Option<f64>,
    /// The coefficient of variation of the inter-arrival times; `None`
    /// when there is none (for instance when the mean is 0).
    pub cv: Option<f64>,
    /// The number of distinct services the events came from.
    pub services_count: usize,
}

/// One row of the rule table: a class and the condition that assigns it.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The class this row assigns.
    pub class: BehaviorClass,
    /// Whether the row holds for an input.
    pub holds: fn(&ClassifyInput) -> bool,
}

/// The rules of the original profiler, in the order they are tried; the
/// first that holds decides, and the last always holds.
///
/// Comparisons with a missing mean or `cv` are false, like comparisons with
/// NaN, so a missing `cv` fails every rule that tests it. (The `unknown`
/// row has already taken every input without a mean.)
#[rustfmt::skip]
pub const RULES: [Rule; 7] = [
    Rule { class: BehaviorClass::Unknown,     holds: |s| s.event_count < 3 || s.mean_iat_s.is_none() },
    Rule { class: BehaviorClass::SlowScan,    holds: |s| s.services_count >= 2 && s.mean_at_least(10.0) && s.event_count >= 4 },
    Rule { class: BehaviorClass::Scanning,    holds: |s| (s.services_count >= 3 && s.mean_below(10.0))
                                                      || (s.services_count >= 2 && s.mean_below(2.0)) },
    Rule { class: BehaviorClass::BruteForce,  holds: |s| s.services_count == 1 && s.event_count >= 8 && s.mean_below(5.0) && s.cv_below(0.6) },
    Rule { class: BehaviorClass::Beaconing,   holds: |s| s.cv_below(0.35) && s.mean_at_least(5.0) && s.event_count >= 4 },
    Rule { class: BehaviorClass::Interactive, holds: |s| s.cv_at_least(0.5) && s.mean_below(5.0) && s.event_count >= 6 },
    Rule { class: BehaviorClass::Mixed,       holds: |_| true },
];

impl ClassifyInput {
    fn mean_below(&self, limit: f64) -> bool {
        self.mean_iat_s.is_some_and(|mean| mean < limit)
    }

    fn mean_at_least(&self, limit: f64) -> bool {
        self.mean_iat_s.is_some_and(|mean| mean >= limit)
    }

    fn cv_below(&self, limit: f64) -> bool {
        self.cv.is_some_and(|cv| cv < limit)
    }

    fn cv_at_least(&self, limit: f64) -> bool {
        self.cv.is_some_and(|cv| cv >= limit)
    }
}

/// The behaviour class of an attacker: the class of the first row of
/// [`RULES`] that holds for `input`.
///
/// Total: every input, NaN included, gets a class, and the same input
/// always gets the same class. Runs inside the span
/// `profiler.classify_behavior` (see [`decnet_event::telemetry`]).
pub fn classify_behavior(input: &ClassifyInput) -> BehaviorClass {
    telemetry::in_span("decnet.classify", "profiler.classify_behavior", || {
        RULES
            .iter()
            .find(|rule| (rule.holds)(input))
            .map_or(BehaviorClass::Mixed, |rule| rule.class)
    })
}

/// The number of distinct `service` strings among `events`: the
/// `services_count` the original record builder classifies with.
///
/// Services compare as exact strings (`ssh` and `SSH` are two).
pub fn services_count(events: &[Event]) -> usize {
    events
        .iter()
        .map(|event| event.service.as_str())
        .collect::<HashSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(
        event_count: u64,
        mean: Option<f64>,
        cv: Option<f64>,
        services: usize,
    ) -> BehaviorClass {
        classify_behavior(&ClassifyInput {
            event_count,
            mean_iat_s: mean,
            cv,
            services_count: services,
        })
    }

    use BehaviorClass::*;

    #[test]
    fn unknown_below_three_events() {
        assert_eq!(class(2, Some(60.0), Some(0.1), 1), Unknown);
        assert_eq!(class(0, Some(1.0), Some(0.1), 5), Unknown);
        assert_eq!(class(3, Some(60.0), Some(0.1), 1), Mixed);
    }

    #[test]
    fn unknown_without_a_mean_whatever_else_holds() {
        assert_eq!(class(20, None, Some(0.1), 4), Unknown);
        assert_eq!(class(20, None, None, 1), Unknown);
    }

    #[test]
    fn slow_scan_wins_over_scanning_when_mean_is_at_least_10s() {
        assert_eq!(class(4, Some(10.0), Some(0.1), 3), SlowScan);
        assert_eq!(class(4, Some(9.999), Some(0.1), 3), Scanning);
    }

    #[test]
    fn slow_scan_needs_two_services_and_four_events() {
        assert_eq!(class(4, Some(30.0), Some(2.0), 2), SlowScan);
        assert_eq!(class(3, Some(30.0), Some(2.0), 2), Mixed);
        assert_eq!(class(4, Some(30.0), Some(2.0), 1), Mixed);
    }

    #[test]
    fn scanning_is_three_services_under_10s_or_two_under_2s() {
        assert_eq!(class(3, Some(9.0), Some(0.1), 3), Scanning);
        assert_eq!(class(3, Some(1.999), Some(0.1), 2), Scanning);
        assert_eq!(class(3, Some(2.0), Some(0.1), 2), Mixed);
    }

    #[test]
    fn brute_force_is_one_service_eight_events_fast_and_steady() {
        assert_eq!(class(8, Some(4.999), Some(0.599), 1), BruteForce);
        assert_eq!(class(7, Some(4.0), Some(0.1), 1), Mixed);
        assert_eq!(class(8, Some(5.0), Some(0.1), 1), Beaconing);
        assert_eq!(class(8, Some(4.0), Some(0.6), 1), Interactive);
    }

    #[test]
    fn brute_force_wins_over_interactive() {
        assert_eq!(class(8, Some(1.0), Some(0.55), 1), BruteForce);
        assert_eq!(class(8, Some(1.0), Some(0.55), 0), Interactive);
    }

    #[test]
    fn beaconing_is_cv_under_035_mean_at_least_5s_four_events() {
        assert_eq!(class(4, Some(5.0), Some(0.349), 1), Beaconing);
        assert_eq!(class(4, Some(5.0), Some(0.35), 1), Mixed);
        assert_eq!(class(3, Some(60.0), Some(0.1), 1), Mixed);
    }

    #[test]
    fn interactive_is_cv_at_least_05_mean_under_5s_six_events() {
        assert_eq!(class(6, Some(4.999), Some(0.5), 1), Interactive);
        assert_eq!(class(5, Some(4.0), Some(0.9), 1), Mixed);
        assert_eq!(class(6, Some(4.0), Some(0.499), 1), Mixed);
    }

    #[test]
    fn cv_none_fails_every_rule_that_tests_cv() {
        assert_eq!(class(10, Some(1.0), None, 1), Mixed);
        assert_eq!(class(10, Some(60.0), None, 1), Mixed);
        // Rules without cv still apply.
        assert_eq!(class(10, Some(60.0), None, 2), SlowScan);
        assert_eq!(class(10, Some(1.0), None, 3), Scanning);
    }

    #[test]
    fn nan_fails_every_comparison_as_in_python() {
        assert_eq!(class(10, Some(f64::NAN), Some(0.1), 3), Mixed);
        assert_eq!(class(10, Some(60.0), Some(f64::NAN), 1), Mixed);
    }

    #[test]
    fn mixed_otherwise() {
        assert_eq!(class(5, Some(7.0), Some(0.4), 1), Mixed);
    }

    #[test]
    fn the_table_ends_with_a_row_that_always_holds() {
        let last = RULES[RULES.len() - 1];
        assert_eq!(last.class, Mixed);
        assert!((last.holds)(&ClassifyInput::default()));
    }
}
