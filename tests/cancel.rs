//! End-to-end: cancelling a run the way CI cancel buttons and systemd do, by SIGTERM to the
//! whole process group of `cargo test` (cargo and the harness get it at once, and the harness
//! then gets cargo's death too). At points spread over a run (compiling with a fresh cache,
//! loading, running hanging tests), the harness must still write its summary and its JUnit
//! report, and nothing it started, in any group or session, may be left.

use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ffi_test_suite::{alive, cargo, test_binary, wait_for, TempDir};

/// The pids of live processes whose environment holds `mark` (every descendant of the run
/// inherits it, whatever group or session it moved to).
fn carrying(mark: &str) -> Vec<i32> {
    let needle = format!("FFI_TEST_CANCEL_MARK={mark}");
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|&b| b == 0).any(|var| var == needle.as_bytes()))
                && alive(*pid)
        })
        .collect()
}

/// Whether the harness (the `hangs` binary) has started a process of its own.
fn harness_has_a_child(mark: &str) -> bool {
    let pids = carrying(mark);
    let harness: Vec<i32> = pids
        .iter()
        .copied()
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| {
                exe.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("hangs-"))
            })
        })
        .collect();
    pids.iter().any(|pid| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            let parent = stat
                .rsplit_once(") ")
                .and_then(|(_, rest)| rest.split(' ').nth(1)?.parse::<i32>().ok());
            parent.is_some_and(|p| harness.contains(&p))
        })
    })
}

/// Starts `cargo ARGS` (with the run's cache and pid directory in `tmp`, and `mark` in its
/// environment) in a process group of its own, sends that group SIGTERM `delay` after the
/// harness started its first process, and returns what it printed and how long it took to end.
fn cancelled_run(
    args: &[&str],
    tmp: &TempDir,
    mark: &str,
    delay: Duration,
) -> (std::process::Output, Duration) {
    let mut run = cargo();
    run.args(args)
        .env("FFI_TEST_CACHE_DIR", tmp.path().join("cache"))
        .env("HOSTILE_PID_DIR", tmp.path())
        .env("FFI_TEST_CANCEL_MARK", mark)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let child = run.spawn().unwrap();
    let group = child.id() as i32;
    // Something the harness started (the compiler first: the cache is new): from here on the
    // harness has its handlers.
    assert!(
        wait_for(Duration::from_secs(60), || harness_has_a_child(mark)),
        "{mark}: the run did not start"
    );
    std::thread::sleep(delay);
    // SAFETY: kill(2) on the process group of the cargo we started.
    unsafe { libc::kill(-group, libc::SIGTERM) };
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    (out, started.elapsed())
}

/// How many points to try: 10 in CI; `FFI_TEST_CANCEL_TRIES=30` for the full acceptance run.
fn tries(default: u64) -> u64 {
    std::env::var("FFI_TEST_CANCEL_TRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[test]
fn sigterm_to_cargo_tests_group_still_reports_and_leaves_nothing() {
    test_binary("hostile-c", "hangs");
    let tries = tries(10);
    for attempt in 0..tries {
        let tmp = TempDir::new("cancel");
        let junit = tmp.path().join("junit.xml");
        let mark = format!("{}-{attempt}", std::process::id());
        // Spread over compiling (about the first second), loading and running.
        let delay = Duration::from_millis(attempt * 1500 / (tries - 1).max(1));
        let junit_arg = junit.to_str().unwrap();
        let args = [
            "test",
            "-q",
            "-p",
            "hostile-c",
            "--test",
            "hangs",
            "--",
            "--junit",
            junit_arg,
        ];
        let (out, took) = cancelled_run(
            &[&args[..], &["--test-threads", "4"]].concat(),
            &tmp,
            &mark,
            delay,
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let context = format!(
            "attempt {attempt}, SIGTERM {delay:?} in:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(took < Duration::from_secs(30), "{context}");
        assert!(
            stdout.contains("subjects:") && stdout.contains("test result: FAILED"),
            "no summary: {context}"
        );
        let xml = std::fs::read_to_string(&junit)
            .unwrap_or_else(|e| panic!("no JUnit report ({e}): {context}"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let interrupted = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure") && n.attribute("type") == Some("interrupted"))
            .count();
        assert!(interrupted >= 2, "{xml}\n{context}");
        assert!(
            wait_for(Duration::from_secs(5), || carrying(&mark).is_empty()),
            "left running: {:?}; {context}",
            carrying(&mark)
        );
    }
}

/// The same under `cargo nextest run`: nextest forwards the signal to each test's process (a
/// harness running one test), which stops its test and ends; nextest reports the run as
/// cancelled and nothing is left.
#[test]
fn sigterm_to_cargo_nextests_group_leaves_nothing() {
    test_binary("hostile-c", "hangs");
    let tries = tries(3);
    for attempt in 0..tries {
        let tmp = TempDir::new("cancel-nextest");
        let mark = format!("{}-nextest-{attempt}", std::process::id());
        let delay = Duration::from_millis(attempt * 1500 / (tries - 1).max(1));
        let args = [
            "nextest",
            "run",
            "--color",
            "never",
            "-p",
            "hostile-c",
            "--test",
            "hangs",
        ];
        let (out, took) = cancelled_run(
            &[&args[..], &["--test-threads", "4"]].concat(),
            &tmp,
            &mark,
            delay,
        );
        let text = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        let context = format!("attempt {attempt}, SIGTERM {delay:?} in:\n{text}");
        assert!(took < Duration::from_secs(30), "{context}");
        assert!(text.contains("Summary"), "no summary: {context}");
        assert!(
            wait_for(Duration::from_secs(5), || carrying(&mark).is_empty()),
            "left running: {:?}; {context}",
            carrying(&mark)
        );
    }
}

/// SIGTERM while a C compile runs (here one that would take 5 minutes) kills the compiler and
/// its programs at once, compiles nothing again, and reports every test as interrupted. Signals
/// nothing sends on purpose (SIGUSR1, SIGUSR2, SIGALRM) are ignored, not fatal. Before: the
/// harness waited for the compile, Ctrl-C made it compile the same unit again, and SIGUSR1 or
/// SIGALRM killed it with no report.
#[test]
fn sigterm_during_a_compile_kills_it_and_stray_signals_are_ignored() {
    use std::os::unix::fs::PermissionsExt;
    let binary = test_binary("hostile-c", "hangs");
    let tmp = TempDir::new("cancel-compile");
    let log = tmp.path().join("compiles");
    let wrapper = tmp.path().join("slow-cc");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do if [ \"$a\" = -shared ]; then echo compile >> '{}'; sleep 300; fi; done\nexec cc \"$@\"\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let junit = tmp.path().join("junit.xml");
    let mark = format!("{}-compile", std::process::id());
    let child = ffi_test_suite::command(&binary)
        .args(["--junit", junit.to_str().unwrap()])
        .env("CC", &wrapper)
        .env("FFI_TEST_CACHE_DIR", tmp.path().join("cache"))
        .env("FFI_TEST_CANCEL_MARK", &mark)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(
        wait_for(Duration::from_secs(60), || log.exists()),
        "the compile did not start"
    );
    for signal in [libc::SIGUSR1, libc::SIGUSR2, libc::SIGALRM, libc::SIGTERM] {
        // SAFETY: kill(2) on the harness we started.
        unsafe { libc::kill(child.id() as i32, signal) };
        std::thread::sleep(Duration::from_millis(100));
    }
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let context = format!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(started.elapsed() < Duration::from_secs(10), "{context}");
    assert_eq!(out.status.code(), Some(128 + libc::SIGTERM), "{context}");
    assert!(stdout.contains("subjects:"), "{context}");
    for test in [
        "hang__c_waits_forever_with_a_helper__then_interrupted",
        "hang__rust_sleeps_forever__then_interrupted",
    ] {
        let report = ffi_test_suite::failure_of(&stdout, test)
            .unwrap_or_else(|| panic!("{test}: {context}"));
        assert!(
            report.contains("interrupted: the run received SIGTERM"),
            "{report}"
        );
    }
    assert!(junit.exists(), "{context}");
    let compiles = std::fs::read_to_string(&log).unwrap();
    assert_eq!(compiles.lines().count(), 1, "compiled again: {context}");
    assert!(
        wait_for(Duration::from_secs(5), || carrying(&mark).is_empty()),
        "left running: {:?}",
        carrying(&mark)
    );
}
