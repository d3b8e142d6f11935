//! The timing statistics of one attacker, as the record stores them.

use serde::{Deserialize, Serialize};

/// The inter-arrival-time statistics of one attacker's events: the
/// original profiler's `timing_stats` object.
///
/// Fields serialize in the original's key order, `None` as `null`, so
/// [`decnet_event::py::dumps`] writes the record's `timing_stats` column
/// byte for byte. Every float is already rounded as the original rounds
/// it: seconds to 3 places, `cv` to 4.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimingStats {
    /// The number of events.
    pub event_count: u64,
    /// Last minus first instant in seconds; `0.0` for fewer than 2 events.
    pub duration_s: f64,
    /// The mean IAT (`statistics.fmean`); `None` for fewer than 2 events.
    pub mean_iat_s: Option<f64>,
    /// The median IAT (`statistics.median`); `None` for fewer than 2
    /// events.
    pub median_iat_s: Option<f64>,
    /// The population standard deviation of the IATs
    /// (`statistics.pstdev`), `0.0` for a single IAT; `None` for fewer
    /// than 2 events.
    pub stdev_iat_s: Option<f64>,
    /// The smallest IAT; `None` for fewer than 2 events.
    pub min_iat_s: Option<f64>,
    /// The largest IAT; `None` for fewer than 2 events.
    pub max_iat_s: Option<f64>,
    /// The unrounded deviation over the unrounded mean, rounded to 4
    /// places; `None` when the mean is 0 or there are fewer than 2 events.
    pub cv: Option<f64>,
}

impl TimingStats {
    /// The statistics of `event_count` events spanning `duration_s` seconds
    /// that have no inter-arrival time (fewer than 2 events).
    pub(crate) fn without_iats(event_count: u64, duration_s: f64) -> TimingStats {
        TimingStats {
            event_count,
            duration_s,
            mean_iat_s: None,
            median_iat_s: None,
            stdev_iat_s: None,
            min_iat_s: None,
            max_iat_s: None,
            cv: None,
        }
    }
}
