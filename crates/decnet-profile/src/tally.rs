//! The accounting of every line read: profiled, not profiled (by kind), or
//! rejected (by reason), and the summary printed from it.
//!
//! Each line lands in exactly one of the three, so `lines read = profiled +
//! not profiled + rejected` holds by construction for each input and for
//! their sum; the summary prints the identity so a reader can check it.

use std::collections::BTreeMap;
use std::fmt;

use crate::escape::escape;

/// What became of the lines of one input, or of several added up.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Lines read.
    pub(crate) lines: u64,
    /// Lines whose events were profiled.
    pub(crate) profiled: u64,
    /// Events profiled (more than `profiled` when a line gives two).
    pub(crate) events: u64,
    /// Lines read but not profiled, by kind.
    pub(crate) not_profiled: BTreeMap<String, u64>,
    /// Lines rejected, by reason.
    pub(crate) rejected: BTreeMap<&'static str, u64>,
    /// Cowrie events whose service defaulted to `ssh`.
    pub(crate) guessed_services: u64,
}

/// The not-profiled kind of `mutation` events.
pub(crate) const MUTATION: &str = "mutation";
/// The not-profiled kind of events without an attacker address.
pub(crate) const NO_ATTACKER_IP: &str = "no attacker IP";

impl Tally {
    /// Counts a line that was not profiled, under `kind`.
    pub(crate) fn not_profiled(&mut self, kind: &str) {
        // Look up by `&str` first: a known kind costs no allocation.
        match self.not_profiled.get_mut(kind) {
            Some(count) => *count += 1,
            None => {
                self.not_profiled.insert(kind.to_owned(), 1);
            }
        }
    }

    /// Counts a rejected line, under `reason`.
    pub(crate) fn rejected(&mut self, reason: &'static str) {
        *self.rejected.entry(reason).or_default() += 1;
    }

    /// The number of lines not profiled, all kinds together.
    pub(crate) fn not_profiled_total(&self) -> u64 {
        self.not_profiled.values().sum()
    }

    /// The number of lines rejected, all reasons together.
    pub(crate) fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }

    /// Whether every line read is accounted for exactly once.
    pub(crate) fn balances(&self) -> bool {
        self.lines == self.profiled + self.not_profiled_total() + self.rejected_total()
    }

    /// Adds another input's tally.
    pub(crate) fn add(&mut self, other: &Tally) {
        self.lines += other.lines;
        self.profiled += other.profiled;
        self.events += other.events;
        for (kind, count) in &other.not_profiled {
            *self.not_profiled.entry(kind.clone()).or_default() += count;
        }
        for (reason, count) in &other.rejected {
            *self.rejected.entry(reason).or_default() += count;
        }
        self.guessed_services += other.guessed_services;
    }

    /// The summary lines of this tally for the input named `name`.
    pub(crate) fn summary<'a>(&'a self, name: &'a str) -> Summary<'a> {
        Summary { name, tally: self }
    }
}

/// The stderr summary of one tally: the identity on the first line, then
/// the breakdowns, each indented under it.
#[derive(Debug)]
pub(crate) struct Summary<'a> {
    name: &'a str,
    tally: &'a Tally,
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tally = self.tally;
        let check = if tally.balances() {
            "every line accounted for"
        } else {
            "MISMATCH: lines lost in the count"
        };
        writeln!(
            f,
            "{}: {} read = {} profiled + {} not profiled + {} rejected ({check})",
            self.name,
            plural(tally.lines, "line"),
            tally.profiled,
            tally.not_profiled_total(),
            tally.rejected_total(),
        )?;
        if tally.events != tally.profiled {
            writeln!(
                f,
                "  {} events profiled from those {} lines",
                tally.events, tally.profiled
            )?;
        }
        if !tally.not_profiled.is_empty() {
            let kinds = by_count(tally.not_profiled.iter().map(|(k, n)| (k.as_str(), *n)));
            writeln!(f, "  not profiled: {kinds}")?;
        }
        if !tally.rejected.is_empty() {
            let reasons = by_count(tally.rejected.iter().map(|(r, n)| (*r, *n)));
            writeln!(f, "  rejected: {reasons}")?;
        }
        if tally.guessed_services > 0 {
            writeln!(
                f,
                "  service guessed as ssh (session protocol unknown): {} events",
                tally.guessed_services
            )?;
        }
        Ok(())
    }
}

/// `1 line`, `2 lines`: a count and its noun.
pub(crate) fn plural(count: impl Into<u64>, noun: &str) -> String {
    match count.into() {
        1 => format!("1 {noun}"),
        count => format!("{count} {noun}s"),
    }
}

/// How many kinds or reasons a breakdown lists; the rest are summed up.
const LISTED: usize = 20;

/// `count name` pairs, largest count first, then by name: the [`LISTED`]
/// largest, then `and N other kinds (M lines)`. Names come from the logs,
/// so they are escaped, and an empty one shows as `""`.
fn by_count<'a>(entries: impl Iterator<Item = (&'a str, u64)>) -> String {
    let mut entries: Vec<(&str, u64)> = entries.collect();
    entries.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    let mut parts: Vec<String> = entries
        .iter()
        .take(LISTED)
        .map(|(name, count)| match *name {
            "" => format!("{count} \"\""),
            name => format!("{count} {}", escape(name, KIND_CHARS)),
        })
        .collect();
    let others = entries.get(LISTED..).unwrap_or_default();
    if !others.is_empty() {
        let lines: u64 = others.iter().map(|(_, count)| count).sum();
        parts.push(format!(
            "and {} other kinds ({})",
            others.len(),
            plural(lines, "line")
        ));
    }
    parts.join(", ")
}

/// Characters of a kind shown before it is cut.
const KIND_CHARS: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Tally {
        let mut tally = Tally {
            lines: 6,
            profiled: 2,
            events: 3,
            ..Tally::default()
        };
        tally.not_profiled(MUTATION);
        tally.not_profiled("cowrie.log.closed");
        tally.not_profiled("cowrie.log.closed");
        tally.rejected("invalid JSON");
        tally
    }

    #[test]
    fn a_tally_balances_when_each_line_is_counted_once() {
        let mut tally = sample();
        assert!(tally.balances());
        tally.lines += 1;
        assert!(!tally.balances());
    }

    #[test]
    fn adding_tallies_adds_every_count() {
        let mut total = sample();
        total.add(&sample());
        assert_eq!(total.lines, 12);
        assert_eq!(total.events, 6);
        assert_eq!(total.not_profiled["cowrie.log.closed"], 4);
        assert_eq!(total.rejected["invalid JSON"], 2);
        assert!(total.balances());
    }

    #[test]
    fn one_line_and_one_attacker_are_singular() {
        assert_eq!(plural(1u64, "line"), "1 line");
        assert_eq!(plural(0u64, "attacker"), "0 attackers");
    }

    #[test]
    fn the_summary_states_the_identity_and_the_breakdowns() {
        let text = sample().summary("a.log").to_string();
        assert_eq!(
            text,
            "a.log: 6 lines read = 2 profiled + 3 not profiled + 1 rejected \
             (every line accounted for)\n  \
             3 events profiled from those 2 lines\n  \
             not profiled: 2 cowrie.log.closed, 1 mutation\n  \
             rejected: 1 invalid JSON\n"
        );
    }

    #[test]
    fn kinds_from_the_logs_are_escaped_and_an_empty_one_is_quoted() {
        let mut tally = Tally::default();
        for kind in ["", "evil\u{1b}[2J\nkind", "a\u{2028}b"] {
            tally.not_profiled(kind);
        }
        tally.lines = 3;
        let text = tally.summary("x").to_string();
        assert!(
            text.contains("not profiled: 1 \"\", 1 a\\u{2028}b, 1 evil\\u{1b}[2J\\nkind\n"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 2, "{text}");
    }

    #[test]
    fn only_the_20_largest_kinds_are_listed_and_the_rest_summed() {
        let mut tally = Tally::default();
        for kind in 0..25u64 {
            for _ in 0..=kind {
                tally.not_profiled(&format!("k{kind:02}"));
            }
        }
        let breakdown = by_count(tally.not_profiled.iter().map(|(k, n)| (k.as_str(), *n)));
        let parts: Vec<&str> = breakdown.split(", ").collect();
        assert_eq!(parts.len(), LISTED + 1);
        assert_eq!(parts[0], "25 k24");
        assert_eq!(parts[LISTED - 1], "6 k05");
        // k00..k04: 1 + 2 + 3 + 4 + 5 lines.
        assert_eq!(parts[LISTED], "and 5 other kinds (15 lines)");
    }
}
