//! `tests/macros.rs` checks the libc crate's re-implementations of C function-like macros
//! against the C headers' macros, `tests/properties.rs` properties of glibc's functions,
//! `tests/timeval.rs` `<sys/time.h>`'s macros on generated structs, `tests/planted.rs` twins
//! with planted bugs. Of its own, only a binding the libc crate lacks.

use std::ffi::c_int;

/// C's `div_t`.
#[repr(C)]
pub struct DivT {
    /// The quotient, rounded toward zero.
    pub quot: c_int,
    /// The remainder.
    pub rem: c_int,
}

extern "C" {
    /// glibc's `div`: the quotient and remainder of `numerator / denominator`.
    pub fn div(numerator: c_int, denominator: c_int) -> DivT;
}
