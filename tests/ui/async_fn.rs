use ffi_test::ffi_test;

#[ffi_test]
async fn a__b__then_c() {}

fn main() {}
