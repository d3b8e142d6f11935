//! Invariants of tool attribution and of the header reader.

use decnet_event::py::{PyStr, PyValue};
use decnet_event::{Event, EventKind, Fields, Timestamp};
use decnet_tools::{
    HeaderToolsAccumulator, Tool, detect_tools_from_headers, guess_tool, guess_tools, parse_headers,
};
use proptest::prelude::*;

/// A mean or cv near the beacon profiles, or anywhere.
fn cadence() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![0.0f64..0.5, 20.0f64..75.0, any::<f64>()])
}

/// Text that looks like a header value in any of the forms seen: JSON,
/// Python literals, truncated or mutated, built from the pieces that
/// matter to the readers and the signatures.
fn header_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ",",
        ":",
        " ",
        "\n",
        "\\",
        "'",
        "\"",
        "#",
        "b'",
        "r'",
        "u'",
        "\"User-Agent\"",
        "'User-Agent'",
        "'user-agent'",
        "\"X-Mailer\"",
        "'X-Mail\\u0130r'",
        "\"sqlmap\"",
        "'curl/7'",
        "'Nikto'",
        "'N\u{131}kto'",
        "'\\N{LATIN SMALL LETTER S}qlmap'",
        "\"\\ud800\"",
        "'\\ud800'",
        "NaN",
        "1e400",
        "0x_1F",
        "1+2j",
        "True",
        "None",
        "set()",
        "...",
        "\\N{",
        "\\x4",
        "'''",
        "1_0",
        "-",
        "+",
        "\u{feff}",
        "\u{a0}",
        "gophish",
        "hydra",
    ]);
    prop_oneof![
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat()),
        any::<String>(),
        "[\\[\\]{}(),:'\" #\\\\a-z0-9_.+-]{0,40}",
    ]
}

fn request(headers: &str) -> Event {
    let mut fields = Fields::new();
    fields.insert("headers", headers);
    Event {
        timestamp: Timestamp::from_unix_micros(0, 0).expect("the epoch is a valid timestamp"),
        decky: "decky-01".into(),
        service: "http".into(),
        event_type: "request".into(),
        attacker_ip: None,
        fields,
        kind: EventKind::Attacker,
    }
}

/// A header stream mixing signature hits, misses and unreadable values.
fn events() -> impl Strategy<Value = Vec<Event>> {
    let user_agent = prop::sample::select(vec![
        "curl/8.0",
        "Mozilla/5.0 curl/8.0",
        "sqlmap/1.7",
        "NIKTO",
        "N\u{131}kto",
        "hydra wfuzz",
        "Nmap Scripting Engine",
        "python-requests/2.31",
        "masscan zgrab",
        "Nuclei",
        "DirBuster",
        "gobuster",
        "Metasploit",
        "\u{17f}qlmap",
    ]);
    let form = 0..4usize;
    let event = (user_agent, form).prop_map(|(agent, form)| {
        request(&match form {
            0 => format!(r#"{{"User-Agent": "{agent}"}}"#),
            1 => format!("{{'USER-AGENT': '{agent}', 'X-Mailer': 'GoPhish'}}"),
            2 => format!(r#"{{"User-Agent": ["{agent}"]}}"#),
            _ => format!(r#"{{"User-Agent": "{agent}""#),
        })
    });
    prop::collection::vec(event, 0..12)
}

proptest! {
    #[test]
    fn guess_tool_is_some_exactly_when_guess_tools_has_one_element(
        mean in cadence(),
        cv in cadence(),
    ) {
        let all = guess_tools(mean, cv);
        match guess_tool(mean, cv) {
            Some(tool) => prop_assert_eq!(all, vec![tool]),
            None => prop_assert!(all.len() != 1),
        }
    }

    #[test]
    fn guess_tools_reports_c2_frameworks_in_table_order(mean in cadence(), cv in cadence()) {
        let all = guess_tools(mean, cv);
        let order = [Tool::CobaltStrike, Tool::Sliver, Tool::Havoc, Tool::Mythic];
        let positions: Vec<usize> = all
            .iter()
            .map(|tool| order.iter().position(|t| t == tool).unwrap_or(usize::MAX))
            .collect();
        prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(positions.iter().all(|&p| p < order.len()));
    }

    #[test]
    fn parse_headers_never_panics_and_keeps_each_lowercased_name_once(raw in header_text()) {
        if let Some(headers) = parse_headers(&raw) {
            // Names are unique after lower-casing.
            let mut names: Vec<&PyStr> = headers.iter().map(|(name, _)| name).collect();
            names.sort();
            names.dedup();
            prop_assert_eq!(names.len(), headers.len());
        }
    }

    #[test]
    fn header_attribution_reports_each_tool_once(events in events()) {
        let tools = detect_tools_from_headers(&events);
        let mut unique = tools.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), tools.len());
    }

    #[test]
    fn earlier_events_only_add_tools_ahead_of_later_ones(events in events(), split in 0..12usize) {
        let split = split.min(events.len());
        let head = detect_tools_from_headers(&events[..split]);
        let all = detect_tools_from_headers(&events);
        prop_assert_eq!(&all[..head.len()], &head[..]);
    }

    #[test]
    fn merging_accumulators_equals_pushing_all(events in events(), split in 0..12usize) {
        let split = split.min(events.len());
        let (early_events, late_events) = events.split_at(split);
        let mut early = HeaderToolsAccumulator::new();
        early_events.iter().for_each(|event| early.push(event));
        let mut late = HeaderToolsAccumulator::new();
        late_events.iter().for_each(|event| late.push(event));
        prop_assert_eq!(early.merge(late).finish(), detect_tools_from_headers(&events));
    }

    #[test]
    fn a_python_str_of_a_dict_reads_back_as_its_values(
        pairs in prop::collection::vec((any::<String>(), any::<String>()), 0..6),
    ) {
        // What old writers stored: str(dict) of string headers.
        let dict = PyValue::Dict(
            pairs
                .iter()
                .map(|(k, v)| (PyValue::Str(PyStr::from(k.as_str())), PyValue::Str(PyStr::from(v.as_str()))))
                .collect(),
        );
        let written = dict.repr().expect("strings always have a repr");
        let headers = parse_headers(&written);
        prop_assert!(headers.is_some(), "{} does not read back", written);
        let headers = headers.unwrap_or_default();
        for (name, _) in &pairs {
            // The last value given to a name, after lower-casing, wins.
            let lowered = PyStr::from(name.as_str()).lower();
            let want = pairs
                .iter()
                .rev()
                .find(|(other, _)| PyStr::from(other.as_str()).lower() == lowered)
                .map(|(_, value)| PyStr::from(value.as_str()));
            let got = headers.iter().find(|(stored, _)| **stored == lowered).map(|(_, v)| v.clone());
            prop_assert_eq!(got, want);
        }
    }
}
