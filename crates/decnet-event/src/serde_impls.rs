//! The JSON shape of events: the one the conformance corpus's record
//! events use.
//!
//! A [`Timestamp`] is its [`Timestamp::isoformat`] string (read back with
//! [`Timestamp::parse_iso`]); [`Fields`] is an object in insertion order;
//! [`EventKind`] is `"attacker"` or `"mutation"`; an [`Event`] is an object
//! with the keys `timestamp`, `decky`, `service`, `event_type`,
//! `attacker_ip`, `fields` and `kind`.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Event, EventKind, Fields, Timestamp};

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct IsoVisitor;

        impl Visitor<'_> for IsoVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 timestamp that Python's datetime.fromisoformat reads")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse_iso(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(IsoVisitor)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Reads an object of strings. A repeated name keeps its first place and
/// takes its last value, as Python's `json.loads` does.
impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string values")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Fields, A::Error> {
                let mut fields = Fields::new();
                while let Some((name, value)) = access.next_entry::<String, String>()? {
                    fields.insert(name, value);
                }
                Ok(fields)
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EventKind, D::Error> {
        struct KindVisitor;

        impl Visitor<'_> for KindVisitor {
            type Value = EventKind;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"attacker\" or \"mutation\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<EventKind, E> {
                match text {
                    "attacker" => Ok(EventKind::Attacker),
                    "mutation" => Ok(EventKind::Mutation),
                    other => Err(E::unknown_variant(other, &["attacker", "mutation"])),
                }
            }
        }

        deserializer.deserialize_str(KindVisitor)
    }
}

/// The JSON object of an [`Event`], as written.
#[derive(Serialize)]
struct EventOut<'a> {
    timestamp: &'a Timestamp,
    decky: &'a str,
    service: &'a str,
    event_type: &'a str,
    attacker_ip: Option<&'a str>,
    fields: &'a Fields,
    kind: EventKind,
}

/// The JSON object of an [`Event`], as read: `attacker_ip`, `fields` and
/// `kind` may be missing, and unknown keys (such as the parser corpus's
/// `raw`) are ignored.
#[derive(Deserialize)]
struct EventIn {
    timestamp: Timestamp,
    decky: String,
    service: String,
    event_type: String,
    #[serde(default)]
    attacker_ip: Option<String>,
    #[serde(default)]
    fields: Fields,
    #[serde(default)]
    kind: Option<EventKind>,
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EventOut {
            timestamp: &self.timestamp,
            decky: &self.decky,
            service: &self.service,
            event_type: &self.event_type,
            attacker_ip: self.attacker_ip.as_deref(),
            fields: &self.fields,
            kind: self.kind,
        }
        .serialize(serializer)
    }
}

/// Reads an event object. A missing `attacker_ip` is `None`, missing
/// `fields` are empty, and a missing `kind` is what [`EventKind::of`]
/// gives for the service and event type, the same kind
/// [`parse_line`](crate::parse_line) would give the event.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        let event = EventIn::deserialize(deserializer)?;
        let kind = event
            .kind
            .unwrap_or_else(|| EventKind::of(&event.service, &event.event_type));
        Ok(Event {
            timestamp: event.timestamp,
            decky: event.decky,
            service: event.service,
            event_type: event.event_type,
            attacker_ip: event.attacker_ip,
            fields: event.fields,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record event as FORMAT.md shows one. Read from text, since a
    /// `serde_json::Value` object does not keep key order.
    const RECORD_EVENT: &str = r#"{"timestamp": "2026-05-23T21:01:28.176678+09:00",
        "decky": "decky-01", "service": "ssh", "event_type": "connection",
        "attacker_ip": "10.0.0.7", "fields": {"b": "1", "a": "2"}}"#;

    fn record_event() -> serde_json::Value {
        serde_json::from_str(RECORD_EVENT).expect("valid JSON")
    }

    #[test]
    fn a_record_event_reads_and_writes_back_with_its_offset_and_field_order() {
        let event: Event = serde_json::from_str(RECORD_EVENT).expect("valid event");
        assert_eq!(
            event.timestamp.isoformat(),
            "2026-05-23T21:01:28.176678+09:00"
        );
        assert_eq!(
            event.fields.iter().collect::<Vec<_>>(),
            [("b", "1"), ("a", "2")]
        );

        let text = serde_json::to_string(&event).expect("serializable");
        assert!(text.contains(r#""fields":{"b":"1","a":"2"},"kind":"attacker"}"#));
        let mut written: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        written.as_object_mut().expect("an object").remove("kind");
        assert_eq!(written, record_event());
    }

    #[test]
    fn a_missing_kind_follows_service_and_event_type() {
        let mut value = record_event();
        value["service"] = "mutator".into();
        value["event_type"] = "decky_mutated".into();
        let event: Event = serde_json::from_value(value).expect("valid event");
        assert_eq!(event.kind, EventKind::Mutation);
    }

    #[test]
    fn a_given_kind_wins() {
        let mut value = record_event();
        value["kind"] = "mutation".into();
        let event: Event = serde_json::from_value(value).expect("valid event");
        assert_eq!(event.kind, EventKind::Mutation);
    }

    #[test]
    fn a_null_attacker_ip_is_none() {
        let mut value = record_event();
        value["attacker_ip"] = serde_json::Value::Null;
        let event: Event = serde_json::from_value(value).expect("valid event");
        assert_eq!(event.attacker_ip, None);
    }

    #[test]
    fn a_repeated_field_name_keeps_its_place_and_takes_the_last_value() {
        let fields: Fields =
            serde_json::from_str(r#"{"a": "1", "b": "2", "a": "3"}"#).expect("valid object");
        assert_eq!(fields.iter().collect::<Vec<_>>(), [("a", "3"), ("b", "2")]);
    }

    #[test]
    fn a_naive_timestamp_reads_as_utc_and_a_bad_one_is_an_error() {
        let ts: Timestamp = serde_json::from_str(r#""2024-03-05T07:08""#).expect("valid");
        assert_eq!(ts.isoformat(), "2024-03-05T07:08:00+00:00");
        assert!(serde_json::from_str::<Timestamp>(r#""2024-03-05T24:00""#).is_err());
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        assert!(serde_json::from_str::<EventKind>(r#""defender""#).is_err());
    }
}
