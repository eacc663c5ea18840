//! End-to-end: #[layout_matches] catches every deliberately broken binding in
//! examples/broken-bindings, naming the field and both languages' values, and passes correct ones.

use ffi_test_suite::{assert_outcomes, run, test_binary, tests_with_outcome};

/// Each broken binding's test, and text its report must contain: the field (or the type-level
/// row, where C cannot name what differs) and the Rust and C values.
const CAUGHT: [(&str, &[&str]); 21] = [
    ("wide_id__layout__then_matches_c", &["id       0 / 4 / signed int     0 / 8 / signed int"]),
    ("flags__layout__then_matches_c", &["flags  0 / 4 / signed int     0 / 4 / unsigned int"]),
    ("ratio__layout__then_matches_c", &["ratio  0 / 4 / unsigned int   0 / 4 / float"]),
    // C cannot list a struct's members, so a field only C has shows as a size difference.
    ("triple__layout__then_matches_c", &["(size)  8                      12"]),
    ("pair__layout__then_matches_c", &["'struct pair' has no member named 'c'", "c                    8 / 4 / signed int"]),
    ("point2__layout__then_matches_c", &["y      0 / 4 / signed int     4 / 4 / signed int", "x      4 / 4 / float          0 / 4 / float"]),
    ("wire_header__layout__then_matches_c", &["(size)   8                      5", "length   4 / 4 / unsigned int   1 / 4 / unsigned int"]),
    ("block__layout__then_matches_c", &["(align)  8                      16"]),
    ("settings__layout__then_matches_c", &["enabled  0 / 1 / bool           0 / 4 / signed int"]),
    ("color__layout__then_matches_c", &["Color::Blue (COLOR_BLUE)  = 3                    = 4"]),
    ("mode__layout__then_matches_c", &["(size)   1                      4"]),
    ("number__layout__then_matches_c", &["(type kind)  struct                 union", "f            4 / 4 / float          0 / 4 / float"]),
    ("handle_holder__layout__then_matches_c", &["handle  0 / 8 / unsigned int   0 / 8 / pointer"]),
    ("named__layout__then_matches_c", &["name    0 / 8 / array of 8 x signed int (1 byte)  0 / 16 / array of 16 x signed int (1 byte)"]),
    ("inner3__layout__then_matches_c", &["(size)  8                      12"]),
    ("outer__layout__then_matches_c", &["inner   0 / 8 / struct         0 / 12 / struct", "tail    8 / 4 / signed int     12 / 4 / signed int"]),
    ("callback_holder__layout__then_matches_c", &["on_event  0 / 8 / pointer        0 / 8 / fn pointer"]),
    ("samples__layout__then_matches_c", &["samples  0 / 8 / array of 4 x unsigned int (2 bytes)  0 / 8 / array of 4 x signed int (2 bytes)"]),
    ("with_bits__layout__then_matches_c", &["hint: C bit-fields", "bit-field structure member 'a'"]),
    ("tagged__layout__then_matches_c", &["has no member named '__bindgen_anon_1'", "Anonymous C members cannot be named"]),
    ("message_with_wide_elements__layout__then_matches_c", &["data   4 / 0 / array of 0 x unsigned int (4 bytes)  4 / 0 / array of 0 x unsigned int (1 byte)"]),
];

// `long_as_i64`, `char_as_i8` and `stamp` are right on this target (tests/targets.rs has them
// caught on i686 and aarch64, tests/verify.rs on 32-bit Arm and riscv64).
const CORRECT: [&str; 7] = [
    "char_as_i8__layout__then_matches_c",
    "good_level__layout__then_matches_c",
    "good_point__layout__then_matches_c",
    "long_as_i64__layout__then_matches_c",
    "message__layout__then_matches_c",
    "message_as_bindgen_writes_it__layout__then_matches_c",
    "stamp__layout__then_matches_c",
];

#[test]
fn every_broken_binding_is_caught_with_its_field_and_both_values() {
    let out = run(
        &test_binary("broken-bindings", "layouts"),
        &["--ignore-expectations"],
    );
    assert_outcomes(&out, &CAUGHT, &CORRECT);
}

#[test]
fn with_its_expectations_the_broken_suite_passes() {
    let out = run(&test_binary("broken-bindings", "layouts"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(
        out.stdout.contains("test result: ok. 28 passed; 0 failed"),
        "{}",
        out.stdout
    );
}

#[test]
fn registry_layouts_pass() {
    let out = run(&test_binary("registry", "ffi"), &["__layout__"]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "registry_config__layout__then_matches_c",
            "registry_stats__layout__then_matches_c",
            "registry_status__layout__then_matches_c"
        ]
    );
}

/// A configuration that does not compile (a header that does not exist) fails every check of
/// the binary, whatever each expects (`fail`, `busted`, a C body's `fail`): none compared
/// anything, so a planted bug must not count as caught. Run, and verified without running.
#[test]
fn a_configuration_that_does_not_compile_fails_checks_expected_to_fail() {
    let binary = ffi_test_suite::verify_test_binary(
        "broken-bindings",
        "broken_setup",
        &format!("{}-unknown-linux-gnu", std::env::consts::ARCH),
    );
    let ran = run(&binary, &[]);
    assert_eq!(
        tests_with_outcome(&ran.stdout, "FAILED"),
        [
            "api_limit__value__then_matches_c",
            "point__layout__then_matches_c",
            "seven__broken_configuration__then_fails_whatever_expected",
        ],
        "{}",
        ran.both()
    );
    let reason = "This fails whatever the test expects: its C configuration does not compile, so \
                  nothing was compared.";
    for test in tests_with_outcome(&ran.stdout, "FAILED") {
        let report = ffi_test_suite::failure_of(&ran.stdout, &test).unwrap();
        assert!(
            report.contains("the C configuration of this test binary does not compile")
                && report.contains("no_such_header.h: No such file or directory")
                && report.contains(reason),
            "{test}:\n{report}"
        );
    }
    let host = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let verified = ffi_test_suite::verify_run_free(&binary, &host, &[]);
    assert_eq!(
        tests_with_outcome(&verified.stdout, "FAILED"),
        [
            "api_limit__value__then_matches_c",
            "point__layout__then_matches_c"
        ],
        "{}",
        verified.both()
    );
    let report =
        ffi_test_suite::failure_of(&verified.stdout, "point__layout__then_matches_c").unwrap();
    assert!(
        report.contains("fatal error: no_such_header.h") && report.contains(reason),
        "{report}"
    );
}
