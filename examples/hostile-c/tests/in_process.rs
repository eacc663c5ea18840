//! Exits the in-process runner (`--in-process`, no child per test) must still catch: an `exit(0)`
//! in one test after a neighbour on another thread has finished, and `quick_exit(0)`. Each ends
//! the run with status 101, naming the test. And a test that never returns: at the end of its
//! timeout, or when an interrupt's grace has passed, it ends the run, naming it, where it would
//! otherwise hold the run forever. Run only by tests/trust/ (each ends the process).

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <stdlib.h>
    #include <unistd.h>
    void exit_after_a_while(void) { usleep(300 * 1000); exit(0); }
"#)]
fn exit__after_a_neighbour_finished__then_fails() {
    extern "C" {
        fn exit_after_a_while();
    }
    // SAFETY: ends the process; the point of the test.
    unsafe { exit_after_a_while() };
}

#[ffi_test]
fn neighbour__finishes_at_once__then_passes() {}

#[ffi_test(c = r#"
    #include <stdlib.h>
    void leave_quickly(void) { quick_exit(0); }
"#)]
fn quick_exit__c_calls_quick_exit_0__then_fails() {
    extern "C" {
        fn leave_quickly();
    }
    // SAFETY: ends the process; the point of the test.
    unsafe { leave_quickly() };
}

#[ffi_test(c = r#"
    #include <stdio.h>
    #include <stdlib.h>
    #include <unistd.h>
    /* Says it is waiting (a file `hang.<pid>` in $HOSTILE_PID_DIR), then waits forever. */
    void wait_forever(void) {
        const char *dir = getenv("HOSTILE_PID_DIR");
        if (dir) {
            char path[4096];
            snprintf(path, sizeof path, "%s/hang.%d", dir, (int)getpid());
            FILE *f = fopen(path, "w");
            if (f) fclose(f);
        }
        for (;;) pause();
    }
"#)]
fn hang__c_waits_forever__then_ends_the_run() {
    extern "C" {
        fn wait_forever();
    }
    // SAFETY: never returns; the point of the test.
    unsafe { wait_forever() };
}

ffi_test::main!();
