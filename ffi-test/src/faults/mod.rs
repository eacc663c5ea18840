//! Fault-injection sweeps (`#[ffi_test(fail_allocs)]`, `--fail-allocs`): a test is run once to
//! count the allocations its C makes, then once per k with the k-th of them failing, each run in
//! its own child; a run that crashes, aborts, exits or hangs fails the sweep, named by k and the
//! failed allocation's call stack. The C side is a library preloaded into each child
//! (`ffi_test_protocol::faults`); Rust's own allocations are told apart by the test binary's
//! global allocator ([`RustAllocator`]), never by their addresses.

mod alloc;
pub(crate) mod child;
mod library;
mod report;
mod rust_code;
pub(crate) mod sweep;

pub use alloc::RustAllocator;

/// How a test is swept: `#[ffi_test(fail_allocs)]`, `fail_allocs(max = N, from)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sweep {
    /// At most this many runs with a failing allocation (the first allocations first).
    pub max: Option<u32>,
    /// Fail every allocation from the k-th on (SQLite's "persistent" mode), not the k-th alone.
    pub from: bool,
    /// At most this many runs, the k's chosen by a seeded generator (a deterministic subset:
    /// the seed is printed, and `FFI_TEST_FAULT_SEED` replays it).
    pub sample: Option<u32>,
}
