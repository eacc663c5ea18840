//! Runs the test registered by this crate's library next to one of its own.

use ffi_test::ffi_test;

#[ffi_test]
fn binary__test_defined_in_the_binary__then_collected() {
    assert_eq!(broken_c_bodies::library_value(), 7);
}

ffi_test::main!();
