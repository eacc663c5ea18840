//! Values to send: graffiti (every leaf byte distinct and position-coded, so a shifted or
//! swapped field shows) and boundaries (0, -1, MIN, MAX, NaN payloads, -0.0, subnormals, ...),
//! each leaf given only values valid for its class.

use super::value::{Leaf, LeafClass};

/// A value's bytes and what it is called in reports.
pub struct Sample {
    pub label: String,
    pub bytes: Vec<u8>,
}

/// Every sample for a type of `size` bytes with `leaves`.
pub fn samples(size: usize, leaves: &[Leaf]) -> Vec<Sample> {
    let mut out = vec![graffiti(size, leaves)];
    let rounds = leaves
        .iter()
        .map(|l| boundaries(l).len())
        .max()
        .unwrap_or(0);
    for round in 0..rounds {
        let mut bytes = vec![0u8; size];
        for leaf in leaves {
            let options = boundaries(leaf);
            let value = &options[round % options.len()];
            bytes[leaf.offset..leaf.offset + leaf.size].copy_from_slice(value);
        }
        out.push(Sample {
            label: format!("boundary #{}", round + 1),
            bytes,
        });
    }
    out
}

/// Leaf byte k overall gets value 1 + (k mod 255): distinct within 255 bytes, never zero (so
/// non-null and non-zero leaves stay valid), and a byte that arrives at the wrong place shows
/// where it came from.
fn graffiti(size: usize, leaves: &[Leaf]) -> Sample {
    let mut bytes = vec![0u8; size];
    let mut counter = 0usize;
    for (i, leaf) in leaves.iter().enumerate() {
        let value: Vec<u8> = match leaf.class {
            LeafClass::Bool => int_bytes(1, leaf.size),
            LeafClass::Enum(values) => int_bytes(values[i % values.len()] as i128, leaf.size),
            _ => (0..leaf.size)
                .map(|_| {
                    counter += 1;
                    (1 + (counter - 1) % 255) as u8
                })
                .collect(),
        };
        bytes[leaf.offset..leaf.offset + leaf.size].copy_from_slice(&value);
    }
    Sample {
        label: "graffiti".into(),
        bytes,
    }
}

fn int_bytes(value: i128, size: usize) -> Vec<u8> {
    value.to_le_bytes()[..size].to_vec()
}

/// The boundary values of `leaf`, each valid for its class.
pub(super) fn boundaries(leaf: &Leaf) -> Vec<Vec<u8>> {
    let n = leaf.size;
    match leaf.class {
        LeafClass::Bool => vec![vec![0], vec![1]],
        LeafClass::Enum(values) => values.iter().map(|v| int_bytes(*v as i128, n)).collect(),
        LeafClass::Int { signed, non_zero } => {
            let bits = (n * 8) as u32;
            let (min, max): (i128, i128) = match (signed, bits) {
                (true, 128) => (i128::MIN, i128::MAX),
                (true, b) => (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1),
                (false, 128) => (0, -1), // u128::MAX, as its bytes
                (false, b) => (0, (1i128 << b) - 1),
            };
            let mut values = vec![
                int_bytes(min, n),
                int_bytes(max, n),
                vec![0xFF; n],
                int_bytes(1, n),
            ];
            if !non_zero {
                values.insert(0, vec![0; n]);
            }
            values.retain(|v| !(non_zero && v.iter().all(|b| *b == 0)));
            values
        }
        LeafClass::Float if n == 4 => [
            0.0f32.to_bits(),
            (-0.0f32).to_bits(),
            0x7FA0_0123, // a signalling NaN with a payload: must cross unquietened
            0xFFC0_4321, // a negative quiet NaN with a payload
            0x0000_0001, // the smallest subnormal
            f32::INFINITY.to_bits(),
            f32::MAX.to_bits(),
        ]
        .iter()
        .map(|b| b.to_le_bytes().to_vec())
        .collect(),
        LeafClass::Float => [
            0.0f64.to_bits(),
            (-0.0f64).to_bits(),
            0x7FF4_0000_0000_0123, // a signalling NaN with a payload
            0xFFF8_0000_0000_4321, // a negative quiet NaN with a payload
            0x0000_0000_0000_0001, // the smallest subnormal
            f64::NEG_INFINITY.to_bits(),
            f64::MIN_POSITIVE.to_bits(),
        ]
        .iter()
        .map(|b| b.to_le_bytes()[..n].to_vec())
        .collect(),
        LeafClass::Pointer { nullable } => {
            let mut values = vec![vec![0xFF; n], int_bytes(1, n), int_bytes(0x1000, n)];
            if nullable {
                values.insert(0, vec![0; n]);
            }
            values
        }
        LeafClass::Bytes => vec![
            vec![0; n],
            vec![0xFF; n],
            (0..n).map(|i| 0x80 | i as u8).collect(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::leaves_of;
    use super::*;

    #[test]
    fn graffiti_bytes_are_distinct_and_non_zero() {
        let leaves = leaves_of::<[u32; 4]>("v");
        let s = &samples(16, &leaves)[0];
        let mut sorted = s.bytes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 16);
        assert!(s.bytes.iter().all(|b| *b != 0));
    }

    #[test]
    fn boundaries_respect_leaf_classes() {
        let bool_leaf = Leaf {
            path: "b".into(),
            offset: 0,
            size: 1,
            class: LeafClass::Bool,
        };
        for s in samples(1, &[bool_leaf]) {
            assert!(s.bytes[0] <= 1, "{}", s.label);
        }
        let nz = Leaf {
            path: "n".into(),
            offset: 0,
            size: 4,
            class: LeafClass::Int {
                signed: false,
                non_zero: true,
            },
        };
        for s in samples(4, &[nz]) {
            assert!(s.bytes.iter().any(|b| *b != 0), "{}", s.label);
        }
        let i8_leaf = Leaf {
            path: "i".into(),
            offset: 0,
            size: 1,
            class: LeafClass::Int {
                signed: true,
                non_zero: false,
            },
        };
        let values: Vec<u8> = samples(1, &[i8_leaf])
            .iter()
            .skip(1)
            .map(|s| s.bytes[0])
            .collect();
        assert!(
            values.contains(&0x80) && values.contains(&0x7F),
            "{values:?}"
        );
    }
}
