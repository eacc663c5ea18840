//! C constructors run when a compiled object is loaded. ffi-test loads objects only in child
//! processes (a probe first), so a constructor that exits or aborts fails the tests whose C it
//! belongs to, and every other test, a failing Rust test included, is still run and reported.

use std::ffi::c_int;

use ffi_test::{ffi_test, layout_matches};

#[ffi_test(expect = fail, c = r#"
    #include <unistd.h>
    __attribute__((constructor)) static void leave_quietly(void) { _exit(0); }
    int quiet_value(void) { return 1; }
"#)]
fn constructor__calls_exit_0_when_loaded__then_its_test_fails() {
    extern "C" {
        fn quiet_value() -> c_int;
    }
    // SAFETY: a plain C function; the test never gets here, its object cannot be loaded.
    assert_eq!(unsafe { quiet_value() }, 1);
}

#[ffi_test(expect = fail, c = r#"
    #include <stdlib.h>
    __attribute__((constructor)) static void give_up(void) { abort(); }
    int loud_value(void) { return 2; }
"#)]
fn constructor__aborts_when_loaded__then_its_test_fails() {
    extern "C" {
        fn loud_value() -> c_int;
    }
    // SAFETY: a plain C function; the test never gets here, its object cannot be loaded.
    assert_eq!(unsafe { loud_value() }, 2);
}

#[ffi_test(c = r#"
    int plain_value(void) { return 3; }
"#)]
fn neighbour__c_body_without_constructor__then_runs() {
    extern "C" {
        fn plain_value() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { plain_value() }, 3);
}

#[ffi_test(expect = fail)]
fn rust__assertion_fails__then_reported_despite_the_constructors() {
    assert_eq!(1 + 1, 3, "a Rust test failing on purpose");
}

#[ffi_test]
fn rust__plain_test__then_passes() {}

#[repr(C)]
#[layout_matches("struct pair")]
pub struct Pair {
    pub a: i32,
    pub b: f64,
}

ffi_test::main! { headers: ["hostile.h"], include_dirs: ["csrc"] }
