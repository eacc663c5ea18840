use ffi_test::ffi_test;

#[ffi_test]
fn a__b__then_c() -> i32 {
    1
}

fn main() {}
