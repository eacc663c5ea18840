//! C bodies read from files (`c_file = ..`): one has a syntax error, reported at its line in
//! the C file; two tests share the other, each with its own copy, and pass.

use ffi_test::ffi_test;

#[ffi_test(c_file = "tests/c/broken.c")]
fn broken__c_file_has_syntax_error__then_its_line_named() {
    extern "C" {
        fn broken_from_file() -> i32;
    }
    // SAFETY: never reached: the C body does not compile.
    unsafe { broken_from_file() };
}

#[ffi_test(c_file = "tests/c/seven.c")]
fn seven__c_file_shared_first__then_returns_seven() {
    extern "C" {
        fn seven_from_file() -> i32;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { seven_from_file() }, 7);
}

#[ffi_test(c_file = "tests/c/seven.c")]
fn seven__c_file_shared_second__then_returns_seven() {
    extern "C" {
        fn seven_from_file() -> i32;
    }
    // SAFETY: no arguments.
    assert_eq!(unsafe { seven_from_file() }, 7);
}

ffi_test::main!();
