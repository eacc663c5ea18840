use ffi_test::ffi_test;

#[ffi_test(ignore, ignore = "again")]
fn a__b__then_c() {}

fn main() {}
