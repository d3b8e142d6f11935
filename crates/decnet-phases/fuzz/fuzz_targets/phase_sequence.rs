//! `phase_sequence` over decoded events: it never panics, its latency is
//! never negative, it counts each large payload event once, it does not
//! depend on event order, and merging the accumulators of two parts equals
//! pushing every event (offsets included).
#![no_main]

use decnet_event::Event;
use decnet_event::fuzzing::events_and_split;
use decnet_event::py::dumps;
use decnet_phases::{PhaseAccumulator, phase_sequence};
use libfuzzer_sys::fuzz_target;

fn fold(events: &[Event]) -> PhaseAccumulator {
    let mut acc = PhaseAccumulator::new();
    events.iter().for_each(|event| acc.push(event));
    acc
}

fuzz_target!(|data: &[u8]| {
    let (events, split) = events_and_split(data);
    let phases = phase_sequence(&events);
    // The JSON text holds each timestamp with its offset.
    let text = dumps(&phases);

    assert!(phases.exfil_latency_s.is_none_or(|s| s >= 0.0), "{text}");
    assert!(phases.large_payload_count <= events.len() as u64, "{text}");

    let reversed: Vec<Event> = events.iter().rev().cloned().collect();
    assert_eq!(phase_sequence(&reversed), phases);

    let (earlier, later) = events.split_at(split);
    assert_eq!(dumps(&fold(earlier).merge(fold(later)).finish()), text);
});
