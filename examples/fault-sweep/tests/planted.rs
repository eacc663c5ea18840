//! The store with bugs planted on its error paths, swept: one store_open and six adds make ten
//! allocations in C (the store, its name, its table; a copy of each key; the table's growth at
//! the fifth add). Failing the third (the table) makes store_open write through NULL; failing
//! the eighth (the growth) makes store_add free the table that store_close frees again. The
//! sweep fails, naming both (tests/faults.rs asserts the report).

#[link(name = "store_planted", kind = "static")]
extern "C" {}

use ffi_test::ffi_test;

#[ffi_test(fail_allocs, expect = fail)]
fn store__open_add_close__then_every_failure_handled() -> Result<(), String> {
    // Running out of memory is an answer the caller handles; only a crash is a bug.
    match fault_sweep::open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

ffi_test::main!();
