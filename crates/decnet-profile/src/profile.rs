//! Grouping events by attacker as they stream in, and finishing each
//! attacker's record.
//!
//! An attacker's events go straight into its [`BehaviorAccumulator`]; no
//! event is kept. Each input, or part of an input, is read into its own
//! [`ProfileTable`], whose attackers are then sorted into output order on
//! the thread that read them. [`Profiles`] holds these sorted runs in input
//! order; finishing cuts every run at the same attackers, one range per
//! thread, and each thread merges its ranges of the runs. Reading the
//! inputs one after the other gives the same records.

use std::hash::BuildHasher;
use std::mem;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};

use decnet_behavior::{BehaviorAccumulator, BehaviorRow};
use decnet_event::{Event, Timestamp};
use foldhash::fast::RandomState;
use hashbrown::HashTable;

use crate::threads;

/// What is known about one attacker while the input streams.
#[derive(Debug)]
struct AttackerProfile {
    first_seen: Timestamp,
    last_seen: Timestamp,
    event_count: u64,
    accumulator: BehaviorAccumulator,
    /// The stripped lines of the attacker's events, with `--keep-raw` only.
    raw_lines: Vec<String>,
}

impl AttackerProfile {
    fn new(event: &Event) -> AttackerProfile {
        AttackerProfile {
            first_seen: event.timestamp,
            last_seen: event.timestamp,
            event_count: 0,
            accumulator: BehaviorAccumulator::new(),
            raw_lines: Vec::new(),
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

    /// Adds the profile of the same attacker from a later input or part,
    /// leaving that one empty.
    fn merge(&mut self, later: &mut AttackerProfile) {
        if later.first_seen < self.first_seen {
            self.first_seen = later.first_seen;
        }
        if later.last_seen >= self.last_seen {
            self.last_seen = later.last_seen;
        }
        self.event_count += later.event_count;
        self.accumulator =
            mem::take(&mut self.accumulator).merge(mem::take(&mut later.accumulator));
        self.raw_lines.append(&mut later.raw_lines);
    }

    /// The profile, leaving in its place one of no event. Profiles are
    /// taken out of a run in place, so that each thread can finish its
    /// range of the run without a copy of it.
    fn take(&mut self) -> AttackerProfile {
        AttackerProfile {
            first_seen: self.first_seen,
            last_seen: self.last_seen,
            event_count: mem::take(&mut self.event_count),
            accumulator: mem::take(&mut self.accumulator),
            raw_lines: mem::take(&mut self.raw_lines),
        }
    }
}

/// The attackers of one input or part, by address, as its events stream
/// in.
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
pub(crate) struct ProfileTable {
    /// Every attacker, in order of first event.
    attackers: Vec<Attacker>,
    /// Positions in `attackers`, by the hash of the address.
    index: HashTable<usize>,
    hasher: RandomState,
}

/// An attacker's address, its place in the output order, and its profile.
#[derive(Debug)]
struct Attacker {
    address: Address,
    /// Set when the table is sorted ([`ProfileTable::into_profiles`]).
    rank: Rank,
    profile: AttackerProfile,
}

impl Attacker {
    /// The attacker's place in the output order: by [`Rank`], then, for
    /// text that is no address and for two spellings of one address, by
    /// the bytes of the address.
    fn key(&self) -> (Rank, &[u8]) {
        (self.rank, self.address.as_bytes())
    }
}

/// The first key of the output order of attackers: IPv4 addresses in
/// numeric order, then IPv6 addresses in numeric order, then any other text
/// (ordered by its bytes, the second key).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    family: u8,
    number: u128,
}

impl Rank {
    fn of(text: &str) -> Rank {
        match text.parse::<IpAddr>() {
            Ok(IpAddr::V4(address)) => Rank {
                family: 0,
                number: u32::from(address).into(),
            },
            Ok(IpAddr::V6(address)) => Rank {
                family: 1,
                number: address.into(),
            },
            Err(_) => Rank {
                family: 2,
                number: 0,
            },
        }
    }
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

impl ProfileTable {
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
            rank: Rank::default(),
            profile,
        });
        let (attackers, hasher) = (&self.attackers, &self.hasher);
        self.index
            .insert_unique(hasher.hash_one(address.as_bytes()), at, |&at| {
                hasher.hash_one(attackers[at].address.as_bytes())
            });
        at
    }

    /// The attackers, sorted into output order.
    pub(crate) fn into_profiles(self) -> Profiles {
        let mut attackers = self.attackers;
        if attackers.is_empty() {
            return Profiles::default();
        }
        for attacker in &mut attackers {
            attacker.rank = Rank::of(attacker.address.as_str());
        }
        // Positions are sorted, then the attackers moved to theirs: each
        // moves once or twice, not at every step of the sort.
        let mut order: Vec<(Rank, usize)> = attackers
            .iter()
            .enumerate()
            .map(|(at, attacker)| (attacker.rank, at))
            .collect();
        order.sort_unstable_by(|&(rank_a, a), &(rank_b, b)| {
            rank_a
                .cmp(&rank_b)
                .then_with(|| attackers[a].key().cmp(&attackers[b].key()))
        });
        // The attacker for place `to` is at `order[to]`, or was until
        // swapped out to a place before `to`, which `order` then names.
        for to in 0..order.len() {
            let mut from = order[to].1;
            while from < to {
                from = order[from].1;
            }
            order[to].1 = from;
            attackers.swap(to, from);
        }
        Profiles {
            runs: vec![attackers],
        }
    }
}

/// The attackers of one or more inputs or parts: for each, in input order,
/// its attackers sorted into output order, not merged yet.
#[derive(Debug, Default)]
pub(crate) struct Profiles {
    runs: Vec<Vec<Attacker>>,
}

impl Profiles {
    /// Adds the attackers of a later input or part. An attacker of both
    /// keeps both profiles, merged by [`finish`](Self::finish) on its
    /// threads, not here on one.
    pub(crate) fn merge(&mut self, later: Profiles) {
        self.runs.extend(later.runs);
    }

    /// Every attacker's finished record, in output order, computed on up to
    /// `jobs` threads.
    pub(crate) fn finish(self, jobs: NonZeroUsize) -> Vec<AttackerRecord> {
        let (mut records, rest): (Vec<_>, Vec<Vec<_>>) = self.finish_ranges(
            jobs,
            |records| records.collect(),
            |records| records.collect(),
        );
        records.extend(rest.into_iter().flatten());
        records
    }

    /// Every attacker's record, in output order, finished in ranges of
    /// consecutive records, one per thread of up to `jobs`, this one among
    /// them. The first range's records go through `here`, on this thread,
    /// each other's through `elsewhere`, on a thread of its own; each record
    /// is finished as they take it. Returns what they return, in range
    /// order.
    pub(crate) fn finish_ranges<H, T: Send>(
        mut self,
        jobs: NonZeroUsize,
        here: impl FnOnce(Records<'_, '_>) -> H,
        elsewhere: impl Fn(Records<'_, '_>) -> T + Sync,
    ) -> (H, Vec<T>) {
        let mut ranges = cut(&mut self.runs, jobs).into_iter().enumerate();
        let mut first = ranges.next().map(|(_, range)| range).unwrap_or_default();
        let helper_count = ranges.len();
        // Each thread takes the next range left; a range is taken once.
        let ranges = Mutex::new(ranges);
        let next_range = || ranges.lock().unwrap_or_else(PoisonError::into_inner).next();
        let work = || {
            let mut done = Vec::new();
            while let Some((index, mut range)) = next_range() {
                done.push((index, elsewhere(Records::new(&mut range))));
            }
            done
        };
        let (here, mut rest) =
            threads::share(helper_count, || here(Records::new(&mut first)), work);
        rest.sort_by_key(|&(index, _)| index);
        (here, rest.into_iter().map(|(_, done)| done).collect())
    }
}

/// `runs` cut into up to `jobs` ranges of consecutive attackers in output
/// order, each range holding its part of every run, in run order. The cuts
/// fall at evenly spaced attackers of the longest run, so that the ranges
/// hold about as many attackers when the runs are alike.
fn cut(runs: &mut [Vec<Attacker>], jobs: NonZeroUsize) -> Vec<Vec<&mut [Attacker]>> {
    let Some(longest) = runs.iter().max_by_key(|run| run.len()) else {
        return Vec::new();
    };
    let per_range = longest.len().div_ceil(jobs.get()).max(1);
    // The first attacker of each range after the first.
    let starts: Vec<(Rank, Vec<u8>)> = longest
        .iter()
        .step_by(per_range)
        .skip(1)
        .map(|attacker| (attacker.rank, attacker.address.as_bytes().to_vec()))
        .collect();
    let mut ranges: Vec<Vec<&mut [Attacker]>> = (0..=starts.len()).map(|_| Vec::new()).collect();
    for run in runs {
        let mut rest = run.as_mut_slice();
        for (range, (rank, address)) in ranges.iter_mut().zip(&starts) {
            let at = rest.partition_point(|attacker| attacker.key() < (*rank, address.as_slice()));
            let (head, tail) = rest.split_at_mut(at);
            range.push(head);
            rest = tail;
        }
        if let Some(last) = ranges.last_mut() {
            last.push(rest);
        }
    }
    ranges
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
    fn finish(attacker_ip: String, profile: AttackerProfile) -> AttackerRecord {
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

/// The records of the attackers of some runs, each run sorted into output
/// order, in output order, each finished when it is taken; an attacker of
/// several runs has its profiles merged in run order. The profiles are
/// taken out of the runs.
pub(crate) struct Records<'r, 'a> {
    runs: &'r mut [&'a mut [Attacker]],
    /// Every place in the runs, in output order: the run, the position in
    /// it, and whether it holds the attacker of the place before.
    places: Vec<(u32, u32, bool)>,
    /// The next place to take.
    next: usize,
    /// The number of records not taken yet.
    left: usize,
}

impl<'r, 'a> Records<'r, 'a> {
    fn new(runs: &'r mut [&'a mut [Attacker]]) -> Records<'r, 'a> {
        // The runs' places in output order. The sort is stable, so an
        // attacker's places in several runs stay in run order; it finds the
        // runs already sorted and merges them. The rank, held here, settles
        // most comparisons without reading the attacker.
        let mut order: Vec<(Rank, u32, u32)> = Vec::new();
        for (run, attackers) in runs.iter().enumerate() {
            order
                .extend((0..attackers.len()).map(|at| (attackers[at].rank, run as u32, at as u32)));
        }
        let key = |&(_, run, at): &(Rank, u32, u32)| runs[run as usize][at as usize].key();
        if runs.len() > 1 {
            order.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| key(a).cmp(&key(b))));
        }
        let mut places = Vec::with_capacity(order.len());
        let mut left = 0;
        for (i, place) in order.iter().enumerate() {
            let repeat = i > 0 && order[i - 1].0 == place.0 && key(&order[i - 1]) == key(place);
            left += usize::from(!repeat);
            places.push((place.1, place.2, repeat));
        }
        Records {
            runs,
            places,
            next: 0,
            left,
        }
    }
}

impl Iterator for Records<'_, '_> {
    type Item = AttackerRecord;

    fn next(&mut self) -> Option<AttackerRecord> {
        let &(run, at, _) = self.places.get(self.next)?;
        self.next += 1;
        self.left -= 1;
        let attacker = &mut self.runs[run as usize][at as usize];
        let attacker_ip = attacker.address.as_str().to_owned();
        let mut profile = attacker.profile.take();
        while let Some(&(run, at, true)) = self.places.get(self.next) {
            profile.merge(&mut self.runs[run as usize][at as usize].profile);
            self.next += 1;
        }
        Some(AttackerRecord::finish(attacker_ip, profile))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Records<'_, '_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_at(second: u32) -> Event {
        let line = format!(
            r#"<134>1 2024-03-05T07:08:{:02}Z d ssh - connection [relay@55555 src_ip="10.0.0.1"]"#,
            second % 60
        );
        decnet_event::parse_line(&line).expect("a DECNET line")
    }

    /// Who, how many events, when first and last, the row and the raw
    /// lines of each record.
    fn summary(records: &[AttackerRecord]) -> Vec<(String, u64, String, String, String)> {
        records
            .iter()
            .map(|record| {
                (
                    record.attacker_ip.clone(),
                    record.event_count,
                    record.first_seen.isoformat(),
                    record.last_seen.isoformat(),
                    serde_json::to_string(&(&record.row, &record.raw_lines)).expect("serializes"),
                )
            })
            .collect()
    }

    fn sorted(ips: Vec<&str>) -> Vec<String> {
        let mut table = ProfileTable::default();
        for ip in ips {
            table.push(ip, &event_at(0), None);
        }
        let records = table.into_profiles().finish(NonZeroUsize::MIN);
        records
            .into_iter()
            .map(|record| record.attacker_ip)
            .collect()
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
    fn two_spellings_of_one_address_fall_back_to_byte_order() {
        assert_eq!(sorted(vec!["::1", "::01"]), ["::01", "::1"]);
    }

    #[test]
    fn long_and_short_addresses_are_profiled_apart_and_finish_together() {
        let event = event_at(9);
        let long = "x".repeat(SHORT_KEY_BYTES + 1);
        let edge = "y".repeat(SHORT_KEY_BYTES);
        let mut early = ProfileTable::default();
        let mut late = ProfileTable::default();
        for ip in ["10.0.0.1", long.as_str(), edge.as_str()] {
            early.push(ip, &event, None);
            late.push(ip, &event, None);
        }
        let mut profiles = early.into_profiles();
        profiles.merge(late.into_profiles());
        let long_addresses = profiles
            .runs
            .iter()
            .flatten()
            .filter(|attacker| matches!(attacker.address, Address::Long(_)))
            .count();
        assert_eq!((profiles.runs.len(), long_addresses), (2, 2));
        let records = profiles.finish(NonZeroUsize::MIN);
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
    fn runs_merged_on_any_thread_count_give_the_records_of_one_table() {
        // Attackers that each run holds some of, in no order, including
        // text that is no address and two spellings of one address.
        let mut ips: Vec<String> = (0..40)
            .map(|i| format!("10.0.{}.1", (i * 7) % 40))
            .collect();
        ips.extend(["::1", "::01", "attacker", "2001:db8::2"].map(str::to_owned));
        let events: Vec<(usize, u32)> = (0..400u32)
            .map(|i| {
                (
                    (i as usize * 13 + i as usize / 7) % ips.len(),
                    (i * 17) % 60,
                )
            })
            .collect();
        // Each event's raw line is its number, which shows the order of
        // merging.
        let push = |table: &mut ProfileTable, number: usize| {
            let (ip, second) = events[number];
            table.push(&ips[ip], &event_at(second), Some(&number.to_string()));
        };
        let mut whole = ProfileTable::default();
        for number in 0..events.len() {
            push(&mut whole, number);
        }
        let expected = summary(&whole.into_profiles().finish(NonZeroUsize::MIN));
        assert_eq!(expected.len(), ips.len());

        for cuts in [vec![], vec![1], vec![100, 101], vec![37, 150, 399]] {
            for jobs in [1, 2, 3, 5, 8, 44, 64] {
                let mut profiles = Profiles::default();
                let mut start = 0;
                for end in cuts.iter().copied().chain([events.len()]) {
                    let mut table = ProfileTable::default();
                    for number in start..end {
                        push(&mut table, number);
                    }
                    profiles.merge(table.into_profiles());
                    start = end;
                }
                let jobs = NonZeroUsize::new(jobs).expect("not zero");
                let got = summary(&profiles.finish(jobs));
                assert_eq!(got, expected, "cut at {cuts:?}, {jobs} jobs");
            }
        }
    }
}
