//! The C kind of a type named by another crate, found without requiring `CKind`.
//!
//! A test crate cannot implement [`CKind`] for a -sys crate's types (the orphan rule), yet their
//! structs appear as field and parameter types of what it checks. A check's description asks
//! the constants [`ConstKind`] and [`ConstShape`] where it names the type ([`choose`] combines
//! them); where it cannot name it (a field listed without its type), the running check asks a
//! [`KindProbe`] through method resolution on `&&&probe` ("autoref specialisation"): the most
//! referenced impl that applies wins, so a type with a `CKind` gets its own kind, an array of
//! types without one is an array of [`Kind::Foreign`], a reference is a pointer, and anything
//! else is `Kind::Foreign`
//! itself (offset and size still compared). Resolution happens where the generated code names
//! the concrete type, so no trait bound leaks into the user's code.
//!
//! ```
//! use ffi_test::__private_0_1::probe::{KindProbe, ViaShape as _, ViaCKind as _, ViaForeign as _};
//! use ffi_test::Kind;
//!
//! struct OtherCrates; // no CKind
//! assert_eq!((&&&KindProbe::<u16>::new()).kind_facts(), (Kind::UnsignedInt, None));
//! assert_eq!((&&&KindProbe::<OtherCrates>::new()).kind_facts(), (Kind::Foreign, None));
//! assert_eq!(
//!     (&&&KindProbe::<[OtherCrates; 3]>::new()).kind_facts(),
//!     (Kind::Array, Some((Kind::Foreign, 0)))
//! );
//! ```

use std::marker::PhantomData;

use super::kind::{CKind, Kind};

/// A type's kind and, for arrays, its element's kind and size.
pub type KindFacts = (Kind, Option<(Kind, usize)>);

/// Stands for the type `T` in method resolution (see the module documentation).
pub struct KindProbe<T: ?Sized>(PhantomData<fn() -> *const T>);

impl<T: ?Sized> KindProbe<T> {
    /// A probe for `T`, named explicitly.
    pub fn new() -> KindProbe<T> {
        KindProbe(PhantomData)
    }

    /// A probe for the type of the place `project` points at in an `S` (a field's type, which
    /// the generated code need not spell).
    pub fn of_place<S>(_project: impl Fn(*const S) -> *const T) -> KindProbe<T> {
        KindProbe(PhantomData)
    }
}

impl<T: ?Sized> Default for KindProbe<T> {
    fn default() -> Self {
        KindProbe::new()
    }
}

/// Highest priority: the type has a [`CKind`].
pub trait ViaCKind {
    /// The kind facts.
    fn kind_facts(&self) -> KindFacts;
}

impl<T: CKind> ViaCKind for &&KindProbe<T> {
    fn kind_facts(&self) -> KindFacts {
        (T::KIND, T::ELEMENT)
    }
}

/// Middle priority: an array whose element has no [`CKind`], or a reference (a C pointer:
/// references are no `CKind` because a struct field that C may set to null must not be one,
/// but an extern static or a parameter of reference type is a pointer all the same).
pub trait ViaShape {
    /// The kind facts.
    fn kind_facts(&self) -> KindFacts;
}

impl<T, const N: usize> ViaShape for &KindProbe<[T; N]> {
    fn kind_facts(&self) -> KindFacts {
        (Kind::Array, Some((Kind::Foreign, std::mem::size_of::<T>())))
    }
}

impl<T: ?Sized> ViaShape for &KindProbe<&T> {
    fn kind_facts(&self) -> KindFacts {
        (Kind::Pointer, None)
    }
}

impl<T: ?Sized> ViaShape for &KindProbe<&mut T> {
    fn kind_facts(&self) -> KindFacts {
        (Kind::Pointer, None)
    }
}

/// Lowest priority: any other type.
pub trait ViaForeign {
    /// The kind facts.
    fn kind_facts(&self) -> KindFacts;
}

impl<T: ?Sized> ViaForeign for KindProbe<T> {
    fn kind_facts(&self) -> KindFacts {
        (Kind::Foreign, None)
    }
}

/// A type's kind as a constant, for the facts records a binary carries for run-free
/// verification (see `ffi_test_protocol::facts`): `<ConstKind<T>>::KIND` is `T`'s
/// [`CKind::KIND`] where `T` has one (an inherent constant, which path resolution prefers), and
/// [`ConstForeign`]'s [`Kind::Foreign`] otherwise. Like [`KindProbe`], it resolves where the
/// generated code names the concrete type; arrays and references are told apart by the macro,
/// which sees their syntax.
///
/// ```
/// use ffi_test::__private_0_1::probe::{ConstForeign as _, ConstKind};
/// use ffi_test::Kind;
///
/// struct OtherCrates; // no CKind
/// const K: Kind = <ConstKind<u16>>::KIND;
/// const F: Kind = <ConstKind<OtherCrates>>::KIND;
/// assert_eq!((K, F), (Kind::UnsignedInt, Kind::Foreign));
/// ```
pub struct ConstKind<T: ?Sized>(PhantomData<fn() -> *const T>);

impl<T: ?Sized + CKind> ConstKind<T> {
    /// `T`'s kind.
    pub const KIND: Kind = T::KIND;
    /// `T`'s kind and element.
    pub const KIND_FACTS: KindFacts = (T::KIND, T::ELEMENT);
    /// `T`'s kind and element as one number ([`kind_facts`]): one constant per type named.
    pub const FACTS: u64 = kind_facts(T::KIND, T::ELEMENT);
}

/// The fallback of [`ConstKind`]: a type with no [`CKind`] is [`Kind::Foreign`].
pub trait ConstForeign {
    /// [`Kind::Foreign`].
    const KIND: Kind = Kind::Foreign;
    /// [`Kind::Foreign`], no element.
    const FACTS: u64 = Kind::Foreign as u64;
    /// [`Kind::Foreign`], no element.
    const KIND_FACTS: KindFacts = (Kind::Foreign, None);
}

/// A type's shape as a constant, where [`ConstKind`] finds no [`CKind`]: an array (of elements
/// without one) or a reference, told apart behind an alias too (`type jmp_buf =
/// [__jmp_buf_tag; 1]`), as [`ViaShape`] does at run time. `<ConstShape<T>>::KIND_FACTS` is
/// `None` ([`ShapeFallback`]) for any other type. [`choose`] combines the two.
///
/// ```
/// use ffi_test::__private_0_1::probe::{choose, ConstForeign as _, ConstKind, ConstShape, ShapeFallback as _};
/// use ffi_test::Kind;
///
/// struct OtherCrates; // no CKind
/// type Alias = [OtherCrates; 3];
/// const A: (Kind, Option<(Kind, usize)>) =
///     choose(<ConstKind<Alias>>::KIND_FACTS, <ConstShape<Alias>>::KIND_FACTS);
/// const U: (Kind, Option<(Kind, usize)>) =
///     choose(<ConstKind<u16>>::KIND_FACTS, <ConstShape<u16>>::KIND_FACTS);
/// assert_eq!(A, (Kind::Array, Some((Kind::Foreign, 0))));
/// assert_eq!(U, (Kind::UnsignedInt, None));
/// ```
pub struct ConstShape<T: ?Sized>(PhantomData<fn() -> *const T>);

impl<T, const N: usize> ConstShape<[T; N]> {
    /// An array of `T`s without a C kind.
    pub const KIND_FACTS: Option<KindFacts> =
        Some((Kind::Array, Some((Kind::Foreign, std::mem::size_of::<T>()))));
}

impl<T: ?Sized> ConstShape<&T> {
    /// A reference: a C pointer.
    pub const KIND_FACTS: Option<KindFacts> = Some((Kind::Pointer, None));
}

impl<T: ?Sized> ConstShape<&mut T> {
    /// A reference: a C pointer.
    pub const KIND_FACTS: Option<KindFacts> = Some((Kind::Pointer, None));
}

/// The fallback of [`ConstShape`]: no shape of its own.
pub trait ShapeFallback {
    /// No shape.
    const KIND_FACTS: Option<KindFacts> = None;
}

impl<T: ?Sized> ShapeFallback for ConstShape<T> {}

/// A type's kind facts from its [`ConstKind`] and [`ConstShape`], with the priorities of the
/// run-time probe: its own `CKind`, else its shape, else [`Kind::Foreign`].
pub const fn choose(own: KindFacts, shape: Option<KindFacts>) -> KindFacts {
    match (own.0, shape) {
        (Kind::Foreign, Some(shape)) => shape,
        _ => own,
    }
}

/// A kind and its element as one number for a facts record
/// ([`ffi_test_protocol::kind::pack_facts`]).
pub const fn kind_facts(kind: Kind, element: Option<(Kind, usize)>) -> u64 {
    match element {
        Some((e, size)) => ffi_test_protocol::kind::pack_facts(kind as u64, e as u64, size as u64),
        None => kind as u64,
    }
}

impl<T: ?Sized> ConstForeign for ConstKind<T> {}

/// The size of the place `project` points at, as a constant: names a field's type through a
/// projection the generated code never calls (a field named without its type).
pub const fn size_of_target<T, F>(_project: fn(*const T) -> *const F) -> usize {
    std::mem::size_of::<F>()
}

/// Whether a value of kind `kind` is a number whose bytes a facts record may carry (integers,
/// floats, `bool`, fieldless enums); a pointer's bytes have no value at compile time.
pub const fn is_number(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::SignedInt | Kind::UnsignedInt | Kind::Float | Kind::Bool | Kind::Enum
    )
}
