//! Traps that used to look green or not build: fields under `#[cfg]` and renames under
//! `#[cfg_attr]` are checked as compiled in, and raw identifiers lose their `r#` in test names and
//! in C. (A missing `harness = false` is a compile error: tests/fixtures/forgot-harness-false.)

use ffi_test::{ffi_test, layout_matches};

#[repr(C)]
#[layout_matches("struct conditional")]
pub struct Conditional {
    /// Compiled in on every target ffi-test runs on (unix): checked.
    #[cfg(unix)]
    pub always: i32,
    /// Compiled in on Windows only (C has no such member): not checked here, and no error.
    #[cfg(windows)]
    pub never: u64,
    /// Renamed where the predicate holds (unix: here).
    #[cfg_attr(unix, layout(rename = "c_b"))]
    #[cfg_attr(windows, layout(rename = "no_such_member"))]
    pub b: f64,
    pub r#type: u16,
}

/// The same C struct with a wrong type on a compiled-in conditional field: caught, named.
#[repr(C)]
#[layout_matches("struct conditional", expect = fail)]
pub struct ConditionalWrong {
    #[cfg(unix)]
    pub always: u32,
    #[cfg_attr(unix, layout(rename = "c_b"))]
    pub b: f64,
    pub r#type: u16,
}

#[ffi_test]
fn r#match__raw_identifier_test_name__then_listed_without_prefix() {}

// The macro used to panic here ("custom attribute panicked": it built `fn(, ...)`). The C is an
// old-style definition, callable with no arguments whatever the caller's convention.
#[ffi_test(c = r#"
    int seven() { return 7; }
"#)]
fn variadic__declared_without_fixed_parameters__then_bound_and_called() {
    extern "C" {
        fn seven(...) -> std::ffi::c_int;
    }
    // SAFETY: `seven` takes no arguments and returns an int.
    assert_eq!(unsafe { seven() }, 7);
}

ffi_test::main! { headers: ["hostile.h"], include_dirs: ["csrc"] }
