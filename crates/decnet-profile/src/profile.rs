//! Grouping events by attacker as they stream in, and finishing each
//! attacker's record.
//!
//! An attacker's events go straight into its [`BehaviorAccumulator`]; no
//! event is kept. Each input gets its own [`Profiles`], and the inputs' maps
//! are merged in input order, which gives the same records as reading the
//! inputs one after the other.

use std::cmp::Ordering;
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

    /// Adds the profile of the same attacker from a later input.
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
#[derive(Debug, Default)]
pub(crate) struct Profiles {
    attackers: HashMap<String, AttackerProfile>,
}

impl Profiles {
    /// Adds an event of the attacker `attacker_ip`, and its stripped line
    /// when raw lines are kept.
    pub(crate) fn push(&mut self, attacker_ip: &str, event: &Event, raw_line: Option<&str>) {
        // Look up by `&str` first: a known attacker costs no allocation.
        match self.attackers.get_mut(attacker_ip) {
            Some(profile) => profile.push(event, raw_line),
            None => {
                let mut profile = AttackerProfile::new(event);
                profile.push(event, raw_line);
                self.attackers.insert(attacker_ip.to_owned(), profile);
            }
        }
    }

    /// Adds the attackers of a later input.
    pub(crate) fn merge(&mut self, later: Profiles) {
        for (attacker_ip, profile) in later.attackers {
            match self.attackers.entry(attacker_ip) {
                Entry::Occupied(mut entry) => entry.get_mut().merge(profile),
                Entry::Vacant(entry) => {
                    entry.insert(profile);
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
        let mut attackers: Vec<(String, AttackerProfile)> = self.attackers.into_iter().collect();
        attackers.sort_by(|(a, _), (b, _)| attacker_order(a, b));
        let chunk = attackers.len().div_ceil(jobs.get()).max(1);
        if attackers.len() <= chunk {
            return attackers.into_iter().map(AttackerRecord::finish).collect();
        }

        let mut chunks = Vec::new();
        let mut rest = attackers;
        while rest.len() > chunk {
            let tail = rest.split_off(chunk);
            chunks.push(rest);
            rest = tail;
        }
        chunks.push(rest);
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

impl AttackerRecord {
    fn finish((attacker_ip, profile): (String, AttackerProfile)) -> AttackerRecord {
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

/// The output order of attackers: IPv4 addresses in numeric order, then
/// IPv6 addresses in numeric order, then any other text in byte order.
/// Two spellings of one address keep byte order between them.
pub(crate) fn attacker_order(a: &str, b: &str) -> Ordering {
    let key = |text: &str| text.parse::<IpAddr>().ok();
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut ips: Vec<&str>) -> Vec<&str> {
        ips.sort_by(|a, b| attacker_order(a, b));
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
    fn two_spellings_of_one_address_fall_back_to_byte_order() {
        assert_eq!(sorted(vec!["::01", "::1"]), ["::01", "::1"]);
    }
}
