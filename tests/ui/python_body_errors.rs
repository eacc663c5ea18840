use ffi_test::ffi_test;

#[ffi_test(py)]
fn python__no_body__then_error() {}

#[ffi_test(py = 3)]
fn python__body_not_a_string__then_error() {}

#[ffi_test(py = "x = 1", py = "y = 2")]
fn python__two_bodies__then_error() {}

#[ffi_test(python = "x = 1")]
fn python__misspelt_key__then_error() {}

fn main() {}
