//! End-to-end: #[ffi_roundtrip] passes the corpus through every call shape, catches every broken
//! declaration in examples/broken-bindings naming the leaf, and never passes a value across a
//! layout that differs.

use ffi_test_suite::{
    assert_outcomes, failure_of, run, run_with_env, test_binary, tests_with_outcome,
};

const SCENARIOS: [&str; 10] = [
    "passed_by_value_to_c",
    "passed_by_pointer_to_c",
    "returned_by_value_from_c",
    "passed_and_returned_by_value",
    "passed_after_1_to_16_other_args",
    "inside_struct_of_1_to_16_copies_by_value",
    "inside_struct_of_1_to_16_copies_by_pointer",
    "mixed_with_u8_and_f32_args",
    "passed_by_c_to_rust_callback",
    "returned_by_rust_callback_to_c",
];

#[test]
fn every_corpus_type_passes_every_shape() {
    let out = run(&test_binary("abi-corpus", "roundtrip"), &[]);
    assert!(out.status.success(), "{}", out.both());
    let passed = tests_with_outcome(&out.stdout, "ok");
    for subject in [
        "simple",
        "padded",
        "primitives",
        "wide",
        "int128",
        "floats",
        "mixed",
        "with_array",
        "nested",
        "value",
        "level",
        "sixteen",
    ] {
        for scenario in SCENARIOS {
            let outcome = if matches!(subject, "int128" | "value" | "level") {
                "value"
            } else {
                "fields"
            };
            let name = format!("{subject}__{scenario}__then_{outcome}_intact");
            assert!(
                passed.contains(&name),
                "{name} did not pass:\n{}",
                out.stdout
            );
        }
        assert!(passed.contains(&format!("{subject}__layout__then_matches_c")));
    }
    assert!(passed.contains(&"simple__through_simple_echo__then_fields_intact".to_string()));
    assert!(passed.contains(&"simple__through_simple_copy__then_fields_intact".to_string()));
}

#[test]
fn every_broken_declaration_is_caught_naming_the_leaf() {
    let out = run(
        &test_binary("broken-bindings", "calls"),
        &["--ignore-expectations", "__through_"],
    );
    let bytes = ["expected", "Rust sent", "arrived"];
    let caught: [(&str, &[&str]); 6] = [
        (
            "rt_point__through_point_echo__then_fields_intact",
            &["leaf `rt_point.x`"],
        ),
        (
            "rt_point__through_point_copy__then_fields_intact",
            &["leaf `rt_point.y`"],
        ),
        (
            "rt_small__through_small_copy__then_fields_intact",
            &["leaf `rt_small.a`"],
        ),
        (
            "rt_small__through_small_copy_v1__then_fields_intact",
            &["leaf `rt_small.b`"],
        ),
        (
            "rt_big__through_big_copy__then_fields_intact",
            &["leaf `rt_big.c`"],
        ),
        (
            "rt_msg__through_msg_copy__then_fields_intact",
            &["leaf `rt_msg.payload`"],
        ),
    ];
    let correct = [
        "rt_big__through_big_copy_ok__then_fields_intact",
        "rt_point__through_point_echo_ok__then_fields_intact",
    ];
    assert_outcomes(&out, &caught, &correct);
    for (name, _) in caught {
        let report = failure_of(&out.stdout, name).unwrap_or_default();
        assert!(
            bytes.iter().all(|b| report.contains(b)),
            "{name}: expected, sent and arrived bytes:\n{report}"
        );
    }
}

/// A payload C copies only under some flags (`msg_copy`): no battery value has those flags, a
/// generated one does; reported shrunk to the simplest value, with the seed that replays it.
#[test]
fn a_value_changed_only_for_some_values_is_found_by_generated_values() {
    let binary = test_binary("broken-bindings", "calls");
    let test = "rt_msg__through_msg_copy__then_fields_intact";
    let out = run(&binary, &["--ignore-expectations", "rt_msg__"]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [test],
        "{}",
        out.stdout
    );
    let report = failure_of(&out.stdout, test).unwrap();
    let (head, tail) = report.split_once(" replays it, 64 cases): ").unwrap();
    assert!(
        head.starts_with(
            "round-trip of `RtMsg` (C `struct rt_msg`), shape through `sys::msg_copy`: 1 problem \
             (1 leaves arrived changed)\n  value generated and shrunk (FFI_TEST_SEED="
        ),
        "{report}"
    );
    assert!(
        tail.starts_with(
            "rt_msg.flags = 00 01 00 00, rt_msg.payload = 01 00 00 00\n  value generated: leaf \
             `rt_msg.payload`\n      expected 01 00 00 00\n     Rust sent 01 00 00 00\n        \
             arrived 00 00 00 00"
        ),
        "{report}"
    );
    // The seed replays the run; a run of zero cases is refused, not passed.
    let seed = head.rsplit('=').next().unwrap();
    let args = ["--ignore-expectations", "--exact", test];
    let again = run_with_env(&binary, &args, &[("FFI_TEST_SEED", seed)]);
    assert_eq!(failure_of(&again.stdout, test), Some(report));
    let none = run_with_env(&binary, &args, &[("FFI_TEST_CASES", "0")]);
    let refused = failure_of(&none.stdout, test).unwrap_or_else(|| panic!("{}", none.both()));
    assert!(
        refused.starts_with("FFI_TEST_CASES=\"0\": a run needs at least 1 case"),
        "{refused}"
    );
}

#[test]
fn a_differing_layout_stops_every_shape_before_any_value_crosses() {
    let out = run(
        &test_binary("broken-bindings", "calls"),
        &["--ignore-expectations", "rt_skewed__"],
    );
    let failed = tests_with_outcome(&out.stdout, "FAILED");
    assert_eq!(failed.len(), 11, "{}", out.both());
    for scenario in SCENARIOS {
        let name = format!("rt_skewed__{scenario}__then_fields_intact");
        let report =
            failure_of(&out.stdout, &name).unwrap_or_else(|| panic!("{name}:\n{}", out.stdout));
        assert!(
            report.contains("layout differs from C, so no value was passed"),
            "{report}"
        );
        assert!(
            report.contains("b        4 / 4 / signed int     8 / 8 / signed int"),
            "{report}"
        );
    }
}

#[test]
fn with_expectations_the_broken_calls_suite_passes() {
    let out = run(&test_binary("broken-bindings", "calls"), &[]);
    assert!(out.status.success(), "{}", out.both());
}

/// Failing twins of the shapes that return a struct by value: the battery's C compiled with
/// `-fpcc-struct-return` (structs returned through a hidden pointer) against Rust's SysV
/// convention (small structs in registers). Exactly those three shapes fail for the 8-byte
/// struct (the echo crashes: C writes through the value's bits as if they were the hidden
/// pointer); every shape of the 32-byte struct, returned through memory by both, passes.
#[cfg(target_arch = "x86_64")]
#[test]
fn a_changed_return_convention_fails_exactly_the_returning_shapes() {
    use ffi_test_protocol::roundtrip::SHAPES;
    let out = ffi_test_suite::run(
        &ffi_test_suite::test_binary("broken-bindings", "conventions"),
        &["--ignore-expectations"],
    );
    let returning = [
        "returned_by_value_from_c",
        "passed_and_returned_by_value",
        "returned_by_rust_callback_to_c",
    ];
    let mut passed: Vec<String> = vec![
        "conv_large__layout__then_matches_c".into(),
        "conv_small__layout__then_matches_c".into(),
    ];
    for shape in SHAPES {
        passed.push(format!(
            "conv_large__{}__then_fields_intact",
            shape.scenario
        ));
        if !returning.contains(&shape.scenario) {
            passed.push(format!(
                "conv_small__{}__then_fields_intact",
                shape.scenario
            ));
        }
    }
    passed.sort();
    let passed: Vec<&str> = passed.iter().map(String::as_str).collect();
    ffi_test_suite::assert_outcomes(
        &out,
        &[
            (
                "conv_small__returned_by_value_from_c__then_fields_intact",
                &["shape returned_by_value_from_c", "leaves arrived changed"],
            ),
            (
                "conv_small__returned_by_rust_callback_to_c__then_fields_intact",
                &[
                    "shape returned_by_rust_callback_to_c",
                    "leaves arrived changed",
                ],
            ),
            (
                "conv_small__passed_and_returned_by_value__then_fields_intact",
                &[],
            ),
        ],
        &passed,
    );
}

/// Every shape's comparison reports a value that arrived changed: ffi-test's self-test switch
/// flips the first leaf of what arrives through one shape, and exactly that shape's test fails,
/// with the leaf's bytes. (Disabling one shape's comparison makes its case here fail.)
#[test]
fn every_shape_reports_a_value_that_arrived_changed() {
    use ffi_test_protocol::roundtrip::SHAPES;
    let binary = ffi_test_suite::test_binary("abi-corpus", "roundtrip");
    let all: Vec<String> = SHAPES
        .iter()
        .map(|s| format!("simple__{}__then_fields_intact", s.scenario))
        .collect();
    for shape in SHAPES {
        let out = ffi_test_suite::run_with_env(
            &binary,
            &["simple__", "--skip", "__through_", "--skip", "__layout__"],
            &[("FFI_TEST_SELF_TEST_CORRUPT", shape.scenario)],
        );
        let failing = format!("simple__{}__then_fields_intact", shape.scenario);
        let mut passed: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|n| *n != failing)
            .collect();
        passed.sort_unstable();
        let header = format!(
            "round-trip of `Simple` (C `struct simple`), shape {}",
            shape.scenario
        );
        ffi_test_suite::assert_outcomes(
            &out,
            &[(
                failing.as_str(),
                &[header.as_str(), "leaves arrived changed", "leaf `simple.a`"],
            )],
            &passed,
        );
    }
}

/// The "other arguments intact" comparison of the shapes that pass other arguments beside the
/// value (the C side checks each filler, or the u8 and the f32): reported when C says one
/// changed.
#[test]
fn shapes_with_other_arguments_report_them_changed() {
    let binary = ffi_test_suite::test_binary("abi-corpus", "roundtrip");
    for scenario in [
        "passed_after_1_to_16_other_args",
        "mixed_with_u8_and_f32_args",
    ] {
        let test = format!("simple__{scenario}__then_fields_intact");
        let changed = format!("{scenario}/others");
        let out = ffi_test_suite::run_with_env(
            &binary,
            &[&test, "--exact"],
            &[("FFI_TEST_SELF_TEST_CORRUPT", changed.as_str())],
        );
        ffi_test_suite::assert_outcomes(
            &out,
            &[(
                test.as_str(),
                &["the other arguments arrived changed (C checked each)"],
            )],
            &[],
        );
    }
}
