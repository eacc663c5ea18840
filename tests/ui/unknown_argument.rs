use ffi_test::ffi_test;

#[ffi_test(timeout_ms = 5)]
fn a__b__then_c() {}

fn main() {}
