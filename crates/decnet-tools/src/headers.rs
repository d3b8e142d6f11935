//! Attribution by HTTP header: the User-Agent and X-Mailer of `request`
//! events against the signatures of fourteen tools.

use decnet_event::py::PyStr;
use decnet_event::{Event, telemetry};

use crate::{Headers, Tool, parse_headers, prefilter};

/// A header that gives a tool away.
///
/// `pattern` is written as in the original. A pattern starting with `^` is
/// an anchored regular expression matched with Python's `re.IGNORECASE`
/// (the table's anchored pattern has no other regex syntax, so the rest is
/// plain text); any other pattern is a substring test after Python's
/// `str.lower()` of both sides. The two case rules differ: `re.IGNORECASE`
/// lets `ı`, `İ`, `ſ` and the Kelvin sign stand for `i`, `i`, `s` and `k`,
/// while `str.lower()` maps only `İ` (to `i` and a combining dot) and the
/// Kelvin sign (to `k`) into ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeaderSignature {
    /// The tool.
    pub tool: Tool,
    /// The header name, in lower case.
    pub header: &'static str,
    /// The pattern, in the original's notation.
    pub pattern: &'static str,
}

impl HeaderSignature {
    /// Whether `headers` hold this signature's header with a matching value.
    pub fn matches(&self, headers: &Headers) -> bool {
        headers
            .get(self.header)
            .is_some_and(|value| self.matches_value(value))
    }

    /// Whether a header value (already turned into text) matches the
    /// pattern.
    ///
    /// ```
    /// use decnet_event::py::PyStr;
    /// use decnet_tools::{HEADER_SIGNATURES, Tool};
    ///
    /// let curl = HEADER_SIGNATURES.iter().find(|s| s.tool == Tool::Curl).unwrap();
    /// assert!(curl.matches_value(&PyStr::from("CURL/8.0")));
    /// assert!(!curl.matches_value(&PyStr::from("Mozilla/5.0 curl/8.0")));
    /// let nikto = HEADER_SIGNATURES.iter().find(|s| s.tool == Tool::Nikto).unwrap();
    /// assert!(nikto.matches_value(&PyStr::from("Mozilla/5.00 (NIKTO/2.1.6)")));
    /// ```
    pub fn matches_value(&self, value: &PyStr) -> bool {
        match self.pattern.strip_prefix('^') {
            Some(prefix) => starts_with_ignoring_case(value, prefix),
            None if self.pattern.is_ascii() && value.code_points().iter().all(|&cp| cp < 0x80) => {
                // Both sides are ASCII, which `str.lower()` maps one to one.
                contains_ignoring_ascii_case(value.code_points(), self.pattern.as_bytes())
            }
            None => contains(&value.lower(), &PyStr::from(self.pattern).lower()),
        }
    }
}

/// Whether the ASCII code points `haystack` hold `needle` as a substring,
/// ASCII letters compared without case.
fn contains_ignoring_ascii_case(haystack: &[u32], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack.windows(needle.len()).any(|window| {
            window
                .iter()
                .zip(needle)
                .all(|(&cp, &b)| u32::from(b.to_ascii_lowercase()) == to_ascii_lowercase(cp))
        })
}

/// The ASCII lower case of a code point below 0x80; others are returned
/// unchanged.
fn to_ascii_lowercase(cp: u32) -> u32 {
    match u8::try_from(cp) {
        Ok(b) => u32::from(b.to_ascii_lowercase()),
        Err(_) => cp,
    }
}

/// `re.match(prefix, value, re.IGNORECASE)` for a prefix of ASCII text.
/// Python's case classes for ASCII letters are the letter's two cases,
/// plus U+0130 and U+0131 for `i`, U+017F for `s` and U+212A for `k`.
fn starts_with_ignoring_case(value: &PyStr, prefix: &str) -> bool {
    let value = value.code_points();
    prefix.chars().count() <= value.len()
        && prefix.chars().zip(value).all(|(p, &v)| {
            let p = p.to_ascii_lowercase();
            match char::from_u32(v) {
                Some(v) if v.is_ascii() => v.to_ascii_lowercase() == p,
                _ => matches!((p, v), ('i', 0x130 | 0x131) | ('s', 0x17F) | ('k', 0x212A)),
            }
        })
}

/// Python's `needle in haystack` for strings.
fn contains(haystack: &PyStr, needle: &PyStr) -> bool {
    let (haystack, needle) = (haystack.code_points(), needle.code_points());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

const fn signature(tool: Tool, header: &'static str, pattern: &'static str) -> HeaderSignature {
    HeaderSignature {
        tool,
        header,
        pattern,
    }
}

/// The header signatures, in the order they are tried on each event.
#[rustfmt::skip]
pub static HEADER_SIGNATURES: &[HeaderSignature] = &[
    //         tool                  header        pattern
    signature(Tool::Nmap,           "user-agent", "Nmap Scripting Engine"),
    signature(Tool::Gophish,        "x-mailer",   "gophish"),
    signature(Tool::Nikto,          "user-agent", "Nikto"),
    signature(Tool::Sqlmap,         "user-agent", "sqlmap"),
    signature(Tool::Nuclei,         "user-agent", "Nuclei"),
    signature(Tool::Masscan,        "user-agent", "masscan"),
    signature(Tool::Zgrab,          "user-agent", "zgrab"),
    signature(Tool::Metasploit,     "user-agent", "Metasploit"),
    signature(Tool::Curl,           "user-agent", "^curl/"),
    signature(Tool::PythonRequests, "user-agent", "python-requests"),
    signature(Tool::Gobuster,       "user-agent", "gobuster"),
    signature(Tool::Dirbuster,      "user-agent", "DirBuster"),
    signature(Tool::Hydra,          "user-agent", "hydra"),
    signature(Tool::Wfuzz,          "user-agent", "Wfuzz"),
];

/// Header attribution over a stream of events, one event at a time.
///
/// Only events whose `event_type` is `request` and whose `headers` field
/// is present and non-empty are read (see [`parse_headers`] for how). Each
/// tool is reported once, in order of first detection: by event, then by
/// table order within an event.
///
/// Accumulators over consecutive slices of a stream combine with
/// [`merge`](Self::merge), earlier slice first, into the accumulator of the
/// whole stream.
///
/// ```
/// use decnet_tools::{HeaderToolsAccumulator, Tool};
/// # use decnet_event::{Event, EventKind, Fields, Timestamp};
/// # fn request(headers: &str) -> Event {
/// #     let mut fields = Fields::new();
/// #     fields.insert("headers", headers);
/// #     Event {
/// #         timestamp: Timestamp::parse_iso("2026-05-23T21:01:28+00:00").unwrap(),
/// #         decky: "decky-01".into(),
/// #         service: "http".into(),
/// #         event_type: "request".into(),
/// #         attacker_ip: None,
/// #         fields,
/// #         kind: EventKind::Attacker,
/// #     }
/// # }
///
/// let mut early = HeaderToolsAccumulator::new();
/// early.push(&request(r#"{"User-Agent": "sqlmap/1.7"}"#));
/// let mut late = HeaderToolsAccumulator::new();
/// late.push(&request("{'User-Agent': 'curl/8.0', 'X-Mailer': 'gophish'}"));
/// late.push(&request(r#"{"User-Agent": "sqlmap/1.8"}"#));
/// let tools = early.merge(late).finish();
/// assert_eq!(tools, [Tool::Sqlmap, Tool::Gophish, Tool::Curl]);
/// ```
///
/// Two accumulators are equal when they have found the same tools in the
/// same order.
#[derive(Debug, Clone, Default)]
pub struct HeaderToolsAccumulator {
    found: Vec<Tool>,
    /// The last `headers` text read (empty before any). The same text
    /// again can only match what it matched then, all found already.
    last_headers: String,
}

impl PartialEq for HeaderToolsAccumulator {
    fn eq(&self, other: &HeaderToolsAccumulator) -> bool {
        self.found == other.found
    }
}

impl Eq for HeaderToolsAccumulator {}

impl HeaderToolsAccumulator {
    /// An accumulator that has seen no event.
    pub fn new() -> HeaderToolsAccumulator {
        HeaderToolsAccumulator::default()
    }

    /// Reads the next event of the stream.
    pub fn push(&mut self, event: &Event) {
        if event.event_type != "request" {
            return;
        }
        let Some(headers) = event.fields.get("headers").filter(|raw| !raw.is_empty()) else {
            return;
        };
        // Clients send the same headers over and over.
        if headers == self.last_headers {
            return;
        }
        self.last_headers.clear();
        self.last_headers.push_str(headers);
        // Most headers hold nothing a signature of a tool not found yet
        // could match; those are told from the raw text, without reading
        // them.
        let candidates = prefilter::candidates(headers);
        let open = |found: &[Tool], index: usize, signature: &HeaderSignature| {
            candidates.is_none_or(|bits| bits >> index & 1 == 1) && !found.contains(&signature.tool)
        };
        let mut signatures = HEADER_SIGNATURES.iter().enumerate();
        if !signatures.any(|(index, signature)| open(&self.found, index, signature)) {
            return;
        }
        let Some(headers) = parse_headers(headers) else {
            return;
        };
        for (index, signature) in HEADER_SIGNATURES.iter().enumerate() {
            if open(&self.found, index, signature) && signature.matches(&headers) {
                self.found.push(signature.tool);
            }
        }
    }

    /// Combines this accumulator with one over the events that follow.
    pub fn merge(mut self, later: HeaderToolsAccumulator) -> HeaderToolsAccumulator {
        for tool in later.found {
            if !self.found.contains(&tool) {
                self.found.push(tool);
            }
        }
        if !later.last_headers.is_empty() {
            self.last_headers = later.last_headers;
        }
        self
    }

    /// The tools detected, each once, in order of first detection; given
    /// inside the span `profiler.detect_tools_from_headers` (see
    /// [`decnet_event::telemetry`]).
    pub fn finish(self) -> Vec<Tool> {
        telemetry::in_span("decnet.tools", "profiler.detect_tools_from_headers", || {
            self.found
        })
    }
}

/// The tools that the HTTP headers of `events` give away, each once, in
/// order of first detection; see [`HeaderToolsAccumulator`].
pub fn detect_tools_from_headers(events: &[Event]) -> Vec<Tool> {
    let mut accumulator = HeaderToolsAccumulator::new();
    for event in events {
        accumulator.push(event);
    }
    accumulator.finish()
}

#[cfg(test)]
mod tests {
    use decnet_event::{EventKind, Fields, Timestamp};

    use super::*;

    fn event(event_type: &str, headers: Option<&str>) -> Event {
        let mut fields = Fields::new();
        if let Some(headers) = headers {
            fields.insert("headers", headers);
        }
        Event {
            timestamp: Timestamp::parse_iso("2026-05-23T21:01:28+00:00")
                .expect("a valid timestamp"),
            decky: "decky-01".into(),
            service: "http".into(),
            event_type: event_type.into(),
            attacker_ip: None,
            fields,
            kind: EventKind::Attacker,
        }
    }

    fn request(headers: &str) -> Event {
        event("request", Some(headers))
    }

    fn user_agent(value: &str) -> Vec<Tool> {
        let headers = format!(r#"{{"User-Agent": {}}}"#, json_string(value));
        detect_tools_from_headers(&[request(&headers)])
    }

    /// A JSON string literal, escaping only what JSON requires.
    fn json_string(value: &str) -> String {
        let mut out = String::from("\"");
        for c in value.chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn the_tables_hold_one_row_per_tool() {
        let mut tools: Vec<Tool> = crate::BEACON_PROFILES.iter().map(|p| p.tool).collect();
        tools.extend(HEADER_SIGNATURES.iter().map(|s| s.tool));
        let count = tools.len();
        tools.sort();
        tools.dedup();
        assert_eq!((count, tools.len()), (18, 18));
    }

    #[test]
    fn anchored_patterns_hold_no_other_regex_syntax() {
        for signature in HEADER_SIGNATURES {
            let text = signature
                .pattern
                .strip_prefix('^')
                .unwrap_or(signature.pattern);
            assert!(
                text.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b" /-".contains(&b))
            );
            assert_eq!(signature.header, signature.header.to_ascii_lowercase());
        }
    }

    #[test]
    fn curl_pattern_is_anchored_at_the_start() {
        assert_eq!(user_agent("curl/8.0"), [Tool::Curl]);
        assert_eq!(user_agent("CuRl/"), [Tool::Curl]);
        assert!(user_agent("Mozilla/5.0 curl/7").is_empty());
        assert!(user_agent(" curl/7").is_empty());
        assert!(user_agent("\ncurl/7").is_empty());
        assert!(user_agent("curl 7.1").is_empty());
        assert!(user_agent("curl\\/7").is_empty());
    }

    #[test]
    fn other_patterns_match_anywhere_ignoring_case() {
        assert_eq!(
            user_agent("Mozilla/5.0 (compatible; NMAP SCRIPTING ENGINE)"),
            [Tool::Nmap]
        );
        assert_eq!(user_agent("x python-requests/2.31"), [Tool::PythonRequests]);
        assert!(user_agent("Nmap  Scripting Engine").is_empty());
        assert!(user_agent("Nmap\u{a0}Scripting Engine").is_empty());
        assert!(user_agent("python_requests").is_empty());
    }

    #[test]
    fn dotless_i_does_not_match_nikto_by_substring() {
        assert!(user_agent("N\u{131}kto/2.5").is_empty());
        assert!(user_agent("N\u{130}KTO/2.5").is_empty());
        assert_eq!(user_agent("NI\u{212A}TO/2.5"), [Tool::Nikto]);
    }

    #[test]
    fn long_s_does_not_match_sqlmap_by_substring() {
        assert!(user_agent("\u{17F}qlmap").is_empty());
        assert!(user_agent("sqlma\u{440}").is_empty());
    }

    #[test]
    fn regex_case_classes_let_turkish_i_long_s_and_kelvin_match_curl_letters_only() {
        let curl = HEADER_SIGNATURES
            .iter()
            .find(|s| s.tool == Tool::Curl)
            .expect("a curl row");
        for (pattern, value) in [("^sik/", "\u{17F}\u{131}\u{212A}/"), ("^ik", "\u{130}K")] {
            let probe = HeaderSignature { pattern, ..*curl };
            assert!(probe.matches_value(&PyStr::from(value)), "{value}");
        }
        assert!(!curl.matches_value(&PyStr::from("\u{441}url/7")));
    }

    #[test]
    fn a_header_value_is_matched_through_its_python_str() {
        assert!(detect_tools_from_headers(&[request(r#"{"User-Agent": ["curl/7"]}"#)]).is_empty());
        let nested = detect_tools_from_headers(&[request(r#"{"User-Agent": ["Nikto"]}"#)]);
        assert_eq!(nested, [Tool::Nikto]);
        let bytes = detect_tools_from_headers(&[request("{'User-Agent': b'sqlmap'}")]);
        assert_eq!(bytes, [Tool::Sqlmap]);
        let escaped = detect_tools_from_headers(&[request(
            r"{'User-Agent': '\N{LATIN SMALL LETTER S}qlmap'}",
        )]);
        assert_eq!(escaped, [Tool::Sqlmap]);
    }

    #[test]
    fn header_names_compare_after_lower_casing() {
        let tools = detect_tools_from_headers(&[request(
            r#"{"uSeR-aGeNt": "hydra", "X-MAILER": "GoPhish"}"#,
        )]);
        assert_eq!(tools, [Tool::Gophish, Tool::Hydra]);
        assert!(detect_tools_from_headers(&[request(r#"{"User_Agent": "hydra"}"#)]).is_empty());
        assert!(detect_tools_from_headers(&[request(r#"{"User-Agent ": "hydra"}"#)]).is_empty());
    }

    #[test]
    fn a_later_duplicate_name_after_lower_casing_wins() {
        let raw = r#"{"User-Agent": "sqlmap", "user-agent": "Mozilla/5.0"}"#;
        assert!(detect_tools_from_headers(&[request(raw)]).is_empty());
        let raw = r#"{"user-agent": "Mozilla/5.0", "USER-AGENT": "sqlmap"}"#;
        assert_eq!(detect_tools_from_headers(&[request(raw)]), [Tool::Sqlmap]);
    }

    #[test]
    fn each_tool_is_reported_once_in_first_detection_order() {
        let events = [
            request(r#"{"User-Agent": "Wfuzz/3.1.0"}"#),
            request(r#"{"User-Agent": "sqlmap nikto curl/7 hydra wfuzz", "X-Mailer": "gophish"}"#),
            request(r#"{"User-Agent": "curl/8.0"}"#),
            request(r#"{"User-Agent": "sqlmap"}"#),
        ];
        let expected = [
            Tool::Wfuzz,
            Tool::Gophish,
            Tool::Nikto,
            Tool::Sqlmap,
            Tool::Hydra,
            Tool::Curl,
        ];
        assert_eq!(detect_tools_from_headers(&events), expected);
    }

    #[test]
    fn only_request_events_with_non_empty_headers_are_read() {
        let events = [
            event("connection", Some(r#"{"User-Agent": "sqlmap"}"#)),
            event("Request", Some(r#"{"User-Agent": "sqlmap"}"#)),
            event("request", Some("")),
            event("request", None),
        ];
        assert!(detect_tools_from_headers(&events).is_empty());
    }

    #[test]
    fn unreadable_header_values_are_skipped_and_later_events_still_count() {
        let events = [
            request(r#"{"User-Agent": "sqlmap""#),
            request(r#"["curl/7"]"#),
            request("{1: 'curl/7'}"),
            request("{'User-Agent': 'nikto'}"),
        ];
        assert_eq!(detect_tools_from_headers(&events), [Tool::Nikto]);
    }

    proptest::proptest! {
        #[test]
        fn ascii_values_match_as_after_python_lower(
            value in "(Nikto|NMAP SCRIPTING ENGINE|[a-zA-Z /-]{0,8}|sqlMap|HyDrA){0,4}",
        ) {
            let value = PyStr::from(value.as_str());
            for signature in HEADER_SIGNATURES.iter().filter(|s| !s.pattern.starts_with('^')) {
                let lowered = contains(&value.lower(), &PyStr::from(signature.pattern).lower());
                proptest::prop_assert_eq!(signature.matches_value(&value), lowered);
            }
        }
    }

    #[test]
    fn the_same_headers_again_find_nothing_new_even_after_a_merge() {
        let curl = r#"{"User-Agent": "curl/8.0"}"#;
        let mut early = HeaderToolsAccumulator::new();
        early.push(&request(curl));
        let mut late = HeaderToolsAccumulator::new();
        late.push(&request(r#"{"User-Agent": "hydra"}"#));
        let mut merged = early.merge(late);
        merged.push(&request(curl));
        merged.push(&request(curl));
        assert_eq!(merged.finish(), [Tool::Curl, Tool::Hydra]);
    }

    #[test]
    fn merging_keeps_the_earlier_accumulators_order() {
        let mut early = HeaderToolsAccumulator::new();
        early.push(&request(r#"{"User-Agent": "hydra"}"#));
        let mut late = HeaderToolsAccumulator::new();
        late.push(&request(r#"{"User-Agent": "zgrab hydra"}"#));
        assert_eq!(
            early.clone().merge(late.clone()).finish(),
            [Tool::Hydra, Tool::Zgrab]
        );
        assert_eq!(late.merge(early).finish(), [Tool::Zgrab, Tool::Hydra]);
    }
}
