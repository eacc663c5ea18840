//! `<sys/time.h>`'s `timeval` macros against Rust re-implementations on generated structs
//! (`#[ffi_differential]` with struct parameters): a `#[ffi_roundtrip]` type is drawn field by
//! field, passed to C by value (`t = "struct timeval"`) or by address (`a: &Timeval`). And a
//! planted twin: a comparison that looks at microseconds first.

use std::ffi::c_long;

use ffi_test::{ffi_differential, ffi_roundtrip, layout_matches};

/// glibc's `struct timeval` (both fields `long` on Linux's 64-bit and 32-bit ABIs alike).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
#[layout_matches("struct timeval")]
#[ffi_roundtrip("struct timeval")]
pub struct Timeval {
    pub tv_sec: c_long,
    pub tv_usec: c_long,
}

#[ffi_differential(c = "timerisset(&t)", t = "struct timeval")]
fn timerisset(t: Timeval) -> bool {
    t.tv_sec != 0 || t.tv_usec != 0
}

#[ffi_differential(c = "timercmp(a, b, <)", a = "struct timeval", b = "struct timeval")]
fn timer_less(a: &Timeval, b: &Timeval) -> bool {
    match a.tv_sec == b.tv_sec {
        true => a.tv_usec < b.tv_usec,
        false => a.tv_sec < b.tv_sec,
    }
}

#[ffi_differential(c = "timercmp(a, b, >=)", a = "struct timeval", b = "struct timeval")]
fn timer_at_least(a: &Timeval, b: &Timeval) -> bool {
    (a.tv_sec, a.tv_usec) >= (b.tv_sec, b.tv_usec)
}

// Planted: compares the microseconds first, so a later second with fewer microseconds reads
// as earlier.
#[ffi_differential(
    c = "timercmp(a, b, <)",
    a = "struct timeval",
    b = "struct timeval",
    expect = fail
)]
fn timer_less_usec_first(a: &Timeval, b: &Timeval) -> bool {
    (a.tv_usec, a.tv_sec) < (b.tv_usec, b.tv_sec)
}

ffi_test::main! { headers: ["<sys/time.h>"] }
