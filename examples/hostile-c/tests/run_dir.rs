//! What a test does to what it shares with the harness does not cost it or the tests after it
//! their verdicts. A test that removes the run's private directory (found through the
//! manifest's path in its environment) does not take the tests after it down: their verdicts
//! travel on descriptors, the directory is made again for their files, and a child whose
//! manifest is gone locates its C itself. A test that lowers its own limits on open files and
//! file size to nothing still reports its own failure or pass (they were "did C call exit()?"
//! and "signal 25": its verdict was a file to open and write). A failure message larger than a
//! socket buffer arrives whole.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(headers = ["forge.h"], c = r#"
    #include <libgen.h>
    int remove_the_run_directory(void) {
        const char *manifest = started_with("FFI_TEST_CHILD_MANIFEST");
        if (!manifest) return -1;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", manifest);
        char command[4200];
        snprintf(command, sizeof command, "rm -rf '%s'", dirname(dir));
        return system(command);
    }
"#)]
fn a__removes_the_run_directory__then_passes() {
    extern "C" {
        fn remove_the_run_directory() -> c_int;
    }
    // SAFETY: a C function taking nothing.
    assert_eq!(unsafe { remove_the_run_directory() }, 0);
}

#[ffi_test(c = r#"
    int twice(int x) { return 2 * x; }
"#)]
fn b__c_body_after_the_removal__then_passes() {
    extern "C" {
        fn twice(x: c_int) -> c_int;
    }
    // SAFETY: a plain C function.
    assert_eq!(unsafe { twice(21) }, 42);
}

#[ffi_test]
fn c__rust_test_after_the_removal__then_passes() {}

#[ffi_test(expect = fail, headers = ["limits.h"], c = r#"
    int lower_limits_then_fail(void) { return lower_the_limits(); }
"#)]
fn d__lowers_its_file_limits_and_fails__then_its_failure_is_reported() {
    extern "C" {
        fn lower_limits_then_fail() -> c_int;
    }
    // SAFETY: a C function taking nothing; it changes only this process's limits.
    assert_eq!(unsafe { lower_limits_then_fail() }, 0);
    panic!("failing on purpose with no file left to open or write");
}

#[ffi_test(headers = ["limits.h"], c = r#"
    int lower_limits_then_pass(void) { return lower_the_limits(); }
"#)]
fn e__lowers_its_file_limits_and_passes__then_it_passes() {
    extern "C" {
        fn lower_limits_then_pass() -> c_int;
    }
    // SAFETY: a C function taking nothing; it changes only this process's limits.
    assert_eq!(unsafe { lower_limits_then_pass() }, 0);
}

#[ffi_test(expect = fail)]
fn f__fails_with_a_message_of_a_mebibyte__then_reported_whole() {
    // More than a socket buffer holds: the harness drains the channel while it waits.
    let long = "x".repeat(1 << 20);
    panic!("a long message: {long}<end>");
}

ffi_test::main! { include_dirs: ["csrc"] }
