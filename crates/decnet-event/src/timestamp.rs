//! Timestamps that keep their own UTC offset and order by instant.
//!
//! [`Timestamp::parse_iso`] reads what Python 3.11's
//! `datetime.fromisoformat` reads, and [`Timestamp::isoformat`] writes what
//! `datetime.isoformat()` writes, so a timestamp survives the trip through
//! this crate exactly as it survives the trip through the original profiler.

use std::cmp::Ordering;
use std::fmt;

/// Microseconds in one second.
const SECOND_US: i64 = 1_000_000;

/// Microseconds in one day.
const DAY_US: i64 = 86_400 * SECOND_US;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text has fewer than 7 characters, the shortest ISO date.
    #[error("timestamp too short: {len} characters, at least 7 needed")]
    TooShort {
        /// The number of characters (code points) of the text.
        len: usize,
    },
    /// The date is none of `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-Www`, `YYYYWww`,
    /// `YYYY-Www-D` or `YYYYWwwD` (with ASCII digits only).
    #[error("the date is not YYYY-MM-DD, YYYYMMDD, YYYY-Www[-D] or YYYYWww[D]")]
    DateSyntax,
    /// The date is well formed but names no day of years 1 to 9999: a
    /// month, day, week or weekday out of range.
    #[error("the date names no day of years 1 to 9999")]
    DateOutOfRange,
    /// A date-time separator ends the text: no time follows it.
    #[error("no time of day after the date-time separator")]
    MissingTime,
    /// The time of day is not `HH[:MM[:SS]]` or `HH[MM[SS]]` with an
    /// optional fraction of a second.
    #[error("the time of day is not HH[:MM[:SS[.ffffff]]] or HH[MM[SS[.ffffff]]]")]
    TimeSyntax,
    /// Text follows the time of day and no UTC offset follows it.
    #[error("unexpected text after the time of day")]
    TrailingText,
    /// The hour, minute or second is out of range (no `24:00`, no leap
    /// second).
    #[error("the hour, minute or second is out of range")]
    TimeOutOfRange,
    /// The UTC offset is neither `Z` nor a sign followed by a time of day.
    #[error("the UTC offset is not Z or ±HH[:MM[:SS[.ffffff]]]")]
    OffsetSyntax,
    /// The UTC offset is not strictly within ±24 hours.
    #[error("the UTC offset is not strictly within ±24 hours")]
    OffsetOutOfRange,
}

impl Timestamp {
    /// The timestamp at `instant_us` microseconds from the Unix epoch (UTC),
    /// to be written with the UTC offset `offset_us` (microseconds).
    ///
    /// Returns `None` when the offset is not strictly within ±24 hours.
    pub fn from_unix_micros(instant_us: i64, offset_us: i64) -> Option<Timestamp> {
        if offset_us <= -DAY_US || offset_us >= DAY_US {
            return None;
        }
        Some(Timestamp {
            instant_us,
            offset_us,
        })
    }

    /// Parses `text` as Python 3.11's `datetime.fromisoformat` does; a
    /// result without a UTC offset is taken as UTC.
    ///
    /// That is more than ISO 8601's extended format: week dates, the basic
    /// format, any single character as the date-time separator, a
    /// fraction after any clock group, fractions truncated to
    /// microseconds, and offsets with seconds and microseconds. Only ASCII
    /// digits count as digits.
    ///
    /// ```
    /// use decnet_event::Timestamp;
    ///
    /// let ts = Timestamp::parse_iso("2024-W10-2 07:08:09,1234567Z").unwrap();
    /// assert_eq!(ts.isoformat(), "2024-03-05T07:08:09.123456+00:00");
    /// assert!(Timestamp::parse_iso("2024-03-05T24:00").is_err());
    /// ```
    pub fn parse_iso(text: &str) -> Result<Timestamp, TimestampError> {
        match parse_common(text.as_bytes()) {
            Some(timestamp) => Ok(timestamp),
            None => parse_general(text),
        }
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
    /// earlier), saturating at the bounds of `i64`: only instants more
    /// than 292 000 years apart, which no parsed timestamp is, reach them.
    pub fn micros_until(&self, later: &Timestamp) -> i64 {
        later.instant_us.saturating_sub(self.instant_us)
    }

    /// The timestamp as Python's `datetime.isoformat()` writes an aware
    /// datetime: `YYYY-MM-DDTHH:MM:SS`, `.ffffff` only when the
    /// microsecond is not 0, then the offset as `±HH:MM`, with `:SS` and
    /// `.ffffff` only when the offset has them. UTC is `+00:00`.
    ///
    /// The local date is the instant plus the offset. Timestamps parsed by
    /// [`Timestamp::parse_iso`] always have a year from 1 to 9999; others
    /// write their year with at least four digits and a `-` when negative.
    ///
    /// ```
    /// use decnet_event::Timestamp;
    ///
    /// let ts = Timestamp::parse_iso("2024-03-05T07:08:09-05:30:15.5").unwrap();
    /// assert_eq!(ts.isoformat(), "2024-03-05T07:08:09-05:30:15.500000");
    /// ```
    pub fn isoformat(&self) -> String {
        self.to_string()
    }
}

/// [`Timestamp::parse_iso`] for any text: CPython's reader, step by step.
fn parse_general(text: &str) -> Result<Timestamp, TimestampError> {
    let bytes = text.as_bytes();

    // Every date form starts with 7 ASCII characters, so the first 7
    // bytes are also the first 7 code points; past them code points
    // and bytes part ways.
    let head_is_ascii = bytes.get(..7).is_some_and(|head| head.is_ascii());
    if !head_is_ascii {
        let len = text.chars().count();
        return Err(if len < 7 {
            TimestampError::TooShort { len }
        } else {
            TimestampError::DateSyntax
        });
    }
    let after_head = Lookahead::new(text);

    let date_len = date_end(bytes, &after_head)?;
    // A date holds only ASCII, so its code points are its bytes.
    let date = bytes
        .get(..date_len)
        .filter(|date| date.is_ascii())
        .ok_or(TimestampError::DateSyntax)?;
    let days = parse_date(date)?;

    let mut local = Local {
        days,
        clock: Clock::default(),
    };
    let mut offset_us = 0;
    if let Some(time_start) = after_head.byte_after(date_len) {
        let time = bytes.get(time_start..).unwrap_or_default();
        if time.is_empty() {
            return Err(TimestampError::MissingTime);
        }
        (local.clock, offset_us) = parse_time(time)?;
    }
    local.clock.check_range()?;

    Ok(Timestamp {
        instant_us: local.micros() - offset_us,
        offset_us,
    })
}

/// [`Timestamp::parse_iso`] of the shape loggers write,
/// `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM]`, with every part in range;
/// `None` for any other text, which [`parse_general`] then reads. Where it
/// gives a timestamp, `parse_general` gives the same one.
#[inline]
fn parse_common(b: &[u8]) -> Option<Timestamp> {
    const DATE: Shape = Shape::new(b"0000-00-");
    const DAY: Shape = Shape::new(b"00T00:00");
    const CLOCK: Shape = Shape::new(b"00:00:00");
    const FRACTION: Shape = Shape::new(b"0.000000");
    // Bytes 0 to 7, 8 to 15 and 11 to 18: the clock is read twice over.
    let date = DATE.pairs(b.get(..8)?)?;
    let day = DAY.pairs(b.get(8..16)?)?;
    let time = CLOCK.pairs(b.get(11..19)?)?;
    let (year, month, day) = (
        Shape::pair(date, 0) * 100 + Shape::pair(date, 2),
        Shape::pair(date, 5),
        Shape::pair(day, 0),
    );
    let clock = Clock {
        hour: Shape::pair(time, 0),
        minute: Shape::pair(time, 3),
        second: Shape::pair(time, 6),
        micros: 0,
    };
    let date_ok = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    if !date_ok || clock.check_range().is_err() {
        return None;
    }
    let mut local = Local {
        days: days_from_civil(i64::from(year), month, day),
        clock,
    };
    let mut zone = &b[19..];
    if zone.first() == Some(&b'.') {
        // The last digit of the seconds, the point and six digits.
        local.clock.micros = FRACTION.number(b.get(18..26)?, 2)?;
        zone = &b[26..];
    }
    let offset_us = match *zone {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
                return None;
            }
            let (hours, minutes) = (
                u32::from(h1 - b'0') * 10 + u32::from(h2 - b'0'),
                u32::from(m1 - b'0') * 10 + u32::from(m2 - b'0'),
            );
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = i64::from(hours * 3600 + minutes * 60) * SECOND_US;
            if sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    Some(Timestamp {
        instant_us: local.micros() - offset_us,
        offset_us,
    })
}

/// Eight bytes of a fixed shape: ASCII digits where the template has `0`,
/// its other bytes as they are. Checked and read eight bytes at once, as a
/// little-endian word.
struct Shape {
    /// `0xff` at the digits, `0` elsewhere.
    digits: u64,
    /// The template: `0` at the digits, its other bytes as they are.
    template: u64,
}

impl Shape {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

    const fn new(template: &[u8; 8]) -> Shape {
        let mut digits = [0; 8];
        let mut i = 0;
        while i < 8 {
            if template[i] == b'0' {
                digits[i] = 0xff;
            }
            i += 1;
        }
        Shape {
            digits: u64::from_le_bytes(digits),
            template: u64::from_le_bytes(*template),
        }
    }

    /// The value of each digit of `bytes` in its byte, and 0 in the other
    /// bytes; `None` when `bytes` (eight of them) does not have the shape.
    #[inline]
    fn values(&self, bytes: &[u8]) -> Option<u64> {
        let word = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
        // The literals are compared as they are and read as `0` for the
        // digit test, so that no byte of theirs borrows or carries.
        let literals = self.template & !self.digits;
        let digits = word & self.digits | (Self::ONES * u64::from(b'0')) & !self.digits;
        // A byte below `0` borrows, one above `9` carries into its high
        // bit, and one above DEL has it already: a flag at the first
        // byte that is no digit (later flags may be spurious).
        let not_digit = (digits.wrapping_sub(Self::ONES * u64::from(b'0'))
            | digits.wrapping_add(Self::ONES * u64::from(0x7f - b'9'))
            | digits)
            & Self::HIGH;
        // No byte borrows: each is at least its template byte.
        (not_digit == 0 && word & !self.digits == literals).then(|| word - self.template)
    }

    /// [`values`](Self::values) paired: in each byte, ten times its digit
    /// plus the next byte's, so that the two-digit number starting at any
    /// digit is in its byte (see [`pair`](Self::pair)).
    #[inline]
    fn pairs(&self, bytes: &[u8]) -> Option<u64> {
        // No byte of either term reaches 100: nothing carries.
        self.values(bytes).map(|values| values * 10 + (values >> 8))
    }

    /// The two-digit number at byte `i` of [`pairs`](Self::pairs).
    #[inline]
    fn pair(pairs: u64, i: u32) -> u32 {
        (pairs >> (8 * i)) as u32 & 0xff
    }

    /// The number written by the digits of `bytes` from byte `from` on (all
    /// digits): up to eight digits read in three steps.
    #[inline(always)]
    fn number(&self, bytes: &[u8], from: u32) -> Option<u32> {
        // The bytes before `from` read as leading zeros. Each step joins
        // neighbouring numbers, the first at the lower address; no lane
        // overflows into the next.
        let values = self.values(bytes)? & (u64::MAX << (8 * from));
        let pairs = (values * 10 + (values >> 8)) & 0x00ff_00ff_00ff_00ff;
        let quads = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
        Some(((quads * 10_000 + (quads >> 32)) & 0xffff_ffff) as u32)
    }
}

/// A local date and time of day, before its offset is applied.
struct Local {
    /// Days from 1970-01-01.
    days: i64,
    clock: Clock,
}

impl Local {
    fn micros(&self) -> i64 {
        self.days * DAY_US + self.clock.micros()
    }
}

/// A time of day, or the magnitude of a UTC offset, as read from text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    micros: u32,
}

impl Clock {
    fn whole_seconds(&self) -> i64 {
        i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }

    fn micros(&self) -> i64 {
        self.whole_seconds() * SECOND_US + i64::from(self.micros)
    }

    fn check_range(&self) -> Result<(), TimestampError> {
        if self.hour < 24 && self.minute < 60 && self.second < 60 {
            Ok(())
        } else {
            Err(TimestampError::TimeOutOfRange)
        }
    }
}

/// The code points at indices 7 to 11 of a text whose first 7 bytes are
/// ASCII, with their byte offsets: all that the date-end rule looks at.
struct Lookahead {
    /// `(byte offset, code point)` of the code points at indices 7, 8, ….
    chars: [(usize, char); 5],
    /// How many entries of `chars` exist.
    len: usize,
}

impl Lookahead {
    fn new(text: &str) -> Lookahead {
        let mut chars = [(0, '\0'); 5];
        let mut len = 0;
        // The first 7 bytes are ASCII, so byte 7 starts a code point.
        let tail = text.get(7..).unwrap_or_default();
        for (slot, (offset, c)) in chars.iter_mut().zip(tail.char_indices()) {
            *slot = (offset + 7, c);
            len += 1;
        }
        Lookahead { chars, len }
    }

    /// The code point at index `i` (at least 7), if the text is that long
    /// and `i` is within the lookahead.
    fn at(&self, i: usize) -> Option<char> {
        let j = i.checked_sub(7)?;
        (j < self.len).then(|| self.chars[j].1)
    }

    /// Whether the text has exactly `n` code points (for `n` from 7 to
    /// 11).
    fn len_is(&self, n: usize) -> bool {
        n >= 7 && self.len == n - 7
    }

    /// Whether the text has more than `n` code points (for `n` from 7 to
    /// 11).
    fn len_exceeds(&self, n: usize) -> bool {
        n >= 7 && self.len > n - 7
    }

    /// The byte offset just past the code point at index `i` (the
    /// separator after a date of `i` code points), if the text has one.
    fn byte_after(&self, i: usize) -> Option<usize> {
        let j = i.checked_sub(7)?;
        let &(offset, c) = self.chars.get(j).filter(|_| j < self.len)?;
        Some(offset + c.len_utf8())
    }
}

/// How many code points the date takes: CPython's rule for where the
/// date-time separator sits, which looks at characters 4, 5, 8 and 10.
/// `bytes` starts with 7 ASCII bytes.
fn date_end(bytes: &[u8], ahead: &Lookahead) -> Result<usize, TimestampError> {
    if ahead.len_is(7) {
        return Ok(7);
    }
    let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    match (bytes[4], bytes[5]) {
        (b'-', b'W') => {
            if ahead.len_is(8) || ahead.at(8) != Some('-') {
                Ok(8)
            } else if ahead.len_is(9) {
                Err(TimestampError::DateSyntax)
            } else if ahead.len_exceeds(10) && is_digit(ahead.at(10)) {
                // `YYYY-Www-HH…`: the `-` is taken as the separator.
                Ok(8)
            } else {
                Ok(10)
            }
        }
        (b'-', _) => Ok(10),
        (b'W', _) => {
            let digits = bytes[7..].iter().take_while(|b| b.is_ascii_digit()).count();
            let k = 7 + digits;
            Ok(match k {
                7 | 8 => k,
                _ if k % 2 == 0 => 7,
                _ => 8,
            })
        }
        _ => Ok(8),
    }
}

/// Days from 1970-01-01 to the date `date`, one of the six ISO forms.
fn parse_date(date: &[u8]) -> Result<i64, TimestampError> {
    let digits = |range: std::ops::Range<usize>| -> Result<u32, TimestampError> {
        let part = date.get(range).ok_or(TimestampError::DateSyntax)?;
        part.iter().try_fold(0, |value, &b| {
            if b.is_ascii_digit() {
                Ok(value * 10 + u32::from(b - b'0'))
            } else {
                Err(TimestampError::DateSyntax)
            }
        })
    };
    let year = digits(0..4)?;
    let extended = date.get(4) == Some(&b'-');
    let mut i = 4 + usize::from(extended);

    if date.get(i) == Some(&b'W') {
        let week = digits(i + 1..i + 3)?;
        i += 3;
        let mut weekday = 1;
        if i < date.len() {
            if extended {
                if date.get(i) != Some(&b'-') {
                    return Err(TimestampError::DateSyntax);
                }
                i += 1;
            }
            weekday = digits(i..i + 1)?;
        }
        return iso_week_date(year, week, weekday);
    }

    let month = digits(i..i + 2)?;
    i += 2;
    if extended {
        if date.get(i) != Some(&b'-') {
            return Err(TimestampError::DateSyntax);
        }
        i += 1;
    }
    let day = digits(i..i + 2)?;
    let valid = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    if !valid {
        return Err(TimestampError::DateOutOfRange);
    }
    Ok(days_from_civil(i64::from(year), month, day))
}

/// Days from 1970-01-01 to day `weekday` (Monday = 1) of ISO week `week`
/// of ISO year `year`.
fn iso_week_date(year: u32, week: u32, weekday: u32) -> Result<i64, TimestampError> {
    // Year 0 has no day within range whatever the week: its ISO weeks all
    // end by 0000-12-31.
    if !(1..=9999).contains(&year) {
        return Err(TimestampError::DateOutOfRange);
    }
    let year = i64::from(year);
    let jan1 = days_from_civil(year, 1, 1);
    // Monday is 0; 1970-01-01 was a Thursday.
    let jan1_weekday = (jan1 + 3).rem_euclid(7);
    let has_53_weeks = jan1_weekday == 3 || (jan1_weekday == 2 && is_leap(year));
    let week_ok = (1..=52).contains(&week) || (week == 53 && has_53_weeks);
    if !week_ok || !(1..=7).contains(&weekday) {
        return Err(TimestampError::DateOutOfRange);
    }

    // Week 1 is the week holding the year's first Thursday.
    let week1_monday = if jan1_weekday > 3 {
        jan1 - jan1_weekday + 7
    } else {
        jan1 - jan1_weekday
    };
    let days = week1_monday + i64::from((week - 1) * 7 + weekday - 1);
    let (gregorian_year, _, _) = civil_from_days(days);
    if gregorian_year > 9999 {
        return Err(TimestampError::DateOutOfRange);
    }
    Ok(days)
}

/// Parses what follows the date-time separator: a clock, then optionally
/// a UTC offset. Returns the clock and the offset in microseconds.
fn parse_time(time: &[u8]) -> Result<(Clock, i64), TimestampError> {
    let text = Bytes(time);
    let zone = time
        .iter()
        .position(|b| matches!(b, b'Z' | b'+' | b'-'))
        .unwrap_or(time.len());

    let (clock, stopped_early) =
        parse_clock(text, 0, zone).map_err(|_| TimestampError::TimeSyntax)?;
    if zone == time.len() {
        return if stopped_early {
            Err(TimestampError::TrailingText)
        } else {
            Ok((clock, 0))
        };
    }

    if time[zone] == b'Z' {
        // CPython reads the byte after `Z` as a C string: a NUL ends it.
        return if text.at(zone + 1) == 0 {
            Ok((clock, 0))
        } else {
            Err(TimestampError::OffsetSyntax)
        };
    }
    let sign = if time[zone] == b'-' { -1 } else { 1 };
    let magnitude = match parse_clock(text, zone + 1, time.len()) {
        Ok((magnitude, false)) => magnitude,
        _ => return Err(TimestampError::OffsetSyntax),
    };

    // A zero whole-second part makes the zone UTC, dropping microseconds.
    if magnitude.whole_seconds() == 0 {
        return Ok((clock, 0));
    }
    let offset_us = sign * magnitude.micros();
    if offset_us.abs() >= DAY_US {
        return Err(TimestampError::OffsetOutOfRange);
    }
    Ok((clock, offset_us))
}

/// A byte string read the way CPython reads its UTF-8 buffer: past the end
/// is a NUL.
#[derive(Clone, Copy)]
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn at(self, i: usize) -> u8 {
        self.0.get(i).copied().unwrap_or(0)
    }

    /// `n` ASCII digits at `i` as a number, and the index after them.
    fn digits(self, i: usize, n: usize) -> Option<(u32, usize)> {
        let mut value = 0;
        for j in i..i + n {
            let b = self.at(j);
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        Some((value, i + n))
    }
}

/// The clock grammar shared by times and offsets, in `text[start..end]`:
/// up to three two-digit groups, extended (`:`) or basic style, then an
/// optional fraction of a second.
///
/// The flag is set when the clock stopped before `end` with something
/// left: a stray last character or text after a long fraction. That is
/// tolerated only when an offset follows. As in CPython, digits may be
/// read past `end` (where they never are digits).
fn parse_clock(text: Bytes<'_>, start: usize, end: usize) -> Result<(Clock, bool), ()> {
    let mut groups = [0; 3];
    let mut p = start;
    let mut extended = true;

    for (i, group) in groups.iter_mut().enumerate() {
        (*group, p) = text.digits(p, 2).ok_or(())?;
        let c = text.at(p);
        p += 1;
        if i == 0 {
            extended = c == b':';
        }
        if p >= end {
            let [hour, minute, second] = groups;
            let clock = Clock {
                hour,
                minute,
                second,
                micros: 0,
            };
            return Ok((clock, c != 0));
        }
        if extended && c == b':' {
            continue;
        }
        if c == b'.' || c == b',' {
            break;
        }
        if extended {
            return Err(());
        }
        // Basic style: `c` starts the next group (or the fraction).
        p -= 1;
    }

    // The fraction: after `.` or `,`, or right after the third group.
    let wanted = (end - p).min(6);
    let (mut micros, mut q) = text.digits(p, wanted).ok_or(())?;
    micros *= 10u32.pow(6 - wanted as u32);
    while text.at(q).is_ascii_digit() {
        q += 1;
    }
    let [hour, minute, second] = groups;
    let clock = Clock {
        hour,
        minute,
        second,
        micros,
    };
    Ok((clock, text.at(q) != 0))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(i64::from(year)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
#[inline]
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `days` days after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both fit: day is 1..=31 and month 1..=12 by construction.
    (year, month as u32, day as u32)
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

/// Writes [`Timestamp::isoformat`].
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // In i128: an instant near the bounds of i64 plus its offset may
        // leave them.
        let local_us = i128::from(self.instant_us) + i128::from(self.offset_us);
        let day_us = i128::from(DAY_US);
        // Both fit in i64: the day number is below 2^64 / DAY_US, and the
        // time of day below DAY_US.
        let (days, of_day) = (
            local_us.div_euclid(day_us) as i64,
            local_us.rem_euclid(day_us) as i64,
        );
        let (year, month, day) = civil_from_days(days);
        let (seconds, micros) = (of_day / SECOND_US, of_day % SECOND_US);

        // Written into a buffer on the stack: `write!` of each part costs
        // several times more, and records print several timestamps.
        let mut text = IsoText::default();
        text.number(year, 4);
        text.byte(b'-');
        text.number(i64::from(month), 2);
        text.byte(b'-');
        text.number(i64::from(day), 2);
        text.byte(b'T');
        text.clock(seconds, micros);

        text.byte(if self.offset_us < 0 { b'-' } else { b'+' });
        let offset = self.offset_us.abs();
        let (seconds, micros) = (offset / SECOND_US, offset % SECOND_US);
        text.number(seconds / 3600, 2);
        text.byte(b':');
        text.number(seconds / 60 % 60, 2);
        if seconds % 60 != 0 || micros != 0 {
            text.byte(b':');
            text.number(seconds % 60, 2);
        }
        if micros != 0 {
            text.byte(b'.');
            text.number(micros, 6);
        }
        f.write_str(text.as_str())
    }
}

/// A timestamp's text as [`Timestamp`]'s `Display` builds it.
struct IsoText {
    /// The longest text, at the bounds of the instant, has 46 bytes.
    bytes: [u8; 48],
    len: usize,
}

impl Default for IsoText {
    fn default() -> IsoText {
        IsoText {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl IsoText {
    fn byte(&mut self, byte: u8) {
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    /// `value` in decimal, zero-padded to `width` characters with its sign
    /// counted, as `format!("{value:0width$}")` writes it.
    fn number(&mut self, value: i64, width: usize) {
        let mut buffer = [0; 20];
        let digits = crate::py::decimal_digits(value.unsigned_abs(), &mut buffer);
        let mut width = width;
        if value < 0 {
            self.byte(b'-');
            width = width.saturating_sub(1);
        }
        for _ in digits.len()..width {
            self.byte(b'0');
        }
        for &digit in digits {
            self.byte(digit);
        }
    }

    /// `HH:MM:SS`, then `.ffffff` unless the microseconds are zero.
    fn clock(&mut self, seconds: i64, micros: i64) {
        self.number(seconds / 3600, 2);
        self.byte(b':');
        self.number(seconds / 60 % 60, 2);
        self.byte(b':');
        self.number(seconds % 60, 2);
        if micros != 0 {
            self.byte(b'.');
            self.number(micros, 6);
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and separators are written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        #[test]
        fn the_common_shape_reads_as_the_general_reader_reads_it(
            text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]\
                     (\\.[0-9]{5,7})?(Z|[+-][0-2][0-9]:[0-6][0-9](:[0-9]{2})?|x)?",
        ) {
            let general = parse_general(&text);
            match parse_common(text.as_bytes()) {
                Some(common) => {
                    proptest::prop_assert_eq!(general, Ok(common));
                    let general = general.expect("checked just above");
                    proptest::prop_assert_eq!(general.offset_micros(), common.offset_micros());
                }
                // Only a part out of range or another shape is left to the
                // general reader; what it accepts in the shape, the common
                // reader accepts too.
                None => {
                    let plain = regex_like_common_shape(&text);
                    proptest::prop_assert!(!plain || general.is_err(), "{}", text);
                }
            }
        }
    }

    #[test]
    fn the_common_shape_accepts_no_byte_the_general_reader_reads_otherwise() {
        let text = "2024-03-05T07:08:09.123456+01:30";
        for at in 0..text.len() {
            for other in [
                "/", ":", "-", "a", "T", " ", "\u{0}", "\u{7f}", "\u{663}", "\u{3a0}",
            ] {
                let mut changed = text.to_owned();
                changed.replace_range(at..=at, other);
                // What the common reader reads, the general one reads the
                // same; the rest is left to the general reader.
                if let Some(common) = parse_common(changed.as_bytes()) {
                    assert_eq!(parse_general(&changed), Ok(common), "{changed:?}");
                    assert!(other == "-" || other == "T" || other == ":", "{changed:?}");
                }
            }
        }
    }

    /// Whether `text` has exactly the common shape, with an offset of at
    /// most 23:59 (its date and time in range or not).
    fn regex_like_common_shape(text: &str) -> bool {
        let b = text.as_bytes();
        let fraction = if b.get(19) == Some(&b'.') { 7 } else { 0 };
        let zone = &b[(19 + fraction).min(b.len())..];
        let digits = |range: std::ops::Range<usize>| {
            b.get(range)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        let zone_ok = match zone {
            [] | [b'Z'] => true,
            [b'+' | b'-', h1, h2, b':', m1, m2] => {
                [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                    && (*h1, *h2) <= (b'2', b'3')
                    && *m1 <= b'5'
            }
            _ => false,
        };
        b.len() >= 19 && (fraction == 0 || digits(20..26)) && zone_ok
    }

    /// `datetime.fromisoformat(text).isoformat()`, with a naive result
    /// shown without offset as Python shows it.
    fn iso(text: &str) -> Result<String, TimestampError> {
        Timestamp::parse_iso(text).map(|ts| ts.isoformat())
    }

    fn naive(text: &str) -> String {
        let ts = Timestamp::parse_iso(text).expect("valid in the test");
        assert_eq!(ts.offset_micros(), 0, "{text} is naive, so UTC");
        ts.isoformat().trim_end_matches("+00:00").to_owned()
    }

    #[test]
    fn a_date_alone_is_midnight() {
        assert_eq!(naive("2024-03-05"), "2024-03-05T00:00:00");
    }

    #[test]
    fn a_week_without_a_day_means_monday() {
        assert_eq!(naive("2024-W10"), "2024-03-04T00:00:00");
    }

    #[test]
    fn week_dates_take_a_weekday_in_both_styles() {
        assert_eq!(naive("2024W102"), "2024-03-05T00:00:00");
        assert_eq!(naive("2024-W10-2T07:08"), "2024-03-05T07:08:00");
    }

    #[test]
    fn week_53_exists_only_in_long_iso_years() {
        assert_eq!(naive("2020-W53-1"), "2020-12-28T00:00:00");
        assert_eq!(iso("2024-W53-1"), Err(TimestampError::DateOutOfRange));
    }

    #[test]
    fn year_month_and_ordinal_dates_are_rejected() {
        assert!(iso("2024-03").is_err());
        assert!(iso("2024-065").is_err());
    }

    #[test]
    fn basic_format_reads_like_extended() {
        assert_eq!(naive("20240305T070809"), "2024-03-05T07:08:09");
    }

    #[test]
    fn any_code_point_separates_date_and_time() {
        assert_eq!(naive("2024-03-05 07:08:09"), "2024-03-05T07:08:09");
        assert_eq!(naive("2024-03-05\u{e9}07:08"), "2024-03-05T07:08:00");
        assert_eq!(naive("2024-03-05\u{1F600}07:08"), "2024-03-05T07:08:00");
        assert_eq!(naive("2024-03-05107:08"), "2024-03-05T07:08:00");
    }

    #[test]
    fn a_long_digit_run_after_a_basic_week_puts_the_separator_at_7_or_8() {
        assert_eq!(naive("2024W10207:08"), "2024-03-04T07:08:00");
    }

    #[test]
    fn a_hyphen_after_an_extended_week_is_a_separator_before_two_digits() {
        assert_eq!(naive("2024-W10-23:00"), "2024-03-04T23:00:00");
        assert_eq!(iso("2024-W10-"), Err(TimestampError::DateSyntax));
    }

    #[test]
    fn fractions_are_right_padded_to_microseconds() {
        assert_eq!(naive("2024-03-05T07:08:09.5"), "2024-03-05T07:08:09.500000");
    }

    #[test]
    fn fractions_are_truncated_never_rounded() {
        assert_eq!(
            naive("2024-03-05T07:08:09.9999999"),
            "2024-03-05T07:08:09.999999"
        );
    }

    #[test]
    fn a_zero_fraction_is_not_written() {
        assert_eq!(naive("2024-03-05T07:08:09.000000"), "2024-03-05T07:08:09");
    }

    #[test]
    fn a_fraction_may_follow_any_clock_group() {
        assert_eq!(naive("2024-03-05T07.5"), "2024-03-05T07:00:00.500000");
        assert_eq!(naive("2024-03-05T07:08:09:5"), "2024-03-05T07:08:09.500000");
    }

    #[test]
    fn a_stray_last_clock_character_needs_a_zone_after_it() {
        assert_eq!(
            iso("2024-03-05T07:08:09."),
            Err(TimestampError::TrailingText)
        );
        assert_eq!(
            iso("2024-03-05T07:08:09.+01:00").as_deref(),
            Ok("2024-03-05T07:08:09+01:00")
        );
        assert_eq!(
            iso("2024-03-05T07:08:09x+05:30").as_deref(),
            Ok("2024-03-05T07:08:09+05:30")
        );
        assert_eq!(
            iso("2024-03-05T07:08:09 +05:30").as_deref(),
            Ok("2024-03-05T07:08:09+05:30")
        );
        assert!(iso("2024-03-05T07:08:09xy+05:30").is_err());
        assert!(iso("2024-03-05T07:08:09\u{e9}+05:30").is_err());
    }

    #[test]
    fn text_after_a_long_fraction_needs_a_zone_after_it() {
        assert_eq!(
            iso("2024-03-05T07:08:09.1234567x+01:00").as_deref(),
            Ok("2024-03-05T07:08:09.123456+01:00")
        );
        assert!(iso("2024-03-05T07:08:09.12x+01:00").is_err());
    }

    #[test]
    fn the_first_separator_fixes_the_clock_style() {
        assert_eq!(iso("2024-03-05T0708:09"), Err(TimestampError::TimeSyntax));
    }

    #[test]
    fn hours_minutes_and_seconds_are_range_checked() {
        assert_eq!(iso("2024-03-05T24:00"), Err(TimestampError::TimeOutOfRange));
        assert_eq!(
            iso("2024-03-05T23:59:60"),
            Err(TimestampError::TimeOutOfRange)
        );
    }

    #[test]
    fn upper_case_z_alone_is_utc() {
        assert_eq!(
            iso("2024-03-05T07:08:09Z").as_deref(),
            Ok("2024-03-05T07:08:09+00:00")
        );
        assert!(iso("2024-03-05T07:08:09z").is_err());
        assert_eq!(
            iso("2024-03-05T07:08:09zZ").as_deref(),
            Ok("2024-03-05T07:08:09+00:00")
        );
        assert_eq!(
            iso("2024-03-05T07:08:09Zx"),
            Err(TimestampError::OffsetSyntax)
        );
    }

    #[test]
    fn offsets_take_the_clock_grammar() {
        let cases = [
            ("+05", "+05:00"),
            ("+0530", "+05:30"),
            ("-05:30:15", "-05:30:15"),
            ("+05:30:15.5", "+05:30:15.500000"),
            ("+05:30:15,1234567", "+05:30:15.123456"),
            ("+05.5", "+05:00:00.500000"),
        ];
        for (zone, written) in cases {
            let text = format!("2024-03-05T07:08:09{zone}");
            assert_eq!(iso(&text), Ok(format!("2024-03-05T07:08:09{written}")));
        }
        assert_eq!(
            iso("2024-03-05T07:08:09+05:3015"),
            Err(TimestampError::OffsetSyntax)
        );
    }

    #[test]
    fn offset_minutes_and_seconds_are_not_range_checked() {
        assert_eq!(
            iso("2024-03-05T07:08:09+05:99").as_deref(),
            Ok("2024-03-05T07:08:09+06:39")
        );
    }

    #[test]
    fn a_zero_whole_second_offset_is_utc_and_drops_its_microseconds() {
        assert_eq!(
            iso("2024-03-05T07:08:09-00:00").as_deref(),
            Ok("2024-03-05T07:08:09+00:00")
        );
        assert_eq!(
            iso("2024-03-05T07:08:09-00:00:00.000001").as_deref(),
            Ok("2024-03-05T07:08:09+00:00")
        );
        assert_eq!(
            iso("2024-03-05T07:08:09-00:00:01.5").as_deref(),
            Ok("2024-03-05T07:08:09-00:00:01.500000")
        );
    }

    #[test]
    fn offsets_must_be_strictly_within_24_hours() {
        assert_eq!(
            iso("2024-03-05T07:08:09+24:00"),
            Err(TimestampError::OffsetOutOfRange)
        );
        assert!(iso("2024-03-05T07:08:09+23:59:59.999999").is_ok());
    }

    #[test]
    fn only_ascii_digits_are_digits() {
        assert_eq!(
            iso("\u{ff12}\u{ff10}\u{ff12}\u{ff14}-03-05"),
            Err(TimestampError::DateSyntax)
        );
    }

    #[test]
    fn a_nul_reads_as_the_end_of_the_text() {
        assert_eq!(naive("2024-03-05T07:08:09\0"), "2024-03-05T07:08:09");
        assert_eq!(
            iso("2024-03-05T07:08:09Z\0").as_deref(),
            Ok("2024-03-05T07:08:09+00:00")
        );
        assert!(iso("2024-03-05T07:08:09.123\0").is_err());
    }

    #[test]
    fn dates_beyond_year_9999_are_rejected() {
        assert_eq!(iso("9999-W52-7"), Err(TimestampError::DateOutOfRange));
        assert_eq!(iso("0000-W01-1"), Err(TimestampError::DateOutOfRange));
        assert_eq!(iso("2023-02-29"), Err(TimestampError::DateOutOfRange));
    }

    #[test]
    fn fewer_than_7_characters_are_too_short() {
        assert_eq!(iso("2024-3"), Err(TimestampError::TooShort { len: 6 }));
        assert_eq!(iso("2024-\u{e9}"), Err(TimestampError::TooShort { len: 6 }));
    }

    #[test]
    fn isoformat_pads_the_year_and_writes_microseconds_with_six_digits() {
        assert_eq!(
            naive("0024-03-05T07:08:09.000100"),
            "0024-03-05T07:08:09.000100"
        );
    }

    #[test]
    fn isoformat_writes_offset_seconds_and_microseconds_only_when_present() {
        let at = |offset_us| {
            let midnight = days_from_civil(2024, 3, 5) * DAY_US;
            Timestamp::from_unix_micros(midnight - offset_us, offset_us)
                .expect("offset within a day")
                .isoformat()
        };
        assert_eq!(at(SECOND_US), "2024-03-05T00:00:00+00:00:01");
        assert_eq!(at(1), "2024-03-05T00:00:00+00:00:00.000001");
        assert_eq!(
            at(-(5 * 3600 + 15) * SECOND_US - 1),
            "2024-03-05T00:00:00-05:00:15.000001"
        );
    }

    #[test]
    fn timestamps_compare_by_instant_not_by_offset() {
        let a = Timestamp::parse_iso("2024-03-05T12:00+02:00").expect("valid");
        let b = Timestamp::parse_iso("2024-03-05T10:00Z").expect("valid");
        assert_eq!(a, b);
        let later = Timestamp::parse_iso("2024-03-05T12:00:00.000004+02:00").expect("valid");
        let earlier = Timestamp::parse_iso("2024-03-05T10:00:00.000001Z").expect("valid");
        assert_eq!(earlier.micros_until(&later), 3);
    }

    proptest::proptest! {
        #[test]
        fn isoformat_writes_what_formatting_each_part_writes(
            instant in proptest::num::i64::ANY,
            offset in -(DAY_US - 1)..DAY_US,
        ) {
            let ts = Timestamp::from_unix_micros(instant, offset).expect("offset within a day");
            proptest::prop_assert_eq!(ts.isoformat(), formatted_part_by_part(&ts));
        }
    }

    /// The text of `ts` with `format!` for every number: the plain way to
    /// write it, to check the stack buffer against.
    fn formatted_part_by_part(ts: &Timestamp) -> String {
        let local_us = i128::from(ts.instant_us) + i128::from(ts.offset_us);
        let days = local_us.div_euclid(i128::from(DAY_US)) as i64;
        let of_day = local_us.rem_euclid(i128::from(DAY_US)) as i64;
        let (year, month, day) = civil_from_days(days);
        let (seconds, micros) = (of_day / SECOND_US, of_day % SECOND_US);
        let mut text = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
        if micros != 0 {
            text += &format!(".{micros:06}");
        }
        let sign = if ts.offset_us < 0 { '-' } else { '+' };
        let (seconds, micros) = (
            ts.offset_us.abs() / SECOND_US,
            ts.offset_us.abs() % SECOND_US,
        );
        text += &format!("{sign}{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
        if seconds % 60 != 0 || micros != 0 {
            text += &format!(":{:02}", seconds % 60);
        }
        if micros != 0 {
            text += &format!(".{micros:06}");
        }
        text
    }

    // Found by the fuzz targets phase_sequence and build_behavior_record
    // (regression input crates/decnet-phases/fuzz/regressions/
    // phase_sequence/isoformat-near-i64-min): the local time overflowed.
    #[test]
    fn isoformat_of_an_instant_near_the_bounds_of_i64_writes_its_far_year() {
        let instant = i64::MIN + 65_536;
        let offset = -(15 * 3600 + 45 * 60) * SECOND_US;
        let ts = Timestamp::from_unix_micros(instant, offset).expect("offset within a day");
        // The year from Python's calendar, shifted by whole 400-year cycles.
        assert_eq!(ts.isoformat(), "-290308-12-21T04:14:05.289728-15:45");
        let latest = Timestamp::from_unix_micros(i64::MAX, DAY_US - 1).expect("within a day");
        assert!(latest.isoformat().starts_with("294247-01-"));
    }

    // Found by the fuzz target phase_sequence (regression input
    // crates/decnet-phases/fuzz/regressions/phase_sequence/latency-overflow).
    #[test]
    fn micros_until_saturates_for_instants_farther_apart_than_i64_holds() {
        let first = Timestamp::from_unix_micros(i64::MIN + 1, 0).expect("UTC");
        let last = Timestamp::from_unix_micros(i64::MAX - 1, 0).expect("UTC");
        assert_eq!(first.micros_until(&last), i64::MAX);
        assert_eq!(last.micros_until(&first), i64::MIN);
        assert_eq!(last.micros_until(&last), 0);
    }

    #[test]
    fn civil_dates_and_day_counts_convert_both_ways() {
        for days in [-719_162, -1, 0, 1, 19_787, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-719_162), (1, 1, 1));
    }
}
