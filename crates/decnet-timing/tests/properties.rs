//! Invariants of the timing statistics.

use decnet_event::py::dumps;
use decnet_event::{Event, EventKind, Fields, Timestamp};
use decnet_timing::{TimingAccumulator, TimingStats, timing_stats};
use proptest::prelude::*;

fn event(instant_us: i64, offset_us: i64) -> Event {
    Event {
        timestamp: Timestamp::from_unix_micros(instant_us, offset_us).expect("offset within a day"),
        decky: "decky-01".into(),
        service: "ssh".into(),
        event_type: "connection".into(),
        attacker_ip: None,
        fields: Fields::new(),
        kind: EventKind::Attacker,
    }
}

/// Events of one attacker: instants within about 30 years, clustered so
/// that duplicates and sub-second gaps are common, with random offsets.
fn events() -> impl Strategy<Value = Vec<Event>> {
    let instant = prop_oneof![
        0i64..5,
        0i64..5_000_000,
        1_700_000_000_000_000i64..1_700_000_600_000_000,
        0i64..1_000_000_000_000_000,
    ];
    let offset = -86_399_999_999i64..86_400_000_000;
    prop::collection::vec((instant, offset), 0..40)
        .prop_map(|pairs| pairs.into_iter().map(|(us, off)| event(us, off)).collect())
}

/// The JSON text tells every float bit pattern apart.
fn text(stats: &TimingStats) -> String {
    dumps(stats)
}

proptest! {
    #[test]
    fn statistics_do_not_depend_on_event_order(
        (events, shuffled) in events().prop_flat_map(|events| (Just(events.clone()), Just(events).prop_shuffle()))
    ) {
        prop_assert_eq!(text(&timing_stats(&events)), text(&timing_stats(&shuffled)));
    }

    #[test]
    fn event_count_equals_input_length(events in events()) {
        prop_assert_eq!(timing_stats(&events).event_count, events.len() as u64);
    }

    #[test]
    fn iat_keys_are_present_exactly_from_two_events(events in events()) {
        let stats = timing_stats(&events);
        let present = [stats.mean_iat_s, stats.median_iat_s, stats.stdev_iat_s, stats.min_iat_s, stats.max_iat_s]
            .iter()
            .filter(|value| value.is_some())
            .count();
        prop_assert_eq!(present, if events.len() >= 2 { 5 } else { 0 });
        if events.len() < 2 {
            prop_assert_eq!(stats.duration_s, 0.0);
            prop_assert_eq!(stats.cv, None);
        }
    }

    #[test]
    fn min_le_median_le_max_and_cv_nonnegative(events in events()) {
        let stats = timing_stats(&events);
        if let (Some(min), Some(median), Some(mean), Some(max)) =
            (stats.min_iat_s, stats.median_iat_s, stats.mean_iat_s, stats.max_iat_s)
        {
            prop_assert!(0.0 <= min && min <= median && median <= max, "{:?}", stats);
            prop_assert!(min <= mean && mean <= max, "{:?}", stats);
            prop_assert!(max <= stats.duration_s, "{:?}", stats);
            prop_assert!(stats.stdev_iat_s.is_some_and(|stdev| stdev >= 0.0));
            prop_assert!(stats.cv.is_none_or(|cv| cv >= 0.0), "{:?}", stats);
            let first = events[0].timestamp;
            let simultaneous = events.iter().all(|e| e.timestamp == first);
            prop_assert_eq!(stats.cv.is_none(), simultaneous);
        }
    }

    #[test]
    fn merging_accumulators_equals_pushing_all(events in events(), split in any::<prop::sample::Index>()) {
        let at = split.index(events.len() + 1);
        let mut all = TimingAccumulator::new();
        events.iter().for_each(|event| all.push(event));
        let first: TimingAccumulator = events[..at].iter().collect();
        let later: TimingAccumulator = events[at..].iter().collect();
        prop_assert_eq!(text(&first.merge(later).finish()), text(&all.finish()));
    }

    #[test]
    fn offsets_do_not_change_the_statistics(events in events(), offset in -86_399_999_999i64..86_400_000_000) {
        let moved: Vec<Event> = events
            .iter()
            .map(|e| event(e.timestamp.unix_micros(), offset))
            .collect();
        prop_assert_eq!(text(&timing_stats(&events)), text(&timing_stats(&moved)));
    }
}
