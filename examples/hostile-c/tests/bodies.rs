//! C bodies share one translation unit but not each other's macros: a `#define` at the end of
//! one body does not change the bodies after it. A body that does not compile fails alone,
//! and the signature checks of the same binary (which read prototypes through the compiler on
//! the per-body fallback, several at once) are not disturbed by it.

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
fn macros__body_after_a_redefinition__then_sees_the_real_double() {
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

#[ffi_test(expect = fail, c = r#"
    int missing_semicolon(void) { return 1 }
"#)]
fn broken__body_misses_a_semicolon__then_fails_alone() {
    extern "C" {
        fn missing_semicolon() -> c_int;
    }
    // SAFETY: never reached: the body does not compile.
    unsafe { missing_semicolon() };
}

#[ffi_test::signatures_match]
extern "C" {
    fn abs(x: c_int) -> c_int;
    fn labs(x: std::ffi::c_long) -> std::ffi::c_long;
    fn atoi(s: *const std::ffi::c_char) -> c_int;
    fn strlen(s: *const std::ffi::c_char) -> usize;
}

ffi_test::main! { headers: ["hostile.h", "<stdlib.h>", "<string.h>"], include_dirs: ["csrc"] }
