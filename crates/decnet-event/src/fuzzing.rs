//! Events decoded from raw bytes, for fuzzing (feature `arbitrary`).
//!
//! Every fuzz target of the DECNET crates that reads events gets them from
//! here, so the byte format is defined once: [`events_from_bytes`] decodes
//! any byte string into an event list, [`events_to_bytes`] encodes an event
//! list back (to seed a fuzzer's corpus with real cases), and
//! [`Event`], [`Timestamp`], [`Fields`] and [`EventKind`] implement
//! [`arbitrary::Arbitrary`] with the same format.
//!
//! The format leans towards what the detectors read, so that a fuzzer
//! reaches their deep paths quickly:
//!
//! - a text is one byte picking a word of a small vocabulary (the event
//!   types, services, field names and field values the detectors test for,
//!   numbers next to their thresholds, header objects naming tools), or
//!   free text of a length that byte or the next two give;
//! - a timestamp is the previous event's instant, or a step of up to 18
//!   hours forward or back from it, or any instant at all; and a UTC offset
//!   in whole quarter hours, or any offset within a day.
//!
//! Every byte string decodes, and the encoding of an event list decodes
//! back to that list, offsets included, as long as each text is shorter
//! than 64 KiB (a longer one is cut at a character boundary).

use arbitrary::{Arbitrary, Unstructured};

use crate::{Event, EventKind, Fields, Timestamp};

/// Microseconds in one second.
const SECOND_US: i64 = 1_000_000;

/// Microseconds in one day: offsets lie strictly within ±1 day.
const DAY_US: i64 = 86_400 * SECOND_US;

/// Microseconds in a quarter hour, the unit of the short offset form.
const QUARTER_HOUR_US: i64 = 900 * SECOND_US;

/// The instant a decoded list starts from: 2026-05-01T00:00:00Z.
const START_US: i64 = 1_777_593_600 * SECOND_US;

/// The largest step between two neighbouring events that the short form
/// writes: 65 535 seconds and 999 999 microseconds.
const MAX_STEP_US: i64 = u16::MAX as i64 * SECOND_US + (SECOND_US - 1);

/// The choice byte of a text that announces a two-byte length.
const LONG_TEXT: u8 = u8::MAX;

/// The offset bytes from this one on announce an offset of eight bytes;
/// below it, bytes `0..=95` are that many quarter hours east of UTC and
/// bytes `96..=190` are `191 - byte` quarter hours west.
const EXACT_OFFSET: u8 = 191;

/// The largest number of quarter hours the short offset form holds.
const MAX_QUARTERS: u8 = 95;

/// The kind byte (modulo 3) of an event of the kind [`EventKind::of`]
/// gives its service and type.
const KIND_DERIVED: u8 = 0;
/// The kind byte of an [`EventKind::Attacker`] event, whatever its type.
const KIND_ATTACKER: u8 = 1;
/// The kind byte of an [`EventKind::Mutation`] event, whatever its type.
const KIND_MUTATION: u8 = 2;

const DECKIES: &[&str] = &["decky-01", "decky-02", "-"];

const SERVICES: &[&str] = &[
    "ssh", "http", "https", "smb", "ftp", "telnet", "smtp", "mysql", "sniffer", "prober",
    "mutator", "-",
];

const EVENT_TYPES: &[&str] = &[
    // Recon.
    "scan",
    "connection",
    "banner",
    "probe",
    "login_attempt",
    "auth",
    "auth_failure",
    // Exfiltration.
    "download",
    "upload",
    "file_transfer",
    "data_exfil",
    "command",
    "exec",
    "query",
    "shell_input",
    // Tools and fingerprints.
    "request",
    "tcp_syn_fingerprint",
    "tcpfp_fingerprint",
    "tcp_flow_timing",
    "hassh_fingerprint",
    "ssh_client_banner",
    // Others.
    "decky_mutated",
    "Scan",
    "-",
];

const ADDRESSES: &[&str] = &["10.0.0.7", "192.168.1.20", "2001:db8::1", ""];

const FIELD_NAMES: &[&str] = &[
    "headers",
    "bytes",
    "size",
    "content_length",
    "length",
    "os_guess",
    "ttl",
    "initial_ttl",
    "hop_distance",
    "window",
    "wscale",
    "mss",
    "options_sig",
    "has_sack",
    "has_timestamps",
    "tos",
    "dscp",
    "ecn",
    "ipid_class",
    "isn_class",
    "retransmits",
    "kex_algorithms",
    "ssh_version",
    "window_size",
    "window_scale",
    "options_order",
    "sack_ok",
    "timestamp",
    "src_ip",
    "command",
];

const FIELD_VALUES: &[&str] = &[
    "",
    "0",
    "1",
    "-1",
    "2",
    "3",
    "true",
    "false",
    "unknown",
    "Linux",
    "Windows",
    "nmap",
    "random",
    "incremental",
    "zero",
    // TTLs around the OS buckets.
    "54",
    "55",
    "64",
    "70",
    "71",
    "114",
    "115",
    "128",
    "135",
    "136",
    "234",
    "235",
    "255",
    "256",
    // Payload sizes around 1 MiB, and integers as Python's int() reads them.
    "1048575",
    "1048576",
    " 2_000_000 ",
    "1_048_576",
    "-5000000",
    "1e7",
    "\u{661}\u{660}\u{660}\u{660}\u{660}\u{660}\u{660}\u{660}",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    // TCP options, key exchanges and banners.
    "M1460,S,T,N,W7",
    "mss,sack,ts,nop,ws",
    "curve25519-sha256,diffie-hellman-group14-sha1",
    "SSH-2.0-OpenSSH_8.9",
    "SSH-2.0-libssh2_1.10.0",
    // Header values, in the forms the reader accepts and a few it does not.
    r#"{"User-Agent": "sqlmap/1.7"}"#,
    r#"{"User-Agent": "curl/8.0"}"#,
    r#"{"user-agent": "Mozilla/5.0 curl/8.0"}"#,
    r#"{"User-Agent": "Nmap Scripting Engine"}"#,
    r#"{"User-Agent": ["Nikto"]}"#,
    r#"{"User-Agent": "python-requests/2.31", "X-Mailer": "GoPhish"}"#,
    r#"{"User-Agent": "masscan zgrab Nuclei"}"#,
    r#"{"User-Agent": "hydra Wfuzz gobuster DirBuster Metasploit"}"#,
    r#"{"User-Agent": NaN}"#,
    "{'User-Agent': 'N\u{131}kto', 'X-Mailer': b'gophish'}",
    "{'USER-AGENT': '\\u017fqlmap'}",
    "{'user-agent': ('curl/7',)}",
    r#"["User-Agent", "curl/8.0"]"#,
    r#"{"User-Agent": "#,
];

/// The events a byte string stands for: one event after another until the
/// bytes run out, each timestamp relative to the previous event's instant
/// (the first to 2026-05-01T00:00:00Z). Every byte string decodes.
pub fn events_from_bytes(data: &[u8]) -> Vec<Event> {
    let mut u = Unstructured::new(data);
    let mut events = Vec::new();
    let mut previous = START_US;
    // Each event takes at least one byte, so the loop ends. Decoding does
    // not fail (texts end with the input, numbers are padded with zeros,
    // offsets are kept within a day); the `Err` arm is only a guard.
    while !u.is_empty() {
        match event_after(&mut u, previous) {
            Ok(event) => {
                previous = event.timestamp.unix_micros();
                events.push(event);
            }
            Err(_) => break,
        }
    }
    events
}

/// The events of `data` (see [`events_from_bytes`]) and a place to split
/// them at, taken from the first byte: for targets that check that the
/// accumulators of the two parts merge into the accumulator of the whole.
///
/// ```
/// let (events, split) = decnet_event::fuzzing::events_and_split(&[7, 1, 0, 0, 0]);
/// assert!(split <= events.len());
/// ```
pub fn events_and_split(data: &[u8]) -> (Vec<Event>, usize) {
    let events = events_from_bytes(data);
    let split = data.first().map_or(0, |&byte| usize::from(byte)) % (events.len() + 1);
    (events, split)
}

/// Bytes that [`events_from_bytes`] decodes to `events`.
///
/// ```
/// use decnet_event::fuzzing::{events_from_bytes, events_to_bytes};
///
/// let line = r#"<134>1 2026-05-01T10:00:00+02:00 decky-01 http - request [relay@55555 headers="{}"]"#;
/// let events = vec![decnet_event::parse_line(line)?];
/// assert_eq!(events_from_bytes(&events_to_bytes(&events)), events);
/// # Ok::<(), decnet_event::ParseError>(())
/// ```
pub fn events_to_bytes(events: &[Event]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous = START_US;
    for event in events {
        put_event(&mut out, event, previous);
        previous = event.timestamp.unix_micros();
    }
    out
}

impl<'a> Arbitrary<'a> for Event {
    /// An event whose timestamp is relative to 2026-05-01T00:00:00Z.
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Event> {
        event_after(u, START_US)
    }
}

impl<'a> Arbitrary<'a> for Timestamp {
    /// A timestamp relative to 2026-05-01T00:00:00Z.
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Timestamp> {
        timestamp_after(u, START_US)
    }
}

impl<'a> Arbitrary<'a> for Fields {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Fields> {
        let count = u8::arbitrary(u)?;
        let mut fields = Fields::new();
        for _ in 0..count {
            let name = text(u, FIELD_NAMES)?;
            let value = text(u, FIELD_VALUES)?;
            fields.insert(name, value);
        }
        Ok(fields)
    }
}

impl<'a> Arbitrary<'a> for EventKind {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<EventKind> {
        Ok(if bool::arbitrary(u)? {
            EventKind::Mutation
        } else {
            EventKind::Attacker
        })
    }
}

fn event_after(u: &mut Unstructured<'_>, previous_us: i64) -> arbitrary::Result<Event> {
    let timestamp = timestamp_after(u, previous_us)?;
    let decky = text(u, DECKIES)?;
    let service = text(u, SERVICES)?;
    let event_type = text(u, EVENT_TYPES)?;
    let attacker_ip = match bool::arbitrary(u)? {
        true => Some(text(u, ADDRESSES)?),
        false => None,
    };
    let fields = Fields::arbitrary(u)?;
    let kind = match u8::arbitrary(u)? % 3 {
        KIND_ATTACKER => EventKind::Attacker,
        KIND_MUTATION => EventKind::Mutation,
        _ => EventKind::of(&service, &event_type),
    };
    Ok(Event {
        timestamp,
        decky,
        service,
        event_type,
        attacker_ip,
        fields,
        kind,
    })
}

fn put_event(out: &mut Vec<u8>, event: &Event, previous_us: i64) {
    put_timestamp(out, &event.timestamp, previous_us);
    put_text(out, DECKIES, &event.decky);
    put_text(out, SERVICES, &event.service);
    put_text(out, EVENT_TYPES, &event.event_type);
    match &event.attacker_ip {
        Some(address) => {
            out.push(1);
            put_text(out, ADDRESSES, address);
        }
        None => out.push(0),
    }
    // Note: more than 255 fields are cut to the first 255 (none seen).
    let count = u8::try_from(event.fields.len()).unwrap_or(u8::MAX);
    out.push(count);
    for (name, value) in event.fields.iter().take(usize::from(count)) {
        put_text(out, FIELD_NAMES, name);
        put_text(out, FIELD_VALUES, value);
    }
    out.push(
        if event.kind == EventKind::of(&event.service, &event.event_type) {
            KIND_DERIVED
        } else if event.kind == EventKind::Mutation {
            KIND_MUTATION
        } else {
            KIND_ATTACKER
        },
    );
}

/// A timestamp: a step byte (`0` the previous instant, `1` a step forward,
/// `2` a step back, `3` any instant, modulo 4), the step or instant, then
/// the offset.
fn timestamp_after(u: &mut Unstructured<'_>, previous_us: i64) -> arbitrary::Result<Timestamp> {
    let instant_us = match u8::arbitrary(u)? % 4 {
        0 => previous_us,
        1 => previous_us.saturating_add(step(u)?),
        2 => previous_us.saturating_sub(step(u)?),
        _ => i64::arbitrary(u)?,
    };
    let offset_us = match u8::arbitrary(u)? {
        // `%` keeps the sign, so the offset stays strictly within a day.
        EXACT_OFFSET.. => i64::arbitrary(u)? % DAY_US,
        east @ 0..=MAX_QUARTERS => i64::from(east) * QUARTER_HOUR_US,
        west => (i64::from(west) - i64::from(EXACT_OFFSET)) * QUARTER_HOUR_US,
    };
    // Every arm above gives an offset strictly within a day.
    Timestamp::from_unix_micros(instant_us, offset_us).ok_or(arbitrary::Error::IncorrectFormat)
}

fn put_timestamp(out: &mut Vec<u8>, timestamp: &Timestamp, previous_us: i64) {
    let instant_us = timestamp.unix_micros();
    match instant_us.checked_sub(previous_us) {
        Some(0) => out.push(0),
        Some(step) if step.abs() <= MAX_STEP_US => {
            out.push(if step > 0 { 1 } else { 2 });
            put_step(out, step.abs());
        }
        _ => {
            out.push(3);
            out.extend_from_slice(&instant_us.to_le_bytes());
        }
    }

    let offset_us = timestamp.offset_micros();
    let quarters = offset_us / QUARTER_HOUR_US;
    if offset_us % QUARTER_HOUR_US == 0 && quarters.abs() <= i64::from(MAX_QUARTERS) {
        // East in 0..=95, west in 96..=190: see `EXACT_OFFSET`.
        let byte = if quarters >= 0 {
            quarters
        } else {
            quarters + i64::from(EXACT_OFFSET)
        };
        out.push(byte as u8);
    } else {
        out.push(EXACT_OFFSET);
        out.extend_from_slice(&offset_us.to_le_bytes());
    }
}

/// A step between neighbouring events: whole seconds (two bytes), then
/// microseconds (three bytes, modulo one second).
fn step(u: &mut Unstructured<'_>) -> arbitrary::Result<i64> {
    let seconds = i64::from(u16::arbitrary(u)?);
    let mut micros = [0; 4];
    u.fill_buffer(&mut micros[..3])?;
    let micros = i64::from(u32::from_le_bytes(micros)) % SECOND_US;
    Ok(seconds * SECOND_US + micros)
}

/// Writes a step of `0..=MAX_STEP_US` microseconds.
fn put_step(out: &mut Vec<u8>, step_us: i64) {
    let seconds = u16::try_from(step_us / SECOND_US).unwrap_or(u16::MAX);
    let micros = (step_us % SECOND_US) as u32; // Below one million.
    out.extend_from_slice(&seconds.to_le_bytes());
    out.extend_from_slice(&micros.to_le_bytes()[..3]);
}

/// A text: a choice byte picks a word of `vocabulary`, or free text of
/// the length the byte gives past the vocabulary, or (at [`LONG_TEXT`]) of
/// the length the next two bytes give. Free text shorter than announced
/// ends with the input; invalid UTF-8 becomes U+FFFD.
fn text(u: &mut Unstructured<'_>, vocabulary: &[&str]) -> arbitrary::Result<String> {
    let choice = u8::arbitrary(u)?;
    if let Some(word) = vocabulary.get(usize::from(choice)) {
        return Ok((*word).to_owned());
    }
    let len = match choice {
        LONG_TEXT => usize::from(u16::arbitrary(u)?),
        short => usize::from(short) - vocabulary.len(),
    };
    let bytes = u.bytes(len.min(u.len()))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn put_text(out: &mut Vec<u8>, vocabulary: &[&str], text: &str) {
    if let Some(index) = vocabulary.iter().position(|word| *word == text) {
        // Every vocabulary has fewer than 255 words.
        out.push(index as u8);
        return;
    }
    let short_limit = usize::from(LONG_TEXT) - vocabulary.len();
    let text = if text.len() < short_limit {
        out.push((vocabulary.len() + text.len()) as u8); // Below LONG_TEXT.
        text
    } else {
        let mut len = text.len().min(usize::from(u16::MAX));
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        out.push(LONG_TEXT);
        out.extend_from_slice(&(len as u16).to_le_bytes()); // At most u16::MAX.
        &text[..len]
    };
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_vocabulary_leaves_room_for_free_text() {
        for vocabulary in [
            DECKIES,
            SERVICES,
            EVENT_TYPES,
            ADDRESSES,
            FIELD_NAMES,
            FIELD_VALUES,
        ] {
            assert!(vocabulary.len() < usize::from(LONG_TEXT) / 2);
        }
    }

    #[test]
    fn a_vocabulary_word_takes_one_byte() {
        let mut out = Vec::new();
        put_text(&mut out, FIELD_NAMES, "ttl");
        assert_eq!(out.len(), 1);
        let decoded = text(&mut Unstructured::new(&out), FIELD_NAMES);
        assert_eq!(decoded.ok().as_deref(), Some("ttl"));
    }

    #[test]
    fn the_empty_input_is_no_event_and_one_byte_is_one_event() {
        assert_eq!(events_from_bytes(&[]), []);
        let events = events_from_bytes(&[0]);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].timestamp.unix_micros(), START_US);
        assert_eq!(events[0].decky, DECKIES[0]);
        assert!(events[0].fields.is_empty());
    }

    #[test]
    fn a_text_longer_than_64_kib_is_cut_at_a_character_boundary() {
        let long = "é".repeat(40_000);
        let mut out = Vec::new();
        put_text(&mut out, FIELD_VALUES, &long);
        let decoded = text(&mut Unstructured::new(&out), FIELD_VALUES).unwrap_or_default();
        assert_eq!(decoded.len(), 65_534);
        assert!(long.starts_with(&decoded));
    }

    fn free_text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(FIELD_VALUES).prop_map(str::to_owned),
            any::<String>(),
            ".{250,300}",
        ]
    }

    fn any_timestamp() -> impl Strategy<Value = Timestamp> {
        let instant = prop_oneof![
            START_US - 10 * MAX_STEP_US..START_US + 10 * MAX_STEP_US,
            any::<i64>(),
        ];
        let offset = prop_oneof![
            (-95i64..=95).prop_map(|q| q * QUARTER_HOUR_US),
            -DAY_US + 1..DAY_US,
        ];
        (instant, offset).prop_filter_map("offset within a day", |(instant, offset)| {
            Timestamp::from_unix_micros(instant, offset)
        })
    }

    fn any_event() -> impl Strategy<Value = Event> {
        (
            any_timestamp(),
            [free_text(), free_text(), free_text()],
            prop::option::of(free_text()),
            prop::collection::vec((free_text(), free_text()), 0..6),
            any::<bool>(),
        )
            .prop_map(
                |(timestamp, [decky, service, event_type], ip, fields, mutation)| Event {
                    timestamp,
                    decky,
                    service,
                    event_type,
                    attacker_ip: ip,
                    fields: fields.into_iter().collect(),
                    kind: if mutation {
                        EventKind::Mutation
                    } else {
                        EventKind::Attacker
                    },
                },
            )
    }

    proptest! {
        #[test]
        fn events_decode_from_their_encoding_offsets_included(
            events in prop::collection::vec(any_event(), 0..8),
        ) {
            let decoded = events_from_bytes(&events_to_bytes(&events));
            prop_assert_eq!(&decoded, &events);
            let offsets = |list: &[Event]| -> Vec<i64> {
                list.iter().map(|e| e.timestamp.offset_micros()).collect()
            };
            prop_assert_eq!(offsets(&decoded), offsets(&events));
        }

        #[test]
        fn every_byte_string_decodes_into_at_most_one_event_per_byte(
            data in prop::collection::vec(any::<u8>(), 0..512),
        ) {
            let events = events_from_bytes(&data);
            prop_assert!(events.len() <= data.len());
            prop_assert_eq!(events.is_empty(), data.is_empty());
        }
    }
}
