//! ctest's own test pair, rewritten case for case: `t1` (csrc/t1.h, src/t1.rs) has correct
//! bindings of every construct ctest's good test covers, `t2` (csrc/t2.h, src/t2.rs) has the
//! deliberate mistakes of its broken test. `tests/t1.rs` and `tests/t2.rs` check each with one
//! `check_surface!` line; tests/surface.rs at the workspace root asserts every ctest error has
//! its report.

#![allow(
    non_camel_case_types,
    non_upper_case_globals,
    non_snake_case,
    dead_code
)]
#![allow(clippy::all)]

/// Correct bindings of csrc/t1.h.
pub mod t1 {
    include!("t1.rs");
}

/// Broken bindings of csrc/t2.h.
pub mod t2 {
    include!("t2.rs");
}
