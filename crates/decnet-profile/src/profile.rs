//! Grouping events by attacker as they stream in, and finishing each
//! attacker's record.
//!
//! An attacker's events go straight into its [`BehaviorAccumulator`]; no
//! event is kept. Each input gets its own [`Profiles`], and the inputs' maps
//! are merged in input order, which gives the same records as reading the
//! inputs one after the other.

use std::hash::BuildHasher;
use std::mem;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::thread;

use decnet_behavior::{BehaviorAccumulator, BehaviorRow};
use decnet_event::{Event, Timestamp};
use foldhash::fast::RandomState;
use hashbrown::HashTable;

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
/// Finding the attacker of each event is a hash lookup among thousands,
/// and with attackers' events interleaved, what it reads beyond the index
/// misses the caches. So the index is small: a `hashbrown` table of
/// positions (8 bytes an attacker, which stays in cache), hashed with
/// `foldhash` (seeded at random per process: several times cheaper than
/// the standard library's SipHash on short keys, and still not predictable
/// by whoever writes the addresses into the logs). The attackers lie in
/// one vector in order of first event, each address inline beside its
/// profile, so that an event reads the index and then one attacker's
/// memory, nothing between.
#[derive(Debug, Default)]
pub(crate) struct Profiles {
    /// Every attacker, in order of first event.
    attackers: Vec<Attacker>,
    /// Positions in `attackers`, by the hash of the address.
    index: HashTable<usize>,
    hasher: RandomState,
}

/// An attacker's address and profile.
#[derive(Debug)]
struct Attacker {
    address: Address,
    profile: AttackerProfile,
}

/// An address, inline when it is short (every IP address is).
#[derive(Debug)]
enum Address {
    Short(ShortKey),
    Long(String),
}

impl Address {
    fn new(text: &str) -> Address {
        match ShortKey::new(text) {
            Some(key) => Address::Short(key),
            None => Address::Long(text.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Address::Short(key) => key.as_str(),
            Address::Long(text) => text,
        }
    }

    /// The address's bytes: what lookups compare, with no UTF-8 check.
    fn as_bytes(&self) -> &[u8] {
        match self {
            Address::Short(key) => key.as_bytes(),
            Address::Long(text) => text.as_bytes(),
        }
    }
}

/// The longest address kept inline: an IPv6 address with an IPv4 tail
/// (`ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`) has 45 bytes.
const SHORT_KEY_BYTES: usize = 46;

/// An address of at most [`SHORT_KEY_BYTES`] bytes, held inline.
#[derive(Debug)]
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
    fn as_str(&self) -> &str {
        // The bytes were a `&str`, cut at its end.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl Profiles {
    /// Adds an event of the attacker `attacker_ip`, and its stripped line
    /// when raw lines are kept.
    pub(crate) fn push(&mut self, attacker_ip: &str, event: &Event, raw_line: Option<&str>) {
        let at = match self.find(attacker_ip) {
            Some(at) => at,
            None => self.insert(attacker_ip, AttackerProfile::new(event)),
        };
        self.attackers[at].profile.push(event, raw_line);
    }

    /// Where the attacker `address` is in `attackers`, if it is there.
    fn find(&self, address: &str) -> Option<usize> {
        let attackers = &self.attackers;
        self.index
            .find(self.hasher.hash_one(address.as_bytes()), |&at| {
                attackers[at].address.as_bytes() == address.as_bytes()
            })
            .copied()
    }

    /// Adds the attacker `address`, not held yet, with `profile`; returns
    /// its position.
    fn insert(&mut self, address: &str, profile: AttackerProfile) -> usize {
        let at = self.attackers.len();
        self.attackers.push(Attacker {
            address: Address::new(address),
            profile,
        });
        let (attackers, hasher) = (&self.attackers, &self.hasher);
        self.index
            .insert_unique(hasher.hash_one(address.as_bytes()), at, |&at| {
                hasher.hash_one(attackers[at].address.as_bytes())
            });
        at
    }

    /// Adds the attackers of a later input or part. An attacker of both
    /// keeps both profiles, merged by [`finish`](Self::finish) on its
    /// threads, not here on one.
    pub(crate) fn merge(&mut self, later: Profiles) {
        if self.len() == 0 {
            *self = later;
            return;
        }
        for Attacker { address, profile } in later.attackers {
            match self.find(address.as_str()) {
                Some(at) => self.attackers[at].profile.later.push(profile),
                None => {
                    self.insert(address.as_str(), profile);
                }
            }
        }
    }

    /// The number of attackers.
    pub(crate) fn len(&self) -> usize {
        self.attackers.len()
    }

    /// Every attacker's finished record, in [`attacker_order`], computed on
    /// up to `jobs` threads.
    pub(crate) fn finish(self, jobs: NonZeroUsize) -> Vec<AttackerRecord> {
        let mut runs = self.finish_runs(jobs, |records| records).into_iter();
        let mut records = runs.next().unwrap_or_default();
        for run in runs {
            records.extend(run);
        }
        records
    }

    /// Every attacker's finished record, in [`attacker_order`], in runs of
    /// consecutive records, one per thread of up to `jobs`; each run goes
    /// through `each_run` on the thread that finished it.
    pub(crate) fn finish_runs<T: Send>(
        self,
        jobs: NonZeroUsize,
        each_run: impl Fn(Vec<AttackerRecord>) -> T + Sync,
    ) -> Vec<T> {
        let mut attackers: Vec<(String, AttackerProfile)> = self
            .attackers
            .into_iter()
            .map(|attacker| (attacker.address.as_str().to_owned(), attacker.profile))
            .collect();
        // Each address is parsed once, not at every comparison.
        attackers.sort_by_cached_key(|(ip, _)| attacker_order(ip));
        let finish_run = |run: Vec<(String, AttackerProfile)>| {
            each_run(run.into_iter().map(AttackerRecord::finish).collect())
        };
        let chunk = attackers.len().div_ceil(jobs.get()).max(1);
        if attackers.len() <= chunk {
            return vec![finish_run(attackers)];
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
        let finish_run = &finish_run;
        thread::scope(|scope| {
            let workers: Vec<_> = chunks
                .into_iter()
                .map(|chunk| scope.spawn(move || finish_run(chunk)))
                .collect();
            workers
                .into_iter()
                .map(|worker| match worker.join() {
                    Ok(run) => run,
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

impl AttackerRecord {
    fn finish((attacker_ip, profile): (String, AttackerProfile)) -> AttackerRecord {
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
        let long_addresses = early
            .attackers
            .iter()
            .filter(|attacker| matches!(attacker.address, Address::Long(_)))
            .count();
        assert_eq!((early.len(), long_addresses), (3, 1));
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
