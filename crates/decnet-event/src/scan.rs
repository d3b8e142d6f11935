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

    /// Whether the ASCII byte `b` is in the class.
    #[inline(always)]
    fn contains_ascii(self, b: u8) -> bool {
        let flags = ASCII_CLASSES.get(usize::from(b)).copied().unwrap_or(0);
        match self {
            Class::Space => flags & SPACE != 0,
            Class::NonSpace => flags & SPACE == 0,
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

/// The classes of each ASCII character, as flags.
const ASCII_CLASSES: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
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
        Class::NonSpace => run_end_by(
            s,
            from,
            |b| Class::NonSpace.contains_ascii(b),
            |c| !py::is_space(c),
        ),
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
        if b.is_ascii() {
            if !ascii(b) {
                break;
            }
            i += 1;
        } else {
            match char_at(s, i) {
                Some(c) if wide(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
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
