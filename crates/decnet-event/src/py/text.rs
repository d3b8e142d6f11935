//! Python's white space and regular-expression character classes.

/// Python's `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
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
