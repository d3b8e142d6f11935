//! Python's `json.dumps(obj)` with default settings, for any `Serialize`
//! value, byte for byte.
//!
//! `serde_json` cannot be bent to this: it writes non-finite floats as
//! `null` before a formatter sees them, and its map keys must be strings.
//! So this is a small serializer of its own, with Python's float text.

use std::fmt::{self, Write as _};

use serde::ser::{self, Impossible, Serialize};

use super::float::write_float_repr;

/// What `json.dumps` would have raised on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// A map key that Python's `json` cannot write (it raises `TypeError`):
    /// keys must be strings, numbers, booleans or null (`None`).
    #[error("keys must be str, int, float, bool or None, not {0}")]
    KeyType(&'static str),
    /// The value's `Serialize` implementation reported an error.
    #[error("{0}")]
    Custom(String),
}

impl ser::Error for JsonError {
    fn custom<T: fmt::Display>(msg: T) -> JsonError {
        JsonError::Custom(msg.to_string())
    }
}

/// The text Python's `json.dumps(value)` writes with default settings.
///
/// That is: `", "` and `": "` separators; keys in the order the value
/// serializes them (struct field order, or the map's iteration order);
/// `ensure_ascii`, so `"`, `\`, the short escapes `\b \t \n \f \r`, and
/// `\uXXXX` with lowercase hex for every other control character, DEL and
/// every non-ASCII code point (two escapes, a UTF-16 surrogate pair, above
/// U+FFFF); `/` unescaped; floats as Python's `repr` writes them, and NaN
/// and the infinities as `NaN`, `Infinity`, `-Infinity`. Map keys that are
/// booleans, `None`, integers or floats are written as strings (`"true"`,
/// `"null"`, `"10"`, `"2.5"`), as Python does.
///
/// Serde's model maps onto Python values this way: `None` and `()` are
/// `null`; tuples and sequences are arrays; a unit enum variant is its
/// name; other variants are `{"Name": content}`; bytes are an array of
/// integers; an `f32` is written as the `f64` it converts to.
///
/// Note that `serde_json::Value` keeps object keys sorted unless its
/// `preserve_order` feature is on: dump typed values to keep their order.
///
/// # Panics
///
/// When serializing fails: a map key of another type (Python's
/// `TypeError`), or a `Serialize` implementation that reports an error.
/// Derived implementations with string keys never fail; use [`try_dumps`]
/// for values that can.
///
/// ```
/// use decnet_event::py::dumps;
///
/// #[derive(serde::Serialize)]
/// struct Row<'a> {
///     tool: &'a str,
///     mean_iat_s: f64,
///     cv: Option<f64>,
/// }
///
/// let row = Row { tool: "café/sliver", mean_iat_s: 60.0, cv: None };
/// assert_eq!(
///     dumps(&row),
///     r#"{"tool": "caf\u00e9/sliver", "mean_iat_s": 60.0, "cv": null}"#
/// );
/// ```
pub fn dumps<T: Serialize + ?Sized>(value: &T) -> String {
    match try_dumps(value) {
        Ok(text) => text,
        Err(error) => panic!("json.dumps failed: {error}"),
    }
}

/// [`dumps`], reporting a failure instead of panicking.
pub fn try_dumps<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    let mut out = String::new();
    value.serialize(&mut Writer { out: &mut out })?;
    Ok(out)
}

/// Writes `s` as a JSON string literal with `ensure_ascii` escaping.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (at, c) in s.char_indices() {
        let short = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            ' '..='~' => continue,
            _ => "",
        };
        out.push_str(&s[plain_from..at]);
        plain_from = at + c.len_utf8();
        if short.is_empty() {
            let mut units = [0u16; 2];
            for &unit in c.encode_utf16(&mut units).iter() {
                write_unicode_escape(out, unit);
            }
        } else {
            out.push_str(short);
        }
    }
    out.push_str(&s[plain_from..]);
    out.push('"');
}

fn write_unicode_escape(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

/// Python's float text in JSON: `repr`, or `NaN` / `Infinity` /
/// `-Infinity`.
fn write_float(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        // Writing into a String cannot fail.
        let _ = write_float_repr(out, x);
    }
}

fn write_integer(out: &mut String, value: impl fmt::Display) {
    // Writing into a String cannot fail.
    let _ = write!(out, "{value}");
}

/// The serializer: appends Python's JSON text of a value to `out`.
struct Writer<'a> {
    out: &'a mut String,
}

/// An array or object being written.
struct Compound<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    /// What closes it: `]`, `}`, or those plus the `}` of a variant wrapper.
    close: &'static str,
}

impl<'w, 'a> Compound<'w, 'a> {
    fn open(writer: &'w mut Writer<'a>, open: &str, close: &'static str) -> Self {
        writer.out.push_str(open);
        Compound {
            writer,
            first: true,
            close,
        }
    }

    fn separate(&mut self) {
        if !self.first {
            self.writer.out.push_str(", ");
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.separate();
        value.serialize(&mut *self.writer)
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JsonError> {
        self.separate();
        key.serialize(KeyWriter {
            out: &mut *self.writer.out,
        })
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), JsonError> {
        self.separate();
        write_str(self.writer.out, name);
        self.value(value)
    }

    fn close(self) -> Result<(), JsonError> {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        write_integer(self.out, v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), JsonError> {
        write_integer(self.out, v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        write_integer(self.out, v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), JsonError> {
        write_integer(self.out, v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        write_float(self.out, v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), JsonError> {
        let mut array = Compound::open(self, "[", "]");
        for byte in v {
            array.element(byte)?;
        }
        array.close()
    }

    fn serialize_none(self) -> Result<(), JsonError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), JsonError> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), JsonError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        let mut wrapper = Compound::open(self, "{", "}");
        wrapper.field(variant, value)?;
        wrapper.close()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, JsonError> {
        Ok(Compound::open(self, "[", "]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>, JsonError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, JsonError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, JsonError> {
        self.out.push('{');
        write_str(self.out, variant);
        Ok(Compound::open(self, ": [", "]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, JsonError> {
        Ok(Compound::open(self, "{", "}"))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, JsonError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, JsonError> {
        self.out.push('{');
        write_str(self.out, variant);
        Ok(Compound::open(self, ": {", "}}"))
    }
}

/// The sequence-like compounds write each element the same way.
macro_rules! sequence_compound {
    ($($trait:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = JsonError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
                self.element(value)
            }

            fn end(self) -> Result<(), JsonError> {
                self.close()
            }
        }
    )*};
}

sequence_compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JsonError> {
        self.key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.value(value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = JsonError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), JsonError> {
        self.close()
    }
}

/// Writes a map key: strings as themselves, and the scalars Python's
/// `json` accepts as keys as their JSON text, quoted.
struct KeyWriter<'a> {
    out: &'a mut String,
}

impl KeyWriter<'_> {
    fn quoted(self, text: impl FnOnce(&mut String)) -> Result<(), JsonError> {
        self.out.push('"');
        text(self.out);
        self.out.push('"');
        Ok(())
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Impossible<(), JsonError>;
    type SerializeTuple = Impossible<(), JsonError>;
    type SerializeTupleStruct = Impossible<(), JsonError>;
    type SerializeTupleVariant = Impossible<(), JsonError>;
    type SerializeMap = Impossible<(), JsonError>;
    type SerializeStruct = Impossible<(), JsonError>;
    type SerializeStructVariant = Impossible<(), JsonError>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.quoted(|out| out.push_str(if v { "true" } else { "false" }))
    }

    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        self.quoted(|out| write_integer(out, v))
    }

    fn serialize_i128(self, v: i128) -> Result<(), JsonError> {
        self.quoted(|out| write_integer(out, v))
    }

    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        self.quoted(|out| write_integer(out, v))
    }

    fn serialize_u128(self, v: u128) -> Result<(), JsonError> {
        self.quoted(|out| write_integer(out, v))
    }

    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        self.quoted(|out| write_float(out, v))
    }

    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), JsonError> {
        Err(JsonError::KeyType("bytes"))
    }

    fn serialize_none(self) -> Result<(), JsonError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), JsonError> {
        self.quoted(|out| out.push_str("null"))
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), JsonError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), JsonError> {
        Err(JsonError::KeyType("enum variant"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, JsonError> {
        Err(JsonError::KeyType("list"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, JsonError> {
        Err(JsonError::KeyType("tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, JsonError> {
        Err(JsonError::KeyType("tuple"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, JsonError> {
        Err(JsonError::KeyType("enum variant"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, JsonError> {
        Err(JsonError::KeyType("dict"))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, JsonError> {
        Err(JsonError::KeyType("dict"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, JsonError> {
        Err(JsonError::KeyType("enum variant"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::ser::SerializeMap;

    #[test]
    fn objects_use_python_separators_and_keep_field_order() {
        #[derive(serde::Serialize)]
        struct Empty {}
        #[derive(serde::Serialize)]
        struct Sample {
            b: u8,
            a: (u8, f64, Option<u8>, bool),
            c: Empty,
        }
        let sample = Sample {
            b: 1,
            a: (1, 2.5, None, true),
            c: Empty {},
        };
        assert_eq!(
            dumps(&sample),
            r#"{"b": 1, "a": [1, 2.5, null, true], "c": {}}"#
        );
    }

    #[test]
    fn non_ascii_and_controls_are_lowercase_u_escapes_and_slash_stays() {
        assert_eq!(
            dumps("\u{7f}/\u{e9}\u{2028}\u{1F600}\u{0}\u{1f}"),
            r#""\u007f/\u00e9\u2028\ud83d\ude00\u0000\u001f""#
        );
    }

    #[test]
    fn quote_backslash_and_the_five_short_escapes() {
        assert_eq!(
            dumps("\"\\\u{8}\t\n\u{b}\u{c}\r"),
            r#""\"\\\b\t\n\u000b\f\r""#
        );
    }

    #[test]
    fn scalar_keys_become_their_json_text_as_strings() {
        struct MixedKeys;
        impl Serialize for MixedKeys {
            fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(4))?;
                map.serialize_entry(&true, &1)?;
                map.serialize_entry(&None::<u8>, &2)?;
                map.serialize_entry(&2.5, &3)?;
                map.serialize_entry(&10, &4)?;
                map.end()
            }
        }
        assert_eq!(
            dumps(&MixedKeys),
            r#"{"true": 1, "null": 2, "2.5": 3, "10": 4}"#
        );
    }

    #[test]
    fn container_keys_are_a_type_error() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1], 2);
        assert_eq!(try_dumps(&map), Err(JsonError::KeyType("list")));
    }

    #[test]
    fn non_finite_floats_are_nan_and_infinity() {
        assert_eq!(
            dumps(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
            "[NaN, Infinity, -Infinity]"
        );
    }

    #[test]
    fn floats_are_python_reprs_and_big_integers_stay_exact() {
        assert_eq!(dumps(&-0.0), "-0.0");
        assert_eq!(
            dumps(&[60.0, 1e-5, 1e16, 0.1967]),
            "[60.0, 1e-05, 1e+16, 0.1967]"
        );
        assert_eq!(dumps(&(1u128 << 64)), "18446744073709551616");
    }

    #[test]
    fn empty_containers_and_variants() {
        #[derive(serde::Serialize)]
        enum Shape {
            Unit,
            Pair(u8, u8),
            Named { x: u8 },
        }
        assert_eq!(dumps(&Vec::<u8>::new()), "[]");
        assert_eq!(dumps(&Shape::Unit), r#""Unit""#);
        assert_eq!(dumps(&Shape::Pair(1, 2)), r#"{"Pair": [1, 2]}"#);
        assert_eq!(dumps(&Shape::Named { x: 3 }), r#"{"Named": {"x": 3}}"#);
    }
}
