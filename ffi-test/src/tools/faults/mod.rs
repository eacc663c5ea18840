//! Fault-injection sweeps (`#[ffi_test(fail_allocs)]`, `#[ffi_test(fail_calls(read))]`,
//! `--fail-allocs`): a test is run once to count the allocations (or calls) its C makes, then
//! once per k with the k-th of them failing, each run in its own child; a run that crashes,
//! aborts, exits or hangs fails the sweep, named by k and the failed call's stack. The C side is a library preloaded into each child
//! (`ffi_test_protocol::faults`); Rust's own allocations are told apart by the test binary's
//! global allocator ([`RustAllocator`]), never by their addresses.

mod alloc;
pub(crate) mod child;
pub(crate) mod library;
pub(crate) mod report;
pub(crate) mod rust_code;

#[cfg(feature = "python")]
pub(crate) use alloc::live as rust_allocations;
pub use alloc::RustAllocator;

pub use crate::registry::sweep::{Calls, Sweep};
