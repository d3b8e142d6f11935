//! The event every detector reads.

use crate::Timestamp;

/// One DECNET event: one interaction of an attacker with a decky.
///
/// Built by [`parse_line`](crate::parse_line) from a syslog line, or
/// directly by callers that read other formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened, with the UTC offset it was written with.
    pub timestamp: Timestamp,
    /// The decoy that saw it (RFC 5424 HOSTNAME).
    pub decky: String,
    /// The service that saw it (RFC 5424 APP-NAME): `ssh`, `http`, …
    pub service: String,
    /// What happened (RFC 5424 MSGID): `connection`, `login_attempt`, …
    pub event_type: String,
    /// The attacker's address, when one was found; may be the empty string.
    pub attacker_ip: Option<String>,
    /// The structured-data parameters, in the order first written.
    pub fields: Fields,
    /// Whether this is an attacker event or a decky mutation.
    pub kind: EventKind,
}

/// What an [`Event`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum EventKind {
    /// An event caused by an attacker (every event but mutations).
    #[default]
    Attacker,
    /// The `mutator` service reporting `decky_mutated`.
    Mutation,
}

impl EventKind {
    /// The name the original profiler uses: `attacker` or `mutation`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Attacker => "attacker",
            EventKind::Mutation => "mutation",
        }
    }

    /// The kind of an event from its service and event type.
    pub fn of(service: &str, event_type: &str) -> EventKind {
        if service == "mutator" && event_type == "decky_mutated" {
            EventKind::Mutation
        } else {
            EventKind::Attacker
        }
    }
}

/// The structured-data parameters of an event: names to values, in the
/// order each name was first set, like a Python `dict`.
///
/// Events carry a handful of fields, so a vector with linear lookup is both
/// smaller and faster than a hash map here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    entries: Vec<(String, String)>,
}

impl Fields {
    /// An empty set of fields.
    pub fn new() -> Fields {
        Fields::default()
    }

    /// The value of `name`, if set.
    ///
    /// ```
    /// let mut fields = decnet_event::Fields::new();
    /// fields.insert("src_ip", "10.0.0.7");
    /// assert_eq!(fields.get("src_ip"), Some("10.0.0.7"));
    /// assert_eq!(fields.get("dst_ip"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether `name` is set.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to `value`. A name already set keeps its place and takes
    /// the new value, as assigning to a Python `dict` does.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(key, _)| *key == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Sets `name` to `value` only when `name` is not set yet, like
    /// `dict.setdefault`.
    pub fn insert_if_absent(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        if !self.contains(&name) {
            self.entries.push((name, value.into()));
        }
    }

    /// The fields as `(name, value)` pairs, in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Fields {
        let mut fields = Fields::new();
        for (k, v) in iter {
            fields.insert(k, v);
        }
        fields
    }
}
