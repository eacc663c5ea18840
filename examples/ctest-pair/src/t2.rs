// The broken Rust bindings of csrc/t2.h: every item has the mistake ctest's own broken test
// bindings have.

use std::ffi::{c_char, c_int};

pub type T2Foo = u32; // C: int32_t (signedness)
pub type T2Bar = u32; // C: int8_t (size, alignment, signedness)
pub type T2TypedefFoo = T2Foo; // C: T2Foo, so int32_t (signedness)
pub type T2TypedefInt = c_int; // C: unsigned (signedness)

macro_rules! i {
    ($i:item) => {
        $i
    };
}

// C has a leading `int8_t _a` (size, offsets of `a` and `b`).
#[repr(C)]
pub struct T2Baz {
    pub a: i64,
    pub b: u32,
}

// C has a struct (size, offset of `b`, kind).
#[repr(C)]
pub union T2Union {
    pub a: u32,
    pub b: i64,
}

pub const T2C: i32 = 5; // C: 4

i! {
    pub const T2S: *const c_char = c"b".as_ptr(); // C: "a"
}

extern "C" {
    // C defines it `static` in the header: nothing to link to.
    pub fn T2a();
}

pub type enum_repr_too_small = u16; // C: an enum, so int-sized
pub const ENUM_REPR_TOO_SMALL_A: enum_repr_too_small = 0;

pub type enum_wrong_signedness = i32; // C: an enum of unsigned int (GCC)
pub const ENUM_WRONG_SIGNEDNESS_A: enum_wrong_signedness = 0;
