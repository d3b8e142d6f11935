//! Gathering instants and turning them into [`TimingStats`].

use decnet_event::py::{fmean, pstdev, round, seconds_from_micros};
use decnet_event::{Event, telemetry};

use crate::TimingStats;

/// The timing statistics of one attacker's events, in any order.
///
/// Events are sorted by instant (the same instant written with different
/// UTC offsets counts as equal); the IATs are the gaps between neighbours.
/// Since the events are sorted, no gap is negative (the original's
/// clock-skew filter never drops one).
///
/// This is a fold over [`TimingAccumulator`].
pub fn timing_stats(events: &[Event]) -> TimingStats {
    events.iter().collect::<TimingAccumulator>().finish()
}

/// Collects the instants of events, and nothing else, for
/// [`finish`](TimingAccumulator::finish) to compute [`TimingStats`] from.
///
/// Pushing events one by one, extending with batches, or merging
/// accumulators filled separately all give the same statistics: only the
/// multiset of instants matters. Memory is one `i64` per event.
///
/// ```
/// use decnet_timing::TimingAccumulator;
///
/// let stats = TimingAccumulator::new().finish();
/// assert_eq!(stats.event_count, 0);
/// assert_eq!(stats.mean_iat_s, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimingAccumulator {
    /// Microseconds since the Unix epoch, in arrival order.
    instants_us: Vec<i64>,
}

impl TimingAccumulator {
    /// An accumulator that has seen no event.
    pub fn new() -> TimingAccumulator {
        TimingAccumulator::default()
    }

    /// Records the instant of `event`.
    pub fn push(&mut self, event: &Event) {
        self.instants_us.push(event.timestamp.unix_micros());
    }

    /// The accumulator that has seen the events of both `self` and
    /// `later`.
    pub fn merge(mut self, later: TimingAccumulator) -> TimingAccumulator {
        self.instants_us.extend(later.instants_us);
        self
    }

    /// The number of events seen.
    pub fn len(&self) -> usize {
        self.instants_us.len()
    }

    /// Whether no event has been seen.
    pub fn is_empty(&self) -> bool {
        self.instants_us.is_empty()
    }

    /// The statistics of every event seen, computed inside the span
    /// `profiler.timing_stats` (see [`decnet_event::telemetry`]).
    pub fn finish(self) -> TimingStats {
        telemetry::in_span("decnet.timing", "profiler.timing_stats", || {
            stats_of_instants(self.instants_us)
        })
    }
}

/// The statistics of the instants of some events, in any order.
fn stats_of_instants(mut instants: Vec<i64>) -> TimingStats {
    let event_count = instants.len() as u64;
    instants.sort_unstable();
    let (Some(&first), Some(&last)) = (instants.first(), instants.last()) else {
        return TimingStats::without_iats(0, 0.0);
    };
    let duration_s = round(seconds_from_micros(last.saturating_sub(first)), 3);
    if instants.len() < 2 {
        return TimingStats::without_iats(event_count, duration_s);
    }

    // The gaps in whole microseconds, in place of the instants.
    let mut gaps = instants;
    for i in 1..gaps.len() {
        gaps[i - 1] = gaps[i].saturating_sub(gaps[i - 1]);
    }
    gaps.pop();

    // Converting a gap to seconds is monotonic, so order statistics
    // can be taken on the integers.
    let min = gaps.iter().copied().min().map(seconds_from_micros);
    let max = gaps.iter().copied().max().map(seconds_from_micros);
    let median = median_seconds(&mut gaps);

    let iats: Vec<f64> = gaps.iter().copied().map(seconds_from_micros).collect();
    // The IATs are finite and below 2^63 µs each, so their sum cannot
    // overflow and neither statistic can fail.
    let mean = fmean(&iats).unwrap_or(f64::NAN);
    let stdev = pstdev(&iats).unwrap_or(f64::NAN);
    let cv = (mean > 0.0).then(|| stdev / mean);

    TimingStats {
        event_count,
        duration_s,
        mean_iat_s: Some(round(mean, 3)),
        median_iat_s: Some(round(median, 3)),
        stdev_iat_s: Some(round(stdev, 3)),
        min_iat_s: min.map(|v| round(v, 3)),
        max_iat_s: max.map(|v| round(v, 3)),
        cv: cv.map(|v| round(v, 4)),
    }
}

/// `statistics.median` of the gaps in seconds, selecting on the integers
/// (which reorders `gaps`). `gaps` is not empty.
fn median_seconds(gaps: &mut [i64]) -> f64 {
    let odd = gaps.len() % 2 == 1;
    let (below, &mut high, _) = gaps.select_nth_unstable(gaps.len() / 2);
    if odd {
        return seconds_from_micros(high);
    }
    let low = below.iter().copied().max().unwrap_or(high);
    (seconds_from_micros(low) + seconds_from_micros(high)) / 2.0
}

impl<'a> Extend<&'a Event> for TimingAccumulator {
    fn extend<I: IntoIterator<Item = &'a Event>>(&mut self, events: I) {
        self.instants_us.extend(
            events
                .into_iter()
                .map(|event| event.timestamp.unix_micros()),
        );
    }
}

impl<'a> FromIterator<&'a Event> for TimingAccumulator {
    fn from_iter<I: IntoIterator<Item = &'a Event>>(events: I) -> TimingAccumulator {
        let mut accumulator = TimingAccumulator::new();
        accumulator.extend(events);
        accumulator
    }
}

#[cfg(test)]
mod tests {
    use decnet_event::{EventKind, Fields, Timestamp};

    use super::*;

    fn event_at(micros: i64) -> Event {
        Event {
            timestamp: Timestamp::from_unix_micros(micros, 0).expect("offset 0 is valid"),
            decky: "decky-01".into(),
            service: "ssh".into(),
            event_type: "connection".into(),
            attacker_ip: None,
            fields: Fields::new(),
            kind: EventKind::Attacker,
        }
    }

    fn stats_of(micros: &[i64]) -> TimingStats {
        let events: Vec<Event> = micros.iter().map(|&us| event_at(us)).collect();
        timing_stats(&events)
    }

    #[test]
    fn no_events_give_count_zero_duration_zero_and_no_iat_keys() {
        assert_eq!(stats_of(&[]), TimingStats::without_iats(0, 0.0));
    }

    #[test]
    fn one_event_has_duration_zero_and_no_iat_keys() {
        assert_eq!(stats_of(&[5_000_000]), TimingStats::without_iats(1, 0.0));
    }

    #[test]
    fn a_single_iat_has_stdev_zero_and_cv_zero() {
        let stats = stats_of(&[0, 2_500_000]);
        assert_eq!(stats.mean_iat_s, Some(2.5));
        assert_eq!(stats.median_iat_s, Some(2.5));
        assert_eq!(stats.stdev_iat_s, Some(0.0));
        assert_eq!(stats.cv, Some(0.0));
    }

    #[test]
    fn cv_is_none_when_the_mean_is_zero() {
        let stats = stats_of(&[7, 7, 7]);
        assert_eq!(stats.mean_iat_s, Some(0.0));
        assert_eq!(stats.cv, None);
    }

    #[test]
    fn events_are_sorted_by_instant_before_taking_gaps() {
        let stats = stats_of(&[3_000_000, 0, 1_000_000]);
        assert_eq!(stats.min_iat_s, Some(1.0));
        assert_eq!(stats.max_iat_s, Some(2.0));
        assert_eq!(stats.duration_s, 3.0);
    }

    #[test]
    fn seconds_are_rounded_half_even_on_the_exact_binary_value() {
        // Gaps of 0.0005 s and 0.0045 s: Python rounds them to 0.001 and
        // 0.004, which no decimal-scaling shortcut gets both right.
        let stats = stats_of(&[0, 500, 5_000]);
        assert_eq!(stats.min_iat_s, Some(0.001));
        assert_eq!(stats.max_iat_s, Some(0.004));
    }

    #[test]
    fn median_of_an_even_count_averages_the_middle_two_gaps() {
        let stats = stats_of(&[0, 700_000, 800_000, 1_500_000, 3_000_000]);
        // Gaps 0.7, 0.1, 0.7, 1.5: middle two 0.7 and 0.7.
        assert_eq!(stats.median_iat_s, Some(0.7));
        let stats = stats_of(&[0, 700_000, 800_000]);
        assert_eq!(stats.median_iat_s, Some(0.4));
    }

    #[test]
    fn cv_uses_the_unrounded_stdev_and_mean() {
        // Gaps 60.001, 59.998, 60.004, 59.997 s.
        let stats = stats_of(&[0, 60_001_000, 119_999_000, 180_003_000, 240_000_000]);
        assert_eq!(stats.stdev_iat_s, Some(0.003));
        // 0.0027386127875252855 / 60.0 rounds to 0.0; the rounded
        // 0.003 / 60.0 = 5e-05 would round to 0.0001.
        assert_eq!(stats.cv, Some(0.0));
        let stats = stats_of(&[0, 1_000_000, 1_500_000, 3_500_000]);
        assert_eq!(stats.cv, Some(0.5345));
    }

    #[test]
    fn merge_and_extend_see_the_same_instants_as_pushing() {
        let events: Vec<Event> = [4, 1, 9, 16].iter().map(|&us| event_at(us)).collect();
        let mut pushed = TimingAccumulator::new();
        events.iter().for_each(|event| pushed.push(event));
        let mut left = TimingAccumulator::new();
        left.extend(&events[..2]);
        let right: TimingAccumulator = events[2..].iter().collect();
        assert_eq!(left.merge(right).finish(), pushed.finish());
    }
}
