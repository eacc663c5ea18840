//! End-to-end: a -sys crate's own items checked where they are defined (examples/sys-in-place:
//! `cfg_attr(test, ...)` attributes and a `harness = false` lib test). Every kind of check runs
//! from `src/`, the libc crate's bindings of a few types, functions and constants pass, and each
//! deliberately wrong item is caught with both sides named.

use ffi_test_suite::{assert_outcomes, lib_test_binary, run};

#[test]
fn a_sys_crates_own_items_are_checked_in_place() {
    let binary = lib_test_binary("sys-in-place");
    let out = run(&binary, &["--ignore-expectations"]);
    let shapes = ffi_test_protocol::roundtrip::SHAPES
        .map(|s| format!("div_t__{}__then_fields_intact", s.scenario));
    let mut passed: Vec<&str> = vec![
        "abort__signature__then_matches_c",
        "abs__signature__then_matches_c",
        "div__signature__then_matches_c",
        "div_t__layout__then_matches_c",
        "divide__seven_by_two__then_three_remainder_one",
        "exit_failure__value__then_matches_c",
        "ldiv__signature__then_matches_c",
        "ldiv_t__layout__then_matches_c",
        "mbstate_t__size_and_align__then_match_c",
        "srand__signature__then_matches_c",
        "strtol__signature__then_matches_c",
        "vsnprintf__signature__then_matches_c",
    ];
    passed.extend(shapes.iter().map(String::as_str));
    // The libc crate's bindings (src/libc_crate.rs): no false failure.
    passed.extend([
        "clock_gettime__signature__then_matches_c",
        "clock_monotonic__value__then_matches_c",
        "eintr__value__then_matches_c",
        "iovec__layout__then_matches_c",
        "memcpy__signature__then_matches_c",
        "poll__signature__then_matches_c",
        "pollfd__layout__then_matches_c",
        "pollin__value__then_matches_c",
        "pthread_mutex_t__size_and_align__then_match_c",
        "rlimit__layout__then_matches_c",
        "sigset_t__size_and_align__then_match_c",
        "strlen__signature__then_matches_c",
        "timespec__layout__then_matches_c",
    ]);
    passed.sort_unstable();
    assert_outcomes(
        &out,
        &[(
            "getchar_declared_never__signature__then_matches_c",
            &["return: Rust `!` (nothing), C `int` (4 bytes, signed int)"],
        ), (
            "rand_declared_void__signature__then_matches_c",
            &["return: Rust `()` (nothing), C `int` (4 bytes, signed int)"],
        ), (
            "vsnprintf_va_list_as_integer__signature__then_matches_c",
            &["parameter 4 (`ap`): Rust `usize` (8 bytes, unsigned int), C `__va_list_tag *` (8 bytes, pointer)"],
        ), (
            "wrong_mbstate__size_and_align__then_match_c",
            &[
                "layout of `WrongMbstate` does not match C `mbstate_t`: 1 disagreement (size and alignment only: its members are opaque)",
                "(size)  16",
            ],
        ), (
            "wrong_rand_max__value__then_matches_c",
            &[
                "constant `WRONG_RAND_MAX` does not match C `RAND_MAX`",
                "Rust: integer 32767",
                "C: integer 2147483647",
            ],
        )],
        &passed,
    );
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
}
