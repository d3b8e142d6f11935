//! `timing_stats` over decoded events: it never panics, counts every
//! event, orders its IAT statistics, does not depend on event order, and
//! merging the accumulators of two parts equals pushing every event.
#![no_main]

use decnet_event::Event;
use decnet_event::fuzzing::events_and_split;
use decnet_event::py::dumps;
use decnet_timing::{TimingAccumulator, timing_stats};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (events, split) = events_and_split(data);
    let stats = timing_stats(&events);
    // The JSON text tells every float apart, NaN included.
    let text = dumps(&stats);

    assert_eq!(stats.event_count, events.len() as u64);
    if let (Some(min), Some(median), Some(max)) =
        (stats.min_iat_s, stats.median_iat_s, stats.max_iat_s)
    {
        assert!(0.0 <= min && min <= median && median <= max, "{text}");
    }
    assert!(stats.cv.is_none_or(|cv| cv >= 0.0), "{text}");

    let reversed: Vec<Event> = events.iter().rev().cloned().collect();
    assert_eq!(dumps(&timing_stats(&reversed)), text);

    let (earlier, later) = events.split_at(split);
    let earlier: TimingAccumulator = earlier.iter().collect();
    let merged = earlier.merge(later.iter().collect()).finish();
    assert_eq!(dumps(&merged), text);
});
