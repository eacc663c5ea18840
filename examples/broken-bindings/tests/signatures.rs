//! Declarations of csrc/api.h that disagree with C, each caught by its signature, static or
//! constant check (`expect = fail`); the correct ones beside them must pass.

// Links the crate, and with it csrc/api.c (built by build.rs).
extern crate broken_bindings;

use std::ffi::{c_char, c_int};

use ffi_test::{signatures_match, value_matches};

/// A wrong constant: C says 128.
#[value_matches("API_LIMIT", expect = fail)]
pub const API_LIMIT: u32 = 100;

#[value_matches("API_NAME")]
pub const API_NAME: &str = "api";

#[value_matches("API_RATIO")]
pub const API_RATIO: f64 = 0.25;

/// A float off by a quarter: C says 0.25 (compared bit for bit).
#[value_matches("API_RATIO", expect = fail)]
pub const API_RATIO_WRONG: f64 = 0.5;

/// A string with one byte changed: C says "api".
#[value_matches("API_NAME", expect = fail)]
pub const API_NAME_WRONG: &str = "apx";

/// An integer macro mirrored as a float: C's 128 is an int.
#[value_matches("API_LIMIT", expect = fail)]
pub const API_LIMIT_AS_FLOAT: f64 = 128.0;

/// The sign lost: C says -3 (a signed C value).
#[value_matches("API_OFFSET", expect = fail)]
pub const API_OFFSET: i32 = 3;

/// Too narrow a mask: C says 0xFFFFFFFF (an unsigned C value).
#[value_matches("API_MASK", expect = fail)]
pub const API_MASK: u32 = 0xFFFF;

/// A constant C does not define (misspelled): one line naming it, not the compiler's notes.
#[value_matches("API_LIMT", expect = fail)]
pub const API_LIMT: u32 = 128;

/// A macro C cannot evaluate: its expansion takes the size of an incomplete type. Nothing to
/// compare, so not checked (listed with the reason), neither passed nor failed.
#[value_matches("API_INCOMPLETE_SIZE")]
pub const API_INCOMPLETE_SIZE: usize = 8;

#[signatures_match]
extern "C" {
    /// A parameter of the wrong width: C takes `int64_t`.
    #[signature(expect = fail)]
    pub fn api_width(v: i32) -> c_int;
    /// A parameter of the wrong signedness: C takes `uint32_t`.
    #[signature(expect = fail)]
    pub fn api_sign(v: i32) -> c_int;
    /// A missing parameter: C takes two.
    #[signature(expect = fail)]
    pub fn api_two(a: c_int) -> c_int;
    /// An extra parameter: C takes one.
    #[signature(expect = fail)]
    pub fn api_one(a: c_int, b: c_int) -> c_int;
    /// A wrong return type: C returns `int64_t`.
    #[signature(expect = fail)]
    pub fn api_ret() -> i32;
    /// `float` against `double`.
    #[signature(expect = fail)]
    pub fn api_scale(x: f32) -> f64;
    /// A variadic function declared with a fixed parameter list.
    #[signature(expect = fail)]
    pub fn api_log(fmt: *const c_char, v: c_int) -> c_int;
    /// A static of the wrong type: C's is `int32_t`.
    #[signature(expect = fail)]
    pub static api_counter: i64;

    /// The right type, but C (through its header) uses another copy of the function.
    #[signature(expect = fail)]
    pub fn api_twice(x: c_int) -> c_int;
    /// The right type, but C (through its header) uses another copy of the constant.
    #[signature(expect = fail)]
    pub static api_seven: i32;

    /// An array declared as a pointer: reading it would take the array's first bytes for an
    /// address. C's is `const char[8]`.
    #[signature(expect = fail)]
    pub static api_banner: *const c_char;

    pub fn api_ok(a: u32, b: *const c_char) -> i64;
    pub static api_version: *const c_char;
}

ffi_test::main! { headers: ["api.h", "api_copies.h"], include_dirs: ["csrc"] }
