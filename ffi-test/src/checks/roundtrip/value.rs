//! Values that can be round-tripped: each type lists its leaves (scalar pieces, with their path,
//! offset and what bit patterns are valid for them), so values can be built byte by byte and
//! compared leaf by leaf, padding excluded.

use std::num::{
    NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8,
};

/// What bit patterns a leaf may hold. More classes may come: match with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LeafClass {
    /// Any bits; `signed` picks the boundary values (MIN/MAX), `non_zero` forbids zero.
    Int {
        /// Boundary values are the signed ones.
        signed: bool,
        /// Zero is not a valid value (`NonZero*`).
        non_zero: bool,
    },
    /// Any bits, with the float boundaries (NaNs with payloads, infinities, -0.0, subnormals).
    Float,
    /// 0 or 1 only.
    Bool,
    /// One of these discriminants.
    Enum(&'static [i64]),
    /// Any address (never dereferenced); `nullable` allows zero.
    Pointer {
        /// Zero is a valid value.
        nullable: bool,
    },
    /// Any bits: the union's bytes, whichever member C reads.
    Bytes,
}

/// One scalar piece of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// E.g. `point.inner.x`, `point.samples[2]`.
    pub path: String,
    /// Bytes from the start of the outermost value.
    pub offset: usize,
    /// Bytes it covers.
    pub size: usize,
    /// Which values it may hold.
    pub class: LeafClass,
}

/// A type whose values ffi-test can build from bytes and compare leaf by leaf.
///
/// # Safety
/// `leaves` must describe only bytes inside the type, and every combination of leaf values it
/// allows (see [`LeafClass`]) with zeroed padding must be a valid value of the type.
/// `#[ffi_roundtrip]` implements it for the types it annotates.
///
/// ```
/// use ffi_test::roundtrip::{FfiValue, LeafClass};
/// let mut leaves = Vec::new();
/// <[u16; 2] as FfiValue>::leaves("v", 0, &mut leaves);
/// assert_eq!(leaves[1].path, "v[1]");
/// assert_eq!((leaves[1].offset, leaves[1].size), (2, 2));
/// assert_eq!(leaves[1].class, LeafClass::Int { signed: false, non_zero: false });
/// ```
pub unsafe trait FfiValue: Copy + 'static {
    /// Appends this type's leaves, their paths under `prefix`, their offsets from `base`.
    fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>);

    /// Checks this type's layout (and its fields') against C before any value crosses.
    fn verify_layout() -> Result<(), String> {
        Ok(())
    }
}

fn leaf(prefix: &str, base: usize, size: usize, class: LeafClass, out: &mut Vec<Leaf>) {
    out.push(Leaf {
        path: prefix.to_string(),
        offset: base,
        size,
        class,
    });
}

macro_rules! leaves {
    ($class:expr; $($t:ty),*) => {$(
        // SAFETY: a scalar with one leaf covering all of it; the class admits only valid values.
        unsafe impl FfiValue for $t {
            fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
                leaf(prefix, base, std::mem::size_of::<$t>(), $class, out)
            }
        }
    )*};
}

leaves!(LeafClass::Int { signed: true, non_zero: false }; i8, i16, i32, i64, i128, isize);
leaves!(LeafClass::Int { signed: false, non_zero: false }; u8, u16, u32, u64, u128, usize);
leaves!(LeafClass::Int { signed: true, non_zero: true }; NonZeroI8, NonZeroI16, NonZeroI32, NonZeroI64);
leaves!(LeafClass::Int { signed: false, non_zero: true }; NonZeroU8, NonZeroU16, NonZeroU32, NonZeroU64);
leaves!(LeafClass::Float; f32, f64);
leaves!(LeafClass::Bool; bool);

// SAFETY: any address is a valid raw pointer value; it is never dereferenced.
unsafe impl<T: 'static> FfiValue for *const T {
    fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
        leaf(
            prefix,
            base,
            std::mem::size_of::<usize>(),
            LeafClass::Pointer { nullable: true },
            out,
        )
    }
}
// SAFETY: as above.
unsafe impl<T: 'static> FfiValue for *mut T {
    fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
        leaf(
            prefix,
            base,
            std::mem::size_of::<usize>(),
            LeafClass::Pointer { nullable: true },
            out,
        )
    }
}

// SAFETY: N leaves of T, at T's stride, each valid as T is.
unsafe impl<T: FfiValue, const N: usize> FfiValue for [T; N] {
    fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
        for i in 0..N {
            T::leaves(
                &format!("{prefix}[{i}]"),
                base + i * std::mem::size_of::<T>(),
                out,
            );
        }
    }

    fn verify_layout() -> Result<(), String> {
        T::verify_layout()
    }
}

macro_rules! fn_values {
    ($($arg:ident),*) => {
        // SAFETY: a fn pointer may hold any non-null address; it is never called.
        unsafe impl<R: 'static $(, $arg: 'static)*> FfiValue for extern "C" fn($($arg),*) -> R {
            fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
                leaf(prefix, base, std::mem::size_of::<usize>(), LeafClass::Pointer { nullable: false }, out)
            }
        }
        // SAFETY: as above.
        unsafe impl<R: 'static $(, $arg: 'static)*> FfiValue for unsafe extern "C" fn($($arg),*) -> R {
            fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
                leaf(prefix, base, std::mem::size_of::<usize>(), LeafClass::Pointer { nullable: false }, out)
            }
        }
        // SAFETY: `None` is the null pointer; any other address is `Some`, never called.
        unsafe impl<R: 'static $(, $arg: 'static)*> FfiValue for Option<extern "C" fn($($arg),*) -> R> {
            fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
                leaf(prefix, base, std::mem::size_of::<usize>(), LeafClass::Pointer { nullable: true }, out)
            }
        }
        // SAFETY: as above.
        unsafe impl<R: 'static $(, $arg: 'static)*> FfiValue for Option<unsafe extern "C" fn($($arg),*) -> R> {
            fn leaves(prefix: &str, base: usize, out: &mut Vec<Leaf>) {
                leaf(prefix, base, std::mem::size_of::<usize>(), LeafClass::Pointer { nullable: true }, out)
            }
        }
    };
}

fn_values!();
fn_values!(A);
fn_values!(A, B);
fn_values!(A, B, C);
fn_values!(A, B, C, D);
fn_values!(A, B, C, D, E);
fn_values!(A, B, C, D, E, F);

/// The leaves of `T`, its value's name as the path root.
pub fn leaves_of<T: FfiValue>(root: &str) -> Vec<Leaf> {
    let mut out = Vec::new();
    T::leaves(root, 0, &mut out);
    out
}
