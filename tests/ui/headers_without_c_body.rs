use ffi_test::ffi_test;

#[ffi_test(headers = ["extra.h"])]
fn a__b__then_c() {}

fn main() {}
