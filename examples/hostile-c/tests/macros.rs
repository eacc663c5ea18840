//! C bodies share one translation unit but not each other's macros: a `#define` at the end of
//! one body (which sorts, and so is compiled, first) does not change the bodies after it.

use std::ffi::{c_double, c_int};

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    int size_of_double_first(void) { return (int)sizeof(double); }
    #define double float
    #define hostile_add_impl(a, b) 0
"#)]
fn macros__body_redefines_double_at_its_end__then_its_own_code_is_unaffected() {
    extern "C" {
        fn size_of_double_first() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { size_of_double_first() }, 8);
}

#[ffi_test(c = r#"
    double half(double x) { return x / 2; }
    int size_of_double_after(void) { return (int)sizeof(double); }
    int add_after(int a, int b) { return hostile_add_impl(a, b); }
"#)]
fn macros__next_body_uses_double__then_sees_the_real_double() {
    extern "C" {
        fn half(x: c_double) -> c_double;
        fn size_of_double_after() -> c_int;
        fn add_after(a: c_int, b: c_int) -> c_int;
    }
    // SAFETY: plain C functions of these exact types.
    unsafe {
        assert_eq!(size_of_double_after(), 8);
        assert_eq!(half(3.0), 1.5);
        assert_eq!(add_after(2, 3), 5);
    }
}

ffi_test::main! { headers: ["hostile.h"], include_dirs: ["csrc"] }
