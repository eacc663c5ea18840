//! The store with bugs planted on its error paths, swept. Allocations: one store_open and six adds make ten
//! allocations in C (the store, its name, its table; a copy of each key; the table's growth at
//! the fifth add). Failing the third (the table) makes store_open write through NULL; failing
//! the eighth (the growth) makes store_add free the table that store_close frees again. The
//! sweep fails, naming both (tests/faults.rs asserts the report).

#[link(name = "store_planted", kind = "static", modifiers = "+whole-archive")]
extern "C" {}

use ffi_test::ffi_test;

#[ffi_test(fail_allocs, expect = fail)]
fn store__open_add_close__then_every_failure_handled() -> Result<(), String> {
    fault_sweep::six_entries_or_an_error()
}

/// The load's read loop takes an interrupted read for the end of the input (store.c's
/// read_all): the first read failing with EINTR loads nothing. A correct loop retries, so the
/// test must pass through every interruption; the sweep names the read and its line.
#[ffi_test(fail_calls(read, errno = EINTR), expect = fail)]
fn store__load_interrupted__then_every_entry_loaded() -> Result<(), String> {
    fault_sweep::three_entries_loaded()
}

/// The save writes each line once, whatever the write returns: a short write loses the rest
/// of the line, an interrupted one fails the save.
#[ffi_test(fail_calls(write, errno = EINTR, short), expect = fail)]
fn store__save_interrupted_or_short__then_every_line_written() -> Result<(), String> {
    fault_sweep::three_lines_saved()
}

/// A Rust wrapper's own read loop over `libc::read` taking EINTR for the end of the file (the
/// bug the fixed `fault_sweep::read_to_end` does not have): Rust calling libc directly is code
/// under test too.
fn read_to_end_planted(fd: std::ffi::c_int) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 64];
    loop {
        // SAFETY: `buf` is writable for its whole length.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            if n < 0 {
                // What a sweep's report shows of the run that failed (its own output).
                let errno = std::io::Error::last_os_error();
                eprintln!("read_to_end_planted: read failed ({errno}): taken for the end");
            }
            return out; // planted: -1 with EINTR is not the end of the file
        }
        out.extend_from_slice(&buf[..n as usize]);
    }
}

#[ffi_test(fail_calls(read, errno = EINTR), expect = fail)]
fn wrapper__read_interrupted__then_whole_file() -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let file = fault_sweep::file_holding("every byte").map_err(|e| e.to_string())?;
    let read = read_to_end_planted(file.as_raw_fd());
    match read == b"every byte" {
        true => Ok(()),
        false => Err(format!("read {:?}", String::from_utf8_lossy(&read))),
    }
}

/// A C body's own allocation left unchecked: the copy is written through when malloc fails.
/// The report names the body's line in this file (C bodies carry their Rust lines).
#[ffi_test(fail_allocs, expect = fail, c = r#"
    #include <stdlib.h>
    #include <string.h>
    char *joined(const char *a, const char *b) {
        size_t la = strlen(a), lb = strlen(b);
        char *out = malloc(la + lb + 1);
        memcpy(out, a, la); /* planted: out is NULL when malloc fails */
        memcpy(out + la, b, lb + 1);
        return out;
    }
"#)]
fn c_body__join__then_copy_or_error() -> Result<(), String> {
    extern "C" {
        fn joined(a: *const std::ffi::c_char, b: *const std::ffi::c_char) -> *mut std::ffi::c_char;
    }
    // What a sweep's report shows of a run that crashed (its own output).
    eprintln!("c_body: joining \"key-\" and \"7\"");
    // SAFETY: two NUL-terminated strings; the result is NULL or a malloc'd string we free.
    let out = unsafe { joined(c"key-".as_ptr(), c"7".as_ptr()) };
    if out.is_null() {
        return Err("joined: out of memory".into());
    }
    // SAFETY: a NUL-terminated string from malloc, freed once after its last use.
    let text = unsafe { std::ffi::CStr::from_ptr(out) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: as above.
    unsafe { libc::free(out.cast()) };
    match text.as_str() {
        "key-7" => Ok(()),
        other => Err(format!("joined {other:?}")),
    }
}

ffi_test::main!();
