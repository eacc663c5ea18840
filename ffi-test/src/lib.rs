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

/// Items the macros expand to. Not a public API: no stability promise.
#[doc(hidden)]
pub mod __private {
    pub use crate::outcome::IntoTestResult;
    pub use crate::registry::{CFragment, Expect, TestEntry, TestKind};
    pub use inventory;

    pub use crate::toolchain::c_symbol;

    /// What `#[ffi_roundtrip]` expansions call.
    pub mod roundtrip {
        pub use crate::checks::roundtrip::{check_layout, run_copy, run_echo, run_shape, Shape};
    }

    /// What `#[layout_matches]` expansions call.
    pub mod layout {
        pub use crate::checks::layout::{
            field, LayoutChecked, RustLayout, RustVariant, FACTS_SYMBOL,
        };

        /// Runs one layout test: the C facts (from the test's generated C function) against `rust`.
        pub fn run(test: &str, rust: RustLayout) -> Result<(), String> {
            use crate::checks::layout;
            let address = match crate::toolchain::try_c_symbol(test, FACTS_SYMBOL) {
                Ok(address) => address,
                Err(why) => return Err(layout::c_unavailable(&rust, &why)),
            };
            // SAFETY: the symbol is the facts function generated from the same model as `rust`:
            // `void f(unsigned long long *out)`, writing exactly `facts_len(&rust)` values.
            let facts_fn = unsafe {
                std::mem::transmute::<*const (), unsafe extern "C" fn(*mut u64)>(address)
            };
            let mut facts = vec![0u64; layout::facts_len(&rust)];
            // SAFETY: `facts` has room for every value the function writes (see above).
            unsafe { facts_fn(facts.as_mut_ptr()) };
            layout::compare(&rust, &facts)
        }
    }
}
