//! Ways code under test could hand its harness a verdict it did not earn: writing `ok` to what
//! the environment names, a forked process reporting for its parent, an exit handler that turns
//! a failure into exit status 0, and a re-exec of the test binary naming another (passing) test.
//! Each must fail its test; the verdict channel the parent opened (see the harness's `channel`)
//! leaves none of them a way in.

use ffi_test::ffi_test;

#[ffi_test(expect = fail, headers = ["forge.h"], c = r#"
    void forge_and_leave(void) { forge_ok(); _exit(0); }
"#)]
fn verdict__c_writes_ok_where_the_environment_points__then_fails() {
    extern "C" {
        fn forge_and_leave();
    }
    // SAFETY: ends the process; the point of the test.
    unsafe { forge_and_leave() };
}

#[ffi_test(expect = fail, headers = ["forge.h"], c = r#"
    #include <sys/wait.h>
    /* A forked process finds every socket its parent holds and sends `ok` on each. */
    void child_reports_for_its_parent(void) {
        pid_t pid = fork();
        if (pid == 0) {
            for (int fd = 3; fd < 1024; fd++) send(fd, "ok\n", 3, MSG_NOSIGNAL);
            _exit(0);
        }
        waitpid(pid, NULL, 0);
        _exit(0);
    }
"#)]
fn verdict__a_forked_process_reports_ok_for_the_test__then_fails() {
    extern "C" {
        fn child_reports_for_its_parent();
    }
    // SAFETY: forks and ends the process; the point of the test.
    unsafe { child_reports_for_its_parent() };
}

#[ffi_test(expect = fail, headers = ["forge.h"], c = r#"
    static void rewrite_the_verdict(void) { forge_ok(); _exit(0); }
    void on_exit_claim_success(void) { atexit(rewrite_the_verdict); }
"#)]
fn verdict__an_exit_handler_rewrites_a_failure__then_fails() {
    extern "C" {
        fn on_exit_claim_success();
    }
    // SAFETY: registers an exit handler; the point of the test.
    unsafe { on_exit_claim_success() };
    assert_eq!(1 + 1, 3, "a failure an exit handler tries to hide");
}

#[ffi_test(expect = fail, headers = ["forge.h"], c = r#"
    /* Runs this binary again as a child of the same parent, naming a test that passes. */
    void reexec_as_another_test(void) {
        const char *channel = started_with("FFI_TEST_CHILD_RESULT");
        char parent[32];
        snprintf(parent, sizeof parent, "%d", (int)getppid());
        setenv("FFI_TEST_CHILD_TEST", "verdict__honest__then_passes", 1);
        setenv("FFI_TEST_CHILD_OF", parent, 1);
        if (channel) setenv("FFI_TEST_CHILD_RESULT", channel, 1);
        char *argv[] = { "again", NULL };
        execv("/proc/self/exe", argv);
        _exit(3);
    }
"#)]
fn verdict__c_reexecs_the_binary_naming_a_passing_test__then_fails() {
    extern "C" {
        fn reexec_as_another_test();
    }
    // SAFETY: replaces the process image; the point of the test.
    unsafe { reexec_as_another_test() };
}

#[ffi_test]
fn verdict__honest__then_passes() {}

ffi_test::main! { include_dirs: ["csrc"] }
