//! Memory bugs across the boundary. Each is undefined behaviour that a plain run may not
//! notice; under `--sanitize address` or `--valgrind` each must be found, with the right kind,
//! against its own test (`expect = memory_error(kind, otherwise = what a plain run does)`).
//! The correct uses beside them must pass in every mode.

use std::ffi::c_void;

use ffi_test::ffi_test;

#[ffi_test(expect = memory_error("heap-buffer-overflow", otherwise = pass), c = r#"
    void fill(unsigned char *buf, size_t len) {
        for (size_t i = 0; i <= len; i++) buf[i] = 0xAB;   /* one past the end */
    }
"#)]
fn memory__c_writes_one_past_a_rust_buffer__then_heap_buffer_overflow() {
    extern "C" {
        fn fill(buf: *mut u8, len: usize);
    }
    let mut buf = vec![0u8; 16];
    // SAFETY: not safe: C writes one byte past the Vec, which is the bug under test.
    unsafe { fill(buf.as_mut_ptr(), buf.len()) };
    assert_eq!(buf[15], 0xAB);
}

#[ffi_test(expect = memory_error("double-free", otherwise = crash("SIGABRT")), c = r#"
    widget *make(void) { return widget_new(7); }
    void destroy(widget *w) { widget_free(w); }
"#)]
fn memory__widget_destroyed_by_drop_and_by_hand__then_double_free() {
    extern "C" {
        fn make() -> *mut c_void;
        fn destroy(w: *mut c_void);
    }
    // SAFETY: not safe: the second destroy is the bug under test.
    unsafe {
        let w = make();
        destroy(w);
        destroy(w);
    }
}

// Without a checker the bad free is undefined behaviour, and what glibc does of it is the
// target's: it aborts on x86_64 and aarch64, the process faults on i686.
#[ffi_test(expect = [
    memory_error("bad-free", otherwise = crash("SIGSEGV"), target_arch = "x86"),
    memory_error("bad-free", otherwise = crash("SIGABRT")),
], c = r#"
    /* The library's own allocator: a header in front of every block. */
    void *pool_alloc(size_t n) {
        unsigned char *block = malloc(16 + n);
        return block + 16;
    }
"#)]
fn memory__rust_frees_c_pool_memory_as_a_box__then_bad_free() {
    extern "C" {
        fn pool_alloc(n: usize) -> *mut u64;
    }
    // SAFETY: not safe: a Box may only free what Rust's allocator gave; this is the bug.
    unsafe {
        let p = pool_alloc(8);
        p.write(1);
        drop(Box::from_raw(p));
    }
}

#[ffi_test(expect = memory_error("heap-use-after-free", otherwise = pass), c = r#"
    widget *make_and_free(void) { widget *w = widget_new(3); widget_free(w); return w; }
    int read_value(const widget *w) { return w->value; }
"#)]
fn memory__widget_read_after_it_was_freed__then_use_after_free() {
    extern "C" {
        fn make_and_free() -> *mut c_void;
        fn read_value(w: *const c_void) -> i32;
    }
    // SAFETY: not safe: reading through a dangling pointer is the bug under test.
    let _ = unsafe { read_value(make_and_free()) };
}

#[ffi_test(expect = memory_error("leak", otherwise = pass), c = r#"
    widget *make(void) { return widget_new(11); }
"#)]
fn memory__widget_never_destroyed__then_leak() {
    extern "C" {
        fn make() -> *mut c_void;
    }
    // SAFETY: creating is fine; never destroying is the bug under test.
    let w = unsafe { make() };
    assert!(!w.is_null());
}

// ---- Correct uses: these pass in every mode. ----

#[ffi_test(c = r#"
    void fill_exact(unsigned char *buf, size_t len) { for (size_t i = 0; i < len; i++) buf[i] = 0xCD; }
"#)]
fn memory__c_fills_exactly_the_rust_buffer__then_no_finding() {
    extern "C" {
        fn fill_exact(buf: *mut u8, len: usize);
    }
    let mut buf = vec![0u8; 16];
    // SAFETY: C writes exactly `len` bytes.
    unsafe { fill_exact(buf.as_mut_ptr(), buf.len()) };
    assert!(buf.iter().all(|&b| b == 0xCD));
}

#[ffi_test(c = r#"
    int roundtrip_widget(int v) { widget *w = widget_new(v); int out = w->value; widget_free(w); return out; }
"#)]
fn memory__widget_created_and_destroyed_once__then_no_finding() {
    extern "C" {
        fn roundtrip_widget(v: i32) -> i32;
    }
    // SAFETY: the C body pairs every allocation with its free.
    assert_eq!(unsafe { roundtrip_widget(5) }, 5);
}

ffi_test::main! { headers: ["widget.h"], include_dirs: ["csrc"] }
