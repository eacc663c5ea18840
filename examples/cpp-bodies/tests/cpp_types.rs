//! C++ types' layouts (`#[layout_matches("ns::Type")]`): a qualified name or a template
//! instance is compared with what the C++ compiler computes, from the C++ header.

use ffi_test::layout_matches;

// Its values through every call shape, by value and by pointer, returned, after other
// arguments, inside structs and through callbacks, to C++ and back.
#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("geo::Point")]
#[ffi_test::ffi_roundtrip("geo::Point")]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[repr(C)]
#[layout_matches("geo::Vec3<float>")]
pub struct Vec3f {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

// Template arguments with a comma.
#[repr(C)]
#[layout_matches("geo::Pair<int, char>")]
pub struct PairIntChar {
    pub first: i32,
    // `char` is unsigned on aarch64: `c_char` follows the target (an `i8` was caught there).
    pub second: std::ffi::c_char,
}

// A scoped enumeration: its underlying type and each enumerator's value.
#[repr(u8)]
#[layout_matches("geo::Mode", prefix = "geo::Mode::", case = "verbatim")]
pub enum Mode {
    Fast = 1,
    Precise = 2,
}

// A class with static members and methods: only its data members are its bytes.
#[repr(C)]
#[layout_matches("geo::Tagged")]
pub struct Tagged {
    pub mode: Mode,
    #[layout(rename = "id_")]
    pub id: u32,
    pub r#where: Point,
}

// Planted: same bytes as C++'s `Handle`, but C++ passes a class with a copy constructor by
// hidden pointer: every by-value shape breaks, only the by-pointer ones hold. (i686 returns
// every struct through a hidden pointer, C's too: there the two returns agree.)
#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("geo::Handle")]
#[ffi_test::ffi_roundtrip(
    "geo::Handle",
    expect = fail,
    shape_expect(
        passed_by_pointer_to_c = pass,
        inside_struct_of_1_to_16_copies_by_pointer = pass,
        returned_by_value_from_c = fail(not(target_arch = "x86")),
        returned_by_rust_callback_to_c = fail(not(target_arch = "x86")),
    )
)]
pub struct Handle {
    pub id: i32,
    pub generation: i32,
}

/// bindgen's opaque virtual table.
#[repr(C)]
pub struct ShapeVtable {
    _opaque: [u8; 0],
}

// A class with virtual functions, as bindgen binds it: the pointer to its virtual table first.
#[repr(C)]
#[layout_matches("geo::Shape")]
pub struct Shape {
    pub vtable_: *const ShapeVtable,
    pub sides_: i32,
}

// Planted: the same class bound without its virtual table's pointer.
#[repr(C)]
#[layout_matches("geo::Shape", expect = fail)]
pub struct ShapeWithoutVtable {
    pub sides_: i32,
}

// Planted: a double vector bound with f32 fields (tests/cpp.rs asserts the report).
#[repr(C)]
#[layout_matches("geo::Vec3<double>", expect = fail)]
pub struct Vec3dAsF32 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

// Planted: an enumerator whose value Rust got wrong.
#[repr(u8)]
#[layout_matches("geo::Mode", prefix = "geo::Mode::", case = "verbatim", expect = fail)]
pub enum ModeWrong {
    Fast = 1,
    Precise = 3,
}

// Planted: a member left out where it moves nothing (it sits in what Rust takes for padding):
// only C++'s member list, read from the debug information, shows it.
#[repr(C)]
#[layout_matches("geo::Gapped", expect = fail)]
pub struct GappedMissingC {
    pub a: u32,
    pub b: u8,
}

// C++ constants: `static constexpr` and `static const` members, an `inline constexpr` variable.
#[ffi_test::value_matches("geo::Limits::max_points")]
pub const MAX_POINTS: u32 = 4096;

#[ffi_test::value_matches("geo::Limits::epsilon")]
pub const EPSILON: f64 = 1e-9;

#[ffi_test::value_matches("geo::origin_offset")]
pub const ORIGIN_OFFSET: i64 = -12;

// Planted: a version Rust got wrong.
#[ffi_test::value_matches("geo::Limits::version", expect = fail)]
pub const VERSION: i32 = 6;

ffi_test::main! { headers: ["shapes.hpp"], include_dirs: ["include"] }
