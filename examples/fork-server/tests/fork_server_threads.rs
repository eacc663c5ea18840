//! C whose constructor starts a thread: a process with two threads cannot fork safely, so the
//! fork server refuses and every test's process is started by exec (`--verbose` says why).
//! Each test then loads the C itself: the constructor ran in its own process.

use std::ffi::c_long;

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <pthread.h>
    #include <unistd.h>
    static long loaded_in;
    static void *wait_forever(void *arg) { (void)arg; for (;;) pause(); return 0; }
    __attribute__((constructor)) static void start_a_thread(void) {
        pthread_t thread;
        loaded_in = (long)getpid();
        pthread_create(&thread, 0, wait_forever, 0);
    }
    long threaded_loader_pid(void) { return loaded_in; }
"#)]
fn exec__constructor_started_a_thread__then_loaded_in_this_process() {
    extern "C" {
        fn threaded_loader_pid() -> c_long;
    }
    // SAFETY: a plain C function taking nothing.
    let loader = unsafe { threaded_loader_pid() };
    assert_eq!(loader, std::process::id() as c_long);
}

#[ffi_test]
fn exec__plain_rust_neighbour__then_passes() {}

ffi_test::main!();
