// A hand-written member list must name every field and variant of the other crate's type: the
// ones left out would go unchecked.
mod sys {
    #[repr(C)]
    pub struct div_t {
        pub quot: i32,
        pub rem: i32,
    }

    #[repr(C)]
    pub enum mode {
        Read,
        Write,
        Append,
    }
}

ffi_test::check_layout!(sys::div_t, "div_t", fields(quot));
ffi_test::check_layout!(sys::mode, "enum mode", variants(Read, Write));
ffi_test::check_layout!(sys::div_t, "div_t", fields(quot, rem));

fn main() {}
