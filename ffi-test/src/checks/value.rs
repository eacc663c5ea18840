//! Constants against C macros and enumerators: the value C's compiler computes for the name,
//! compared with the Rust constant's (integers by value, floats bit for bit, strings by bytes).

use std::ffi::{c_char, CStr};

use ffi_test_protocol::value as protocol;

pub use protocol::FACTS_SYMBOL;

/// A Rust constant's value, as compared with C.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstValue {
    /// An integer (or `bool`), compared by value whatever its width.
    Int(i128),
    /// A float, compared bit for bit.
    Float(f64),
    /// A string, compared by bytes (without the terminating NUL).
    Bytes(Vec<u8>),
}

impl std::fmt::Display for ConstValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConstValue::Int(v) => write!(f, "integer {v}"),
            ConstValue::Float(v) => write!(f, "float {v:?} (bits {:#018x})", v.to_bits()),
            ConstValue::Bytes(b) => write!(f, "string {:?}", String::from_utf8_lossy(b)),
        }
    }
}

/// Rust constant types `#[value_matches]` compares: integers, floats, `bool`, `&str`, `&CStr`,
/// `&[u8]` (a trailing NUL ignored) and `*const c_char` (read as a C string).
pub trait AsConst {
    /// The value to compare.
    ///
    /// # Safety
    /// For `*const c_char`, the pointer must be null or point to a NUL-terminated string: it is
    /// read. (Safe for every other type.) `#[value_matches]` on a `*const c_char` constant asserts
    /// exactly that about the constant, and its check runs in a child process.
    unsafe fn as_const(&self) -> ConstValue;
}

macro_rules! ints {
    ($($t:ty),*) => {$(impl AsConst for $t { unsafe fn as_const(&self) -> ConstValue { ConstValue::Int(*self as i128) } })*};
}
ints!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);

impl AsConst for u128 {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Int(*self as i128)
    }
}
impl AsConst for bool {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Int(*self as i128)
    }
}
impl AsConst for f32 {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Float(*self as f64)
    }
}
impl AsConst for f64 {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Float(*self)
    }
}
impl AsConst for &str {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Bytes(self.as_bytes().to_vec())
    }
}
impl AsConst for &CStr {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Bytes(self.to_bytes().to_vec())
    }
}
impl AsConst for &[u8] {
    unsafe fn as_const(&self) -> ConstValue {
        ConstValue::Bytes(self.strip_suffix(b"\0").unwrap_or(self).to_vec())
    }
}
impl<const N: usize> AsConst for &[u8; N] {
    unsafe fn as_const(&self) -> ConstValue {
        // SAFETY: a byte slice is read as it is.
        unsafe { (&self[..]).as_const() }
    }
}
impl AsConst for *const c_char {
    unsafe fn as_const(&self) -> ConstValue {
        if self.is_null() {
            return ConstValue::Int(0);
        }
        // SAFETY: the caller guarantees a non-null pointer points to a NUL-terminated string.
        ConstValue::Bytes(unsafe { CStr::from_ptr(*self) }.to_bytes().to_vec())
    }
}

/// Runs one constant test.
/// `rust_width` is the size of the Rust constant's type: an integer that C writes unsigned and
/// Rust signed (or the reverse) agrees when both are the same bits at that width
/// (`0x80000000` in C, `i32::MIN` in Rust).
pub fn run_value(
    test: &str,
    name: &str,
    c_name: &str,
    rust: ConstValue,
    rust_width: usize,
) -> Result<(), String> {
    compare(name, c_name, rust, rust_width, &|symbol| {
        crate::toolchain::try_c_symbol(test, symbol)
    })
}

/// Whether `a` and `b` are the same `width`-byte pattern, each within that width's range.
fn same_bits(a: i128, b: i128, width: usize) -> bool {
    if width == 0 || width >= 16 {
        return false;
    }
    let bits = 8 * width as u32;
    let (low, high) = (-(1i128 << (bits - 1)), 1i128 << bits);
    let in_range = |v: i128| (low..high).contains(&v);
    in_range(a) && in_range(b) && (a - b).rem_euclid(high) == 0
}

/// Compares the Rust constant `name` (value `rust`) with C's `c_name`.
pub fn compare(
    name: &str,
    c_name: &str,
    rust: ConstValue,
    rust_width: usize,
    get: &dyn Fn(&str) -> Result<*const (), String>,
) -> Result<(), String> {
    let f = get(FACTS_SYMBOL)?;
    // SAFETY: the generated facts function (protocol::c_text) writes FACTS_LEN values.
    let f = unsafe { std::mem::transmute::<*const (), unsafe extern "C" fn(*mut u64)>(f) };
    let mut c = [0u64; protocol::FACTS_LEN];
    // SAFETY: room for every value written.
    unsafe { f(c.as_mut_ptr()) };
    let value = c[protocol::AT_VALUE];
    let c_value = match c[protocol::AT_CODE] {
        protocol::SIGNED => ConstValue::Int(value as i64 as i128),
        protocol::UNSIGNED => ConstValue::Int(value as i128),
        protocol::FLOAT => ConstValue::Float(f64::from_bits(value)),
        protocol::STRING if value != 0 => {
            // SAFETY: C gave the address of a string literal (NUL-terminated, static).
            ConstValue::Bytes(
                unsafe { CStr::from_ptr(value as usize as *const c_char) }
                    .to_bytes()
                    .to_vec(),
            )
        }
        _ => ConstValue::Int(0),
    };
    judge(name, c_name, rust, rust_width, c_value)
}

/// The verdict on Rust's `rust` against C's `c_value`.
pub fn judge(
    name: &str,
    c_name: &str,
    rust: ConstValue,
    rust_width: usize,
    c_value: ConstValue,
) -> Result<(), String> {
    let same = match (&rust, &c_value) {
        (ConstValue::Float(a), ConstValue::Float(b)) => a.to_bits() == b.to_bits(),
        (ConstValue::Int(a), ConstValue::Int(b)) => a == b || same_bits(*a, *b, rust_width),
        (a, b) => a == b,
    };
    if same {
        Ok(())
    } else {
        Err(format!(
            "constant `{name}` does not match C `{c_name}`:\n  Rust: {rust}\n     C: {c_value}\n"
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn integers_agree_when_they_are_the_same_bits_at_rusts_width() {
        assert!(super::same_bits(-2147483648, 2147483648, 4));
        assert!(super::same_bits(-1, 0xffff_ffff_ffff_ffff, 8));
        assert!(!super::same_bits(0, 256, 1));
        assert!(!super::same_bits(-1, 255, 2));
    }
}
