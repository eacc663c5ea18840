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

mod checks;
mod config;
mod harness;
mod outcome;
mod registry;
mod toolchain;

pub use checks::kind::{CKind, Kind};

/// Values for round-trips: implement [`roundtrip::FfiValue`] for a type `#[ffi_roundtrip]`
/// cannot annotate, to use it as a field of one that it does.
pub mod roundtrip {
    pub use crate::checks::roundtrip::through::{CopyFn, EchoFn};
    pub use crate::checks::roundtrip::value::{FfiValue, Leaf, LeafClass};
}
pub use config::Config;
pub use ffi_test_macros::ffi_test;

/// Checks a `#[repr(C)]` type's layout against the C compiler: size, alignment, and every
/// field's offset, size and kind (enums: each variant's discriminant). Registers one test,
/// `<type>__layout__then_matches_c`.
///
/// ```ignore
/// #[repr(C)]
/// #[ffi_test::layout_matches("struct registry_stats", size = 16, align = 8)]
/// pub struct RegistryStats { pub registered: u32, pub rejected: u32, pub checksum: u64 }
/// ```
pub use ffi_test_macros::layout_matches;

/// Pushes values of a `#[repr(C)]` type through every way of crossing a call (by value, by
/// pointer, returned, after the argument registers run out, inside structs of 1 to 16 copies,
/// mixed with `u8`/`f32` arguments, through C→Rust callbacks) and compares them leaf by leaf,
/// bit for bit. One test per shape, e.g. `point__passed_by_value_to_c__then_fields_intact`;
/// `echo = path` / `copy = path` add a test through the user's own C function. The type must
/// also carry `#[layout_matches]`: its layout is checked before any value crosses.
///
/// ```ignore
/// #[repr(C)]
/// #[ffi_test::layout_matches("struct point")]
/// #[ffi_test::ffi_roundtrip("struct point", echo = sys::point_echo)]
/// pub struct Point { pub x: i32, pub y: f64 }
/// ```
pub use ffi_test_macros::ffi_roundtrip;

/// Checks every function and static of an `extern "C"` block against the C prototypes the
/// compiler sees: parameter count, each parameter's and the return's size and kind,
/// variadic-ness, and that Rust and C resolve the same symbol. One test per item,
/// `<name>__signature__then_matches_c` / `<name>__static__then_matches_c`;
/// `#[signature(expect = fail)]` on an item gives it an expectation. Needs GCC (`-aux-info`).
///
/// ```ignore
/// #[ffi_test::signatures_match]
/// extern "C" {
///     fn registry_register(r: *mut registry_t, id: u32) -> c_int;
/// }
/// ```
pub use ffi_test_macros::signatures_match;

/// [`signatures_match`] for another crate's `extern` block: the declarations are repeated and
/// each must have the same type as the real item (checked at compile time).
///
/// ```ignore
/// ffi_test::check_signatures!(registry::sys {
///     fn registry_register(r: *mut registry_t, id: u32) -> c_int;
/// });
/// ```
pub use ffi_test_macros::check_signatures;

/// Checks a `const` against the C macro or enumerator it mirrors (integers by value, floats
/// bit for bit, strings by bytes). Registers `<name>__value__then_matches_c`.
///
/// ```ignore
/// #[ffi_test::value_matches("REGISTRY_MAX")]
/// const REGISTRY_MAX: usize = 64;
/// ```
pub use ffi_test_macros::value_matches;

/// [`value_matches`] for a constant of another crate: `check_value!(sys::REGISTRY_MAX, "REGISTRY_MAX")`.
pub use ffi_test_macros::check_value;

/// The layout check for a type defined in another crate (e.g. a -sys crate's `src/`), whose
/// members are listed in the macro. Registers the same test as [`layout_matches`].
///
/// ```ignore
/// ffi_test::check_layout!(registry::sys::registry_stats, "registry_stats", fields(registered, rejected, checksum));
/// ffi_test::check_layout!(registry::sys::Status, "registry_status", variants(Ok, ErrNull), prefix = "REGISTRY_");
/// ```
pub use ffi_test_macros::check_layout;

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

/// Items the macros expand to: re-exports only, no logic. Not a public API: no stability
/// promise. Its name carries the version, and ffi-test pins ffi-test-macros with `=`, so code
/// expanded by one version of the macros never links against another version's runtime.
#[doc(hidden)]
pub mod __private_0_1 {
    pub use crate::outcome::IntoTestResult;
    pub use crate::registry::{CFragment, Expect, TestEntry, TestKind};
    pub use inventory;

    pub use crate::toolchain::c_symbol;

    /// What signature, static and constant checks call.
    pub mod bindings {
        pub use crate::checks::signature::{
            run_signature, run_static, RustSignature, RustStatic, RustType,
        };
        pub use crate::checks::value::{run_value, AsConst, ConstValue};
    }

    /// What `#[ffi_roundtrip]` expansions call.
    pub mod roundtrip {
        pub use crate::checks::roundtrip::{check_layout, run_copy, run_echo, run_shape, Shape};
    }

    /// What `#[layout_matches]` expansions call.
    pub mod layout {
        pub use crate::checks::layout::{
            c_text, field, run, LayoutChecked, RustLayout, RustVariant, FACTS_SYMBOL,
        };
    }
}
