//! The harness itself, on Windows as on Linux: each test in a process of its own, so a crash,
//! an exit or a hang fails (here: is expected by) that test alone and the passing tests around
//! it still pass. Under Wine (tests/windows.rs) each test process is in a Job Object: a
//! timeout ends it and every process it started. What differs between the two systems is a
//! fact of each, named where it is expected: C's `abort()` is a SIGABRT on Linux and exits with
//! code 3 on Windows (msvcrt's `raise(SIGABRT)`); Rust's stack overflow aborts on Linux and
//! ends the process with the overflow's exception on Windows. A test with a C body of its own is refused on
//! Windows, with the reason, until the harness builds C there.
//!
//! `--ignore-expectations` shows the raw reports (tests/windows.rs checks each one).

// Links the crate, and with it csrc/crashes.c (built by build.rs).
extern crate windows_bindings;

use std::ffi::c_int;

use ffi_test::ffi_test;

extern "C" {
    fn plain_add(a: c_int, b: c_int) -> c_int;
    fn read_through_null() -> c_int;
    fn print_then_abort();
    fn leave_with(code: c_int);
    fn spin_forever();
    fn call_back(f: extern "C" fn());
    fn trap();
    fn divide(a: c_int, b: c_int) -> c_int;
}

#[ffi_test]
fn pass__c_linked_into_the_crate_adds__then_sum() {
    // SAFETY: plain_add takes two ints and returns their sum.
    assert_eq!(unsafe { plain_add(2, 3) }, 5);
}

#[ffi_test(should_panic = "planted")]
fn pass__rust_panics_as_it_should__then_passes() {
    panic!("planted: this test must panic");
}

#[ffi_test(expect = fail)]
fn planted__assertion_fails__then_its_message_reported() {
    assert_eq!(1 + 1, 3, "planted: one and one");
}

/// Output past 512 KiB is cut in the middle: its head and tail are kept, and how much was
/// dropped is said, so a test that writes without end fills neither memory nor disk.
#[ffi_test(expect = fail)]
fn planted__prints_two_megabytes_then_panics__then_head_and_tail_kept() {
    let line = "y".repeat(1023);
    for _ in 0..2048 {
        println!("{line}");
    }
    panic!("planted: last words");
}

#[ffi_test(expect = crash("SIGSEGV"))]
fn planted__c_reads_through_null__then_access_violation_reported() {
    // SAFETY: not safe at all: the point of the test is the crash.
    unsafe { read_through_null() };
}

#[ffi_test(expect = crash("SIGILL"))]
fn planted__c_traps__then_illegal_instruction_reported() {
    // SAFETY: executes an undefined instruction by design.
    unsafe { trap() };
}

#[ffi_test(expect = crash("SIGFPE"))]
fn planted__c_divides_by_zero__then_division_reported() {
    // SAFETY: divides by zero by design.
    unsafe { divide(1, 0) };
}

#[ffi_test(expect = [fail(windows), crash("SIGABRT")])]
fn planted__c_calls_abort__then_reported() {
    // SAFETY: aborts by design.
    unsafe { print_then_abort() };
}

#[ffi_test(expect = fail)]
fn planted__c_calls_exit__then_exit_code_reported() {
    // SAFETY: exits by design.
    unsafe { leave_with(7) };
}

// Rust's runtime aborts (a fast fail on Windows, SIGABRT's fault). Under Wine 8's 32-bit
// runtime, where tests/windows.rs runs the i686 suite, the backtrace Rust prints for the panic
// that cannot unwind (a second panic always prints one) faults first, in Wine's `strlen`
// (ucrtbase), reading address 0: an access violation, SIGSEGV's fault. A Wine fact, not a
// Windows one: on 32-bit Windows itself this expectation would be SIGABRT's.
#[ffi_test(expect = [crash("SIGSEGV", all(windows, target_arch = "x86")), crash("SIGABRT")])]
fn planted__rust_panic_escapes_extern_c__then_abort_reported() {
    extern "C" fn explode() {
        panic!("planted: unwinding into C");
    }
    // SAFETY: call_back calls the function it is given; the panic cannot unwind through C.
    unsafe { call_back(explode) };
}

// Rust's runtime reports a stack overflow and then aborts on Linux (SIGABRT); on Windows it
// reports it and lets the exception end the process (EXCEPTION_STACK_OVERFLOW, SIGSEGV's fault).
#[ffi_test(expect = [crash("SIGSEGV", windows), crash("SIGABRT")])]
fn planted__rust_recurses_without_end__then_stack_overflow_reported() {
    #[allow(unconditional_recursion)]
    fn down(n: u64) -> u64 {
        std::hint::black_box(down(std::hint::black_box(n) + 1)) + 1
    }
    down(0);
}

/// Starts the program `FFI_TEST_HEARTBEAT` names (tests/windows.rs builds one that appends to
/// a file every 100 ms), then spins: the timeout must end both.
#[ffi_test(expect = fail, timeout = "2s")]
// Never waited for: the harness must end it with the test.
#[allow(clippy::zombie_processes)]
fn planted__spins_with_a_child_process__then_timeout_ends_both() {
    if let Some(program) = std::env::var_os("FFI_TEST_HEARTBEAT") {
        let file = std::env::var_os("FFI_TEST_HEARTBEAT_FILE").expect("FFI_TEST_HEARTBEAT_FILE");
        std::process::Command::new(program)
            .arg(file)
            .spawn()
            .expect("start the heartbeat");
    }
    // SAFETY: never returns by design; the harness ends the process.
    unsafe { spin_forever() };
}

#[ffi_test(c = r#"
    int seven(void) { return 7; }
"#)]
fn c_body__returns_seven__then_seven() {
    extern "C" {
        fn seven() -> c_int;
    }
    // SAFETY: seven takes nothing and returns an int.
    assert_eq!(unsafe { seven() }, 7);
}

ffi_test::main!();
