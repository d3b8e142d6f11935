//! Tanner (T-Pot's web honeypot) requests to DECNET `request` events.
//!
//! They take the shape DECNET's own HTTP decky logs: service `http`, event
//! type `request`, fields `remote_addr` (the attacker, from `peer.ip`),
//! `src_port` (`peer.port`), `method`, `path`, `status`, and `headers` as
//! the JSON text of the logged object, so a `null` User-Agent stays JSON
//! `null`. Tanner's timestamps carry no UTC offset and are taken as UTC.

use decnet_event::{Event, EventKind, Fields, Timestamp};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::json_line::{self, JsonLine, field_text};
use crate::mapping::{LineOutcome, Reject};

/// The `peer` object of a Tanner request.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Peer<'a> {
    #[serde(borrow)]
    ip: Option<&'a RawValue>,
    #[serde(borrow)]
    port: Option<&'a RawValue>,
}

/// Maps one Tanner request, reported by the decky `decky`.
pub(crate) fn map(line: &JsonLine<'_>, decky: &str) -> LineOutcome<'static> {
    let timestamp = line
        .timestamp
        .and_then(json_line::string)
        .and_then(|text| Timestamp::parse_iso(&text).ok());
    let Some(timestamp) = timestamp else {
        return LineOutcome::Rejected(Reject::new("Tanner request without a valid timestamp"));
    };
    let Some(peer) = line
        .peer
        .and_then(|raw| serde_json::from_str::<Peer<'_>>(raw.get()).ok())
    else {
        return LineOutcome::Rejected(Reject::new("Tanner peer is not an object"));
    };

    let attacker_ip = peer.ip.and_then(field_text);
    let mut fields = Fields::new();
    if let Some(ip) = &attacker_ip {
        fields.insert("remote_addr", ip.as_str());
    }
    for (name, raw) in [
        ("src_port", peer.port),
        ("method", line.method),
        ("path", line.path),
        ("status", line.status),
        ("headers", line.headers),
    ] {
        if let Some(text) = raw.and_then(field_text) {
            fields.insert(name, text);
        }
    }
    LineOutcome::Events(
        Event {
            timestamp,
            decky: decky.to_owned(),
            service: "http".to_owned(),
            event_type: "request".to_owned(),
            attacker_ip,
            fields,
            kind: EventKind::Attacker,
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(line: &str) -> Event {
        let object = JsonLine::parse(line).expect("test line is valid JSON");
        match map(&object, "tpot") {
            LineOutcome::Events(event, None) => event,
            other => panic!("expected one event, got {other:?}"),
        }
    }

    #[test]
    fn a_request_maps_to_decnet_http_request_fields() {
        let event = event(
            r#"{"method": "GET", "path": "/.env", "headers": {"host": "192.0.2.10", "user-agent": "Mozilla/5.0 zgrab/0.x"}, "peer": {"ip": "198.51.100.163", "port": 51078}, "status": 200, "timestamp": "2022-05-28T09:20:23.880481"}"#,
        );
        assert_eq!(
            (event.service.as_str(), event.event_type.as_str()),
            ("http", "request")
        );
        assert_eq!(event.decky, "tpot");
        assert_eq!(event.attacker_ip.as_deref(), Some("198.51.100.163"));
        let fields: Vec<_> = event.fields.iter().collect();
        assert_eq!(
            fields,
            [
                ("remote_addr", "198.51.100.163"),
                ("src_port", "51078"),
                ("method", "GET"),
                ("path", "/.env"),
                ("status", "200"),
                (
                    "headers",
                    r#"{"host": "192.0.2.10", "user-agent": "Mozilla/5.0 zgrab/0.x"}"#
                ),
            ]
        );
    }

    #[test]
    fn timestamps_without_offset_are_utc() {
        let event = event(
            r#"{"method": "GET", "path": "/", "peer": {"ip": "198.51.100.1", "port": 1}, "timestamp": "2022-05-28T08:49:11.320469"}"#,
        );
        assert_eq!(event.timestamp.offset_micros(), 0);
    }

    #[test]
    fn a_null_user_agent_stays_json_null() {
        let event = event(
            r#"{"method": "GET", "path": "/", "headers": {"user-agent": null}, "peer": {"ip": "198.51.100.1", "port": 1}, "timestamp": "2022-05-28T08:49:11"}"#,
        );
        assert_eq!(event.fields.get("headers"), Some(r#"{"user-agent": null}"#));
    }

    #[test]
    fn a_peer_that_is_not_an_object_is_a_reject() {
        let object = JsonLine::parse(
            r#"{"method": "GET", "path": "/", "peer": "198.51.100.1", "timestamp": "2022-05-28T08:49:11"}"#,
        )
        .expect("valid JSON");
        assert!(matches!(map(&object, "t"), LineOutcome::Rejected(r) if r.reason.contains("peer")));
    }
}
