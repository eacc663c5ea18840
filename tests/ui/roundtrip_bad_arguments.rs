use ffi_test::{ffi_roundtrip, layout_matches};

#[repr(C)]
#[derive(Clone, Copy)]
#[ffi_roundtrip("struct point", echo = 5, through = x)]
pub struct Point {
    pub x: i32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[layout_matches("struct p2")]
#[ffi_roundtrip("struct p2", echo(p2_echo, expect = never))]
pub struct P2 {
    pub x: i32,
}

#[repr(C)]
#[derive(Clone, Copy)]
#[ffi_roundtrip("struct p3", shape_expect(passed_sideways = fail, passed_by_value_to_c = fail, passed_by_value_to_c = busted))]
pub struct P3 {
    pub x: i32,
}

fn main() {}
