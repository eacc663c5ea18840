//! The planted store linked as a shared library (libstore_shared.so): C outside the test binary
//! is swept the same way, its bugs found at the same allocations with the same C lines.

#[link(name = "store_shared", kind = "dylib")]
extern "C" {}

use ffi_test::ffi_test;

#[ffi_test(fail_allocs, expect = fail)]
fn store__open_add_close__then_every_failure_handled() -> Result<(), String> {
    match fault_sweep::open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

#[ffi_test(fail_calls(read, errno = EINTR), expect = fail)]
fn store__load_interrupted__then_every_entry_loaded() -> Result<(), String> {
    match fault_sweep::load("apples=3\npears=5\nplums=7\n")? {
        3 => Ok(()),
        n => Err(format!("loaded {n} of 3 entries")),
    }
}

ffi_test::main!();
