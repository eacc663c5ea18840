use ffi_test::layout_matches;

#[repr(C)]
#[layout_matches("struct")]
pub struct A {
    pub x: i32,
}

#[repr(C)]
#[layout_matches("struct point; int")]
pub struct B {
    pub x: i32,
}

#[repr(C)]
#[layout_matches]
pub struct C {
    pub x: i32,
}

fn main() {}
