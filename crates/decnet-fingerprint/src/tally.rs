//! Order-keeping collections: a Python `Counter` and a first-seen list.

use foldhash::{HashMap, HashSet};

/// Counts of strings in first-insertion order, like Python's `Counter`.
///
/// [`Tally::modal`] breaks ties by that order, as `most_common(1)` does: the
/// first-inserted of the most frequent keys wins, not the first to reach
/// the top count.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    counts: Vec<(String, u64)>,
    index: HashMap<String, usize>,
}

impl Tally {
    /// Counts `key` `count` more times; a new key goes last.
    pub(crate) fn add(&mut self, key: &str, count: u64) {
        match self.index.get(key) {
            Some(&i) => self.counts[i].1 += count,
            None => {
                self.index.insert(key.to_owned(), self.counts.len());
                self.counts.push((key.to_owned(), count));
            }
        }
    }

    /// The most frequent key, the first inserted among equals.
    pub(crate) fn modal(&self) -> Option<&str> {
        let mut best: Option<&(String, u64)> = None;
        for entry in &self.counts {
            if best.is_none_or(|b| entry.1 > b.1) {
                best = Some(entry);
            }
        }
        best.map(|(key, _)| key.as_str())
    }

    /// Adds every count of `later`, as if its keys had been counted after
    /// this tally's.
    pub(crate) fn merge(&mut self, later: Tally) {
        for (key, count) in later.counts {
            self.add(&key, count);
        }
    }
}

/// Distinct strings in the order first seen, like
/// `list(dict.fromkeys(...))`.
#[derive(Debug, Clone, Default)]
pub(crate) struct FirstSeen {
    order: Vec<String>,
    seen: HashSet<String>,
}

impl FirstSeen {
    /// Appends `value` unless it is already held.
    pub(crate) fn add(&mut self, value: &str) {
        if !self.seen.contains(value) {
            self.seen.insert(value.to_owned());
            self.order.push(value.to_owned());
        }
    }

    /// Appends the values of `later` not already held, in its order.
    pub(crate) fn merge(&mut self, later: FirstSeen) {
        for value in later.order {
            self.add(&value);
        }
    }

    /// The distinct values, in first-seen order.
    pub(crate) fn into_vec(self) -> Vec<String> {
        self.order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(keys: &[&str]) -> Tally {
        let mut t = Tally::default();
        for key in keys {
            t.add(key, 1);
        }
        t
    }

    #[test]
    fn modal_tie_goes_to_the_first_inserted_not_the_first_to_reach_it() {
        assert_eq!(tally(&["b", "a", "a", "b"]).modal(), Some("b"));
        assert_eq!(tally(&["x", "y", "y", "x", "z", "z"]).modal(), Some("x"));
        assert_eq!(tally(&["64", "128", "128"]).modal(), Some("128"));
        assert_eq!(tally(&[]).modal(), None);
    }

    #[test]
    fn merged_tally_keeps_the_earlier_insertion_order() {
        let mut earlier = tally(&["a"]);
        earlier.merge(tally(&["b", "b", "a"]));
        assert_eq!(earlier.modal(), Some("a"));
    }

    #[test]
    fn first_seen_drops_repeats_and_keeps_order() {
        let mut list = FirstSeen::default();
        for value in ["b", "a", "b", "c", "a"] {
            list.add(value);
        }
        assert_eq!(list.into_vec(), ["b", "a", "c"]);
    }
}
