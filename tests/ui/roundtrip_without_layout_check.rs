use ffi_test::ffi_roundtrip;

#[repr(C)]
#[derive(Clone, Copy)]
#[ffi_roundtrip("struct point")]
pub struct Point {
    pub x: i32,
}

fn main() {}
