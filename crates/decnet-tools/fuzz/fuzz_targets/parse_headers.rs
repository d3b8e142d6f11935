//! `parse_headers` on any text (JSON, Python literals, or neither): it
//! never panics, its header names are unique, and a request carrying the
//! text is attributed each tool at most once.
#![no_main]

use decnet_event::{Event, EventKind, Fields, Timestamp};
use decnet_tools::{detect_tools_from_headers, parse_headers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(headers) = parse_headers(text) {
        let mut names: Vec<_> = headers.iter().map(|(name, _)| name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), headers.len());
    }

    let mut fields = Fields::new();
    fields.insert("headers", text);
    let Some(timestamp) = Timestamp::from_unix_micros(0, 0) else {
        return;
    };
    let request = Event {
        timestamp,
        decky: "decky-01".into(),
        service: "http".into(),
        event_type: "request".into(),
        attacker_ip: None,
        fields,
        kind: EventKind::Attacker,
    };
    let tools = detect_tools_from_headers(&[request]);
    let mut distinct = tools.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), tools.len(), "{tools:?}");
});
