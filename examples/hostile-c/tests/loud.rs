//! A test that prints 200 MB and then fails: the harness keeps the head and the tail of its
//! output, says how much it dropped, and neither its memory nor the JUnit report grows with the
//! output. Not run by `cargo test`.

use ffi_test::ffi_test;

#[ffi_test(c = r#"
    #include <stdio.h>
    #include <string.h>
    void shout(void) {
        static char line[1024];
        memset(line, 'x', sizeof line - 1);
        line[sizeof line - 2] = '\n';
        fputs("the first line\n", stdout);
        for (int i = 0; i < 200 * 1024; i++) fwrite(line, 1, sizeof line - 1, stdout);
        fputs("the last line\n", stdout);
    }
"#)]
fn loud__c_prints_200_mb_then_fails__then_head_and_tail_kept() {
    extern "C" {
        fn shout();
    }
    // SAFETY: a C function taking nothing.
    unsafe { shout() };
    panic!("failing after the flood");
}

ffi_test::main!();
