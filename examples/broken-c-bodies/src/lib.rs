//! Fixtures for ffi-test's end-to-end tests. The suites under tests/ fail on purpose (see
//! Cargo.toml); this library registers one test of its own, to show that tests defined in a
//! library crate are collected into the test binaries that link it.

use ffi_test::ffi_test;

/// A value for the library-defined test to check; referencing it from a test binary also makes
/// sure this crate is linked into it.
pub fn library_value() -> u32 {
    7
}

#[ffi_test]
fn library__test_defined_in_a_library_crate__then_collected_by_the_binary() {
    assert_eq!(library_value(), 7);
}
