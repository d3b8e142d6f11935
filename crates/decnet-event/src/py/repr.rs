//! Python values as the JSON and literal readers produce them, and their
//! `str()` and `repr()` exactly as CPython 3.11 writes them.
//!
//! The original profiler turns every header value into text with `str(v)`,
//! so a list, a number or a byte string takes part in a substring test
//! through its repr. [`PyValue`] models the values `json.loads` and
//! `ast.literal_eval` can return, and [`PyStr`] models a Python `str`, which,
//! unlike a Rust `String`, may hold lone surrogates (`json.loads('"\\ud800"')`).

use std::fmt::{self, Write as _};

use num_bigint::BigInt;
use thiserror::Error;

use super::float::write_float_repr;
use super::int::INT_MAX_STR_DIGITS;
use super::tables::PRINTABLE;
use super::text::in_ranges;

/// A Python `str`: a sequence of code points from U+0000 to U+10FFFF.
///
/// Lone surrogates (U+D800 to U+DFFF) are kept as Python keeps them; a Rust
/// `String` cannot hold them, so the text is stored as code points.
/// [`PyStr::to_string_lossy`] and `Display` write each surrogate as
/// U+FFFD; [`PyStr::repr`] escapes it as `\ud800` the way Python does.
///
/// `Debug` writes the Python repr.
///
/// ```
/// use decnet_event::py::PyStr;
///
/// let mut text = PyStr::from("a");
/// assert!(text.push_code_point(0xD800));
/// assert_eq!(text.repr(), r"'a\ud800'");
/// assert_eq!(text.to_string_lossy(), "a\u{FFFD}");
/// assert_eq!(PyStr::from("it's").repr(), r#""it's""#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyStr {
    /// Invariant: every element is at most 0x10FFFF.
    code_points: Vec<u32>,
}

impl PyStr {
    /// The empty string.
    pub fn new() -> PyStr {
        PyStr::default()
    }

    /// A string of the given code points, or `None` when one lies above
    /// U+10FFFF. Surrogates are accepted.
    pub fn from_code_points(code_points: Vec<u32>) -> Option<PyStr> {
        code_points
            .iter()
            .all(|&cp| cp <= u32::from(char::MAX))
            .then_some(PyStr { code_points })
    }

    /// The code points, in order.
    pub fn code_points(&self) -> &[u32] {
        &self.code_points
    }

    /// The number of code points (Python's `len()`).
    pub fn len(&self) -> usize {
        self.code_points.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.code_points.is_empty()
    }

    /// Appends one character.
    pub fn push(&mut self, c: char) {
        self.code_points.push(u32::from(c));
    }

    /// Appends a code point, surrogates included. Returns `false`, leaving
    /// the string unchanged, when `cp` lies above U+10FFFF.
    #[must_use]
    pub fn push_code_point(&mut self, cp: u32) -> bool {
        let valid = cp <= u32::from(char::MAX);
        if valid {
            self.code_points.push(cp);
        }
        valid
    }

    /// Appends the characters of `text`.
    pub fn push_str(&mut self, text: &str) {
        self.code_points.extend(text.chars().map(u32::from));
    }

    /// Appends the code points of `other` (Python's `+`).
    pub fn append(&mut self, other: &PyStr) {
        self.code_points.extend_from_slice(&other.code_points);
    }

    /// The text as a `String`, each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        self.code_points
            .iter()
            .map(|&cp| char_or_replacement(cp))
            .collect()
    }

    /// The text as a `String`, or `None` when it holds a lone surrogate.
    pub fn to_str(&self) -> Option<String> {
        self.code_points
            .iter()
            .map(|&cp| char::from_u32(cp))
            .collect()
    }

    /// Python's `str.lower()`: the full lowercase mapping of each code
    /// point, with the final-sigma rule (`'ΣΑΣ'.lower()` is `'σας'`).
    ///
    /// Surrogates are neither cased nor case-ignorable, so they end a
    /// final-sigma context and come through unchanged.
    ///
    /// ```
    /// use decnet_event::py::PyStr;
    ///
    /// assert_eq!(PyStr::from("\u{130}X").lower(), PyStr::from("i\u{307}x"));
    /// assert_eq!(PyStr::from("\u{212A}").lower(), PyStr::from("k"));
    /// ```
    // Note: Rust's case tables are newer than Python 3.11's Unicode 14, so
    // code points assigned since then are lowered here but kept by Python.
    pub fn lower(&self) -> PyStr {
        let mut lowered = PyStr::new();
        let mut run = String::new();
        for &cp in &self.code_points {
            match char::from_u32(cp) {
                Some(c) => run.push(c),
                None => {
                    lowered.push_str(&run.to_lowercase());
                    run.clear();
                    lowered.code_points.push(cp);
                }
            }
        }
        lowered.push_str(&run.to_lowercase());
        lowered
    }

    /// Python's `repr()` of the string; see [`PyValue::repr`].
    pub fn repr(&self) -> String {
        let mut out = String::new();
        write_str_repr(&mut out, &self.code_points);
        out
    }
}

impl From<&str> for PyStr {
    fn from(text: &str) -> PyStr {
        text.chars().collect()
    }
}

impl From<String> for PyStr {
    fn from(text: String) -> PyStr {
        PyStr::from(text.as_str())
    }
}

impl From<char> for PyStr {
    fn from(c: char) -> PyStr {
        PyStr {
            code_points: vec![u32::from(c)],
        }
    }
}

impl FromIterator<char> for PyStr {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> PyStr {
        PyStr {
            code_points: chars.into_iter().map(u32::from).collect(),
        }
    }
}

impl PartialEq<str> for PyStr {
    fn eq(&self, other: &str) -> bool {
        self.code_points
            .iter()
            .copied()
            .eq(other.chars().map(u32::from))
    }
}

impl PartialEq<&str> for PyStr {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl fmt::Display for PyStr {
    /// Writes the text, each lone surrogate as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.code_points
            .iter()
            .try_for_each(|&cp| f.write_char(char_or_replacement(cp)))
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

/// A Python value of a type that `json.loads` or `ast.literal_eval` returns.
///
/// Containers keep Python's order. A `Dict` holds each key once (keys that
/// Python finds equal, such as `1` and `1.0`, are one key), in the position
/// where the key first appeared; a `Set` holds each element once, in
/// insertion order. Keeping those invariants is the builder's job.
///
/// Deriving `PartialEq` compares the structure (`Int(1)` is not
/// `Float(1.0)`), which is not Python's `==`.
///
/// ```
/// use decnet_event::py::{PyStr, PyValue};
///
/// let value = PyValue::List(vec![
///     PyValue::Int(1.into()),
///     PyValue::Str(PyStr::from("a")),
///     PyValue::None,
///     PyValue::Bytes(b"x".to_vec()),
///     PyValue::Tuple(vec![PyValue::Float(2.5)]),
/// ]);
/// assert_eq!(value.repr().unwrap(), "[1, 'a', None, b'x', (2.5,)]");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PyValue {
    /// `None` (JSON `null`).
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An `int`, of any size.
    Int(BigInt),
    /// A `float`, NaN and the infinities included.
    Float(f64),
    /// A `complex` number.
    Complex {
        /// The real part.
        re: f64,
        /// The imaginary part.
        im: f64,
    },
    /// A `str`.
    Str(PyStr),
    /// A `bytes` string.
    Bytes(Vec<u8>),
    /// A `list`.
    List(Vec<PyValue>),
    /// A `tuple`.
    Tuple(Vec<PyValue>),
    /// A `set`, elements in insertion order (see [`PyValue::repr`]).
    Set(Vec<PyValue>),
    /// A `dict`: key/value pairs in insertion order.
    Dict(Vec<(PyValue, PyValue)>),
    /// The `Ellipsis` singleton (`...`).
    Ellipsis,
}

/// Why Python cannot write a value as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ReprError {
    /// An `int` has more decimal digits than Python 3.11 converts to text
    /// by default ([`INT_MAX_STR_DIGITS`]); Python raises `ValueError`.
    #[error("an integer has more than {INT_MAX_STR_DIGITS} decimal digits")]
    IntTooLong,
}

impl PyValue {
    /// Python's `repr(v)`.
    ///
    /// Strings use single quotes unless they hold `'` and no `"`; `\\`,
    /// `\t`, `\n`, `\r` and the quote are escaped, other code points that
    /// `str.isprintable()` rejects (Unicode 14) are written `\xhh`,
    /// `\uhhhh` or `\Uhhhhhhhh`. Bytes show printable ASCII as is and
    /// `\xhh` for the rest. Floats are written as [`float_repr`] does;
    /// a complex number as `2j` or `(1+2j)`. A one-element tuple is
    /// `(x,)` and an empty set `set()`.
    ///
    /// Nesting depth is not limited (Python raises `RecursionError` near
    /// 1000 levels); the writer does not recurse, so deep values cannot
    /// overflow the stack.
    ///
    /// # Errors
    ///
    /// [`ReprError::IntTooLong`] when an `int` anywhere in the value has
    /// more than 4300 decimal digits, where Python raises `ValueError`.
    ///
    /// [`float_repr`]: super::float_repr
    // Note: a set is written in insertion order; CPython writes its hash
    // table order, which for strings changes with every process
    // (PYTHONHASHSEED), so no single order is Python's.
    pub fn repr(&self) -> Result<String, ReprError> {
        let mut out = String::new();
        let mut pending = vec![Piece::Value(self)];
        while let Some(piece) = pending.pop() {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Value(value) => value.write_one(&mut out, &mut pending)?,
            }
        }
        Ok(out)
    }

    /// Python's `str(v)`: the string itself for a `str`, the repr for
    /// everything else.
    ///
    /// # Errors
    ///
    /// As [`PyValue::repr`].
    pub fn str(&self) -> Result<PyStr, ReprError> {
        match self {
            PyValue::Str(text) => Ok(text.clone()),
            other => other.repr().map(PyStr::from),
        }
    }

    /// Writes a scalar, or a container's opening bracket with its items
    /// and closing bracket queued on `pending` (last to be written first).
    fn write_one<'a>(
        &'a self,
        out: &mut String,
        pending: &mut Vec<Piece<'a>>,
    ) -> Result<(), ReprError> {
        match self {
            PyValue::None => out.push_str("None"),
            PyValue::Bool(true) => out.push_str("True"),
            PyValue::Bool(false) => out.push_str("False"),
            PyValue::Ellipsis => out.push_str("Ellipsis"),
            PyValue::Int(value) => write_int(out, value)?,
            PyValue::Float(value) => push_float(out, *value),
            PyValue::Complex { re, im } => write_complex(out, *re, *im),
            PyValue::Str(text) => write_str_repr(out, &text.code_points),
            PyValue::Bytes(bytes) => write_bytes_repr(out, bytes),
            PyValue::List(items) => queue_items(out, pending, "[", items, "]"),
            PyValue::Tuple(items) if items.len() == 1 => {
                queue_items(out, pending, "(", items, ",)")
            }
            PyValue::Tuple(items) => queue_items(out, pending, "(", items, ")"),
            PyValue::Set(items) if items.is_empty() => out.push_str("set()"),
            PyValue::Set(items) => queue_items(out, pending, "{", items, "}"),
            PyValue::Dict(entries) => {
                out.push('{');
                pending.push(Piece::Text("}"));
                for (i, (key, value)) in entries.iter().enumerate().rev() {
                    pending.push(Piece::Value(value));
                    pending.push(Piece::Text(": "));
                    pending.push(Piece::Value(key));
                    if i > 0 {
                        pending.push(Piece::Text(", "));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A part of a repr still to be written.
enum Piece<'a> {
    Value(&'a PyValue),
    Text(&'static str),
}

/// Writes `open`, and queues the items separated by `", "` then `close`.
fn queue_items<'a>(
    out: &mut String,
    pending: &mut Vec<Piece<'a>>,
    open: &str,
    items: &'a [PyValue],
    close: &'static str,
) {
    out.push_str(open);
    pending.push(Piece::Text(close));
    for (i, item) in items.iter().enumerate().rev() {
        pending.push(Piece::Value(item));
        if i > 0 {
            pending.push(Piece::Text(", "));
        }
    }
}

fn write_int(out: &mut String, value: &BigInt) -> Result<(), ReprError> {
    // Every integer of more than 14285 bits has more than 4300 digits
    // (log2(10^4300) < 14285); refusing those early keeps a huge value
    // from costing a quadratic conversion, as CPython also does.
    const MAX_BITS: u64 = 14285;
    if value.bits() > MAX_BITS {
        return Err(ReprError::IntTooLong);
    }
    let text = value.to_string();
    let digits = text.trim_start_matches('-').len();
    if digits > INT_MAX_STR_DIGITS {
        return Err(ReprError::IntTooLong);
    }
    out.push_str(&text);
    Ok(())
}

fn push_float(out: &mut String, value: f64) {
    // Writing into a String cannot fail.
    let _ = write_float_repr(out, value);
}

/// CPython's `complex.__repr__`: each part in the shortest repr without
/// an added `.0`; a real part of +0.0 is left out along with the
/// parentheses, otherwise the imaginary part carries its sign.
fn write_complex(out: &mut String, re: f64, im: f64) {
    if re == 0.0 && re.is_sign_positive() {
        push_complex_part(out, im);
        out.push('j');
        return;
    }
    out.push('(');
    push_complex_part(out, re);
    if !im.is_sign_negative() || im.is_nan() {
        out.push('+');
    }
    push_complex_part(out, im);
    out.push_str("j)");
}

fn push_complex_part(out: &mut String, value: f64) {
    let start = out.len();
    push_float(out, value);
    // The float repr adds ".0" to integral values; complex parts do not.
    if out[start..].ends_with(".0") {
        out.truncate(out.len() - 2);
    }
}

fn write_str_repr(out: &mut String, code_points: &[u32]) {
    let quote = quote_for(code_points.iter().map(|&cp| char_or_replacement(cp)));
    out.push(quote);
    for &cp in code_points {
        match char::from_u32(cp) {
            Some(c) if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            Some('\t') => out.push_str("\\t"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some(c) if c < ' ' || c == '\x7f' => push_hex_escape(out, 'x', cp, 2),
            Some(c) if c.is_ascii() || in_ranges(PRINTABLE, c) => out.push(c),
            _ if cp <= 0xff => push_hex_escape(out, 'x', cp, 2),
            _ if cp <= 0xffff => push_hex_escape(out, 'u', cp, 4),
            _ => push_hex_escape(out, 'U', cp, 8),
        }
    }
    out.push(quote);
}

fn write_bytes_repr(out: &mut String, bytes: &[u8]) {
    let quote = quote_for(bytes.iter().map(|&b| char::from(b)));
    out.push('b');
    out.push(quote);
    for &byte in bytes {
        match char::from(byte) {
            c if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c @ ' '..='~' => out.push(c),
            _ => push_hex_escape(out, 'x', u32::from(byte), 2),
        }
    }
    out.push(quote);
}

/// Python's quote choice: `"` when the text holds `'` and no `"`.
fn quote_for(chars: impl Iterator<Item = char>) -> char {
    let (mut single, mut double) = (false, false);
    for c in chars {
        single |= c == '\'';
        double |= c == '"';
    }
    if single && !double { '"' } else { '\'' }
}

fn push_hex_escape(out: &mut String, kind: char, cp: u32, width: usize) {
    // Writing into a String cannot fail.
    let _ = write!(out, "\\{kind}{cp:0width$x}");
}

fn char_or_replacement(cp: u32) -> char {
    char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> PyValue {
        PyValue::Str(PyStr::from(s))
    }

    fn repr(value: &PyValue) -> String {
        value.repr().expect("no integer in these tests is too long")
    }

    #[test]
    fn str_repr_prefers_single_quotes_unless_only_single_quotes_occur() {
        assert_eq!(repr(&text("abc")), "'abc'");
        assert_eq!(repr(&text("it's")), r#""it's""#);
        assert_eq!(repr(&text(r#"it's "x""#)), r#"'it\'s "x"'"#);
        assert_eq!(repr(&text(r#"say "x""#)), r#"'say "x"'"#);
    }

    #[test]
    fn str_repr_escapes_backslash_and_whitespace_controls() {
        assert_eq!(repr(&text("a\\b\t\n\r")), r"'a\\b\t\n\r'");
        assert_eq!(repr(&text("\0\x1f\x7f")), r"'\x00\x1f\x7f'");
    }

    #[test]
    fn str_repr_escapes_what_isprintable_rejects_by_width() {
        assert_eq!(repr(&text("\u{a0}é\u{200b}")), r"'\xa0é\u200b'");
        assert_eq!(repr(&text("\u{85}\u{2028}\u{e000}")), r"'\x85\u2028\ue000'");
        assert_eq!(repr(&text("\u{e0001}\u{1f600}")), r"'\U000e0001😀'");
        // U+0378 is unassigned in Unicode 14 and therefore not printable.
        assert_eq!(repr(&text("\u{378}")), r"'\u0378'");
    }

    #[test]
    fn lone_surrogates_are_kept_and_escaped_in_repr() {
        let mut s = PyStr::from("x");
        assert!(s.push_code_point(0xdc80));
        assert!(!s.push_code_point(0x11_0000));
        assert_eq!(s.len(), 2);
        assert_eq!(s.repr(), r"'x\udc80'");
        assert_eq!(s.to_str(), None);
        assert_eq!(s.to_string(), "x\u{fffd}");
    }

    #[test]
    fn bytes_repr_shows_printable_ascii_and_hex_escapes_the_rest() {
        assert_eq!(repr(&PyValue::Bytes(b"abc".to_vec())), "b'abc'");
        assert_eq!(repr(&PyValue::Bytes(b"it's".to_vec())), r#"b"it's""#);
        assert_eq!(
            repr(&PyValue::Bytes(b"\x00\x7f\xff\t\\".to_vec())),
            r"b'\x00\x7f\xff\t\\'"
        );
    }

    #[test]
    fn numbers_repr_as_python_writes_them() {
        assert_eq!(repr(&PyValue::Int((-12).into())), "-12");
        assert_eq!(repr(&PyValue::Float(1e16)), "1e+16");
        assert_eq!(repr(&PyValue::Float(-0.0)), "-0.0");
        assert_eq!(repr(&PyValue::Float(f64::INFINITY)), "inf");
        assert_eq!(repr(&PyValue::Complex { re: 0.0, im: 2.0 }), "2j");
        assert_eq!(repr(&PyValue::Complex { re: 1.0, im: 2.0 }), "(1+2j)");
        assert_eq!(repr(&PyValue::Complex { re: -0.0, im: -0.0 }), "(-0-0j)");
        assert_eq!(repr(&PyValue::Complex { re: 0.0, im: -0.0 }), "-0j");
        assert_eq!(
            repr(&PyValue::Complex { re: 1e16, im: 1.5 }),
            "(1e+16+1.5j)"
        );
        assert_eq!(
            repr(&PyValue::Complex {
                re: 1.0,
                im: f64::NAN
            }),
            "(1+nanj)"
        );
        assert_eq!(
            repr(&PyValue::Complex {
                re: f64::NEG_INFINITY,
                im: 1.0
            }),
            "(-inf+1j)"
        );
    }

    #[test]
    fn an_int_beyond_4300_digits_cannot_be_written() {
        let limit = BigInt::from(10).pow(4300u32);
        let widest = PyValue::Int(-(&limit - BigInt::from(1)));
        assert_eq!(widest.repr().map(|s| s.len()), Ok(4301));
        assert_eq!(
            PyValue::Int(limit.clone()).repr(),
            Err(ReprError::IntTooLong)
        );
        let nested = PyValue::List(vec![PyValue::Int(limit << 100_000)]);
        assert_eq!(nested.str(), Err(ReprError::IntTooLong));
    }

    #[test]
    fn containers_repr_their_items_by_repr() {
        let one = PyValue::Tuple(vec![text("a")]);
        assert_eq!(repr(&one), "('a',)");
        assert_eq!(repr(&PyValue::Tuple(vec![])), "()");
        assert_eq!(repr(&PyValue::Set(vec![])), "set()");
        assert_eq!(
            repr(&PyValue::Set(vec![PyValue::Int(1.into()), one])),
            "{1, ('a',)}"
        );
        let dict = PyValue::Dict(vec![
            (text("a"), PyValue::Int(1.into())),
            (
                text("b"),
                PyValue::List(vec![PyValue::Bool(true), PyValue::Ellipsis]),
            ),
        ]);
        assert_eq!(repr(&dict), "{'a': 1, 'b': [True, Ellipsis]}");
        assert_eq!(repr(&PyValue::Dict(vec![])), "{}");
        assert_eq!(repr(&PyValue::List(vec![text("it's")])), r#"["it's"]"#);
    }

    #[test]
    fn str_of_a_str_is_the_string_itself() {
        assert_eq!(text("it's").str(), Ok(PyStr::from("it's")));
        assert_eq!(PyValue::None.str(), Ok(PyStr::from("None")));
    }

    #[test]
    fn deep_nesting_is_written_without_recursion() {
        let mut value = PyValue::None;
        for _ in 0..100_000 {
            value = PyValue::List(vec![value]);
        }
        let written = repr(&value);
        assert_eq!(written.len(), 4 + 2 * 100_000);
        // Dropping is recursive; unwrap the layers by hand instead.
        while let PyValue::List(mut items) = value {
            value = items.pop().unwrap_or(PyValue::None);
        }
    }

    #[test]
    fn lower_follows_python_full_mapping_and_final_sigma() {
        assert_eq!(PyStr::from("ΣΑΣ").lower(), PyStr::from("σας"));
        assert_eq!(PyStr::from("İSTANBUL").lower().len(), 9);
        assert_eq!(PyStr::from("ı ſ ß").lower(), PyStr::from("ı ſ ß"));
        let mut with_surrogate = PyStr::from("AΣ");
        assert!(with_surrogate.push_code_point(0xd800));
        let lowered = with_surrogate.lower();
        assert_eq!(lowered.code_points(), &[0x61, 0x3c2, 0xd800]);
    }
}
