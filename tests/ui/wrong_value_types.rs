use ffi_test::ffi_test;

#[ffi_test(ignore = 5, should_panic(text = "x"), c, legacy_name = "yes")]
fn a__b__then_c() {}

fn main() {}
