//! C whose constructor prints more than a pipe holds (256 KiB): the fork server prints it while
//! it loads the C, before it serves, and the harness reads it meanwhile, so neither waits for
//! the other and the tests run.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <stdio.h>
    #include <string.h>
    __attribute__((constructor)) static void shout(void) {
        char line[1024];
        memset(line, 'x', sizeof line - 1);
        line[sizeof line - 1] = '\n';
        for (int i = 0; i < 256; i++) fwrite(line, 1, sizeof line, stdout);
        fflush(stdout);
    }
    int quietly_seven(void) { return 7; }
"#)]
fn loud__constructor_prints_256_kib__then_the_tests_run() {
    extern "C" {
        fn quietly_seven() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { quietly_seven() }, 7);
}

#[ffi_test]
fn loud__plain_rust_neighbour__then_passes() {}

ffi_test::main!();
