//! Tests that never end, each leaving a background process too: for tests/trust/ to interrupt
//! (SIGINT, SIGTERM, SIGHUP) and check that every test process is gone afterwards, and that the
//! summary and the JUnit report mark the unfinished tests as interrupted. Not run by `cargo test`.

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <stdio.h>
    #include <stdlib.h>
    #include <unistd.h>
    static void note_pid(const char *tag) {
        const char *dir = getenv("HOSTILE_PID_DIR");
        if (dir == NULL) return;
        char path[512];
        snprintf(path, sizeof path, "%s/%s.%d", dir, tag, (int)getpid());
        FILE *f = fopen(path, "w");
        if (f != NULL) fclose(f);
    }
    void hang_with_a_helper(void) {
        if (fork() == 0) { note_pid("helper"); for (;;) pause(); }
        note_pid("test");
        for (;;) pause();
    }
"#)]
fn hang__c_waits_forever_with_a_helper__then_interrupted() {
    extern "C" {
        fn hang_with_a_helper();
    }
    // SAFETY: never returns, by design.
    unsafe { hang_with_a_helper() };
}

#[ffi_test]
fn hang__rust_sleeps_forever__then_interrupted() {
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

#[ffi_test]
fn quick__finishes_at_once__then_passes() {}

ffi_test::main!();
