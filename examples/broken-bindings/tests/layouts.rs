//! Broken bindings, each modelled on a real bug in a -sys crate or bindgen output, each expected
//! to be caught by its layout test (`expect = fail`). A binding whose bug is no longer caught
//! makes this suite fail ("unexpected pass"). The C truth is csrc/broken.h.
//!
//! Run with `--ignore-expectations` to see every report.

#![allow(dead_code)]

use std::ffi::c_void;

use ffi_test::layout_matches;

/// An integer of the wrong width: `int64_t` bound as `i32`.
#[repr(C)]
#[layout_matches("struct wide_id", expect = fail)]
pub struct WideId {
    pub id: i32,
}

/// Wrong signedness at the same size: `uint32_t` bound as `i32`.
#[repr(C)]
#[layout_matches("struct flags", expect = fail)]
pub struct Flags {
    pub flags: i32,
}

/// A float bound as an integer of the same size.
#[repr(C)]
#[layout_matches("struct ratio", expect = fail)]
pub struct Ratio {
    pub ratio: u32,
}

/// A missing field: C has `c` after `b`.
#[repr(C)]
#[layout_matches("struct triple", expect = fail)]
pub struct Triple {
    pub a: i32,
    pub b: i32,
}

/// An extra field: C has no `c`.
#[repr(C)]
#[layout_matches("struct pair", expect = fail)]
pub struct Pair {
    pub a: i32,
    pub b: i32,
    pub c: i32,
}

/// Swapped fields: C declares `x` first.
#[repr(C)]
#[layout_matches("struct point2", expect = fail)]
pub struct Point2 {
    pub y: i32,
    pub x: f32,
}

/// Packed in C, not in Rust.
#[repr(C)]
#[layout_matches("struct wire_header", expect = fail)]
pub struct WireHeader {
    pub tag: u8,
    pub length: u32,
}

/// The wrong alignment attribute: C aligns to 16.
#[repr(C, align(8))]
#[layout_matches("struct block", expect = fail)]
pub struct Block {
    pub word: u32,
}

/// `bool` against `int`.
#[repr(C)]
#[layout_matches("struct settings", expect = fail)]
pub struct Settings {
    pub enabled: bool,
}

/// An enum with a wrong discriminant: C's BLUE is 4.
#[repr(C)]
#[layout_matches("enum color", prefix = "COLOR_", expect = fail)]
pub enum Color {
    Red = 1,
    Green = 2,
    Blue = 3,
}

/// An enum too small: a C enum is an `int`.
#[repr(u8)]
#[layout_matches("enum mode", prefix = "MODE_", expect = fail)]
pub enum Mode {
    Read,
    Write,
}

/// A union bound as a struct.
#[repr(C)]
#[layout_matches("union number", expect = fail)]
pub struct Number {
    pub i: i32,
    pub f: f32,
}

/// A pointer bound as an integer of the same size.
#[repr(C)]
#[layout_matches("struct handle_holder", expect = fail)]
pub struct HandleHolder {
    pub handle: usize,
}

/// An array of the wrong length.
#[repr(C)]
#[layout_matches("struct named", expect = fail)]
pub struct Named {
    pub name: [std::ffi::c_char; 8],
}

/// A nested struct of the wrong size: the inner type's own check fails too.
#[repr(C)]
#[layout_matches("struct inner3", expect = fail)]
pub struct Inner3 {
    pub a: i32,
    pub b: i32,
}

#[repr(C)]
#[layout_matches("struct outer", expect = fail)]
pub struct Outer {
    pub inner: Inner3,
    pub tail: i32,
}

/// A function pointer bound as a data pointer.
#[repr(C)]
#[layout_matches("struct callback_holder", expect = fail)]
pub struct CallbackHolder {
    pub on_event: *mut c_void,
}

/// Array elements of the wrong signedness.
#[repr(C)]
#[layout_matches("struct samples", expect = fail)]
pub struct Samples {
    pub samples: [u16; 4],
}

/// C bit-fields are refused: C decides their layout bit by bit, and no Rust field can mirror one.
#[repr(C)]
#[layout_matches("struct with_bits", expect = fail)]
pub struct WithBits {
    pub a: u32,
    pub b: u32,
}

/// An anonymous C member has no name to check against (bindgen calls it `__bindgen_anon_1`).
#[repr(C)]
#[layout_matches("struct tagged", expect = fail)]
pub struct Tagged {
    pub tag: i32,
    pub __bindgen_anon_1: TaggedValue,
}

#[repr(C)]
pub union TaggedValue {
    pub i: i32,
    pub f: f32,
}

impl ffi_test::CKind for TaggedValue {
    const KIND: ffi_test::Kind = ffi_test::Kind::Union;
}

// ---- Correct bindings: these must pass. ----

/// A flexible array member is handled as a zero-length array: offset and element checked.
#[repr(C)]
#[layout_matches("struct message", size = 4, align = 4)]
pub struct Message {
    pub len: u32,
    pub data: [u8; 0],
}

/// The same flexible array member as bindgen writes it: `__IncompleteArrayField<T>`.
#[repr(C)]
#[derive(Default)]
pub struct __IncompleteArrayField<T>(::std::marker::PhantomData<T>, [T; 0]);

#[repr(C)]
#[layout_matches("struct message", size = 4, align = 4)]
pub struct MessageAsBindgenWritesIt {
    pub len: u32,
    pub data: __IncompleteArrayField<u8>,
}

/// bindgen's flexible array with the wrong element: C's is `uint8_t`.
#[repr(C)]
#[layout_matches("struct message", expect = fail)]
pub struct MessageWithWideElements {
    pub len: u32,
    pub data: __IncompleteArrayField<u32>,
}

/// A C `long` bound as `i64`, as if every target were 64-bit: right on x86_64 and aarch64 Linux,
/// wrong on 32-bit targets and on Windows (4 bytes there), where it is known broken, and must
/// be caught.
#[repr(C)]
#[layout_matches(
    "struct long_holder",
    expect = busted(any(target_pointer_width = "32", windows))
)]
pub struct LongAsI64 {
    pub v: i64,
}

/// A C `char` bound as `i8`, as if `char` were signed everywhere: right on x86 and x86_64,
/// wrong where `char` is unsigned: aarch64, riscv64 and 32-bit Arm (use `c_char`).
#[repr(C)]
#[layout_matches(
    "struct char_holder",
    expect = busted(any(target_arch = "aarch64", target_arch = "riscv64", target_arch = "arm"))
)]
pub struct CharAsI8 {
    pub c: i8,
}

/// C's `double` member aligned to 8 on every target (`_Alignas(8)`), bound as a plain `f64`:
/// the same offset wherever `f64` is 8-aligned, offset 4 instead of 8 on i686 Linux (Windows
/// aligns a `double` to 8 on i686 too).
#[repr(C)]
#[layout_matches("struct stamp", expect = busted(all(target_arch = "x86", not(windows))))]
pub struct Stamp {
    pub id: i32,
    pub value: f64,
}

/// The size and alignment written down are each target's own: i686 Linux aligns a `double` in
/// a struct to 4 (so does C there); x86_64, aarch64, riscv64, 32-bit Arm (AAPCS) and i686
/// Windows to 8.
#[repr(C)]
#[cfg_attr(
    not(all(target_arch = "x86", not(windows))),
    layout_matches("struct good_point", size = 16, align = 8)
)]
#[cfg_attr(
    all(target_arch = "x86", not(windows)),
    layout_matches("struct good_point", size = 12, align = 4)
)]
pub struct GoodPoint {
    pub x: i32,
    pub y: f64,
}

#[repr(i32)]
#[layout_matches("enum good_level", prefix = "GOOD_LEVEL_")]
pub enum GoodLevel {
    Low = -1,
    High = 1,
}

ffi_test::main! { headers: ["broken.h"], include_dirs: ["csrc"] }
