//! Per-line format detection: every input line becomes events, an unmapped
//! kind, or a reject with its reason.
//!
//! The format is decided by the line's first character once white space is
//! stripped: `<` is DECNET's RFC 5424 syslog, `{` a JSON object that is a
//! Cowrie event when it has `eventid` and a Tanner request when it has `peer`
//! and `method` or `path`. Each line is judged alone, so one file may mix
//! the formats.

use std::borrow::Cow;

use decnet_event::{Event, ParseError, strip_line};

use crate::cowrie::{CowrieMapper, CowrieOptions};
use crate::json_line::{self, JsonLine};
use crate::tanner;

/// What one input line becomes.
#[derive(Debug)]
pub(crate) enum LineOutcome<'a> {
    /// The event of a DECNET line, parsed into the mapper's buffer, which
    /// the next line reuses.
    Event(&'a Event),
    /// The events of a JSON line: one; two when a 2018 Cowrie `client.version` line also yields
    /// its key-exchange lists (`--kex-from-version`); that rare second
    /// event is boxed to keep the outcome small.
    Events(Event, Option<Box<Event>>),
    /// A Cowrie event the mapping does not turn into a DECNET event, named
    /// by its `eventid`.
    Unmapped(Cow<'a, str>),
    /// A line of no supported format, or one that breaks its format.
    Rejected(Reject),
}

/// Why a line was rejected: a fixed reason, which the summary counts, and
/// what was wrong with this line, for the rejects file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reject {
    /// The reason, one of a small fixed set.
    pub(crate) reason: &'static str,
    /// This line's particulars, when there are any.
    pub(crate) detail: Option<String>,
}

impl Reject {
    /// A reject with no particulars beyond its reason.
    pub(crate) fn new(reason: &'static str) -> Reject {
        Reject {
            reason,
            detail: None,
        }
    }

    /// A reject with this line's particulars.
    pub(crate) fn with_detail(reason: &'static str, detail: impl Into<String>) -> Reject {
        Reject {
            reason,
            detail: Some(detail.into()),
        }
    }
}

/// The reject reason of lines that are not valid UTF-8.
pub(crate) const INVALID_UTF8: &str = "invalid UTF-8";
/// The reject reason of lines longer than the reader keeps.
pub(crate) const TOO_LONG: &str = "line too long";

/// How lines of every format become events; the options of the Cowrie and
/// Tanner mappings.
#[derive(Debug, Clone)]
pub(crate) struct MappingOptions {
    /// The Cowrie mapping's choices.
    pub(crate) cowrie: CowrieOptions,
    /// The decky name of Tanner requests (Tanner logs no sensor name).
    pub(crate) tanner_decky: String,
}

/// Maps the lines of one input, in order.
///
/// It holds per-input state: the Cowrie mapping remembers each session's
/// protocol from its `session.connect`. DECNET and Tanner lines need no
/// state, so the DECNET lines of a file can be mapped in parts.
#[derive(Debug)]
pub(crate) struct LineMapper<'o> {
    options: &'o MappingOptions,
    cowrie: CowrieMapper<'o>,
    /// Whether a Cowrie line was mapped.
    saw_cowrie: bool,
    /// The event of the last DECNET line, whose buffers the next reuses.
    event: Option<Event>,
}

impl<'o> LineMapper<'o> {
    /// A mapper for a new input.
    pub(crate) fn new(options: &'o MappingOptions) -> LineMapper<'o> {
        LineMapper {
            options,
            cowrie: CowrieMapper::new(&options.cowrie),
            saw_cowrie: false,
            event: None,
        }
    }

    /// Whether a Cowrie line was mapped, whose mapping may depend on the
    /// lines before it.
    pub(crate) fn saw_cowrie(&self) -> bool {
        self.saw_cowrie
    }

    /// How many Cowrie events got the service `ssh` by default, because
    /// neither their session nor their own keys told the protocol.
    pub(crate) fn guessed_services(&self) -> u64 {
        self.cowrie.guessed_services()
    }

    /// Detects the format of one line (without its line terminator) and
    /// maps it.
    pub(crate) fn map<'l>(&'l mut self, line: &'l str) -> LineOutcome<'l> {
        let stripped = strip_line(line);
        match stripped.as_bytes().first() {
            None => LineOutcome::Rejected(Reject::new("empty line")),
            Some(b'<') => match self.parse_decnet(stripped) {
                Ok(event) => LineOutcome::Event(event),
                Err(err) => {
                    LineOutcome::Rejected(Reject::with_detail(decnet_reason(&err), err.to_string()))
                }
            },
            Some(b'{') => self.map_json(stripped),
            Some(_) => LineOutcome::Rejected(Reject::new(
                "unrecognised format (neither DECNET syslog nor a JSON object)",
            )),
        }
    }

    /// Parses a DECNET line into the reused event.
    fn parse_decnet(&mut self, line: &str) -> Result<&Event, ParseError> {
        let event = match self.event.take() {
            Some(mut event) => match decnet_event::parse_line_into(line, &mut event) {
                Ok(()) => event,
                Err(err) => {
                    self.event = Some(event);
                    return Err(err);
                }
            },
            None => decnet_event::parse_line(line)?,
        };
        Ok(self.event.insert(event))
    }

    fn map_json<'l>(&mut self, line: &'l str) -> LineOutcome<'l> {
        let object = match JsonLine::parse(line) {
            Ok(object) => object,
            Err(err) => {
                return LineOutcome::Rejected(Reject::with_detail("invalid JSON", err.to_string()));
            }
        };
        if let Some(eventid) = object.eventid {
            let Some(eventid) = json_line::string(eventid) else {
                return LineOutcome::Rejected(Reject::new("Cowrie eventid is not a string"));
            };
            self.saw_cowrie = true;
            return self.cowrie.map(&object, eventid);
        }
        if object.peer.is_some() && (object.method.is_some() || object.path.is_some()) {
            return tanner::map(&object, &self.options.tanner_decky);
        }
        LineOutcome::Rejected(Reject::new(
            "JSON object of unknown shape (no Cowrie eventid, no Tanner peer and method/path)",
        ))
    }
}

/// The reject reason of a DECNET line the parser refuses.
fn decnet_reason(err: &ParseError) -> &'static str {
    match err {
        ParseError::Blank => "empty line",
        ParseError::NotRfc5424(_) => "invalid DECNET syslog header",
        ParseError::NilHostname | ParseError::NilAppName => {
            "DECNET line with a nil HOSTNAME or APP-NAME"
        }
        ParseError::Timestamp { .. } => "DECNET line with a bad TIMESTAMP",
        _ => "invalid DECNET syslog line",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> MappingOptions {
        MappingOptions {
            cowrie: CowrieOptions::default(),
            tanner_decky: "tanner".to_owned(),
        }
    }

    fn reason(outcome: LineOutcome<'_>) -> &'static str {
        match outcome {
            LineOutcome::Rejected(reject) => reject.reason,
            other => panic!("expected a reject, got {other:?}"),
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_maps_without_panicking(line in "\\PC*") {
            let options = options();
            let mut mapper = LineMapper::new(&options);
            let _ = mapper.map(&line);
        }

        #[test]
        fn any_json_shaped_line_maps_without_panicking(
            eventid in "(cowrie\\.[a-z.]{0,24}|[0-9]+|null)",
            key in "(src_ip|timestamp|peer|session|protocol|kexAlgs|version|headers)",
            value in "(\"[^\"\\\\]{0,12}\"|[0-9.e-]{1,8}|\\[\\]|\\{\\}|null|true|\\[1,\"a\"\\])",
        ) {
            let options = options();
            let mut mapper = LineMapper::new(&options);
            let line = format!(
                r#"{{"eventid": "{eventid}", "{key}": {value}, "method": "GET", "timestamp": "2022-07-19T00:01:23Z"}}"#
            );
            let _ = mapper.map(&line);
            let tanner = format!(r#"{{"peer": {value}, "path": "/", "{key}": {value}}}"#);
            let _ = mapper.map(&tanner);
        }
    }

    #[test]
    fn blank_lines_are_rejected_as_empty() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        assert_eq!(reason(mapper.map("  \t")), "empty line");
    }

    #[test]
    fn lines_starting_with_other_characters_are_unrecognised() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        assert!(
            reason(mapper.map("Traceback (most recent call last):")).starts_with("unrecognised")
        );
    }

    #[test]
    fn decnet_lines_are_rejected_by_what_the_parser_found() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        assert_eq!(
            reason(mapper.map("<13>1 garbage")),
            "invalid DECNET syslog header"
        );
        assert_eq!(
            reason(mapper.map("<13>1 2026-13-02T08:00:00Z decky ssh - login_attempt -")),
            "DECNET line with a bad TIMESTAMP"
        );
        assert_eq!(
            reason(mapper.map("<13>1 2026-03-02T08:00:00Z - ssh - login_attempt -")),
            "DECNET line with a nil HOSTNAME or APP-NAME"
        );
    }

    #[test]
    fn a_broken_json_line_is_invalid_json() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        assert_eq!(
            reason(mapper.map(r#"{"eventid": "cowrie.session.conn"#)),
            "invalid JSON"
        );
    }

    #[test]
    fn a_json_object_without_eventid_or_peer_has_unknown_shape() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        assert!(
            reason(mapper.map(r#"{"level": "info"}"#)).starts_with("JSON object of unknown shape")
        );
    }

    #[test]
    fn a_non_string_eventid_is_rejected() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        assert_eq!(
            reason(mapper.map(r#"{"eventid": 7}"#)),
            "Cowrie eventid is not a string"
        );
    }

    #[test]
    fn an_event_with_peer_and_path_is_a_tanner_request() {
        let options = options();
        let mut mapper = LineMapper::new(&options);
        let line = r#"{"method": "GET", "path": "/", "peer": {"ip": "198.51.100.9", "port": 4000}, "timestamp": "2022-05-28T08:49:11.320469"}"#;
        match mapper.map(line) {
            LineOutcome::Events(event, None) => assert_eq!(event.event_type, "request"),
            other => panic!("expected one event, got {other:?}"),
        }
    }
}
