//! The crash corpus: each test takes its process down in a different way, and says so with
//! `expect`. ffi-test runs every test in its own process, so each crash fails (here: is expected
//! by) one test only, and the passing tests around them still pass.
//!
//! `--ignore-expectations` shows the raw reports (tests/isolation.rs checks each one).

use std::ffi::c_int;

use ffi_test::ffi_test;

#[ffi_test(expect = crash("SIGSEGV"), c = r#"
    int read_through_null(void) {
        volatile int *p = NULL;
        return *p;
    }
"#)]
fn crash__c_dereferences_null__then_sigsegv_reported() {
    extern "C" {
        fn read_through_null() -> c_int;
    }
    // SAFETY: not safe at all: the point of the test is the crash.
    unsafe { read_through_null() };
}

#[ffi_test(expect = crash("SIGABRT"), c = r#"
    void print_then_abort(void) {
        printf("C is about to abort\n");
        abort();
    }
"#)]
fn crash__c_calls_abort__then_sigabrt_and_last_output_reported() {
    extern "C" {
        fn print_then_abort();
    }
    // SAFETY: aborts by design.
    unsafe { print_then_abort() };
}

#[ffi_test(expect = crash("SIGABRT"), c = r#"
    int recurse_forever(volatile int depth) {
        volatile char frame[1024];
        frame[0] = (char)depth;
        return recurse_forever(depth + 1) + frame[0];
    }
"#)]
fn crash__c_recurses_without_end__then_stack_overflow_reported() {
    extern "C" {
        fn recurse_forever(depth: c_int) -> c_int;
    }
    // SAFETY: overflows the stack by design; Rust's guard-page handler reports it and aborts.
    unsafe { recurse_forever(0) };
}

#[ffi_test(expect = crash("SIGBUS"), c = r#"
    #include <sys/mman.h>
    #include <unistd.h>
    int read_past_end_of_mapped_file(void) {
        FILE *f = tmpfile();
        if (f == NULL) return -1;
        /* Map a page of a file that is empty: touching it is SIGBUS, not SIGSEGV. */
        volatile char *page = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fileno(f), 0);
        if (page == MAP_FAILED) return -2;
        return page[0];
    }
"#)]
fn crash__c_reads_a_truncated_mapping__then_sigbus_reported() {
    extern "C" {
        fn read_past_end_of_mapped_file() -> c_int;
    }
    // SAFETY: raises SIGBUS by design.
    unsafe { read_past_end_of_mapped_file() };
}

// x86's `idiv` traps on a zero divisor; aarch64's `sdiv` gives 0 and nothing is raised.
#[ffi_test(expect = [pass(target_arch = "aarch64"), crash("SIGFPE")], c = r#"
    int divide(int a, int b) { return a / b; }
"#)]
fn crash__c_divides_by_zero__then_sigfpe_reported() {
    extern "C" {
        fn divide(a: c_int, b: c_int) -> c_int;
    }
    // SAFETY: integer division by zero traps by design on x86 (undefined behaviour in C, which
    // is the point of the test: the process dies of it, and the harness reports that).
    unsafe { divide(1, std::hint::black_box(0)) };
}

#[ffi_test(expect = fail, c = r#"
    void leave_with_3(void) { exit(3); }
"#)]
fn crash__c_calls_exit_3__then_exit_code_reported() {
    extern "C" {
        fn leave_with_3();
    }
    // SAFETY: exits the process by design.
    unsafe { leave_with_3() };
}

#[ffi_test(expect = fail, timeout = "1s", c = r#"
    void spin_forever(void) { for (;;) { } }
"#)]
fn crash__c_loops_forever__then_timeout_reported() {
    extern "C" {
        fn spin_forever();
    }
    // SAFETY: never returns by design; the harness kills the process group.
    unsafe { spin_forever() };
}

#[ffi_test(expect = crash("SIGABRT"), c = r#"
    void call_back(void (*f)(void)) { f(); }
"#)]
fn crash__rust_panic_escapes_extern_c__then_abort_reported() {
    extern "C" {
        fn call_back(f: extern "C" fn());
    }
    extern "C" fn panics() {
        panic!("this panic cannot unwind through C");
    }
    // SAFETY: `panics` matches the prototype; the abort is the point.
    unsafe { call_back(panics) };
}

#[ffi_test(expect = crash("SIGSEGV"), c = r#"
    size_t length_of_null(void) {
        const char *volatile text = NULL;
        return strlen(text);
    }
"#)]
fn crash__c_passes_null_to_strlen__then_callers_line_reported() {
    extern "C" {
        fn length_of_null() -> usize;
    }
    // SAFETY: not safe: the C library's strlen reads through NULL, by design.
    unsafe { length_of_null() };
}

// ---- Tests that must pass around the crashes. ----

#[ffi_test(c = r#"
    int add(int a, int b) {
        printf("C adds %d and %d\n", a, b);
        return a + b;
    }
"#)]
fn passing__c_body_prints_and_adds__then_sum_returned() {
    extern "C" {
        fn add(a: c_int, b: c_int) -> c_int;
    }
    // SAFETY: plain arithmetic.
    assert_eq!(unsafe { add(2, 3) }, 5);
}

#[ffi_test]
fn passing__plain_rust__then_ok() {
    assert_eq!(u8::MAX.checked_add(1), None);
}

#[ffi_test]
fn passing__sorted_after_the_crashes__then_still_runs() {
    assert!("zz" > "crash");
}

#[ffi_test(expect = fail, timeout = "1s", c = r#"
    #include <pthread.h>
    #include <sys/prctl.h>
    static void *spin_in_worker(void *unused) {
        prctl(PR_SET_NAME, "spinner");
        for (;;) { }
        return unused;
    }
    void wait_for_worker(void) {
        pthread_t worker;
        pthread_create(&worker, NULL, spin_in_worker, NULL);
        pthread_join(worker, NULL);
    }
"#)]
fn crash__c_waits_for_a_spinning_thread__then_every_threads_place_reported() {
    extern "C" {
        fn wait_for_worker();
    }
    // SAFETY: never returns by design; the harness kills the process group.
    unsafe { wait_for_worker() };
}

#[ffi_test(expect = crash("SIGSEGV"), c = r#"
    #include <pthread.h>
    static int descend(int depth) {
        volatile char frame[256];
        frame[0] = (char)depth;
        return descend(depth + 1) + frame[0];
    }
    static void *overflow(void *unused) { descend(0); return unused; }
    void overflow_in_a_c_thread(void) {
        pthread_t thread;
        pthread_create(&thread, NULL, overflow, NULL);
        pthread_join(thread, NULL);
    }
"#)]
fn crash__c_thread_overflows_its_stack__then_why_no_report_said() {
    extern "C" {
        fn overflow_in_a_c_thread();
    }
    // SAFETY: the thread's unbounded recursion is the point.
    unsafe { overflow_in_a_c_thread() };
}

ffi_test::main! { headers: ["<stdio.h>", "<stdlib.h>", "<string.h>"] }
