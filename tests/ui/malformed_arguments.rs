use ffi_test::ffi_test;

#[ffi_test(ignore = )]
fn a__b__then_c() {}

fn main() {}
