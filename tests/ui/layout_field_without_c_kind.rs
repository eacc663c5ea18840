use ffi_test::layout_matches;

pub struct NotAnnotated {
    pub x: i32,
}

#[repr(C)]
#[layout_matches("struct outer")]
pub struct Outer {
    pub inner: NotAnnotated,
}

fn main() {}
