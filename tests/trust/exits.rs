//! Classes 1 and 2, and the verdict channel: constructors, crashing and hanging fact checks,
//! exits in the middle of a test, forged verdicts, a removed run directory, `--in-process`.

use super::*;

/// Class 1: C constructors run only in children. One that calls `_exit(0)` and one that aborts
/// fail their own tests; a failing Rust test of the same binary is still reported, and the run
/// fails.
#[test]
fn constructors_that_exit_or_abort_fail_only_their_tests() {
    let out = run(
        &test_binary("hostile-c", "constructors"),
        &["--ignore-expectations"],
    );
    assert_eq!(out.status.code(), Some(101), "{}", out.both());
    assert_outcomes(
        &out,
        &[
            (
                "constructor__aborts_when_loaded__then_its_test_fails",
                &["its object cannot be loaded: loading it killed the process with SIGABRT"],
            ),
            (
                "constructor__calls_exit_0_when_loaded__then_its_test_fails",
                &["its object cannot be loaded: loading it ended the process with exit code 0"],
            ),
            (
                "rust__assertion_fails__then_reported_despite_the_constructors",
                &["a Rust test failing on purpose"],
            ),
        ],
        &[
            "neighbour__c_body_without_constructor__then_runs",
            "pair__layout__then_matches_c",
            "rust__plain_test__then_passes",
        ],
    );
    let expected = run(&test_binary("hostile-c", "constructors"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

/// Class 1: fact gathering runs in a shared child. A constant whose C crashes when read fails
/// that check alone with its signal and where it crashed (the value's generated C, at the
/// Rust item's lines); the checks after it (a new child) still report.
#[test]
fn a_fact_check_that_crashes_fails_alone_and_the_rest_report() {
    let out = run(
        &test_binary("hostile-c", "facts"),
        &["--ignore-expectations"],
    );
    assert_outcomes(
        &out,
        &[
            (
                "crashes_when_read__value__then_matches_c",
                &[
                    "the test process was killed by SIGSEGV",
                    "at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)",
                    "where (innermost first):\n    ffi_test_value_facts (",
                    "facts.rs:1",
                ],
            ),
            (
                "wrong__value__then_matches_c",
                &[
                    "constant `WRONG` does not match C `ALSO_FINE`",
                    "Rust: integer 9",
                    "C: integer 8",
                ],
            ),
        ],
        &[
            "also_fine__value__then_matches_c",
            "fine__value__then_matches_c",
            "pair__layout__then_matches_c",
        ],
    );
}

/// Class 1: a fact check whose C never finishes times out alone; the checks after it report.
#[test]
fn a_fact_check_that_hangs_times_out_alone() {
    let out = run(
        &test_binary("hostile-c", "facts_hang"),
        &["--timeout", "1s"],
    );
    assert_outcomes(
        &out,
        &[(
            "hangs_when_read__value__then_matches_c",
            &["timed out after 1.0s"],
        )],
        &[
            "also_fine__value__then_matches_c",
            "fine__value__then_matches_c",
        ],
    );
}

const EARLY_EXITS: [(&str, &[&str]); 7] = [
    (
        "exit__c_calls_exit_0_mid_test__then_fails",
        &[
            "the test process exited with code 0 before the test finished: exit() was called\n  \
             where (innermost first):\n    leave_with_exit (",
            "early_exit.rs:12)\n    early_exit::exit__c_calls_exit_0_mid_test__then_fails (",
        ],
    ),
    (
        "exit__c_calls_underscore_exit_0_mid_test__then_fails",
        &[
            "the test process exited with code 0 before the test finished (no exit() call was \
             seen: did C call _exit() or exec()?)",
        ],
    ),
    (
        "exit__rust_calls_process_exit_0__then_fails",
        &[
            "the test process exited with code 0 before the test finished: exit() was called\n  \
             where (innermost first):\n    std::",
            "to std::process::exit\n    \
             early_exit::exit__rust_calls_process_exit_0__then_fails (",
            "early_exit.rs:36)",
        ],
    ),
    (
        "exit__segv_handler_exits_0__then_fails",
        &[
            "the test process exited with code 0 before the test finished (no exit() call was \
             seen: did C call _exit() or exec()?)",
        ],
    ),
    (
        "signal__c_kills_itself_with_sigsegv__then_reported_as_crash",
        &["killed by SIGSEGV"],
    ),
    (
        "signal__c_raises_sigbus__then_reported_as_crash",
        &["killed by SIGBUS"],
    ),
    (
        "signal__c_raises_sigsegv__then_reported_as_crash",
        &["killed by SIGSEGV"],
    ),
];

/// Classes 2 and 6: exits in the middle of a test are failures, and raised signals are crashes.
#[test]
fn early_exits_and_raised_signals_fail_in_the_default_runner() {
    let out = run(
        &test_binary("hostile-c", "early_exit"),
        &["--ignore-expectations"],
    );
    assert_outcomes(
        &out,
        &EARLY_EXITS,
        &["honest__c_returns_normally__then_passes"],
    );
}

/// Class 2: nextest's contract (one process per test, `NAME --exact --nocapture`, judged by the
/// exit status alone): every early exit gives a non-zero status.
#[test]
fn early_exits_fail_under_the_nextest_contract() {
    let binary = test_binary("hostile-c", "early_exit");
    fail_under_nextests_contract(&binary, &EARLY_EXITS);
    let honest = run_with_env(
        &binary,
        &[
            "honest__c_returns_normally__then_passes",
            "--exact",
            "--nocapture",
        ],
        &[("NEXTEST_EXECUTION_MODE", "process-per-test")],
    );
    assert!(honest.status.success(), "{}", honest.both());
}

/// Class 2: `--in-process` cannot see `_exit`, but an `exit()` in the middle of a test fails the
/// run with a message naming the test.
#[test]
fn in_process_an_exit_mid_test_fails_the_run() {
    let out = run(
        &test_binary("hostile-c", "early_exit"),
        &[
            "--in-process",
            "--exact",
            "exit__c_calls_exit_0_mid_test__then_fails",
        ],
    );
    assert_eq!(out.status.code(), Some(101), "{}", out.both());
    assert!(
        out.stderr.contains(
            "the process exited in the middle of test `exit__c_calls_exit_0_mid_test__then_fails`"
        ),
        "{}",
        out.both()
    );
}

/// The verdict channel: writing `ok` where the environment points, a forked process reporting
/// for the test, an exit handler turning a failure into status 0, and a re-exec of the binary
/// naming a passing test each fail their test, in the default runner and under nextest's
/// contract. (On a result file named in the environment, all four passed.)
#[test]
fn verdicts_come_only_from_the_test_process_on_its_channel() {
    const FORGED: [(&str, &[&str]); 4] = [
        (
            "verdict__a_forked_process_reports_ok_for_the_test__then_fails",
            &["exited with code 0 before the test finished"],
        ),
        (
            "verdict__an_exit_handler_rewrites_a_failure__then_fails",
            &["a failure an exit handler tries to hide"],
        ),
        (
            "verdict__c_reexecs_the_binary_naming_a_passing_test__then_fails",
            &["exited with code 102 before the test finished"],
        ),
        (
            "verdict__c_writes_ok_where_the_environment_points__then_fails",
            &["exited with code 0 before the test finished"],
        ),
    ];
    let binary = test_binary("hostile-c", "forged_verdicts");
    let out = run(&binary, &["--ignore-expectations"]);
    assert_outcomes(&out, &FORGED, &["verdict__honest__then_passes"]);
    let reexec = failure_of(&out.stdout, FORGED[2].0).unwrap();
    assert!(
        reexec.contains("this test process has no verdict channel"),
        "{reexec}"
    );
    fail_under_nextests_contract(&binary, &FORGED);
}

/// Each of `cases` (a test, and what its report must say), run as nextest runs a test (alone,
/// `--exact --nocapture`, judged by the exit status), exits 101 with that report.
fn fail_under_nextests_contract(binary: &Path, cases: &[(&str, &[&str])]) {
    for (name, says) in cases {
        let out = run_with_env(
            binary,
            &[name, "--exact", "--nocapture", "--ignore-expectations"],
            &[("NEXTEST_EXECUTION_MODE", "process-per-test")],
        );
        assert_eq!(out.status.code(), Some(101), "{name}:\n{}", out.both());
        for said in *says {
            assert!(
                out.stdout.contains(said),
                "{name} lacks {said:?}:\n{}",
                out.both()
            );
        }
    }
}

/// A test that removes the run's directory (or fills the disk it is on) used to make every
/// later test fail as "did C call exit()?": the tests after it pass. A test that lowers its
/// limits on open files and file size to nothing reports its own failure (it was "did C call
/// exit()?" or "signal 25") and its own pass.
#[test]
fn removing_the_run_directory_fails_no_later_test() {
    let out = run(
        &test_binary("hostile-c", "run_dir"),
        &["--test-threads", "1"],
    );
    assert_outcomes(
        &out,
        &[],
        &[
            "a__removes_the_run_directory__then_passes",
            "b__c_body_after_the_removal__then_passes",
            "c__rust_test_after_the_removal__then_passes",
            "d__lowers_its_file_limits_and_fails__then_its_failure_is_reported",
            "e__lowers_its_file_limits_and_passes__then_it_passes",
            "f__fails_with_a_message_of_a_mebibyte__then_reported_whole",
        ],
    );
    let long = run(
        &test_binary("hostile-c", "run_dir"),
        &[
            "--ignore-expectations",
            "--exact",
            "f__fails_with_a_message_of_a_mebibyte__then_reported_whole",
        ],
    );
    let report = failure_of(
        &long.stdout,
        "f__fails_with_a_message_of_a_mebibyte__then_reported_whole",
    )
    .unwrap_or_else(|| panic!("{}", long.stderr));
    assert!(
        report.contains("a long message: xxx") && report.contains("<end>"),
        "{}",
        &report[..200]
    );
    let raw = run(
        &test_binary("hostile-c", "run_dir"),
        &[
            "--ignore-expectations",
            "--exact",
            "d__lowers_its_file_limits_and_fails__then_its_failure_is_reported",
        ],
    );
    assert_outcomes(
        &raw,
        &[(
            "d__lowers_its_file_limits_and_fails__then_its_failure_is_reported",
            &["failing on purpose with no file left to open or write"],
        )],
        &[],
    );
}

/// Class 2: `--in-process` with two test threads: an `exit(0)` after the neighbour on the other
/// thread finished, and `quick_exit(0)`, each fail the run naming the test (the guard had one
/// slot, which the neighbour cleared, and did not see quick_exit: both ended the run with 0).
#[test]
fn in_process_exits_fail_the_run_whatever_the_neighbours_do() {
    let binary = test_binary("hostile-c", "in_process");
    let cases: [(&str, &[&str]); 2] = [
        (
            "exit__after_a_neighbour_finished__then_fails",
            &[
                "--in-process",
                "--test-threads",
                "2",
                "--skip",
                "quick_exit",
                "--skip",
                "hang",
            ],
        ),
        (
            "quick_exit__c_calls_quick_exit_0__then_fails",
            &[
                "--in-process",
                "--exact",
                "quick_exit__c_calls_quick_exit_0__then_fails",
            ],
        ),
    ];
    for (test, args) in cases {
        let out = run(&binary, args);
        assert_eq!(out.status.code(), Some(101), "{test}: {}", out.both());
        assert!(
            out.stderr.contains(&format!(
                "the process exited in the middle of test `{test}`"
            )),
            "{}",
            out.both()
        );
    }
}

/// Class 3 (stall): `--in-process` and a test that never returns. At the end of its timeout the
/// run ends, failed, naming it; so does an interrupt once its grace has passed. Before, the
/// timeout was not enforced and an interrupt waited for the test: the run held its CI job
/// until something sent SIGKILL.
#[test]
fn in_process_a_hung_test_ends_the_run_at_its_timeout_or_an_interrupt() {
    let binary = test_binary("hostile-c", "in_process");
    let test = "hang__c_waits_forever__then_ends_the_run";
    let out = run(
        &binary,
        &["--in-process", "--timeout", "1s", "--exact", test],
    );
    assert_eq!(out.status.code(), Some(101), "{}", out.both());
    assert!(
        out.stderr.contains(&format!(
            "ffi-test: test `{test}` is still running at the end of its timeout (1.0s): \
             --in-process runs every test in this process, where one cannot be stopped alone, so \
             the run ends here, failed, without its summary or JUnit report (without \
             --in-process each test runs in a process of its own and a timeout fails that test \
             only)"
        )),
        "{}",
        out.both()
    );

    let pids = TempDir::new("in-process-hang");
    let child = command(&binary)
        .args(["--in-process", "--exact", test])
        .env("HOSTILE_PID_DIR", pids.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(
        wait_for(Duration::from_secs(60), || !pids_in(pids.path()).is_empty()),
        "the hanging test did not start"
    );
    // SAFETY: kill(2) on the harness we started, which has not been waited for.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = ffi_test_suite::Run::from(child.wait_with_output().unwrap());
    assert_eq!(
        out.status.code(),
        Some(128 + libc::SIGTERM),
        "{}",
        out.both()
    );
    assert!(
        out.stderr.contains(&format!(
            "ffi-test: interrupted: the run received SIGTERM and stopped its test processes, \
             but test `{test}` was still running 2s later: --in-process cannot stop a test \
             alone, so the run ends here, failed, without its summary or JUnit report"
        )),
        "{}",
        out.both()
    );
}
