//! The record, its accumulator and its storage row.

use foldhash::HashSet;

use decnet_classify::{BehaviorClass, ClassifyInput, classify_behavior};
use decnet_event::{Event, py, telemetry};
use decnet_fingerprint::{RollupAccumulator, TcpFingerprint};
use decnet_phases::{PhaseAccumulator, PhaseSequence};
use decnet_timing::{TimingAccumulator, TimingStats};
use decnet_tools::{HeaderToolsAccumulator, Tool, guess_tools};
use serde::Serialize;

/// Everything the profiler decides about one attacker, typed.
///
/// Field for field, the original's `build_behavior_record` result; see
/// [`BehaviorRecord::to_row`] for the form it is stored in.
#[derive(Debug, Clone, PartialEq)]
pub struct BehaviorRecord {
    /// The OS guess of the fingerprint rollup.
    pub os_guess: Option<String>,
    /// The median hop distance of the fingerprint rollup.
    pub hop_distance: Option<i64>,
    /// The last TCP fingerprint snapshot, if any.
    pub tcp_fingerprint: Option<TcpFingerprint>,
    /// Distinct SSH key exchange lists, first seen first.
    pub kex_order_raw: Vec<String>,
    /// Distinct SSH client banners, first seen first.
    pub ssh_client_banners: Vec<String>,
    /// Summed TCP retransmissions.
    pub retransmit_count: i64,
    /// The behaviour class.
    pub behavior_class: BehaviorClass,
    /// The mean IAT in seconds, only when the class is beaconing.
    pub beacon_interval_s: Option<f64>,
    /// `round(cv × 100, 2)`, only when the class is beaconing.
    pub beacon_jitter_pct: Option<f64>,
    /// The tools the attacker appears to use, each once, first found first.
    pub tool_guesses: Vec<Tool>,
    /// The inter-arrival timing statistics.
    pub timing_stats: TimingStats,
    /// The recon → exfiltration phases.
    pub phase_sequence: PhaseSequence,
}

/// The `attacker_behavior` row: the original's twelve columns, in its
/// column order, as the original stores them.
///
/// The six JSON-text columns hold exactly the bytes Python's `json.dumps`
/// writes with default settings; `kex_order_raw` and `ssh_client_banners`
/// are `None` rather than `"[]"` when their list is empty. `Serialize`
/// writes the columns in this order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehaviorRow {
    /// `os_guess`: text or null.
    pub os_guess: Option<String>,
    /// `hop_distance`: integer or null.
    pub hop_distance: Option<i64>,
    /// `tcp_fingerprint`: JSON object text, `{}` when there is none.
    pub tcp_fingerprint: String,
    /// `kex_order_raw`: JSON list text, null when empty.
    pub kex_order_raw: Option<String>,
    /// `ssh_client_banners`: JSON list text, null when empty.
    pub ssh_client_banners: Option<String>,
    /// `retransmit_count`: integer.
    pub retransmit_count: i64,
    /// `behavior_class`: the class's name.
    pub behavior_class: String,
    /// `beacon_interval_s`: float or null.
    pub beacon_interval_s: Option<f64>,
    /// `beacon_jitter_pct`: float or null.
    pub beacon_jitter_pct: Option<f64>,
    /// `tool_guesses`: JSON list text, `[]` when empty.
    pub tool_guesses: String,
    /// `timing_stats`: JSON object text.
    pub timing_stats: String,
    /// `phase_sequence`: JSON object text.
    pub phase_sequence: String,
}

impl BehaviorRow {
    /// The JSON-text columns that hold a value, by name, in column order:
    /// `tcp_fingerprint`, `kex_order_raw` and `ssh_client_banners` when not
    /// null, `tool_guesses`, `timing_stats`, `phase_sequence`.
    ///
    /// ```
    /// let row = decnet_behavior::build_behavior_record(&[]).to_row();
    /// let names: Vec<_> = row.json_text_columns().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["tcp_fingerprint", "tool_guesses", "timing_stats", "phase_sequence"]);
    /// ```
    pub fn json_text_columns(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        [
            ("tcp_fingerprint", Some(&self.tcp_fingerprint)),
            ("kex_order_raw", self.kex_order_raw.as_ref()),
            ("ssh_client_banners", self.ssh_client_banners.as_ref()),
            ("tool_guesses", Some(&self.tool_guesses)),
            ("timing_stats", Some(&self.timing_stats)),
            ("phase_sequence", Some(&self.phase_sequence)),
        ]
        .into_iter()
        .filter_map(|(name, text)| text.map(|text| (name, text.as_str())))
    }
}

impl BehaviorRecord {
    /// The record in the form the original stores it.
    pub fn to_row(&self) -> BehaviorRow {
        let list_or_null = |list: &[String]| (!list.is_empty()).then(|| py::dumps(list));
        BehaviorRow {
            os_guess: self.os_guess.clone(),
            hop_distance: self.hop_distance,
            tcp_fingerprint: match &self.tcp_fingerprint {
                Some(snapshot) => py::dumps(snapshot),
                None => "{}".to_owned(),
            },
            kex_order_raw: list_or_null(&self.kex_order_raw),
            ssh_client_banners: list_or_null(&self.ssh_client_banners),
            retransmit_count: self.retransmit_count,
            behavior_class: self.behavior_class.as_str().to_owned(),
            beacon_interval_s: self.beacon_interval_s,
            beacon_jitter_pct: self.beacon_jitter_pct,
            tool_guesses: py::dumps(&self.tool_guesses),
            timing_stats: py::dumps(&self.timing_stats),
            phase_sequence: py::dumps(&self.phase_sequence),
        }
    }
}

/// The record of `events`: the fold of a [`BehaviorAccumulator`].
pub fn build_behavior_record(events: &[Event]) -> BehaviorRecord {
    let mut acc = BehaviorAccumulator::new();
    for event in events {
        acc.push(event);
    }
    acc.finish()
}

/// Gathers one attacker's events, in the order given, for a
/// [`BehaviorRecord`]; keeps what the five detectors need and no event.
///
/// `earlier.merge(later)`, for accumulators of consecutive parts of an
/// event list, equals the accumulator of the whole list.
#[derive(Debug, Clone, Default)]
pub struct BehaviorAccumulator {
    timing: TimingAccumulator,
    services: HashSet<Box<str>>,
    /// The service of the last event, held in `services`: an attacker's
    /// events mostly repeat it, and comparing is cheaper than hashing.
    last_service: LastService,
    header_tools: HeaderToolsAccumulator,
    phases: PhaseAccumulator,
    /// Made at the first sniffer or prober event, the only ones it reads,
    /// and boxed: it is most of the accumulator's size, and most attackers
    /// never send such events.
    rollup: Option<Box<RollupAccumulator>>,
}

/// A short service name kept inline (`ssh`, `http`, `sniffer`, …), or
/// nothing: comparing with it reads no memory beyond the accumulator's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct LastService {
    /// The name's length, 0 for none (a longer name is not kept).
    len: u8,
    bytes: [u8; 15],
}

impl LastService {
    /// `service`, or nothing when it is empty or longer than 15 bytes.
    fn new(service: &str) -> LastService {
        let mut bytes = [0; 15];
        match bytes.get_mut(..service.len()) {
            Some(head) => {
                head.copy_from_slice(service.as_bytes());
                LastService {
                    len: service.len() as u8,
                    bytes,
                }
            }
            None => LastService::default(),
        }
    }

    /// Whether this is `service` (never for nothing).
    fn is(&self, service: &str) -> bool {
        self.len != 0 && &self.bytes[..usize::from(self.len)] == service.as_bytes()
    }
}

impl BehaviorAccumulator {
    /// An accumulator that has seen no event.
    pub fn new() -> BehaviorAccumulator {
        BehaviorAccumulator::default()
    }

    /// Takes the next event.
    pub fn push(&mut self, event: &Event) {
        self.timing.push(event);
        let service = event.service.as_str();
        if !self.last_service.is(service) {
            if !self.services.contains(service) {
                self.services.insert(service.into());
            }
            self.last_service = LastService::new(service);
        }
        self.header_tools.push(event);
        self.phases.push(event);
        if RollupAccumulator::reads(event) {
            self.rollup.get_or_insert_default().push(event);
        }
    }

    /// The accumulator of this one's events followed by `later`'s.
    pub fn merge(mut self, later: BehaviorAccumulator) -> BehaviorAccumulator {
        self.services.extend(later.services);
        BehaviorAccumulator {
            timing: self.timing.merge(later.timing),
            services: self.services,
            last_service: if later.last_service == LastService::default() {
                self.last_service
            } else {
                later.last_service
            },
            header_tools: self.header_tools.merge(later.header_tools),
            phases: self.phases.merge(later.phases),
            rollup: match (self.rollup, later.rollup) {
                (Some(earlier), Some(later)) => Some(Box::new(earlier.merge(*later))),
                (earlier, later) => later.or(earlier),
            },
        }
    }

    /// The record of every event pushed or merged in.
    ///
    /// It is computed inside the span `profiler.build_behavior_record`,
    /// whose children are the detectors' spans and
    /// `profiler.behavior_summary` (see [`decnet_event::telemetry`]); the
    /// summary's attributes are `behavior_class`, `os_guess` (`unknown`
    /// when there is none), `tool_count`, `event_count`, and `tools`, the
    /// tool names joined with commas, when there is any tool.
    pub fn finish(self) -> BehaviorRecord {
        telemetry::in_span(
            "decnet.behavioral",
            "profiler.build_behavior_record",
            || self.record(),
        )
    }

    /// [`finish`](Self::finish)'s result, inside the span it opens.
    fn record(self) -> BehaviorRecord {
        let timing_stats = self.timing.finish();
        let behavior_class = classify_behavior(&ClassifyInput {
            event_count: timing_stats.event_count,
            mean_iat_s: timing_stats.mean_iat_s,
            cv: timing_stats.cv,
            services_count: self.services.len(),
        });
        let rollup = self
            .rollup
            .map_or_else(RollupAccumulator::new, |rollup| *rollup)
            .finish();
        let phase_sequence = self.phases.finish();

        // Beacon profiles first, then header signatures, each tool once.
        let mut tool_guesses = guess_tools(timing_stats.mean_iat_s, timing_stats.cv);
        for tool in self.header_tools.finish() {
            if !tool_guesses.contains(&tool) {
                tool_guesses.push(tool);
            }
        }
        // The passive fingerprint naming nmap is the surest scanner sign.
        if rollup.os_guess.as_deref() == Some("nmap") && !tool_guesses.contains(&Tool::Nmap) {
            tool_guesses.insert(0, Tool::Nmap);
        }

        let (beacon_interval_s, beacon_jitter_pct) = if behavior_class == BehaviorClass::Beaconing {
            (
                timing_stats.mean_iat_s,
                timing_stats.cv.map(|cv| py::round(cv * 100.0, 2)),
            )
        } else {
            (None, None)
        };

        telemetry::emit_span("decnet.profiler", "profiler.behavior_summary", |span| {
            span.text("behavior_class", behavior_class.as_str());
            span.text(
                "os_guess",
                match rollup.os_guess.as_deref() {
                    Some(os_guess) if !os_guess.is_empty() => os_guess.to_owned(),
                    _ => "unknown".to_owned(),
                },
            );
            span.int("tool_count", saturating_i64(tool_guesses.len() as u64));
            span.int("event_count", saturating_i64(timing_stats.event_count));
            if !tool_guesses.is_empty() {
                let names: Vec<&str> = tool_guesses.iter().map(|tool| tool.as_str()).collect();
                span.text("tools", names.join(","));
            }
        });

        BehaviorRecord {
            os_guess: rollup.os_guess,
            hop_distance: rollup.hop_distance,
            tcp_fingerprint: rollup.tcp_fingerprint,
            kex_order_raw: rollup.kex_order_raw,
            ssh_client_banners: rollup.ssh_client_banners,
            retransmit_count: rollup.retransmit_count,
            behavior_class,
            beacon_interval_s,
            beacon_jitter_pct,
            tool_guesses,
            timing_stats,
            phase_sequence,
        }
    }
}

/// `count` as a span attribute, which is a signed 64-bit integer.
fn saturating_i64(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}
