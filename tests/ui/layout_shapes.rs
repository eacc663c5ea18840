use ffi_test::layout_matches;

#[repr(C)]
#[layout_matches("enum shape")]
pub enum Shape {
    Circle(f64),
}

#[repr(C)]
#[layout_matches("struct pair")]
pub struct Pair(pub i32, pub i32);

#[repr(C)]
#[layout_matches("struct wrapper", prefix = "W_")]
pub struct Wrapper<T> {
    pub value: T,
}

#[layout_matches("struct f")]
fn not_a_type() {}

fn main() {}
