//! Bit-fields, compared bit for bit: Rust stores all ones through the binding's setter (bindgen's
//! accessors) in a zeroed value, C stores `-1` in the member of a zeroed value, and each side
//! reports which bits of the value's bytes were set. Padding bit-fields have no setter and are
//! not compared; the struct's other fields, size and alignment are compared as usual.

use ffi_test_protocol::surface::{BITFIELD_FACTS, BITS_HELPER};

/// One bit-field as Rust's setter places it: bits numbered from the first byte's least
/// significant bit.
#[derive(Debug, Clone)]
pub struct RustBitfield {
    /// The Rust accessor's name.
    pub name: &'static str,
    /// The C member.
    pub c_name: &'static str,
    /// The Rust line of the declaration, for C diagnostics.
    pub line: u32,
    /// First bit set, last bit set, bits set; `None` if the setter set none.
    pub bits: Option<(u64, u64, u64)>,
}

/// A value every bit of which is set, to store through a bit-field setter.
pub trait AllOnes {
    /// All bits set (`true` for `bool`).
    const ALL_ONES: Self;
}

macro_rules! all_ones {
    ($($t:ty),*) => {$(impl AllOnes for $t { const ALL_ONES: Self = !0; })*};
}
all_ones!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
impl AllOnes for bool {
    const ALL_ONES: Self = true;
}

/// A bit-field as a layout's description holds it: `bits` measures it (stores all ones through
/// the setter in a zeroed value), when the check runs.
#[derive(Debug, Clone)]
pub struct BitfieldSetter {
    /// The Rust accessor's name.
    pub name: &'static str,
    /// The C member.
    pub c_name: &'static str,
    /// The Rust line of the declaration, for C diagnostics.
    pub line: u32,
    /// Measures the bits the setter sets ([`bits_through`] over the accessor).
    pub bits: fn() -> Option<(u64, u64, u64)>,
}

impl BitfieldSetter {
    /// The bit-field as the comparison reads it: its bits measured now.
    pub fn measured(&self) -> RustBitfield {
        RustBitfield {
            name: self.name,
            c_name: self.c_name,
            line: self.line,
            bits: (self.bits)(),
        }
    }
}

/// The bits of a `T` that `set` sets when it stores all ones (first, last, count).
pub fn bits_through<T, V: AllOnes>(set: impl Fn(&mut T, V)) -> Option<(u64, u64, u64)> {
    let mut place = std::mem::MaybeUninit::<T>::zeroed();
    // SAFETY: the types bindgen gives accessors are plain C data (integers, floats, raw pointers,
    // `Option` of fn pointers, arrays and structs of those), for which all zero bytes is a valid
    // value; the setter only writes the bit-field's storage unit.
    let value = unsafe { place.assume_init_mut() };
    set(value, V::ALL_ONES);
    // SAFETY: `place` is `size_of::<T>()` initialised bytes (zeroed, then partly written).
    let bytes = unsafe {
        std::slice::from_raw_parts(place.as_ptr() as *const u8, std::mem::size_of::<T>())
    };
    bits_of(bytes)
}

pub(crate) fn bits_of(bytes: &[u8]) -> Option<(u64, u64, u64)> {
    let set: Vec<u64> = (0..8 * bytes.len() as u64)
        .filter(|i| bytes[(i / 8) as usize] >> (i % 8) & 1 == 1)
        .collect();
    Some((*set.first()?, *set.last()?, set.len() as u64))
}

/// The C statement writing bit-field `member`'s facts of C type `t` at `o`, advancing `o`.
pub fn c_facts(t: &str, member: &str) -> String {
    format!(
        "    {{ {t} v; __builtin_memset(&v, 0, sizeof v); v.{member} = -1; \
         {BITS_HELPER}((const unsigned char *)&v, sizeof v, o); o += {BITFIELD_FACTS}; }}"
    )
}

/// The report row when Rust's bits and C's facts (`c`: first, last, count) differ.
pub fn disagreement(rust: &RustBitfield, c: &[u64]) -> Option<[String; 3]> {
    bits_disagreement(rust, (c[2] > 0).then(|| (c[0], c[1], c[2])))
}

/// The report row when Rust's bits (or another language's) and C's differ.
pub fn bits_disagreement(
    rust: &RustBitfield,
    c_bits: Option<(u64, u64, u64)>,
) -> Option<[String; 3]> {
    if rust.bits == c_bits {
        return None;
    }
    let label = if rust.name == rust.c_name {
        format!("{} (bit-field)", rust.name)
    } else {
        format!("{} ({}, bit-field)", rust.name, rust.c_name)
    };
    Some([label, describe(rust.bits), describe(c_bits)])
}

fn describe(bits: Option<(u64, u64, u64)>) -> String {
    match bits {
        None => "no bits".into(),
        Some((first, last, count)) if last - first + 1 == count => {
            format!("bits {first}..={last} ({count} wide)")
        }
        Some((first, last, count)) => format!("{count} bits between {first} and {last}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_numbered_from_the_first_bytes_low_bit() {
        assert_eq!(bits_of(&[0, 0b0111_0000, 0]), Some((12, 14, 3)));
        assert_eq!(bits_of(&[0, 0]), None);
    }
}
