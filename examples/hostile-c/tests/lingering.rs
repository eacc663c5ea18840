//! A test whose C leaves a process behind: the process is killed with the test's process group
//! when the test ends, it cannot hold the caller's pipe open (every descriptor of the harness is
//! close-on-exec), and the failing test's output is kept even though the process still held
//! the output pipe when the test ended.
//!
//! With `HOSTILE_PID_DIR` set, each background process writes its pid there, so tests/trust.rs can
//! check it is gone.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(expect = fail, headers = ["linger.h"], c = r#"
    int leave_a_sleeper(const char *tag) { return start_a_sleeper(tag); }
"#)]
fn lingering__failing_test_leaves_a_sleeper__then_output_kept_and_sleeper_killed() {
    extern "C" {
        fn leave_a_sleeper(tag: *const std::ffi::c_char) -> c_int;
    }
    println!("printed before the sleeper was started");
    // SAFETY: a C function taking a NUL-terminated string.
    assert_eq!(unsafe { leave_a_sleeper(c"failing".as_ptr()) }, 0);
    println!("printed after the sleeper was started");
    panic!("failing on purpose while the sleeper holds the output pipe");
}

#[ffi_test(headers = ["linger.h"], c = r#"
    int leave_a_sleeper(const char *tag) { return start_a_sleeper(tag); }
"#)]
fn lingering__passing_test_leaves_a_sleeper__then_it_is_killed() {
    extern "C" {
        fn leave_a_sleeper(tag: *const std::ffi::c_char) -> c_int;
    }
    // SAFETY: a C function taking a NUL-terminated string.
    assert_eq!(unsafe { leave_a_sleeper(c"passing".as_ptr()) }, 0);
}

ffi_test::main! { include_dirs: ["csrc"] }
