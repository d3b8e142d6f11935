//! Invariants of the phase sequence over arbitrary event lists.

use decnet_event::{Event, Fields, Timestamp};
use decnet_phases::{Phase, PhaseAccumulator, PhaseSequence, phase_sequence};
use proptest::prelude::*;

const EVENT_TYPES: [&str; 8] = [
    "scan",
    "auth_failure",
    "banner",
    "download",
    "command",
    "shell_input",
    "request",
    "Scan",
];

const SIZES: [&str; 8] = [
    "1048576",
    "1048575",
    " 2_000_000 ",
    "-5000000",
    "1e7",
    "",
    "\u{0661}\u{0660}\u{0660}\u{0660}\u{0660}\u{0660}\u{0660}\u{0660}",
    "99999999999999999999",
];

/// Events over a short span with few distinct offsets, so that equal
/// instants written with different offsets are common.
fn events() -> impl Strategy<Value = Vec<Event>> {
    let event = (
        0i64..40,
        -2i64..=2,
        prop::sample::select(EVENT_TYPES.to_vec()),
        prop::collection::vec(
            (
                prop::sample::select(vec!["bytes", "size", "content_length", "length"]),
                prop::sample::select(SIZES.to_vec()),
            ),
            0..3,
        ),
    )
        .prop_map(|(second, offset_h, event_type, fields)| Event {
            timestamp: Timestamp::from_unix_micros(second * 500_001, offset_h * 3_600_000_000)
                .expect("offsets of at most two hours are valid"),
            decky: "decky-01".into(),
            service: "ssh".into(),
            event_type: event_type.into(),
            attacker_ip: None,
            fields: fields.into_iter().collect::<Fields>(),
            kind: Default::default(),
        });
    prop::collection::vec(event, 0..30)
}

fn fold(events: &[Event]) -> PhaseAccumulator {
    let mut acc = PhaseAccumulator::new();
    for event in events {
        acc.push(event);
    }
    acc
}

/// Whether an event belongs to `phase`.
fn in_phase(phase: Phase) -> impl Fn(&&Event) -> bool {
    move |event| Phase::of(&event.event_type) == Some(phase)
}

/// The timestamps with their offsets, which equality of timestamps ignores.
fn written(phases: &PhaseSequence) -> [Option<(i64, i64)>; 2] {
    [phases.recon_end, phases.exfil_start]
        .map(|at| at.map(|t| (t.unix_micros(), t.offset_micros())))
}

proptest! {
    #[test]
    fn phase_latency_is_never_negative(events in events()) {
        let latency = phase_sequence(&events).exfil_latency_s;
        prop_assert!(latency.is_none_or(|s| s >= 0.0 && s.is_sign_positive()), "{latency:?}");
    }

    #[test]
    fn large_payload_count_is_at_most_the_event_count(events in events()) {
        let count = phase_sequence(&events).large_payload_count;
        prop_assert!(count <= events.len() as u64);
    }

    #[test]
    fn merging_accumulators_equals_pushing_all(
        events in events(),
        split in any::<prop::sample::Index>(),
    ) {
        let (earlier, later) = events.split_at(split.index(events.len() + 1));
        let merged = fold(earlier).merge(fold(later)).finish();
        let whole = phase_sequence(&events);
        prop_assert_eq!(written(&merged), written(&whole));
        prop_assert_eq!(merged, whole);
    }

    #[test]
    fn agrees_with_walking_a_stably_sorted_copy(events in events()) {
        let mut sorted: Vec<&Event> = events.iter().collect();
        sorted.sort_by_key(|event| event.timestamp);
        let recon_end = sorted.iter().rev().copied().find(in_phase(Phase::Recon));
        let exfil_start = sorted.iter().copied().find(in_phase(Phase::Exfil));
        let phases = phase_sequence(&events);
        let expected = [recon_end, exfil_start]
            .map(|event| event.map(|e| (e.timestamp.unix_micros(), e.timestamp.offset_micros())));
        prop_assert_eq!(written(&phases), expected);
    }

    #[test]
    fn instants_counts_and_latency_do_not_depend_on_list_order(mut events in events()) {
        let before = phase_sequence(&events);
        events.reverse();
        prop_assert_eq!(phase_sequence(&events), before);
    }
}
