//! Fault-injection sweeps (`#[ffi_test(fail_allocs)]`, `#[ffi_test(fail_calls(read))]`,
//! `--fail-allocs`): a test is run once to count the allocations (or calls) its C makes, then
//! once per k with the k-th of them failing, each run in its own child; a run that crashes,
//! aborts, exits or hangs fails the sweep, named by k and the failed call's stack. The C side is a library preloaded into each child
//! (`ffi_test_protocol::faults`); Rust's own allocations are told apart by the test binary's
//! global allocator ([`RustAllocator`]), never by their addresses.

mod alloc;
pub(crate) mod child;
mod library;
mod report;
mod rust_code;
pub(crate) mod sweep;

pub use alloc::RustAllocator;

/// How a test is swept: `#[ffi_test(fail_allocs)]`, `fail_allocs(max = N, from)`,
/// `fail_calls(read, write, errno = EINTR)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sweep {
    /// The calls failed (`fail_calls`); `None` fails allocations.
    pub calls: Option<Calls>,
    /// At most this many runs with a failing allocation or call (the first ones first).
    pub max: Option<u32>,
    /// Fail every one from the k-th on (SQLite's "persistent" mode), not the k-th alone.
    pub from: bool,
    /// At most this many runs, the k's chosen by a seeded generator (a deterministic subset:
    /// the seed is printed, and `FFI_TEST_FAULT_SEED` replays it).
    pub sample: Option<u32>,
}

/// The calls of a `fail_calls` sweep and how they fail: one pass over every k per errno, and
/// one more returning short counts with `short`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calls {
    /// The calls, by name (`ffi_test_protocol::faults::CALLS`).
    pub names: &'static [&'static str],
    /// The errno values to fail them with, by name (`ffi_test_protocol::faults::ERRNOS`).
    pub errnos: &'static [&'static str],
    /// Also a pass where each returns fewer bytes than asked.
    pub short: bool,
}
