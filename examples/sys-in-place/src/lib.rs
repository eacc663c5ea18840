//! A -sys crate over a few of the C library's `<stdlib.h>` items, checked where they are
//! defined: each item carries its ffi-test attribute under `cfg_attr(test, ...)`, so the
//! attributes exist only in the crate's own test build (ffi-test stays a dev-dependency and
//! users of the crate never see it), and `[lib] harness = false` in Cargo.toml lets
//! `ffi_test::main!` be that test build's `main`. Nothing is repeated in `tests/`.
//!
//! ```sh
//! cargo test -p sys-in-place --lib
//! ```

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int, c_long};

/// `div_t`, as `div` returns it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, ffi_test::layout_matches("div_t", size = 8, align = 4))]
#[cfg_attr(test, ffi_test::ffi_roundtrip("div_t"))]
pub struct div_t {
    /// The quotient.
    pub quot: c_int,
    /// The remainder.
    pub rem: c_int,
}

/// `ldiv_t`, as `ldiv` returns it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, ffi_test::layout_matches("ldiv_t"))]
pub struct ldiv_t {
    /// The quotient.
    pub quot: c_long,
    /// The remainder.
    pub rem: c_long,
}

// bindgen writes `-> ()` for `void` functions and `-> !` for `noreturn` ones: both are checked
// as C `void`.
#[cfg_attr(test, ffi_test::signatures_match)]
#[allow(clippy::unused_unit)]
extern "C" {
    /// `void abort(void)`, `noreturn`.
    pub fn abort() -> !;
    /// `void srand(unsigned int)`.
    pub fn srand(seed: std::ffi::c_uint) -> ();
    /// `int vsnprintf(char *, size_t, const char *, va_list)`: a `va_list` parameter.
    #[cfg(target_arch = "x86_64")]
    pub fn vsnprintf(s: *mut c_char, n: usize, fmt: *const c_char, ap: *mut __va_list_tag)
        -> c_int;
    /// Wrong on purpose: `rand` returns `int`, not nothing.
    #[cfg_attr(test, signature(expect = fail))]
    #[link_name = "rand"]
    pub fn rand_declared_void() -> ();
    /// Wrong on purpose: `getchar` returns `int`; it does return.
    #[cfg_attr(test, signature(expect = fail))]
    #[link_name = "getchar"]
    pub fn getchar_declared_never() -> !;
    /// Wrong on purpose: the `va_list` declared as an integer (so it clashes with `vsnprintf`).
    #[cfg(target_arch = "x86_64")]
    #[allow(clashing_extern_declarations)]
    #[cfg_attr(test, signature(expect = fail))]
    #[link_name = "vsnprintf"]
    pub fn vsnprintf_va_list_as_integer(
        s: *mut c_char,
        n: usize,
        fmt: *const c_char,
        ap: usize,
    ) -> c_int;
    /// `int abs(int)`.
    pub fn abs(x: c_int) -> c_int;
    /// Windows only, so never compiled here: nor is its check (one that named it would not
    /// compile on other targets).
    #[cfg(windows)]
    pub fn _aligned_malloc(size: usize, alignment: usize) -> *mut std::ffi::c_void;
    /// `div_t div(int, int)`.
    pub fn div(numerator: c_int, denominator: c_int) -> div_t;
    /// `ldiv_t ldiv(long, long)`.
    pub fn ldiv(numerator: c_long, denominator: c_long) -> ldiv_t;
    /// `long strtol(const char *, char **, int)`.
    pub fn strtol(s: *const c_char, end: *mut *mut c_char, base: c_int) -> c_long;
}

/// The element of x86-64's `va_list`, as bindgen declares it: functions taking a `va_list` take a
/// pointer to it.
#[repr(C)]
#[derive(Debug)]
pub struct __va_list_tag {
    /// Offset of the next integer register argument.
    pub gp_offset: std::ffi::c_uint,
    /// Offset of the next vector register argument.
    pub fp_offset: std::ffi::c_uint,
    /// Where the stack arguments continue.
    pub overflow_arg_area: *mut std::ffi::c_void,
    /// Where the registers were saved.
    pub reg_save_area: *mut std::ffi::c_void,
}

/// `mbstate_t`, whose members glibc keeps to itself: mirrored as opaque storage and checked by
/// size and alignment only.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct mbstate_t {
    _opaque: [u32; 2],
}

/// A mirror of `mbstate_t` with the wrong size: the suite expects the check to catch it.
#[repr(C)]
pub struct WrongMbstate {
    _opaque: [u32; 4],
}

#[cfg(test)]
ffi_test::check_layout!(crate::mbstate_t, "mbstate_t", opaque);
#[cfg(test)]
ffi_test::check_layout!(crate::WrongMbstate, "mbstate_t", opaque, expect = fail);

/// `EXIT_FAILURE`.
#[cfg_attr(test, ffi_test::value_matches("EXIT_FAILURE"))]
pub const EXIT_FAILURE: c_int = 1;

/// `RAND_MAX` with the wrong value: the suite expects the check to catch it.
#[cfg_attr(test, ffi_test::value_matches("RAND_MAX", expect = fail))]
pub const WRONG_RAND_MAX: c_int = 32767;

/// The safe wrapper a -sys crate would have beside its bindings.
pub fn divide(numerator: i32, denominator: i32) -> Option<(i32, i32)> {
    if denominator == 0 || (numerator == i32::MIN && denominator == -1) {
        return None;
    }
    // SAFETY: `div` is defined for every pair except the two excluded above.
    let d = unsafe { div(numerator, denominator) };
    Some((d.quot, d.rem))
}

#[cfg(test)]
mod tests {
    #[ffi_test::ffi_test]
    fn divide__seven_by_two__then_three_remainder_one() {
        assert_eq!(super::divide(7, 2), Some((3, 1)));
    }
}

#[cfg(test)]
mod libc_crate;

#[cfg(test)]
ffi_test::main! {
    headers: ["<stdlib.h>", "<wchar.h>", "<stdio.h>", "<time.h>", "<poll.h>", "<sys/uio.h>",
              "<sys/resource.h>", "<signal.h>", "<pthread.h>", "<string.h>", "<errno.h>"],
}
