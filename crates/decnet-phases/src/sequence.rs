//! The phase sequence and the accumulator that builds it.

use decnet_event::py::{parse_int, round, seconds_from_micros};
use decnet_event::{Event, Fields, Timestamp, telemetry};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The fields that may carry a payload size in bytes, in the order read.
const PAYLOAD_SIZE_FIELDS: [&str; 3] = ["bytes", "size", "content_length"];

/// The smallest payload that counts as large: 1 MiB.
const LARGE_PAYLOAD_BYTES: i64 = 1_048_576;

/// The phase of an attack an event type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Looking around: `scan`, `connection`, `banner`, `probe`,
    /// `login_attempt`, `auth`, `auth_failure`.
    Recon,
    /// Acting on the objective: `download`, `upload`, `file_transfer`,
    /// `data_exfil`, `command`, `exec`, `query`, `shell_input`.
    Exfil,
}

impl Phase {
    /// The phase of an event type; none for the types of neither phase.
    ///
    /// ```
    /// use decnet_phases::Phase;
    ///
    /// assert_eq!(Phase::of("login_attempt"), Some(Phase::Recon));
    /// assert_eq!(Phase::of("shell_input"), Some(Phase::Exfil));
    /// assert_eq!(Phase::of("Command"), None);
    /// ```
    pub fn of(event_type: &str) -> Option<Phase> {
        match event_type {
            "scan" | "connection" | "banner" | "probe" | "login_attempt" | "auth"
            | "auth_failure" => Some(Phase::Recon),
            "download" | "upload" | "file_transfer" | "data_exfil" | "command" | "exec"
            | "query" | "shell_input" => Some(Phase::Exfil),
            _ => None,
        }
    }
}

/// When an attacker moved from reconnaissance to taking data, and how many
/// large payloads they moved.
///
/// Serialized, it is the original's dict, in its key order:
/// `recon_end_ts` and `exfil_start_ts` (Python `isoformat()` text with the
/// event's own UTC offset, or null), `exfil_latency_s`,
/// `large_payload_count`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhaseSequence {
    /// The time of the last recon event.
    pub recon_end: Option<Timestamp>,
    /// The time of the first exfil event.
    pub exfil_start: Option<Timestamp>,
    /// Seconds from `recon_end` to `exfil_start`, rounded to 3 places as
    /// Python's `round` does; none unless both exist and exfiltration did
    /// not start before recon ended. Never negative.
    pub exfil_latency_s: Option<f64>,
    /// How many events report a payload of at least 1 MiB.
    pub large_payload_count: u64,
}

/// The phase sequence of `events`, in any order.
///
/// ```
/// use decnet_event::{Event, Fields, Timestamp};
/// use decnet_phases::phase_sequence;
///
/// let event = |seconds: i64, event_type: &str| Event {
///     timestamp: Timestamp::from_unix_micros(seconds * 1_000_000, 0).unwrap(),
///     decky: "decky-01".into(),
///     service: "ssh".into(),
///     event_type: event_type.into(),
///     attacker_ip: None,
///     fields: Fields::new(),
///     kind: Default::default(),
/// };
/// let phases = phase_sequence(&[event(90, "command"), event(30, "login_attempt")]);
/// assert_eq!(phases.exfil_latency_s, Some(60.0));
/// ```
pub fn phase_sequence(events: &[Event]) -> PhaseSequence {
    events
        .iter()
        .fold(PhaseAccumulator::new(), |mut acc, event| {
            acc.push(event);
            acc
        })
        .finish()
}

/// A [`PhaseSequence`] under construction, one event at a time.
///
/// The original sorts the events by time (stably) and walks them; this
/// keeps just two timestamps and a count instead. The recon end is the
/// recon event with the greatest instant, the last pushed among equal
/// instants; the exfil start is the exfil event with the least instant,
/// the first pushed among equals. Those are the events the sorted walk
/// picks, so the offsets they are written with agree too. Accumulators of
/// consecutive parts of an event list merge into that of the whole.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhaseAccumulator {
    recon_end: Option<Timestamp>,
    exfil_start: Option<Timestamp>,
    large_payload_count: u64,
}

impl PhaseAccumulator {
    /// An accumulator that has seen no event.
    pub fn new() -> PhaseAccumulator {
        PhaseAccumulator::default()
    }

    /// Takes in one event.
    pub fn push(&mut self, event: &Event) {
        let at = event.timestamp;
        match Phase::of(&event.event_type) {
            Some(Phase::Recon) => self.recon_end = Some(latest(self.recon_end, at)),
            Some(Phase::Exfil) => self.exfil_start = Some(earliest(self.exfil_start, at)),
            None => {}
        }
        if carries_large_payload(&event.fields) {
            self.large_payload_count += 1;
        }
    }

    /// The accumulator of this part followed by `later`: finishing it gives
    /// what pushing every event of both, this part's first, gives.
    pub fn merge(self, later: PhaseAccumulator) -> PhaseAccumulator {
        PhaseAccumulator {
            recon_end: match later.recon_end {
                Some(at) => Some(latest(self.recon_end, at)),
                None => self.recon_end,
            },
            exfil_start: match later.exfil_start {
                Some(at) => Some(earliest(self.exfil_start, at)),
                None => self.exfil_start,
            },
            large_payload_count: self.large_payload_count + later.large_payload_count,
        }
    }

    /// The phase sequence of every event taken in, computed inside the
    /// span `profiler.phase_sequence` (see [`decnet_event::telemetry`]).
    pub fn finish(self) -> PhaseSequence {
        telemetry::in_span("decnet.phases", "profiler.phase_sequence", || {
            let exfil_latency_s = match (self.recon_end, self.exfil_start) {
                (Some(recon_end), Some(exfil_start)) if exfil_start >= recon_end => Some(round(
                    seconds_from_micros(recon_end.micros_until(&exfil_start)),
                    3,
                )),
                _ => None,
            };
            PhaseSequence {
                recon_end: self.recon_end,
                exfil_start: self.exfil_start,
                exfil_latency_s,
                large_payload_count: self.large_payload_count,
            }
        })
    }
}

/// `current`, or `at` when it is no earlier (a later event wins ties).
fn latest(current: Option<Timestamp>, at: Timestamp) -> Timestamp {
    match current {
        Some(current) if current > at => current,
        _ => at,
    }
}

/// `current`, or `at` when it is strictly earlier (an earlier event wins
/// ties).
fn earliest(current: Option<Timestamp>, at: Timestamp) -> Timestamp {
    match current {
        Some(current) if current <= at => current,
        _ => at,
    }
}

/// Whether any payload size field reads, as Python's `int()` reads it, as
/// at least 1 MiB. A field that is not an integer is skipped; a value of
/// any magnitude compares.
fn carries_large_payload(fields: &Fields) -> bool {
    PAYLOAD_SIZE_FIELDS.iter().any(|name| {
        fields
            .get(name)
            .is_some_and(|text| parse_int(text).is_ok_and(|size| size >= LARGE_PAYLOAD_BYTES))
    })
}

impl Serialize for PhaseSequence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut phases = serializer.serialize_struct("PhaseSequence", 4)?;
        phases.serialize_field("recon_end_ts", &self.recon_end.map(|at| at.isoformat()))?;
        phases.serialize_field("exfil_start_ts", &self.exfil_start.map(|at| at.isoformat()))?;
        phases.serialize_field("exfil_latency_s", &self.exfil_latency_s)?;
        phases.serialize_field("large_payload_count", &self.large_payload_count)?;
        phases.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A timestamp `seconds` after the epoch, written at `offset_h` hours.
    fn at(seconds: i64, offset_h: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000, offset_h * 3_600_000_000)
            .expect("test offsets are within a day")
    }

    fn event(at: Timestamp, event_type: &str, fields: &[(&str, &str)]) -> Event {
        Event {
            timestamp: at,
            decky: "decky-01".into(),
            service: "ssh".into(),
            event_type: event_type.into(),
            attacker_ip: None,
            fields: fields.iter().copied().collect(),
            kind: Default::default(),
        }
    }

    fn typed(seconds: i64, event_type: &str) -> Event {
        event(at(seconds, 0), event_type, &[])
    }

    fn sized(fields: &[(&str, &str)]) -> Event {
        event(at(0, 0), "request", fields)
    }

    fn large_payloads(events: &[Event]) -> u64 {
        phase_sequence(events).large_payload_count
    }

    // Found by the fuzz target phase_sequence (regression input
    // fuzz/regressions/phase_sequence/latency-overflow): the latency of
    // instants farther apart than i64 microseconds hold overflowed.
    #[test]
    fn latency_between_the_most_distant_instants_saturates_instead_of_overflowing() {
        let utc = |instant_us| Timestamp::from_unix_micros(instant_us, 0).expect("UTC");
        let events = [
            event(utc(i64::MIN + 1), "scan", &[]),
            event(utc(i64::MAX), "command", &[]),
        ];
        let phases = phase_sequence(&events);
        let longest = round(seconds_from_micros(i64::MAX), 3);
        assert_eq!(phases.exfil_latency_s, Some(longest));
        let text = decnet_event::py::dumps(&phases);
        assert!(text.contains(r#""recon_end_ts": "-"#), "{text}");
    }

    #[test]
    fn recon_end_is_the_latest_recon_event_in_time_not_in_list_order() {
        let phases = phase_sequence(&[typed(50, "scan"), typed(10, "auth"), typed(5, "download")]);
        assert_eq!(phases.recon_end, Some(at(50, 0)));
    }

    #[test]
    fn exfil_start_is_the_earliest_exfil_event() {
        let phases = phase_sequence(&[typed(30, "exec"), typed(20, "query"), typed(40, "upload")]);
        assert_eq!(phases.exfil_start, Some(at(20, 0)));
    }

    #[test]
    fn among_equal_instants_recon_end_keeps_the_offset_of_the_last_listed() {
        let events = [
            event(at(60, 1), "probe", &[]),
            event(at(60, -5), "banner", &[]),
        ];
        let phases = phase_sequence(&events);
        assert_eq!(
            phases.recon_end.map(|t| t.offset_micros()),
            Some(-5 * 3_600_000_000)
        );
    }

    #[test]
    fn among_equal_instants_exfil_start_keeps_the_offset_of_the_first_listed() {
        let events = [
            event(at(60, 1), "command", &[]),
            event(at(60, -5), "exec", &[]),
        ];
        let phases = phase_sequence(&events);
        assert_eq!(
            phases.exfil_start.map(|t| t.offset_micros()),
            Some(3_600_000_000)
        );
    }

    #[test]
    fn event_types_of_neither_phase_and_other_cases_are_ignored() {
        let phases = phase_sequence(&[
            typed(1, "session_start"),
            typed(2, "Command"),
            typed(3, "SCAN"),
        ]);
        assert_eq!((phases.recon_end, phases.exfil_start), (None, None));
    }

    #[test]
    fn latency_is_exfil_start_minus_recon_end_rounded_to_3_places() {
        let recon = event(Timestamp::from_unix_micros(0, 0).expect("UTC"), "scan", &[]);
        let exfil = event(
            Timestamp::from_unix_micros(1_000_500, 0).expect("UTC"),
            "download",
            &[],
        );
        // 1.0005 is just below the tie in binary, so it rounds down.
        assert_eq!(phase_sequence(&[exfil, recon]).exfil_latency_s, Some(1.0));
    }

    #[test]
    fn latency_is_zero_when_exfil_starts_at_the_recon_end_instant() {
        let phases = phase_sequence(&[typed(7, "command"), typed(7, "connection")]);
        assert_eq!(phases.exfil_latency_s, Some(0.0));
    }

    #[test]
    fn latency_is_none_when_exfil_precedes_recon() {
        let phases = phase_sequence(&[typed(5, "download"), typed(9, "scan")]);
        assert_eq!(phases.exfil_latency_s, None);
        assert!(phases.recon_end.is_some() && phases.exfil_start.is_some());
    }

    #[test]
    fn latency_is_none_without_both_phases() {
        assert_eq!(phase_sequence(&[typed(5, "scan")]).exfil_latency_s, None);
        assert_eq!(phase_sequence(&[typed(5, "exec")]).exfil_latency_s, None);
    }

    #[test]
    fn a_payload_field_counts_an_event_once() {
        let fields = [
            ("bytes", "2000000"),
            ("size", "3000000"),
            ("content_length", "4000000"),
        ];
        assert_eq!(large_payloads(&[sized(&fields)]), 1);
    }

    #[test]
    fn payloads_of_at_least_one_mebibyte_count_on_any_event_type() {
        let events = [
            sized(&[("bytes", "1048576")]),
            sized(&[("size", "1048575")]),
            typed(0, "scan"),
        ];
        assert_eq!(large_payloads(&events), 1);
    }

    #[test]
    fn a_payload_field_that_is_not_an_integer_is_skipped_for_the_next() {
        assert_eq!(
            large_payloads(&[sized(&[("bytes", "1e7"), ("content_length", "2000000")])]),
            1
        );
        assert_eq!(
            large_payloads(&[sized(&[("bytes", "2000000.0"), ("size", "")])]),
            0
        );
    }

    #[test]
    fn payload_sizes_read_as_python_int_with_any_magnitude() {
        for size in [
            " 2000000 ",
            "1_048_576",
            "+1048576",
            "\u{ff11}\u{ff10}\u{ff14}\u{ff18}\u{ff15}\u{ff17}\u{ff16}",
            "99999999999999999999999",
        ] {
            assert_eq!(large_payloads(&[sized(&[("bytes", size)])]), 1, "{size:?}");
        }
        for size in [
            "-99999999999999999999999",
            "1048576\u{1f}",
            "0x100000",
            "1,048,576",
        ] {
            assert_eq!(large_payloads(&[sized(&[("bytes", size)])]), 0, "{size:?}");
        }
    }

    #[test]
    fn payload_sizes_beyond_4300_digits_are_not_integers() {
        let too_long = "1".repeat(4301);
        assert_eq!(large_payloads(&[sized(&[("bytes", &too_long)])]), 0);
        assert_eq!(large_payloads(&[sized(&[("bytes", &too_long[1..])])]), 1);
    }

    #[test]
    fn serializes_to_the_original_keys_in_order_with_each_offset_kept() {
        let events = [event(at(0, 2), "scan", &[]), event(at(90, -3), "exec", &[])];
        let text = serde_json::to_string(&phase_sequence(&events)).expect("serializes");
        let expected = concat!(
            r#"{"recon_end_ts":"1970-01-01T02:00:00+02:00","#,
            r#""exfil_start_ts":"1969-12-31T21:01:30-03:00","#,
            r#""exfil_latency_s":90.0,"large_payload_count":0}"#,
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn an_empty_list_has_no_phases() {
        let value = serde_json::to_value(phase_sequence(&[])).expect("serializes");
        let expected = json!({
            "recon_end_ts": null,
            "exfil_start_ts": null,
            "exfil_latency_s": null,
            "large_payload_count": 0,
        });
        assert_eq!(value, expected);
    }

    #[test]
    fn merging_equals_pushing_both_parts_in_order() {
        let events = [
            event(at(60, 1), "scan", &[]),
            event(at(30, 0), "exec", &[("size", "2000000")]),
            event(at(60, 2), "auth", &[]),
            event(at(30, 5), "exec", &[]),
        ];
        let fold = |events: &[Event]| {
            let mut acc = PhaseAccumulator::new();
            events.iter().for_each(|e| acc.push(e));
            acc
        };
        for split in 0..=events.len() {
            let (earlier, later) = events.split_at(split);
            let merged = fold(earlier).merge(fold(later)).finish();
            let whole = phase_sequence(&events);
            assert_eq!(
                merged.recon_end.map(|t| t.offset_micros()),
                whole.recon_end.map(|t| t.offset_micros())
            );
            assert_eq!(
                merged.exfil_start.map(|t| t.offset_micros()),
                whole.exfil_start.map(|t| t.offset_micros())
            );
            assert_eq!(merged, whole);
        }
    }
}
