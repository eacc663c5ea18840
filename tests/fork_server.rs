//! End-to-end: the fork server. By default each test's process is forked from a server that
//! loaded the binary's C once (its constructor did not run in the test's own process); every
//! way of turning it off starts the process by exec again, says why under `--verbose`, and
//! fails the example that asserts it was forked: the twin. Under a memory checker the server
//! runs under it, and the tests are forked as without one. A server whose C started a thread
//! refuses to fork, and its tests run by exec.

use std::time::Duration;

use ffi_test_suite::{
    assert_outcomes, command, output_within, run, run_with_env, test_binary, TempDir,
};

const FORKED: &str = "forked__constructor_ran_in_the_server__then_not_in_this_process";
const NEIGHBOUR: &str = "forked__neighbour_c_body__then_runs";

/// A way of turning the server off: arguments, environment, and the reason `--verbose` gives.
type Off<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);

#[test]
fn tests_are_forked_from_the_server_unless_it_is_turned_off() {
    let binary = test_binary("fork-server", "fork_server");
    // A memory checker watches the server, and so every process forked from it.
    for checker in [&[][..], &["--sanitize", "address"], &["--valgrind"]] {
        let forked = run(&binary, &[&["--verbose"][..], checker].concat());
        assert_outcomes(&forked, &[], &[FORKED, NEIGHBOUR]);
        assert!(!forked.stderr.contains("not forked"), "{}", forked.both());
        assert!(
            !forked.stderr.contains("not from a fork server"),
            "{}",
            forked.both()
        );
    }

    let coverage = TempDir::new("fork-server-coverage");
    let coverage = coverage.path().to_str().unwrap();
    let by_exec: [Off; 3] = [
        (&["--verbose", "--no-fork-server"], &[], "--no-fork-server"),
        (
            &[],
            &[("FFI_TEST_NO_FORK_SERVER", "1"), ("FFI_TEST_VERBOSE", "1")],
            "--no-fork-server",
        ),
        (
            &["--verbose", "--coverage", coverage],
            &[],
            "--coverage: each test's counts go under a prefix read as it starts",
        ),
    ];
    for (args, env, why) in by_exec {
        let out = run_with_env(&binary, args, env);
        assert_outcomes(
            &out,
            &[(
                FORKED,
                &["the C was loaded in this test's own process: it was not forked from the fork server"],
            )],
            &[NEIGHBOUR],
        );
        let said = format!("ffi-test: tests start by exec, not from a fork server: {why}\n");
        assert!(out.stderr.contains(&said), "{said}\n{}", out.both());
    }
}

#[test]
fn a_server_whose_c_started_a_thread_refuses_and_its_tests_start_by_exec() {
    let out = run(
        &test_binary("fork-server", "fork_server_threads"),
        &["--verbose"],
    );
    assert_outcomes(
        &out,
        &[],
        &[
            "exec__constructor_started_a_thread__then_loaded_in_this_process",
            "exec__plain_rust_neighbour__then_passes",
        ],
    );
    let said = "ffi-test: tests start by exec, not forked: the fork server refused: the fork server has 2 threads (started by the C it loaded?), and a process forks safely only with one\n";
    assert!(out.stderr.contains(said), "{}", out.both());
}

#[test]
fn a_server_whose_c_prints_more_than_a_pipe_holds_does_not_stall_the_run() {
    let binary = test_binary("fork-server", "fork_server_loud");
    let out = output_within(command(&binary), Duration::from_secs(60))
        .expect("the run stalled: the server and the harness waited for each other");
    assert_outcomes(
        &out,
        &[],
        &[
            "loud__constructor_prints_256_kib__then_the_tests_run",
            "loud__plain_rust_neighbour__then_passes",
        ],
    );
}
