//! The `\N{name}` escape of Python 3.11 string literals: which names it
//! accepts and the code point each stands for.
//!
//! CPython looks a name up in three places, in this order: a name starting
//! with `HANGUL SYLLABLE ` is spelled from jamo (case-sensitively), one
//! starting with `CJK UNIFIED IDEOGRAPH-` is four or five upper-case hex
//! digits of a unified ideograph, and anything else is compared, after ASCII
//! upper-casing, with the stored names and aliases of Unicode 14. Named
//! sequences are not accepted.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::unicode::{ALIASES, CJK_UNIFIED_IDEOGRAPHS, NAMES};

/// The code point `\N{name}` decodes to, or `None` where CPython reports
/// "unknown Unicode character name".
pub(super) fn lookup(name: &str) -> Option<u32> {
    if let Some(jamo) = name.strip_prefix("HANGUL SYLLABLE ") {
        return hangul_syllable(jamo);
    }
    if let Some(hex) = name.strip_prefix("CJK UNIFIED IDEOGRAPH-") {
        return unified_ideograph(hex);
    }
    stored_names()
        .get(name.to_ascii_uppercase().as_str())
        .copied()
}

/// The stored names and aliases, decoded once on first use.
fn stored_names() -> &'static HashMap<String, u32> {
    static TABLE: OnceLock<HashMap<String, u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, u32> = decode_names().collect();
        table.extend(ALIASES.iter().map(|&(alias, cp)| (alias.to_owned(), cp)));
        table
    })
}

/// Decodes the front-coded [`NAMES`] list into (name, code point) pairs.
fn decode_names() -> impl Iterator<Item = (String, u32)> {
    let mut next_cp = 0;
    let mut previous = String::new();
    NAMES.lines().filter_map(move |line| {
        if let Some(hex) = line.strip_prefix('@') {
            next_cp = u32::from_str_radix(hex, 16).ok()?;
            return None;
        }
        let shared: usize = line.get(..2)?.parse().ok()?;
        let name = format!("{}{}", previous.get(..shared)?, line.get(2..)?);
        previous.clone_from(&name);
        next_cp += 1;
        Some((name, next_cp - 1))
    })
}

/// The short jamo names that spell a Hangul syllable: leading consonant,
/// vowel and trailing consonant (Unicode §3.12).
const LEADS: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const VOWELS: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const TRAILS: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

/// CPython's reading of a syllable name: the longest leading consonant,
/// then the longest vowel, then the longest trailing consonant, each taken
/// greedily, and nothing may be left over.
fn hangul_syllable(jamo: &str) -> Option<u32> {
    let (lead, rest) = longest_prefix(&LEADS, jamo)?;
    let (vowel, rest) = longest_prefix(&VOWELS, rest)?;
    let (trail, rest) = longest_prefix(&TRAILS, rest)?;
    if !rest.is_empty() {
        return None;
    }
    let index = (lead * VOWELS.len() + vowel) * TRAILS.len() + trail;
    u32::try_from(index).ok().map(|index| 0xAC00 + index)
}

fn longest_prefix<'a>(names: &[&str], text: &'a str) -> Option<(usize, &'a str)> {
    let (index, name) = names
        .iter()
        .enumerate()
        .filter(|(_, name)| text.starts_with(**name))
        .max_by_key(|(_, name)| name.len())?;
    Some((index, &text[name.len()..]))
}

fn unified_ideograph(hex: &str) -> Option<u32> {
    let well_formed = matches!(hex.len(), 4 | 5)
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    let cp = u32::from_str_radix(hex, 16).ok().filter(|_| well_formed)?;
    CJK_UNIFIED_IDEOGRAPHS
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&cp))
        .then_some(cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_matched_ignoring_ascii_case() {
        assert_eq!(lookup("LATIN SMALL LETTER S"), Some(0x73));
        assert_eq!(lookup("latin small letter s"), Some(0x73));
        assert_eq!(lookup("Em Dash"), Some(0x2014));
        assert_eq!(lookup("SPACE"), Some(0x20));
        assert_eq!(lookup("LATIN CAPITAL LETTER I WITH DOT ABOVE"), Some(0x130));
        assert_eq!(lookup("KELVIN SIGN"), Some(0x212A));
        assert_eq!(lookup("CJK COMPATIBILITY IDEOGRAPH-F900"), Some(0xF900));
        assert_eq!(lookup("cjk compatibility ideograph-f900"), Some(0xF900));
    }

    #[test]
    fn every_stored_name_decodes_once() {
        let table = stored_names();
        // 34 527 names (Unicode 14 without the computed ones) and 469
        // aliases, no alias spelling a stored name.
        assert_eq!(table.len(), 34_527 + ALIASES.len());
        assert_eq!(table.get("SPARKLING HEART"), Some(&0x1F496));
        assert_eq!(table.get("TAG TILDE"), Some(&0xE007E));
    }

    #[test]
    fn aliases_are_accepted_but_unicode_1_names_are_not() {
        assert_eq!(lookup("NBSP"), Some(0xA0));
        assert_eq!(lookup("lf"), Some(0x0A));
        assert_eq!(lookup("BYTE ORDER MARK"), Some(0xFEFF));
        assert_eq!(lookup("LINE FEED (LF)"), None);
    }

    #[test]
    fn names_need_exact_spacing_and_no_extra_text() {
        assert_eq!(lookup("LATIN  SMALL LETTER S"), None);
        assert_eq!(lookup(" LATIN SMALL LETTER S"), None);
        assert_eq!(lookup("LATIN SMALL LETTER S "), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("LATİN SMALL LETTER S"), None);
    }

    #[test]
    fn hangul_syllables_are_spelled_greedily_and_case_sensitively() {
        assert_eq!(lookup("HANGUL SYLLABLE GA"), Some(0xAC00));
        assert_eq!(lookup("HANGUL SYLLABLE GAG"), Some(0xAC01));
        assert_eq!(lookup("HANGUL SYLLABLE A"), Some(0xC544));
        assert_eq!(lookup("HANGUL SYLLABLE GGAGG"), Some(0xAE4E));
        assert_eq!(lookup("HANGUL SYLLABLE HIH"), Some(0xD7A3));
        assert_eq!(lookup("HANGUL SYLLABLE "), None);
        assert_eq!(lookup("HANGUL SYLLABLE ga"), None);
        assert_eq!(lookup("hangul syllable GA"), None);
    }

    #[test]
    fn unified_ideographs_take_upper_case_hex_in_their_ranges() {
        assert_eq!(lookup("CJK UNIFIED IDEOGRAPH-4E00"), Some(0x4E00));
        assert_eq!(lookup("CJK UNIFIED IDEOGRAPH-04E00"), Some(0x4E00));
        assert_eq!(lookup("CJK UNIFIED IDEOGRAPH-2A6DF"), Some(0x2A6DF));
        assert_eq!(lookup("CJK UNIFIED IDEOGRAPH-2A6E0"), None);
        assert_eq!(lookup("CJK UNIFIED IDEOGRAPH-4e00"), None);
        assert_eq!(lookup("CJK UNIFIED IDEOGRAPH-+4E0"), None);
        assert_eq!(lookup("cjk unified ideograph-4e00"), None);
    }
}
