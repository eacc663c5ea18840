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

#[ffi_test(expect = fail, c = r#"
    #include <sys/resource.h>
    int lower_the_limits(void) {
        struct rlimit none = { 0, 0 };
        struct rlimit three = { 3, 3 };
        return setrlimit(RLIMIT_FSIZE, &none) | setrlimit(RLIMIT_NOFILE, &three);
    }
"#)]
fn d__lowers_its_file_limits_and_fails__then_its_failure_is_reported() {
    extern "C" {
        fn lower_the_limits() -> c_int;
    }
    // SAFETY: a C function taking nothing; it changes only this process's limits.
    assert_eq!(unsafe { lower_the_limits() }, 0);
    panic!("failing on purpose with no file left to open or write");
}

#[ffi_test(c = r#"
    #include <sys/resource.h>
    int lower_the_limits_too(void) {
        struct rlimit none = { 0, 0 };
        struct rlimit three = { 3, 3 };
        return setrlimit(RLIMIT_FSIZE, &none) | setrlimit(RLIMIT_NOFILE, &three);
    }
"#)]
fn e__lowers_its_file_limits_and_passes__then_it_passes() {
    extern "C" {
        fn lower_the_limits_too() -> c_int;
    }
    // SAFETY: a C function taking nothing; it changes only this process's limits.
    assert_eq!(unsafe { lower_the_limits_too() }, 0);
}

#[ffi_test(expect = fail)]
fn f__fails_with_a_message_of_a_mebibyte__then_reported_whole() {
    // More than a socket buffer holds: the harness drains the channel while it waits.
    let long = "x".repeat(1 << 20);
    panic!("a long message: {long}<end>");
}

ffi_test::main! { include_dirs: ["csrc"] }
