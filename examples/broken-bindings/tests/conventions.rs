//! One C convention changed, everything else equal: the batteries' C is compiled with
//! `-fpcc-struct-return`, which makes C return every struct through a hidden pointer, where
//! Rust's `extern "C"` (the SysV ABI) returns a small struct in registers. Layouts agree and
//! every shape that only passes the value still delivers it; exactly the shapes that return a
//! struct by value across the boundary (from C, echoed by C, from a Rust callback to C) must
//! fail. A struct too large for registers is returned through memory by both, so all its shapes
//! pass.
//!
//! x86-64 only (the flag and the registers are that target's). Not run by `cargo test` (three
//! shapes fail by design and expectations cannot single out shapes); tests/roundtrip.rs runs it
//! and checks exactly which shapes fail.

/// 8 bytes: returned in RAX by the SysV ABI, through memory under `-fpcc-struct-return`.
#[repr(C)]
#[derive(Clone, Copy)]
#[ffi_test::layout_matches("struct conv_small")]
#[ffi_test::ffi_roundtrip("struct conv_small")]
pub struct ConvSmall {
    pub a: i32,
    pub b: i32,
}

/// 32 bytes: returned through memory either way.
#[repr(C)]
#[derive(Clone, Copy)]
#[ffi_test::layout_matches("struct conv_large")]
#[ffi_test::ffi_roundtrip("struct conv_large")]
pub struct ConvLarge {
    pub a: i64,
    pub b: i64,
    pub c: i64,
    pub d: i64,
}

ffi_test::main! {
    headers: ["calls.h"],
    include_dirs: ["csrc"],
    flags: ["-fpcc-struct-return"],
}
