//! The same store with every error path handled: its sweep passes (ten runs, each failing one
//! of the ten allocations C makes).

#[link(name = "store_fixed", kind = "static", modifiers = "+whole-archive")]
extern "C" {}

use ffi_test::ffi_test;

#[ffi_test(fail_allocs)]
fn store__open_add_close__then_every_failure_handled() -> Result<(), String> {
    fault_sweep::six_entries_or_an_error()
}

/// Every allocation from the k-th on failing (SQLite's persistent mode).
#[ffi_test(fail_allocs(from))]
fn store__open_add_close_persistently_out_of_memory__then_handled() -> Result<(), String> {
    fault_sweep::six_entries_or_an_error()
}

/// At most four runs: the first four allocations.
#[ffi_test(fail_allocs(max = 4))]
fn store__open_add_close_first_four__then_handled() -> Result<(), String> {
    fault_sweep::six_entries_or_an_error()
}

/// Three runs chosen by a seeded generator (the seed is printed; FFI_TEST_FAULT_SEED replays).
#[ffi_test(fail_allocs(sample = 3))]
fn store__open_add_close_sampled__then_handled() -> Result<(), String> {
    fault_sweep::six_entries_or_an_error()
}

/// Every read interrupted, failing with EIO or returning half of what was asked, in turn: the
/// load retries, reports the error, or reads on.
#[ffi_test(fail_calls(read, errno = [EINTR, EIO], short))]
fn store__load_interrupted__then_every_entry_loaded() -> Result<(), String> {
    fault_sweep::three_entries_loaded()
}

/// Every write interrupted, failing with ENOSPC or writing half, in turn.
#[ffi_test(fail_calls(write, errno = [EINTR, ENOSPC], short))]
fn store__save_interrupted_or_short__then_every_line_written() -> Result<(), String> {
    fault_sweep::three_lines_saved()
}

/// The safe wrapper's read loop through an interrupted read, then through a failing one (the
/// list form: each call failing with EIO).
#[ffi_test(fail_calls(read, errno = EINTR))]
fn wrapper__read_interrupted__then_whole_file() -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let file = fault_sweep::file_holding("every byte").map_err(|e| e.to_string())?;
    let read = fault_sweep::read_to_end(file.as_raw_fd()).map_err(|e| e.to_string())?;
    match read == b"every byte" {
        true => Ok(()),
        false => Err(format!("read {:?}", String::from_utf8_lossy(&read))),
    }
}

#[ffi_test(fail_calls = ["read"])]
fn wrapper__read_failing__then_error() -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let file = fault_sweep::file_holding("every byte").map_err(|e| e.to_string())?;
    match fault_sweep::read_to_end(file.as_raw_fd()) {
        Ok(read) if read != b"every byte" => Err("a short file without an error".into()),
        _ => Ok(()),
    }
}

/// A C body's own allocation, checked: a failure is an error the Rust side reports.
#[ffi_test(
    fail_allocs,
    c = r#"
    #include <stdlib.h>
    #include <string.h>
    char *joined(const char *a, const char *b) {
        size_t la = strlen(a), lb = strlen(b);
        char *out = malloc(la + lb + 1);
        if (!out) return NULL;
        memcpy(out, a, la);
        memcpy(out + la, b, lb + 1);
        return out;
    }
"#
)]
fn c_body__join__then_copy_or_error() -> Result<(), String> {
    extern "C" {
        fn joined(a: *const std::ffi::c_char, b: *const std::ffi::c_char) -> *mut std::ffi::c_char;
    }
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
