//! `sniffer_rollup` over decoded events: it never panics, its lists hold
//! each non-empty value once, its hop distance is positive, and merging
//! the accumulators of two parts equals pushing every event.
#![no_main]

use std::collections::HashSet;

use decnet_event::Event;
use decnet_event::fuzzing::events_and_split;
use decnet_fingerprint::{RollupAccumulator, sniffer_rollup};
use libfuzzer_sys::fuzz_target;

fn fold(events: &[Event]) -> RollupAccumulator {
    let mut acc = RollupAccumulator::new();
    events.iter().for_each(|event| acc.push(event));
    acc
}

fn distinct_and_non_empty(list: &[String]) -> bool {
    let mut seen = HashSet::new();
    list.iter()
        .all(|item| !item.is_empty() && seen.insert(item))
}

fuzz_target!(|data: &[u8]| {
    let (events, split) = events_and_split(data);
    let rollup = sniffer_rollup(&events);

    assert!(distinct_and_non_empty(&rollup.kex_order_raw), "{rollup:?}");
    assert!(
        distinct_and_non_empty(&rollup.ssh_client_banners),
        "{rollup:?}"
    );
    assert!(
        rollup.hop_distance.is_none_or(|hops| hops > 0),
        "{rollup:?}"
    );

    let (earlier, later) = events.split_at(split);
    assert_eq!(fold(earlier).merge(fold(later)).finish(), rollup);
});
