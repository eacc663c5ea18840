use ffi_test::layout_matches;

#[layout_matches("struct point")]
pub struct Point {
    pub x: i32,
}

#[layout_matches("enum color")]
pub enum Color {
    Red,
}

fn main() {}
