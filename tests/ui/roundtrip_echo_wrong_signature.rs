use ffi_test::{ffi_roundtrip, layout_matches};

extern "C" {
    fn point_sum(p: Point, scale: i32) -> Point;
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct point")]
#[ffi_roundtrip("struct point", echo = point_sum)]
pub struct Point {
    pub x: i32,
}

fn main() {}
