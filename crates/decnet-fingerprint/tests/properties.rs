//! Invariants of the fingerprint rollup over arbitrary event lists.

use std::collections::HashSet;

use decnet_event::{Event, Fields, Timestamp};
use decnet_fingerprint::{RollupAccumulator, SnapshotSource, sniffer_rollup};
use proptest::prelude::*;

const EVENT_TYPES: [&str; 6] = [
    "tcp_syn_fingerprint",
    "tcpfp_fingerprint",
    "tcp_flow_timing",
    "hassh_fingerprint",
    "ssh_client_banner",
    "connection",
];

const NAMES: [&str; 10] = [
    "os_guess",
    "ttl",
    "initial_ttl",
    "hop_distance",
    "ipid_class",
    "isn_class",
    "retransmits",
    "kex_algorithms",
    "ssh_version",
    "window",
];

const VALUES: [&str; 12] = [
    "",
    "unknown",
    "Linux",
    "Windows",
    "60",
    "121",
    "250",
    "3",
    "-2",
    "x",
    "18446744073709551616",
    " 4 ",
];

/// Fingerprinting events whose fields come from small pools, so that
/// repeats, ties and unreadable values are common.
fn events() -> impl Strategy<Value = Vec<Event>> {
    let event = (
        prop::sample::select(EVENT_TYPES.to_vec()),
        prop::collection::vec(
            (
                prop::sample::select(NAMES.to_vec()),
                prop::sample::select(VALUES.to_vec()),
            ),
            0..5,
        ),
    )
        .prop_map(|(event_type, fields)| Event {
            timestamp: Timestamp::from_unix_micros(0, 0).expect("a zero offset is valid"),
            decky: "decky-01".into(),
            service: "sniffer".into(),
            event_type: event_type.into(),
            attacker_ip: None,
            fields: fields.into_iter().collect::<Fields>(),
            kind: Default::default(),
        });
    prop::collection::vec(event, 0..25)
}

fn fold(events: &[Event]) -> RollupAccumulator {
    let mut acc = RollupAccumulator::new();
    for event in events {
        acc.push(event);
    }
    acc
}

/// The values of `name` on events of `event_type`, in list order.
fn values<'a>(events: &'a [Event], event_type: &str, name: &str) -> Vec<&'a str> {
    events
        .iter()
        .filter(|e| e.event_type == event_type)
        .filter_map(|e| e.fields.get(name))
        .collect()
}

/// The non-empty values, each once, in first-seen order.
fn first_seen<'a>(values: &[&'a str]) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    values
        .iter()
        .copied()
        .filter(|v| !v.is_empty() && seen.insert(*v))
        .collect()
}

proptest! {
    #[test]
    fn rollup_lists_hold_no_duplicates_and_keep_first_seen_order(events in events()) {
        let rollup = sniffer_rollup(&events);
        let kex = values(&events, "hassh_fingerprint", "kex_algorithms");
        let banners = values(&events, "ssh_client_banner", "ssh_version");
        prop_assert_eq!(rollup.kex_order_raw, first_seen(&kex));
        prop_assert_eq!(rollup.ssh_client_banners, first_seen(&banners));
    }

    #[test]
    fn merging_accumulators_equals_pushing_all(
        events in events(),
        split in any::<prop::sample::Index>(),
    ) {
        let (earlier, later) = events.split_at(split.index(events.len() + 1));
        prop_assert_eq!(fold(earlier).merge(fold(later)).finish(), sniffer_rollup(&events));
    }

    #[test]
    fn hop_distance_is_positive_and_between_the_extreme_sniffer_hops(events in events()) {
        let only_sniffer: Vec<Event> =
            events.into_iter().filter(|e| e.event_type != "tcpfp_fingerprint").collect();
        let hops: Vec<i64> = values(&only_sniffer, "tcp_syn_fingerprint", "hop_distance")
            .into_iter()
            .filter_map(|h| h.trim().parse().ok())
            .filter(|&h| h > 0)
            .collect();
        let hop = sniffer_rollup(&only_sniffer).hop_distance;
        match (hops.iter().min(), hops.iter().max()) {
            (Some(&low), Some(&high)) => prop_assert!(hop.is_some_and(|h| low <= h && h <= high)),
            _ => prop_assert_eq!(hop, None),
        }
    }

    #[test]
    fn os_guess_is_a_known_sniffer_label_or_a_ttl_bucket(events in events()) {
        let labels = values(&events, "tcp_syn_fingerprint", "os_guess");
        let known: Vec<&str> =
            labels.into_iter().filter(|l| !l.is_empty() && *l != "unknown").collect();
        let guess = sniffer_rollup(&events).os_guess;
        if known.is_empty() {
            let buckets = ["linux", "windows", "embedded"];
            prop_assert!(guess.as_deref().is_none_or(|g| buckets.contains(&g)));
        } else {
            prop_assert!(guess.as_deref().is_some_and(|g| known.contains(&g)));
        }
    }

    #[test]
    fn snapshot_comes_from_the_last_fingerprint_event(events in events()) {
        let last = events
            .iter()
            .rev()
            .map(|e| e.event_type.as_str())
            .find(|t| *t == "tcp_syn_fingerprint" || *t == "tcpfp_fingerprint");
        let source = sniffer_rollup(&events).tcp_fingerprint.map(|fp| fp.source);
        match last {
            None => prop_assert_eq!(source, None),
            Some("tcpfp_fingerprint") => prop_assert_eq!(source, Some(SnapshotSource::Prober)),
            Some(_) => {
                let from_sniffer = matches!(source, Some(SnapshotSource::Sniffer { .. }));
                prop_assert!(from_sniffer, "{:?}", source);
            }
        }
    }
}
