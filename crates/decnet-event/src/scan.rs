//! Scanning text by Python `re` character classes, with ASCII fast paths.
//!
//! The parser reproduces each regular expression of the original by hand;
//! these are the pieces it is made of: runs of `\s`, `\S`, `\w` or `\d`
//! characters, as Python's `re` defines them (see [`crate::py`]).

use crate::py;

/// A Python `re` character class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// `\s`: `str.isspace()`.
    Space,
    /// `\S`: anything but `\s`.
    NonSpace,
    /// `\w`: `str.isalnum()` or `_`.
    Word,
    /// `\d`: `str.isdecimal()`.
    Decimal,
}

impl Class {
    /// Whether `c` is in the class.
    #[inline]
    pub(crate) fn contains(self, c: char) -> bool {
        if c.is_ascii() {
            // Every ASCII byte is one code point; the byte test is exact.
            return self.contains_ascii(c as u8);
        }
        match self {
            Class::Space => py::is_space(c),
            Class::NonSpace => !py::is_space(c),
            Class::Word => py::is_word(c),
            Class::Decimal => py::is_decimal(c),
        }
    }

    /// Whether the byte `b` is an ASCII character in the class (`false`
    /// for every byte above 0x7F).
    #[inline(always)]
    pub(crate) fn contains_ascii(self, b: u8) -> bool {
        let flags = BYTE_CLASSES[usize::from(b)];
        match self {
            Class::Space => flags & SPACE != 0,
            Class::NonSpace => flags & (ASCII | SPACE) == ASCII,
            Class::Word => flags & WORD != 0,
            Class::Decimal => flags & DECIMAL != 0,
        }
    }
}

/// Flag of the ASCII characters in `\s`.
const SPACE: u8 = 1;
/// Flag of the ASCII characters in `\w`.
const WORD: u8 = 2;
/// Flag of the ASCII characters in `\d`.
const DECIMAL: u8 = 4;
/// Flag of every ASCII character.
const ASCII: u8 = 8;

/// The classes of each byte, as flags: none for the bytes above 0x7F,
/// which are no character alone.
const BYTE_CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] |= ASCII;
        if matches!(c, b'\t'..=b'\r' | 0x1c..=b' ') {
            table[b] |= SPACE;
        }
        if c.is_ascii_alphanumeric() || c == b'_' {
            table[b] |= WORD;
        }
        if c.is_ascii_digit() {
            table[b] |= DECIMAL;
        }
        b += 1;
    }
    table
};

/// The code point starting at byte `i` of `s`, if any.
///
/// `i` must be a code point boundary; any other `i` reads as the end.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        s.get(i..)?.chars().next()
    }
}

/// The byte offset where the run of `class` characters starting at byte
/// `from` ends, and how many characters it holds, counting no further
/// than `limit`.
#[inline]
pub(crate) fn run_limited(s: &str, from: usize, class: Class, limit: usize) -> (usize, usize) {
    let mut i = from;
    let mut count = 0;
    while count < limit {
        match char_at(s, i) {
            Some(c) if class.contains(c) => i += c.len_utf8(),
            _ => break,
        }
        count += 1;
    }
    (i, count)
}

/// The byte offset where the run of `class` characters starting at byte
/// `from` ends (`from` itself when there is none).
#[inline]
pub(crate) fn run_end(s: &str, from: usize, class: Class) -> usize {
    // One loop per class, so that no byte pays for choosing the class.
    match class {
        Class::Space => run_end_by(s, from, |b| Class::Space.contains_ascii(b), py::is_space),
        Class::NonSpace => non_space_run_end(s, from),
        Class::Word => run_end_by(s, from, |b| Class::Word.contains_ascii(b), py::is_word),
        Class::Decimal => run_end_by(
            s,
            from,
            |b| Class::Decimal.contains_ascii(b),
            py::is_decimal,
        ),
    }
}

/// [`run_end`] for the class of ASCII bytes `ascii` and of other code
/// points `wide`.
#[inline(always)]
fn run_end_by(
    s: &str,
    from: usize,
    ascii: impl Fn(u8) -> bool,
    wide: impl Fn(char) -> bool,
) -> usize {
    let bytes = s.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if ascii(b) {
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match char_at(s, i) {
                Some(c) if wide(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// Where the run of `\S` characters at byte `from` ends, eight bytes at a
/// time while they are all printable ASCII (`!` to DEL), every one of
/// which is `\S`.
#[inline]
fn non_space_run_end(s: &str, from: usize) -> usize {
    run_end_by(
        s,
        printable_end(s.as_bytes(), from),
        |b| Class::NonSpace.contains_ascii(b),
        |c| !py::is_space(c),
    )
}

/// Where the run of printable ASCII characters (`!` to DEL) at `from`
/// ends, read eight bytes at a time; or where fewer than eight bytes are
/// left, if it reaches them.
#[inline(always)]
fn printable_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(*chunk);
        // A byte below `!` borrows, a byte above DEL has its high bit set;
        // the lowest flag is exact, as a borrow only runs upward.
        let flags = (word.wrapping_sub(ONES * 0x21) | word) & HIGH;
        if flags != 0 {
            return i + flags.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i
}

/// The high bit of each byte of `word` (eight ASCII bytes, in
/// little-endian order) that is a word character: `[0-9A-Za-z_]`.
#[inline(always)]
pub(crate) fn ascii_word_bytes(word: u64) -> u64 {
    // Setting bit 5 folds upper-case letters onto lower-case ones.
    let folded = word | (ONES * 0x20);
    ascii_in_range(word, b'0', b'9') | ascii_in_range(folded, b'a', b'z') | ascii_equal(word, b'_')
}

/// The high bit of each byte of `word` (all below 0x80) from `lo` to `hi`.
#[inline(always)]
fn ascii_in_range(word: u64, lo: u8, hi: u8) -> u64 {
    // Neither sum carries out of a byte below 0x80: the first sets the high
    // bit from `lo` on, the second above `hi`.
    let at_least_lo = word + ONES * u64::from(0x80 - lo);
    let above_hi = word + ONES * u64::from(0x7f - hi);
    at_least_lo & !above_hi & HIGH
}

/// The high bit of each byte of `word` (all below 0x80) equal to `b`
/// (below 0x80).
#[inline(always)]
fn ascii_equal(word: u64, b: u8) -> u64 {
    let diff = word ^ (ONES * u64::from(b));
    // A byte that differs reaches the high bit when 0x7F is added.
    !((diff + ONES * 0x7f) | diff) & HIGH
}

/// Whether `bytes` holds the byte `needle`; see [`find_byte`].
#[inline]
pub(crate) fn contains_byte(bytes: &[u8], needle: u8) -> bool {
    find_byte(bytes, needle).is_some()
}

/// Where the first byte `needle` of `bytes` is.
#[inline]
pub(crate) fn find_byte(bytes: &[u8], needle: u8) -> Option<usize> {
    // A vector search costs more to set up than a few bytes take to read.
    if bytes.len() < 16 {
        return bytes.iter().position(|&b| b == needle);
    }
    memchr::memchr(needle, bytes)
}

/// Where the first byte `a` or `b` of `bytes` is; see [`find_byte`].
#[inline]
pub(crate) fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    if bytes.len() < 16 {
        return bytes.iter().position(|&byte| byte == a || byte == b);
    }
    memchr::memchr2(a, b, bytes)
}

/// Where the first quote, backslash, `]` or line feed of `bytes` at or
/// after `from` is, read eight bytes at a time: what ends a stretch of a
/// parameter value, which is likely a few bytes on.
#[inline]
pub(crate) fn find_value_stop(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        let word = word_at(bytes, i);
        // Padding bytes are 0, none of these: a flag is in bounds. A
        // backslash and `]` differ in their lowest bit only.
        let found = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word & (ONES * 0xfe) ^ (ONES * u64::from(b'\\')))
            | zero_bytes(word ^ (ONES * u64::from(b'\n')));
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    None
}

/// Every byte `0x01`.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// Every byte `0x80`.
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The high bit of the first zero byte of `word` (in little-endian order)
/// and maybe of later bytes: the classic zero-byte test, whose lowest flag
/// is exact, as a borrow only runs upward.
#[inline(always)]
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGH
}

/// The bytes of `bytes` from `i` on, eight at most, as a little-endian
/// word padded with zero bytes past the end.
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], i: usize) -> u64 {
    if let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        return u64::from_le_bytes(*chunk);
    }
    match bytes.last_chunk::<8>() {
        // The last eight bytes, those before `i` shifted out.
        Some(last) if i < bytes.len() => u64::from_le_bytes(*last) >> (8 * (i + 8 - bytes.len())),
        _ => {
            let tail = bytes.get(i..).unwrap_or_default();
            tail.iter()
                .rev()
                .fold(0, |word, &b| word << 8 | u64::from(b))
        }
    }
}

/// A position in a text, moved forward by matching pieces of a pattern.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0 }
    }

    /// Moves past `literal` if the text continues with it.
    #[inline]
    pub(crate) fn eat(&mut self, literal: &str) -> bool {
        let here = self.text.as_bytes().get(self.pos..);
        let matched = here.is_some_and(|here| here.starts_with(literal.as_bytes()));
        if matched {
            self.pos += literal.len();
        }
        matched
    }

    /// Moves past the run of `class` characters here (`class+`, greedy),
    /// returning it; `None`, without moving, when there is none.
    #[inline]
    pub(crate) fn run(&mut self, class: Class) -> Option<&'a str> {
        let end = run_end(self.text, self.pos, class);
        let run = self.text.get(self.pos..end).filter(|run| !run.is_empty())?;
        self.pos = end;
        Some(run)
    }

    /// Moves past `(\S+) `, returning the run of non-space characters;
    /// `None`, without moving, when there is no such run or no space after
    /// it.
    #[inline]
    pub(crate) fn field(&mut self) -> Option<&'a str> {
        // Mostly the run is printable ASCII, ended by the space; otherwise
        // it goes on a character at a time.
        let mut end = printable_end(self.text.as_bytes(), self.pos);
        if self.text.as_bytes().get(end) != Some(&b' ') {
            end = run_end(self.text, end, Class::NonSpace);
        }
        if end == self.pos || self.text.as_bytes().get(end) != Some(&b' ') {
            return None;
        }
        let run = self.text.get(self.pos..end)?;
        self.pos = end + 1;
        Some(run)
    }

    /// What is left of the text.
    pub(crate) fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_run_includes_the_ascii_separators_and_unicode_spaces() {
        let text = "\t\u{1c} \u{3000}\u{85}x";
        assert_eq!(run_end(text, 0, Class::Space), text.len() - 1);
    }

    #[test]
    fn a_non_space_run_stops_at_any_python_space() {
        assert_eq!(run_end("ab\u{2028}c", 0, Class::NonSpace), 2);
        assert_eq!(run_end("a\u{200b}b c", 0, Class::NonSpace), 5);
    }

    #[test]
    fn a_long_non_space_run_stops_at_the_first_space_or_control_in_any_word() {
        let text = "0123456789abcdef\u{7f}xyz!~ tail";
        assert_eq!(
            run_end(text, 0, Class::NonSpace),
            text.find(' ').unwrap_or(0)
        );
        let text = "0123456789\u{3000}abcdef";
        assert_eq!(run_end(text, 0, Class::NonSpace), 10);
        let text = "01234567\u{1}89 x";
        assert_eq!(run_end(text, 0, Class::NonSpace), 11);
        assert_eq!(run_end("abcdefgh\u{1c}", 0, Class::NonSpace), 8);
    }

    #[test]
    fn find_byte_finds_the_first_occurrence_anywhere() {
        let text = b"0123456789abcdefghijklmnopqrstuvwxyz";
        for at in 0..text.len() {
            let mut bytes = text.to_vec();
            bytes[at] = b']';
            for later in at..text.len() {
                bytes[later] = b']';
                assert_eq!(find_byte(&bytes, b']'), Some(at), "{at} {later}");
            }
        }
        assert_eq!(find_byte(text, b'\n'), None);
        assert!(!contains_byte(
            b"\x8a\x0b\x09\x0b\x8a\x0b\x09\x0b\x8a",
            b'\n'
        ));
        assert!(contains_byte(b"\x01\x01\x0a", b'\n'));
    }

    #[test]
    fn a_value_stop_is_the_first_quote_backslash_bracket_or_line_feed_anywhere() {
        let text = b"0123456789abcdefghijklmnopqrstu";
        for stop in [b'"', b'\\', b']', b'\n'] {
            for at in 0..text.len() {
                let mut bytes = text.to_vec();
                bytes[at] = stop;
                // A later stop of another kind does not hide the first.
                if let Some(later) = bytes.get_mut(at + 3) {
                    *later = b'"';
                }
                assert_eq!(find_value_stop(&bytes, 0), Some(at), "{stop} {at}");
                assert_eq!(find_value_stop(&bytes, at), Some(at), "{stop} {at}");
                let after = find_value_stop(&bytes, at + 1);
                assert_eq!(
                    after,
                    (at + 3 < bytes.len()).then_some(at + 3),
                    "{stop} {at}"
                );
            }
        }
        // `[` and `^` are next to `\\` and `]`; bytes beyond ASCII are no stop.
        assert_eq!(find_value_stop(b"[^\x5c\x80\xdd", 0), Some(2));
        assert_eq!(find_value_stop(b"[^\x80\xdd\xdc\xa2\x8a", 0), None);
    }

    #[test]
    fn ascii_word_bytes_are_exactly_letters_digits_and_underscore() {
        for b in 0..128u8 {
            let word = u64::from_le_bytes([b'.', b, b'.', b, b, b'.', b'.', b]);
            let expected = if Class::Word.contains_ascii(b) {
                u64::from_le_bytes([0, 0x80, 0, 0x80, 0x80, 0, 0, 0x80])
            } else {
                0
            };
            assert_eq!(ascii_word_bytes(word), expected, "{b:#x}");
        }
    }

    #[test]
    fn a_word_run_takes_other_numbers_but_not_marks() {
        assert_eq!(run_end("x\u{b2}\u{2460}_\u{301}", 0, Class::Word), 7);
    }

    #[test]
    fn a_limited_run_counts_characters_not_bytes() {
        assert_eq!(
            run_limited("\u{663}\u{664}12", 0, Class::Decimal, 3),
            (5, 3)
        );
        assert_eq!(run_limited("12", 0, Class::Decimal, 4), (2, 2));
    }

    #[test]
    fn a_cursor_run_must_not_be_empty() {
        let mut cursor = Cursor::new(" a");
        assert_eq!(cursor.run(Class::NonSpace), None);
        assert!(cursor.eat(" "));
        assert_eq!(cursor.run(Class::NonSpace), Some("a"));
        assert_eq!(cursor.rest(), "");
    }
}
