//! A configuration that does not compile (a header that does not exist), under checks that
//! expect to fail: each must fail all the same, since none compared anything. Otherwise a
//! planted bug would be "caught" by the missing header and pass. Not part of the suite
//! (`test = false`): tests/layout.rs runs it and asserts the reports.

use std::ffi::c_int;

#[repr(C)]
#[ffi_test::layout_matches("struct point", expect = fail)]
pub struct Point {
    pub x: i64,
    pub y: c_int,
}

#[ffi_test::value_matches("API_LIMIT", expect = busted)]
pub const API_LIMIT: u32 = 100;

#[ffi_test::ffi_test(c = "int seven(void) { return 7; }", expect = fail)]
fn seven__broken_configuration__then_fails_whatever_expected() {
    extern "C" {
        fn seven() -> c_int;
    }
    // SAFETY: `seven` is the C body's function, of this type.
    assert_eq!(unsafe { seven() }, 8);
}

ffi_test::main! { headers: ["no_such_header.h"] }
