//! Building `dict` and `set` values with Python's key rules: only hashable
//! values can be keys, and keys that Python finds equal (`1`, `1.0`, `True`,
//! `(1+0j)`) are one key.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use decnet_event::py::PyValue;
use num_bigint::BigInt;
use num_traits::FromPrimitive;

/// A `dict` under construction: `d[key] = value` keeps the position where
/// a key first appeared and the value it was given last, as
/// `dict(zip(keys, values))` and `json.loads` do.
#[derive(Debug, Default)]
pub(super) struct DictBuilder {
    entries: Vec<(PyValue, PyValue)>,
    positions: HashMap<Key, usize>,
}

/// Python raises `TypeError` for a list, dict or set used as a key.
#[derive(Debug)]
pub(super) struct Unhashable;

impl DictBuilder {
    pub(super) fn insert(&mut self, key: PyValue, value: PyValue) -> Result<(), Unhashable> {
        match self.positions.entry(Key::of(&key).ok_or(Unhashable)?) {
            Entry::Occupied(position) => self.entries[*position.get()].1 = value,
            Entry::Vacant(position) => {
                position.insert(self.entries.len());
                self.entries.push((key, value));
            }
        }
        Ok(())
    }

    pub(super) fn finish(self) -> PyValue {
        PyValue::Dict(self.entries)
    }
}

/// Python's `set(items)`: each element once, the first of equal ones kept.
pub(super) fn build_set(items: Vec<PyValue>) -> Result<PyValue, Unhashable> {
    let mut seen = HashMap::new();
    let mut elements = Vec::new();
    for item in items {
        if let Entry::Vacant(slot) = seen.entry(Key::of(&item).ok_or(Unhashable)?) {
            slot.insert(());
            elements.push(item);
        }
    }
    Ok(PyValue::Set(elements))
}

/// A hashable value reduced so that two keys are equal exactly when Python
/// finds the values equal: numbers compare by exact value across `bool`,
/// `int`, `float` and `complex`, and `-0.0` is `0`.
// Note: Python never finds NaN equal to anything, but two NaN keys collapse
// here; neither reader can produce a NaN key.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Key {
    None,
    Ellipsis,
    Int(BigInt),
    /// A float that is not an integer, by its bits.
    Float(u64),
    /// A complex number with a non-zero imaginary part, by its parts' bits.
    Complex(u64, u64),
    Str(Vec<u32>),
    Bytes(Vec<u8>),
    Tuple(Vec<Key>),
}

impl Key {
    /// The key of a hashable value; `None` for a list, dict or set, or a
    /// tuple holding one.
    fn of(value: &PyValue) -> Option<Key> {
        Some(match value {
            PyValue::None => Key::None,
            PyValue::Ellipsis => Key::Ellipsis,
            PyValue::Bool(b) => Key::Int(BigInt::from(u8::from(*b))),
            PyValue::Int(i) => Key::Int(i.clone()),
            PyValue::Float(x) => Key::real(*x),
            PyValue::Complex { re, im } if *im == 0.0 => Key::real(*re),
            PyValue::Complex { re, im } => Key::Complex(bits(*re), bits(*im)),
            PyValue::Str(s) => Key::Str(s.code_points().to_vec()),
            PyValue::Bytes(b) => Key::Bytes(b.clone()),
            PyValue::Tuple(items) => Key::Tuple(items.iter().map(Key::of).collect::<Option<_>>()?),
            // Lists, dicts and sets, and any kind added later, are unhashable.
            _ => return None,
        })
    }

    fn real(x: f64) -> Key {
        match BigInt::from_f64(x) {
            Some(int) if x.fract() == 0.0 => Key::Int(int),
            _ => Key::Float(bits(x)),
        }
    }
}

/// The bits of `x` with `-0.0` taken as `0.0`, which Python finds equal.
fn bits(x: f64) -> u64 {
    (x + 0.0).to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use decnet_event::py::PyStr;

    fn int(i: i64) -> PyValue {
        PyValue::Int(i.into())
    }

    fn text(s: &str) -> PyValue {
        PyValue::Str(PyStr::from(s))
    }

    #[test]
    fn equal_numbers_of_any_type_are_one_key_in_the_first_position() {
        let mut dict = DictBuilder::default();
        for (key, value) in [
            (int(1), "a"),
            (text("x"), "b"),
            (PyValue::Bool(true), "c"),
            (PyValue::Float(1.0), "d"),
            (PyValue::Complex { re: 1.0, im: 0.0 }, "e"),
        ] {
            dict.insert(key, text(value)).expect("hashable");
        }
        assert_eq!(
            dict.finish(),
            PyValue::Dict(vec![(int(1), text("e")), (text("x"), text("b"))])
        );
    }

    #[test]
    fn integers_and_floats_compare_exactly() {
        let big = PyValue::Int(BigInt::from(2).pow(53u32) + 1);
        let set = build_set(vec![big.clone(), PyValue::Float(9007199254740992.0)]);
        assert_eq!(
            set.map(|s| matches!(s, PyValue::Set(v) if v.len() == 2))
                .ok(),
            Some(true)
        );
        let zeros = build_set(vec![PyValue::Float(-0.0), int(0), PyValue::Float(0.5)]);
        assert_eq!(
            zeros.ok(),
            Some(PyValue::Set(vec![
                PyValue::Float(-0.0),
                PyValue::Float(0.5)
            ]))
        );
    }

    #[test]
    fn tuples_are_keys_when_their_items_are_hashable() {
        let pair = |b| PyValue::Tuple(vec![int(1), b]);
        let mut dict = DictBuilder::default();
        dict.insert(pair(int(2)), int(3)).expect("hashable");
        dict.insert(pair(PyValue::Float(2.0)), int(4))
            .expect("hashable");
        assert_eq!(dict.finish(), PyValue::Dict(vec![(pair(int(2)), int(4))]));
        let mut dict = DictBuilder::default();
        assert!(dict.insert(pair(PyValue::List(vec![])), int(3)).is_err());
    }

    #[test]
    fn lists_dicts_and_sets_are_unhashable() {
        for value in [
            PyValue::List(vec![]),
            PyValue::Dict(vec![]),
            PyValue::Set(vec![]),
        ] {
            assert!(build_set(vec![value]).is_err());
        }
    }

    #[test]
    fn str_and_bytes_keys_differ() {
        let set = build_set(vec![text("a"), PyValue::Bytes(b"a".to_vec())]);
        assert!(matches!(set, Ok(PyValue::Set(v)) if v.len() == 2));
    }
}
