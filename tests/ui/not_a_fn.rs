use ffi_test::ffi_test;

#[ffi_test]
struct Point {
    x: i32,
}

fn main() {}
