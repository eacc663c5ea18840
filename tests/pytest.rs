//! pytest as the engine of Python suites (examples/pytest-suite): pytest collects in a child of
//! the test binary, every node id is a test run in its own process, marks and fixtures are
//! pytest's, a crash in one parametrized case fails that case only, and nothing pytest passes
//! over vanishes.

use std::process::Command;

use ffi_test_suite::{
    command, failure_of, run, run_with_env, target_dir, test_binary, tests_with_outcome,
    workspace_root, Run,
};

#[test]
fn each_node_id_is_a_test_and_a_crashing_case_fails_alone() {
    let binary = test_binary("pytest-suite", "pytest");
    let expected = run(&binary, &[]);
    assert!(
        expected.status.success()
            && expected
                .stdout
                .contains("test result: ok. 28 passed; 0 failed; 3 ignored"),
        "{}",
        expected.both()
    );
    // Skip marks, skipif and pytest.skip() are ignored tests, the last with its reason.
    assert_eq!(
        tests_with_outcome(&expected.stdout, "ignored"),
        [
            "tests/py/test_engine.py::test_skipped",
            "tests/py/test_engine.py::test_skipped_on_linux",
        ],
        "{}",
        expected.both()
    );
    assert!(
        expected.stdout.contains(
            "tests/py/test_engine.py::test_skips_at_run_time                             ... ignored (skipped: decided while running)"
        ),
        "{}",
        expected.stdout
    );
    let out = run(&binary, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [
            "tests/py/test_engine.py::TestEngineLifetime::test_planted_wrong_total",
            "tests/py/test_engine.py::test_divide_exact",
            "tests/py/test_engine.py::test_square[13]",
            "tests/py/test_numbers.py::test_kept_arrays_are_a_leak",
            "tests/py/test_numbers.py::test_numpy_view_planted_as_copy",
        ],
        "{}",
        out.both()
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "tests/py/test_engine.py::TestEngineLifetime::test_freed_with_last_reference",
            "tests/py/test_engine.py::TestEngineLifetime::test_total_starts_at_zero",
            "tests/py/test_engine.py::test_checksum[-1]",
            "tests/py/test_engine.py::test_checksum[Wikipedia-300286872]",
            "tests/py/test_engine.py::test_checksum[a-6422626]",
            "tests/py/test_engine.py::test_divide_by_zero_is_value_error",
            "tests/py/test_engine.py::test_divide_maybe",
            "tests/py/test_engine.py::test_engine_adds",
            "tests/py/test_engine.py::test_gil_released",
            // The planted leaks: without a memory checker nothing sees them.
            "tests/py/test_engine.py::test_leaked_reference",
            "tests/py/test_engine.py::test_leaky_checksum",
            "tests/py/test_engine.py::test_panic_becomes_exception",
            "tests/py/test_engine.py::test_session_fixture_is_shared",
            "tests/py/test_engine.py::test_square[2]",
            "tests/py/test_engine.py::test_square[3]",
            "tests/py/test_engine.py::test_square[40]",
            "tests/py/test_numbers.py::test_checksum_low_half_never_zero",
            "tests/py/test_numbers.py::test_no_leaks_with_numpy_imported",
            "tests/py/test_numbers.py::test_numpy_scaled_sum[1]",
            "tests/py/test_numbers.py::test_numpy_scaled_sum[2]",
            "tests/py/test_numbers.py::test_numpy_scaled_sum[3]",
            "tests/py/test_numbers.py::test_numpy_sum",
            "tests/py/test_numbers.py::test_numpy_view_shares_memory",
        ],
        "{}",
        out.both()
    );
    let report = |test: &str| {
        failure_of(&out.stdout, test)
            .unwrap_or_else(|| panic!("{test}: {}", out.both()))
            .to_string()
    };
    // pytest's own report, assertion introspection included.
    assert_eq!(
        report("tests/py/test_engine.py::test_divide_exact").trim_end(),
        "@pytest.mark.xfail(strict=True, reason=\"planted: 1/3 is not exactly 0.333\")\n    \
         def test_divide_exact():\n\
         >       assert qengine.divide(1.0, 3.0) == 0.333\n\
         E       assert 0.3333333333333333 == 0.333\n\
         E        +  where 0.3333333333333333 = <built-in function divide>(1.0, 3.0)\n\
         E        +    where <built-in function divide> = qengine.divide\n\
         \n\
         tests/py/test_engine.py:46: AssertionError"
    );
    // numpy: a copy where a view was meant, and arrays kept by Rust, each caught; with numpy
    // imported, `assert_no_leaks(lambda: None)` passes (tests/py/test_numbers.py).
    for (test, needle) in [
        (
            "tests/py/test_numbers.py::test_numpy_view_planted_as_copy",
            "E   AssertionError: planted_view_as_copy returned a copy: its 64 bytes are at 0x",
        ),
        (
            "tests/py/test_numbers.py::test_kept_arrays_are_a_leak",
            "E   AssertionError: test_kept_arrays_are_a_leak.<locals>.<lambda> leaks: 200 calls left ",
        ),
    ] {
        let text = report(test);
        assert!(text.contains(needle), "{test}: {text}");
    }
    let crash = report("tests/py/test_engine.py::test_square[13]");
    for needle in [
        "the test process was killed by SIGSEGV (invalid memory reference), signal 11\n  at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)\n",
        "    qengine::planted_square_unless_13 (examples/pytest-suite/src/lib.rs:98)\n",
        "tests/py/test_engine.py\", line 31 in test_square\n",
    ] {
        assert!(crash.contains(needle), "{needle}\n{crash}");
    }
}

/// nextest's contract: `--list` names every node id, and one runs alone by its exact name (its
/// process reads the collection kept beside the binary).
#[test]
fn a_node_id_runs_alone_by_its_exact_name() {
    let binary = test_binary("pytest-suite", "pytest");
    let list = run(&binary, &["--list"]);
    assert!(
        list.stdout
            .contains("tests/py/test_engine.py::test_square[40]: test\n"),
        "{}",
        list.both()
    );
    let one = run(
        &binary,
        &["--exact", "tests/py/test_engine.py::test_square[40]"],
    );
    assert!(
        one.stdout
            .contains("test result: ok. 1 passed; 0 failed; 0 ignored"),
        "{}",
        one.both()
    );
    let crash = run(
        &binary,
        &["--exact", "tests/py/test_engine.py::test_square[13]"],
    );
    assert!(
        crash.stdout.contains("test result: ok. 1 passed"),
        "{}",
        crash.both()
    );
}

#[test]
fn what_pytest_cannot_collect_or_run_is_a_failing_test_saying_why() {
    let out = run(&test_binary("pytest-suite", "broken"), &[]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [
            "tests/broken/test_unimportable.py",
            "tests/broken/test_vanishing.py::TestWithInit",
            "tests/broken/test_vanishing.py::test_fails_with_introspection",
            "tests/broken/test_vanishing.py::test_fixture_fails",
            "tests/broken/test_vanishing.py::test_stale_strict_xfail",
            "tests/broken/test_vanishing.py::test_two_expectations",
        ],
        "{}",
        out.both()
    );
    assert!(
        out.stdout
            .contains("test result: FAILED. 0 passed; 6 failed; 0 ignored"),
        "{}",
        out.both()
    );
    let report = |test: &str| {
        failure_of(&out.stdout, test)
            .unwrap_or_else(|| panic!("{test}: {}", out.both()))
            .trim_end()
            .to_string()
    };
    assert_eq!(
        report("tests/broken/test_unimportable.py"),
        "pytest could not collect `tests/broken/test_unimportable.py`:\n\
         tests/broken/test_unimportable.py:3: in <module>\n    \
         raise RuntimeError(\"this test module cannot be imported\")\n\
         E   RuntimeError: this test module cannot be imported"
    );
    assert_eq!(
        report("tests/broken/test_vanishing.py::TestWithInit"),
        "pytest did not collect `tests/broken/test_vanishing.py::TestWithInit`: cannot collect test class 'TestWithInit' because it has a __init__ constructor (from: tests/broken/test_vanishing.py)"
    );
    assert_eq!(
        report("tests/broken/test_vanishing.py::test_stale_strict_xfail"),
        "unexpected pass: this test is marked `expect = fail` on this target but it passed. The expectation may be stale (the bug fixed, or the check no longer catching it): update or remove the expectation."
    );
    assert_eq!(
        report("tests/broken/test_vanishing.py::test_two_expectations"),
        "Python test `tests/broken/test_vanishing.py::test_two_expectations` (tests/broken/test_vanishing.py:22) has two expectations (expect_fail, expect_crash, expect_finding): keep one"
    );
    let fixture = report("tests/broken/test_vanishing.py::test_fixture_fails");
    assert!(
        fixture.starts_with("pytest: the test's setup failed:\nfile ")
            && fixture.contains("  def test_fixture_fails(missing_fixture):\nE       fixture 'missing_fixture' not found\n"),
        "{fixture}"
    );
    assert_eq!(
        report("tests/broken/test_vanishing.py::test_fails_with_introspection"),
        "def test_fails_with_introspection():\n\
         >       assert qengine.divide(6.0, 3.0) == 3.0\n\
         E       assert 2.0 == 3.0\n\
         E        +  where 2.0 = <built-in function divide>(6.0, 3.0)\n\
         E        +    where <built-in function divide> = qengine.divide\n\
         \n\
         tests/broken/test_vanishing.py:33: AssertionError"
    );
}

/// A directory which, first on PYTHONPATH, hides pytest the way an absent one is missing (a
/// package whose import fails as a missing module's does). The caller removes it.
fn pytest_hidden(label: &str) -> std::path::PathBuf {
    let shadow = std::env::temp_dir().join(format!("ffi-test-{label}-{}", std::process::id()));
    std::fs::create_dir_all(shadow.join("pytest")).unwrap();
    std::fs::write(
        shadow.join("pytest/__init__.py"),
        "raise ModuleNotFoundError(\"No module named 'pytest'\", name=\"pytest\")\n",
    )
    .unwrap();
    shadow
}

/// Without pytest for the interpreter the binary embeds, each suite is one failing test that says
/// how to install it (a package that hides pytest the way an absent one is missing).
#[test]
fn a_missing_pytest_is_named_with_how_to_install_it() {
    let shadow = pytest_hidden("no-pytest");
    let out = run_with_env(
        &test_binary("pytest-suite", "pytest"),
        &[],
        &[("PYTHONPATH", shadow.to_str().unwrap())],
    );
    std::fs::remove_dir_all(&shadow).unwrap();
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        ["tests/py"],
        "{}",
        out.both()
    );
    let report = failure_of(&out.stdout, "tests/py").unwrap().trim_end();
    let (start, end) = (
        "the Python tests of tests/py (registered at examples/pytest-suite/tests/pytest.rs:6) cannot be collected: \
         pytest is not installed for the Python this test binary embeds (Python 3.",
        "install it there with `python3.",
    );
    assert!(
        report.starts_with(start)
            && report.contains(end)
            && report.ends_with(
                " -m pip install pytest` (Debian's own Python: `apt install python3-pytest`)"
            ),
        "{report}"
    );
}

/// One suite, both ways: after `maturin develop` (into a virtual environment that sees the
/// interpreter's pytest, Hypothesis and numpy), plain `pytest` runs the same files, `ffi_test`
/// loaded as its plugin (`-p ffi_test`, from ffi-test/python, as `pip install` would register
/// it): its expectations become pytest's marks.
#[test]
fn the_same_suite_runs_under_plain_pytest_after_maturin_develop() {
    let example = workspace_root().join("examples/pytest-suite");
    let venv = target_dir().join(format!("pytest-venv-{}", std::process::id()));
    let step = |cmd: &mut Command, what: &str| {
        let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{what} failed:\n{text}");
        text
    };
    // The interpreter itself (not a shim a PATH with the environment first would not find).
    let python = step(
        Command::new("python3").args(["-c", "import sys; print(sys.executable, end='')"]),
        "python3",
    );
    step(
        Command::new(&python)
            .args(["-m", "venv", "--system-site-packages"])
            .arg(&venv),
        "python3 -m venv",
    );
    let path = format!(
        "{}:{}",
        venv.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    step(
        Command::new(&python)
            .args(["-m", "maturin", "develop", "-q"])
            .current_dir(&example)
            .env("VIRTUAL_ENV", &venv)
            .env("PATH", &path)
            // Its own directory: the extension module's features are not the tests'.
            .env("CARGO_TARGET_DIR", target_dir().join("maturin")),
        "maturin develop",
    );
    let out = step(
        Command::new(venv.join("bin/python"))
            .args([
                "-m",
                "pytest",
                "-q",
                "-rsx",
                "-p",
                "no:cacheprovider",
                "-p",
                "ffi_test",
            ])
            .current_dir(&example)
            .env("PYTHONPATH", workspace_root().join("ffi-test/python")),
        "pytest",
    );
    let _ = std::fs::remove_dir_all(&venv);
    for needle in [
        "SKIPPED [1] tests/py/test_engine.py:26: ffi_test.expect_crash('SIGSEGV'): the crash would end pytest's process; run it under ffi-test's harness (cargo test), where each test has its own\n",
        "XFAIL tests/py/test_engine.py::TestEngineLifetime::test_planted_wrong_total - ffi_test.expect_fail\n",
        "SKIPPED [1] tests/py/test_engine.py:87: ffi_test.expect_finding('leak'): a memory checker's finding; run it under ffi-test's harness with --valgrind or --sanitize address\n",
        "20 passed, 6 skipped, 4 xfailed, 1 xpassed in ",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
}

/// Debian's own Python, with Debian's pytest, Hypothesis and numpy (python3-pytest and
/// friends, in /usr/lib/python3/dist-packages): the example built against it (`PYO3_PYTHON`,
/// in a target directory of its own, so the usual build is not undone) runs its suite as it
/// does against a venv's. That the binary embeds Debian's Python, not the one on PATH, is
/// shown by hiding pytest: the message names the interpreter's prefix.
#[test]
#[ignore = "builds the example again against Debian's Python: `.ci/run --full`, or `cargo test --test pytest -- --ignored`"]
fn debians_own_python_and_pytest_run_the_suite() {
    let debian = |extra_env: &[(&str, &str)]| {
        let mut cargo = ffi_test_suite::cargo();
        cargo
            .args(["test", "-p", "pytest-suite", "--test", "pytest"])
            .env("PYO3_PYTHON", "/usr/bin/python3")
            .env("CARGO_TARGET_DIR", target_dir().join("debian-python"))
            // pyenv's or a venv's libpython must not be found first.
            .env_remove("LD_LIBRARY_PATH")
            .env_remove("PYTHONHOME")
            .env_remove("VIRTUAL_ENV");
        for (key, value) in extra_env {
            cargo.env(key, value);
        }
        Run::from(cargo.output().expect("run cargo"))
    };
    let out = debian(&[]);
    assert!(
        out.status.success()
            && out
                .stdout
                .contains("test result: ok. 28 passed; 0 failed; 3 ignored"),
        "{}",
        out.both()
    );
    let shadow = pytest_hidden("debian");
    let hidden = debian(&[("PYTHONPATH", shadow.to_str().unwrap())]);
    std::fs::remove_dir_all(&shadow).unwrap();
    assert!(
        hidden.stdout.contains(
            "pytest is not installed for the Python this test binary embeds (Python 3.11 in /usr): \
             install it there with `python3.11 -m pip install pytest` (Debian's own Python: `apt \
             install python3-pytest`)"
        ),
        "{}",
        hidden.both()
    );
}

/// Both memory checkers on a numpy and Hypothesis project, its tests forked from a fork server
/// whose interpreter runs: no false finding (the loader's and glibc's vectorised reads valgrind
/// flags, the locks CPython abandons at fork), and the planted Rust leak found and reported with
/// the user's function, not the allocator's shims. A representative subset: numpy, the leak
/// and the crashing case (the whole suite, clean under both: 183 s under valgrind, 134 s
/// under ASan on 2 cores, run by hand: `cargo test -p pytest-suite --test pytest -- --valgrind`).
#[test]
fn memory_checkers_are_clean_and_name_the_leaking_function() {
    let binary = test_binary("pytest-suite", "pytest");
    // Hypothesis under a checker: `hypothesis_is_relaxed_under_a_checker`.
    let subset = [
        "test_numpy_sum",
        "test_leaky_checksum",
        "test_leaked_reference",
        "test_square[13]",
    ];
    for checker in [&["--valgrind"][..], &["--sanitize", "address"][..]] {
        let args: Vec<&str> = checker.iter().chain(&subset).copied().collect();
        let out = run(&binary, &args);
        assert!(
            out.status.success()
                && out
                    .stdout
                    .contains("test result: ok. 4 passed; 0 failed; 0 ignored"),
            "{checker:?}\n{}",
            out.both()
        );
        let mut args: Vec<&str> = checker.to_vec();
        args.extend([
            "--ignore-expectations",
            "test_leaky_checksum",
            "test_leaked_reference",
        ]);
        let leaks = run(&binary, &args);
        // A Rust heap leak, and a Python object whose reference Rust leaked: CPython allocated
        // its memory, so the stack runs through CPython's functions (one inlined into another)
        // before the user's.
        for (test, function) in [
            ("test_leaky_checksum", "qengine::planted_leaky_checksum"),
            ("test_leaked_reference", "qengine::planted_leaked_reference"),
        ] {
            let test = format!("tests/py/test_engine.py::{test}");
            let report = failure_of(&leaks.stdout, &test)
                .unwrap_or_else(|| panic!("{checker:?}\n{}", leaks.both()));
            assert!(
                report.contains("found leak in this test:") && report.contains(function),
                "{checker:?}\n{report}"
            );
        }
    }
}

/// ctypes prototypes: `ffi_test.library` finds the library the crate's build script builds, and
/// `ffi_test.assert_prototypes` compares argtypes and restype with vmsg.h's prototypes (size and
/// kind, as for Rust signatures): a pointer left behind ctypes' default int restype, a
/// signedness swapped, argtypes never set, each caught without calling the function.
#[test]
fn ctypes_prototypes_are_checked_against_the_c_header() {
    let binary = test_binary("pytest-suite", "ctypes");
    let expected = run(&binary, &[]);
    assert!(
        expected
            .stdout
            .contains("test result: ok. 4 passed; 0 failed"),
        "{}",
        expected.both()
    );
    let out = run(&binary, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [
            "tests/ctypes/test_vmsg.py::test_restype_left_as_int_is_caught",
            "tests/ctypes/test_vmsg.py::test_signedness_wrong_and_argtypes_unset_are_caught",
        ],
        "{}",
        out.both()
    );
    let report = |test: &str| {
        failure_of(&out.stdout, test)
            .unwrap_or_else(|| panic!("{test}: {}", out.both()))
            .to_string()
    };
    let restype = report("tests/ctypes/test_vmsg.py::test_restype_left_as_int_is_caught");
    assert!(
        restype.contains(
            "E   AssertionError: 1 of 1 ctypes prototypes do not match C:\n\
             E   signature of `vmsg_new` does not match C `struct vmsg * vmsg_new(size_t)`:\n\
             E     return: ctypes `c_int` (4 bytes, signed int), C `struct vmsg *` (8 bytes, pointer)\n"
        ),
        "{restype}"
    );
    let both =
        report("tests/ctypes/test_vmsg.py::test_signedness_wrong_and_argtypes_unset_are_caught");
    assert!(
        both.contains(
            "E   AssertionError: 2 of 2 ctypes prototypes do not match C:\n\
             E   `vmsg_sum`: argtypes is not set, so ctypes converts each argument by its Python value (an int as a C int, whatever C takes): set it to the prototype's parameter types\n\
             E   signature of `vmsg_set` does not match C `int vmsg_set(struct vmsg *, size_t, uint8_t)`:\n\
             E     parameter 3 (`#3`): ctypes `c_byte` (1 byte, signed int), C `uint8_t` (1 byte, unsigned int)\n"
        ),
        "{both}"
    );
}

/// Under a memory checker everything is ten to fifty times slower: the harness lifts
/// Hypothesis's deadline and too_slow health check there (a property whose examples take
/// 300 ms, as a checker makes a quick one take), and only there: the plain run keeps them.
#[test]
fn hypothesis_is_relaxed_under_a_checker() {
    let binary = test_binary("pytest-suite", "slow");
    let test = "tests/slow/test_slow_property.py::test_checksum_of_slow_examples";
    // Hypothesis loads its own `ci` profile (no deadline) where a CI variable is set: the
    // run must be a developer's.
    let outside_ci = |args: &[&str]| {
        let mut cmd = command(&binary);
        cmd.args(args);
        for var in [
            "CI",
            "__TOX_ENVIRONMENT_VARIABLE_ORIGINAL_CI",
            "TF_BUILD",
            "bamboo.buildKey",
            "BUILDKITE",
            "CIRCLECI",
            "CIRRUS_CI",
            "CODEBUILD_BUILD_ID",
            "GITHUB_ACTIONS",
            "GITLAB_CI",
            "HEROKU_TEST_RUN_ID",
            "TEAMCITY_VERSION",
        ] {
            cmd.env_remove(var);
        }
        Run::from(cmd.output().expect("run the test binary"))
    };
    let plain = outside_ci(&[]);
    let report = failure_of(&plain.stdout, test).unwrap_or_else(|| panic!("{}", plain.both()));
    assert!(
        report.contains("E               hypothesis.errors.DeadlineExceeded: Test took "),
        "{report}"
    );
    // Importing Hypothesis under ASan takes most of a minute here (the full unwind at every
    // allocation that names frames through libpython): past the default timeout when another
    // test shares the 2 cores.
    let checked = outside_ci(&["--sanitize", "address", "--timeout", "300"]);
    assert!(
        checked.status.success() && checked.stdout.contains("test result: ok. 1 passed"),
        "{}",
        checked.both()
    );
}
