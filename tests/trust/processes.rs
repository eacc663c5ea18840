//! Classes 4 and 5: interrupts, a killed cargo, processes a test leaves behind.

use super::*;

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
