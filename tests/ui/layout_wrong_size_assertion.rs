use ffi_test::layout_matches;

#[repr(C)]
#[layout_matches("struct point", size = 12, align = 4)]
pub struct Point {
    pub x: i32,
    pub y: i64,
}

fn main() {}
