//! Generated values, after the batteries: each leaf drawn from the values valid for its class
//! (integers with their edges weighted in, floats of every class, the enum's own
//! discriminants), so a value that arrives changed only for some values (a payload C treats as
//! padding under some flags, a field C copies only in some states) is found; the first is
//! shrunk by proptest, then simplified leaf by leaf, and reported with the seed that replays
//! it.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{TestCaseError, TestError};

use super::generate::boundaries;
use super::value::{Leaf, LeafClass};
use crate::checks::generation::{self, Edges, SEED_VAR};

/// Generated values per shape when `FFI_TEST_CASES` does not say.
const DEFAULT_CASES: u32 = 64;

/// Calls spent at most on simplifying a shrunk value.
const SIMPLIFY_CALLS: usize = 2048;

/// A generated value that arrives changed, simplified, and how a report names it.
pub struct Found {
    pub label: String,
    pub bytes: Vec<u8>,
}

/// The first generated value of a type of `size` bytes with `leaves` on which `changed` says
/// yes (it sends the value through the shape and compares what arrives), shrunk; `None` when
/// every value arrived intact. An error of `changed` (a missing C function) ends the search.
pub fn search(
    size: usize,
    leaves: &[Leaf],
    changed: &dyn Fn(&[u8]) -> Result<bool, String>,
) -> Result<Option<Found>, String> {
    let (seed, cases) = (generation::seed()?, generation::cases_or(DEFAULT_CASES)?);
    let strategy: Vec<BoxedStrategy<Vec<u8>>> = leaves.iter().map(leaf_values).collect();
    let assemble = |parts: &[Vec<u8>]| {
        let mut bytes = vec![0u8; size];
        for (leaf, part) in leaves.iter().zip(parts) {
            bytes[leaf.offset..leaf.offset + leaf.size].copy_from_slice(part);
        }
        bytes
    };
    let outcome = generation::runner(seed, cases, None).run(&strategy, |parts| {
        match changed(&assemble(&parts)) {
            Ok(false) => Ok(()),
            Ok(true) => Err(TestCaseError::fail("arrived changed")),
            Err(e) => Err(TestCaseError::fail(e)),
        }
    });
    let parts = match outcome {
        Ok(()) => return Ok(None),
        Err(TestError::Fail(_, parts)) => parts,
        Err(TestError::Abort(why)) => return Err(format!("generated values stopped: {why}")),
    };
    let bytes = simplify(assemble(&parts), leaves, changed)?;
    Ok(Some(Found {
        label: format!("generated and shrunk ({SEED_VAR}={seed:016x} replays it, {cases} cases)"),
        bytes,
    }))
}

/// The values leaf `leaf` may hold, as its bytes.
pub(crate) fn leaf_values(leaf: &Leaf) -> BoxedStrategy<Vec<u8>> {
    let n = leaf.size;
    match leaf.class {
        LeafClass::Bool => select(vec![vec![0u8], vec![1]]).boxed(),
        LeafClass::Enum(_) => select(boundaries(leaf)).boxed(),
        LeafClass::Int { signed, non_zero } => {
            let any = int_values(n, signed);
            match non_zero {
                true => any
                    .prop_filter("zero is not valid", |b| b.iter().any(|x| *x != 0))
                    .boxed(),
                false => any,
            }
        }
        LeafClass::Float if n == 4 => proptest::num::f32::ANY
            .prop_map(|f| f.to_bits().to_le_bytes().to_vec())
            .boxed(),
        LeafClass::Float if n == 8 => proptest::num::f64::ANY
            .prop_map(|f| f.to_bits().to_le_bytes().to_vec())
            .boxed(),
        // x87's long double has bit patterns the FPU rewrites on load: only known-valid ones.
        LeafClass::Float => select(boundaries(leaf)).boxed(),
        LeafClass::Pointer { nullable } => any::<u64>()
            .prop_map(move |p| p.to_le_bytes()[..n.min(8)].to_vec())
            .prop_filter("null is not valid", move |b| {
                nullable || b.iter().any(|x| *x != 0)
            })
            .boxed(),
        LeafClass::Bytes => proptest::collection::vec(any::<u8>(), n).boxed(),
    }
}

/// An integer leaf's values: a size's edges weighted in, as differential tests draw them.
fn int_values(n: usize, signed: bool) -> BoxedStrategy<Vec<u8>> {
    macro_rules! edges {
        ($t:ty) => {
            Edges::<$t>(std::marker::PhantomData)
                .prop_map(|v| v.to_le_bytes().to_vec())
                .boxed()
        };
    }
    match (n, signed) {
        (1, true) => edges!(i8),
        (1, false) => edges!(u8),
        (2, true) => edges!(i16),
        (2, false) => edges!(u16),
        (4, true) => edges!(i32),
        (4, false) => edges!(u32),
        (8, true) => edges!(i64),
        (8, false) => edges!(u64),
        (16, true) => edges!(i128),
        (16, false) => edges!(u128),
        _ => proptest::collection::vec(any::<u8>(), n).boxed(),
    }
}

/// `bytes` made simpler leaf by leaf while `changed` still says yes: each leaf made its
/// simplest valid value, then (an integer, a union's bytes) each set bit cleared from the top.
fn simplify(
    mut bytes: Vec<u8>,
    leaves: &[Leaf],
    changed: &dyn Fn(&[u8]) -> Result<bool, String>,
) -> Result<Vec<u8>, String> {
    let mut calls = 0;
    let mut progress = true;
    while progress && calls < SIMPLIFY_CALLS {
        progress = false;
        for leaf in leaves {
            for candidate in simpler_leaf(&bytes, leaf) {
                calls += 1;
                if calls > SIMPLIFY_CALLS {
                    break;
                }
                if changed(&candidate)? {
                    (bytes, progress) = (candidate, true);
                }
            }
        }
    }
    Ok(bytes)
}

/// Values of `bytes` with leaf `leaf` one step simpler, each still valid for its class.
pub(crate) fn simpler_leaf(bytes: &[u8], leaf: &Leaf) -> Vec<Vec<u8>> {
    let range = leaf.offset..leaf.offset + leaf.size;
    let current = &bytes[range.clone()];
    let mut options: Vec<Vec<u8>> = match leaf.class {
        LeafClass::Enum(_) => boundaries(leaf).into_iter().take(1).collect(),
        LeafClass::Pointer { nullable: false } => Vec::new(),
        _ => vec![vec![0; leaf.size]],
    };
    match leaf.class {
        LeafClass::Int { signed, .. } if leaf.size <= 16 => {
            options.extend(simpler_int(current, signed))
        }
        LeafClass::Int { .. } | LeafClass::Bytes => {
            for bit in (0..leaf.size * 8).rev() {
                let (byte, mask) = (bit / 8, 1u8 << (bit % 8));
                if current[byte] & mask != 0 {
                    let mut cleared = current.to_vec();
                    cleared[byte] &= !mask;
                    options.push(cleared);
                }
            }
        }
        _ => {}
    }
    let non_zero = matches!(leaf.class, LeafClass::Int { non_zero: true, .. });
    options
        .into_iter()
        .filter(|o| o != current && !(non_zero && o.iter().all(|b| *b == 0)))
        .map(|o| {
            let mut next = bytes.to_vec();
            next[range.clone()].copy_from_slice(&o);
            next
        })
        .collect()
}

/// An integer's simpler values, as its bytes: each set bit of its magnitude cleared from the
/// top (a negative one stays negative, so each step is closer to zero), then halved.
fn simpler_int(current: &[u8], signed: bool) -> Vec<Vec<u8>> {
    let negative = signed && current.last().is_some_and(|top| top & 0x80 != 0);
    let mut wide = [if negative { 0xFF } else { 0 }; 16];
    wide[..current.len()].copy_from_slice(current);
    let value = i128::from_le_bytes(wide);
    let magnitude = match negative {
        true => value.unsigned_abs(),
        false => u128::from_le_bytes(wide),
    };
    let bytes = |m: u128| {
        let v = if negative {
            (m as i128).wrapping_neg() as u128
        } else {
            m
        };
        v.to_le_bytes()[..current.len()].to_vec()
    };
    let mut out: Vec<Vec<u8>> = (0..current.len() as u32 * 8)
        .rev()
        .filter(|k| magnitude >> k & 1 == 1)
        .map(|k| bytes(magnitude & !(1u128 << k)))
        .collect();
    out.push(bytes(magnitude >> 1));
    out
}

#[cfg(test)]
mod tests {
    use super::super::value::leaves_of;
    use super::*;

    #[test]
    fn a_value_changed_only_under_some_flags_is_found_and_simplified() {
        // (flags, payload): the payload arrives zeroed when flags' bits 8-9 are 01.
        let leaves = leaves_of::<[u32; 2]>("m");
        let changed = |b: &[u8]| {
            let flags = u32::from_le_bytes(b[0..4].try_into().unwrap());
            let payload = u32::from_le_bytes(b[4..8].try_into().unwrap());
            Ok(flags & 0x300 == 0x100 && payload != 0)
        };
        let found = search(8, &leaves, &changed).unwrap().expect("found");
        assert_eq!(found.bytes, [0, 1, 0, 0, 1, 0, 0, 0], "{}", found.label);
        assert!(found
            .label
            .starts_with("generated and shrunk (FFI_TEST_SEED="));
        assert!(search(8, &leaves, &|_| Ok(false)).unwrap().is_none());
    }

    #[test]
    fn simpler_values_stay_valid() {
        let leaf = Leaf {
            path: "n".into(),
            offset: 0,
            size: 2,
            class: LeafClass::Int {
                signed: false,
                non_zero: true,
            },
        };
        let signed = Leaf {
            class: LeafClass::Int {
                signed: true,
                non_zero: false,
            },
            ..leaf.clone()
        };
        // -32768 halves to -16384 (0xc000), not to 16384.
        assert_eq!(
            simpler_leaf(&[0x00, 0x80], &signed).last().unwrap(),
            &[0x00, 0xc0]
        );
        let options = simpler_leaf(&[0x01, 0x80], &leaf);
        assert_eq!(
            options,
            [vec![0x01, 0x00], vec![0x00, 0x80], vec![0x00, 0x40]]
        );
        let flag = Leaf {
            class: LeafClass::Bool,
            size: 1,
            ..leaf
        };
        assert_eq!(simpler_leaf(&[1], &flag), [vec![0]]);
    }
}
