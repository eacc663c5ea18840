//! Differential tests (`#[ffi_differential]`, examples/libc-macros): the libc crate's Rust
//! re-implementations of C function-like macros against glibc's and Linux's macros on
//! generated inputs, with the findings kept as expected failures; planted edge bugs found and
//! reported at the smallest input showing them, in their ranges; a crash reported with its
//! input, made simpler in fresh processes; properties of glibc's functions, and planted ones
//! false at an edge or crashing in C; a seed that replays a run.

use ffi_test_suite::{failure_of, run, run_with_env, test_binary, tests_with_outcome};

#[test]
fn the_libc_crates_macros_agree_with_cs_but_where_the_findings_say() {
    let out = run(&test_binary("libc-macros", "macros"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok").len(),
        45,
        "{}",
        out.stdout
    );
    // The findings, each with its smallest input (shrunk, then simplified bit by bit).
    let out = run(
        &test_binary("libc-macros", "macros"),
        &["--ignore-expectations", "sctp_pr"],
    );
    for (test, report) in [
        (
            "sctp_pr_ttl_enabled__differential__then_agrees_with_c",
            "`sctp_pr_ttl_enabled` disagrees with C `SCTP_PR_TTL_ENABLED(policy)` at policy = ",
        ),
        (
            "sctp_pr_rtx_enabled__differential__then_agrees_with_c",
            "`sctp_pr_rtx_enabled` disagrees with C `SCTP_PR_RTX_ENABLED(policy)` at policy = ",
        ),
        (
            "sctp_pr_prio_enabled__differential__then_agrees_with_c",
            "`sctp_pr_prio_enabled` disagrees with C `SCTP_PR_PRIO_ENABLED(policy)` at policy = ",
        ),
    ] {
        let got = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
        assert!(got.starts_with(report), "{test}: {got}");
        assert!(
            got.contains(
                "(the smallest input found, shrunk): Rust false, C true\n  seed FFI_TEST_SEED="
            ),
            "{got}"
        );
    }
}

#[test]
fn planted_edge_bugs_are_shrunk_to_their_edge_and_a_crash_names_its_input() {
    let binary = test_binary("libc-macros", "planted");
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
    let out = run(&binary, &["--ignore-expectations"]);
    for (test, report) in [
        ("cmsg_align_wrong_at_powers_of_two__differential__then_agrees_with_c", "`cmsg_align_wrong_at_powers_of_two` disagrees with C `CMSG_ALIGN(len)` at len = 16 (the smallest input found, shrunk): Rust 24, C 16\n  seed FFI_TEST_SEED="),
        ("wexitstatus_sign_extended__differential__then_agrees_with_c", "`wexitstatus_sign_extended` disagrees with C `WEXITSTATUS(status)` at status = 32768 (the smallest input found, shrunk): Rust -128, C 128\n  seed FFI_TEST_SEED="),
        ("identity_crashing_in_c_at_17__differential__then_agrees_with_c", "the test process was killed by SIGSEGV (invalid memory reference), signal 11\n  on the generated input: x = 17 (seed FFI_TEST_SEED="),
        ("labs_is_never_negative__property__then_holds", "property `labs_is_never_negative` fails at x = -9223372036854775808 (the smallest input found, shrunk): panicked at examples/libc-macros/tests/planted.rs:72:5: labs(-9223372036854775808) = -9223372036854775808\n  seed FFI_TEST_SEED="),
        // Made simpler, it stays in its range (1 is wrong too, and outside).
        ("wrong_when_odd_in_a_range__differential__then_agrees_with_c", "`wrong_when_odd_in_a_range` disagrees with C `x` at x = 1025 (the smallest input found, shrunk): Rust 1026, C 1025\n  seed FFI_TEST_SEED="),
    ] {
        let got = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
        assert!(got.starts_with(report), "{test}: {got}");
    }
    // Crashes on many inputs: replayed in fresh processes down to the simplest, in the range.
    let segv = "SIGSEGV (invalid memory reference), signal 11";
    let fpe = "SIGFPE (arithmetic exception, e.g. integer division by zero), signal 8";
    for (test, signal, input) in [
        (
            "identity_crashing_in_c_with_two_bits__differential__then_agrees_with_c",
            segv,
            "x = 262400",
        ),
        (
            "identity_crashing_in_c_when_odd_in_a_range__differential__then_agrees_with_c",
            segv,
            "x = 1025",
        ),
        (
            "div_by_any_denominator__property__then_holds",
            fpe,
            "a = 0, b = 0",
        ),
    ] {
        let got = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
        let head =
            format!("the test process was killed by {signal}\n  on the generated input: {input}");
        assert!(got.starts_with(&head), "{test}: {got}");
        // The first crashing input is random: most often another, which the report names.
        let rest = &got[head.len()..];
        assert!(
            rest.starts_with(" (seed FFI_TEST_SEED=")
                || (rest.starts_with(", shrunk from ")
                    && rest.contains(", each in a fresh process (seed FFI_TEST_SEED=")),
            "{test}: {got}"
        );
    }
    // The crash in C is placed in glibc's `div`, called from the property's body.
    let got = failure_of(&out.stdout, "div_by_any_denominator__property__then_holds").unwrap();
    assert!(
        got.contains(
            "  integer division by zero (FPE_INTDIV)\n  where (innermost first):\n    div ("
        ) && got.contains(
            "\n    planted::div_by_any_denominator (examples/libc-macros/tests/planted.rs:"
        ),
        "{got}"
    );
}

#[test]
fn properties_of_glibcs_functions_hold_on_generated_inputs() {
    let out = run(&test_binary("libc-macros", "properties"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "ctype_classes_are_asciis__property__then_holds",
            "div_agrees_with_rust__property__then_holds",
            "memchr_finds_the_first__property__then_holds",
            "printed_and_parsed_back__property__then_holds",
            "qsort_sorts_as_rust_does__property__then_holds",
            "strnlen_stops_at_nul_or_bound__property__then_holds",
        ],
        "{}",
        out.stdout
    );
}

/// Buffers (`&[u8]`, reaching C as pointer and length): zlib's checksums agree with crc32fast's
/// and adler2's on generated buffers; a CRC that drops the last byte of buffers over 16 bytes
/// is shrunk to the shortest buffer showing it, 17 zeros.
#[test]
fn zlibs_checksums_agree_with_the_rust_crates_on_generated_buffers() {
    let binary = test_binary("zlib-sys-example", "differential");
    let out = run(&binary, &[]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok").len(),
        5,
        "{}",
        out.stdout
    );
    let out = run(&binary, &["--ignore-expectations", "dropping"]);
    let test = "crc32_dropping_a_byte__differential__then_agrees_with_c";
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    let zeros = vec!["0"; 17].join(", ");
    assert!(
        report.starts_with(&format!(
            "`crc32_dropping_a_byte` disagrees with C `(uint32_t)crc32(0, data, (uInt)data_len)` \
             at data = [{zeros}] (the smallest input found, shrunk): Rust 3971697493, C \
             3387945405\n  seed FFI_TEST_SEED="
        )),
        "{report}"
    );
}

/// Structs (`#[ffi_roundtrip]` types, drawn field by field): glibc's `timerisset` (by value)
/// and `timercmp` (by address) agree with Rust's; a comparison of microseconds first is found
/// at fields each simplified to -1, 0 or 1 (which of the equally simple pairs depends on the
/// seed).
#[test]
fn timevals_are_drawn_field_by_field_and_a_wrong_comparison_is_shrunk() {
    let binary = test_binary("libc-macros", "timeval");
    let out = run(&binary, &[]);
    assert!(out.status.success(), "{}", out.both());
    let passed = tests_with_outcome(&out.stdout, "ok");
    for test in ["timerisset", "timer_less", "timer_at_least"] {
        let name = format!("{test}__differential__then_agrees_with_c");
        assert!(passed.contains(&name), "{name}: {}", out.stdout);
    }
    let out = run(&binary, &["--ignore-expectations", "usec_first"]);
    let test = "timer_less_usec_first__differential__then_agrees_with_c";
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    let head = "`timer_less_usec_first` disagrees with C `timercmp(a, b, <)` at a = {tv_sec = ";
    assert!(report.starts_with(head), "{report}");
    let (input, answers) = report[head.len() - "{tv_sec = ".len()..]
        .split_once(" (the smallest input found, shrunk): ")
        .unwrap();
    // a = {tv_sec = A, tv_usec = B}, b = {tv_sec = C, tv_usec = D}
    let values: Vec<i64> = input
        .split(['{', '}', ','])
        .filter_map(|part| part.split_once(" = ")?.1.trim().parse().ok())
        .collect();
    assert_eq!(values.len(), 4, "{report}");
    assert!(values.iter().all(|v| v.abs() <= 1), "{report}");
    assert!(
        answers.starts_with("Rust true, C false") || answers.starts_with("Rust false, C true"),
        "{report}"
    );
}

#[test]
fn a_seed_replays_the_same_run_and_cases_are_configurable() {
    let binary = test_binary("libc-macros", "planted");
    let test = "wexitstatus_sign_extended__differential__then_agrees_with_c";
    let args = ["--ignore-expectations", "--exact", test];
    let seeded = [
        ("FFI_TEST_SEED", "00000000000000ab"),
        ("FFI_TEST_CASES", "50"),
    ];
    let first = run_with_env(&binary, &args, &seeded);
    let second = run_with_env(&binary, &args, &seeded);
    let report = failure_of(&first.stdout, test).unwrap_or_else(|| panic!("{}", first.both()));
    assert_eq!(Some(report), failure_of(&second.stdout, test));
    assert!(
        report
            .trim_end()
            .ends_with("seed FFI_TEST_SEED=00000000000000ab replays it (50 cases)"),
        "{report}"
    );
    let bad = run_with_env(&binary, &args, &[("FFI_TEST_SEED", "not-hex")]);
    let report = failure_of(&bad.stdout, test).unwrap_or_else(|| panic!("{}", bad.both()));
    assert!(
        report.starts_with("FFI_TEST_SEED=\"not-hex\" is not a hex seed"),
        "{report}"
    );
}

/// Kept cases (tests/fixtures/kept-cases, built from a copy): a property expected to pass that
/// fails keeps its case in proptest-regressions/ beside its source, and a later run tries it
/// first, so it fails again on a seed whose own single case passes; with
/// FFI_TEST_REGRESSIONS=off it passes. The same property expected to fail keeps nothing.
#[test]
fn a_failing_case_is_kept_and_tried_first_by_later_runs() {
    let root = ffi_test_suite::workspace_root();
    let tmp = ffi_test_suite::TempDir::new("kept-cases");
    let files = ["tests/props.rs", "tests/known.rs", "src/lib.rs"];
    let copy = ffi_test_suite::fixture_crate("kept-cases", &files, tmp.path());
    let test = |target: &str, env: &[(&str, &str)]| {
        let out = ffi_test_suite::cargo()
            .current_dir(&copy)
            .env("CARGO_TARGET_DIR", root.join("target"))
            .envs(env.iter().copied())
            .args(["test", "--offline", "--quiet", "--test", target])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let name = "below_two_to_the_40__property__then_holds";
    let kept = copy.join("proptest-regressions/tests/props.txt");
    // Seed 1's single case passes (x has no bit above 40): checked with nothing kept.
    let one_case = [("FFI_TEST_CASES", "1"), ("FFI_TEST_SEED", "1")];
    let (passed, stdout) = test("props", &one_case);
    assert!(passed, "{stdout}");
    assert!(!kept.exists());
    // A run of 1000 cases finds the failure and keeps it.
    let (passed, stdout) = test("props", &[]);
    assert!(!passed, "{stdout}");
    let report = failure_of(&stdout, name).unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        report.starts_with(
            "property `below_two_to_the_40` fails at x = 1099511627776 (the smallest input \
             found, shrunk): panicked at tests/props.rs:7:5: 1099511627776 has bits above 40\n  \
             seed FFI_TEST_SEED="
        ),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "\n  kept in {} (its cases run first, every run)",
            kept.display()
        )),
        "{report}"
    );
    let file = std::fs::read_to_string(&kept).unwrap();
    assert!(
        file.starts_with("# Seeds for failure cases proptest has generated"),
        "{file}"
    );
    // Seed 1's single case again: the kept case runs first and fails.
    let (passed, stdout) = test("props", &one_case);
    let report = failure_of(&stdout, name).unwrap_or_else(|| panic!("{stdout}"));
    assert!(!passed);
    assert!(report.contains("fails at x = 1099511627776"), "{report}");
    assert!(
        report.contains("replays it (1 case)\n  kept in"),
        "{report}"
    );
    let off = [one_case[0], one_case[1], ("FFI_TEST_REGRESSIONS", "off")];
    let (passed, stdout) = test("props", &off);
    assert!(passed, "{stdout}");
    // Expected to fail: its finding is reported, nothing kept.
    let (passed, stdout) = test("known", &[]);
    assert!(passed, "{stdout}");
    assert!(!copy.join("proptest-regressions/tests/known.txt").exists());
}
