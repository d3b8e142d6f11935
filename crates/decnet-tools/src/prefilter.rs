//! A quick look at the raw `headers` text that rules out every header
//! signature for most requests, so that their headers need not be read.
//!
//! Reading a `headers` value as the original does (`json.loads`, then
//! `ast.literal_eval`, then `str()` of each value) builds Python values;
//! most requests carry a browser's User-Agent that no signature matches,
//! and that work is then wasted; so is it when every signature the text
//! could match names a tool already found. [`candidates`] tells, from the
//! raw text alone, which signatures could match one of its values. It may
//! name a signature that does not match (the full reading then decides),
//! but it leaves one out only when the full reading would not find it
//! matching. It leaves a signature out only for a text that:
//!
//! 1. holds only printable ASCII (`' '` to `'~'`) and no backslash: no
//!    escape of JSON or Python can then make a character that is not in
//!    the text, no control character can make `repr()` write an escape,
//!    and `str.lower()` and `re.IGNORECASE` act on ASCII letters alone
//!    (`İ`, the Kelvin sign, `ı` and `ſ` are not ASCII);
//! 2. has no quote followed by spaces, at most two letters and a quote: no
//!    two string literals can then be adjacent, which Python would join
//!    into one string (`'Ni' 'kto'` is `'Nikto'`), so the text of every
//!    string value lies in the raw text as one piece;
//! 3. does not hold that signature's pattern (without its `^`), ignoring
//!    ASCII case.
//!
//! Under 1 and 2, `str()` of a value is made of raw pieces (the text of
//! string and bytes values) and of what `repr()` adds: quotes, brackets,
//! `, ` and `: ` between items, and the words of other values (`True`,
//! `False`, `None`, `Ellipsis`, `set()`, and numbers, whose text, made of
//! digits, `.`, `+`, `-`, `(`, `)`, `e`, `j`, `inf` and `nan`, need not be
//! in the raw text: `0x1f` is `31`). Every pattern holds only letters,
//! digits, spaces, `/` and `-`, neither starts nor ends with a space, holds
//! a letter that no number's text has, and is part of none of those
//! words; so a match cannot reach past a piece, nor lie in added text, and
//! must lie inside one raw piece, which 3 rules out. An anchored pattern
//! matching at the start of a value matches somewhere in the raw text too.
//! A table whose patterns break these rules turns the filter off.

use std::sync::LazyLock;

use crate::HEADER_SIGNATURES;

/// The header signatures that could match a value of the `headers` text
/// `raw`, as a set of indices into [`HEADER_SIGNATURES`] (bit `i` for
/// signature `i`); `None` when the text does not tell (see the module
/// docs), so that any signature could.
pub(crate) fn candidates(raw: &str) -> Option<u64> {
    PREFILTER.candidates(raw.as_bytes())
}

/// The prefilter of [`HEADER_SIGNATURES`], built on first use.
static PREFILTER: LazyLock<Prefilter> =
    LazyLock::new(|| Prefilter::new(HEADER_SIGNATURES.iter().map(|s| s.pattern)));

/// The patterns' texts, indexed by their first two bytes.
#[derive(Debug)]
struct Prefilter {
    /// Each pattern without its `^`, in lower case.
    needles: Vec<Vec<u8>>,
    /// For each byte, the needles it starts (in either case), as bits.
    first: [u64; 256],
    /// For each byte, the needles whose second byte it is (in either
    /// case), or that have none, as bits.
    second: [u64; 256],
    /// Whether the filter can rule anything out: whether every pattern
    /// meets the module docs' rules, and there are at most 64.
    enabled: bool,
}

/// The words `repr()` writes for values that are neither strings, bytes
/// nor numbers, lower-cased; no pattern may be part of one.
const REPR_WORDS: [&str; 5] = ["true", "false", "none", "ellipsis", "set()"];

/// The letters that the text of a number can hold (`1e+16`, `(1+2j)`,
/// `-inf`, `nan`); every pattern needs one other letter.
const NUMBER_LETTERS: &[u8] = b"aefijn";

impl Prefilter {
    fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> Prefilter {
        let needles: Vec<Vec<u8>> = patterns
            .map(|pattern| {
                let text = pattern.strip_prefix('^').unwrap_or(pattern);
                text.to_ascii_lowercase().into_bytes()
            })
            .collect();
        let enabled = needles.len() <= 64 && needles.iter().all(|needle| covered(needle));
        let mut first = [0u64; 256];
        let mut second = [0u64; 256];
        for (index, needle) in needles.iter().enumerate().take(64) {
            let bit = 1u64 << index;
            let mark = |table: &mut [u64; 256], b: u8| {
                table[usize::from(b)] |= bit;
                table[usize::from(b.to_ascii_uppercase())] |= bit;
            };
            match needle.as_slice() {
                [] => {}
                [only] => {
                    mark(&mut first, *only);
                    second.iter_mut().for_each(|bits| *bits |= bit);
                }
                [one, two, ..] => {
                    mark(&mut first, *one);
                    mark(&mut second, *two);
                }
            }
        }
        Prefilter {
            needles,
            first,
            second,
            enabled,
        }
    }

    fn candidates(&self, raw: &[u8]) -> Option<u64> {
        if !self.enabled {
            return None;
        }
        // Rule 1, in a pass that compiles to wide compares.
        let outside = raw.iter().fold(false, |outside, &b| {
            outside | !(b' '..=b'~').contains(&b) | (b == b'\\')
        });
        if outside {
            return None;
        }
        let mut found = 0;
        // `Some(letters)` after a quote and the spaces and letters (at most
        // two) that followed it: a quote now would start an adjacent
        // literal (rule 2).
        let mut after_quote: Option<u8> = None;
        for (i, &b) in raw.iter().enumerate() {
            after_quote = match (b, after_quote) {
                (b'\'' | b'"', Some(_)) => return None,
                (b'\'' | b'"', None) => Some(0),
                (b' ', Some(0)) => Some(0),
                (b'a'..=b'z' | b'A'..=b'Z', Some(letters)) if letters < 2 => Some(letters + 1),
                _ => None,
            };
            let next = raw.get(i + 1).copied().unwrap_or(0);
            let mut candidates =
                self.first[usize::from(b)] & self.second[usize::from(next)] & !found;
            while candidates != 0 {
                let index = candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                let needle = &self.needles[index];
                if raw
                    .get(i..i + needle.len())
                    .is_some_and(|text| text.eq_ignore_ascii_case(needle))
                {
                    found |= 1 << index;
                }
            }
        }
        Some(found)
    }
}

/// Whether a needle (a pattern without `^`, lower-cased) meets the rules
/// of the module docs.
fn covered(needle: &[u8]) -> bool {
    let (Some(first), Some(last)) = (needle.first(), needle.last()) else {
        return false;
    };
    *first != b' '
        && *last != b' '
        && needle
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b" /-".contains(&b))
        && needle
            .iter()
            .any(|b| b.is_ascii_alphabetic() && !NUMBER_LETTERS.contains(b))
        && REPR_WORDS
            .iter()
            .all(|word| !word.as_bytes().windows(needle.len()).any(|w| w == needle))
}

#[cfg(test)]
mod tests {
    use decnet_event::{Event, EventKind, Fields, Timestamp};
    use proptest::prelude::*;

    use super::*;
    use crate::detect_tools_from_headers;

    fn request(headers: &str) -> Event {
        let mut fields = Fields::new();
        fields.insert("headers", headers);
        Event {
            timestamp: Timestamp::from_unix_micros(0, 0).expect("the epoch"),
            decky: "decky-01".into(),
            service: "http".into(),
            event_type: "request".into(),
            attacker_ip: None,
            fields,
            kind: EventKind::Attacker,
        }
    }

    /// Whether any signature could match `raw`.
    fn could_match(raw: &str) -> bool {
        candidates(raw) != Some(0)
    }

    /// The index of the signature of `tool`.
    fn signature_of(tool: crate::Tool) -> usize {
        HEADER_SIGNATURES
            .iter()
            .position(|s| s.tool == tool)
            .expect("a header tool")
    }

    #[test]
    fn the_shipped_signatures_are_covered_by_the_argument() {
        assert!(PREFILTER.enabled);
        assert_eq!(PREFILTER.needles.len(), HEADER_SIGNATURES.len());
    }

    #[test]
    fn a_browser_user_agent_is_ruled_out() {
        let raw = r#"{"Host": "cdn.example.net", "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko", "Accept": "*/*"}"#;
        assert!(!could_match(raw));
        assert!(!could_match(
            "{'User-Agent': 'Mozilla/5.0', 'Accept': ['*/*', 1, True]}"
        ));
    }

    #[test]
    fn a_pattern_in_any_case_anywhere_makes_its_signature_alone_a_candidate() {
        for (index, signature) in HEADER_SIGNATURES.iter().enumerate() {
            let text = signature.pattern.trim_start_matches('^');
            let raw = format!(r#"{{"Via": "a{}b"}}"#, text.to_ascii_uppercase());
            assert_eq!(candidates(&raw), Some(1 << index), "{raw}");
        }
        let raw = r#"{"User-Agent": "sqlmap and hydra"}"#;
        let expected =
            (1 << signature_of(crate::Tool::Sqlmap)) | (1 << signature_of(crate::Tool::Hydra));
        assert_eq!(candidates(raw), Some(expected));
    }

    #[test]
    fn escapes_non_ascii_and_control_characters_are_left_to_the_reader() {
        for raw in [
            r#"{"User-Agent": "Ni\u006bto"}"#,
            "{'User-Agent': 'NI\u{212a}TO'}",
            "{'User-Agent': 'NUCLE\u{130}'}",
            "{'User-Agent': 'x\ty'}",
        ] {
            assert!(could_match(raw), "{raw}");
        }
        let tools = detect_tools_from_headers(&[request(r#"{"User-Agent": "Ni\u006bto"}"#)]);
        assert!(!tools.is_empty());
    }

    #[test]
    fn adjacent_string_literals_are_left_to_the_reader() {
        for raw in [
            "{'User-Agent': 'Ni' 'kto'}",
            "{'User-Agent': 'Ni''kto'}",
            "{'User-Agent': 'Ni' u'kto'}",
            r#"{"User-Agent": "Ni"  rb"kto"}"#,
        ] {
            assert!(could_match(raw), "{raw}");
        }
        let tools = detect_tools_from_headers(&[request("{'User-Agent': 'Ni' 'kto'}")]);
        assert!(!tools.is_empty());
    }

    #[test]
    fn a_pattern_the_argument_does_not_cover_turns_the_filter_off() {
        for pattern in ["na\u{ef}ve", "a'b", "nan", "", " x", "12", "one"] {
            let filter = Prefilter::new([pattern].into_iter());
            assert!(!filter.enabled, "{pattern:?}");
            assert_eq!(filter.candidates(b"plain text"), None);
        }
    }

    /// Pieces of header texts, chosen to reach every rule of the readers
    /// that could make a pattern appear: escapes, case, joining, `repr()`.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec![
                "Ni",
                "kto",
                "Nikto",
                "NIKTO",
                "curl/",
                "CuRl/",
                "cu",
                "rl/",
                "hy",
                "dra",
                "sqlmap",
                "sql",
                "map",
                "Nmap Scripting",
                " Engine",
                "python-",
                "requests",
                "\\u006b",
                "\\x6b",
                "\\N{LATIN SMALL LETTER K}",
                "\\n",
                "\\t",
                "\\\\",
                "\\'",
                "\u{212a}",
                "\u{130}",
                "\u{131}",
                "\u{17f}",
                "é",
                "\t",
                "\n",
                "'",
                "\"",
                " ",
                "u",
                "b",
                "r",
                ", ",
                ": ",
                "[",
                "]",
                "(",
                ")",
                "True",
                "None",
                "NaN",
                "1e400",
                "1j",
                "set()",
                "Mozilla/5.0",
            ])
            .prop_map(str::to_owned),
            "[a-zA-Z/ -]{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn a_signature_left_out_does_not_match(
            quote in proptest::sample::select(vec!["'", "\""]),
            name in proptest::sample::select(vec!["User-Agent", "user-agent", "X-Mailer"]),
            parts in proptest::collection::vec(piece(), 0..8),
            wrap in 0..4u8,
        ) {
            let value = parts.concat();
            let value = match wrap {
                0 => format!("{quote}{value}{quote}"),
                1 => format!("[{quote}{value}{quote}]"),
                2 => value,
                _ => format!("{quote}{value}{quote} {quote}x{quote}"),
            };
            let raw = format!("{{{quote}{name}{quote}: {value}}}");
            if let Some(candidates) = candidates(&raw) {
                for tool in detect_tools_from_headers(&[request(&raw)]) {
                    let index = signature_of(tool);
                    prop_assert!(candidates >> index & 1 == 1, "{:?} gave {:?}", raw, tool);
                }
            }
        }
    }
}
