//! Timestamps that keep their own UTC offset and order by instant.

use std::cmp::Ordering;
use std::fmt;

/// A date and time with the UTC offset it was written with.
///
/// Two timestamps compare by the instant they denote; the offset matters
/// only for writing the timestamp back ([`Timestamp::isoformat`]), as with
/// Python's aware `datetime`. So `10:00+00:00` equals `12:00+02:00`.
#[derive(Clone, Copy)]
pub struct Timestamp {
    /// Microseconds from the Unix epoch to this instant, in UTC.
    instant_us: i64,
    /// The UTC offset in microseconds (strictly within ±24 h).
    offset_us: i64,
}

/// Why a text is not a timestamp that Python 3.11's
/// `datetime.fromisoformat` accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// Placeholder until the parser lands.
    #[error("invalid ISO 8601 timestamp")]
    Invalid,
}

impl Timestamp {
    /// The timestamp at `instant_us` microseconds from the Unix epoch (UTC),
    /// to be written with the UTC offset `offset_us` (microseconds).
    ///
    /// Returns `None` when the offset is not strictly within ±24 hours.
    pub fn from_unix_micros(instant_us: i64, offset_us: i64) -> Option<Timestamp> {
        const DAY_US: i64 = 86_400_000_000;
        if offset_us <= -DAY_US || offset_us >= DAY_US {
            return None;
        }
        Some(Timestamp {
            instant_us,
            offset_us,
        })
    }

    /// Microseconds from the Unix epoch to this instant (UTC).
    pub fn unix_micros(&self) -> i64 {
        self.instant_us
    }

    /// The UTC offset this timestamp is written with, in microseconds.
    pub fn offset_micros(&self) -> i64 {
        self.offset_us
    }

    /// Microseconds from `self` to `later` (negative when `later` is
    /// earlier).
    pub fn micros_until(&self, later: &Timestamp) -> i64 {
        later.instant_us - self.instant_us
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Timestamp) -> bool {
        self.instant_us == other.instant_us
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.instant_us.cmp(&other.instant_us)
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant_us.hash(state);
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Placeholder until isoformat lands.
        write!(f, "{}{:+}", self.instant_us, self.offset_us)
    }
}
