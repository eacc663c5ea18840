//! # ffi-test
//!
//! Test the boundary between Rust and C from `cargo test`: hand-written tests paired with C
//! bodies compiled by the real C compiler, each test named `subject__scenario__then_outcome`.
//!
//! ```no_run
//! // tests/ffi.rs of a crate, with `harness = false` for this test target
//! use ffi_test::ffi_test;
//!
//! #[ffi_test]
//! fn math__two_plus_two__then_four() {
//!     assert_eq!(2 + 2, 4);
//! }
//!
//! ffi_test::main!();
//! ```
//!
//! See the README for the full picture.

mod config;
mod harness;
mod outcome;
mod registry;
mod toolchain;

pub use config::Config;
pub use ffi_test_macros::ffi_test;

/// Declares the `main` of a `harness = false` test target and the binary's C configuration.
///
/// Keys (all optional, each a list of `&'static str` expressions, so `env!` and `concat!` work):
/// `headers`, `include_dirs`, `defines`, `flags`, `libs`, `lib_dirs`. Relative directories are
/// resolved against the package root.
///
/// ```ignore
/// ffi_test::main! { headers: ["registry.h"], include_dirs: ["csrc"] }
/// ```
pub use ffi_test_macros::ffi_test_main as main;

/// Runs every test registered in this binary with the command line's arguments (libtest's
/// flags, see the README) and returns the process exit code. `main!` calls it.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     ffi_test::run(ffi_test::Config { manifest_dir: env!("CARGO_MANIFEST_DIR"), ..ffi_test::Config::EMPTY })
/// }
/// ```
pub fn run(config: Config) -> std::process::ExitCode {
    harness::run(config)
}

/// Items the macros expand to. Not a public API: no stability promise.
#[doc(hidden)]
pub mod __private {
    pub use crate::outcome::IntoTestResult;
    pub use crate::registry::{CFragment, Expect, TestEntry, TestKind};
    pub use inventory;

    pub use crate::toolchain::c_symbol;
}
