//! clang as the C compiler (`CC=clang`): signature checks read clang's AST dump (GCC's
//! `-aux-info` has no clang twin) and catch the same planted bugs GCC's do; the kinds clang
//! classifies differently (`_Bool`) agree; a compiler's own ABI bug found by the round-trip
//! battery is decided by an expectation on the run's compiler. .ci/run runs the example suites
//! under clang too.

use ffi_test_suite::{failure_of, run, run_with_env, test_binary, tests_with_outcome};

const CLANG: [(&str, &str); 1] = [("CC", "clang")];

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[test]
fn signature_checks_catch_the_same_bugs_under_clang() {
    let binary = test_binary("broken-bindings", "signatures");
    let gcc = run(&binary, &["--ignore-expectations"]);
    let clang = run_with_env(&binary, &["--ignore-expectations"], &CLANG);
    let failed = sorted(tests_with_outcome(&gcc.stdout, "FAILED"));
    assert!(failed.len() > 10, "{}", gcc.both());
    assert_eq!(
        failed,
        sorted(tests_with_outcome(&clang.stdout, "FAILED")),
        "{}",
        clang.both()
    );
    let report = failure_of(&clang.stdout, "api_log__signature__then_matches_c").unwrap();
    assert!(
        report.contains("signature of `api_log` does not match C `int api_log(const char *, ...)`:\n  C is variadic, Rust declares it not variadic"),
        "{report}"
    );
    let expected = run_with_env(&binary, &[], &CLANG);
    assert!(expected.status.success(), "{}", expected.both());
}

/// clang before 18 passes an `__int128` on the stack 8-aligned where rustc (and GCC) align it
/// to 16: the battery's shape that passes it after six register arguments fails under clang 14
/// (Debian 12's), and its `busted(c_compiler = "clang < 18")` expectation keeps the suite green
/// there while GCC's run must pass it.
#[test]
fn a_compilers_int128_abi_bug_is_found_and_expected_per_compiler() {
    let binary = test_binary("abi-corpus", "roundtrip");
    let shape = "int128__passed_after_1_to_16_other_args__then_value_intact";
    let raw = run_with_env(
        &binary,
        &["--ignore-expectations", "--exact", shape],
        &CLANG,
    );
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [shape],
        "{}",
        raw.both()
    );
    let expected = run_with_env(&binary, &["--exact", shape], &CLANG);
    assert!(expected.status.success(), "{}", expected.both());
    assert!(
        expected.stdout.contains("failed as expected"),
        "{}",
        expected.both()
    );
    let gcc = run(&binary, &["--exact", shape]);
    assert_eq!(
        tests_with_outcome(&gcc.stdout, "ok"),
        [shape],
        "{}",
        gcc.both()
    );
}

/// `_Bool` is an integer to GCC's `__builtin_classify_type` and a boolean to clang's; glibc's
/// transparent unions (`__SOCKADDR_ARG`) are found in clang's AST (GCC is asked with
/// `__builtin_has_attribute`, which clang lacks): whole real surfaces check clean under clang,
/// the libc crate's included, whose `bind`, `connect`, `accept`, `sendto`... take a pointer
/// where glibc declares a transparent union (eight false failures without the AST's answer).
#[test]
fn real_surfaces_check_clean_under_clang() {
    // zlib: 386 items, the function types of its four function-pointer typedefs, the census;
    // libc: 2,452 items less the 16 not checked, the function types of `sigaction.sa_restorer`
    // and of the function-pointer parameters written inline (`qsort`'s comparator...).
    for (package, checks) in [
        ("zlib-sys-example", 391),
        ("libc-surface", 2447),
        ("libpng-sys-example", 628),
        ("libcurl-sys-example", 1274),
    ] {
        let binary = test_binary(package, "surface");
        let out = run_with_env(&binary, &[], &CLANG);
        assert!(out.status.success(), "{package}:\n{}", out.both());
        assert!(tests_with_outcome(&out.stdout, "FAILED").is_empty());
        assert_eq!(
            tests_with_outcome(&out.stdout, "ok").len(),
            checks,
            "{package}"
        );
    }
    let layouts = test_binary("abi-corpus", "roundtrip");
    let out = run_with_env(
        &layouts,
        &["--exact", "primitives__layout__then_matches_c"],
        &CLANG,
    );
    assert!(out.status.success(), "{}", out.both());
}

/// The sanitizers under clang: its shared runtimes (libclang_rt.asan-x86_64.so, ...) found in
/// its runtime directory and preloaded; each planted bug is found with its kind (a suite with
/// `finding(..)` expectations passes only if every one is found) and the correct twins are clean.
#[test]
fn every_sanitizer_works_under_clang() {
    for (package, test, sanitize) in [
        ("memory-bugs", "memory", "address"),
        ("c-checkers", "races", "thread"),
        ("c-checkers", "undefined", "undefined"),
        ("c-checkers", "undefined", "address,undefined"),
    ] {
        let out = run_with_env(
            &test_binary(package, test),
            &["--sanitize", sanitize],
            &CLANG,
        );
        assert!(
            out.status.success(),
            "{package} {sanitize}:\n{}",
            out.both()
        );
        assert!(out.stdout.contains("0 failed"), "{}", out.both());
    }
    let raw = run_with_env(
        &test_binary("c-checkers", "races"),
        &["--sanitize", "thread", "--ignore-expectations"],
        &CLANG,
    );
    let racy = "counter__bumped_from_two_threads_without_a_lock__then_data_race";
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [racy],
        "{}",
        raw.both()
    );
}

/// `--compare-compiler clang`: the round-trip corpus run with GCC and with clang, and the one
/// check only one of them passes reported as the compilers' disagreement (the __int128 passed
/// after six register arguments), with each compiler's result; the run fails for it.
#[test]
fn a_compiler_pair_reports_where_the_compilers_disagree() {
    let out = run(
        &test_binary("abi-corpus", "roundtrip"),
        &["--compare-compiler", "clang"],
    );
    assert_eq!(out.status.code(), Some(101), "{}", out.both());
    for needle in [
        "compiler pair: cc (gcc 12) and clang (clang 14), 135 checks run by both: 134 pass with both, 0 fail with both the same way (a disagreement with Rust), 0 fail with both reported differently, 1 pass with one compiler only:",
        "pass with one compiler only (the compilers disagree):\n  int128__passed_after_1_to_16_other_args__then_value_intact\n      cc (gcc 12)       passed\n      clang (clang 14)  failed: the test process was killed by SIGSEGV",
        // GCC's C calling clang's and clang's calling GCC's agree for every callback shape.
        "C compiled by one calling C compiled by the other (ABI Cafe's caller/callee pairs, both ways, through the round-trip batteries' callback shapes): 24 checks, 0 disagree.",
    ] {
        assert!(out.stdout.contains(needle), "{needle}:\n{}", out.both());
    }
    // Both compilers agreeing, the pair passes (a filter is forwarded to both runs).
    let agreed = run(
        &test_binary("abi-corpus", "roundtrip"),
        &["--compare-compiler", "clang", "simple__"],
    );
    assert!(agreed.status.success(), "{}", agreed.both());
    assert!(
        agreed.stdout.contains(", 0 pass with one compiler only:"),
        "{}",
        agreed.both()
    );
}

/// A pair whose second compiler returns small structs in memory (`-fpcc-struct-return`, an ABI
/// flag of GCC's): every shape that returns a struct to another compiler's code disagrees, from
/// Rust (the plain runs) and from the first compiler's C (the cross run, both ways), and nothing
/// else does.
#[test]
fn a_cross_pair_finds_a_return_convention_the_two_compilers_do_not_share() {
    let out = run(
        &test_binary("abi-corpus", "roundtrip"),
        &["--compare-compiler", "gcc -fpcc-struct-return"],
    );
    assert_eq!(out.status.code(), Some(101), "{}", out.both());
    assert!(
        out.stdout.contains("compiler pair: cc (gcc 12) and gcc -fpcc-struct-return (gcc 12), 135 checks run by both: 120 pass with both, 0 fail with both the same way (a disagreement with Rust), 0 fail with both reported differently, 15 pass with one compiler only:"),
        "{}",
        out.both()
    );
    let cross = out
        .stdout
        .split("C compiled by one calling C compiled by the other")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", out.both()));
    assert!(cross.contains("24 checks, 5 disagree:"), "{cross}");
    let listed: Vec<&str> = cross
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(str::trim)
        .collect();
    assert_eq!(
        listed,
        [
            "floats__returned_by_rust_callback_to_c__then_fields_intact",
            "nested__returned_by_rust_callback_to_c__then_fields_intact",
            "simple__returned_by_rust_callback_to_c__then_fields_intact",
            "value__returned_by_rust_callback_to_c__then_value_intact",
            "with_array__returned_by_rust_callback_to_c__then_fields_intact",
        ],
        "{cross}"
    );
    assert!(
        cross.contains("value graffiti, C compiled by `cc` calls C compiled by `gcc -fpcc-struct-return`: leaf `simple.a`"),
        "{cross}"
    );
}

/// `--coverage` keeps each unit's notes with GCC's `-fprofile-note`: under clang it stops with
/// the reason instead of failing every test's compile.
#[test]
fn coverage_under_clang_says_it_needs_gcc() {
    let out = run_with_env(
        &test_binary("c-checkers", "coverage"),
        &[
            "--coverage",
            std::env::temp_dir()
                .join("ffi-test-no-coverage")
                .to_str()
                .unwrap(),
        ],
        &CLANG,
    );
    assert_eq!(out.status.code(), Some(2), "{}", out.both());
    assert!(
        out.stderr.contains(
            "--coverage reads GCC's coverage notes and the C compiler is clang: run it with CC=gcc"
        ),
        "{}",
        out.both()
    );
}
