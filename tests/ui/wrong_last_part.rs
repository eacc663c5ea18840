use ffi_test::ffi_test;

#[ffi_test]
fn registry__ten_threads__count_is_ten() {}

fn main() {}
