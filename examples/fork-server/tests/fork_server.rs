//! The fork server: the binary's C is loaded, its constructors run, once, in the server; each
//! test's process is forked from it. A test sees what the constructor did, in a process the
//! constructor never ran in. With `--no-fork-server` (or a memory checker, a target runner,
//! `--coverage`) each test's process loads the C itself, and the first test here fails: the
//! twin that shows the tests are forked.

use std::ffi::c_long;

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <unistd.h>
    static long loaded_in;
    __attribute__((constructor)) static void remember_the_loader(void) { loaded_in = (long)getpid(); }
    long loader_pid(void) { return loaded_in; }
"#)]
fn forked__constructor_ran_in_the_server__then_not_in_this_process() {
    extern "C" {
        fn loader_pid() -> c_long;
    }
    // SAFETY: a plain C function taking nothing.
    let loader = unsafe { loader_pid() };
    assert_ne!(loader, 0, "the constructor ran before the test");
    assert_ne!(
        loader,
        std::process::id() as c_long,
        "the C was loaded in this test's own process: it was not forked from the fork server"
    );
}

#[ffi_test(c = r#"
    int forked_neighbour(void) { return 7; }
"#)]
fn forked__neighbour_c_body__then_runs() {
    extern "C" {
        fn forked_neighbour() -> std::ffi::c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { forked_neighbour() }, 7);
}

ffi_test::main!();
