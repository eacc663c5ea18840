//! The kind of a value as both languages see it: Rust's from the field's type (through
//! [`CKind`]), C's from the compiler (see `toolchain::support`), so `u32` against `int32_t` is
//! caught even though the sizes agree.

use ffi_test_protocol::kind as code;
use std::mem::{ManuallyDrop, MaybeUninit};
use std::num::{
    NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8,
};
use std::ptr::NonNull;

/// A value's kind. The numbers are the codes the C support macros report
/// (`ffi_test_protocol::kind`, which both sides use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[non_exhaustive]
pub enum Kind {
    /// A signed integer (`i32`, C `int`, `char` where signed).
    SignedInt = code::SIGNED_INT as u8,
    /// An unsigned integer (`u32`, C `unsigned`).
    UnsignedInt = code::UNSIGNED_INT as u8,
    /// `f32`/`f64`, C `float`/`double`/`long double`.
    Float = code::FLOAT as u8,
    /// `bool`, C `_Bool`.
    Bool = code::BOOL as u8,
    /// A data pointer (raw pointers, references, `NonNull`).
    Pointer = code::POINTER as u8,
    /// A function pointer.
    FnPointer = code::FN_POINTER as u8,
    /// An array (`[T; N]`).
    Array = code::ARRAY as u8,
    /// A struct.
    Record = code::RECORD as u8,
    /// A union.
    Union = code::UNION as u8,
    /// Anything else (C `void`, a type ffi-test cannot classify).
    Other = code::OTHER as u8,
    /// A Rust fieldless `enum`: its C counterpart is an integer of either signedness.
    Enum = code::ENUM as u8,
    /// A type of another crate that has no C kind (a -sys crate's struct seen from a test
    /// crate): it stands for a C struct, union or integer (a bindgen enum); only its offset and
    /// size say more.
    Foreign = code::FOREIGN as u8,
    /// A C parameter of a GCC `transparent_union` type (glibc's `__CONST_SOCKADDR_ARG` under
    /// `_GNU_SOURCE`): passed as its first member, so a Rust pointer or integer stands for it.
    TransparentUnion = code::TRANSPARENT_UNION as u8,
    /// A character whose sign its language does not say (Python's ctypes `c_char`): it stands
    /// for a C integer of either signedness.
    Char = code::CHAR as u8,
    /// A union of data pointers of its own size (a Python binding's wrapper of `char *`): it
    /// stands for a C pointer or a C union.
    PointerUnion = code::POINTER_UNION as u8,
    /// A C++ class passed through a hidden pointer (non-trivial for the purposes of calls: a
    /// user-provided copy constructor or destructor): no Rust type is passed so.
    Indirect = code::INDIRECT as u8,
}

impl Kind {
    /// The kind the C support code reported as `code` (a protocol code: not public API).
    pub(crate) fn from_c(code: u64) -> Kind {
        match code {
            code::SIGNED_INT => Kind::SignedInt,
            code::UNSIGNED_INT => Kind::UnsignedInt,
            code::FLOAT => Kind::Float,
            code::BOOL => Kind::Bool,
            code::POINTER => Kind::Pointer,
            code::FN_POINTER => Kind::FnPointer,
            code::ARRAY => Kind::Array,
            code::RECORD => Kind::Record,
            code::UNION => Kind::Union,
            code::TRANSPARENT_UNION => Kind::TransparentUnion,
            code::INDIRECT => Kind::Indirect,
            _ => Kind::Other,
        }
    }

    /// The kind whose code is `code` (a facts record's: every kind, Rust's own included).
    pub(crate) fn from_rust(code: u64) -> Kind {
        match code {
            code::ENUM => Kind::Enum,
            code::FOREIGN => Kind::Foreign,
            code::CHAR => Kind::Char,
            code::POINTER_UNION => Kind::PointerUnion,
            other => Kind::from_c(other),
        }
    }

    /// Whether a Rust value of kind `self` may stand for a C value of kind `c`.
    pub fn matches_c(self, c: Kind) -> bool {
        match self {
            // A Rust union of the same members (bindgen's binding) is passed as C passes the
            // union's first member on the targets ffi-test runs on; sizes are compared apart.
            Kind::Pointer
            | Kind::FnPointer
            | Kind::SignedInt
            | Kind::UnsignedInt
            | Kind::Union
            | Kind::Foreign
                if c == Kind::TransparentUnion =>
            {
                true
            }
            Kind::Enum | Kind::Char => matches!(c, Kind::SignedInt | Kind::UnsignedInt),
            Kind::PointerUnion => matches!(c, Kind::Pointer | Kind::Union),
            Kind::Foreign => matches!(
                c,
                Kind::Record | Kind::Union | Kind::SignedInt | Kind::UnsignedInt
            ),
            rust => rust == c,
        }
    }

    /// How reports name the kind: `signed int`, `fn pointer`, ...
    pub fn name(self) -> &'static str {
        match self {
            Kind::SignedInt => "signed int",
            Kind::UnsignedInt => "unsigned int",
            Kind::Float => "float",
            Kind::Bool => "bool",
            Kind::Pointer => "pointer",
            Kind::FnPointer => "fn pointer",
            Kind::Array => "array",
            Kind::Record => "struct",
            Kind::Union => "union",
            Kind::Other => "other",
            Kind::Enum => "enum",
            // What such a type stands for, not where it lives: the surface's own bindgen structs
            // are of this kind when the bindings are another crate's.
            Kind::Foreign => "struct, union or enum",
            Kind::TransparentUnion => "transparent union",
            Kind::Char => "char (either sign)",
            Kind::PointerUnion => "union of pointers",
            Kind::Indirect => {
                "class passed through a hidden pointer (non-trivial copy constructor or destructor)"
            }
        }
    }
}

/// Types that can stand in a C-shared type, with the [`Kind`] C must agree on.
///
/// Implemented for Rust's integers, floats, `bool`, raw pointers, `NonNull`, `extern "C"` and
/// `extern "system"` fn pointers (and `Option` of pointers), arrays, and by `#[layout_matches]`
/// for the types it annotates. A type alias resolves to its target's kind.
///
/// ```
/// use ffi_test::{CKind, Kind};
/// assert_eq!(<u32 as CKind>::KIND, Kind::UnsignedInt);
/// assert_eq!(<[i16; 4] as CKind>::ELEMENT, Some((Kind::SignedInt, 2)));
/// assert_eq!(<Option<extern "C" fn(i32)> as CKind>::KIND, Kind::FnPointer);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no C kind, so ffi-test cannot compare it with C",
    label = "field type without a C kind",
    note = "annotate the type with #[layout_matches(\"struct its_c_name\")] (which also checks its own layout), or implement ffi_test::CKind for it"
)]
pub trait CKind {
    /// The kind C must report for a field of this type.
    const KIND: Kind;
    /// For arrays: the element's kind and size.
    const ELEMENT: Option<(Kind, usize)> = None;
}

macro_rules! kinds {
    ($kind:ident: $($t:ty),*) => { $(impl CKind for $t { const KIND: Kind = Kind::$kind; })* };
}

kinds!(SignedInt: i8, i16, i32, i64, i128, isize, NonZeroI8, NonZeroI16, NonZeroI32, NonZeroI64);
kinds!(UnsignedInt: u8, u16, u32, u64, u128, usize, NonZeroU8, NonZeroU16, NonZeroU32, NonZeroU64);
kinds!(Float: f32, f64);
kinds!(Bool: bool);

impl<T: ?Sized> CKind for *const T {
    const KIND: Kind = Kind::Pointer;
}
impl<T: ?Sized> CKind for *mut T {
    const KIND: Kind = Kind::Pointer;
}
impl<T: ?Sized> CKind for NonNull<T> {
    const KIND: Kind = Kind::Pointer;
}
impl<T: CKind, const N: usize> CKind for [T; N] {
    const KIND: Kind = Kind::Array;
    const ELEMENT: Option<(Kind, usize)> = Some((T::KIND, std::mem::size_of::<T>()));
}
impl<T: CKind> CKind for ManuallyDrop<T> {
    const KIND: Kind = T::KIND;
    const ELEMENT: Option<(Kind, usize)> = T::ELEMENT;
}
impl<T: CKind> CKind for MaybeUninit<T> {
    const KIND: Kind = T::KIND;
    const ELEMENT: Option<(Kind, usize)> = T::ELEMENT;
}

/// Types whose `Option` is a nullable C pointer, `None` being null (the optimisation Rust
/// guarantees for references, `NonNull` and fn pointers). A bare reference is not a `CKind`:
/// C may hand over null, so FFI structs use raw pointers or `Option<&T>`.
pub trait NullablePointer {
    const KIND: Kind;
}
impl<T: ?Sized> NullablePointer for &T {
    const KIND: Kind = Kind::Pointer;
}
impl<T: ?Sized> NullablePointer for &mut T {
    const KIND: Kind = Kind::Pointer;
}
impl<T: ?Sized> NullablePointer for NonNull<T> {
    const KIND: Kind = Kind::Pointer;
}

impl<T: NullablePointer> CKind for Option<T> {
    const KIND: Kind = T::KIND;
}

// `extern "system"` is Windows's callbacks' ABI (`WNDPROC`, `LPTHREAD_START_ROUTINE`): a type
// of its own even where it means the C convention.
// A C-variadic one (`void (*)(void *ctx, const char *msg, ...)`, printf-like callbacks) is
// `extern "C"` only, with at least one named parameter.
macro_rules! fn_pointers {
    ($($arg:ident),*) => {
        fn_pointers!(@abi "C" $($arg),*);
        fn_pointers!(@abi "system" $($arg),*);
        fn_pointers!(@variadic $($arg),*);
    };
    (@abi $abi:literal $($arg:ident),*) => {
        impl<R $(, $arg)*> CKind for extern $abi fn($($arg),*) -> R { const KIND: Kind = Kind::FnPointer; }
        impl<R $(, $arg)*> CKind for unsafe extern $abi fn($($arg),*) -> R { const KIND: Kind = Kind::FnPointer; }
        impl<R $(, $arg)*> NullablePointer for extern $abi fn($($arg),*) -> R { const KIND: Kind = Kind::FnPointer; }
        impl<R $(, $arg)*> NullablePointer for unsafe extern $abi fn($($arg),*) -> R { const KIND: Kind = Kind::FnPointer; }
    };
    (@variadic) => {};
    (@variadic $($arg:ident),+) => {
        impl<R $(, $arg)*> CKind for unsafe extern "C" fn($($arg),*, ...) -> R { const KIND: Kind = Kind::FnPointer; }
        impl<R $(, $arg)*> NullablePointer for unsafe extern "C" fn($($arg),*, ...) -> R { const KIND: Kind = Kind::FnPointer; }
    };
}

fn_pointers!();
fn_pointers!(A);
fn_pointers!(A, B);
fn_pointers!(A, B, C);
fn_pointers!(A, B, C, D);
fn_pointers!(A, B, C, D, E);
fn_pointers!(A, B, C, D, E, F);
fn_pointers!(A, B, C, D, E, F, G);
fn_pointers!(A, B, C, D, E, F, G, H);
fn_pointers!(A, B, C, D, E, F, G, H, I);
fn_pointers!(A, B, C, D, E, F, G, H, I, J);
fn_pointers!(A, B, C, D, E, F, G, H, I, J, K);
fn_pointers!(A, B, C, D, E, F, G, H, I, J, K, L);
fn_pointers!(A, B, C, D, E, F, G, H, I, J, K, L, M);
fn_pointers!(A, B, C, D, E, F, G, H, I, J, K, L, M, N);
fn_pointers!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O);
fn_pointers!(A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P);

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::c_void;

    #[test]
    fn kinds_of_common_field_types() {
        assert_eq!(<std::ffi::c_char as CKind>::KIND, Kind::SignedInt);
        assert_eq!(<*mut u8 as CKind>::KIND, Kind::Pointer);
        assert_eq!(<Option<&u8> as CKind>::KIND, Kind::Pointer);
        assert_eq!(
            <Option<unsafe extern "C" fn(*mut c_void) -> i32> as CKind>::KIND,
            Kind::FnPointer
        );
        assert_eq!(
            <Option<unsafe extern "system" fn(*mut c_void) -> u32> as CKind>::KIND,
            Kind::FnPointer
        );
        // A printf-like callback (bindgen's binding of `void (*)(void *, const char *, ...)`).
        assert_eq!(
            <Option<unsafe extern "C" fn(*mut c_void, *const std::ffi::c_char, ...)> as CKind>::KIND,
            Kind::FnPointer
        );
        assert_eq!(<[[f32; 3]; 2] as CKind>::ELEMENT, Some((Kind::Array, 12)));
        assert!(
            Kind::Enum.matches_c(Kind::UnsignedInt)
                && !Kind::UnsignedInt.matches_c(Kind::SignedInt)
        );
    }
}
