use ffi_test::ffi_test;

#[ffi_test(timeout = "soon")]
fn a__no_unit__then_error() {}

#[ffi_test(timeout = "5h")]
fn a__unknown_unit__then_error() {}

#[ffi_test(timeout = 5)]
fn a__not_a_string__then_error() {}

// Longer than the harness accepts (it was taken at compile time and refused at run time).
#[ffi_test(timeout = "1441m")]
fn a__longer_than_a_day__then_error() {}

fn main() {}
