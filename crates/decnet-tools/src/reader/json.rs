//! Python 3.11's `json.loads` for a `str`, leniencies included: `NaN` and
//! `Infinity`, integers of any size, duplicate keys (last value, first
//! position) and lone surrogates from `\ud800` escapes.

use std::mem;

use decnet_event::py::{INT_MAX_STR_DIGITS, PyStr, PyValue};
use num_bigint::BigInt;

use super::collect::DictBuilder;

/// How deep arrays and objects may nest. CPython's scanner recurses once
/// per level and raises `RecursionError` when the interpreter's limit of
/// 1000 frames, shared with its callers, runs out; nothing deeper can ever
/// have been read by the original.
// Note: the original's own call frames use up a few of those 1000 levels, so
// it fails a little earlier; where exactly depends on its caller.
const MAX_DEPTH: usize = 1000;

/// Why `json.loads` gave up.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum JsonError {
    /// `JSONDecodeError` or `ValueError`: the original tries the literal
    /// reader next.
    Invalid,
    /// `RecursionError`, which the original does not catch.
    TooDeep,
}

type Result<T> = std::result::Result<T, JsonError>;

/// `json.loads(text)`.
pub(super) fn loads(text: &str) -> Result<PyValue> {
    // A str (unlike bytes) starting with a byte order mark is refused.
    if text.starts_with('\u{feff}') {
        return Err(JsonError::Invalid);
    }
    let mut scanner = Scanner { text, pos: 0 };
    let mut open: Vec<Container> = Vec::new();
    scanner.skip_white_space();

    'value: loop {
        // Read one value; a non-empty array or object is opened and its
        // first item read on the next turn.
        let mut value = match scanner.peek() {
            Some(b'[') | Some(b'{') if open.len() >= MAX_DEPTH => return Err(JsonError::TooDeep),
            Some(b'[') => {
                scanner.pos += 1;
                scanner.skip_white_space();
                if scanner.eat(b']') {
                    PyValue::List(Vec::new())
                } else {
                    open.push(Container::Array(Vec::new()));
                    continue 'value;
                }
            }
            Some(b'{') => {
                scanner.pos += 1;
                scanner.skip_white_space();
                if scanner.eat(b'}') {
                    PyValue::Dict(Vec::new())
                } else {
                    let key = scanner.object_key()?;
                    open.push(Container::Object(DictBuilder::default(), key));
                    continue 'value;
                }
            }
            _ => scanner.scalar()?,
        };

        // Hand the value to the innermost open container; each container
        // that ends with it becomes the value for the next one out.
        loop {
            let Some(mut container) = open.pop() else {
                scanner.skip_white_space();
                return if scanner.pos == text.len() {
                    Ok(value)
                } else {
                    Err(JsonError::Invalid)
                };
            };
            let close = container.add(value)?;
            scanner.skip_white_space();
            if scanner.eat(b',') {
                scanner.skip_white_space();
                if let Container::Object(_, key) = &mut container {
                    *key = scanner.object_key()?;
                }
                open.push(container);
                continue 'value;
            }
            if !scanner.eat(close) {
                return Err(JsonError::Invalid);
            }
            value = container.finish();
        }
    }
}

/// An array or object whose items are still being read.
enum Container {
    Array(Vec<PyValue>),
    /// The object so far and the key of the value being read.
    Object(DictBuilder, PyStr),
}

impl Container {
    /// Adds the value just read; returns the byte that closes the container.
    fn add(&mut self, value: PyValue) -> Result<u8> {
        match self {
            Container::Array(items) => {
                items.push(value);
                Ok(b']')
            }
            Container::Object(dict, key) => {
                let key = PyValue::Str(mem::take(key));
                // A str key is always hashable.
                dict.insert(key, value).map_err(|_| JsonError::Invalid)?;
                Ok(b'}')
            }
        }
    }

    fn finish(self) -> PyValue {
        match self {
            Container::Array(items) => PyValue::List(items),
            Container::Object(dict, _) => dict.finish(),
        }
    }
}

struct Scanner<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = self.text[self.pos..].starts_with(word);
        if found {
            self.pos += word.len();
        }
        found
    }

    /// JSON white space is only space, tab, line feed and carriage return.
    fn skip_white_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// A key, the colon after it and the white space around the colon.
    fn object_key(&mut self) -> Result<PyStr> {
        if !self.eat(b'"') {
            return Err(JsonError::Invalid);
        }
        let key = self.string()?;
        self.skip_white_space();
        if !self.eat(b':') {
            return Err(JsonError::Invalid);
        }
        self.skip_white_space();
        Ok(key)
    }

    /// Any value other than an array or object.
    fn scalar(&mut self) -> Result<PyValue> {
        if self.eat(b'"') {
            return self.string().map(PyValue::Str);
        }
        let constants = [
            ("null", PyValue::None),
            ("true", PyValue::Bool(true)),
            ("false", PyValue::Bool(false)),
            ("NaN", PyValue::Float(f64::NAN)),
            ("Infinity", PyValue::Float(f64::INFINITY)),
            ("-Infinity", PyValue::Float(f64::NEG_INFINITY)),
        ];
        for (word, value) in constants {
            if self.eat_word(word) {
                return Ok(value);
            }
        }
        self.number()
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` with ASCII digits;
    /// an int when there is neither fraction nor exponent.
    fn number(&mut self) -> Result<PyValue> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(JsonError::Invalid),
        }
        let int_end = self.pos;

        // A fraction or exponent without digits is not part of the number
        // (and whatever follows then fails the next step).
        let bytes = self.text.as_bytes();
        if self.peek() == Some(b'.') && bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
            self.skip_digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let mark = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let digits_start = self.pos;
            self.skip_digits();
            if self.pos == digits_start {
                self.pos = mark;
            }
        }

        let literal = &self.text[start..self.pos];
        if self.pos != int_end {
            return literal
                .parse()
                .map(PyValue::Float)
                .map_err(|_| JsonError::Invalid);
        }
        let digits = literal.trim_start_matches('-').len();
        if digits > INT_MAX_STR_DIGITS {
            return Err(JsonError::Invalid);
        }
        literal
            .parse::<BigInt>()
            .map(PyValue::Int)
            .map_err(|_| JsonError::Invalid)
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// The rest of a string whose opening quote has been read.
    fn string(&mut self) -> Result<PyStr> {
        let mut out = PyStr::new();
        loop {
            let c = self.text[self.pos..]
                .chars()
                .next()
                .ok_or(JsonError::Invalid)?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => self.escape(&mut out)?,
                '\0'..='\x1f' => return Err(JsonError::Invalid),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut PyStr) -> Result<()> {
        let c = self.peek().ok_or(JsonError::Invalid)?;
        self.pos += 1;
        let decoded = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let cp = self.low_surrogate_after(unit).unwrap_or(unit);
                // At most 0x10FFFF by construction.
                let pushed = out.push_code_point(cp);
                return if pushed {
                    Ok(())
                } else {
                    Err(JsonError::Invalid)
                };
            }
            _ => return Err(JsonError::Invalid),
        };
        out.push(decoded);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or(JsonError::Invalid)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(JsonError::Invalid);
        }
        self.pos += 4;
        u32::from_str_radix(hex, 16).map_err(|_| JsonError::Invalid)
    }

    /// A high surrogate followed by a `\uXXXX` low surrogate is one code
    /// point; anything else leaves the unit alone.
    fn low_surrogate_after(&mut self, unit: u32) -> Option<u32> {
        if !(0xD800..0xDC00).contains(&unit) {
            return None;
        }
        let hex = self.text.get(self.pos..)?.strip_prefix("\\u")?.get(..4)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let low = u32::from_str_radix(hex, 16)
            .ok()
            .filter(|low| (0xDC00..0xE000).contains(low))?;
        self.pos += 6;
        Some(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> PyValue {
        PyValue::Str(PyStr::from(s))
    }

    fn int(i: i64) -> PyValue {
        PyValue::Int(i.into())
    }

    #[test]
    fn nan_and_infinities_are_read_in_their_exact_spelling() {
        let read = loads("[NaN, Infinity, -Infinity]");
        assert!(
            matches!(&read, Ok(PyValue::List(v)) if matches!(v[0], PyValue::Float(x) if x.is_nan()))
        );
        assert_eq!(
            loads("[Infinity, -Infinity]"),
            Ok(PyValue::List(vec![
                PyValue::Float(f64::INFINITY),
                PyValue::Float(f64::NEG_INFINITY)
            ]))
        );
        for spelling in ["-NaN", "+Infinity", "nan", "inf", "infinity"] {
            assert_eq!(loads(spelling), Err(JsonError::Invalid), "{spelling}");
        }
    }

    #[test]
    fn duplicate_keys_keep_the_first_position_and_the_last_value() {
        let read = loads(r#"{"a": 1, "b": 2, "a": 3}"#);
        assert_eq!(
            read,
            Ok(PyValue::Dict(vec![
                (text("a"), int(3)),
                (text("b"), int(2))
            ]))
        );
    }

    #[test]
    fn surrogate_escapes_pair_up_or_stay_lone() {
        assert_eq!(loads(r#""\uD83D\uDE00""#), Ok(text("😀")));
        let lone = loads(r#""\ud800x\udc00""#);
        let cps = match &lone {
            Ok(PyValue::Str(s)) => s.code_points().to_vec(),
            _ => Vec::new(),
        };
        assert_eq!(cps, [0xD800, 0x78, 0xDC00]);
        let reversed = loads(r#""\udc00\ud800""#);
        assert!(matches!(reversed, Ok(PyValue::Str(s)) if s.len() == 2));
        assert_eq!(
            loads(r#""\ud800\u0041""#).map(|v| v.repr().ok()),
            Ok(Some(r"'\ud800A'".into()))
        );
    }

    #[test]
    fn integers_have_any_size_up_to_4300_digits() {
        let big = "9".repeat(4300);
        assert!(matches!(loads(&big), Ok(PyValue::Int(_))));
        assert_eq!(loads(&"9".repeat(4301)), Err(JsonError::Invalid));
        assert_eq!(loads("-0"), Ok(int(0)));
        assert_eq!(
            loads("-0.0").map(|v| v.repr().ok()),
            Ok(Some("-0.0".into()))
        );
        assert_eq!(loads("1e400"), Ok(PyValue::Float(f64::INFINITY)));
        assert_eq!(loads("1E-400"), Ok(PyValue::Float(0.0)));
    }

    #[test]
    fn only_four_white_space_characters_separate_tokens() {
        assert_eq!(
            loads(" \t\n\r{\"a\" : 1} \t\n\r"),
            Ok(PyValue::Dict(vec![(text("a"), int(1))]))
        );
        for bad in ["\u{a0}1", "\u{c}1", "1\u{b}", "\u{feff}{}"] {
            assert_eq!(loads(bad), Err(JsonError::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn strict_json_rejects_what_python_rejects() {
        for bad in [
            "[1,]",
            "{\"a\": 1,}",
            "{'a': 1}",
            "{a: 1}",
            "+1",
            "01",
            ".5",
            "5.",
            "0x10",
            "1e",
            "// c\n1",
            "\"a\tb\"",
            "\"\\x41\"",
            "\"\\u12\"",
            "[1] 2",
            "",
            " ",
            "[",
            "{\"a\"}",
            "\"abc",
            "tru",
            "-",
            "--1",
            "[1 2]",
            "{\"a\" 1}",
        ] {
            assert_eq!(loads(bad), Err(JsonError::Invalid), "{bad:?}");
        }
        assert_eq!(loads("\"\u{7f}\\/\""), Ok(text("\u{7f}/")));
    }

    #[test]
    fn nesting_deeper_than_python_can_recurse_is_too_deep() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(loads(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(loads(&deep), Err(JsonError::TooDeep));
        let mut nested = loads(&ok);
        // Unwrap the layers by hand: the derived drop recurses.
        while let Ok(PyValue::List(mut items)) = nested {
            nested = items.pop().ok_or(JsonError::Invalid);
        }
    }
}
