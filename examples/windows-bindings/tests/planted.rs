//! Bindings of csrc/portable.h as written on Linux, and their portable twins. Each planted one
//! is right on x86_64 Linux and wrong on Windows (LLP64), where it is expected busted: `cargo
//! ffi-test verify --target x86_64-pc-windows-gnu` reports it without running anything built
//! for Windows, and passes the twins (tests/windows.rs in the workspace asserts both).

use ffi_test::layout_matches;
use std::ffi::c_long;

/// `long` bound as `i64`, as if every target were LP64: 4 bytes on Windows (and on every
/// 32-bit target).
#[repr(C)]
#[layout_matches(
    "struct long_holder",
    expect = busted(any(windows, target_pointer_width = "32"))
)]
pub struct LongAsI64 {
    pub v: i64,
}

/// Its twin: `c_long` is the target's `long`.
#[repr(C)]
#[layout_matches("struct long_holder")]
pub struct LongHolder {
    pub v: c_long,
}

/// `wchar_t` bound as `u32`, as on aarch64 and 32-bit Arm Linux, where it is `unsigned int`:
/// 2 bytes on Windows, signed on x86 and x86_64 Linux.
#[repr(C)]
#[layout_matches(
    "struct wchar_holder",
    expect = busted(not(all(
        target_os = "linux",
        any(target_arch = "aarch64", target_arch = "arm")
    )))
)]
pub struct WcharAsU32 {
    pub c: u32,
}

/// Its twin: `libc::wchar_t` is the target's.
#[repr(C)]
#[layout_matches("struct wchar_holder")]
pub struct WcharHolder {
    pub c: libc::wchar_t,
}

/// An enum whose enumerator is `LONG_MAX`, bound with `long`'s width on LP64: C's enum is as
/// wide as `long` there, an `int` on Windows (and `LIMIT_MAX` is 2^31 - 1).
#[repr(i64)]
#[layout_matches("enum limit", prefix = "LIMIT_", expect = busted(windows))]
pub enum LimitAsI64 {
    None = 0,
    Max = 0x7fff_ffff_ffff_ffff,
}

/// Its twin: the width and the value each target's own.
#[cfg_attr(windows, repr(i32))]
#[cfg_attr(not(windows), repr(i64))]
#[layout_matches("enum limit", prefix = "LIMIT_")]
pub enum Limit {
    None = 0,
    Max = c_long::MAX as _,
}

/// `size_t` and `long long`: the same on both data models.
#[repr(C)]
#[layout_matches("struct sized")]
pub struct Sized {
    pub n: usize,
    pub big: i64,
}

ffi_test::main! { headers: ["portable.h"], include_dirs: ["csrc"] }
