mod sys {
    #[repr(C)]
    pub struct Point {
        pub x: i32,
    }
}

ffi_test::check_layout!(sys::Point, "struct point", fields());
ffi_test::check_layout!(sys::Point, "struct point", members(x));
ffi_test::check_layout!(sys::Point, fields(x));

fn main() {}
