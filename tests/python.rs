//! The Python boundary end to end (ffi-test's `python` feature). ctypes mirrors
//! (examples/ctypes-mirrors): each deliberately wrong mirror caught with its field named and
//! both sides' facts, the correct ones (the example's own types, the registry's, zlib's
//! z_stream, libc's struct tm and timespec, and ctypesgen's generated mirrors of zlib.h)
//! passing, and every way a mirror cannot be compared said as such.

use ffi_test_suite::{failure_of, run, test_binary, tests_with_outcome};

#[test]
fn wrong_ctypes_mirrors_are_caught_with_the_field_and_both_sides() {
    let out = run(
        &test_binary("ctypes-mirrors", "mirrors"),
        &["--ignore-expectations"],
    );
    let mut failed = tests_with_outcome(&out.stdout, "FAILED");
    failed.sort();
    assert_eq!(
        failed,
        [
            "flags_wide_mode__ctypes_layout__then_matches_c",
            "sample_signed_tag__ctypes_layout__then_matches_c",
            "stats_checksum_as_pointer__ctypes_layout__then_matches_c",
            "wire_unpacked__ctypes_layout__then_matches_c",
        ],
        "{}",
        out.both()
    );
    for (test, report) in [
        (
            "wire_unpacked__ctypes_layout__then_matches_c",
            "ctypes mirror `WireUnpacked` (tests/mirrors.py) does not match C `struct wire`: 4 disagreements\n\
             \x20 field    Python offset/size/kind  C offset/size/kind\n\
             \x20 (size)   12                       7\n\
             \x20 (align)  4                        1\n\
             \x20 length   4 / 4 / unsigned int     1 / 4 / unsigned int\n\
             \x20 crc      8 / 2 / unsigned int     5 / 2 / unsigned int\n",
        ),
        (
            "flags_wide_mode__ctypes_layout__then_matches_c",
            "ctypes mirror `FlagsWideMode` (tests/mirrors.py) does not match C `struct flags`: 2 disagreements\n\
             \x20 field              Python offset/size/kind  C offset/size/kind\n\
             \x20 mode (bit-field)   bits 1..=4 (4 wide)      bits 1..=3 (3 wide)\n\
             \x20 level (bit-field)  bits 5..=8 (4 wide)      bits 4..=7 (4 wide)\n",
        ),
        (
            "stats_checksum_as_pointer__ctypes_layout__then_matches_c",
            "ctypes mirror `StatsChecksumAsPointer` (tests/mirrors.py) does not match C `registry_stats`: 1 disagreement\n\
             \x20 field     Python offset/size/kind    C offset/size/kind\n\
             \x20 checksum  8 / 8 / union of pointers  8 / 8 / unsigned int\n",
        ),
        (
            "sample_signed_tag__ctypes_layout__then_matches_c",
            "ctypes mirror `SampleSignedTag` (tests/mirrors.py) does not match C `struct sample`: 1 disagreement\n\
             \x20 field  Python offset/size/kind  C offset/size/kind\n\
             \x20 tag    4 / 1 / signed int       4 / 1 / unsigned int\n",
        ),
    ] {
        let failure = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
        assert_eq!(failure.trim_end(), report.trim_end(), "{test}");
    }
    // With the expectations, the suite is green: the wrong mirrors are expected to fail.
    let expected = run(&test_binary("ctypes-mirrors", "mirrors"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
    assert!(
        expected.stdout.contains("test result: ok. 20 passed"),
        "{}",
        expected.stdout
    );
}

/// The check's own names (interned for the process) are never a checker's finding: under
/// `--sanitize address` each mirror's names, dropped with it, were reported as the test's leak
/// (16 of 20 tests failed).
#[test]
fn ctypes_mirrors_are_clean_under_both_memory_checkers() {
    let binary = test_binary("ctypes-mirrors", "mirrors");
    for checker in [&["--sanitize", "address"][..], &["--valgrind"][..]] {
        let out = run(&binary, checker);
        assert!(
            out.status.success()
                && out
                    .stdout
                    .contains("test result: ok. 20 passed; 0 failed; 0 ignored"),
            "{checker:?}\n{}",
            out.both()
        );
    }
}

#[test]
fn a_mirror_that_cannot_be_compared_says_why() {
    let out = run(
        &test_binary("ctypes-mirrors", "errors"),
        &["--ignore-expectations"],
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED").len(),
        4,
        "{}",
        out.both()
    );
    let failure = |test: &str| {
        failure_of(&out.stdout, test)
            .unwrap_or_else(|| panic!("{test}: {}", out.both()))
            .to_string()
    };
    let import = failure("anything__ctypes_layout__then_matches_c");
    assert!(
        import.starts_with(
            "ctypes mirror `Anything`: importing `tests/broken_module.py` failed (exit status: 1):\n\
             Traceback (most recent call last):\n  File \""
        ),
        "{import}"
    );
    // Python's traceback starts at the module's own frame.
    assert!(
        import.ends_with(
            "tests/broken_module.py\", line 5, in <module>\n    raise RuntimeError(\"this module cannot be imported\")\nRuntimeError: this module cannot be imported\n"
        ),
        "{import}"
    );
    assert_eq!(
        failure("missing__ctypes_layout__then_matches_c").trim_end(),
        "ctypes mirror `Missing` (tests/mirrors.py) cannot be checked: the module defines no `Missing`"
    );
    assert_eq!(
        failure("not_a_class__ctypes_layout__then_matches_c").trim_end(),
        "ctypes mirror `NOT_A_CLASS` (tests/mirrors.py) cannot be checked: `NOT_A_CLASS` is not a ctypes Structure or Union class"
    );
    // C's error points at the check's line in the Rust file.
    let source = std::fs::read_to_string(format!(
        "{}/examples/ctypes-mirrors/tests/errors.rs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let line = 1 + source.lines().position(|l| l.contains("Renamed")).unwrap();
    assert_eq!(
        failure("renamed__ctypes_layout__then_matches_c").trim_end(),
        format!(
            "ctypes mirror `Renamed` (tests/mirrors.py) could not be compared with C `registry_stats`: the C side does not compile.\n\
             hint: A Python field has no C member of that name: the C type lacks it, or names it differently. The members of an anonymous C struct or union are reached through `_anonymous_`.\n\
             examples/ctypes-mirrors/tests/errors.rs:{line}:41: error: 'registry_stats' has no member named 'total'"
        )
    );
}

/// registry_py (examples/registry-py, a PyO3 module over the registry's C library): each
/// boundary check passes on the correct binding and catches its planted twin, named in its
/// report; a C segfault reached from Python kills its own test only; a Python body's exception
/// is its test's failure with the traceback on the Rust file's lines; a Python test whose name
/// breaks the convention says so. With the expectations the suite is green.
#[test]
fn pyo3_boundary_checks_pass_and_their_twins_are_caught() {
    let binary = test_binary("registry-py", "python");
    let out = run(&binary, &["--ignore-expectations"]);
    // Without a checker the planted overflow is undefined behaviour: its outcome is not judged.
    let judged = |outcome| {
        let mut tests = tests_with_outcome(&out.stdout, outcome);
        tests.retain(|t| !t.starts_with("xor__output_buffer_half_the_size"));
        tests.sort();
        tests
    };
    let failed = judged("FAILED");
    assert_eq!(
        failed,
        [
            "checksum__null_buffer_in_c__then_only_this_test_dies",
            "checksum_without_convention",
            "echo__float_through_f32_from_hypothesis__then_unchanged",
            "leaks__python_lists_kept_by_the_call__then_found",
            "leaks__rust_vec_forgotten_by_the_call__then_found",
            "panic__rust_returns__then_panic_exception",
            "python__b_assert_raises_without_a_raise__then_fails",
            "python__body_raises__then_test_fails_with_traceback",
            "refcount__argument_kept_by_rust__then_growth_found",
            "registry__cycle_through_its_rust_callback__then_collected",
            "registry__duplicate_id_wrongly_mapped__then_registry_error",
            "registry__kept_200_times__then_no_leak",
            "registry__kept_by_a_stray_reference__then_freed",
            "threads__python_thread_keeps_the_test_waiting__then_every_threads_place_reported",
            "values__bools_tested_after_ints__then_round_trip",
            "values__floats_through_f32__then_round_trip",
            "values__strings_through_a_c_string__then_round_trip",
            "xor__long_call_holding_gil__then_gil_released",
            "zero_copy__buffer_copied_by_rust__then_copy_found",
        ],
        "{}",
        out.both()
    );
    assert_eq!(
        judged("ok"),
        [
            "callback__c_calls_python_through_rust__then_every_id_seen",
            // The file's own `expect_fail` is not ffi_test's: no expectation, a plain pass.
            "expectations__own_decorator_named_expect_fail__then_not_an_expectation",
            "leaks__nothing_kept_with_many_modules_imported__then_none_found",
            "panic__rust_panics__then_panic_exception",
            "python__a_body_patches_assert_raises__then_later_bodies_are_unaffected",
            "refcount__list_converted_through_rust__then_unchanged",
            "registry__any_unique_ids_from_hypothesis__then_count_matches",
            "registry__duplicate_from_python__then_rust_sees_registry_error",
            "registry__duplicate_id__then_registry_error",
            "registry__filled_by_a_python_body__then_rust_reads_the_count",
            "registry__last_reference_dropped__then_freed",
            "registry__made_and_dropped_200_times__then_no_leak",
            "registry__ten_ids_from_python__then_count_is_ten",
            "values__every_kind_through_a_rust_value__then_round_trip",
            "values__ints_floats_strings_bytes__then_round_trip",
            "xor__long_call__then_gil_released",
            "zero_copy__buffer_handed_back__then_memory_shared",
        ],
        "{}",
        out.both()
    );
    let report = |test: &str| {
        failure_of(&out.stdout, test)
            .unwrap_or_else(|| panic!("{test}: {}", out.both()))
            .to_string()
    };
    // The Python body's traceback names the Rust file and the line the `raise` is written on.
    let source = std::fs::read_to_string(format!(
        "{}/examples/registry-py/tests/python.rs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let raise_line = 1 + source
        .lines()
        .position(|l| l.contains("raise ValueError"))
        .unwrap();
    let body_frame = format!(
        "Error: Traceback (most recent call last):\n  File \"examples/registry-py/tests/python.rs\", line {raise_line}, in broken\n"
    );
    for (test, needles) in [
        (
            "checksum__null_buffer_in_c__then_only_this_test_dies",
            // The native stack from the C line to the #[pyfunction], and Python's below it.
            &[
                "the test process was killed by SIGSEGV",
                "at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)",
                "where (innermost first):\n    buffer_checksum (",
                "registry.c:121)\n    registry_py::planted_checksum_of_null (",
                "lib.rs:275)",
                "more frames of the Python interpreter",
                "--- last output before the end ---\nCurrent thread 0x",
                "tests/test_registry.py\", line 127 in test_checksum__null_buffer_in_c__then_only_this_test_dies",
            ][..],
        ),
        (
            "checksum_without_convention",
            &["Python test `test_checksum_without_convention` (tests/test_registry.py:", "does not follow the naming convention `subject__scenario__then_outcome`: it has 1 part separated by `__`, the convention needs 3.\nhelp: name it `def test_checksum_without_convention__scenario__then_outcome()`"][..],
        ),
        (
            "panic__rust_returns__then_panic_exception",
            &["AssertionError: echo_int returned instead of panicking"][..],
        ),
        (
            "python__body_raises__then_test_fails_with_traceback",
            &[body_frame.as_str(), "\nValueError: raised in the Python body"][..],
        ),
        (
            // A timeout with a Python thread: each native thread's stack, then Python's
            // faulthandler dump of every Python thread, on the Rust file's lines.
            "threads__python_thread_keeps_the_test_waiting__then_every_threads_place_reported",
            &[
                "timed out after 1.0s: the test's process group was sent SIGTERM",
                "  where it was when stopped, thread ",
                "    python::threads__python_thread_keeps_the_test_waiting__then_every_threads_place_reported::{{closure}} (",
                "\n  thread ",
                "pysleep (",
                "File \"examples/registry-py/tests/python.rs\", line ",
                " in worker_waits\n",
                " in start_and_join\n",
            ][..],
        ),
        (
            "registry__cycle_through_its_rust_callback__then_collected",
            &["AssertionError: Registry was not freed when its last reference in the test was dropped (in a cycle, after gc.collect()): still referenced by"][..],
        ),
        (
            "registry__duplicate_id_wrongly_mapped__then_registry_error",
            &["tests/test_registry.py\", line ", "AssertionError: Registry.planted_register_wrong_exception raised RuntimeError: registry error -2: registry_register: id 1 is already registered, not RegistryError"][..],
        ),
        (
            "registry__kept_200_times__then_no_leak",
            &["AssertionError: Registry.planted_new_kept leaks: 200 calls left ", "more allocated blocks or live objects behind (live objects grown: Registry +200)"][..],
        ),
        (
            "leaks__python_lists_kept_by_the_call__then_found",
            &["AssertionError: test_leaks__python_lists_kept_by_the_call__then_found.<locals>.<lambda> leaks: 200 calls left ", " more allocated blocks or live objects behind (live objects grown: list +200)"][..],
        ),
        (
            "leaks__rust_vec_forgotten_by_the_call__then_found",
            &["AssertionError: planted_forget_a_vec leaks: 200 calls left 200 more blocks (12800 bytes) of Rust's allocator behind"][..],
        ),
        (
            "refcount__argument_kept_by_rust__then_growth_found",
            &["AssertionError: planted_keep_a_reference changed reference counts over 100 calls: argument 1, [1, 2, 3] (list): +100"][..],
        ),
        (
            "zero_copy__buffer_copied_by_rust__then_copy_found",
            &["AssertionError: planted_copied_buffer returned a copy: its 6 bytes are at 0x", ", the input's 6 bytes at 0x"][..],
        ),
        (
            "registry__kept_by_a_stray_reference__then_freed",
            &["AssertionError: Registry was not freed when its last reference in the test was dropped: still referenced by a reference the garbage collector cannot see (held by native code?)"][..],
        ),
        (
            "values__bools_tested_after_ints__then_round_trip",
            &["AssertionError: planted_echo_value_int_before_bool did not give back 2 of 7 values:\n  True (bool) came back as 1 (int)\n  False (bool) came back as 0 (int)"][..],
        ),
        (
            "values__floats_through_f32__then_round_trip",
            &["AssertionError: planted_echo_float_through_f32 did not give back 3 of 10 values:\n  1e+308 (float) came back as inf (float)\n  5e-324 (float) came back as 0.0\n  nan(0x7ff8000000000123) came back as nan(0x7ff8000000000000)"][..],
        ),
        (
            "values__strings_through_a_c_string__then_round_trip",
            &["AssertionError: planted_echo_str_through_c_string did not give back 1 of 5 values:\n  'nul\\x00inside' (str) came back as 'nul' (str)"][..],
        ),
        (
            "xor__long_call_holding_gil__then_gil_released",
            &["AssertionError: planted_xor_rounds_holding_gil held the GIL for the whole of its ", " ms: no other Python thread ran in the middle of the call (release it with py.detach)"][..],
        ),
    ] {
        let report = report(test);
        for needle in needles {
            assert!(report.contains(needle), "{test}: {needle}\n{report}");
        }
    }
    let expected = run(&binary, &[]);
    assert!(expected.status.success(), "{}", expected.both());
    // Without a checker the planted overflow is undefined behaviour (`expect_finding` is
    // `random` there): by the heap's luck it passes, or fails and is ignored.
    let overflow_passed = tests_with_outcome(&expected.stdout, "ok")
        .iter()
        .any(|t| t == "xor__output_buffer_half_the_size_c_is_told__then_overflow_found");
    let summary = if overflow_passed {
        "test result: ok. 37 passed; 0 failed; 1 ignored"
    } else {
        "test result: ok. 36 passed; 0 failed; 2 ignored"
    };
    assert!(expected.stdout.contains(summary), "{}", expected.stdout);
}

/// Under nextest's contract (one process per test, `--exact`), a Python file's test keeps its
/// verdict: listed by the parent, run alone by name.
#[test]
fn a_python_file_test_runs_alone_by_its_exact_name() {
    let binary = test_binary("registry-py", "python");
    let list = run(&binary, &["--list"]);
    assert!(
        list.stdout
            .contains("registry__ten_ids_from_python__then_count_is_ten: test"),
        "{}",
        list.both()
    );
    let one = run(
        &binary,
        &[
            "--exact",
            "registry__ten_ids_from_python__then_count_is_ten",
        ],
    );
    assert!(
        one.stdout.contains("test result: ok. 1 passed"),
        "{}",
        one.both()
    );
    let refused = run(
        &binary,
        &[
            "--include-ignored",
            "--exact",
            "expectations__two_on_one_test__then_refused",
        ],
    );
    let report = failure_of(
        &refused.stdout,
        "expectations__two_on_one_test__then_refused",
    )
    .unwrap_or_else(|| panic!("{}", refused.both()));
    assert!(
        report
            .contains("has two expectations (expect_fail, expect_crash, expect_finding): keep one"),
        "{report}"
    );
    let ignored = run(
        &binary,
        &["--exact", "expectations__two_on_one_test__then_refused"],
    );
    assert_eq!(
        tests_with_outcome(&ignored.stdout, "ignored"),
        ["expectations__two_on_one_test__then_refused"],
        "{}",
        ignored.both()
    );
    let crash = run(
        &binary,
        &[
            "--ignore-expectations",
            "--exact",
            "checksum__null_buffer_in_c__then_only_this_test_dies",
        ],
    );
    assert_eq!(crash.status.code(), Some(101), "{}", crash.both());
    assert!(
        crash.stdout.contains("killed by SIGSEGV"),
        "{}",
        crash.both()
    );
}

/// Memory checkers with Python: under `--valgrind` and `--sanitize address` the interpreter's
/// own noise is suppressed (PyO3's one-time type objects, CPython's uninitialised-looking
/// reads; the system allocator forced), so a clean Python test runs clean, and a C overflow
/// reached from Python through Rust is reported against its test with the C and Rust lines;
/// a C segfault keeps its crash expectation under the checker. valgrind sees the library as
/// built; AddressSanitizer needs it built instrumented (`CFLAGS=-fsanitize=address`, in a
/// target directory of its own here).
#[test]
fn memory_checkers_run_python_clean_and_find_a_c_overflow_reached_from_python() {
    const OVERFLOW: &str = "xor__output_buffer_half_the_size_c_is_told__then_overflow_found";
    const CLEAN: &str = "registry__ten_ids_from_python__then_count_is_ten";
    const CRASH: &str = "checksum__null_buffer_in_c__then_only_this_test_dies";
    let binary = test_binary("registry-py", "python");
    for test in [CLEAN, CRASH] {
        let out = run(&binary, &["--valgrind", "--exact", test]);
        assert!(out.status.success(), "{test}: {}", out.both());
        assert_eq!(
            tests_with_outcome(&out.stdout, "ok"),
            [test],
            "{}",
            out.both()
        );
    }
    let out = run(
        &binary,
        &["--valgrind", "--ignore-expectations", "--exact", OVERFLOW],
    );
    let report = failure_of(&out.stdout, OVERFLOW).unwrap_or_else(|| panic!("{}", out.both()));
    for needle in [
        "valgrind found heap-buffer-overflow in this test:\nvalgrind memcheck: Invalid write of size 1\n  at ",
        ": buffer_xor (registry.c:115)\n  by ",
        ": registry_py::planted_xor_into_half_a_buffer (lib.rs:",
        "Address ",
        " is 0 bytes after a block of size 32 alloc'd",
    ] {
        assert!(report.contains(needle), "{needle}\n{report}");
    }

    let target = ffi_test_suite::workspace_root().join("target/e2e-asan-python");
    let asan = |filter: &str| {
        let out = ffi_test_suite::cargo()
            .current_dir(ffi_test_suite::workspace_root())
            .env("CARGO_TARGET_DIR", &target)
            .env("CFLAGS", "-fsanitize=address")
            .env_remove("RUST_BACKTRACE")
            .args(["test", "-q", "-p", "registry-py", "--test", "python", "--"])
            .args([
                "--sanitize",
                "address",
                "--ignore-expectations",
                "--exact",
                filter,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let clean = asan(CLEAN);
    assert!(clean.contains("test result: ok. 1 passed"), "{clean}");
    let found = asan(OVERFLOW);
    let report = failure_of(&found, OVERFLOW).unwrap_or_else(|| panic!("{found}"));
    for needle in [
        "AddressSanitizer found heap-buffer-overflow in this test:",
        "WRITE of size 1 at ",
        " in buffer_xor csrc/registry.c:115",
        " in registry_py::planted_xor_into_half_a_buffer",
    ] {
        assert!(report.contains(needle), "{needle}\n{report}");
    }
}

/// `--in-process` runs every Python body in one interpreter: a body that patches
/// `ffi_test.assert_raises` does not change it for the bodies after it (it did: the check below
/// passed, and so did every later `assert_raises` of the run).
#[test]
fn a_patched_ffi_test_module_does_not_reach_later_bodies() {
    let binary = test_binary("registry-py", "python");
    for mode in [&["--in-process"][..], &[][..]] {
        let mut args = vec!["--ignore-expectations", "--test-threads", "1", "python__"];
        args.extend_from_slice(mode);
        let out = run(&binary, &args);
        let report = failure_of(
            &out.stdout,
            "python__b_assert_raises_without_a_raise__then_fails",
        )
        .unwrap_or_else(|| panic!("{mode:?}: {}", out.both()));
        assert!(
            report.contains("returned instead of raising ValueError"),
            "{mode:?}: {report}"
        );
    }
}

/// Hypothesis in a Python test file: a property over the PyO3 module passes; one over a
/// planted edge bug (a float through `f32`) fails with Hypothesis's falsifying example in the
/// report; its database is kept beside the test binaries, not in the package; and the same
/// under --in-process, where the tests' threads import the file once between them.
#[test]
fn hypothesis_properties_run_and_a_falsifying_example_is_reported() {
    let binary = test_binary("registry-py", "python");
    let package = ffi_test_suite::workspace_root().join("examples/registry-py");
    let _ = std::fs::remove_dir_all(package.join(".hypothesis"));
    // Hypothesis loads its own CI profile (no database) when `CI` is set, as on this project's
    // CI; the database's place is checked as on a developer's machine, without it.
    let run = |binary: &std::path::Path, args: &[&str]| {
        let mut cmd = ffi_test_suite::command(binary);
        cmd.args(args).env_remove("CI");
        ffi_test_suite::Run::from(cmd.output().expect("run test binary"))
    };
    for mode in [&[][..], &["--in-process"][..]] {
        let mut args = vec!["hypothesis"];
        args.extend_from_slice(mode);
        let out = run(&binary, &args);
        assert!(out.status.success(), "{mode:?}: {}", out.both());
        assert_eq!(
            tests_with_outcome(&out.stdout, "ok").len(),
            2,
            "{mode:?}: {}",
            out.stdout
        );
        let mut args = vec!["--ignore-expectations", "float_through_f32_from_hypothesis"];
        args.extend_from_slice(mode);
        let out = run(&binary, &args);
        let report = failure_of(
            &out.stdout,
            "echo__float_through_f32_from_hypothesis__then_unchanged",
        )
        .unwrap_or_else(|| panic!("{mode:?}: {}", out.both()));
        assert!(
            report.contains(
                "Failing test case: test_echo__float_through_f32_from_hypothesis__then_unchanged(\n    x="
            ),
            "{mode:?}: {report}"
        );
    }
    assert!(!package.join(".hypothesis").exists());
    let kept = binary
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("ffi-test-hypothesis");
    assert!(kept.is_dir(), "{}", kept.display());
}
