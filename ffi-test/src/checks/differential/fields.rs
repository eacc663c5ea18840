//! A struct as a generated-input test's parameter: any `FfiValue` (every `#[ffi_roundtrip]`
//! type), drawn leaf by leaf from its classes' valid values as round-trips draw them, made
//! simpler leaf by leaf, and shown and read back as `{x = 1, y = 2.5}`.

use std::fmt::{self, Debug};
use std::marker::PhantomData;
use std::sync::Arc;

use proptest::prelude::*;

use super::inputs::{split_items, ReplayItem, Simpler};
use crate::checks::roundtrip::generated::{leaf_values, simpler_leaf};
use crate::checks::roundtrip::shapes::value_from;
use crate::checks::roundtrip::value::{leaves_of, FfiValue, Leaf, LeafClass};

/// A generated value of `T`, as its bytes (always a valid `T`: each leaf holds a value its
/// class allows, padding zero).
pub struct Fields<T> {
    bytes: Vec<u8>,
    /// `T`'s leaves, found once per test: every case shows its value before it runs.
    leaves: Arc<[Leaf]>,
    _type: PhantomData<T>,
}

impl<T: FfiValue> Fields<T> {
    /// The value.
    pub fn value(&self) -> T {
        // SAFETY: the bytes are built from T's leaves with valid values only.
        unsafe { value_from(&self.bytes) }
    }

    fn from_bytes(bytes: Vec<u8>, leaves: Arc<[Leaf]>) -> Self {
        Fields {
            bytes,
            leaves,
            _type: PhantomData,
        }
    }
}

impl<T> Clone for Fields<T> {
    fn clone(&self) -> Self {
        Fields {
            bytes: self.bytes.clone(),
            leaves: self.leaves.clone(),
            _type: PhantomData,
        }
    }
}

/// `T`'s leaves, named from the value itself (`x`, `inner.a`, `[2]`).
fn leaves<T: FfiValue>() -> Arc<[Leaf]> {
    let mut leaves = leaves_of::<T>("");
    for leaf in &mut leaves {
        leaf.path = leaf.path.trim_start_matches('.').to_string();
    }
    leaves.into()
}

/// The values of `T`, each leaf drawn from its class's valid values.
pub fn fields<T: FfiValue>() -> BoxedStrategy<Fields<T>> {
    let leaves = leaves::<T>();
    let parts: Vec<BoxedStrategy<Vec<u8>>> = leaves.iter().map(leaf_values).collect();
    parts
        .prop_map(move |parts| {
            let mut bytes = vec![0u8; std::mem::size_of::<T>()];
            for (leaf, part) in leaves.iter().zip(parts) {
                bytes[leaf.offset..leaf.offset + leaf.size].copy_from_slice(&part);
            }
            Fields::from_bytes(bytes, leaves.clone())
        })
        .boxed()
}

impl<T: FfiValue> Debug for Fields<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let shown: Vec<String> = self
            .leaves
            .iter()
            .map(|leaf| {
                let bytes = &self.bytes[leaf.offset..leaf.offset + leaf.size];
                format!("{} = {}", leaf.path, show(bytes, leaf.class))
            })
            .collect();
        write!(f, "{{{}}}", shown.join(", "))
    }
}

impl<T: FfiValue> Simpler for Fields<T> {
    fn simpler(&self) -> Vec<Self> {
        self.leaves
            .iter()
            .flat_map(|leaf| simpler_leaf(&self.bytes, leaf))
            .map(|bytes| Fields::from_bytes(bytes, self.leaves.clone()))
            .collect()
    }
}

impl<T: FfiValue> ReplayItem for Fields<T> {
    fn replay_item(text: &str) -> Option<Self> {
        let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
        let items = split_items(inner);
        let leaves = leaves::<T>();
        if items.len() != leaves.len() {
            return None;
        }
        let mut bytes = vec![0u8; std::mem::size_of::<T>()];
        for (leaf, item) in leaves.iter().zip(&items) {
            let (path, value) = item.split_once(" = ")?;
            let value = read(value, leaf.class, leaf.size).filter(|_| path == leaf.path)?;
            bytes[leaf.offset..leaf.offset + leaf.size].copy_from_slice(&value);
        }
        Some(Fields::from_bytes(bytes, leaves))
    }
}

/// A leaf's value as a report shows it: integers and enums in decimal, floats as Rust prints
/// them (a NaN with its bits, which a replay needs), pointers and raw bytes in hex.
fn show(bytes: &[u8], class: LeafClass) -> String {
    let mut wide = [0u8; 16];
    wide[..bytes.len()].copy_from_slice(bytes);
    let unsigned = u128::from_le_bytes(wide);
    let bits = bytes.len() as u32 * 8;
    let signed = || (unsigned << (128 - bits)) as i128 >> (128 - bits);
    match class {
        LeafClass::Int { signed: true, .. } | LeafClass::Enum(_) => signed().to_string(),
        LeafClass::Int { .. } => unsigned.to_string(),
        LeafClass::Bool => (unsigned != 0).to_string(),
        LeafClass::Float if bytes.len() == 4 => float(
            f32::from_bits(unsigned as u32).is_nan(),
            || format!("{:?}", f32::from_bits(unsigned as u32)),
            unsigned,
        ),
        LeafClass::Float if bytes.len() == 8 => float(
            f64::from_bits(unsigned as u64).is_nan(),
            || format!("{:?}", f64::from_bits(unsigned as u64)),
            unsigned,
        ),
        LeafClass::Float | LeafClass::Pointer { .. } | LeafClass::Bytes => format!("{unsigned:#x}"),
    }
}

fn float(nan: bool, shown: impl Fn() -> String, bits: u128) -> String {
    match nan {
        true => format!("NaN({bits:#x})"),
        false => shown(),
    }
}

/// A leaf's bytes from the text [`show`] writes.
fn read(text: &str, class: LeafClass, size: usize) -> Option<Vec<u8>> {
    let value: u128 = match class {
        LeafClass::Int { signed: true, .. } | LeafClass::Enum(_) => {
            text.parse::<i128>().ok()? as u128
        }
        LeafClass::Int { .. } => text.parse().ok()?,
        LeafClass::Bool => text.parse::<bool>().ok()? as u128,
        LeafClass::Float if size == 4 || size == 8 => match text.strip_prefix("NaN(") {
            Some(bits) => hex(bits.strip_suffix(')')?)?,
            None if size == 4 => text.parse::<f32>().ok()?.to_bits() as u128,
            None => text.parse::<f64>().ok()?.to_bits() as u128,
        },
        LeafClass::Float | LeafClass::Pointer { .. } | LeafClass::Bytes => hex(text)?,
    };
    Some(value.to_le_bytes()[..size].to_vec())
}

fn hex(text: &str) -> Option<u128> {
    u128::from_str_radix(text.strip_prefix("0x")?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_shown_and_read_back_leaf_by_leaf() {
        let leaves = leaves::<[i32; 2]>();
        assert_eq!(leaves[1].path, "[1]");
        let mut bytes = vec![0u8; 8];
        bytes[..4].copy_from_slice(&(-3i32).to_le_bytes());
        bytes[4..].copy_from_slice(&7i32.to_le_bytes());
        let value = Fields::<[i32; 2]>::from_bytes(bytes, leaves.clone());
        assert_eq!(format!("{value:?}"), "{[0] = -3, [1] = 7}");
        let back = Fields::<[i32; 2]>::replay_item("{[0] = -3, [1] = 7}").unwrap();
        assert_eq!(back.value(), [-3, 7]);
        assert!(Fields::<[i32; 2]>::replay_item("{[0] = -3}").is_none());
        let nan = f32::from_bits(0x7fa0_0123);
        let floats = Fields::<[f32; 1]>::from_bytes(
            nan.to_bits().to_le_bytes().to_vec(),
            super::leaves::<[f32; 1]>(),
        );
        assert_eq!(format!("{floats:?}"), "{[0] = NaN(0x7fa00123)}");
        let back = Fields::<[f32; 1]>::replay_item("{[0] = NaN(0x7fa00123)}").unwrap();
        assert_eq!(back.value()[0].to_bits(), 0x7fa0_0123);
    }
}
