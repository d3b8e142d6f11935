//! Python's white space and regular-expression character classes.

/// Python's `str.strip()`: removes [`is_space`] characters at both ends.
///
/// Unlike [`str::trim`], this also removes U+001C..U+001F.
///
/// ```
/// assert_eq!(decnet_event::py::strip("\u{1c} a \u{3000}"), "a");
/// ```
pub fn strip(s: &str) -> &str {
    // Most text ends in ASCII that is not space at both ends: nothing to
    // strip, and nothing to decode.
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&first), Some(&last)) if is_ascii_non_space(first) && is_ascii_non_space(last) => s,
        _ => s.trim_matches(is_space),
    }
}

/// Python's `str.lstrip()`: removes [`is_space`] characters at the start.
pub fn lstrip(s: &str) -> &str {
    // The ASCII spaces are skipped a byte at a time; only text beyond
    // ASCII needs decoding.
    let ascii_spaces = s
        .bytes()
        .position(|b| !(b.is_ascii() && is_space(char::from(b))))
        .unwrap_or(s.len());
    // Each ASCII space is one byte: the rest starts at a code point.
    let rest = &s[ascii_spaces..];
    match rest.as_bytes().first() {
        Some(first) if !first.is_ascii() => rest.trim_start_matches(is_space),
        _ => rest,
    }
}

/// Whether a byte is an ASCII character that [`is_space`] rejects.
#[inline]
fn is_ascii_non_space(b: u8) -> bool {
    b.is_ascii() && !is_space(char::from(b))
}

/// `str.isspace()` for one character; also what `re`'s `\s` matches.
pub fn is_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\u{1c}'..='\u{20}' | '\u{85}' | '\u{a0}' | '\u{1680}'
        | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// `re`'s `\w`: `str.isalnum()` or `_`, with Unicode 14 data.
pub fn is_word(c: char) -> bool {
    c == '_' || in_ranges(super::tables::ALNUM, c)
}

/// `re`'s `\d`: `str.isdecimal()`, with Unicode 14 data.
pub fn is_decimal(c: char) -> bool {
    decimal_value(c).is_some()
}

/// The value of a Unicode 14 decimal digit.
pub(crate) fn decimal_value(c: char) -> Option<u32> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some(cp - u32::from(b'0'));
    }
    let zeros = super::tables::DECIMAL_ZEROS;
    let i = zeros.partition_point(|&z| z <= cp);
    let zero = *zeros.get(i.checked_sub(1)?)?;
    (cp - zero < 10).then_some(cp - zero)
}

pub(crate) fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    let i = ranges.partition_point(|&(_, hi)| hi < cp);
    ranges.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_removes_the_29_python_spaces_including_the_separators_1c_to_1f() {
        assert_eq!(strip("\u{1c} a \u{1f}"), "a");
        assert_eq!(strip("\u{85}\u{a0}x\u{2029}\u{3000}"), "x");
        assert_eq!(lstrip("\t x \n"), "x \n");
    }

    #[test]
    fn strip_keeps_text_that_starts_and_ends_with_ascii_non_space() {
        assert_eq!(strip("a \u{3000} b"), "a \u{3000} b");
        assert_eq!(strip("a\u{3000}"), "a");
        assert_eq!(lstrip("a \t"), "a \t");
        assert_eq!((strip(""), lstrip("")), ("", ""));
    }

    #[test]
    fn zero_width_space_and_bom_are_not_space() {
        assert_eq!(strip("\u{200b}x\u{feff}"), "\u{200b}x\u{feff}");
    }

    #[test]
    fn word_is_alphanumeric_or_underscore_with_unicode_14_data() {
        assert!(is_word('_') && is_word('\u{bd}') && is_word('\u{2460}') && is_word('\u{2167}'));
        assert!(!is_word('\u{301}') && !is_word('\u{203f}') && !is_word('\u{200d}'));
        assert!(!is_word('\u{24b6}') && !is_word('-'));
    }

    #[test]
    fn decimal_is_category_nd_only() {
        assert!(is_decimal('7') && is_decimal('\u{663}') && is_decimal('\u{ff14}'));
        assert!(!is_decimal('\u{b2}') && !is_decimal('\u{bd}'));
        assert_eq!(decimal_value('\u{663}'), Some(3));
    }
}
