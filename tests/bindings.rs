//! End-to-end: constants, extern fn signatures and extern statics checked against C. Every
//! deliberately wrong declaration in examples/broken-bindings is caught, naming the function and
//! the parameter; the registry example's whole extern block and its constants pass.

use ffi_test_suite::{assert_outcomes, failure_of, run, test_binary, tests_with_outcome};

const CAUGHT: [(&str, &[&str]); 18] = [
    (
        "api_twice__signature__then_matches_c",
        &["Rust's `api_twice` is at 0x", "they are different symbols"],
    ),
    (
        "api_seven__static__then_matches_c",
        &["Rust's `api_seven` is at 0x", "different symbols"],
    ),
    (
        "api_limit__value__then_matches_c",
        &["Rust: integer 100\n     C: integer 128"],
    ),
    (
        "api_ratio_wrong__value__then_matches_c",
        &["Rust: float 0.5 (bits 0x3fe0000000000000)\n     C: float 0.25 (bits 0x3fd0000000000000)"],
    ),
    (
        "api_name_wrong__value__then_matches_c",
        &["Rust: string \"apx\"\n     C: string \"api\""],
    ),
    (
        "api_limit_as_float__value__then_matches_c",
        &["Rust: float 128.0 (bits 0x4060000000000000)\n     C: integer 128"],
    ),
    (
        "api_offset__value__then_matches_c",
        &["Rust: integer 3\n     C: integer -3"],
    ),
    (
        "api_mask__value__then_matches_c",
        &["Rust: integer 65535\n     C: integer 4294967295"],
    ),
    // One line each, not the compiler's notes about the check's macros.
    (
        "api_limt__value__then_matches_c",
        &["constant `API_LIMT` could not be compared: C cannot evaluate `API_LIMT`: these headers (with the configured defines) do not define it; did you mean `API_LIMIT`?\n"],
    ),
    (
        "api_width__signature__then_matches_c",
        &["parameter 1 (`v`): Rust `i32` (4 bytes, signed int), C `int64_t` (8 bytes, signed int)"],
    ),
    (
        "api_sign__signature__then_matches_c",
        &["parameter 1 (`v`): Rust `i32` (4 bytes, signed int), C `uint32_t` (4 bytes, unsigned int)"],
    ),
    (
        "api_two__signature__then_matches_c",
        &["C takes 2 parameters, Rust declares 1"],
    ),
    (
        "api_one__signature__then_matches_c",
        &["C takes 1 parameter, Rust declares 2"],
    ),
    (
        "api_ret__signature__then_matches_c",
        &["return: Rust `i32` (4 bytes, signed int), C `int64_t` (8 bytes, signed int)"],
    ),
    (
        "api_scale__signature__then_matches_c",
        &["parameter 1 (`x`): Rust `f32` (4 bytes, float), C `double` (8 bytes, float)"],
    ),
    (
        "api_log__signature__then_matches_c",
        &["C is variadic, Rust declares it not variadic"],
    ),
    (
        "api_banner__static__then_matches_c",
        &["type: Rust `*const c_char` (8 bytes, pointer), C (8 bytes, array)\n  hint: C's static is the array itself"],
    ),
    (
        "api_counter__static__then_matches_c",
        &["type: Rust `i64` (8 bytes, signed int), C (4 bytes, signed int)"],
    ),
];

#[test]
fn every_wrong_declaration_is_caught_naming_function_and_parameter() {
    let out = run(
        &test_binary("broken-bindings", "signatures"),
        &["--ignore-expectations"],
    );
    let correct = [
        "api_name__value__then_matches_c",
        "api_ok__signature__then_matches_c",
        "api_ratio__value__then_matches_c",
        "api_version__static__then_matches_c",
    ];
    assert_outcomes(&out, &CAUGHT, &correct);
    let report = failure_of(&out.stdout, "api_limt__value__then_matches_c").unwrap();
    assert_eq!(report.trim_end().lines().count(), 1, "{report}");
    // A constant C cannot compute from its headers is not checked, with the reason: neither a
    // pass nor a failure, whatever is expected of it.
    assert!(
        out.stdout.contains(
            "test api_incomplete_size__value__then_matches_c ... ignored (not checked: C cannot \
         evaluate `API_INCOMPLETE_SIZE`: its expansion needs `struct api_never_completed`, a type \
         these headers never complete (not a constant they let C compute))\n"
        ),
        "{}",
        out.stdout
    );
    let with_expectations = run(&test_binary("broken-bindings", "signatures"), &[]);
    assert!(
        with_expectations.status.success(),
        "{}",
        with_expectations.both()
    );
}

#[test]
fn registry_extern_block_and_constants_match_c() {
    let out = run(&test_binary("registry", "ffi"), &["__signature__"]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok").len(),
        11,
        "{}",
        out.stdout
    );
    let values = run(&test_binary("registry", "ffi"), &["__value__"]);
    assert!(values.status.success(), "{}", values.both());
    assert_eq!(
        tests_with_outcome(&values.stdout, "ok").len(),
        6,
        "{}",
        values.stdout
    );
}
