use ffi_test::ffi_test;

#[ffi_test]
fn a__b__then_c(x: i32) {
    let _ = x;
}

fn main() {}
