//! One C body in a file (tests/c/pair.c), used by a test and by its fault-sweep twin instead of
//! being pasted into both: `#[ffi_test(c_file = "tests/c/pair.c")]`. Compiler messages point
//! into the file; editing it rebuilds the tests.

use std::ffi::{c_char, c_int};

use ffi_test::ffi_test;

#[ffi_test(c_file = "tests/c/pair.c")]
fn pair__copied_from_a_c_file__then_total_length() {
    extern "C" {
        fn pair_total(left: *const c_char, right: *const c_char) -> c_int;
    }
    // SAFETY: both are NUL-terminated strings; C only reads them.
    let total = unsafe { pair_total(c"abc".as_ptr(), c"de".as_ptr()) };
    assert_eq!(total, 5);
}

/// The same C, each of its three allocations failing in turn: it must say so, not crash.
#[ffi_test(c_file = "tests/c/pair.c", fail_allocs)]
fn pair__each_allocation_failing__then_minus_one() -> Result<(), String> {
    extern "C" {
        fn pair_total(left: *const c_char, right: *const c_char) -> c_int;
    }
    // SAFETY: as above.
    match unsafe { pair_total(c"abc".as_ptr(), c"de".as_ptr()) } {
        5 | -1 => Ok(()),
        other => Err(format!("pair_total returned {other}")),
    }
}

ffi_test::main!();
