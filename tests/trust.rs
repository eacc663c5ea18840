//! End-to-end: nothing a test or its C does can fool, stall or kill the harness. Each test here
//! runs a suite of examples/hostile-c (C written to fool a harness) and checks the exact verdicts
//! and reports. The class of fault each covers is named in its doc comment.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ffi_test_suite::{
    alive, assert_outcomes, cargo, command, failure_of, pids_in, run, run_with_env, test_binary,
    wait_for, TempDir,
};

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
/// that check alone with its signal; the checks after it (a new child) still report.
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
                &["the test process was killed by SIGSEGV"],
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

const EARLY_EXITS: [(&str, &str); 7] = [
    (
        "exit__c_calls_exit_0_mid_test__then_fails",
        "exited with code 0 before the test finished",
    ),
    (
        "exit__c_calls_underscore_exit_0_mid_test__then_fails",
        "exited with code 0 before the test finished",
    ),
    (
        "exit__rust_calls_process_exit_0__then_fails",
        "exited with code 0 before the test finished",
    ),
    (
        "exit__segv_handler_exits_0__then_fails",
        "exited with code 0 before the test finished",
    ),
    (
        "signal__c_kills_itself_with_sigsegv__then_reported_as_crash",
        "killed by SIGSEGV",
    ),
    (
        "signal__c_raises_sigbus__then_reported_as_crash",
        "killed by SIGBUS",
    ),
    (
        "signal__c_raises_sigsegv__then_reported_as_crash",
        "killed by SIGSEGV",
    ),
];

/// Classes 2 and 6: exits in the middle of a test are failures, and raised signals are crashes.
#[test]
fn early_exits_and_raised_signals_fail_in_the_default_runner() {
    let out = run(
        &test_binary("hostile-c", "early_exit"),
        &["--ignore-expectations"],
    );
    let failed: Vec<(&str, &[&str])> = EARLY_EXITS
        .iter()
        .map(|(name, why)| (*name, std::slice::from_ref(why)))
        .collect();
    assert_outcomes(&out, &failed, &["honest__c_returns_normally__then_passes"]);
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
    const FORGED: [(&str, &str); 4] = [
        (
            "verdict__a_forked_process_reports_ok_for_the_test__then_fails",
            "exited with code 0 before the test finished",
        ),
        (
            "verdict__an_exit_handler_rewrites_a_failure__then_fails",
            "a failure an exit handler tries to hide",
        ),
        (
            "verdict__c_reexecs_the_binary_naming_a_passing_test__then_fails",
            "exited with code 102 before the test finished",
        ),
        (
            "verdict__c_writes_ok_where_the_environment_points__then_fails",
            "exited with code 0 before the test finished",
        ),
    ];
    let binary = test_binary("hostile-c", "forged_verdicts");
    let out = run(&binary, &["--ignore-expectations"]);
    let failed: Vec<(&str, &[&str])> = FORGED
        .iter()
        .map(|(name, why)| (*name, std::slice::from_ref(why)))
        .collect();
    assert_outcomes(&out, &failed, &["verdict__honest__then_passes"]);
    let reexec = failure_of(&out.stdout, FORGED[2].0).unwrap();
    assert!(
        reexec.contains("this test process has no verdict channel"),
        "{reexec}"
    );
    fail_under_nextests_contract(&binary, &FORGED);
}

/// Each of `cases` (a test, and what its report must say), run as nextest runs a test (alone,
/// `--exact --nocapture`, judged by the exit status), exits 101 with that report.
fn fail_under_nextests_contract(binary: &Path, cases: &[(&str, &str)]) {
    for (name, why) in cases {
        let out = run_with_env(
            binary,
            &[name, "--exact", "--nocapture", "--ignore-expectations"],
            &[("NEXTEST_EXECUTION_MODE", "process-per-test")],
        );
        assert_eq!(out.status.code(), Some(101), "{name}:\n{}", out.both());
        assert!(
            out.stdout.contains(why),
            "{name} lacks {why:?}:\n{}",
            out.both()
        );
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

/// The verdicts cargo nextest reports for `packages` (`PASS`/`FAIL` per test), with `env`.
fn nextest_verdicts(packages: &[&str], env: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut cmd = cargo();
    cmd.args(["nextest", "run", "--no-fail-fast", "--color", "never"]);
    for package in packages {
        cmd.args(["-p", package]);
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd
        .output()
        .expect("run cargo nextest (install it: cargo install cargo-nextest)");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Summary"),
        "cargo nextest did not run (is cargo-nextest installed? .ci/run installs it):\n{text}"
    );
    let mut verdicts: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let verdict = ["PASS", "FAIL", "SIGSEGV", "SIGABRT", "TIMEOUT"]
                .into_iter()
                .find(|v| l.starts_with(&format!("{v} [")))?;
            let mut words = l.rsplit(' ');
            let name = words.next()?;
            let binary = words.next()?;
            let name = format!("{binary} {name}");
            Some((
                name,
                if verdict == "PASS" { "ok" } else { "FAILED" }.to_string(),
            ))
        })
        .collect();
    verdicts.sort();
    verdicts.dedup();
    verdicts
}

/// `package::test name`, as nextest names a test.
fn nextest_name(package: &str, test: &str, name: &str) -> String {
    format!("{package}::{test} {name}")
}

/// The verdicts of the default runner for one binary, as libtest prints them.
fn default_verdicts(
    package: &str,
    test: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Vec<(String, String)> {
    let out = run_with_env(&test_binary(package, test), args, env);
    let mut verdicts: Vec<(String, String)> = out
        .stdout
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("test ")?;
            let (name, verdict) = rest.rsplit_once(" ... ")?;
            Some((
                nextest_name(package, test, name.trim()),
                verdict.trim().to_string(),
            ))
        })
        .filter(|(_, v)| v == "ok" || v == "FAILED")
        .collect();
    verdicts.sort();
    verdicts
}

/// Classes 2 and 3: under `cargo nextest run`, the hostile suites, the crash corpus and the
/// memory-bugs suite (plain, under `--sanitize address` and under `--valgrind`, where nextest
/// passes `--nocapture`) give exactly the verdicts of the default runner.
#[test]
fn nextest_gives_the_default_runners_verdicts() {
    let raw = [("FFI_TEST_IGNORE_EXPECTATIONS", "1")];
    let mut default = Vec::new();
    for test in [
        "constructors",
        "early_exit",
        "facts",
        "forged_verdicts",
        "run_dir",
        "bodies",
        "lingering",
        "guards",
        "macros",
        "pragmas",
        "pragmas_visibility",
        "surface_names",
    ] {
        default.extend(default_verdicts(
            "hostile-c",
            test,
            &["--ignore-expectations"],
            &[],
        ));
    }
    default.extend(default_verdicts(
        "crash-corpus",
        "crashes",
        &["--ignore-expectations", "--skip", "loops_forever"],
        &[],
    ));
    default.sort();
    let mut nextest = nextest_verdicts(&["hostile-c", "crash-corpus"], &raw);
    nextest.retain(|(name, _)| !name.contains("loops_forever"));
    assert_eq!(nextest, default);
    assert!(
        default.iter().filter(|(_, v)| v == "FAILED").count() >= 20,
        "{default:?}"
    );

    for checker in [("FFI_TEST_SANITIZE", "address"), ("FFI_TEST_VALGRIND", "1")] {
        let env = [raw[0], checker];
        let default = default_verdicts("memory-bugs", "memory", &[], &env);
        let nextest = nextest_verdicts(&["memory-bugs"], &env);
        assert_eq!(nextest, default, "{checker:?}");
        assert_eq!(
            default.iter().filter(|(_, v)| v == "FAILED").count(),
            5,
            "{checker:?}: {default:?}"
        );
    }
}

/// Class 3: findings are read from the checker's own log, so `--nocapture` does not lose them.
#[test]
fn memory_findings_survive_nocapture() {
    let binary = test_binary("memory-bugs", "memory");
    for checker in [&["--sanitize", "address"][..], &["--valgrind"][..]] {
        let mut args = vec![
            "--ignore-expectations",
            "--nocapture",
            "--exact",
            "memory__widget_read_after_it_was_freed__then_use_after_free",
        ];
        args.extend_from_slice(checker);
        let out = run(&binary, &args);
        assert_eq!(out.status.code(), Some(101), "{}", out.both());
        assert!(
            out.stdout
                .contains("found heap-use-after-free in this test"),
            "{checker:?}:\n{}",
            out.both()
        );
    }
}

/// Asserts every process of `pids` is gone within `limit`.
fn assert_gone(pids: &[(String, i32)], limit: Duration, what: &str) {
    assert!(
        wait_for(limit, || pids.iter().all(|(_, pid)| !alive(*pid))),
        "{what}: {pids:?}"
    );
}

/// Class 4: SIGINT, SIGTERM and SIGHUP to the harness while tests hang: every test process and
/// what they started are killed, the run ends with the summary and a JUnit report marking the
/// unfinished tests as interrupted, and a non-zero status.
#[test]
fn interrupts_stop_every_test_process_and_still_report() {
    let binary = test_binary("hostile-c", "hangs");
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let pids = TempDir::new("pids");
        let junit = pids.path().join("junit.xml");
        let pid_dir = pids.path().join("pids");
        std::fs::create_dir(&pid_dir).unwrap();
        let mut child = command(&binary)
            .args(["--junit", junit.to_str().unwrap(), "--test-threads", "4"])
            .env("HOSTILE_PID_DIR", &pid_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        assert!(
            wait_for(Duration::from_secs(20), || pids_in(&pid_dir).len() == 2),
            "the hanging tests did not start"
        );
        // SAFETY: kill(2) on the harness we started.
        unsafe { libc::kill(child.id() as i32, signal) };
        assert!(
            wait_for(Duration::from_secs(10), || child
                .try_wait()
                .unwrap()
                .is_some()),
            "the harness did not end after signal {signal}"
        );
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(128 + signal), "{stdout}");
        for test in [
            "hang__c_waits_forever_with_a_helper__then_interrupted",
            "hang__rust_sleeps_forever__then_interrupted",
        ] {
            let report = failure_of(&stdout, test).unwrap_or_else(|| panic!("{test}:\n{stdout}"));
            assert!(
                report.contains("interrupted: the run received SIG"),
                "{report}"
            );
        }
        assert!(
            stdout.contains("subjects:") && stdout.contains("test result: FAILED"),
            "{stdout}"
        );
        let xml = std::fs::read_to_string(&junit).expect("JUnit written after the interrupt");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for test in [
            "hang__c_waits_forever_with_a_helper__then_interrupted",
            "hang__rust_sleeps_forever__then_interrupted",
        ] {
            let case = doc
                .descendants()
                .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(test))
                .unwrap_or_else(|| panic!("{test} not in the JUnit report:\n{xml}"));
            let failure = case.children().find(|n| n.has_tag_name("failure"));
            assert_eq!(
                failure.and_then(|f| f.attribute("type")),
                Some("interrupted"),
                "{xml}"
            );
        }
        let left = pids_in(&pid_dir);
        assert_gone(
            &left,
            Duration::from_secs(5),
            "still running after the interrupt",
        );
    }
}

/// Class 4: killing `cargo test` (SIGTERM to cargo, not to the harness) stops the tests too.
#[test]
fn killing_cargo_test_stops_the_test_processes() {
    test_binary("hostile-c", "hangs");
    let pids = TempDir::new("cargo-pids");
    let mut cargo_run = cargo()
        .args(["test", "-q", "-p", "hostile-c", "--test", "hangs"])
        .env("HOSTILE_PID_DIR", pids.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        wait_for(Duration::from_secs(60), || pids_in(pids.path()).len() == 2),
        "the hanging tests did not start"
    );
    // SAFETY: kill(2) on the cargo we started.
    unsafe { libc::kill(cargo_run.id() as i32, libc::SIGTERM) };
    let _ = cargo_run.wait();
    let left = pids_in(pids.path());
    assert_gone(
        &left,
        Duration::from_secs(10),
        "still running after cargo was killed",
    );
}

/// Class 5: a test whose C leaves a process behind does not hold the caller's pipe (the run
/// through a pipe ends long before the 20 s the process sleeps, with and without --nocapture),
/// the process is killed with the test, and the failing test's output is complete. A process
/// in a session of its own (setsid, its parent gone: a daemon) is killed too, whether its test
/// passed or exited mid-test, and a test process that joined the harness's own process group
/// still times out. Nothing is left once the run has ended. (Before the harness and its tests
/// were subreapers, both daemons outlived the run and the moved test was never stopped.)
#[test]
fn lingering_processes_are_killed_and_hold_nothing_open() {
    let binary = test_binary("hostile-c", "lingering");
    for nocapture in [false, true] {
        let pids = TempDir::new("linger");
        let mut args = vec!["--ignore-expectations"];
        if nocapture {
            args.push("--nocapture");
        }
        let started = Instant::now();
        // `output()` reads both pipes to their end: a leaked descriptor would make it wait 20 s.
        let out = run_with_env(
            &binary,
            &args,
            &[("HOSTILE_PID_DIR", pids.path().to_str().unwrap())],
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "took {:?}:\n{}",
            started.elapsed(),
            out.both()
        );
        assert_eq!(out.status.code(), Some(101), "{}", out.both());
        if !nocapture {
            assert_outcomes(
                &out,
                &[
                    (
                        "lingering__exiting_test_leaves_a_daemon_in_its_own_session__then_it_is_killed",
                        &["exited with code 0 before the test finished"],
                    ),
                    (
                        "lingering__failing_test_leaves_a_sleeper__then_output_kept_and_sleeper_killed",
                        &[
                            "printed before the sleeper was started",
                            "printed after the sleeper was started",
                            "failing on purpose",
                        ],
                    ),
                    (
                        "lingering__test_moves_into_the_harness_group_and_hangs__then_timed_out",
                        &["timed out after 1.0s"],
                    ),
                ],
                &[
                    "lingering__passing_test_leaves_a_daemon_in_its_own_session__then_it_is_killed",
                    "lingering__passing_test_leaves_a_sleeper__then_it_is_killed",
                ],
            );
        }
        let sleepers = pids_in(pids.path());
        assert_eq!(sleepers.len(), 5, "{sleepers:?}");
        // Killed before the run ended, not some time after it.
        assert_gone(&sleepers, Duration::ZERO, "processes outlived the run");
    }
}

/// Class 8: a `#define` at the end of one C body does not reach the bodies after it in the
/// translation unit.
#[test]
fn c_bodies_do_not_leak_macros() {
    let out = run(
        &test_binary("hostile-c", "macros"),
        &["--ignore-expectations"],
    );
    assert_outcomes(
        &out,
        &[],
        &[
            "macros__body_redefines_double_at_its_end__then_its_own_code_is_unaffected",
            "macros__next_body_uses_double__then_sees_the_real_double",
        ],
    );
}

/// Class 8: the pragma state a body leaves set (packing, GCC's scalar storage order and
/// visibility) does not reach the bodies after it, and a body ending inside a comment is its own
/// compile error, named, instead of swallowing the restores after it (its `#define double
/// float` then reached the next body, and the body itself passed).
#[test]
fn c_bodies_do_not_leak_pragmas_or_open_comments() {
    let out = run(
        &test_binary("hostile-c", "pragmas"),
        &["--ignore-expectations"],
    );
    assert_outcomes(
        &out,
        &[(
            "pragmas__c_body_ends_inside_a_comment__then_it_is_its_own_compile_error",
            &["the C body of this test does not compile:\nexamples/hostile-c/tests/pragmas.rs:57:11: error: this C body ends inside a /* comment: everything after it was never compiled"],
        )],
        &[
            "pragmas__a_body_leaves_packing_and_byte_order_set__then_its_own_c_is_packed",
            "pragmas__b_next_body__then_packs_orders_and_exports_as_the_command_line_says",
            "pragmas__d_body_after_the_open_comment__then_sees_the_real_double",
        ],
    );
    let hidden = run(&test_binary("hostile-c", "pragmas_visibility"), &[]);
    assert_outcomes(
        &hidden,
        &[],
        &[
            "pragmas__e_body_leaves_visibility_hidden__then_its_own_c_still_links",
            "pragmas__f_body_after_hidden_visibility__then_its_function_is_exported",
        ],
    );
}

/// Class 8: a body that does not compile fails alone, and the signature checks of the binary
/// (prototypes read on the per-body fallback, in parallel) do not share temporary files.
#[test]
fn a_broken_body_fails_alone_and_fallback_compiles_share_no_files() {
    let out = run(
        &test_binary("hostile-c", "bodies"),
        &["--ignore-expectations"],
    );
    let signatures = [
        "abs", "atoi", "atol", "free", "labs", "malloc", "memcmp", "memcpy", "memset", "strchr",
        "strcmp", "strlen", "strncmp",
    ]
    .map(|f| format!("{f}__signature__then_matches_c"));
    let passed: Vec<&str> = signatures.iter().map(String::as_str).collect();
    assert_outcomes(
        &out,
        &[(
            "broken__body_misses_a_semicolon__then_fails_alone",
            &[
                "the C body of this test does not compile",
                "expected ';' before '}' token",
            ],
        )],
        &passed,
    );
}

/// Class 10: 200 MB of output: the harness keeps the head and the tail, says how much it
/// dropped, and neither its memory nor the JUnit report grows with the output.
#[test]
// The child is reaped by wait4(2), which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn endless_output_is_capped() {
    let binary = test_binary("hostile-c", "loud");
    let dir = TempDir::new("loud");
    let junit = dir.path().join("junit.xml");
    let mut child = command(&binary)
        .args(["--junit", junit.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid for wait4(2) to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4(2) on the child we started, with valid out-pointers.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as i32);
    let peak_mib = usage.ru_maxrss / 1024;
    assert!(peak_mib < 100, "the harness peaked at {peak_mib} MiB");
    let report = failure_of(
        &stdout,
        "loud__c_prints_200_mb_then_fails__then_head_and_tail_kept",
    )
    .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        report.contains("failing after the flood") && report.contains("the last line"),
        "{report}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.len() < 2 << 20, "JUnit report of {} bytes", xml.len());
    assert!(xml.contains("the first line") && xml.contains("the last line"));
    assert!(
        xml.contains("bytes of output dropped here"),
        "no drop notice"
    );
}

/// Runs the crash corpus's `passing__` tests (one with a C body, two without) with `cache` as
/// the C cache directory.
fn passing_tests_with_cache(cache: &std::path::Path, env: &[(&str, &str)]) -> ffi_test_suite::Run {
    let mut all = vec![("FFI_TEST_CACHE_DIR", cache.to_str().unwrap())];
    all.extend_from_slice(env);
    run_with_env(
        &test_binary("crash-corpus", "crashes"),
        &["passing__"],
        &all,
    )
}

const RUST_ONLY: [&str; 2] = [
    "passing__plain_rust__then_ok",
    "passing__sorted_after_the_crashes__then_still_runs",
];
const WITH_C: &str = "passing__c_body_prints_and_adds__then_sum_returned";

fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Class 7: a cache directory others could write (itself, or a directory above it that is not
/// sticky) or that another user owns is refused with its path, owner and mode; tests without C
/// are not affected.
#[test]
fn cache_directories_others_control_are_refused() {
    let tmp = TempDir::new("cache-trust");
    let open = tmp.path().join("open");
    std::fs::create_dir(&open).unwrap();
    chmod(&open, 0o777);
    let out = passing_tests_with_cache(&open, &[]);
    assert_outcomes(
        &out,
        &[(
            WITH_C,
            &[
                "refusing the C cache directory",
                "open: it is writable by others",
                "mode 777",
            ],
        )],
        &RUST_ONLY,
    );

    let loose = tmp.path().join("loose");
    std::fs::create_dir(&loose).unwrap();
    chmod(&loose, 0o777);
    let out = passing_tests_with_cache(&loose.join("cache"), &[]);
    assert_outcomes(
        &out,
        &[(
            WITH_C,
            &[
                "the directory",
                "loose above it is writable by others and not sticky",
                "mode 777",
            ],
        )],
        &RUST_ONLY,
    );

    // SAFETY: geteuid(2) cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).unwrap();
        let out = passing_tests_with_cache(&theirs, &[]);
        assert_outcomes(
            &out,
            &[(
                WITH_C,
                &[
                    "theirs: it is owned by",
                    "uid 65534",
                    "not by the user running the tests",
                ],
            )],
            &RUST_ONLY,
        );
        // Accepted before: a parent owned by another user (who can swap the cache while a
        // compile runs), even a sticky one; a link on the path owned by another user.
        for (parent, mode) in [("their-parent", 0o755), ("their-sticky", 0o1777)] {
            let parent = tmp.path().join(parent);
            std::fs::create_dir(&parent).unwrap();
            chmod(&parent, mode);
            std::os::unix::fs::chown(&parent, Some(65534), Some(65534)).unwrap();
            let out = passing_tests_with_cache(&parent.join("cache"), &[]);
            let above = format!("{} above it is owned by another user", parent.display());
            assert_outcomes(
                &out,
                &[(WITH_C, &[above.as_str(), "uid 65534"])],
                &RUST_ONLY,
            );
        }
        let real = tmp.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = tmp.path().join("their-link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        std::os::unix::fs::lchown(&link, Some(65534), Some(65534)).unwrap();
        let out = passing_tests_with_cache(&link.join("cache"), &[]);
        assert_outcomes(
            &out,
            &[(
                WITH_C,
                &[
                    "its path goes through the link",
                    "their-link, owned by",
                    "uid 65534",
                ],
            )],
            &RUST_ONLY,
        );
    } else {
        eprintln!(
            "not root: the cases of directories and links owned by another user need chown and are not run"
        );
    }

    // Accepted before: a parent writable by its group.
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o775);
    let out = passing_tests_with_cache(&shared.join("cache"), &[]);
    assert_outcomes(
        &out,
        &[(
            WITH_C,
            &[
                "shared above it is writable by its group and not sticky",
                "mode 775",
            ],
        )],
        &RUST_ONLY,
    );
}

/// Class 7: an object in the cache replaced by a link to someone else's object is never
/// loaded (the link is not followed; the object is rebuilt).
#[test]
fn a_link_planted_in_the_cache_is_never_followed() {
    let tmp = TempDir::new("cache-link");
    let cache = tmp.path().join("cache");
    let first = passing_tests_with_cache(&cache, &[]);
    assert!(first.status.success(), "{}", first.both());

    let evil_c = tmp.path().join("evil.c");
    let evil_so = tmp.path().join("evil.so");
    let marker = tmp.path().join("constructor-ran");
    std::fs::write(
        &evil_c,
        "#include <stdio.h>\n#include <stdlib.h>\n__attribute__((constructor)) static void evil(void) {\n\
         const char *m = getenv(\"HOSTILE_MARKER\"); if (m) { FILE *f = fopen(m, \"w\"); if (f) fclose(f); } }\n",
    )
    .unwrap();
    let cc = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&evil_so)
        .arg(&evil_c)
        .status()
        .unwrap();
    assert!(cc.success());
    let mut planted = 0;
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "so") {
            std::fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(&evil_so, &path).unwrap();
            planted += 1;
        }
    }
    assert!(planted > 0, "no object in the cache to replace");
    let again = passing_tests_with_cache(&cache, &[("HOSTILE_MARKER", marker.to_str().unwrap())]);
    assert!(again.status.success(), "{}", again.both());
    assert!(!marker.exists(), "the planted object's constructor ran");
}

/// Class 7: a compile that failed for a reason outside the code leaves nothing in the cache:
/// the driver killed by a signal, one of its programs killed (`cc1`, as the OOM killer does),
/// and a full disk (the real gcc writing to /dev/full). The next run compiles again and passes
/// (each used to report "does not compile" until the cache was wiped).
#[test]
fn a_compile_that_failed_outside_the_code_is_not_cached() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("cache-killed-cc");
    let trigger = tmp.path().join("fail-the-compiler");
    let script = |name: &str, text: String| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    let t = trigger.display();
    // gcc's -wrapper runs each of its programs through the script: the real cc1, killed or
    // writing its output to the full device.
    let killer = script(
        "kill-cc1",
        format!("#!/bin/sh\ncase \"$1\" in *cc1) [ -e '{t}' ] && kill -9 $$;; esac\nexec \"$@\"\n"),
    );
    let filler = script(
        "fill-cc1",
        format!(
            "#!/bin/sh\ncase \"$1\" in *cc1) if [ -e '{t}' ]; then prog=\"$1\"; shift; prev=\n\
             for a in \"$@\"; do shift; [ \"$prev\" = -o ] && a=/dev/full; set -- \"$@\" \"$a\"; prev=\"$a\"; done\n\
             exec \"$prog\" \"$@\"; fi;; esac\nexec \"$@\"\n"
        ),
    );
    let cases = [
        (
            script(
                "cc-killed",
                format!("#!/bin/sh\nfor a in \"$@\"; do if [ \"$a\" = -shared ] && [ -e '{t}' ]; then kill -9 $$; fi; done\nexec cc \"$@\"\n"),
            ),
            "was killed by signal 9; nothing was cached, the next run compiles again",
        ),
        (
            script("cc-cc1-killed", format!("#!/bin/sh\nexec cc -wrapper '{}' \"$@\"\n", killer.display())),
            "failed for a reason outside the code (one of its programs was killed); nothing was cached",
        ),
        (
            script("cc-disk-full", format!("#!/bin/sh\nexec cc -wrapper '{}' \"$@\"\n", filler.display())),
            "failed for a reason outside the code (the disk is full); nothing was cached",
        ),
    ];
    for (n, (wrapper, why)) in cases.iter().enumerate() {
        std::fs::write(&trigger, "").unwrap();
        let cache = tmp.path().join(format!("cache-{n}"));
        let env = [("CC", wrapper.to_str().unwrap())];
        let failed = passing_tests_with_cache(&cache, &env);
        assert_outcomes(&failed, &[(WITH_C, &[why])], &RUST_ONLY);
        std::fs::remove_file(&trigger).unwrap();
        let next = passing_tests_with_cache(&cache, &env);
        assert!(next.status.success(), "{}", next.both());
    }
}

/// Class 7: a cached object truncated (a disk that filled while it was written) or replaced
/// is built again, never loaded; one others could write is refused at load time; a FIFO where an entry's list of dependencies was is a miss,
/// and one where its lock was is refused (the unit's parts are then compiled apart, as for a
/// unit that fails). Nothing stalls: before, each FIFO stalled the run for good.
#[test]
fn damaged_cache_entries_are_rebuilt_or_refused_never_loaded_or_waited_on() {
    let tmp = TempDir::new("cache-damaged");
    let cache = tmp.path().join("cache");
    let first = passing_tests_with_cache(&cache, &[]);
    assert!(first.status.success(), "{}", first.both());
    let entries = |suffix: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect()
    };
    let objects = entries(".so");
    assert!(!objects.is_empty());
    for object in &objects {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(object)
            .unwrap();
        file.set_len(100).unwrap();
    }
    let truncated = passing_tests_with_cache(&cache, &[]);
    assert!(truncated.status.success(), "{}", truncated.both());
    for object in &objects {
        assert!(
            std::fs::metadata(object).unwrap().len() > 100,
            "{object:?} not rebuilt"
        );
    }
    // Loaded only if nobody else could have written it since: refused, with the fix.
    chmod(&objects[0], 0o666);
    let writable = passing_tests_with_cache(&cache, &[]);
    assert_outcomes(
        &writable,
        &[(
            WITH_C,
            &[
                "refusing to load",
                "mode 666",
                "remove it, and the next run builds it again",
            ],
        )],
        &RUST_ONLY,
    );
    std::fs::remove_file(&objects[0]).unwrap();
    let mkfifo = |path: &std::path::Path| {
        std::fs::remove_file(path).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    };
    for deps in entries(".deps") {
        mkfifo(&deps);
    }
    let started = Instant::now();
    let fifo_deps = passing_tests_with_cache(&cache, &[]);
    assert!(fifo_deps.status.success(), "{}", fifo_deps.both());
    for lock in entries(".lock") {
        mkfifo(&lock);
    }
    let fifo_lock = passing_tests_with_cache(&cache, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    // The unit whose lock is a FIFO is refused; its parts, compiled apart, pass.
    assert!(fifo_lock.status.success(), "{}", fifo_lock.both());
}

/// Class 7: a cache that cannot be written (here: its path is a file) is replaced by a private
/// temporary one for the run, with a warning; everything passes.
#[test]
fn a_cache_that_cannot_be_written_falls_back_to_a_private_one() {
    let tmp = TempDir::new("cache-unwritable");
    let not_a_dir = tmp.path().join("a-file");
    std::fs::write(&not_a_dir, "").unwrap();
    let out = passing_tests_with_cache(&not_a_dir.join("cache"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(
        out.stderr
            .contains("warning: cannot use the C cache directory")
            && out.stderr.contains("private temporary cache"),
        "{}",
        out.both()
    );
}

/// Class 7: a header that appears earlier in the include path, shadowing the one a cached object
/// was built with, invalidates the object.
#[test]
fn a_header_shadowing_the_one_used_invalidates_the_cache() {
    let binary = test_binary("hostile-c", "shadow");
    // Where examples/hostile-c/tests/shadow.rs looks: its CARGO_TARGET_TMPDIR, which is ours
    // (one target directory), wherever that is.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-shadow");
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["first", "second"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(root.join("second/shadow.h"), "#define SHADOW_VALUE 1\n").unwrap();
    let tmp = TempDir::new("cache-shadow");
    let cache = tmp.path().join("cache");
    let env = [("FFI_TEST_CACHE_DIR", cache.to_str().unwrap())];
    let test = "shadow_value__value__then_matches_c";
    let before = run_with_env(&binary, &[], &env);
    assert_outcomes(&before, &[], &[test]);
    std::fs::write(root.join("first/shadow.h"), "#define SHADOW_VALUE 2\n").unwrap();
    let after = run_with_env(&binary, &[], &env);
    assert_outcomes(&after, &[(test, &["Rust: integer 1", "C: integer 2"])], &[]);
    std::fs::remove_file(root.join("first/shadow.h")).unwrap();
    let reverted = run_with_env(&binary, &[], &env);
    assert_outcomes(&reverted, &[], &[test]);
}

/// A static library linked into a cached C object is part of its key: rebuilt with another
/// value, the test sees the new value (it kept passing from the cache before).
#[test]
fn a_rebuilt_static_library_is_not_served_from_the_cache() {
    let binary = test_binary("hostile-c", "static_lib");
    let tmp = TempDir::new("static-lib");
    let lib = tmp.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    let build = |value: i32| {
        let source = lib.join("value.c");
        std::fs::write(
            &source,
            format!("int static_lib_value(void) {{ return {value}; }}\n"),
        )
        .unwrap();
        let object = lib.join("value.o");
        let cc = std::process::Command::new("cc")
            .args(["-c", "-fPIC", "-o"])
            .arg(&object)
            .arg(&source)
            .status()
            .unwrap();
        assert!(cc.success());
        let _ = std::fs::remove_file(lib.join("libstaticvalue.a"));
        let ar = std::process::Command::new("ar")
            .arg("rcs")
            .arg(lib.join("libstaticvalue.a"))
            .arg(&object)
            .status()
            .unwrap();
        assert!(ar.success());
    };
    let cache = tmp.path().join("cache");
    let cflags = format!(
        "-L{} -Wl,--whole-archive -lstaticvalue -Wl,--no-whole-archive",
        lib.display()
    );
    let env = [
        ("FFI_TEST_CACHE_DIR", cache.to_str().unwrap()),
        ("CFLAGS", cflags.as_str()),
    ];
    let test = "static_lib__body_calls_the_linked_library__then_sees_its_current_value";
    build(1);
    let first = run_with_env(&binary, &[], &env);
    assert_outcomes(&first, &[], &[test]);
    build(2);
    let rebuilt = run_with_env(&binary, &[], &env);
    assert_outcomes(&rebuilt, &[(test, &["left: 2", "right: 1"])], &[]);
}

/// A link name of a bindings file that is not a C name never reaches C (it made the unit say
/// `#error injected`): the item is listed with the reason; a versioned name is still checked.
#[test]
fn a_bindings_files_link_name_is_never_pasted_into_c() {
    let out = run(&test_binary("hostile-c", "surface_names"), &[]);
    assert_outcomes(
        &out,
        &[],
        &[
            "abs__signature__then_matches_c",
            "versioned_cfgetispeed__signature__then_matches_c",
        ],
    );
    assert!(
        out.stdout.contains(
            "not checked: fn labs_injected: its `link_name` \"labs\\n#error injected by a \
             link_name\" is not a C identifier (optionally `@VERSION`): it is never pasted into \
             generated C\n"
        ),
        "{}",
        out.stdout
    );
}

/// Class 9: fields under `#[cfg]` and renames under `#[cfg_attr]` are checked as compiled in
/// (a wrong type on one is caught and named), and raw identifiers lose their `r#`.
#[test]
fn conditional_fields_are_checked_as_compiled_in() {
    let binary = test_binary("hostile-c", "guards");
    let out = run(&binary, &["--ignore-expectations"]);
    assert_outcomes(
        &out,
        &[(
            "conditional_wrong__layout__then_matches_c",
            &["always  0 / 4 / unsigned int   0 / 4 / signed int"],
        )],
        &[
            "conditional__layout__then_matches_c",
            "match__raw_identifier_test_name__then_listed_without_prefix",
            "variadic__declared_without_fixed_parameters__then_bound_and_called",
        ],
    );
    let list = run(&binary, &["--list"]);
    assert!(!list.stdout.contains("r#"), "{}", list.stdout);
}

/// Class 9: a test target that forgot `harness = false` does not build, and the error says what
/// to add (it used to run zero tests and pass).
#[test]
fn a_missing_harness_false_is_a_compile_error() {
    let root = ffi_test_suite::workspace_root();
    let tmp = TempDir::new("forgot-harness");
    let copy = tmp.path().join("forgot-harness-false");
    std::fs::create_dir_all(copy.join("tests")).unwrap();
    std::fs::create_dir_all(copy.join("src")).unwrap();
    let fixture = root.join("tests/fixtures/forgot-harness-false");
    for file in ["tests/ffi.rs", "src/lib.rs"] {
        std::fs::copy(fixture.join(file), copy.join(file)).unwrap();
    }
    let manifest = std::fs::read_to_string(fixture.join("Cargo.toml"))
        .unwrap()
        .replace(
            "../../../ffi-test",
            &root.join("ffi-test").to_string_lossy(),
        );
    std::fs::write(copy.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let out = cargo()
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .args(["test", "--no-run", "--offline", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("ffi_test::main! needs its test target to use ffi-test's harness")
            && stderr.contains("harness = false")
            && stderr.contains("tests/ffi.rs:6:1"),
        "{stderr}"
    );
}
