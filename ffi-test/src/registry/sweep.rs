//! How a test is to be swept with faults: the description `#[ffi_test(fail_allocs)]` and
//! `fail_calls(..)` give its entry. The sweep itself is run by `run/sweep.rs`.

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
