// After an error, the item is emitted without ffi-test's helper attributes and with stub impls:
// one mistake gives one error, with no follow-ups on the item or on the types that use it.
use ffi_test::{ffi_roundtrip, layout_matches};

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct inner", size = "eight")]
pub struct Inner {
    #[layout(rename = "value")]
    pub v: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct outer")]
#[ffi_roundtrip("struct outer", unknown = 1)]
pub struct Outer {
    #[layout(rename = "in_")]
    pub inner: Inner,
    #[cfg_attr(unix, layout(rename = "n"))]
    pub count: u8,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct user")]
#[ffi_roundtrip("struct user")]
pub struct User {
    pub outer: Outer,
}

fn main() {}
