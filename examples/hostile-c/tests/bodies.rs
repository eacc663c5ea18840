//! A C body that does not compile fails alone, and the signature checks of the same binary
//! (which read prototypes through the compiler on the per-body fallback, several at once, each
//! with its own temporary files) are not disturbed by it.

use std::ffi::{c_char, c_int, c_long, c_void};

use ffi_test::ffi_test;

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
    fn labs(x: c_long) -> c_long;
    fn atoi(s: *const c_char) -> c_int;
    fn atol(s: *const c_char) -> c_long;
    fn strlen(s: *const c_char) -> usize;
    fn strcmp(a: *const c_char, b: *const c_char) -> c_int;
    fn strncmp(a: *const c_char, b: *const c_char, n: usize) -> c_int;
    fn strchr(s: *const c_char, c: c_int) -> *mut c_char;
    fn memcmp(a: *const c_void, b: *const c_void, n: usize) -> c_int;
    fn memcpy(dst: *mut c_void, src: *const c_void, n: usize) -> *mut c_void;
    fn memset(dst: *mut c_void, c: c_int, n: usize) -> *mut c_void;
    fn malloc(n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

ffi_test::main! { headers: ["hostile.h", "<stdlib.h>", "<string.h>"], include_dirs: ["csrc"] }
