//! The event every detector reads.

use std::fmt;

use crate::Timestamp;
use crate::scan::word_at;

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
/// Events carry a handful of fields, so linear lookup beats hashing here;
/// and all names and values share one text buffer, so building the fields
/// of a line costs two allocations rather than two per field.
#[derive(Clone, Default)]
pub struct Fields {
    /// Every name and value, one after the other. Values replaced by
    /// [`Fields::insert`] stay behind, unused.
    text: String,
    /// Where each name and its value lie in `text`, in insertion order.
    /// Every range is in bounds and on code point boundaries: each was
    /// taken around a `&str` just appended, or (by the parser) around a
    /// part of one that starts and ends at code point boundaries.
    entries: Vec<Entry>,
    /// The union of the [`tag_bit`]s of the names in `entries`: a name
    /// whose bit is clear is not set, found without a scan. Most lookups
    /// and inserts are of names not set yet.
    tag_bits: u64,
}

/// The byte ranges of one name and its value in [`Fields::text`].
#[derive(Debug, Clone, Copy)]
struct Entry {
    name: (usize, usize),
    value: (usize, usize),
    /// The name's [`name_tag`], compared before the name itself.
    tag: u64,
}

/// A summary of a name that two equal names share: its length and its
/// first seven bytes. Most different names differ in it, so a lookup
/// compares the text of few names besides the one it finds.
///
/// The name is `bytes[start..end]`; the bytes after it, if any, are read
/// but left out.
#[inline]
fn name_tag(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    let kept = len.min(7);
    let head = word_at(bytes, start) & ((1 << (8 * kept)) - 1);
    head | (len as u64) << 56
}

/// The one bit of 64 that stands for a [`name_tag`] in
/// [`Fields::tag_bits`]: six bits of the tag, hashed.
#[inline]
fn tag_bit(tag: u64) -> u64 {
    1 << (tag.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)
}

impl Fields {
    /// An empty set of fields.
    pub fn new() -> Fields {
        Fields::default()
    }

    /// An empty set of fields with room for `count` fields whose names and
    /// values add up to `text_len` bytes.
    pub fn with_capacity(count: usize, text_len: usize) -> Fields {
        Fields {
            text: String::with_capacity(text_len),
            entries: Vec::with_capacity(count),
            tag_bits: 0,
        }
    }

    /// Removes every field, keeping the allocated room for reuse (as
    /// [`parse_line_into`](crate::parse_line_into) does).
    ///
    /// ```
    /// let mut fields: decnet_event::Fields = [("a", "1")].into_iter().collect();
    /// fields.clear();
    /// assert!(fields.is_empty());
    /// assert_eq!(fields.get("a"), None);
    /// ```
    pub fn clear(&mut self) {
        self.text.clear();
        self.entries.clear();
        self.tag_bits = 0;
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
        self.position(name)
            .map(|i| self.slice(self.entries[i].value))
    }

    /// Whether `name` is set.
    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Sets `name` to `value`. A name already set keeps its place and takes
    /// the new value, as assigning to a Python `dict` does.
    pub fn insert(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let name = name.as_ref();
        let value = self.push(value.as_ref());
        let tag = name_tag(name.as_bytes(), 0, name.len());
        match self.position_tagged(name, tag) {
            Some(i) => self.entries[i].value = value,
            None => {
                let name = self.push(name);
                self.push_entry(Entry { name, value, tag });
            }
        }
    }

    /// Appends what `write` appends to the string it is given (the end of
    /// the fields' text), returning its range for [`insert_at`]. `write`
    /// only appends.
    ///
    /// [`insert_at`]: Self::insert_at
    pub(crate) fn append_with(&mut self, write: impl FnOnce(&mut String)) -> (usize, usize) {
        let start = self.text.len();
        write(&mut self.text);
        (start, self.text.len())
    }

    /// [`insert`](Self::insert) of a name and a value that lie in the
    /// fields' text already, at these ranges: parts of what
    /// [`append_with`](Self::append_with) appended, starting and ending at
    /// code point boundaries of it. The parser appends a whole block of
    /// parameters once and points into it, rather than copying each name
    /// and value.
    #[inline]
    pub(crate) fn insert_at(&mut self, name: (usize, usize), value: (usize, usize)) {
        let tag = name_tag(self.text.as_bytes(), name.0, name.1);
        // The name is only read when its tag's bit says it may be set.
        if self.tag_bits & tag_bit(tag) != 0
            && let Some(i) = self.scan(self.slice(name), tag)
        {
            self.entries[i].value = value;
        } else {
            self.push_entry(Entry { name, value, tag });
        }
    }

    /// Sets `name` to `value` only when `name` is not set yet, like
    /// `dict.setdefault`.
    pub fn insert_if_absent(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let name = name.as_ref();
        let tag = name_tag(name.as_bytes(), 0, name.len());
        if self.position_tagged(name, tag).is_none() {
            let name = self.push(name);
            let value = self.push(value.as_ref());
            self.push_entry(Entry { name, value, tag });
        }
    }

    /// The fields as `(name, value)` pairs, in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.entries
            .iter()
            .map(|entry| (self.slice(entry.name), self.slice(entry.value)))
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.position_tagged(name, name_tag(name.as_bytes(), 0, name.len()))
    }

    /// [`position`](Self::position), given the name's [`name_tag`].
    #[inline]
    fn position_tagged(&self, name: &str, tag: u64) -> Option<usize> {
        if self.tag_bits & tag_bit(tag) == 0 {
            return None;
        }
        self.scan(name, tag)
    }

    /// [`position_tagged`](Self::position_tagged) without the filter.
    #[inline]
    fn scan(&self, name: &str, tag: u64) -> Option<usize> {
        self.entries
            .iter()
            .position(|entry| entry.tag == tag && self.slice(entry.name) == name)
    }

    /// Adds the entry of a name not set yet.
    #[inline]
    fn push_entry(&mut self, entry: Entry) {
        self.tag_bits |= tag_bit(entry.tag);
        self.entries.push(entry);
    }

    /// Appends `part` to the text, returning its range.
    fn push(&mut self, part: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(part);
        (start, self.text.len())
    }

    fn slice(&self, (start, end): (usize, usize)) -> &str {
        // In bounds and on boundaries: see `entries`.
        &self.text[start..end]
    }
}

/// Equal when the same names have the same values in the same order.
impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Fields {}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Fields {
        let mut fields = Fields::new();
        for (k, v) in iter {
            fields.insert(k, v);
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_set_again_keeps_its_place_and_takes_the_new_value() {
        let mut fields: Fields = [("a", "1"), ("b", "2")].into_iter().collect();
        fields.insert("a", "3");
        assert_eq!(fields.iter().collect::<Vec<_>>(), [("a", "3"), ("b", "2")]);
    }

    #[test]
    fn insert_if_absent_keeps_the_first_value() {
        let mut fields = Fields::new();
        fields.insert_if_absent("a", "1");
        fields.insert_if_absent("a", "2");
        assert_eq!(fields.get("a"), Some("1"));
        assert_eq!(fields.len(), 1);
    }

    #[test]
    fn fields_compare_by_their_pairs_in_order_not_by_their_buffer() {
        let mut replaced: Fields = [("a", "0"), ("b", "2")].into_iter().collect();
        replaced.insert("a", "1");
        let direct: Fields = [("a", "1"), ("b", "2")].into_iter().collect();
        assert_eq!(replaced, direct);
        let swapped: Fields = [("b", "2"), ("a", "1")].into_iter().collect();
        assert_ne!(direct, swapped);
    }

    #[test]
    fn names_alike_in_length_and_first_bytes_stay_apart() {
        let mut fields = Fields::new();
        fields.insert("content_length", "1");
        fields.insert("content_lengths", "2");
        fields.insert("content_type", "3");
        fields.insert("content_length", "4");
        assert_eq!(
            fields.iter().collect::<Vec<_>>(),
            [
                ("content_length", "4"),
                ("content_lengths", "2"),
                ("content_type", "3")
            ]
        );
        assert_eq!(fields.get("content_lengtx"), None);
    }

    #[test]
    fn an_empty_name_or_value_is_kept() {
        let fields: Fields = [("", ""), ("x", "")].into_iter().collect();
        assert_eq!(fields.get(""), Some(""));
        assert_eq!(fields.get("x"), Some(""));
        assert_eq!(format!("{fields:?}"), r#"{"": "", "x": ""}"#);
    }
}
