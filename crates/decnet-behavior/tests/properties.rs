//! Invariants of the behaviour record over generated event lists.

use std::fmt;

use decnet_behavior::{
    BehaviorAccumulator, BehaviorClass, BehaviorRow, Tool, build_behavior_record,
};
use decnet_event::fuzzing::events_from_bytes;
use decnet_event::py::dumps;
use decnet_event::{Event, EventKind, Fields, Timestamp};
use proptest::prelude::*;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

const SERVICES: [&str; 4] = ["ssh", "http", "smb", "sniffer"];

const EVENT_TYPES: [&str; 10] = [
    "connection",
    "login_attempt",
    "command",
    "download",
    "request",
    "tcp_syn_fingerprint",
    "tcpfp_fingerprint",
    "tcp_flow_timing",
    "hassh_fingerprint",
    "ssh_client_banner",
];

const FIELDS: [(&str, &str); 16] = [
    ("headers", r#"{"User-Agent": "sqlmap/1.7"}"#),
    (
        "headers",
        "{'User-Agent': 'curl/8.0', 'X-Mailer': 'gophish'}",
    ),
    ("headers", r#"{"User-Agent": "Nmap Scripting Engine"}"#),
    ("os_guess", "nmap"),
    ("os_guess", "Linux"),
    ("ttl", "64"),
    ("ttl", "121"),
    ("hop_distance", "3"),
    ("window", "29200"),
    ("retransmits", "2"),
    ("kex_algorithms", "curve25519-sha256"),
    ("kex_algorithms", "diffie-hellman-group14-sha1"),
    ("ssh_version", "SSH-2.0-OpenSSH_8.9"),
    ("ssh_version", "SSH-2.0-Go"),
    ("bytes", "2000000"),
    ("size", "\u{661}\u{660}"),
];

/// 2026-05-01T00:00:00Z in microseconds.
const START_US: i64 = 1_777_593_600_000_000;

/// Events at a steady cadence with some jitter, from one to four services
/// (so every class, beaconing included, comes up), with a few offsets and
/// fields that the fingerprint, phase and header detectors read.
fn cadenced_events() -> impl Strategy<Value = Vec<Event>> {
    let interval_s = prop_oneof![Just(0i64), 1i64..5, 5i64..70, 0i64..4000];
    let event = (
        0u32..=100,
        0usize..SERVICES.len(),
        prop::sample::select(EVENT_TYPES.to_vec()),
        prop::collection::vec(prop::sample::select(FIELDS.to_vec()), 0..3),
        -8i64..=8,
    );
    (
        interval_s,
        0u32..=60,
        1usize..=SERVICES.len(),
        prop::collection::vec(event, 0..24),
    )
        .prop_map(|(interval_s, max_jitter_pct, services, parts)| {
            let mut instant_us = START_US;
            parts
                .into_iter()
                .map(|(jitter, service, event_type, fields, offset_h)| {
                    // Jitter from -max to +max percent of the interval.
                    let jitter_pct =
                        i64::from(jitter * max_jitter_pct / 50) - i64::from(max_jitter_pct);
                    instant_us += interval_s * 1_000_000 * (100 + jitter_pct) / 100;
                    let service = SERVICES[service % services];
                    Event {
                        timestamp: Timestamp::from_unix_micros(
                            instant_us,
                            offset_h * 3_600_000_000,
                        )
                        .expect("offsets of at most 8 hours are valid"),
                        decky: "decky-01".into(),
                        service: service.into(),
                        event_type: event_type.into(),
                        attacker_ip: Some("10.0.0.7".into()),
                        fields: fields.into_iter().collect::<Fields>(),
                        kind: EventKind::of(service, event_type),
                    }
                })
                .collect()
        })
}

/// Cadenced events, or any events the fuzz input format can describe.
fn events() -> impl Strategy<Value = Vec<Event>> {
    prop_oneof![
        3 => cadenced_events(),
        1 => prop::collection::vec(any::<u8>(), 0..1024).prop_map(|bytes| events_from_bytes(&bytes)),
    ]
}

fn fold(events: &[Event]) -> BehaviorAccumulator {
    let mut acc = BehaviorAccumulator::new();
    for event in events {
        acc.push(event);
    }
    acc
}

/// The row as JSON text, which tells every float bit pattern apart.
fn text(row: &BehaviorRow) -> String {
    dumps(row)
}

/// A JSON value as written: numbers as read, objects in written order. What
/// a JSON-text column is parsed into and written back from.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct JsonVisitor;

        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
                Ok(Json::UInt(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
                Ok(Json::String(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Json::Object(entries))
            }
        }

        deserializer.deserialize_any(JsonVisitor)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(v) => serializer.serialize_bool(*v),
            Json::Int(v) => serializer.serialize_i64(*v),
            Json::UInt(v) => serializer.serialize_u64(*v),
            Json::Float(v) => serializer.serialize_f64(*v),
            Json::String(v) => serializer.serialize_str(v),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_json_text_column_parses_and_reserializes_to_the_same_bytes(events in events()) {
        let row = build_behavior_record(&events).to_row();
        for (_, column) in row.json_text_columns() {
            let parsed = serde_json::from_str::<Json>(column);
            prop_assert!(parsed.is_ok(), "{} is not JSON: {:?}", column, parsed);
            let parsed = parsed.expect("checked just above");
            prop_assert_eq!(&dumps(&parsed), column);
        }
    }

    #[test]
    fn merging_accumulators_equals_pushing_all(events in events()) {
        let whole = text(&build_behavior_record(&events).to_row());
        for split in 0..=events.len() {
            let (earlier, later) = events.split_at(split);
            let merged = fold(earlier).merge(fold(later)).finish();
            prop_assert_eq!(text(&merged.to_row()), whole.as_str(), "split at {}", split);
        }
    }

    #[test]
    fn record_does_not_depend_on_how_events_are_batched(
        events in events(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(events.len() + 1)).collect();
        cuts.push(0);
        cuts.push(events.len());
        cuts.sort_unstable();
        let batches: Vec<BehaviorAccumulator> =
            cuts.windows(2).map(|w| fold(&events[w[0]..w[1]])).collect();

        let whole = text(&build_behavior_record(&events).to_row());
        // Left to right, and right to left (each batch merged with the
        // merge of all later ones).
        let left = batches.iter().cloned().reduce(BehaviorAccumulator::merge);
        let right = batches.iter().cloned().rev().reduce(|later, earlier| earlier.merge(later));
        for acc in [left, right] {
            let record = acc.unwrap_or_default().finish();
            prop_assert_eq!(text(&record.to_row()), whole.as_str());
        }
    }

    #[test]
    fn tool_guesses_hold_no_duplicates_and_nmap_when_the_os_guess_is_nmap(events in events()) {
        let record = build_behavior_record(&events);
        let mut distinct = record.tool_guesses.clone();
        distinct.sort();
        distinct.dedup();
        prop_assert_eq!(distinct.len(), record.tool_guesses.len(), "{:?}", record.tool_guesses);
        if record.os_guess.as_deref() == Some("nmap") {
            prop_assert!(record.tool_guesses.contains(&Tool::Nmap), "{:?}", record.tool_guesses);
        }
    }

    #[test]
    fn beacon_fields_are_set_exactly_when_class_is_beaconing(events in events()) {
        let record = build_behavior_record(&events);
        let beaconing = record.behavior_class == BehaviorClass::Beaconing;
        prop_assert_eq!(record.beacon_interval_s.is_some(), beaconing);
        prop_assert_eq!(record.beacon_jitter_pct.is_some(), beaconing);
        if beaconing {
            prop_assert_eq!(record.beacon_interval_s, record.timing_stats.mean_iat_s);
        }
    }

    #[test]
    fn event_count_and_class_agree_with_the_timing_statistics(events in events()) {
        let record = build_behavior_record(&events);
        prop_assert_eq!(record.timing_stats.event_count, events.len() as u64);
        if events.len() < 3 {
            prop_assert_eq!(record.behavior_class, BehaviorClass::Unknown);
        }
    }
}
