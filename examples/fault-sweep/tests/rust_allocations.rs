//! Rust allocating heavily around a C call that allocates exactly three times: the sweep counts
//! three allocations and makes three runs, whatever Rust allocates (tests/faults.rs).

#[link(name = "store_fixed", kind = "static", modifiers = "+whole-archive")]
extern "C" {}

use ffi_test::ffi_test;

#[ffi_test(fail_allocs)]
fn rust__allocates_around_three_c_allocations__then_three_runs() -> Result<(), String> {
    let before: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    // SAFETY: no arguments; it frees what it allocates.
    let status = unsafe { fault_sweep::sys::three_allocations() };
    let after: Vec<Box<[u8]>> = (0..1_000)
        .map(|i| vec![i as u8; 1_000].into_boxed_slice())
        .collect();
    let mut text = String::new();
    for s in &before {
        text.push_str(s);
    }
    if status != 0 {
        return Err("three_allocations: out of memory".into());
    }
    assert_eq!(after.len(), 1_000);
    assert!(text.len() > 10_000);
    Ok(())
}

ffi_test::main!();
