//! Constants against C macros and enumerators: the value C's compiler computes for the name,
//! compared with the Rust constant's (integers by value, floats bit for bit, strings by bytes).

use std::ffi::{c_char, CStr};

use crate::registry::context::TestContext;
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
    ctx: &dyn TestContext,
    name: &str,
    c_name: &str,
    rust: ConstValue,
    rust_width: usize,
) -> Result<(), String> {
    if let Some(not_checked) = super::unresolved(ctx, ctx.entry().name) {
        return Err(not_checked);
    }
    compare(name, c_name, rust, rust_width, &|symbol| {
        ctx.c_symbol(symbol)
            .map_err(|why| c_unavailable(name, c_name, &why))
    })
}

/// The report when C cannot evaluate `c_name`: one line naming it and why, from the compiler's
/// first error (its notes about the expansion of the check's own macros say nothing more).
/// A constant the headers do not define is a failure (the binding names something C lacks);
/// one whose expansion C cannot compute from these headers leaves nothing to compare, so the
/// check is not made and says why (`registry::outcome::NotChecked`).
pub fn c_unavailable(name: &str, c_name: &str, why: &str) -> String {
    // A configuration that does not compile says so whole, mark and all: nothing was compared.
    if crate::registry::outcome::BrokenSetup::find(why).is_some() {
        return format!("constant `{name}` could not be compared: {why}\n");
    }
    let errors = super::layout::errors_only(why);
    let Some(error) = errors
        .lines()
        .find_map(|l| l.split_once(": error: ").map(|(_, e)| e))
    else {
        return why.to_string();
    };
    match reason(c_name, error) {
        Unavailable::Undefined(why) | Unavailable::Other(why) => {
            format!(
                "constant `{name}` could not be compared: C cannot evaluate `{c_name}`: {why}\n"
            )
        }
        Unavailable::NotEvaluable(why) => crate::registry::outcome::NotChecked::encode(&format!(
            "C cannot evaluate `{c_name}`: {why}"
        )),
    }
}

/// Why C cannot evaluate a constant.
#[derive(Debug, PartialEq)]
enum Unavailable {
    /// The headers do not define it.
    Undefined(String),
    /// Defined, but its expansion is not something these headers let C compute.
    NotEvaluable(String),
    /// Any other compiler error, in the compiler's words.
    Other(String),
}

/// Why C cannot evaluate `c_name`, from a GCC or clang error line's text.
fn reason(c_name: &str, error: &str) -> Unavailable {
    let words = quoted(error);
    let suggestion = error
        .split_once("did you mean ")
        .and_then(|(_, rest)| quoted(rest).into_iter().next())
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    if error.contains("undeclared") {
        return match words.first() {
            Some(&x) if x == c_name => Unavailable::Undefined(format!(
                "these headers (with the configured defines) do not define it{suggestion}"
            )),
            Some(x) => Unavailable::NotEvaluable(format!(
                "its expansion names `{x}`, which these headers (with the configured defines) do \
                 not declare"
            )),
            None => Unavailable::Other(error.to_string()),
        };
    }
    if error.contains("incomplete type") {
        if let Some(ty) = words.last() {
            return Unavailable::NotEvaluable(format!(
                "its expansion needs `{ty}`, a type these headers never complete (not a constant \
                 they let C compute)"
            ));
        }
    }
    Unavailable::Other(format!("the compiler says: {error}"))
}

/// The quoted words of a diagnostic, in GCC's ('x' or ‘x’) or clang's ('x') quotes.
fn quoted(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['\'', '\u{2018}']) {
        let after = &rest[open..];
        let skip = after.chars().next().map_or(1, char::len_utf8);
        let body = &after[skip..];
        let Some(close) = body.find(['\'', '\u{2019}']) else {
            break;
        };
        out.push(&body[..close]);
        let close_len = body[close..].chars().next().map_or(1, char::len_utf8);
        rest = &body[close + close_len..];
    }
    out
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
    fn a_constant_c_cannot_evaluate_is_one_line_naming_it() {
        let gcc = "x.rs: In function 'f':\nx.rs:4:77: error: 'API_LIMT' undeclared (first use in this function); did you mean 'API_LIMIT'?\nnote: in definition of macro 'FFI_TEST_KIND'\n";
        assert_eq!(
            super::c_unavailable("API_LIMT", "API_LIMT", gcc),
            "constant `API_LIMT` could not be compared: C cannot evaluate `API_LIMT`: these headers (with the configured defines) do not define it; did you mean `API_LIMIT`?\n"
        );
    }

    #[test]
    fn a_constant_whose_expansion_c_cannot_compute_is_not_checked() {
        let not_checked =
            |why: &str| crate::registry::outcome::NotChecked::decode(why).map(str::to_string);
        let clang = "api.h:14:36: error: invalid application of 'sizeof' to an incomplete type 'struct termios2'";
        assert_eq!(
            not_checked(&super::c_unavailable("TCGETS2", "TCGETS2", clang)).as_deref(),
            Some("C cannot evaluate `TCGETS2`: its expansion needs `struct termios2`, a type these headers never complete (not a constant they let C compute)")
        );
        let unicode = "x.c:1:1: error: \u{2018}B\u{2019} undeclared here";
        assert_eq!(
            not_checked(&super::c_unavailable("A", "A", unicode)).as_deref(),
            Some("C cannot evaluate `A`: its expansion names `B`, which these headers (with the configured defines) do not declare")
        );
    }

    #[test]
    fn integers_agree_when_they_are_the_same_bits_at_rusts_width() {
        assert!(super::same_bits(-2147483648, 2147483648, 4));
        assert!(super::same_bits(-1, 0xffff_ffff_ffff_ffff, 8));
        assert!(!super::same_bits(0, 256, 1));
        assert!(!super::same_bits(-1, 255, 2));
    }
}
