//! Ways a test's process can end before the test finished while looking like success: `exit(0)`
//! and `_exit(0)` from C, `std::process::exit(0)` from Rust, a SIGSEGV handler that exits 0, and
//! signals that are raised rather than caused by a fault (which Rust's stack-overflow handler
//! used to swallow). Each must fail its test under every runner, nextest included.

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(expect = fail, c = r#"
    #include <stdlib.h>
    void leave_with_exit(void) { exit(0); }
"#)]
fn exit__c_calls_exit_0_mid_test__then_fails() {
    extern "C" {
        fn leave_with_exit();
    }
    // SAFETY: ends the process; the point of the test.
    unsafe { leave_with_exit() };
}

#[ffi_test(expect = fail, c = r#"
    #include <unistd.h>
    void leave_with_underscore_exit(void) { _exit(0); }
"#)]
fn exit__c_calls_underscore_exit_0_mid_test__then_fails() {
    extern "C" {
        fn leave_with_underscore_exit();
    }
    // SAFETY: ends the process; the point of the test.
    unsafe { leave_with_underscore_exit() };
}

#[ffi_test(expect = fail)]
fn exit__rust_calls_process_exit_0__then_fails() {
    std::process::exit(0);
}

#[ffi_test(expect = fail, c = r#"
    #include <signal.h>
    #include <unistd.h>
    static void pretend_all_is_well(int signal) { (void)signal; _exit(0); }
    int crash_into_a_handler_that_exits(void) {
        signal(SIGSEGV, pretend_all_is_well);
        volatile int *p = NULL;
        return *p;
    }
"#)]
fn exit__segv_handler_exits_0__then_fails() {
    extern "C" {
        fn crash_into_a_handler_that_exits() -> c_int;
    }
    // SAFETY: crashes on purpose, into a handler that exits.
    unsafe { crash_into_a_handler_that_exits() };
}

#[ffi_test(expect = crash("SIGSEGV"), c = r#"
    #include <signal.h>
    void raise_segv(void) { raise(SIGSEGV); }
"#)]
fn signal__c_raises_sigsegv__then_reported_as_crash() {
    extern "C" {
        fn raise_segv();
    }
    // SAFETY: raises a signal on purpose.
    unsafe { raise_segv() };
}

#[ffi_test(expect = crash("SIGBUS"), c = r#"
    #include <signal.h>
    void raise_bus(void) { raise(SIGBUS); }
"#)]
fn signal__c_raises_sigbus__then_reported_as_crash() {
    extern "C" {
        fn raise_bus();
    }
    // SAFETY: raises a signal on purpose.
    unsafe { raise_bus() };
}

#[ffi_test(expect = crash("SIGSEGV"), c = r#"
    #include <signal.h>
    #include <unistd.h>
    void kill_self_with_segv(void) { kill(getpid(), SIGSEGV); }
"#)]
fn signal__c_kills_itself_with_sigsegv__then_reported_as_crash() {
    extern "C" {
        fn kill_self_with_segv();
    }
    // SAFETY: sends a signal to its own process on purpose.
    unsafe { kill_self_with_segv() };
}

#[ffi_test(c = r#"
    int honest(void) { return 42; }
"#)]
fn honest__c_returns_normally__then_passes() {
    extern "C" {
        fn honest() -> c_int;
    }
    // SAFETY: a plain C function taking nothing.
    assert_eq!(unsafe { honest() }, 42);
}

ffi_test::main!();
