use ffi_test::ffi_test;

#[ffi_test(timeout = "soon")]
fn a__no_unit__then_error() {}

#[ffi_test(timeout = "5h")]
fn a__unknown_unit__then_error() {}

#[ffi_test(timeout = 5)]
fn a__not_a_string__then_error() {}

fn main() {}
