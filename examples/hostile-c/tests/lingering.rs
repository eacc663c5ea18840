//! A test whose C leaves a process behind: the process is killed when the test ends, in the
//! test's process group or in a session of its own, whether the test passed, failed or exited
//! mid-test; it cannot hold the caller's pipe open; and the failing test's output is kept even
//! though the process still held the output pipe when the test ended. A test process that
//! moves into the harness's own process group still has its timeout enforced.
//!
//! With `HOSTILE_PID_DIR` set, each background process writes its pid there, so tests/trust/ can
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

#[ffi_test(headers = ["linger.h"], c = r#"
    int leave_a_daemon(const char *tag) { return start_a_detached_sleeper(tag); }
"#)]
fn lingering__passing_test_leaves_a_daemon_in_its_own_session__then_it_is_killed() {
    extern "C" {
        fn leave_a_daemon(tag: *const std::ffi::c_char) -> c_int;
    }
    // SAFETY: a C function taking a NUL-terminated string.
    assert_eq!(unsafe { leave_a_daemon(c"daemon-passing".as_ptr()) }, 0);
}

#[ffi_test(expect = fail, headers = ["linger.h"], c = r#"
    int leave_a_daemon_and_exit(const char *tag) {
        if (start_a_detached_sleeper(tag) != 0) return -1;
        _exit(0);
    }
"#)]
fn lingering__exiting_test_leaves_a_daemon_in_its_own_session__then_it_is_killed() {
    extern "C" {
        fn leave_a_daemon_and_exit(tag: *const std::ffi::c_char) -> c_int;
    }
    // SAFETY: a C function taking a NUL-terminated string; it ends the process.
    assert_eq!(
        unsafe { leave_a_daemon_and_exit(c"daemon-exiting".as_ptr()) },
        0
    );
}

#[ffi_test(expect = fail, timeout = "1s", headers = ["linger.h"], c = r#"
    /* Joins the process group of its parent (the harness), then waits forever. */
    void hide_in_the_harness_group(const char *tag) {
        setpgid(0, getpgid(getppid()));
        note_sleeper(tag, getpid());
        for (;;) pause();
    }
"#)]
fn lingering__test_moves_into_the_harness_group_and_hangs__then_timed_out() {
    extern "C" {
        fn hide_in_the_harness_group(tag: *const std::ffi::c_char);
    }
    // SAFETY: a C function taking a NUL-terminated string; it never returns.
    unsafe { hide_in_the_harness_group(c"moved".as_ptr()) };
}

ffi_test::main! { include_dirs: ["csrc"] }
