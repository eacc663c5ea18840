//! Declarations of real C functions (csrc/calls.c) that disagree with their C prototypes while
//! every type's layout agrees: only a round-trip through the function catches them. Each is
//! expected to fail; the types' own batteries, and the correct declarations, must pass.

#![allow(dead_code)]

// Links the crate, and with it csrc/calls.c (built by build.rs).
extern crate broken_bindings;

use ffi_test::{ffi_roundtrip, layout_matches};

mod sys {
    use super::{RtBig, RtMsg, RtPoint, RtSmall};
    extern "C" {
        /// C takes the struct by value.
        pub fn point_echo(p: *const RtPoint) -> RtPoint;
        /// C (an older library version) fills a smaller struct: only `a`.
        pub fn small_copy_v1(input: *const RtSmall, out: *mut RtSmall);
        /// C's parameters are `(out, in)`, memcpy-style.
        pub fn point_copy(input: *const RtPoint, out: *mut RtPoint);
        /// C takes the input by value.
        pub fn small_copy(input: *const RtSmall, out: *mut RtSmall);
        /// C takes the (memory-class) input by value.
        pub fn big_copy(input: *const RtBig, out: *mut RtBig);

        /// Declared as C declares it; C copies the payload only for some flags.
        pub fn msg_copy(input: *const RtMsg, out: *mut RtMsg);

        pub fn point_echo_ok(p: RtPoint) -> RtPoint;
        pub fn big_copy_ok(input: *const RtBig, out: *mut RtBig);
    }
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct rt_point")]
#[ffi_roundtrip(
    "struct rt_point",
    echo(sys::point_echo, expect = fail),
    copy(sys::point_copy, expect = fail),
    echo = sys::point_echo_ok
)]
pub struct RtPoint {
    pub x: i32,
    pub y: f64,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct rt_small")]
#[ffi_roundtrip("struct rt_small", copy(sys::small_copy_v1, expect = fail), copy(sys::small_copy, expect = fail))]
pub struct RtSmall {
    pub a: i32,
    pub b: f32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct rt_big")]
// `big_copy` declares a pointer where C takes the 24-byte struct by value: wrong on x86 and
// x86_64 (the value is passed in memory), but on aarch64 a caller passes a struct over 16 bytes
// by reference anyway, so the declaration happens to match the ABI there.
#[ffi_roundtrip(
    "struct rt_big",
    copy(sys::big_copy, expect = [pass(target_arch = "aarch64"), fail]),
    copy = sys::big_copy_ok
)]
pub struct RtBig {
    pub a: i64,
    pub b: i64,
    pub c: i64,
}

/// A layout that differs from C: every round-trip must refuse to pass values (doing so would be
/// undefined behaviour, not a finding) and point at the layout test instead.
#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct rt_skewed", expect = fail)]
#[ffi_roundtrip("struct rt_skewed", expect = fail)]
pub struct RtSkewed {
    pub a: i32,
    pub b: i32,
}

/// A payload C treats as padding when the flags say the message is empty (bits 8-9 are 01),
/// which the Rust type does not model: every battery value round-trips (none has those bits
/// so), a generated one does not, reported shrunk to flags 0x100, payload 1.
#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct rt_msg")]
#[ffi_roundtrip("struct rt_msg", copy(sys::msg_copy, expect = fail))]
pub struct RtMsg {
    pub flags: u32,
    pub payload: u32,
}

ffi_test::main! { headers: ["calls.h"], include_dirs: ["csrc"] }
