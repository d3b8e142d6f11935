//! Grouping events by attacker as they stream in, and finishing each
//! attacker's record.
//!
//! An attacker's events go straight into its [`BehaviorAccumulator`]; no
//! event is kept. Each input gets its own [`Profiles`], and the inputs' maps
//! are merged in input order, which gives the same records as reading the
//! inputs one after the other.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::mem;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::thread;

use decnet_behavior::{BehaviorAccumulator, BehaviorRow};
use decnet_event::{Event, Timestamp};

/// What is known about one attacker while the input streams.
#[derive(Debug)]
pub(crate) struct AttackerProfile {
    first_seen: Timestamp,
    last_seen: Timestamp,
    event_count: u64,
    accumulator: BehaviorAccumulator,
    /// The stripped lines of the attacker's events, with `--keep-raw` only.
    raw_lines: Vec<String>,
    /// Profiles of the attacker from later inputs or parts, in order, not
    /// merged in yet: [`Profiles::finish`] merges them, on several threads.
    later: Vec<AttackerProfile>,
}

impl AttackerProfile {
    fn new(event: &Event) -> AttackerProfile {
        AttackerProfile {
            first_seen: event.timestamp,
            last_seen: event.timestamp,
            event_count: 0,
            accumulator: BehaviorAccumulator::new(),
            raw_lines: Vec::new(),
            later: Vec::new(),
        }
    }

    fn push(&mut self, event: &Event, raw_line: Option<&str>) {
        // Of equal instants, the first seen is the first read and the last
        // seen the last read, so merging inputs keeps the same choice.
        if event.timestamp < self.first_seen {
            self.first_seen = event.timestamp;
        }
        if event.timestamp >= self.last_seen {
            self.last_seen = event.timestamp;
        }
        self.event_count += 1;
        self.accumulator.push(event);
        if let Some(raw_line) = raw_line {
            self.raw_lines.push(raw_line.to_owned());
        }
    }

    /// The profile with every later profile merged in, in order.
    fn settle(mut self) -> AttackerProfile {
        for later in mem::take(&mut self.later) {
            self.merge(later.settle());
        }
        self
    }

    /// Adds the settled profile of the same attacker from a later input.
    fn merge(&mut self, later: AttackerProfile) {
        if later.first_seen < self.first_seen {
            self.first_seen = later.first_seen;
        }
        if later.last_seen >= self.last_seen {
            self.last_seen = later.last_seen;
        }
        self.event_count += later.event_count;
        self.accumulator = mem::take(&mut self.accumulator).merge(later.accumulator);
        self.raw_lines.extend(later.raw_lines);
    }
}

/// The attackers of one input (or of several, once merged), by address.
///
/// Finding the attacker of each event is a hash lookup in a map of
/// thousands: what it reads, beyond the map's own memory, are cache misses.
/// So a short address (every IP address is) is kept inline in the map as
/// its key, rather than behind a pointer, and the profiles are boxed, which
/// keeps the map small.
#[derive(Debug, Default)]
pub(crate) struct Profiles {
    short: HashMap<ShortKey, Box<AttackerProfile>>,
    /// Addresses longer than [`SHORT_KEY_BYTES`].
    long: HashMap<String, Box<AttackerProfile>>,
}

/// The longest address kept inline: an IPv6 address with an IPv4 tail
/// (`ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`) has 45 bytes.
const SHORT_KEY_BYTES: usize = 46;

/// An address of at most [`SHORT_KEY_BYTES`] bytes, held inline; the bytes
/// past its length are zero, so equal addresses are equal keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortKey {
    len: u8,
    bytes: [u8; SHORT_KEY_BYTES],
}

impl ShortKey {
    /// The key of `text`, if it is short enough.
    fn new(text: &str) -> Option<ShortKey> {
        let mut bytes = [0; SHORT_KEY_BYTES];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(ShortKey {
            len: text.len() as u8,
            bytes,
        })
    }

    /// The address.
    fn text(&self) -> String {
        // The bytes were a `&str`: the conversion loses nothing.
        String::from_utf8_lossy(&self.bytes[..usize::from(self.len)]).into_owned()
    }
}

impl std::hash::Hash for ShortKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Only the address, not the zeros after it.
        state.write(&self.bytes[..usize::from(self.len)]);
        state.write_u8(0xff);
    }
}

impl Profiles {
    /// Adds an event of the attacker `attacker_ip`, and its stripped line
    /// when raw lines are kept.
    pub(crate) fn push(&mut self, attacker_ip: &str, event: &Event, raw_line: Option<&str>) {
        // Look up first: a known attacker costs no allocation.
        let profile = match ShortKey::new(attacker_ip) {
            Some(key) => self
                .short
                .entry(key)
                .or_insert_with(|| Box::new(AttackerProfile::new(event))),
            None => match self.long.get_mut(attacker_ip) {
                Some(profile) => profile,
                None => self
                    .long
                    .entry(attacker_ip.to_owned())
                    .or_insert_with(|| Box::new(AttackerProfile::new(event))),
            },
        };
        profile.push(event, raw_line);
    }

    /// Adds the attackers of a later input or part. An attacker of both
    /// keeps both profiles, merged by [`finish`](Self::finish) on its
    /// threads, not here on one.
    pub(crate) fn merge(&mut self, later: Profiles) {
        if self.len() == 0 {
            *self = later;
            return;
        }
        for (key, profile) in later.short {
            merge_into(self.short.entry(key), profile);
        }
        for (attacker_ip, profile) in later.long {
            merge_into(self.long.entry(attacker_ip), profile);
        }
    }

    /// The number of attackers.
    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Every attacker's finished record, in [`attacker_order`], computed on
    /// up to `jobs` threads.
    pub(crate) fn finish(self, jobs: NonZeroUsize) -> Vec<AttackerRecord> {
        let short = self
            .short
            .into_iter()
            .map(|(key, profile)| (key.text(), profile));
        let mut attackers: Vec<(String, Box<AttackerProfile>)> = short.chain(self.long).collect();
        // Each address is parsed once, not at every comparison.
        attackers.sort_by_cached_key(|(ip, _)| attacker_order(ip));
        let chunk = attackers.len().div_ceil(jobs.get()).max(1);
        if attackers.len() <= chunk {
            return attackers.into_iter().map(AttackerRecord::finish).collect();
        }

        // Chunks are cut off the end: each is a new vector of its own
        // length, and only the first keeps the whole list's capacity, so
        // the chunks hold twice the list at most, whatever `jobs` is.
        let mut chunks = Vec::new();
        while attackers.len() > chunk {
            chunks.push(attackers.split_off(attackers.len() - chunk));
        }
        chunks.push(attackers);
        chunks.reverse();
        thread::scope(|scope| {
            let workers: Vec<_> = chunks
                .into_iter()
                .map(|chunk| {
                    scope.spawn(move || {
                        chunk
                            .into_iter()
                            .map(AttackerRecord::finish)
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| match worker.join() {
                    Ok(records) => records,
                    // A worker only panics on a bug; re-raise it here.
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        })
    }
}

/// One attacker's output: who, when, how many events, and the record.
#[derive(Debug)]
pub(crate) struct AttackerRecord {
    /// The attacker's address as the events gave it.
    pub(crate) attacker_ip: String,
    /// The earliest event's timestamp.
    pub(crate) first_seen: Timestamp,
    /// The latest event's timestamp.
    pub(crate) last_seen: Timestamp,
    /// How many events were profiled.
    pub(crate) event_count: u64,
    /// The `attacker_behavior` columns.
    pub(crate) row: BehaviorRow,
    /// The events' stripped lines, with `--keep-raw` only.
    pub(crate) raw_lines: Vec<String>,
}

/// Queues a later input's or part's profile of an attacker on the map's
/// entry for it; [`Profiles::finish`] merges them.
fn merge_into<K>(entry: Entry<'_, K, Box<AttackerProfile>>, later: Box<AttackerProfile>) {
    match entry {
        Entry::Occupied(mut entry) => entry.get_mut().later.push(*later),
        Entry::Vacant(entry) => {
            entry.insert(later);
        }
    }
}

impl AttackerRecord {
    fn finish((attacker_ip, profile): (String, Box<AttackerProfile>)) -> AttackerRecord {
        let profile = profile.settle();
        AttackerRecord {
            attacker_ip,
            first_seen: profile.first_seen,
            last_seen: profile.last_seen,
            event_count: profile.event_count,
            row: profile.accumulator.finish().to_row(),
            raw_lines: profile.raw_lines,
        }
    }
}

/// The key of the output order of attackers: IPv4 addresses in numeric
/// order, then IPv6 addresses in numeric order, then any other text in byte
/// order; two spellings of one address keep byte order between them. It is
/// whether the text is no address, the address, then the text.
fn attacker_order(text: &str) -> (bool, Option<IpAddr>, String) {
    let address = text.parse::<IpAddr>().ok();
    (address.is_none(), address, text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut ips: Vec<&str>) -> Vec<&str> {
        ips.sort_by_key(|ip| attacker_order(ip));
        ips
    }

    #[test]
    fn addresses_sort_numerically_ipv4_before_ipv6_before_other_text() {
        assert_eq!(
            sorted(vec![
                "x.x.x.x",
                "2001:db8::1",
                "10.0.0.10",
                "10.0.0.9",
                "",
                "::1",
                "9.9.9.9"
            ]),
            [
                "9.9.9.9",
                "10.0.0.9",
                "10.0.0.10",
                "::1",
                "2001:db8::1",
                "",
                "x.x.x.x"
            ]
        );
    }

    #[test]
    fn long_and_short_addresses_are_profiled_apart_and_finish_together() {
        let event = decnet_event::parse_line(
            r#"<134>1 2024-03-05T07:08:09Z d ssh - connection [relay@55555 src_ip="10.0.0.1"]"#,
        )
        .expect("a DECNET line");
        let long = "x".repeat(SHORT_KEY_BYTES + 1);
        let edge = "y".repeat(SHORT_KEY_BYTES);
        let mut early = Profiles::default();
        let mut late = Profiles::default();
        for ip in ["10.0.0.1", long.as_str(), edge.as_str()] {
            early.push(ip, &event, None);
            late.push(ip, &event, None);
        }
        early.merge(late);
        assert_eq!((early.short.len(), early.long.len()), (2, 1));
        let records = early.finish(NonZeroUsize::MIN);
        let seen: Vec<(&str, u64)> = records
            .iter()
            .map(|record| (record.attacker_ip.as_str(), record.event_count))
            .collect();
        assert_eq!(
            seen,
            [("10.0.0.1", 2), (long.as_str(), 2), (edge.as_str(), 2)]
        );
    }

    #[test]
    fn records_come_in_attacker_order_whatever_the_thread_count() {
        let event = decnet_event::parse_line(
            r#"<134>1 2024-03-05T07:08:09Z d ssh - connection [relay@55555 src_ip="10.0.0.1"]"#,
        )
        .expect("a DECNET line");
        let ips: Vec<String> = (0..37).map(|i| format!("10.0.{i}.1")).collect();
        for jobs in [1, 2, 3, 5, 8, 36, 37, 64] {
            let mut profiles = Profiles::default();
            for ip in ips.iter().rev() {
                profiles.push(ip, &event, None);
            }
            let jobs = NonZeroUsize::new(jobs).expect("not zero");
            let got: Vec<String> = profiles
                .finish(jobs)
                .into_iter()
                .map(|record| record.attacker_ip)
                .collect();
            assert_eq!(got, ips, "{jobs} jobs");
        }
    }

    #[test]
    fn two_spellings_of_one_address_fall_back_to_byte_order() {
        assert_eq!(sorted(vec!["::01", "::1"]), ["::01", "::1"]);
    }
}
