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

#![warn(missing_docs)]
// Off Unix the harness runs Rust-bodied tests only (`run/windows/`), so what only the Unix
// harness calls (the C side's loading, checkers, sweeps) is unused there.
#![cfg_attr(not(unix), allow(dead_code, unused_imports, unused_mut))]

// One module per layer: their order is docs/ARCHITECTURE.md's table, held by tests/layers.rs.
mod checks;
mod cside;
mod os;
mod registry;
mod report;
// The harness: whole on Unix, Rust-bodied tests on Windows; on every target the crate compiles
// so that `cargo ffi-test verify` can read a test binary's facts (docs/PLATFORMS.md).
mod run;
mod tools;

#[cfg(feature = "python")]
pub use tools::python;

pub use checks::kind::{CKind, Kind};

/// Values for round-trips: implement [`roundtrip::FfiValue`] for a type `#[ffi_roundtrip]`
/// cannot annotate, to use it as a field of one that it does.
pub mod roundtrip {
    pub use crate::checks::roundtrip::through::{CopyFn, EchoFn};
    pub use crate::checks::roundtrip::value::{FfiValue, Leaf, LeafClass};
}
pub use registry::config::Config;
pub use tools::faults::RustAllocator;

/// A test, optionally paired with a C body compiled by the real C compiler.
///
/// The name must follow `subject__scenario__then_outcome` (a compile error with a suggested
/// fix otherwise). The fn takes no parameters and returns `()` or `Result<(), E: Debug>`.
///
/// Arguments (all optional):
/// - `c = r#"..."#`: a C body. Every `extern` block at the top of the test body is bound to it:
///   its functions become typed pointers to the body's definitions (one the body does not
///   define fails the test by name before it runs).
/// - `headers = ["x.h", "<y.h>"]`: headers included before this body only.
/// - `ignore`, `ignore = "reason"`; `should_panic`, `should_panic = "text"`,
///   `should_panic(expected = "text")`.
/// - `timeout = "5s"` (`ms`, `s`, `m`): this test's timeout.
/// - `expect = pass | fail | crash("SIGABRT") | busted | random | memory_error("leak")`, each
///   with an optional cfg predicate (`busted(target_arch = "x86")`), or a list: what the test
///   must do on the target it is compiled for.
/// - `legacy_name`: skip the naming convention.
///
/// Errors (at compile time, on the offending tokens): a name that breaks the convention, an
/// unknown or repeated argument, parameters, an `async`/`unsafe`/`const`/generic fn, a return
/// type that is neither `()` nor `Result<(), E>`, `headers` without `c`, a `link_name` that is
/// not a C identifier.
///
/// ```no_run
/// use std::ffi::c_int;
///
/// #[ffi_test::ffi_test(c = r#"
///     int add(int a, int b) { return a + b; }
/// "#)]
/// fn math__c_adds_two_ints__then_sum_returned() {
///     extern "C" {
///         fn add(a: c_int, b: c_int) -> c_int;
///     }
///     // SAFETY: `add` is the C body's function, of exactly this type.
///     assert_eq!(unsafe { add(2, 3) }, 5);
/// }
///
/// ffi_test::main!();
/// ```
pub use ffi_test_macros::ffi_test;

/// Checks a `#[repr(C)]` type's layout against the C compiler: size, alignment, the type's kind
/// (struct or union), and every field's offset, size and kind (enums: each variant's
/// discriminant against its C enumerator). Registers `<type>__layout__then_matches_c`.
///
/// Arguments: the C type (`"struct point"`, `"union u"`, `"enum e"` or a typedef name), then
/// optionally `size = N` and `align = N` (also checked at compile time), `prefix = "E_"` and
/// `case = "SCREAMING_SNAKE_CASE" | "snake_case" | "PascalCase" | "camelCase" | "verbatim"` for
/// enum variants, and `expect = ...` as for [`ffi_test`]. On a field or variant,
/// `#[layout(rename = "c_name")]` (also under `#[cfg_attr(pred, ...)]`) names its C member; a
/// field under `#[cfg(...)]` is checked when it is compiled in.
///
/// Errors: a missing or malformed C type, no `repr(C)`/`transparent`/integer repr, generics, a
/// field type that cannot cross FFI (`String`, `&str`, slices, tuples, bindgen bit-field units),
/// a field type without a [`CKind`], a rename or prefix that is not a C name, a wrong `size` or
/// `align` (at the number).
///
/// ```no_run
/// #[repr(C)]
/// #[ffi_test::layout_matches("div_t", size = 8, align = 4)]
/// pub struct DivT {
///     pub quot: std::ffi::c_int,
///     pub rem: std::ffi::c_int,
/// }
///
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::layout_matches;

/// Pushes values of a `#[repr(C)]` type through every way of crossing a call (by value, by
/// pointer, returned, after the argument registers run out, inside structs of 1 to 16 copies,
/// mixed with `u8`/`f32` arguments, through C→Rust callbacks) and compares them leaf by leaf,
/// bit for bit. One test per shape, e.g. `point__passed_by_value_to_c__then_fields_intact`.
///
/// Arguments: the C type, then optionally `echo = path` (a declared C function returning its
/// argument: `fn(T) -> T` or `fn(*const T) -> T`), `copy = path` (`fn(*const T, *mut T)` or
/// `fn(T, *mut T)`), each also as `echo(path, expect = fail)`, and `expect = ...`. The type must
/// also carry `#[layout_matches]` (its layout is checked before any value crosses; a compile
/// error at the type otherwise), be `Copy`, and have fields whose types are annotated too or
/// implement [`roundtrip::FfiValue`]. `echo`/`copy` call your declaration, which may be wrong:
/// that is what they test, in a child process.
///
/// ```no_run
/// #[repr(C)]
/// #[derive(Clone, Copy)]
/// #[ffi_test::layout_matches("div_t")]
/// #[ffi_test::ffi_roundtrip("div_t")]
/// pub struct DivT {
///     pub quot: std::ffi::c_int,
///     pub rem: std::ffi::c_int,
/// }
///
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::ffi_roundtrip;

/// Checks every function and static of an `extern "C"` block against the C prototypes the
/// compiler sees: parameter count, each parameter's and the return's size and kind,
/// variadic-ness, the calling convention (32-bit x86's stdcall and fastcall; `extern "system"`
/// is stdcall on Windows), and that Rust and C resolve the same symbol. One test per item,
/// `<name>__signature__then_matches_c` / `<name>__static__then_matches_c`. Needs GCC
/// (`-aux-info`).
///
/// On an item, `#[signature(expect = ...)]` (also under `#[cfg_attr(pred, ...)]`) gives it an
/// expectation; `#[link_name]` is
/// honoured (and must be a C identifier). `-> ()` and `-> !` (as bindgen writes `void` and
/// `noreturn` functions) compare as C `void`. An ABI other than `"C"`, `"cdecl"`, `"system"`,
/// `"stdcall"` and `"fastcall"` (or their `-unwind` forms), or another kind of item, is a
/// compile error.
///
/// ```no_run
/// use std::ffi::{c_char, c_int};
///
/// #[ffi_test::signatures_match]
/// extern "C" {
///     fn atoi(s: *const c_char) -> c_int;
///     fn abs(x: c_int) -> c_int;
/// }
///
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::signatures_match;

/// [`signatures_match`] for another crate's `extern` block (a -sys crate's `src/`): the
/// declarations are repeated, and each must have the same type as the real item (checked at
/// compile time).
///
/// ```no_run
/// mod sys {
///     extern "C" {
///         pub fn abs(x: std::ffi::c_int) -> std::ffi::c_int;
///     }
/// }
///
/// ffi_test::check_signatures!(sys {
///     fn abs(x: std::ffi::c_int) -> std::ffi::c_int;
/// });
///
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::check_signatures;

/// Checks a Rust function against the C expression it mirrors (a function-like macro, an inline
/// function, a function) on generated inputs. Registers `<name>__differential__then_agrees_with_c`.
///
/// The function returns an integer, float or `bool` and takes those, buffers of them (`data:
/// &[u8]`, which C sees as `data` and `data_len`) and round-trip structs whose C type the
/// attribute names (`t = "struct timeval"`; by value, or `&T` for a pointer); `c` is the C
/// expression over its parameters' names. Each parameter is drawn from its whole type, edges weighted in (zero,
/// the extremes, powers of two and their neighbours; for floats NaN, infinities, subnormals),
/// or from a range the attribute gives it (`len = 0..=4096`). Both sides run on each input in
/// the test's own process; the first disagreement is shrunk to the smallest input that still
/// shows it and reported with both results and the seed (`FFI_TEST_SEED=...`) that replays it.
/// `cases = N` (default 1000, or `FFI_TEST_CASES`), `expect = ..` as elsewhere.
///
/// ```no_run
/// #[ffi_test::ffi_differential(c = "WEXITSTATUS(status)")]
/// fn wexitstatus(status: std::ffi::c_int) -> std::ffi::c_int {
///     (status >> 8) & 0xff
/// }
///
/// ffi_test::main! { headers: ["<sys/wait.h>"] }
/// ```
pub use ffi_test_macros::ffi_differential;

/// Runs a property, a Rust body that calls C, on generated inputs. Registers
/// `<name>__property__then_holds`.
///
/// The function takes the parameters `#[ffi_differential]` takes, drawn as its are (edges
/// weighted in, or from a range the attribute gives: `len = 0..=4096`), and fails on an input
/// by panicking (an `assert!`) or returning `Err`. Each input runs in the test's own process;
/// the first failure is shrunk to the smallest input that still fails (staying in the ranges)
/// and reported with the panic's place and message, or the error, and the seed that replays
/// it. A crash in the C it calls ends the process: the crash report names the input, and the
/// harness replays it simpler in fresh processes. `cases = N`, `expect = ..` as for
/// `#[ffi_differential]`.
///
/// ```no_run
/// #[ffi_test::ffi_property]
/// fn abs_is_never_negative(x: std::ffi::c_long) {
///     // SAFETY: labs takes any long (its overflow at the minimum is the finding).
///     let abs = unsafe { libc::labs(x) };
///     assert!(abs >= 0, "labs({x}) = {abs}");
/// }
///
/// ffi_test::main! {}
/// ```
pub use ffi_test_macros::ffi_property;

/// Checks a `const` against the C macro or enumerator it mirrors (integers by value, floats
/// bit for bit, strings by bytes). Registers `<name>__value__then_matches_c`.
///
/// The C name must be a C identifier; `expect = ...` is the only option. A `*const c_char`
/// constant is read as a C string, so it must point to one.
///
/// ```no_run
/// #[ffi_test::value_matches("EXIT_FAILURE")]
/// const EXIT_FAILURE: i32 = 1;
///
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::value_matches;

/// [`value_matches`] for a constant of another crate (a -sys crate's `src/`).
///
/// ```no_run
/// mod sys {
///     pub const EXIT_SUCCESS: i32 = 0;
/// }
///
/// ffi_test::check_value!(sys::EXIT_SUCCESS, "EXIT_SUCCESS");
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::check_value;

/// The layout check for a type defined in another crate (a -sys crate's `src/`), whose members
/// are listed: `fields(a, b = "c_b")`, `union_fields(..)` or `variants(A, B = "C_B")`, then the
/// options of [`layout_matches`]. For a type whose members are private or opaque (`sigset_t`,
/// `pthread_mutex_t`), `opaque` compares its size and alignment only and names the test
/// `<type>__size_and_align__then_match_c`. Registers the same test as [`layout_matches`]. Every field
/// and variant must be listed: one left out is a compile error at the macro (a struct's: "pattern
/// requires `..`"; an enum's: "non-exhaustive patterns: `Variant` not covered"). A union's list
/// cannot be checked that way: list every field.
///
/// ```no_run
/// mod sys {
///     #[repr(C)]
///     pub struct div_t {
///         pub quot: std::ffi::c_int,
///         pub rem: std::ffi::c_int,
///     }
/// }
///
/// ffi_test::check_layout!(sys::div_t, "div_t", fields(quot, rem), size = 8);
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::check_layout;

/// Checks a whole binding surface: every item of a bindings file (bindgen's output, or a -sys
/// crate's source) becomes a check against the C headers of `main!`, with no item listed by hand.
///
/// `check_surface!(path::to::bindings, file = "src/bindings.rs")` reads the file (relative to
/// the package root, or `"$OUT_DIR/bindings.rs"`; editing it rebuilds), and checks, through
/// `path::to::bindings` where the items are compiled:
///
/// * every `#[repr(C)]` struct and union, field by field, with bindgen's vocabulary: anonymous
///   members compared under the C names they have in the parent, bit-fields bit by bit through
///   bindgen's setters, `__IncompleteArrayField`, `__BindgenUnionField`, padding fields skipped,
///   opaque blobs (size and alignment), fields whose types are another crate's;
/// * every enum (rustified, newtype, constified and module-constant styles), type alias, extern
///   function (a declaration no library exports is a finding, not a link error), extern static
///   and constant;
/// * whether `struct foo` or the typedef `foo` is meant is read from the headers.
///
/// Every item the file declares appears in the surface report at the end of the run (and in
/// `--surface-report PATH` as JSON): the test that checks it, or why none does. Test names are
/// unique: names that collide get a numbered suffix, in the order of their Rust names.
///
/// With `headers = ["lib.h", ..]`, a test `<module>__c_declarations__then_each_has_a_binding`
/// lists what those headers declare (functions, object-like macros, types, enumerators, extern
/// variables) that no item binds; `unbound = "deny"` makes any of them a failure
/// (`unbound_expect = ..` sets that test's expectation).
///
/// Refinements follow, any number: `item(NAME, test = "subject")` renames a test,
/// `item(NAME, expect = fail)` sets an expectation, `item(NAME, skip = "reason")` leaves an item
/// out (listed with the reason), and `item(Type.field, skip = "reason")` leaves out one field
/// bound deliberately another way. `NAME` may be `module::NAME`, or `struct NAME` (`fn`,
/// `union`, ...) where items of two kinds share the name.
///
/// The checks never reference a declaration from Rust, so one that no library exports is
/// reported rather than failing the link; a library linked statically must therefore be linked
/// whole (`cargo:rustc-link-lib=static:+whole-archive=NAME`).
///
/// ```no_run
/// // The bindings, compiled here and read from the package's doc/surface_example.rs.
/// mod sys {
///     #[repr(C)]
///     pub struct div_t {
///         pub quot: ::std::ffi::c_int,
///         pub rem: ::std::ffi::c_int,
///     }
///     extern "C" {
///         pub fn abs(x: ::std::ffi::c_int) -> ::std::ffi::c_int;
///     }
///     pub const EXIT_FAILURE: u32 = 1;
/// }
///
/// ffi_test::check_surface!(
///     sys,
///     file = "doc/surface_example.rs",
///     headers = ["stdlib.h"],
///     item(div_t, test = "quotient_and_remainder"),
/// );
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
pub use ffi_test_macros::check_surface;

/// Declares the `main` of a `harness = false` test target and the binary's C configuration.
///
/// Keys (all optional, each a list of `&'static str` expressions, so `env!` and `concat!` work):
/// `headers` (included before every C body), `include_dirs` (`-I`), `defines` (`-D`), `flags`,
/// `libs` (`-l`), `lib_dirs` (`-L` and run path). Relative directories are resolved against the
/// package root. An unknown key or a value that is not a string is a compile error, and so is a
/// target without `harness = false` (libtest would run zero tests and report success).
///
/// ```no_run
/// ffi_test::main! {
///     headers: ["<stdint.h>"],
///     defines: ["_GNU_SOURCE"],
///     flags: ["-Wall"],
/// }
/// ```
pub use ffi_test_macros::ffi_test_main as main;

/// Checks a Python module's ctypes mirror of a C type against the C compiler (the `python`
/// feature): `check_ctypes!("tests/mirrors.py", Stats, "struct stats")` registers
/// `stats__ctypes_layout__then_matches_c`, which imports the module (a `.py` path relative to
/// the package root, or a dotted module name found with the package root on `sys.path`) in a
/// Python interpreter (`python3`, or `$FFI_TEST_PYTHON`), reads the class's layout as ctypes
/// computes it (`_pack_`, `_anonymous_` members and bit-fields honoured), and compares its
/// size, alignment and every field's offset, size and kind, and every bit-field's bits, with
/// what the C compiler says about the C type under the binary's `main!` headers. A failure is
/// the table [`layout_matches`] reports, with Python's column. `expect = ...` as for
/// [`ffi_test`]. C is compiled into an object and read, never run.
///
/// ```no_run
/// // tests/mirrors.py:
/// //   import ctypes
/// //   class DivT(ctypes.Structure):
/// //       _fields_ = [("quot", ctypes.c_int), ("rem", ctypes.c_int)]
/// ffi_test::check_ctypes!("tests/mirrors.py", DivT, "div_t");
/// ffi_test::main! { headers: ["<stdlib.h>"] }
/// ```
#[cfg(feature = "python")]
pub use ffi_test_macros::check_ctypes;

/// Makes the crate's `#[pymodule]`s importable in Python bodies and test files (the `python`
/// feature): `python_modules!(registry_py::registry_py)` adds each to the interpreter's table
/// of built-in modules before the harness starts it in a test's process, as `maturin develop`
/// would install them, so `import registry_py` works without maturin.
///
/// ```no_run
/// use ffi_test::python::pyo3::prelude::*;
///
/// #[pymodule]
/// fn answers(m: &Bound<'_, PyModule>) -> PyResult<()> {
///     m.add("ANSWER", 42)
/// }
///
/// ffi_test::python_modules!(answers);
/// ffi_test::main!();
/// ```
#[cfg(feature = "python")]
#[macro_export]
macro_rules! python_modules {
    ($($module:path),+ $(,)?) => {
        const _: () = {
            fn __ffi_test_add_python_modules() {
                $({
                    use $module as __ffi_test_module;
                    $crate::python::pyo3::append_to_inittab!(__ffi_test_module);
                })+
            }
            $crate::__private_0_1::inventory::submit! {
                $crate::__private_0_1::python::ModuleInit(__ffi_test_add_python_modules)
            }
        };
    };
}

/// Registers a Python test file's tests (the `python` feature): every top-level
/// `def test_<name>()` of the file (relative to the package root) is the test `<name>` of this
/// binary, run in its own process with the interpreter embedded, like every other test
/// (isolation, timeouts, filters, JSON and JUnit reports, nextest). `<name>` follows the naming
/// convention (`def test_registry__ten_ids__then_count_is_ten()`); a function that breaks it
/// fails with the reason. `@ffi_test.expect_fail`, `@ffi_test.expect_crash("SIGSEGV")`,
/// `@ffi_test.expect_finding("heap-buffer-overflow")` (one of them) and
/// `@ffi_test.ignore("why")`, from the `ffi_test` Python module, are the test's expectation.
/// A failure shows Python's traceback.
///
/// ```no_run
/// ffi_test::python_tests!("tests/test_registry.py");
/// ffi_test::main!();
/// ```
#[cfg(feature = "python")]
#[macro_export]
macro_rules! python_tests {
    ($($path:literal),+ $(,)?) => {
        $(
            $crate::__private_0_1::inventory::submit! {
                $crate::__private_0_1::python::PyTestFile {
                    path: $path,
                    root: ::core::env!("CARGO_MANIFEST_DIR"),
                    file: ::core::file!(),
                    line: ::core::line!(),
                }
            }
        )+
    };
}

/// Registers Python suites run by pytest: files or directories relative to the package root,
/// as `pytest` takes them. pytest collects them in a child of the test binary, where the
/// binary's `#[pymodule]`s (`python_modules!`) import; every collected node id
/// (`tests/py/test_x.py::TestK::test_m[1-2]`) is a test of the binary, run in its own process
/// by pytest, so a crash in one parametrized case fails that case only. conftest.py, fixtures
/// (a session-scoped fixture is made once per test process), parametrization, classes, marks
/// (`skip`/`skipif`: ignored with the reason; `xfail(strict=True)`: expected to fail; a plain
/// `xfail`: its result not counted) and installed plugins (Hypothesis) are pytest's own; a
/// failure is pytest's report. `@ffi_test.expect_crash("SIGSEGV")`,
/// `@ffi_test.expect_finding("leak")`, `@ffi_test.expect_fail` and `@ffi_test.ignore("why")` are
/// read from the collected functions. Names are pytest's: no naming convention applies.
///
/// ```no_run
/// ffi_test::pytest!("tests/py");
/// ffi_test::main!();
/// ```
#[cfg(feature = "python")]
#[macro_export]
macro_rules! pytest {
    ($($path:literal),+ $(,)?) => {
        $crate::__private_0_1::inventory::submit! {
            $crate::__private_0_1::python::PytestSuite {
                paths: &[$($path),+],
                root: ::core::env!("CARGO_MANIFEST_DIR"),
                file: ::core::file!(),
                line: ::core::line!(),
            }
        }
    };
}

/// Runs every test registered in this binary with the command line's arguments (libtest's
/// flags, see the README) and returns the process exit code. `main!` calls it.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     ffi_test::run(ffi_test::Config { manifest_dir: env!("CARGO_MANIFEST_DIR"), ..ffi_test::Config::EMPTY })
/// }
/// ```
pub fn run(config: Config) -> std::process::ExitCode {
    #[cfg(any(unix, windows))]
    return run::run(config);
    #[cfg(not(any(unix, windows)))]
    {
        let _ = config;
        eprintln!(
            "ffi-test: this harness runs its tests on Unix and Windows only: on this target \
             nothing can be run (docs/PLATFORMS.md)"
        );
        std::process::ExitCode::FAILURE
    }
}

/// Items the macros expand to: re-exports only, no logic. Not a public API: no stability
/// promise. Its name carries the version, and ffi-test pins ffi-test-macros with `=`, so code
/// expanded by one version of the macros never links against another version's runtime.
#[doc(hidden)]
pub mod __private_0_1 {
    pub use crate::checks::surface::{run_census, SurfaceEntry, SurfaceItem};
    pub use crate::registry::outcome::IntoTestResult;
    pub use crate::registry::{
        CFragment, Expect, Language, PyFragment, TestBatch, TestEntry, TestKind,
    };
    pub use crate::tools::faults::{Calls, Sweep};
    pub use inventory;

    pub use crate::registry::context::{c_symbol, TestContext};

    /// What signature, static and constant checks call.
    pub mod bindings {
        pub use crate::checks::signature::{
            run_signature, run_static, RustSignature, RustStatic, RustType,
        };
        pub use crate::checks::value::{run_value, AsConst, ConstValue};
        pub use crate::cside::exported;
        pub use ffi_test_protocol::signature::RustAbi;
    }

    /// What `#[ffi_differential]` and `#[ffi_property]` expansions call.
    pub mod differential {
        pub use crate::checks::differential::{
            c_function, edgy, edgy_vec, fields, property, ranged, ranged_vec, run, Fields,
            Generated, Outcome, Source,
        };
    }

    /// What `#[ffi_roundtrip]` expansions call.
    pub mod roundtrip {
        pub use crate::checks::roundtrip::{check_layout, run_copy, run_echo, run_shape, Shape};
    }

    /// What `#[layout_matches]` expansions call.
    pub mod layout {
        pub use crate::checks::bitfield::{bits_through, AllOnes, BitfieldSetter};
        pub use crate::checks::layout::{
            c_text, field, field_at_run, field_of, flexible_field, record_kind, run, LayoutChecked,
            RustField, RustLayout, RustVariant, FACTS_SYMBOL,
        };
        pub use std::borrow::Cow;
    }

    /// The C kind of a type that need not implement `CKind` (another crate's).
    pub mod probe {
        pub use crate::checks::probe::{
            choose, is_number, kind_facts, size_of_target, ConstForeign, ConstKind, ConstShape,
            KindFacts, KindProbe, ShapeFallback, ViaCKind, ViaForeign, ViaShape,
        };
        pub use ffi_test_protocol::kind::pack_facts;
    }

    /// What `check_ctypes!` expansions call.
    #[cfg(feature = "python")]
    pub mod python {
        pub use crate::tools::python::__ModuleInit as ModuleInit;
        pub use crate::tools::python::__PyTestFile as PyTestFile;
        pub use crate::tools::python::__PytestSuite as PytestSuite;
        pub use crate::tools::python::ctypes::{check as check_ctypes, Declared};
    }

    /// What the facts records of run-free verification are made with.
    pub mod facts {
        pub use ffi_test_protocol::facts::*;
    }
}

/// What `cargo-ffi-test` (run-free verification, a crate of its own) uses of the runtime: the
/// checks' comparisons, the C side, the expectations, the object reader. Not a public API: no
/// stability promise, versioned like `__private_0_1`.
#[doc(hidden)]
pub mod __verify_0_1 {
    pub use crate::checks::layout::{
        c_static_text as layout_c_static_text, c_unavailable as layout_c_unavailable,
        compare as compare_layout, RustField, RustLayout, RustVariant, HEADER, PER_FIELD,
    };
    pub use crate::checks::signature::{
        compare_facts as compare_signature, compare_static_facts as compare_static, Pointee,
        RustSignature, RustStatic, RustType,
    };
    pub use crate::checks::value::{
        c_unavailable as value_c_unavailable, judge as judge_value, ConstValue,
    };
    pub use crate::cside::cache::Cache;
    pub use crate::cside::compiler::Compiler;
    pub use crate::cside::detected::compiler_for;
    pub use crate::cside::members::{read_object as member_table, CMember};
    pub use crate::cside::prebuilt::PREBUILD_VAR;
    pub use crate::cside::prelude;
    pub use crate::cside::unit::headers_only;
    pub use crate::cside::Toolchain;
    pub use crate::os::object_file::ObjectFile;
    pub use crate::registry::config::Config;
    pub use crate::registry::outcome::BrokenSetup;
    pub use crate::registry::Expect;
    pub use crate::report::expect::{judge, Observed, Verdict};
    pub use crate::run::conclude::completion;
    pub use crate::Kind;

    /// The kind a facts record's low byte names (Rust's side).
    pub fn kind_from_rust(code: u64) -> Kind {
        Kind::from_rust(code)
    }

    /// The kind a C facts object names.
    pub fn kind_from_c(code: u64) -> Kind {
        Kind::from_c(code)
    }
}
