//! The round-trip corpus: each type's values crossed every way a call can carry them, compared
//! bit for bit. Each type also carries #[layout_matches], which every round-trip runs first.

#![allow(dead_code)]

// Links the crate, and with it csrc/corpus.c (built by build.rs), whose functions `sys` declares.
extern crate abi_corpus;

use std::ffi::{c_char, c_void};

use ffi_test::{ffi_roundtrip, layout_matches};

mod sys {
    use super::{Mixed, Simple};
    extern "C" {
        pub fn simple_echo(s: Simple) -> Simple;
        pub fn simple_copy(input: *const Simple, out: *mut Simple);
        pub fn mixed_echo(m: Mixed) -> Mixed;
    }
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct simple")]
#[ffi_roundtrip("struct simple", echo = sys::simple_echo, copy = sys::simple_copy)]
pub struct Simple {
    pub a: i32,
    pub b: i32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct padded")]
#[ffi_roundtrip("struct padded")]
pub struct Padded {
    pub tag: u8,
    pub value: u64,
    pub small: u16,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct primitives")]
#[ffi_roundtrip("struct primitives")]
pub struct Primitives {
    pub i8: i8,
    pub u8: u8,
    pub i16: i16,
    pub u16: u16,
    pub i32: i32,
    pub u32: u32,
    pub i64: i64,
    pub u64: u64,
    pub f32: f32,
    pub f64: f64,
    pub flag: bool,
    pub ch: c_char,
    pub ptr: *mut c_void,
    pub callback: Option<extern "C" fn(i32)>,
}

/// 64-bit targets only, as in C (32-bit targets have no `__int128`).
#[cfg(target_pointer_width = "64")]
#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct wide")]
#[ffi_roundtrip("struct wide")]
pub struct Wide {
    pub s: i128,
    pub u: u128,
}

/// A bare `__int128`, as a transparent newtype: the i128 battery (64-bit targets only).
#[cfg(target_pointer_width = "64")]
#[repr(transparent)]
#[derive(Clone, Copy)]
#[layout_matches("int128_t")]
// clang before 18 passes an `__int128` on the stack 8-aligned, where GCC and rustc align it to 16
// (the x86-64 psABI's rule; LLVM 18 fixed it): after six register arguments the two disagree.
// A compiler's bug, found by the battery under CC=clang, and the run's compiler decides it.
#[ffi_roundtrip(
    "int128_t",
    shape_expect(passed_after_1_to_16_other_args = busted(c_compiler = "clang < 18"))
)]
pub struct Int128(pub i128);

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct floats")]
#[ffi_roundtrip("struct floats")]
pub struct Floats {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct mixed")]
#[ffi_roundtrip("struct mixed", echo = sys::mixed_echo)]
pub struct Mixed {
    pub i: i32,
    pub f: f32,
    pub l: i64,
    pub d: f64,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct with_array")]
#[ffi_roundtrip("struct with_array")]
pub struct WithArray {
    pub samples: [u16; 5],
    pub gain: f32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct nested")]
#[ffi_roundtrip("struct nested")]
pub struct Nested {
    pub inner: Simple,
    pub weight: f64,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("union value")]
#[ffi_roundtrip("union value")]
pub union Value {
    pub i: i64,
    pub d: f64,
    pub bytes: [u8; 8],
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("enum level", prefix = "LEVEL_")]
#[ffi_roundtrip("enum level")]
pub enum Level {
    Low = -1,
    Mid = 0,
    High = 7,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct sixteen")]
#[ffi_roundtrip("struct sixteen")]
pub struct Sixteen {
    pub f0: u8,
    pub f1: i16,
    pub f2: u32,
    pub f3: i64,
    pub f4: f32,
    pub f5: f64,
    pub f6: u8,
    pub f7: i32,
    pub f8: u16,
    pub f9: f32,
    pub f10: i8,
    pub f11: u64,
    pub f12: f64,
    pub f13: bool,
    pub f14: i32,
    pub f15: u8,
}

ffi_test::main! { headers: ["corpus.h"], include_dirs: ["csrc"] }
