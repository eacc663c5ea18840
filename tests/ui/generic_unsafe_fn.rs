use ffi_test::ffi_test;

#[ffi_test]
unsafe fn a__b__then_c<T>() {}

fn main() {}
