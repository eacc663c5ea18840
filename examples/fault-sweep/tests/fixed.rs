//! The same store with every error path handled: its sweep passes (ten runs, each failing one
//! of the ten allocations C makes).

#[link(name = "store_fixed", kind = "static")]
extern "C" {}

use ffi_test::ffi_test;

#[ffi_test(fail_allocs)]
fn store__open_add_close__then_every_failure_handled() -> Result<(), String> {
    match fault_sweep::open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

/// Every allocation from the k-th on failing (SQLite's persistent mode).
#[ffi_test(fail_allocs(from))]
fn store__open_add_close_persistently_out_of_memory__then_handled() -> Result<(), String> {
    match fault_sweep::open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

/// At most four runs: the first four allocations.
#[ffi_test(fail_allocs(max = 4))]
fn store__open_add_close_first_four__then_handled() -> Result<(), String> {
    match fault_sweep::open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

/// Three runs chosen by a seeded generator (the seed is printed; FFI_TEST_FAULT_SEED replays).
#[ffi_test(fail_allocs(sample = 3))]
fn store__open_add_close_sampled__then_handled() -> Result<(), String> {
    match fault_sweep::open_add_close(6) {
        Ok(6) | Err(_) => Ok(()),
        Ok(n) => Err(format!("the store holds {n} entries, not 6")),
    }
}

ffi_test::main!();
