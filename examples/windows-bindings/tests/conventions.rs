//! Calling conventions: csrc/portable.h's `portable_add` is `__stdcall` on 32-bit Windows (as
//! `WINAPI` functions are), `plain_add` is C's everywhere. Bound `extern "system"` and `extern
//! "C"` respectively, both are right on every target; the planted twins swap them, which only
//! 32-bit Windows tells apart (elsewhere every convention is C's), and they are expected busted
//! there: `cargo ffi-test verify --target i686-pc-windows-gnu` reports each without running.

// The planted twins declare the same symbols under the other ABI, on purpose.
#![allow(clashing_extern_declarations)]

// Links the crate, and with it csrc/portable.c (built by build.rs).
extern crate windows_bindings;

use std::ffi::c_int;

use ffi_test::signatures_match;

#[signatures_match]
extern "system" {
    pub fn portable_add(a: c_int, b: c_int) -> c_int;
}

#[signatures_match]
extern "C" {
    pub fn plain_add(a: c_int, b: c_int) -> c_int;
}

// A stdcall function bound with the C convention: on i686 Windows the caller leaves the
// arguments the callee already popped, and the stack is off by 8 bytes after every call.
#[signatures_match]
extern "C" {
    #[link_name = "portable_add"]
    #[signature(expect = busted(all(windows, target_arch = "x86")))]
    pub fn portable_add_as_c(a: c_int, b: c_int) -> c_int;
}

// A C function bound `extern "system"`.
#[signatures_match]
extern "system" {
    #[link_name = "plain_add"]
    #[signature(expect = busted(all(windows, target_arch = "x86")))]
    pub fn plain_add_as_system(a: c_int, b: c_int) -> c_int;
}

/// A callback field typed as Windows's callbacks are (`LPTHREAD_START_ROUTINE`): a function
/// pointer (its convention is not compared: C's of a function-pointer type is not read).
#[repr(C)]
#[ffi_test::layout_matches("struct thread_start")]
pub struct ThreadStart {
    pub routine: Option<unsafe extern "system" fn(*mut std::ffi::c_void) -> u32>,
    pub arg: *mut std::ffi::c_void,
}

/// The same callback bound as a data pointer: the kind differs where the sizes agree.
#[repr(C)]
#[ffi_test::layout_matches("struct thread_start", expect = fail)]
pub struct ThreadStartAsData {
    pub routine: *mut std::ffi::c_void,
    pub arg: *mut std::ffi::c_void,
}

ffi_test::main! { headers: ["portable.h"], include_dirs: ["csrc"] }
