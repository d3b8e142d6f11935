//! Invariants of the parser and of timestamps, checked on generated input.

use decnet_event::{EventKind, Timestamp, parse_line, parse_line_into};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;

const DAY_US: i64 = 86_400_000_000;
/// Days from 1970-01-01 to 0001-01-01 and to 10000-01-01.
const FIRST_DAY: i64 = -719_162;
const END_DAY: i64 = 2_932_897;

/// A timestamp as Python can hold it: a local time in years 1 to 9999,
/// and an offset of at least a second (or none), since Python turns an
/// offset whose whole seconds are 0 into UTC.
fn python_timestamp() -> impl Strategy<Value = Timestamp> {
    let local = FIRST_DAY * DAY_US..END_DAY * DAY_US;
    let offset = prop_oneof![
        Just(0),
        (1_000_000..DAY_US),
        (-DAY_US + 1..=-1_000_000),
        (-24i64..=24).prop_map(|quarter_hours| quarter_hours * 900_000_000),
    ];
    (local, offset).prop_filter_map("offset within a day", |(local, offset)| {
        Timestamp::from_unix_micros(local - offset, offset)
    })
}

/// Text shaped like the ISO forms, often valid, often a near miss.
fn iso_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-?(W[0-5][0-9]-?[1-7]?|[01][0-9]-?[0-3][0-9])\
         ([T x\u{e9}][0-2][0-9](:?[0-5][0-9](:?[0-5][0-9])?)?([.,][0-9]{1,8})?x?\
         (Z|[+-][0-2][0-9](:?[0-9]{2}(:?[0-9]{2})?)?([.,][0-9]{1,8})?)?)?",
        "[0-9]{4}-?(W[0-9]{2}-?[0-9]?|[0-9]{2}-?[0-9]{2})\
         ([T x\u{e9}][0-9:.,]{1,12}x?(Z|[+-][0-9:.,]{1,14})?)?",
    ]
}

/// The fields that name the attacker, in the original's order.
const IP_FIELDS: [&str; 7] = [
    "src_ip",
    "src",
    "client_ip",
    "remote_ip",
    "remote_addr",
    "target_ip",
    "ip",
];

/// One structured-data value as a DECNET formatter writes it, escaping
/// `"`, `\` and `]` with a backslash.
fn escape_sd_value(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '"' | '\\' | ']') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// A line as DECNET's syslog formatter writes it: NILVALUE PROCID, the
/// parameters in one `relay@55555` block (NILVALUE when there are none).
fn decnet_line(
    priority: u8,
    timestamp: &Timestamp,
    header: &[String; 3],
    fields: &[(String, String)],
    message: &str,
) -> String {
    let [decky, service, event_type] = header;
    let structured = if fields.is_empty() {
        "-".to_owned()
    } else {
        let params: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("{name}=\"{}\"", escape_sd_value(value)))
            .collect();
        format!("[relay@55555 {}]", params.join(" "))
    };
    let mut line = format!(
        "<{priority}>1 {} {decky} {service} - {event_type} {structured}",
        timestamp.isoformat()
    );
    if !message.is_empty() {
        line.push(' ');
        line.push_str(message);
    }
    line
}

/// Header names as formatters write them: never the nil value `-`.
fn header_name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_.-]{0,15}|mutator|decky_mutated"
}

/// Parameter names (`\w+`) and values. A value never holds `]`: the
/// original ends the block at the first `]`, escaped or not. Nor a line
/// feed, which ends a syslog line.
fn parameters() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        "[A-Za-z_][A-Za-z0-9_]{0,10}",
        proptest::sample::select(IP_FIELDS.to_vec()).prop_map(str::to_owned),
    ];
    let value = "(\\\\|\"|[^\\]\n]){0,20}";
    btree_map(name, value, 0..6).prop_map(|map| map.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_string_makes_parse_line_panic(
        text in prop_oneof![
            any::<String>(),
            vec(prop_oneof![
                Just("<13>1 ".to_owned()),
                Just(" ".to_owned()),
                Just("- ".to_owned()),
                Just("[relay@55555 ".to_owned()),
                Just("\\\"]".to_owned()),
                Just("CMD cmd=".to_owned()),
                Just("from ".to_owned()),
                iso_like(),
                any::<String>(),
            ], 0..12).prop_map(|parts| parts.concat()),
        ]
    ) {
        let _ = parse_line(&text);
    }

    #[test]
    fn parsing_into_a_reused_event_gives_what_parse_line_gives(
        lines in vec(prop_oneof![
            (
                python_timestamp(),
                [header_name(), header_name(), header_name()],
                parameters(),
                "(CMD [a-z]=1 cmd=ls|from 10\\.0\\.0\\.1|[A-Za-z ]{0,12})",
            ).prop_map(|(timestamp, header, fields, message)| {
                decnet_line(134, &timestamp, &header, &fields, &message)
            }),
            vec(prop_oneof![
                Just("<13>1 2024-03-05T07:08:09Z d s - - ".to_owned()),
                Just("[relay@55555 src_ip=\"1.2.3.4\"] ".to_owned()),
                Just("- CMD uid=0 src=10.1.1.1 cmd=id".to_owned()),
                any::<String>(),
            ], 0..4).prop_map(|parts| parts.concat()),
        ], 1..8)
    ) {
        let mut reused = parse_line(
            r#"<13>1 2024-03-05T07:08:09Z d s - m [relay@55555 src_ip="9.9.9.9" a="b"] x"#,
        ).expect("a valid line");
        for line in &lines {
            let fresh = parse_line(line);
            let into = parse_line_into(line, &mut reused);
            match fresh {
                Ok(fresh) => {
                    prop_assert_eq!(into, Ok(()));
                    prop_assert_eq!(&reused, &fresh);
                    prop_assert_eq!(reused.timestamp.isoformat(), fresh.timestamp.isoformat());
                }
                Err(err) => prop_assert_eq!(into, Err(err)),
            }
        }
    }

    #[test]
    fn isoformat_round_trips_through_parse_iso(timestamp in python_timestamp()) {
        let text = timestamp.isoformat();
        let parsed = Timestamp::parse_iso(&text);
        prop_assert_eq!(parsed, Ok(timestamp));
        let parsed = parsed.expect("checked just above");
        prop_assert_eq!(parsed.offset_micros(), timestamp.offset_micros());
        prop_assert_eq!(parsed.isoformat(), text);
    }

    #[test]
    fn whatever_parse_iso_accepts_it_reads_back_from_its_isoformat(text in iso_like()) {
        if let Ok(timestamp) = Timestamp::parse_iso(&text) {
            let again = Timestamp::parse_iso(&timestamp.isoformat());
            prop_assert_eq!(again, Ok(timestamp));
            let again = again.expect("checked just above");
            prop_assert_eq!(again.offset_micros(), timestamp.offset_micros());
        }
    }

    #[test]
    fn a_line_written_by_a_decnet_formatter_parses_back_to_its_fields(
        priority in 0u8..=191,
        timestamp in python_timestamp(),
        header in [header_name(), header_name(), header_name()],
        fields in parameters(),
        message in "([A-Za-z][A-Za-z ]{0,20})?",
    ) {
        let line = decnet_line(priority, &timestamp, &header, &fields, &message);
        let event = parse_line(&line);
        prop_assert!(event.is_ok(), "{:?} gave {:?}", line, event);
        let event = event.expect("checked just above");

        let [decky, service, event_type] = &header;
        prop_assert_eq!(event.timestamp, timestamp);
        prop_assert_eq!(event.timestamp.isoformat(), timestamp.isoformat());
        prop_assert_eq!(&event.decky, decky);
        prop_assert_eq!(&event.service, service);
        prop_assert_eq!(&event.event_type, event_type);
        let parsed: Vec<(String, String)> = event
            .fields
            .iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        prop_assert_eq!(&parsed, &fields);

        let ip = IP_FIELDS
            .iter()
            .find_map(|name| fields.iter().find(|(k, _)| k == name))
            .map(|(_, value)| value.clone());
        prop_assert_eq!(event.attacker_ip, ip);
        prop_assert_eq!(event.kind, EventKind::of(service, event_type));
    }
}
