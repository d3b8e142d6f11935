//! Where an event's attacker address comes from: a field, else the
//! message text.
//!
//! The message search reproduces the original's two regular expressions,
//! `\b(?:from|rhost[:=]|client[:=]|src[:=])\s*(IPV4|IPV6)` with
//! `re.IGNORECASE`, then `\b(IPV4)\b`, where IPV4 is
//! `\d{1,3}(?:\.\d{1,3}){3}` and IPV6 is `[0-9a-fA-F:]+:[0-9a-fA-F:]+`.

use crate::Fields;
use crate::scan::{Class, ascii_word_bytes, char_at, run_end, run_limited};

/// The rank of a field naming the attacker: the original looks up
/// `src_ip`, `src`, `client_ip`, `remote_ip`, `remote_addr`, `target_ip`
/// and `ip`, in that order.
fn ip_field_rank(name: &str) -> Option<u8> {
    Some(match name {
        "src_ip" => 0,
        "src" => 1,
        "client_ip" => 2,
        "remote_ip" => 3,
        "remote_addr" => 4,
        "target_ip" => 5,
        "ip" => 6,
        _ => return None,
    })
}

/// The attacker address: the value of the best-ranked field naming the
/// attacker (even empty), else an address after an anchor word in `msg`,
/// else the first bare dotted quad in `msg`.
pub(crate) fn attacker_ip<'a>(fields: &'a Fields, msg: &'a str) -> Option<&'a str> {
    let mut best: Option<(u8, &str)> = None;
    for (name, value) in fields.iter() {
        let Some(rank) = ip_field_rank(name) else {
            continue;
        };
        if best.is_none_or(|(best_rank, _)| rank < best_rank) {
            best = Some((rank, value));
            // Nothing ranks before the first field name.
            if rank == 0 {
                break;
            }
        }
    }
    best.map(|(_, value)| value)
        .or_else(|| anchored_ip(msg))
        .or_else(|| bare_ipv4(msg))
}

/// Whether a dotted quad must end at a word boundary (`\b`) or may stop
/// after three digits of its last group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LastGroup {
    Bounded,
    Free,
}

/// The first address after `from`, `rhost:`/`rhost=`, `client:`/`client=`
/// or `src:`/`src=` (any case, at a word start, optional spaces between).
fn anchored_ip(msg: &str) -> Option<&str> {
    find_at_word_starts(msg, |start| {
        // Most words start with no anchor's first letter.
        let first = *msg.as_bytes().get(start)?;
        if first.is_ascii() && !matches!(first | 0x20, b'f' | b'r' | b'c' | b's') {
            return None;
        }
        anchored_at(msg, start)
    })
}

/// The address after the anchor word at `start`, if there is one. Kept
/// out of line, as few word starts get this far.
#[inline(never)]
fn anchored_at(msg: &str, start: usize) -> Option<&str> {
    let after_anchor = anchor_end(msg, start)?;
    let ip_start = run_end(msg, after_anchor, Class::Space);
    let ip_end = ipv4_end(msg, ip_start, LastGroup::Free).or_else(|| ipv6_end(msg, ip_start))?;
    msg.get(ip_start..ip_end)
}

/// The first dotted quad that starts and ends at a word boundary.
fn bare_ipv4(msg: &str) -> Option<&str> {
    find_at_word_starts(msg, |start| {
        let end = ipv4_end(msg, start, LastGroup::Bounded)?;
        msg.get(start..end)
    })
}

/// The first `Some` that `found` gives for a word start of `msg`, in
/// order: a word character that no word character precedes, where `\b`
/// holds before a word character. Both patterns start with a word
/// character (a letter or a digit), so they can match nowhere else.
#[inline(always)]
fn find_at_word_starts<'a>(
    msg: &'a str,
    mut found: impl FnMut(usize) -> Option<&'a str>,
) -> Option<&'a str> {
    let bytes = msg.as_bytes();
    let mut i = 0;
    // Whether the character before `i` is a word character.
    let mut after_word = false;
    while i < bytes.len() {
        // Eight ASCII bytes at once: each is a character.
        if let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>())
            && chunk.is_ascii()
        {
            let words = ascii_word_bytes(u64::from_le_bytes(*chunk));
            // A word byte after one that is not: the previous byte's flag
            // moves up one byte, the last chunk's enters at the bottom.
            let mut starts = words & !(words << 8 | u64::from(after_word) << 7);
            while starts != 0 {
                if let Some(ip) = found(i + starts.trailing_zeros() as usize / 8) {
                    return Some(ip);
                }
                starts &= starts - 1;
            }
            after_word = words >> 63 != 0;
            i += 8;
            continue;
        }
        let c = char_at(msg, i)?;
        let is_word = Class::Word.contains(c);
        if is_word
            && !after_word
            && let Some(ip) = found(i)
        {
            return Some(ip);
        }
        after_word = is_word;
        i += c.len_utf8();
    }
    None
}

/// An anchor word of the address search.
struct Anchor {
    /// Its letters, in lower case.
    word: &'static str,
    /// The same, as a little-endian word padded with zero bytes.
    letters: u64,
    /// Whether `:` or `=` must follow it.
    separator: bool,
}

impl Anchor {
    const fn new(word: &'static str, separator: bool) -> Anchor {
        let mut letters = [0; 8];
        let mut i = 0;
        while i < word.len() {
            letters[i] = word.as_bytes()[i];
            i += 1;
        }
        Anchor {
            word,
            letters: u64::from_le_bytes(letters),
            separator,
        }
    }
}

/// Where the anchor word at `start` ends, matched as `re.IGNORECASE` does
/// (where `s` also matches `ſ` and `i` matches `İ` and `ı`).
fn anchor_end(msg: &str, start: usize) -> Option<usize> {
    const FROM: Anchor = Anchor::new("from", false);
    const RHOST: Anchor = Anchor::new("rhost", true);
    const CLIENT: Anchor = Anchor::new("client", true);
    const SRC: Anchor = Anchor::new("src", true);
    // The anchors start with distinct letters, so at most one can match.
    let anchor = match char_at(msg, start)? {
        'f' | 'F' => &FROM,
        'r' | 'R' => &RHOST,
        'c' | 'C' => &CLIENT,
        's' | 'S' | 'ſ' => &SRC,
        _ => return None,
    };
    // Mostly the letters are ASCII, where the case classes are ASCII's:
    // setting bit 5 folds an upper-case letter, and only it, onto its
    // lower case.
    if let Some(chunk) = msg
        .as_bytes()
        .get(start..)
        .and_then(|rest| rest.first_chunk::<8>())
    {
        let len = anchor.word.len();
        let head = u64::from_le_bytes(*chunk) & (u64::MAX >> (64 - 8 * len));
        if head & u64::from_ne_bytes([0x80; 8]) == 0 {
            let folded = head | (u64::from_ne_bytes([0x20; 8]) & anchor.letters);
            return (folded == anchor.letters)
                .then(|| separator_end(msg, start + len, anchor.separator))?;
        }
    }
    let mut end = start;
    for letter in anchor.word.chars() {
        let c = char_at(msg, end)?;
        let same = c.to_ascii_lowercase() == letter
            || (letter == 's' && c == 'ſ')
            || (letter == 'i' && matches!(c, 'İ' | 'ı'));
        if !same {
            return None;
        }
        end += c.len_utf8();
    }
    separator_end(msg, end, anchor.separator)
}

/// Where an anchor word ending at `end` ends with its `:` or `=`, if it
/// `needs` one.
fn separator_end(msg: &str, end: usize, needs: bool) -> Option<usize> {
    if !needs {
        return Some(end);
    }
    matches!(msg.as_bytes().get(end), Some(b':' | b'=')).then_some(end + 1)
}

/// Where `\d{1,3}(?:\.\d{1,3}){3}` matching at `start` ends. With
/// [`LastGroup::Bounded`] a `\b` must follow; with [`LastGroup::Free`] the
/// last group takes at most three of the digits there.
fn ipv4_end(msg: &str, start: usize, last: LastGroup) -> Option<usize> {
    let mut pos = start;
    for group in 0..4 {
        if group > 0 {
            pos = (msg.as_bytes().get(pos) == Some(&b'.')).then_some(pos + 1)?;
        }
        // Counting a fourth digit tells a run of more than three.
        let is_last_free = group == 3 && last == LastGroup::Free;
        let limit = if is_last_free { 3 } else { 4 };
        let (end, digits) = match ascii_digits(msg.as_bytes(), pos) {
            Some(count) => (pos + count.min(limit), count.min(limit)),
            None => run_limited(msg, pos, Class::Decimal, limit),
        };
        if digits == 0 || digits > 3 {
            return None;
        }
        pos = end;
    }
    if last == LastGroup::Bounded && char_at(msg, pos).is_some_and(|c| Class::Word.contains(c)) {
        return None;
    }
    Some(pos)
}

/// How many ASCII digits (four at most) start `bytes[at..]`, read four
/// bytes at once; `None` when fewer than four bytes are left or a byte
/// beyond ASCII, which may be a digit, ends the digits.
#[inline]
fn ascii_digits(bytes: &[u8], at: usize) -> Option<usize> {
    const ONES: u32 = u32::from_ne_bytes([0x01; 4]);
    const HIGH: u32 = u32::from_ne_bytes([0x80; 4]);
    let word = u32::from_le_bytes(*bytes.get(at..)?.first_chunk::<4>()?);
    // A byte below `0` borrows, one above `9` carries into its high bit,
    // and one above DEL has it already: the first flag is exact.
    let not_digit = (word.wrapping_sub(ONES * u32::from(b'0'))
        | word.wrapping_add(ONES * u32::from(0x7f - b'9'))
        | word)
        & HIGH;
    let count = not_digit.trailing_zeros() as usize / 8;
    match bytes.get(at + count) {
        Some(b) if count < 4 && !b.is_ascii() => None,
        _ => Some(count),
    }
}

/// Where `[0-9a-fA-F:]+:[0-9a-fA-F:]+` matching at `start` ends: the
/// whole run of hex digits and colons, when a colon inside it has a
/// character of the run on each side.
fn ipv6_end(msg: &str, start: usize) -> Option<usize> {
    let run = msg.as_bytes().get(start..)?;
    let len = run
        .iter()
        .take_while(|b| b.is_ascii_hexdigit() || **b == b':')
        .count();
    let inner = run.get(1..len.saturating_sub(1))?;
    inner.contains(&b':').then_some(start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_msg(msg: &str) -> Option<String> {
        attacker_ip(&Fields::new(), msg).map(str::to_owned)
    }

    #[test]
    fn the_first_present_field_wins_in_priority_order_even_when_empty() {
        let fields: Fields = [("ip", "10.0.0.9"), ("src", ""), ("client_ip", "10.0.0.8")]
            .into_iter()
            .collect();
        assert_eq!(attacker_ip(&fields, "from 1.2.3.4"), Some(""));
        assert_eq!(attacker_ip(&fields, ""), Some(""));
    }

    #[test]
    fn an_anchored_address_wins_over_an_earlier_bare_one() {
        assert_eq!(
            from_msg("Connection 9.9.9.9 from 10.1.2.3 port 22").as_deref(),
            Some("10.1.2.3")
        );
    }

    #[test]
    fn an_anchor_is_matched_whole_near_the_end_of_the_message_too() {
        assert_eq!(from_msg("x fro 1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(from_msg("frOm:9.8.7.6").as_deref(), Some("9.8.7.6"));
        assert_eq!(from_msg("sRc=::1").as_deref(), Some("::1"));
        assert_eq!(from_msg("src ::1"), None);
        assert_eq!(from_msg("rhosts=::1"), None);
        assert_eq!(from_msg("a clien:::1"), None);
    }

    #[test]
    fn anchors_match_case_insensitively_with_python_case_classes() {
        assert_eq!(from_msg("FROM 1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(from_msg("rhost=1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(from_msg("rho\u{17f}t:1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(
            from_msg("cl\u{130}ent= 1.2.3.4").as_deref(),
            Some("1.2.3.4")
        );
        assert_eq!(from_msg("CL\u{131}ENT:1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(from_msg("\u{17f}rc=fe80::1").as_deref(), Some("fe80::1"));
    }

    #[test]
    fn an_anchor_must_start_a_word() {
        assert_eq!(from_msg("xfrom 1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(from_msg("xfrom ::1"), None);
        assert_eq!(from_msg("-from ::1").as_deref(), Some("::1"));
    }

    #[test]
    fn an_anchored_dotted_quad_needs_no_boundary_after_it() {
        assert_eq!(from_msg("from 1.2.3.4567").as_deref(), Some("1.2.3.456"));
        assert_eq!(from_msg("from 1.2.3.4x").as_deref(), Some("1.2.3.4"));
    }

    #[test]
    fn a_dotted_quad_group_has_one_to_three_unicode_digits() {
        assert_eq!(from_msg("from 1234.2.3.4"), None);
        assert_eq!(
            from_msg("from \u{661}.\u{662}.3.4").as_deref(),
            Some("\u{661}.\u{662}.3.4")
        );
        // ASCII digits and others in one group count together.
        assert_eq!(
            from_msg("from 12\u{663}.3.4.5 x").as_deref(),
            Some("12\u{663}.3.4.5")
        );
        assert_eq!(from_msg("from 123\u{663}.3.4.5 x"), None);
        assert_eq!(
            from_msg("from 1.2.3.45\u{663}6").as_deref(),
            Some("1.2.3.45\u{663}")
        );
    }

    #[test]
    fn the_ipv6_form_takes_the_whole_hex_and_colon_run() {
        assert_eq!(from_msg("from ::1").as_deref(), Some("::1"));
        assert_eq!(from_msg("from a::").as_deref(), Some("a::"));
        assert_eq!(from_msg("from a:"), None);
        assert_eq!(from_msg("from :a"), None);
        assert_eq!(from_msg("from 12:34.5.6.7").as_deref(), Some("12:34"));
    }

    #[test]
    fn a_bare_dotted_quad_needs_word_boundaries_on_both_sides() {
        assert_eq!(from_msg("at 1.2.3.4.").as_deref(), Some("1.2.3.4"));
        assert_eq!(from_msg("x1.2.3.4 5.6.7.8").as_deref(), Some("5.6.7.8"));
        assert_eq!(from_msg("1.2.3.4a"), None);
        assert_eq!(from_msg("1.2.3.4567"), None);
        assert_eq!(from_msg("\u{bd}1.2.3.4"), None);
        assert_eq!(from_msg("e\u{301}1.2.3.4").as_deref(), Some("1.2.3.4"));
    }

    #[test]
    fn no_address_is_none() {
        assert_eq!(from_msg(""), None);
        assert_eq!(from_msg("from nowhere"), None);
    }
}
