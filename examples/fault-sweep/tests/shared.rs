//! The planted store linked as a shared library (libstore_shared.so): C outside the test binary
//! is swept the same way, its bugs found at the same allocations with the same C lines.

#[link(name = "store_shared", kind = "dylib")]
extern "C" {}

/// GNU ld (the linker of every target but x86_64's, where rustc uses lld) keeps a shared library
/// given with --as-needed only if an object before it uses it, and the store's callers live in
/// the fault_sweep rlib, which comes after: a use from this test's own object keeps it.
#[used]
static KEEP_THE_LIBRARY: unsafe extern "C" fn() -> std::ffi::c_int =
    fault_sweep::sys::three_allocations;

use ffi_test::ffi_test;

#[ffi_test(fail_allocs, expect = fail)]
fn store__open_add_close__then_every_failure_handled() -> Result<(), String> {
    fault_sweep::six_entries_or_an_error()
}

#[ffi_test(fail_calls(read, errno = EINTR), expect = fail)]
fn store__load_interrupted__then_every_entry_loaded() -> Result<(), String> {
    fault_sweep::three_entries_loaded()
}

ffi_test::main!();
