use ffi_test::ffi_test;

#[ffi_test]
fn bad_name() {}

fn main() {}
