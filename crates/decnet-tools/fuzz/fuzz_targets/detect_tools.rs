//! `detect_tools_from_headers` over decoded events: it never panics,
//! reports each tool once, only adds tools after those of earlier events,
//! and merging the accumulators of two parts equals pushing every event.
#![no_main]

use decnet_event::Event;
use decnet_event::fuzzing::events_and_split;
use decnet_tools::{HeaderToolsAccumulator, detect_tools_from_headers};
use libfuzzer_sys::fuzz_target;

fn fold(events: &[Event]) -> HeaderToolsAccumulator {
    let mut acc = HeaderToolsAccumulator::new();
    events.iter().for_each(|event| acc.push(event));
    acc
}

fuzz_target!(|data: &[u8]| {
    let (events, split) = events_and_split(data);
    let tools = detect_tools_from_headers(&events);

    let mut distinct = tools.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), tools.len(), "{tools:?}");

    let (earlier, later) = events.split_at(split);
    let head = detect_tools_from_headers(earlier);
    assert_eq!(&tools[..head.len()], &head[..]);
    assert_eq!(fold(earlier).merge(fold(later)).finish(), tools);
});
