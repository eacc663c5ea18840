//! The call shapes: each sends a value across one way and returns what arrived on the other side,
//! as bytes, for the comparison.

use std::ffi::{c_int, c_void};
use std::mem::MaybeUninit;

use ffi_test_protocol::roundtrip::{self as protocol, symbol};

use super::after_args;
use super::value::{FfiValue, Leaf};

/// One way a value crosses. The names are the middle part of the generated tests' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Passed by value to C.
    ByValue,
    /// Passed by pointer to C.
    ByPointer,
    /// Returned by value from C.
    Returned,
    /// Passed to C and returned by value.
    Echoed,
    /// Passed after 1 to 16 other arguments (integer and float registers run out).
    AfterArgs,
    /// Inside a struct of 1 to 16 copies, by value.
    CopiesByValue,
    /// Inside a struct of 1 to 16 copies, by pointer.
    CopiesByPointer,
    /// Mixed with `u8` and `f32` arguments in four orders.
    Mixed,
    /// Passed by C to a Rust `extern "C"` callback.
    ToRustCallback,
    /// Returned by a Rust callback to C.
    FromRustCallback,
}

impl Shape {
    /// Every shape, in the order of the protocol's table.
    pub const ALL: [Shape; 10] = [
        Shape::ByValue,
        Shape::ByPointer,
        Shape::Returned,
        Shape::Echoed,
        Shape::AfterArgs,
        Shape::CopiesByValue,
        Shape::CopiesByPointer,
        Shape::Mixed,
        Shape::ToRustCallback,
        Shape::FromRustCallback,
    ];

    /// The scenario part of the test name: the protocol's table, which the macro names the
    /// tests from (`ALL` and `protocol::SHAPES` list the shapes in the same order).
    pub fn scenario(self) -> &'static str {
        let at = Shape::ALL.iter().position(|s| *s == self).unwrap_or(0);
        protocol::SHAPES[at].scenario
    }
}

/// What one crossing delivered: a label for the variant (which N, which argument order), the
/// bytes that arrived (a whole number of values), and whether the other arguments arrived intact.
pub struct Delivery {
    pub variant: String,
    pub arrived: Vec<u8>,
    pub others_intact: bool,
}

/// Resolves the generated C functions of one test.
pub trait Symbols {
    fn get(&self, name: &str) -> Result<*const (), String>;
}

/// `N` copies of `T` in a `#[repr(C)]` struct, as C declares `struct { T v[N]; }`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Copies<T, const N: usize>([T; N]);

/// Reads a `T` from `bytes`.
///
/// # Safety
/// `bytes` must hold a valid `T` (guaranteed for samples built from `T`'s leaves).
pub unsafe fn value_from<T: FfiValue>(bytes: &[u8]) -> T {
    assert!(bytes.len() >= std::mem::size_of::<T>());
    // SAFETY: the caller guarantees the bytes are a valid T; unaligned read of a Copy type.
    unsafe { std::ptr::read_unaligned(bytes.as_ptr() as *const T) }
}

/// The bytes of `value`'s leaves, padding left zero (padding may be uninitialised).
pub fn leaf_bytes<T: FfiValue>(value: &T, leaves: &[Leaf]) -> Vec<u8> {
    raw_leaf_bytes(&MaybeUninit::new(*value), leaves)
}

macro_rules! cast {
    ($symbols:expr, $name:expr, $ty:ty) => {{
        let address = $symbols.get($name)?;
        // SAFETY: the generated C function `$name` has exactly this prototype (same model).
        unsafe { std::mem::transmute::<*const (), $ty>(address) }
    }};
}

/// Sends `sample` (a valid `T`) across `shape`; returns every delivery.
pub fn deliver<T: FfiValue>(
    shape: Shape,
    symbols: &dyn Symbols,
    sample: &[u8],
    leaves: &[Leaf],
) -> Result<Vec<Delivery>, String> {
    let size = std::mem::size_of::<T>();
    // SAFETY: samples are built from T's leaves with valid values only.
    let value: T = unsafe { value_from(sample) };
    let one = |variant: &str, arrived: Vec<u8>, others_intact: bool| Delivery {
        variant: variant.to_string(),
        arrived,
        others_intact,
    };
    let mut out = vec![0u8; size];
    Ok(match shape {
        Shape::ByValue => {
            let f = cast!(symbols, symbol::BY_VALUE, unsafe extern "C" fn(T, *mut u8));
            // SAFETY: `out` has room for a T.
            unsafe { f(value, out.as_mut_ptr()) };
            vec![one("", out, true)]
        }
        Shape::ByPointer => {
            let f = cast!(
                symbols,
                symbol::BY_POINTER,
                unsafe extern "C" fn(*const T, *mut u8)
            );
            // SAFETY: `value` is live for the call; `out` has room for a T.
            unsafe { f(&value, out.as_mut_ptr()) };
            vec![one("", out, true)]
        }
        // What C returns is received as `MaybeUninit<T>` (same ABI: it is `repr(transparent)`)
        // and read as bytes: when the conventions disagree, it may not be a valid `T` (a `bool`
        // of 2, an enum without that discriminant), and making it one would be undefined
        // behaviour exactly when the check has something to report.
        Shape::Returned => {
            let f = cast!(
                symbols,
                symbol::RETURNED,
                unsafe extern "C" fn(*const u8) -> MaybeUninit<T>
            );
            // SAFETY: C reads a T's worth of bytes from `sample`.
            let got = unsafe { f(sample.as_ptr()) };
            vec![one("", raw_leaf_bytes(&got, leaves), true)]
        }
        Shape::Echoed => {
            let f = cast!(
                symbols,
                symbol::ECHO,
                unsafe extern "C" fn(T) -> MaybeUninit<T>
            );
            // SAFETY: plain by-value call.
            let got = unsafe { f(value) };
            vec![one("", raw_leaf_bytes(&got, leaves), true)]
        }
        Shape::AfterArgs => {
            let mut all = Vec::new();
            for n in 1..=protocol::MAX_N {
                let address = symbols.get(&symbol::after(n))?;
                let mut out = vec![0u8; size];
                // SAFETY: `address` is ffi_rt_after_{n} for T; `out` has room for a T.
                let intact = unsafe { after_args::call(n, address, value, out.as_mut_ptr()) };
                all.push(one(
                    &format!("after {n} other arg{}", if n == 1 { "" } else { "s" }),
                    out,
                    intact,
                ));
            }
            all
        }
        Shape::CopiesByValue | Shape::CopiesByPointer => copies::<T>(shape, symbols, value)?,
        Shape::Mixed => {
            let mut all = Vec::new();
            type Mix<A, B, C> = unsafe extern "C" fn(A, B, C, *mut u8) -> c_int;
            let (byte, float) = (protocol::MIX_BYTE, protocol::MIX_FLOAT);
            let a = cast!(symbols, &symbol::mix("a"), Mix<u8, T, f32>);
            let b = cast!(symbols, &symbol::mix("b"), Mix<f32, T, u8>);
            let c = cast!(symbols, &symbol::mix("c"), Mix<T, u8, f32>);
            let d = cast!(symbols, &symbol::mix("d"), Mix<u8, f32, T>);
            let mut run = |label: &str, call: &dyn Fn(*mut u8) -> c_int| {
                let mut out = vec![0u8; size];
                let intact = call(out.as_mut_ptr()) == 1;
                all.push(one(label, out, intact));
            };
            // SAFETY: each generated prototype is the type it was cast to; `o` has room for a T.
            run("(u8, value, f32)", &|o| unsafe { a(byte, value, float, o) });
            // SAFETY: as above.
            run("(f32, value, u8)", &|o| unsafe { b(float, value, byte, o) });
            // SAFETY: as above.
            run("(value, u8, f32)", &|o| unsafe { c(value, byte, float, o) });
            // SAFETY: as above.
            run("(u8, f32, value)", &|o| unsafe { d(byte, float, value, o) });
            all
        }
        Shape::ToRustCallback => {
            let f = cast!(
                symbols,
                symbol::CALL_RUST,
                unsafe extern "C" fn(
                    extern "C" fn(MaybeUninit<T>, *mut c_void),
                    *const u8,
                    *mut c_void,
                )
            );
            let mut received = MaybeUninit::<T>::zeroed();
            // SAFETY: C builds a T from `sample` and calls `record::<T>` with the slot.
            unsafe {
                f(
                    record::<T>,
                    sample.as_ptr(),
                    received.as_mut_ptr() as *mut c_void,
                )
            };
            vec![one("", raw_leaf_bytes(&received, leaves), true)]
        }
        Shape::FromRustCallback => {
            let f = cast!(
                symbols,
                symbol::RUST_RETURNS,
                unsafe extern "C" fn(extern "C" fn(*mut c_void) -> T, *mut c_void, *mut u8)
            );
            // SAFETY: C calls `produce::<T>` with `&value` and copies the returned T to `out`.
            unsafe {
                f(
                    produce::<T>,
                    &value as *const T as *mut c_void,
                    out.as_mut_ptr(),
                )
            };
            vec![one("", out, true)]
        }
    })
}

/// Called by C with a value, received as `MaybeUninit<T>` (it may not be a valid `T`): stores it
/// in the `MaybeUninit<T>` slot behind `ctx`, to be read as bytes.
extern "C" fn record<T: FfiValue>(value: MaybeUninit<T>, ctx: *mut c_void) {
    // SAFETY: `ctx` is the `MaybeUninit<T>` slot passed by `deliver`, alive for the call.
    unsafe { (ctx as *mut MaybeUninit<T>).write(value) };
}

/// The leaf bytes of a slot that may hold anything a foreign function wrote (even an invalid
/// `bool`): read as bytes, never as a `T`.
pub fn raw_leaf_bytes<T>(slot: &MaybeUninit<T>, leaves: &[Leaf]) -> Vec<u8> {
    let mut out = vec![0u8; std::mem::size_of::<T>()];
    let base = slot.as_ptr() as *const u8;
    for leaf in leaves {
        // SAFETY: leaves lie inside T, and every leaf byte is initialised: the callee wrote the
        // whole value (a returned value, a value passed to a callback) or the slot was zeroed
        // first. Padding, which may be uninitialised, is not read.
        unsafe {
            std::ptr::copy_nonoverlapping(
                base.add(leaf.offset),
                out.as_mut_ptr().add(leaf.offset),
                leaf.size,
            )
        };
    }
    out
}

/// Called by C: returns the `T` behind `ctx`.
extern "C" fn produce<T: FfiValue>(ctx: *mut c_void) -> T {
    // SAFETY: `ctx` is the `&T` passed by `deliver`, alive for the call.
    unsafe { *(ctx as *const T) }
}

fn copies<T: FfiValue>(
    shape: Shape,
    symbols: &dyn Symbols,
    value: T,
) -> Result<Vec<Delivery>, String> {
    macro_rules! each_n {
        ($($n:literal)*) => {{
            let mut all = Vec::new();
            $(
                let wrapped = Copies::<T, $n>([value; $n]);
                let mut out = vec![0u8; std::mem::size_of::<Copies<T, $n>>()];
                if shape == Shape::CopiesByValue {
                    let f = cast!(symbols, &symbol::copies_value($n), unsafe extern "C" fn(Copies<T, $n>, *mut u8));
                    // SAFETY: `out` has room for the whole struct.
                    unsafe { f(wrapped, out.as_mut_ptr()) };
                } else {
                    let f = cast!(symbols, &symbol::copies_pointer($n), unsafe extern "C" fn(*const Copies<T, $n>, *mut u8));
                    // SAFETY: `wrapped` is live for the call; `out` has room for it.
                    unsafe { f(&wrapped, out.as_mut_ptr()) };
                }
                all.push(Delivery { variant: format!("struct of {} cop{}", $n, if $n == 1 { "y" } else { "ies" }), arrived: out, others_intact: true });
            )*
            all
        }};
    }
    Ok(each_n!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_shapes_are_the_protocols_in_the_same_order() {
        let variants: Vec<String> = Shape::ALL.iter().map(|s| format!("{s:?}")).collect();
        let protocol: Vec<&str> = protocol::SHAPES.iter().map(|s| s.variant).collect();
        assert_eq!(variants, protocol);
    }
}
