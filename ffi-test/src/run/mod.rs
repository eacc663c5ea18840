//! The harness: collects registered tests, selects what the command line asks for, prepares the
//! C side, and runs the tests with libtest-mimic, each in its own child process by default.
//! On Unix (`unix.rs` and what it uses) with everything the design promises; on Windows
//! (`windows/`) Rust-bodied tests in child processes, and what needs the C side refused with
//! the reason (docs/PLATFORMS.md). What both share: the command line, a test's conclusion, a
//! body run in this process, the records a child sends.

mod args;
#[cfg(unix)]
mod batch;
#[cfg(unix)]
mod channel;
#[cfg(unix)]
mod child;
pub(crate) mod conclude;
// Windows's; unit-tested on every host.
#[cfg(unix)]
mod cores;
#[cfg(unix)]
mod crash;
#[cfg(unix)]
mod crash_report;
#[cfg(unix)]
mod debug;
#[cfg(any(windows, test))]
#[cfg_attr(not(windows), allow(dead_code))]
mod exception;
#[cfg(unix)]
mod forks;
mod in_process;
#[cfg(unix)]
mod interrupt;
#[cfg(unix)]
pub(crate) mod isolation;
pub(crate) mod output;
#[cfg(unix)]
mod prebuild;
#[cfg(unix)]
mod replay;
#[cfg(unix)]
pub(crate) mod runner;
mod runs;
#[cfg(unix)]
mod setup;
#[cfg(unix)]
mod shared;
mod signal_safe;
#[cfg(unix)]
pub(crate) mod signals;
#[cfg(unix)]
mod spawn;
#[cfg(unix)]
pub(crate) mod sweep;
#[cfg(unix)]
mod test_context;
#[cfg(unix)]
mod threads;
#[cfg(unix)]
mod unix;
#[cfg(unix)]
mod unwind;
mod verdict;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
pub(crate) use unix::entries_with_c;
#[cfg(unix)]
pub use unix::run;
#[cfg(windows)]
pub use windows::run;
