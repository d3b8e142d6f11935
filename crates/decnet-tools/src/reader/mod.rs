//! Reading a `headers` field as the original does: `json.loads`, failing
//! that `ast.literal_eval`, then the port's rule that only a mapping of
//! strings to values is kept.

mod collect;
mod json;
mod literal;
mod names;
mod unicode;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use decnet_event::py::{PyStr, PyValue};

/// HTTP headers as the original matches them: each name lower-cased as
/// Python's `str.lower()` does, each value turned into text as Python's
/// `str()` does (a list value becomes `"['curl/8']"`).
///
/// Names are unique. When two names lower-case alike, the later value wins
/// and the name keeps the position where it first appeared, as the
/// original's dict comprehension does. Names and values may hold lone
/// surrogates, since JSON and Python escapes can write them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(PyStr, PyStr)>,
}

impl Headers {
    /// The value of the header whose lower-cased name is `name`.
    ///
    /// Names are stored lower-cased, so `name` should be too.
    pub fn get(&self, name: &str) -> Option<&PyStr> {
        self.entries
            .iter()
            .find(|(stored, _)| *stored == *name)
            .map(|(_, value)| value)
    }

    /// The (lower-cased name, value) pairs in order of first appearance.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&PyStr, &PyStr)> + '_ {
        self.entries.iter().map(|(name, value)| (name, value))
    }

    /// The number of distinct lower-cased names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `{k.lower(): str(v) for k, v in mapping.items()}`, when every key
    /// is a str and every value can be written as text.
    fn from_mapping(value: PyValue) -> Option<Headers> {
        let PyValue::Dict(pairs) = value else {
            return None;
        };
        let mut headers = Headers::default();
        let mut positions: HashMap<PyStr, usize> = HashMap::new();
        for (name, value) in pairs {
            let PyValue::Str(name) = name else {
                return None;
            };
            let value = value.str().ok()?;
            match positions.entry(name.lower()) {
                Entry::Occupied(position) => headers.entries[*position.get()].1 = value,
                Entry::Vacant(position) => {
                    headers.entries.push((position.key().clone(), value));
                    position.insert(headers.entries.len() - 1);
                }
            }
        }
        Some(headers)
    }
}

/// Reads a `headers` field value the way the original profiler does.
///
/// The text is read with Python 3.11's `json.loads`; if that raises
/// `ValueError`, with `ast.literal_eval` (old writers stored `str(dict)`).
/// The result is kept only when it is a mapping whose keys are all strings
/// (port policy, `conformance/FORMAT.md`: the original crashes on other
/// values) and every value can be written with `str()` (the original
/// crashes on an integer of more than 4300 digits). Anything else, text
/// neither reader accepts included, gives `None`.
///
/// This never panics, and its recursion is bounded: JSON is read without
/// recursion, and Python literals nest at most 200 brackets deep.
///
/// ```
/// use decnet_tools::parse_headers;
///
/// let json = parse_headers(r#"{"User-Agent": "curl/8.0", "X-Count": [1, "a"]}"#).unwrap();
/// assert_eq!(json.get("user-agent").unwrap().to_string(), "curl/8.0");
/// assert_eq!(json.get("x-count").unwrap().to_string(), "[1, 'a']");
///
/// let python = parse_headers("{'User-Agent': b'sqlmap', 'Accept': None}").unwrap();
/// assert_eq!(python.get("user-agent").unwrap().to_string(), "b'sqlmap'");
///
/// assert!(parse_headers(r#"["curl/8.0"]"#).is_none()); // not a mapping
/// assert!(parse_headers("{1: 'curl/8.0'}").is_none()); // a key that is not a str
/// assert!(parse_headers("User-Agent: curl/8.0").is_none());
/// ```
pub fn parse_headers(raw: &str) -> Option<Headers> {
    let value = match json::loads(raw) {
        Ok(value) => value,
        Err(json::JsonError::Invalid) => literal::literal_eval(raw).ok()?,
        // The original does not catch RecursionError.
        Err(json::JsonError::TooDeep) => return None,
    };
    Headers::from_mapping(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(raw: &str, name: &str) -> Option<String> {
        parse_headers(raw)?.get(name).map(PyStr::to_string_lossy)
    }

    #[test]
    fn json_is_tried_before_python_literals() {
        assert_eq!(
            header(r#"{"User-Agent": true}"#, "user-agent").as_deref(),
            Some("True")
        );
        assert_eq!(
            header("{'User-Agent': True}", "user-agent").as_deref(),
            Some("True")
        );
        assert_eq!(
            header(r#"{"User-Agent": NaN}"#, "user-agent").as_deref(),
            Some("nan")
        );
        assert_eq!(
            header("{'User-Agent': 1e400}", "user-agent").as_deref(),
            Some("inf")
        );
    }

    #[test]
    fn names_are_lower_cased_and_later_duplicates_win_in_the_first_position() {
        let headers = parse_headers(r#"{"User-Agent": "a", "X": "b", "USER-AGENT": "c"}"#);
        let pairs: Vec<(String, String)> = headers
            .iter()
            .flat_map(|h| h.iter())
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        assert_eq!(
            pairs,
            [("user-agent".into(), "c".into()), ("x".into(), "b".into())]
        );
    }

    #[test]
    fn dotted_capital_i_lowers_to_two_code_points() {
        let headers = parse_headers(r#"{"X-Mail\u0130r": "gophish"}"#);
        assert_eq!(headers.as_ref().map(Headers::len), Some(1));
        assert_eq!(headers.and_then(|h| h.get("x-mailer").cloned()), None);
        assert_eq!(
            header("{'X-MA\u{212A}ER': 'x'}", "x-maker").as_deref(),
            Some("x")
        );
    }

    #[test]
    fn a_list_of_headers_is_skipped() {
        assert_eq!(parse_headers(r#"["curl/7"]"#), None);
        assert_eq!(parse_headers("['curl/7']"), None);
    }

    #[test]
    fn a_json_value_that_is_not_a_mapping_is_skipped_without_trying_python() {
        for raw in ["null", "0", "1.5", "true", r#""sqlmap""#, "[]"] {
            assert_eq!(parse_headers(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_mapping_with_a_key_that_is_not_a_str_is_skipped() {
        for raw in [
            "{1: 'curl/7'}",
            "{'a': 1, 1: 2}",
            "{b'User-Agent': 'x', 'User-Agent': 'y'}",
        ] {
            assert_eq!(parse_headers(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_value_python_cannot_write_as_text_skips_the_mapping() {
        let huge = format!("{{'User-Agent': 'x', 'X': 0x{}}}", "f".repeat(4000));
        assert_eq!(parse_headers(&huge), None);
    }

    #[test]
    fn text_neither_reader_accepts_is_skipped() {
        for raw in [
            "",
            " ",
            "{",
            "User-Agent: x",
            "{'a': x}",
            "\u{feff}{}",
            r#"{"a": 1} x"#,
        ] {
            assert_eq!(parse_headers(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn json_nested_beyond_python_recursion_is_skipped() {
        let deep = format!(r#"{{"a": {}{}}}"#, "[".repeat(1000), "]".repeat(1000));
        assert_eq!(parse_headers(&deep), None);
        let fine = format!(r#"{{"a": {}{}}}"#, "[".repeat(998), "]".repeat(998));
        assert_eq!(parse_headers(&fine).map(|h| h.len()), Some(1));
    }
}
