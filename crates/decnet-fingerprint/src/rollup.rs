//! The rollup and the accumulator that builds it.

use std::collections::BTreeMap;

use decnet_event::{Event, telemetry};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::snapshot::{SnapshotSource, TcpFingerprint, int_parameter};
use crate::tally::{FirstSeen, Tally};

/// One attacker's network fingerprint: OS guess, hop distance, the latest
/// TCP snapshot, retransmissions and SSH client traits.
///
/// Serialized, it is the original's dict: `os_guess`, `hop_distance`,
/// `tcp_fingerprint` (an object, `{}` when there is no snapshot),
/// `retransmit_count`, `kex_order_raw`, `ssh_client_banners`, in that
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnifferRollup {
    /// The most common sniffer OS label, else the TTL bucket (`linux`,
    /// `windows`, `embedded`) of the most common TTL, else none.
    pub os_guess: Option<String>,
    /// The median hop distance, truncated to an integer.
    pub hop_distance: Option<i64>,
    /// The snapshot of the last sniffer or prober fingerprint event.
    pub tcp_fingerprint: Option<TcpFingerprint>,
    /// The sum of the `retransmits` of flow timing events.
    pub retransmit_count: i64,
    /// The distinct raw SSH key exchange algorithm lists, first seen first.
    pub kex_order_raw: Vec<String>,
    /// The distinct SSH client identification strings, first seen first.
    pub ssh_client_banners: Vec<String>,
}

/// The rollup of `events`, taken in the order given.
///
/// ```
/// use decnet_event::{Event, Fields, Timestamp};
/// use decnet_fingerprint::sniffer_rollup;
///
/// let at = Timestamp::from_unix_micros(0, 0).unwrap();
/// let probe = |ttl: &str| Event {
///     timestamp: at,
///     decky: "decky-01".into(),
///     service: "prober".into(),
///     event_type: "tcpfp_fingerprint".into(),
///     attacker_ip: None,
///     fields: Fields::from_iter([("ttl", ttl)]),
///     kind: Default::default(),
/// };
/// let rollup = sniffer_rollup(&[probe("121"), probe("60"), probe("121")]);
/// assert_eq!(rollup.os_guess.as_deref(), Some("windows"));
/// assert_eq!(rollup.hop_distance, Some(7));
/// ```
pub fn sniffer_rollup(events: &[Event]) -> SnifferRollup {
    events
        .iter()
        .fold(RollupAccumulator::new(), |mut acc, event| {
            acc.push(event);
            acc
        })
        .finish()
}

/// A [`SnifferRollup`] under construction, one event at a time.
///
/// Accumulators of consecutive parts of an event list merge into the
/// accumulator of the whole list: `earlier.merge(later)` finishes to the
/// same rollup as pushing every event of both into one accumulator. It holds
/// the label and TTL counts, the hop counts, the latest snapshot and the
/// distinct SSH traits, not the events.
#[derive(Debug, Clone, Default)]
pub struct RollupAccumulator {
    os_labels: Tally,
    ttls: Tally,
    /// Each hop distance with how often it was seen.
    hops: BTreeMap<i64, u64>,
    /// The latest snapshot. A sniffer snapshot holds the sequence classes
    /// seen in this part only, so that merging can fill them in.
    snapshot: Option<TcpFingerprint>,
    ipid_latest: Option<String>,
    isn_latest: Option<String>,
    /// Wide enough that no count of `i64` summands can overflow it.
    retransmits: i128,
    kex_order_raw: FirstSeen,
    ssh_client_banners: FirstSeen,
}

impl RollupAccumulator {
    /// An accumulator that has seen no event.
    pub fn new() -> RollupAccumulator {
        RollupAccumulator::default()
    }

    /// Whether [`push`](Self::push) reads `event`: only the sniffer's and
    /// prober's event types (`tcp_syn_fingerprint`, `tcp_flow_timing`,
    /// `hassh_fingerprint`, `ssh_client_banner`, `tcpfp_fingerprint`)
    /// change an accumulator. A caller holding many accumulators can leave
    /// one unmade until an event it reads comes.
    ///
    /// ```
    /// use decnet_event::parse_line;
    /// use decnet_fingerprint::RollupAccumulator;
    ///
    /// let line = r#"<134>1 2024-03-05T07:08:09Z d ssh - connection [relay@55555 src_ip="10.0.0.7"]"#;
    /// assert!(!RollupAccumulator::reads(&parse_line(line).unwrap()));
    /// ```
    pub fn reads(event: &Event) -> bool {
        matches!(
            event.event_type.as_str(),
            "tcp_syn_fingerprint"
                | "tcp_flow_timing"
                | "hassh_fingerprint"
                | "ssh_client_banner"
                | "tcpfp_fingerprint"
        )
    }

    /// Takes in one event; events of other types (see
    /// [`reads`](Self::reads)) change nothing.
    pub fn push(&mut self, event: &Event) {
        let fields = &event.fields;
        match event.event_type.as_str() {
            "tcp_syn_fingerprint" => {
                if let Some(label) = known(fields.get("os_guess")) {
                    self.os_labels.add(label, 1);
                }
                let ttl = non_empty(fields.get("ttl")).or(non_empty(fields.get("initial_ttl")));
                if let Some(ttl) = ttl {
                    self.ttls.add(ttl, 1);
                }
                let hop = fields.get("hop_distance").and_then(int_parameter);
                if let Some(hop) = hop.filter(|&h| h > 0) {
                    self.add_hop(hop);
                }

                // The classes settle as the sniffer sees more packets, so
                // a later `unknown` does not undo an earlier verdict.
                if let Some(class) = known(fields.get("ipid_class")) {
                    self.ipid_latest = Some(class.to_owned());
                }
                if let Some(class) = known(fields.get("isn_class")) {
                    self.isn_latest = Some(class.to_owned());
                }
                self.snapshot = Some(TcpFingerprint::from_sniffer(
                    fields,
                    self.ipid_latest.clone(),
                    self.isn_latest.clone(),
                ));
            }
            "tcp_flow_timing" => {
                let retransmits = fields.get("retransmits").map_or(Some(0), int_parameter);
                self.retransmits += i128::from(retransmits.unwrap_or(0));
            }
            "hassh_fingerprint" => {
                if let Some(kex) = non_empty(fields.get("kex_algorithms")) {
                    self.kex_order_raw.add(kex);
                }
            }
            "ssh_client_banner" => {
                if let Some(banner) = non_empty(fields.get("ssh_version")) {
                    self.ssh_client_banners.add(banner);
                }
            }
            "tcpfp_fingerprint" => {
                if let Some(ttl) = non_empty(fields.get("ttl")) {
                    self.ttls.add(ttl, 1);
                    let hop = int_parameter(ttl)
                        .and_then(|ttl| Some(TtlBucket::of(ttl)?.initial_ttl() - ttl));
                    if let Some(hop) = hop.filter(|&h| h > 0) {
                        self.add_hop(hop);
                    }
                }
                self.snapshot = Some(TcpFingerprint::from_prober(fields));
            }
            _ => {}
        }
    }

    /// The accumulator of this part followed by `later`.
    pub fn merge(mut self, later: RollupAccumulator) -> RollupAccumulator {
        self.os_labels.merge(later.os_labels);
        self.ttls.merge(later.ttls);
        for (hop, count) in later.hops {
            *self.hops.entry(hop).or_default() += count;
        }

        // A sniffer snapshot of the later part that predates every class
        // seen there takes the classes this part ended with.
        if let Some(mut snapshot) = later.snapshot {
            if let SnapshotSource::Sniffer {
                ipid_class,
                isn_class,
            } = &mut snapshot.source
            {
                if ipid_class.is_none() {
                    ipid_class.clone_from(&self.ipid_latest);
                }
                if isn_class.is_none() {
                    isn_class.clone_from(&self.isn_latest);
                }
            }
            self.snapshot = Some(snapshot);
        }
        self.ipid_latest = later.ipid_latest.or(self.ipid_latest);
        self.isn_latest = later.isn_latest.or(self.isn_latest);

        self.retransmits += later.retransmits;
        self.kex_order_raw.merge(later.kex_order_raw);
        self.ssh_client_banners.merge(later.ssh_client_banners);
        self
    }

    /// The rollup of every event taken in, computed inside the span
    /// `profiler.sniffer_rollup` (see [`decnet_event::telemetry`]).
    pub fn finish(self) -> SnifferRollup {
        telemetry::in_span("decnet.fingerprint", "profiler.sniffer_rollup", || {
            self.rollup()
        })
    }

    /// [`finish`](Self::finish)'s result, outside any span.
    fn rollup(self) -> SnifferRollup {
        let os_guess = match self.os_labels.modal() {
            Some(label) => Some(label.to_owned()),
            None => self
                .ttls
                .modal()
                .and_then(int_parameter)
                .and_then(TtlBucket::of)
                .map(|bucket| bucket.label().to_owned()),
        };
        SnifferRollup {
            os_guess,
            hop_distance: median_hop(&self.hops),
            tcp_fingerprint: self.snapshot,
            // Note: Python's sum has no bound; a total beyond i64 is clamped to it.
            retransmit_count: self.retransmits.clamp(i64::MIN.into(), i64::MAX.into()) as i64,
            kex_order_raw: self.kex_order_raw.into_vec(),
            ssh_client_banners: self.ssh_client_banners.into_vec(),
        }
    }

    fn add_hop(&mut self, hop: i64) {
        *self.hops.entry(hop).or_default() += 1;
    }
}

/// An OS family recognised from the TTL the attacker's packets arrive
/// with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TtlBucket {
    Linux,
    Windows,
    Embedded,
}

impl TtlBucket {
    /// The bucket of a TTL. (A TTL text beyond `i64` would fall in no
    /// bucket, so the port policy on integers changes nothing here.)
    fn of(ttl: i64) -> Option<TtlBucket> {
        match ttl {
            55..=70 => Some(TtlBucket::Linux),
            115..=135 => Some(TtlBucket::Windows),
            235..=255 => Some(TtlBucket::Embedded),
            _ => None,
        }
    }

    /// The TTL this OS family starts its packets with.
    fn initial_ttl(self) -> i64 {
        match self {
            TtlBucket::Linux => 64,
            TtlBucket::Windows => 128,
            TtlBucket::Embedded => 255,
        }
    }

    /// The `os_guess` name of this OS family.
    fn label(self) -> &'static str {
        match self {
            TtlBucket::Linux => "linux",
            TtlBucket::Windows => "windows",
            TtlBucket::Embedded => "embedded",
        }
    }
}

/// Python's `int(statistics.median(hops))`: the middle hop, or for an even
/// count the two middle hops' exact sum divided by two, correctly rounded
/// to a double, then truncated.
fn median_hop(hops: &BTreeMap<i64, u64>) -> Option<i64> {
    let total: u64 = hops.values().sum();
    let nth = |n: u64| {
        let mut before = 0;
        hops.iter().find_map(|(&hop, &count)| {
            before += count;
            (n < before).then_some(hop)
        })
    };
    // Without hops there is no upper middle, so this also returns none.
    let high = nth(total / 2)?;
    if total % 2 == 1 {
        return Some(high);
    }
    let low = nth(total / 2 - 1)?;

    // An i128 sum is exact; converting it rounds once, and halving a double
    // is exact, so this is Python's correctly rounded `(a + b) / 2`.
    let mean = (i128::from(low) + i128::from(high)) as f64 / 2.0;
    // Note: a mean that rounds up to 2^63 saturates to i64::MAX; Python would print 2^63.
    Some(mean as i64)
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// A label or class other than the empty string and `unknown`.
fn known(value: Option<&str>) -> Option<&str> {
    non_empty(value).filter(|v| *v != "unknown")
}

impl Serialize for SnifferRollup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut rollup = serializer.serialize_struct("SnifferRollup", 6)?;
        rollup.serialize_field("os_guess", &self.os_guess)?;
        rollup.serialize_field("hop_distance", &self.hop_distance)?;
        rollup.serialize_field("tcp_fingerprint", &SnapshotOrEmpty(&self.tcp_fingerprint))?;
        rollup.serialize_field("retransmit_count", &self.retransmit_count)?;
        rollup.serialize_field("kex_order_raw", &self.kex_order_raw)?;
        rollup.serialize_field("ssh_client_banners", &self.ssh_client_banners)?;
        rollup.end()
    }
}

/// A snapshot, or `{}` without one, as the original writes `tcp_fp or {}`.
struct SnapshotOrEmpty<'a>(&'a Option<TcpFingerprint>);

impl Serialize for SnapshotOrEmpty<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(snapshot) => snapshot.serialize(serializer),
            None => serializer.serialize_map(Some(0))?.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use decnet_event::{Fields, Timestamp};
    use serde_json::{Value, json};

    use super::*;

    fn event(event_type: &str, fields: &[(&str, &str)]) -> Event {
        Event {
            timestamp: Timestamp::from_unix_micros(0, 0).expect("a zero offset is valid"),
            decky: "decky-01".into(),
            service: "sniffer".into(),
            event_type: event_type.into(),
            attacker_ip: None,
            fields: fields.iter().copied().collect::<Fields>(),
            kind: Default::default(),
        }
    }

    fn syn(fields: &[(&str, &str)]) -> Event {
        event("tcp_syn_fingerprint", fields)
    }

    fn probe(fields: &[(&str, &str)]) -> Event {
        event("tcpfp_fingerprint", fields)
    }

    fn json_of(rollup: &SnifferRollup) -> Value {
        serde_json::to_value(rollup).expect("a rollup always serializes")
    }

    #[test]
    fn reads_names_exactly_the_event_types_that_change_the_rollup() {
        let fields = [
            ("os_guess", "Linux 2.6"),
            ("ttl", "57"),
            ("retransmits", "3"),
            ("kex_algorithms", "curve25519-sha256"),
            ("ssh_version", "SSH-2.0-Go"),
        ];
        let empty = json_of(&sniffer_rollup(&[]));
        for event_type in [
            "tcp_syn_fingerprint",
            "tcp_flow_timing",
            "hassh_fingerprint",
            "ssh_client_banner",
            "tcpfp_fingerprint",
            "connection",
            "login_attempt",
            "tcp_syn",
            "",
        ] {
            let event = event(event_type, &fields);
            let changes = json_of(&sniffer_rollup(std::slice::from_ref(&event))) != empty;
            assert_eq!(RollupAccumulator::reads(&event), changes, "{event_type:?}");
        }
    }

    fn os_guess(events: &[Event]) -> Option<String> {
        sniffer_rollup(events).os_guess
    }

    fn hop(events: &[Event]) -> Option<i64> {
        sniffer_rollup(events).hop_distance
    }

    #[test]
    fn ties_of_the_modal_label_go_to_the_first_seen() {
        let labels = ["b", "a", "a", "b"].map(|l| syn(&[("os_guess", l)]));
        assert_eq!(os_guess(&labels).as_deref(), Some("b"));
    }

    #[test]
    fn unknown_and_empty_labels_are_not_counted() {
        let labels = ["unknown", "unknown", "", "", "Linux"].map(|l| syn(&[("os_guess", l)]));
        assert_eq!(os_guess(&labels).as_deref(), Some("Linux"));
    }

    #[test]
    fn a_sniffer_label_wins_over_any_ttl_bucket() {
        let events = [
            probe(&[("ttl", "120")]),
            probe(&[("ttl", "120")]),
            syn(&[("os_guess", "BSD")]),
        ];
        assert_eq!(os_guess(&events).as_deref(), Some("BSD"));
    }

    #[test]
    fn without_labels_the_os_is_the_bucket_of_the_modal_ttl() {
        let events = [
            probe(&[("ttl", "60")]),
            probe(&[("ttl", "250")]),
            probe(&[("ttl", "250")]),
        ];
        assert_eq!(os_guess(&events).as_deref(), Some("embedded"));
        assert_eq!(
            os_guess(&[probe(&[("ttl", "\u{0661}\u{0662}\u{0660}")])]).as_deref(),
            Some("windows")
        );
    }

    #[test]
    fn ties_of_the_modal_ttl_go_to_the_first_seen_text() {
        let events = [
            probe(&[("ttl", "64")]),
            probe(&[("ttl", "128")]),
            probe(&[("ttl", "128")]),
            probe(&[("ttl", "64")]),
        ];
        assert_eq!(os_guess(&events).as_deref(), Some("linux"));
    }

    #[test]
    fn ttl_texts_count_apart_even_when_their_values_agree() {
        let events = [
            probe(&[("ttl", "0128")]),
            probe(&[("ttl", "64")]),
            probe(&[("ttl", "128")]),
        ];
        assert_eq!(os_guess(&events).as_deref(), Some("windows"));
        let events = [
            probe(&[("ttl", "x")]),
            probe(&[("ttl", "x")]),
            probe(&[("ttl", "64")]),
        ];
        assert_eq!(os_guess(&events), None);
    }

    #[test]
    fn sniffer_ttl_falls_back_to_initial_ttl_when_missing_or_empty() {
        assert_eq!(
            os_guess(&[syn(&[("initial_ttl", "64")])]).as_deref(),
            Some("linux")
        );
        assert_eq!(
            os_guess(&[syn(&[("ttl", ""), ("initial_ttl", "128")])]).as_deref(),
            Some("windows")
        );
        assert_eq!(
            os_guess(&[syn(&[("ttl", "128"), ("initial_ttl", "64")])]).as_deref(),
            Some("windows")
        );
    }

    #[test]
    fn hop_from_prober_ttl_is_bucket_initial_minus_ttl_when_positive() {
        assert_eq!(hop(&[probe(&[("ttl", "57")])]), Some(7));
        assert_eq!(hop(&[probe(&[("ttl", " 120 ")])]), Some(8));
        assert_eq!(hop(&[probe(&[("ttl", "240")])]), Some(15));
        assert_eq!(hop(&[probe(&[("ttl", "64")])]), None);
        assert_eq!(hop(&[probe(&[("ttl", "70")])]), None);
        assert_eq!(hop(&[probe(&[("ttl", "100")])]), None);
    }

    #[test]
    fn sniffer_hop_counts_only_when_a_positive_integer_within_i64() {
        for text in ["0", "-3", "", "x", "2.0", "18446744073709551616"] {
            assert_eq!(hop(&[syn(&[("hop_distance", text)])]), None, "{text:?}");
        }
        assert_eq!(hop(&[syn(&[("hop_distance", " +1_2 ")])]), Some(12));
    }

    #[test]
    fn hop_median_of_an_odd_count_is_the_middle_value() {
        let events = ["9", "1", "4"].map(|h| syn(&[("hop_distance", h)]));
        assert_eq!(hop(&events), Some(4));
    }

    #[test]
    fn hop_median_of_an_even_count_truncates_the_mean_of_the_middle_two() {
        let events = ["9", "1", "4", "7"].map(|h| syn(&[("hop_distance", h)]));
        assert_eq!(hop(&events), Some(5));
    }

    #[test]
    fn hop_median_rounds_the_exact_sum_of_the_middle_two_once() {
        // (2^53 + 1 + 2^53 + 2) / 2 rounds to 2^53 + 2; adding the two as
        // doubles first would give 2^53 + 1.
        let events = ["9007199254740993", "9007199254740994"].map(|h| syn(&[("hop_distance", h)]));
        assert_eq!(hop(&events), Some(9_007_199_254_740_994));
    }

    #[test]
    fn hop_median_that_rounds_up_to_2_pow_63_saturates_at_i64_max() {
        let events = [i64::MAX, i64::MAX - 1].map(|h| syn(&[("hop_distance", &h.to_string())]));
        assert_eq!(hop(&events), Some(i64::MAX));
    }

    #[test]
    fn retransmits_sum_over_flow_events_and_bad_values_add_nothing() {
        let flows = [
            event("tcp_flow_timing", &[("retransmits", "3")]),
            event("tcp_flow_timing", &[]),
            event("tcp_flow_timing", &[("retransmits", "")]),
            event("tcp_flow_timing", &[("retransmits", "2.5")]),
            event(
                "tcp_flow_timing",
                &[("retransmits", "99999999999999999999")],
            ),
            event("tcp_flow_timing", &[("retransmits", "-1")]),
            syn(&[("retransmits", "100")]),
        ];
        assert_eq!(sniffer_rollup(&flows).retransmit_count, 2);
    }

    #[test]
    fn retransmit_total_beyond_i64_is_clamped() {
        let big = i64::MAX.to_string();
        let flows =
            [big.as_str(), big.as_str()].map(|r| event("tcp_flow_timing", &[("retransmits", r)]));
        assert_eq!(sniffer_rollup(&flows).retransmit_count, i64::MAX);
    }

    #[test]
    fn kex_lists_and_banners_are_kept_once_in_first_seen_order() {
        let events = [
            event("hassh_fingerprint", &[("kex_algorithms", "b")]),
            event("ssh_client_banner", &[("ssh_version", "SSH-2.0-x")]),
            event("hassh_fingerprint", &[("kex_algorithms", "a")]),
            event("hassh_fingerprint", &[("kex_algorithms", "b")]),
            event("hassh_fingerprint", &[("kex_algorithms", "")]),
            event("ssh_client_banner", &[("ssh_version", "SSH-2.0-x")]),
        ];
        let rollup = sniffer_rollup(&events);
        assert_eq!(rollup.kex_order_raw, ["b", "a"]);
        assert_eq!(rollup.ssh_client_banners, ["SSH-2.0-x"]);
    }

    /// The rollup as JSON text, which keeps the serializer's key order.
    fn text_of(events: &[Event]) -> String {
        serde_json::to_string(&sniffer_rollup(events)).expect("a rollup always serializes")
    }

    #[test]
    fn sniffer_snapshot_keys_follow_the_original_order() {
        let snapshot = concat!(
            r#"{"window":null,"wscale":null,"mss":null,"options_sig":"","has_sack":false,"#,
            r#""has_timestamps":false,"tos":null,"dscp":null,"ecn":null,"ipid_class":null,"#,
            r#""isn_class":null}"#,
        );
        assert!(text_of(&[syn(&[])]).contains(snapshot));
    }

    #[test]
    fn prober_snapshot_has_no_ipid_or_isn_keys() {
        let snapshot = concat!(
            r#"{"window":null,"wscale":null,"mss":null,"options_sig":"","has_sack":false,"#,
            r#""has_timestamps":false,"tos":null,"dscp":null,"ecn":null}"#,
        );
        assert!(text_of(&[probe(&[("ipid_class", "incremental")])]).contains(snapshot));
    }

    #[test]
    fn an_absent_snapshot_serializes_as_an_empty_object() {
        let rollup = concat!(
            r#"{"os_guess":null,"hop_distance":null,"tcp_fingerprint":{},"#,
            r#""retransmit_count":0,"kex_order_raw":[],"ssh_client_banners":[]}"#,
        );
        assert_eq!(text_of(&[event("tcp_flow_timing", &[])]), rollup);
    }

    #[test]
    fn the_last_fingerprint_event_sets_the_snapshot_whichever_emitter() {
        let events = [
            probe(&[("window_size", "1024")]),
            syn(&[("window", "29200")]),
        ];
        let snapshot = sniffer_rollup(&events)
            .tcp_fingerprint
            .expect("a SYN was seen");
        assert_eq!(snapshot.window, Some(29200));
        let events = [
            syn(&[("window", "29200")]),
            probe(&[("window_size", "1024")]),
        ];
        let snapshot = sniffer_rollup(&events)
            .tcp_fingerprint
            .expect("a SYN-ACK was seen");
        assert_eq!(
            (snapshot.window, snapshot.source),
            (Some(1024), SnapshotSource::Prober)
        );
    }

    #[test]
    fn sniffer_snapshot_reads_its_own_field_names() {
        let fields = [
            ("window", "29200"),
            ("wscale", "7"),
            ("mss", "1460"),
            ("options_sig", "M,S,T,N,W"),
            ("has_sack", "true"),
            ("has_timestamps", "True"),
            ("tos", "0"),
            ("dscp", "x"),
            ("ecn", ""),
        ];
        let snapshot = json_of(&sniffer_rollup(&[syn(&fields)]))["tcp_fingerprint"].clone();
        assert_eq!(
            snapshot,
            json!({"window": 29200, "wscale": 7, "mss": 1460, "options_sig": "M,S,T,N,W",
                   "has_sack": true, "has_timestamps": false, "tos": 0, "dscp": null, "ecn": null,
                   "ipid_class": null, "isn_class": null})
        );
    }

    #[test]
    fn prober_snapshot_reads_its_own_field_names() {
        let fields = [
            ("window_size", "64240"),
            ("window_scale", "8"),
            ("mss", "1460"),
            ("options_order", "MSTNW"),
            ("sack_ok", "1"),
            ("timestamp", "true"),
            ("window", "5"),
            ("options_sig", "x"),
        ];
        let snapshot = json_of(&sniffer_rollup(&[probe(&fields)]))["tcp_fingerprint"].clone();
        assert_eq!(
            snapshot,
            json!({"window": 64240, "wscale": 8, "mss": 1460, "options_sig": "MSTNW",
                   "has_sack": true, "has_timestamps": false,
                   "tos": null, "dscp": null, "ecn": null})
        );
    }

    #[test]
    fn tcp_parameters_beyond_i64_are_not_integers() {
        let events = [syn(&[
            ("window", "9223372036854775808"),
            ("mss", "-9223372036854775808"),
        ])];
        let snapshot = sniffer_rollup(&events)
            .tcp_fingerprint
            .expect("a SYN was seen");
        assert_eq!((snapshot.window, snapshot.mss), (None, Some(i64::MIN)));
    }

    #[test]
    fn sequence_classes_are_the_latest_known_values_seen_so_far() {
        let events = [
            syn(&[("ipid_class", "incremental"), ("isn_class", "random")]),
            probe(&[]),
            syn(&[("ipid_class", "unknown"), ("isn_class", "")]),
        ];
        let snapshot = sniffer_rollup(&events)
            .tcp_fingerprint
            .expect("a SYN was seen");
        let expected = SnapshotSource::Sniffer {
            ipid_class: Some("incremental".into()),
            isn_class: Some("random".into()),
        };
        assert_eq!(snapshot.source, expected);
    }

    #[test]
    fn merging_fills_a_later_snapshot_with_the_earlier_classes() {
        let earlier = [syn(&[("ipid_class", "zero")])];
        let later = [
            syn(&[("isn_class", "time")]),
            syn(&[]),
            syn(&[("ipid_class", "random")]),
        ];
        let fold = |events: &[Event]| {
            let mut acc = RollupAccumulator::new();
            events.iter().for_each(|e| acc.push(e));
            acc
        };
        let merged = fold(&earlier).merge(fold(&later[..2])).finish();
        let expected = SnapshotSource::Sniffer {
            ipid_class: Some("zero".into()),
            isn_class: Some("time".into()),
        };
        assert_eq!(merged.tcp_fingerprint.map(|fp| fp.source), Some(expected));
        let whole: Vec<Event> = earlier.iter().chain(&later).cloned().collect();
        assert_eq!(
            fold(&earlier).merge(fold(&later)).finish(),
            sniffer_rollup(&whole)
        );
    }

    #[test]
    fn other_event_types_change_nothing() {
        let events = [event(
            "connection",
            &[("os_guess", "Linux"), ("ttl", "64"), ("hop_distance", "3")],
        )];
        assert_eq!(sniffer_rollup(&events), sniffer_rollup(&[]));
    }
}
