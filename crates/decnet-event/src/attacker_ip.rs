//! Where an event's attacker address comes from: a field, else the
//! message text.
//!
//! The message search reproduces the original's two regular expressions,
//! `\b(?:from|rhost[:=]|client[:=]|src[:=])\s*(IPV4|IPV6)` with
//! `re.IGNORECASE`, then `\b(IPV4)\b`, where IPV4 is
//! `\d{1,3}(?:\.\d{1,3}){3}` and IPV6 is `[0-9a-fA-F:]+:[0-9a-fA-F:]+`.

use crate::Fields;
use crate::scan::{Class, char_at, run_end, run_limited};

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
    word_starts(msg).find_map(|start| {
        let after_anchor = anchor_end(msg, start)?;
        let ip_start = run_end(msg, after_anchor, Class::Space);
        let ip_end =
            ipv4_end(msg, ip_start, LastGroup::Free).or_else(|| ipv6_end(msg, ip_start))?;
        msg.get(ip_start..ip_end)
    })
}

/// The first dotted quad that starts and ends at a word boundary.
fn bare_ipv4(msg: &str) -> Option<&str> {
    word_starts(msg).find_map(|start| {
        let end = ipv4_end(msg, start, LastGroup::Bounded)?;
        msg.get(start..end)
    })
}

/// The byte offsets of the word characters of `msg` that no word
/// character precedes: where `\b` holds before a word character. Both
/// patterns start with a word character (a letter or a digit), so they can
/// match nowhere else.
fn word_starts(msg: &str) -> impl Iterator<Item = usize> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        // Past the characters that are not `\w`, a word starts; its end is
        // where the next search begins.
        loop {
            let c = char_at(msg, i)?;
            if Class::Word.contains(c) {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        i = run_end(msg, i, Class::Word);
        Some(start)
    })
}

/// Where the anchor word at `start` ends, matched as `re.IGNORECASE` does
/// (where `s` also matches `ſ` and `i` matches `İ` and `ı`).
fn anchor_end(msg: &str, start: usize) -> Option<usize> {
    // The anchors start with distinct letters, so at most one can match.
    let (word, needs_separator) = match char_at(msg, start)? {
        'f' | 'F' => ("from", false),
        'r' | 'R' => ("rhost", true),
        'c' | 'C' => ("client", true),
        's' | 'S' | 'ſ' => ("src", true),
        _ => return None,
    };
    let mut end = start;
    for letter in word.chars() {
        let c = char_at(msg, end)?;
        let same = c.to_ascii_lowercase() == letter
            || (letter == 's' && c == 'ſ')
            || (letter == 'i' && matches!(c, 'İ' | 'ı'));
        if !same {
            return None;
        }
        end += c.len_utf8();
    }
    if needs_separator {
        let separator = char_at(msg, end).filter(|c| matches!(c, ':' | '='))?;
        end += separator.len_utf8();
    }
    Some(end)
}

/// Where `\d{1,3}(?:\.\d{1,3}){3}` matching at `start` ends. With
/// [`LastGroup::Bounded`] a `\b` must follow; with [`LastGroup::Free`] the
/// last group takes at most three of the digits there.
fn ipv4_end(msg: &str, start: usize, last: LastGroup) -> Option<usize> {
    let mut pos = start;
    for group in 0..4 {
        if group > 0 {
            pos = msg.get(pos..)?.starts_with('.').then_some(pos + 1)?;
        }
        // Counting a fourth digit tells a run of more than three.
        let is_last_free = group == 3 && last == LastGroup::Free;
        let limit = if is_last_free { 3 } else { 4 };
        let (end, digits) = run_limited(msg, pos, Class::Decimal, limit);
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
