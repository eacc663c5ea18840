use ffi_test::layout_matches;

#[repr(C)]
#[layout_matches("struct point", sise = 8)]
pub struct Point {
    pub x: i32,
}

fn main() {}
