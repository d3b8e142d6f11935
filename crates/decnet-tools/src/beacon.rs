//! Attribution by beacon cadence: the mean inter-arrival time and its
//! coefficient of variation against the default profiles of four C2
//! frameworks.

use crate::Tool;

/// The default beacon cadence of a C2 framework.
///
/// An attacker matches when the mean inter-arrival time lies within
/// `interval_tolerance_s` of `interval_s` and the coefficient of variation
/// (stdev / mean, the jitter) within `jitter_tolerance` of `jitter_cv`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct BeaconProfile {
    /// The framework.
    pub tool: Tool,
    /// The default interval between beacons, in seconds.
    pub interval_s: f64,
    /// How far the mean may be from `interval_s`, in seconds.
    pub interval_tolerance_s: f64,
    /// The default jitter, as a coefficient of variation.
    pub jitter_cv: f64,
    /// How far the coefficient of variation may be from `jitter_cv`.
    pub jitter_tolerance: f64,
}

impl BeaconProfile {
    /// Whether a cadence matches this profile. The comparisons are the
    /// original's (`abs(mean - interval) > tolerance` rules a profile
    /// out), so a NaN, which compares false, rules nothing out.
    pub fn matches(&self, mean_iat_s: f64, cv: f64) -> bool {
        if (mean_iat_s - self.interval_s).abs() > self.interval_tolerance_s {
            return false;
        }
        if (cv - self.jitter_cv).abs() > self.jitter_tolerance {
            return false;
        }
        true
    }
}

const fn profile(
    tool: Tool,
    interval_s: f64,
    interval_tolerance_s: f64,
    jitter_cv: f64,
    jitter_tolerance: f64,
) -> BeaconProfile {
    BeaconProfile {
        tool,
        interval_s,
        interval_tolerance_s,
        jitter_cv,
        jitter_tolerance,
    }
}

/// The beacon profiles, in the order matches are reported.
#[rustfmt::skip]
pub static BEACON_PROFILES: &[BeaconProfile] = &[
    //       tool                interval  ±     jitter cv  ±
    profile(Tool::CobaltStrike,  60.0,     8.0,  0.20,      0.05),
    profile(Tool::Sliver,        60.0,     10.0, 0.30,      0.08),
    profile(Tool::Havoc,         45.0,     8.0,  0.10,      0.03),
    profile(Tool::Mythic,        30.0,     6.0,  0.15,      0.03),
];

/// Every C2 framework whose default cadence matches, in table order.
///
/// Nothing matches when either input is missing (the timing statistics
/// have no mean or cv for fewer than two events). Several frameworks can
/// match at once: an attacker may run several implants.
///
/// ```
/// use decnet_tools::{Tool, guess_tools};
///
/// assert_eq!(guess_tools(Some(58.0), Some(0.24)), [Tool::CobaltStrike, Tool::Sliver]);
/// assert_eq!(guess_tools(Some(30.0), Some(0.15)), [Tool::Mythic]);
/// assert_eq!(guess_tools(None, Some(0.2)), []);
/// ```
pub fn guess_tools(mean_iat_s: Option<f64>, cv: Option<f64>) -> Vec<Tool> {
    let (Some(mean_iat_s), Some(cv)) = (mean_iat_s, cv) else {
        return Vec::new();
    };
    BEACON_PROFILES
        .iter()
        .filter(|profile| profile.matches(mean_iat_s, cv))
        .map(|profile| profile.tool)
        .collect()
}

/// The one C2 framework whose cadence matches, or `None` when none or
/// several do (the original's deprecated single-answer form).
///
/// ```
/// use decnet_tools::{Tool, guess_tool};
///
/// assert_eq!(guess_tool(Some(45.0), Some(0.1)), Some(Tool::Havoc));
/// assert_eq!(guess_tool(Some(58.0), Some(0.24)), None); // two match
/// ```
pub fn guess_tool(mean_iat_s: Option<f64>, cv: Option<f64>) -> Option<Tool> {
    match guess_tools(mean_iat_s, cv)[..] {
        [tool] => Some(tool),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_matches_within_both_tolerances_inclusive() {
        let cobalt = BEACON_PROFILES[0];
        assert!(cobalt.matches(68.0, 0.25));
        assert!(cobalt.matches(52.0, 0.15000000000000002));
        assert!(!cobalt.matches(68.00000000000001, 0.2));
        assert!(!cobalt.matches(60.0, 0.2500001));
    }

    #[test]
    fn tolerances_are_compared_in_binary_floating_point() {
        // In decimal |0.15 - 0.2| is exactly the tolerance 0.05, but in
        // binary it is a hair above it, so the original rules this out.
        let cobalt = BEACON_PROFILES[0];
        assert!(!cobalt.matches(60.0, 0.15));
        assert!(cobalt.matches(60.0, 0.25));
    }

    #[test]
    fn missing_mean_or_cv_matches_nothing() {
        assert!(guess_tools(None, None).is_empty());
        assert!(guess_tools(Some(60.0), None).is_empty());
        assert!(guess_tools(None, Some(0.2)).is_empty());
    }

    #[test]
    fn all_matches_are_reported_in_table_order() {
        assert_eq!(
            guess_tools(Some(55.0), Some(0.24)),
            [Tool::CobaltStrike, Tool::Sliver]
        );
        assert_eq!(guess_tools(Some(36.0), Some(0.12)), [Tool::Mythic]);
        assert_eq!(guess_tools(Some(45.0), Some(0.12)), [Tool::Havoc]);
    }

    #[test]
    fn nan_rules_nothing_out_as_in_the_original() {
        assert_eq!(
            guess_tools(Some(f64::NAN), Some(f64::NAN)).len(),
            BEACON_PROFILES.len()
        );
        assert_eq!(guess_tool(Some(f64::NAN), Some(0.1)), Some(Tool::Havoc));
    }

    #[test]
    fn guess_tool_answers_only_when_exactly_one_profile_matches() {
        assert_eq!(guess_tool(Some(30.0), Some(0.15)), Some(Tool::Mythic));
        assert_eq!(guess_tool(Some(60.0), Some(0.25)), None);
        assert_eq!(guess_tool(Some(1.0), Some(0.25)), None);
    }
}
