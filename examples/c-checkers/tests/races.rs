//! Two Rust threads calling into C at once. The planted counter is bumped without a lock (a
//! data race, found by `--sanitize thread` with both threads' stacks); its twin takes a
//! pthread mutex and runs clean. Without ThreadSanitizer the race may lose updates, so the
//! racy test only checks what a lost update cannot break.
//!
//! ThreadSanitizer sees what instrumented C does and what goes through the C library
//! (pthread_create/join, pthread mutexes): Rust's std::sync primitives (futex-based) are
//! invisible to it on stable Rust, so C state shared between threads must be ordered by C's
//! own synchronisation or by thread start and join.

use std::ffi::c_int;

use ffi_test::ffi_test;

/// Runs `bump` from two threads, `n` times each.
fn from_two_threads(bump: unsafe extern "C" fn(), n: usize) {
    let threads: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(move || {
                for _ in 0..n {
                    // SAFETY: `bump` takes no arguments; what it does to shared state is
                    // the subject of the test.
                    unsafe { bump() };
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[ffi_test(expect = finding("data-race", otherwise = pass), c = r#"
    static int hits;
    void bump_racy(void) { hits++; }   /* planted: no lock */
    int racy_hits(void) { return hits; }
"#)]
fn counter__bumped_from_two_threads_without_a_lock__then_data_race() {
    extern "C" {
        fn bump_racy();
        fn racy_hits() -> c_int;
    }
    from_two_threads(bump_racy, 10_000);
    // SAFETY: no arguments; both threads were joined.
    let hits = unsafe { racy_hits() };
    assert!(hits > 0 && hits <= 20_000, "{hits}");
}

#[ffi_test(c = r#"
    #include <pthread.h>
    static int hits;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    void bump_locked(void) {
        pthread_mutex_lock(&lock);
        hits++;
        pthread_mutex_unlock(&lock);
    }
    int locked_hits(void) { return hits; }
"#)]
fn counter__bumped_from_two_threads_under_a_mutex__then_exact() {
    extern "C" {
        fn bump_locked();
        fn locked_hits() -> c_int;
    }
    from_two_threads(bump_locked, 10_000);
    // SAFETY: no arguments; both threads were joined.
    assert_eq!(unsafe { locked_hits() }, 20_000);
}

#[ffi_test(c = r#"
    static _Atomic int hits;
    void bump_atomic(void) { hits++; }
    int atomic_hits(void) { return hits; }
"#)]
fn counter__bumped_from_two_threads_atomically__then_exact() {
    extern "C" {
        fn bump_atomic();
        fn atomic_hits() -> c_int;
    }
    from_two_threads(bump_atomic, 10_000);
    // SAFETY: no arguments; both threads were joined.
    assert_eq!(unsafe { atomic_hits() }, 20_000);
}

/// Rust threads handing buffers over a channel around a C call: Rust's own synchronisation is
/// invisible to ThreadSanitizer, and the copies and frees std makes of those buffers must not
/// be reported as races (ffi-test suppresses reports whose frames are std's, core's, alloc's).
#[ffi_test(c = r#"
    unsigned sum_bytes(const unsigned char *bytes, unsigned long n) {
        unsigned sum = 0;
        for (unsigned long i = 0; i < n; i++) sum += bytes[i];
        return sum;
    }
"#)]
fn channel__buffers_handed_between_rust_threads__then_no_race_reported() {
    extern "C" {
        fn sum_bytes(bytes: *const u8, n: std::ffi::c_ulong) -> std::ffi::c_uint;
    }
    let (to_worker, from_main) = std::sync::mpsc::channel::<Vec<u8>>();
    let (to_main, from_worker) = std::sync::mpsc::channel::<Vec<u8>>();
    let worker = std::thread::spawn(move || {
        for mut buffer in from_main {
            buffer.extend_from_slice(&[1, 2, 3]);
            to_main.send(buffer.clone()).unwrap();
        }
    });
    let mut total = 0;
    for round in 0..200u8 {
        to_worker.send(vec![round; 64]).unwrap();
        let mut back = from_worker.recv().unwrap();
        back.append(&mut vec![0; 32]);
        // SAFETY: a live buffer of that length.
        total += unsafe { sum_bytes(back.as_ptr(), back.len() as _) };
    }
    drop(to_worker);
    worker.join().unwrap();
    assert!(total > 0);
}

ffi_test::main!();
