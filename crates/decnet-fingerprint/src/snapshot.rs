//! The TCP fingerprint snapshot, as the sniffer or the prober reports it.

use decnet_event::Fields;
use decnet_event::py::parse_int;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The TCP/IP stack parameters of the attacker's latest fingerprinting
/// event.
///
/// The passive sniffer (SYN) and the active prober (SYN-ACK) name their
/// fields differently but report the same parameters; only the sniffer
/// classifies IP ID and initial sequence numbers, which [`SnapshotSource`]
/// carries. Serialized, it is the original's dict, keys in its order:
/// `window`, `wscale`, `mss`, `options_sig`, `has_sack`,
/// `has_timestamps`, `tos`, `dscp`, `ecn`, then `ipid_class` and
/// `isn_class` for a sniffer snapshot only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpFingerprint {
    /// TCP window size.
    pub window: Option<i64>,
    /// TCP window scale.
    pub wscale: Option<i64>,
    /// TCP maximum segment size.
    pub mss: Option<i64>,
    /// The TCP options layout, empty when not reported.
    pub options_sig: String,
    /// Whether selective acknowledgement was offered.
    pub has_sack: bool,
    /// Whether TCP timestamps were offered.
    pub has_timestamps: bool,
    /// IP type of service byte.
    pub tos: Option<i64>,
    /// IP differentiated services code point.
    pub dscp: Option<i64>,
    /// IP explicit congestion notification bits.
    pub ecn: Option<i64>,
    /// Which emitter took the snapshot, with what only it reports.
    pub source: SnapshotSource,
}

/// Which DECNET component reported a [`TcpFingerprint`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotSource {
    /// The passive sniffer, from the attacker's SYN
    /// (`tcp_syn_fingerprint`).
    Sniffer {
        /// The latest IP ID class other than `unknown` seen on sniffer
        /// events up to this one.
        ipid_class: Option<String>,
        /// The latest initial sequence number class other than `unknown`
        /// seen on sniffer events up to this one.
        isn_class: Option<String>,
    },
    /// The active prober, from the attacker's SYN-ACK
    /// (`tcpfp_fingerprint`); it reports no sequence classes.
    Prober,
}

/// The field names one emitter uses for the shared parameters.
struct Layout {
    window: &'static str,
    wscale: &'static str,
    options: &'static str,
    sack: &'static str,
    timestamps: &'static str,
    /// The exact value that means "yes" for `sack` and `timestamps`.
    yes: &'static str,
}

const SNIFFER: Layout = Layout {
    window: "window",
    wscale: "wscale",
    options: "options_sig",
    sack: "has_sack",
    timestamps: "has_timestamps",
    yes: "true",
};

const PROBER: Layout = Layout {
    window: "window_size",
    wscale: "window_scale",
    options: "options_order",
    sack: "sack_ok",
    timestamps: "timestamp",
    yes: "1",
};

impl TcpFingerprint {
    /// The snapshot of a sniffer SYN event, with the sequence classes known
    /// so far.
    pub(crate) fn from_sniffer(
        fields: &Fields,
        ipid_class: Option<String>,
        isn_class: Option<String>,
    ) -> TcpFingerprint {
        TcpFingerprint::read(
            fields,
            &SNIFFER,
            SnapshotSource::Sniffer {
                ipid_class,
                isn_class,
            },
        )
    }

    /// The snapshot of a prober SYN-ACK event.
    pub(crate) fn from_prober(fields: &Fields) -> TcpFingerprint {
        TcpFingerprint::read(fields, &PROBER, SnapshotSource::Prober)
    }

    fn read(fields: &Fields, layout: &Layout, source: SnapshotSource) -> TcpFingerprint {
        let int = |name: &str| fields.get(name).and_then(int_parameter);
        let yes = |name: &str| fields.get(name) == Some(layout.yes);
        TcpFingerprint {
            window: int(layout.window),
            wscale: int(layout.wscale),
            mss: int("mss"),
            options_sig: fields.get(layout.options).unwrap_or_default().to_owned(),
            has_sack: yes(layout.sack),
            has_timestamps: yes(layout.timestamps),
            tos: int("tos"),
            dscp: int("dscp"),
            ecn: int("ecn"),
            source,
        }
    }
}

/// A count or TCP parameter: Python's `int()` of the text, and by the port
/// policy of `conformance/FORMAT.md` not an integer outside the `i64`
/// range.
pub(crate) fn int_parameter(text: &str) -> Option<i64> {
    parse_int(text).ok()?.to_i64()
}

impl Serialize for TcpFingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let classes = match &self.source {
            SnapshotSource::Sniffer {
                ipid_class,
                isn_class,
            } => Some((ipid_class, isn_class)),
            SnapshotSource::Prober => None,
        };
        let mut map = serializer.serialize_map(Some(if classes.is_some() { 11 } else { 9 }))?;
        map.serialize_entry("window", &self.window)?;
        map.serialize_entry("wscale", &self.wscale)?;
        map.serialize_entry("mss", &self.mss)?;
        map.serialize_entry("options_sig", &self.options_sig)?;
        map.serialize_entry("has_sack", &self.has_sack)?;
        map.serialize_entry("has_timestamps", &self.has_timestamps)?;
        map.serialize_entry("tos", &self.tos)?;
        map.serialize_entry("dscp", &self.dscp)?;
        map.serialize_entry("ecn", &self.ecn)?;
        if let Some((ipid_class, isn_class)) = classes {
            map.serialize_entry("ipid_class", ipid_class)?;
            map.serialize_entry("isn_class", isn_class)?;
        }
        map.end()
    }
}
