//! Round-trips through the user's own C functions, called through the user's own Rust
//! declarations: `echo` functions return their argument, `copy` functions copy their input to
//! their output. A declaration that disagrees with the C prototype (by pointer against by value,
//! another calling convention, swapped parameters) garbles the value, and the comparison says
//! which leaves.

use std::mem::MaybeUninit;

use super::value::FfiValue;

/// A declared C function that returns its argument. Implemented for the fn pointer types of
/// `fn(T) -> T` and `fn(*const T) -> T` (safe or unsafe, `extern "C"`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an echo function for `{T}`",
    note = "an echo function is declared `fn(T) -> T` or `fn(*const T) -> T`; pass it as `echo = path::to_fn`"
)]
pub trait EchoFn<T> {
    /// Calls it with `value`; what came back is written to `out`.
    ///
    /// # Safety
    /// The declaration must be right about the C function, which is what the test checks.
    unsafe fn echo(self, value: &T, out: &mut MaybeUninit<T>);
}

/// A declared C function that copies its input to its output. Implemented for `fn(*const T,
/// *mut T)` and `fn(T, *mut T)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a copy function for `{T}`",
    note = "a copy function is declared `fn(*const T, *mut T)` or `fn(T, *mut T)`; pass it as `copy = path::to_fn`"
)]
pub trait CopyFn<T> {
    /// # Safety
    /// As for [`EchoFn::echo`].
    unsafe fn copy(self, value: &T, out: &mut MaybeUninit<T>);
}

// Results are received as `MaybeUninit<T>` (same ABI: repr(transparent)), so a garbled `bool`
// or enum is only ever read as bytes.
macro_rules! impls {
    ($($safety:ident)?) => {
        impl<T: FfiValue> EchoFn<T> for $($safety)? extern "C" fn(T) -> T {
            unsafe fn echo(self, value: &T, out: &mut MaybeUninit<T>) {
                // SAFETY: same signature, return type wrapped in repr(transparent) MaybeUninit.
                let f = unsafe { std::mem::transmute::<Self, unsafe extern "C" fn(T) -> MaybeUninit<T>>(self) };
                // SAFETY: the caller vouches for the declaration (the point of the test).
                *out = unsafe { f(*value) };
            }
        }
        impl<T: FfiValue> EchoFn<T> for $($safety)? extern "C" fn(*const T) -> T {
            unsafe fn echo(self, value: &T, out: &mut MaybeUninit<T>) {
                // SAFETY: as above.
                let f = unsafe { std::mem::transmute::<Self, unsafe extern "C" fn(*const T) -> MaybeUninit<T>>(self) };
                // SAFETY: as above; `value` is live for the call.
                *out = unsafe { f(value) };
            }
        }
        impl<T: FfiValue> CopyFn<T> for $($safety)? extern "C" fn(*const T, *mut T) {
            unsafe fn copy(self, value: &T, out: &mut MaybeUninit<T>) {
                let f: unsafe extern "C" fn(*const T, *mut T) = self;
                // A private copy: a C function whose parameters are swapped writes to its "input",
                // which must not be memory Rust reaches through a shared reference.
                let mut input = *value;
                // SAFETY: the caller vouches for the declaration; both pointers are live.
                unsafe { f((&mut input as *mut T).cast_const(), out.as_mut_ptr()) }
            }
        }
        impl<T: FfiValue> CopyFn<T> for $($safety)? extern "C" fn(T, *mut T) {
            unsafe fn copy(self, value: &T, out: &mut MaybeUninit<T>) {
                let f: unsafe extern "C" fn(T, *mut T) = self;
                // SAFETY: as above.
                unsafe { f(*value, out.as_mut_ptr()) }
            }
        }
    };
}

impls!();
impls!(unsafe);
