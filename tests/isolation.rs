//! End-to-end: every test in its own process. The crash corpus (examples/crash-corpus) takes its
//! process down in eleven ways; each must fail (or, with its expectation, be expected by) only its
//! own test, with the right reason, while the rest pass and libtest's summary line still comes.

use ffi_test_suite::{failure_of, run, test_binary, tests_with_outcome, TempDir};

/// Each crash, and what its report must say: the signal, how it came, and where (the C line
/// that faulted and the Rust line that called it; a frame in the C library is shown above its
/// caller's line).
const CRASHES: [(&str, &[&str]); 11] = [
    (
        "crash__c_dereferences_null__then_sigsegv_reported",
        &[
            "SIGSEGV",
            "signal 11",
            "at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)",
            "where (innermost first):\n    read_through_null (",
            "crashes.rs:14)\n    crashes::crash__c_dereferences_null__then_sigsegv_reported (",
            "crashes.rs:22)",
        ],
    ),
    (
        "crash__c_calls_abort__then_sigabrt_and_last_output_reported",
        &[
            "SIGABRT",
            "C is about to abort",
            "raised by the process itself: abort()",
            "    print_then_abort (",
            "crashes.rs:28)\n    crashes::crash__c_calls_abort__then_sigabrt_and_last_output_reported (",
        ],
    ),
    (
        "crash__c_recurses_without_end__then_stack_overflow_reported",
        &[
            "SIGABRT",
            "stack overflow",
            "it began with SIGSEGV",
            "stack overflow (the address is in the guard below a thread's stack",
            "    recurse_forever (",
            "crashes.rs:43) (x",
        ],
    ),
    (
        "crash__c_reads_a_truncated_mapping__then_sigbus_reported",
        &[
            "SIGBUS",
            "signal 7",
            "(BUS_ADRERR: past the end of a mapped file that was truncated?)",
            "    read_past_end_of_mapped_file (",
            "crashes.rs:63)",
        ],
    ),
    (
        "crash__c_divides_by_zero__then_sigfpe_reported",
        &[
            "SIGFPE",
            "signal 8",
            "integer division by zero (FPE_INTDIV)",
            "where (innermost first):\n    divide (",
            "crashes.rs:76)",
        ],
    ),
    (
        "crash__c_calls_exit_3__then_exit_code_reported",
        &[
            "exited with code 3 before the test finished: exit() was called\n  \
             where (innermost first):\n    leave_with_3 (",
            "crashes.rs:88)\n    crashes::crash__c_calls_exit_3__then_exit_code_reported (",
        ],
    ),
    (
        "crash__c_loops_forever__then_timeout_reported",
        &[
            "timed out after 1.0s",
            "SIGTERM",
            "where it was when stopped (innermost first):\n    spin_forever (",
            "crashes.rs:99)\n    crashes::crash__c_loops_forever__then_timeout_reported (",
        ],
    ),
    (
        // A timeout with two threads: where each one was (the test's thread waiting for the
        // other, which spins), each under its thread's id and name.
        "crash__c_waits_for_a_spinning_thread__then_every_threads_place_reported",
        &[
            "timed out after 1.0s",
            "where it was when stopped, thread ",
            "    wait_for_worker (",
            "crashes.rs:174)\n    crashes::crash__c_waits_for_a_spinning_thread__then_every_threads_place_reported (",
            "crashes.rs:182)\n  thread ",
            " 'spinner' (innermost first):\n    spin_in_worker (",
            "crashes.rs:168)",
        ],
    ),
    (
        // A C thread has no alternate signal stack: its overflow kills the process before any
        // handler runs, and the report says so instead of nothing.
        "crash__c_thread_overflows_its_stack__then_why_no_report_said",
        &[
            "the test process was killed by SIGSEGV (invalid memory reference), signal 11\n  no crash report came: the process died before its handler could run, as it does when a thread with no alternate signal stack (a thread C started) overflows its stack; --keep-core DIR keeps its core",
        ],
    ),
    (
        "crash__rust_panic_escapes_extern_c__then_abort_reported",
        &[
            "SIGABRT",
            "unwind out of an `extern \"C\"` function",
            "more frames of Rust's runtime, to core::panicking::panic_cannot_unwind\n    crashes::crash__rust_panic_escapes_extern_c__then_abort_reported::panics (",
            "    call_back (",
            "crashes.rs:110)",
        ],
    ),
    (
        "crash__c_passes_null_to_strlen__then_callers_line_reported",
        &[
            "SIGSEGV",
            "(a NULL pointer dereferenced)",
            // glibc is stripped: its own frame is named from libc6-dbg's separate debug file
            // (which of its strlens the CPU chose varies).
            "where (innermost first):\n    __strlen_",
            " (./string/../sysdeps/x86_64/multiarch/strlen-",
            "    length_of_null (",
            "crashes.rs:126)\n    crashes::crash__c_passes_null_to_strlen__then_callers_line_reported (",
            "crashes.rs:134)",
        ],
    ),
];

const PASSING: [&str; 3] = [
    "passing__c_body_prints_and_adds__then_sum_returned",
    "passing__plain_rust__then_ok",
    "passing__sorted_after_the_crashes__then_still_runs",
];

fn last_line(stdout: &str) -> &str {
    stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
}

#[test]
fn each_crash_kind_fails_only_its_own_test_with_its_reason() {
    let junit = TempDir::new("junit");
    let report = junit.path().join("nested/report.xml");
    let out = run(
        &test_binary("crash-corpus", "crashes"),
        &["--ignore-expectations", "--junit", report.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let mut expected_failures: Vec<&str> = CRASHES.iter().map(|(name, _)| *name).collect();
    expected_failures.sort();
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        expected_failures,
        "{}",
        out.both()
    );
    assert_eq!(tests_with_outcome(&out.stdout, "ok"), PASSING);
    for (name, reasons) in CRASHES {
        let failure = failure_of(&out.stdout, name)
            .unwrap_or_else(|| panic!("no report for {name}:\n{}", out.stdout));
        for reason in reasons {
            assert!(
                failure.contains(reason),
                "{name}: report lacks {reason:?}:\n{failure}"
            );
        }
    }
    assert!(
        last_line(&out.stdout).starts_with("test result: FAILED. 3 passed; 11 failed;"),
        "{}",
        last_line(&out.stdout)
    );

    // The JUnit report: valid XML, one testcase per test, crashes and timeouts typed.
    let xml = std::fs::read_to_string(&report).expect("JUnit report written");
    let doc =
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{xml}"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 14);
    let failure_type = |test: &str| {
        let case = cases
            .iter()
            .find(|c| c.attribute("name") == Some(test))
            .expect(test);
        case.children()
            .find(|n| n.has_tag_name("failure"))
            .and_then(|f| f.attribute("type"))
            .map(str::to_string)
    };
    assert_eq!(
        failure_type("crash__c_dereferences_null__then_sigsegv_reported").as_deref(),
        Some("crash")
    );
    assert_eq!(
        failure_type("crash__c_loops_forever__then_timeout_reported").as_deref(),
        Some("timeout")
    );
    assert_eq!(
        failure_type("crash__c_calls_exit_3__then_exit_code_reported").as_deref(),
        Some("exit")
    );
    assert_eq!(failure_type("passing__plain_rust__then_ok"), None);
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(
        (suite.attribute("tests"), suite.attribute("failures")),
        (Some("14"), Some("11"))
    );
}

#[test]
fn with_expectations_the_crash_corpus_passes() {
    let out = run(&test_binary("crash-corpus", "crashes"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(
        last_line(&out.stdout).starts_with("test result: ok. 14 passed; 0 failed;"),
        "{}",
        out.stdout
    );
}

#[test]
fn c_output_appears_in_its_own_tests_output() {
    let out = run(
        &test_binary("crash-corpus", "crashes"),
        &[
            "passing__c_body_prints_and_adds__then_sum_returned",
            "--exact",
            "--show-output",
        ],
    );
    assert!(out.status.success(), "{}", out.both());
    let block = out
        .stdout
        .split("---- passing__c_body_prints_and_adds__then_sum_returned output ----\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no output block:\n{}", out.stdout));
    assert!(block.starts_with("C adds 2 and 3\n"), "{block}");
}

#[test]
fn in_process_mode_skips_tests_that_expect_a_crash_and_says_why() {
    let out = run(
        &test_binary("crash-corpus", "crashes"),
        &["--in-process", "passing__"],
    );
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(tests_with_outcome(&out.stdout, "ok"), PASSING);
    let abort = run(
        &test_binary("crash-corpus", "crashes"),
        &[
            "--in-process",
            "crash__c_calls_abort__then_sigabrt_and_last_output_reported",
        ],
    );
    assert!(
        abort
            .stdout
            .contains("ignored (expects a crash (SIGABRT): runs only isolated"),
        "{}",
        abort.both()
    );
}

#[test]
fn unexpected_pass_of_a_busted_test_fails_the_run_and_busted_is_counted_apart() {
    let out = run(
        &test_binary("broken-c-bodies", "expectations"),
        &["--skip", "slow__"],
    );
    assert!(!out.status.success());
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [
            "stale__busted_test_now_passes__then_run_fails",
            "stale__expected_failure_now_passes__then_run_fails"
        ],
        "{}",
        out.both()
    );
    let busted = failure_of(&out.stdout, "stale__busted_test_now_passes__then_run_fails").unwrap();
    assert!(
        busted.contains("unexpected pass")
            && busted.contains("expect = busted")
            && busted.contains("stale"),
        "{busted}"
    );
    assert!(
        out.stdout.contains("known: 0 passed; 0 failed; 1 busted"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("scoped: 1 passed; 0 failed"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("listed: 1 passed; 0 failed"),
        "{}",
        out.stdout
    );
}

#[test]
fn timeout_from_the_command_line_applies_to_tests_without_their_own() {
    let bin = test_binary("broken-c-bodies", "expectations");
    let out = run(&bin, &["slow__", "--timeout", "1s"]);
    let failure = failure_of(
        &out.stdout,
        "slow__sleeps_three_seconds__then_passes_unless_the_timeout_is_shorter",
    )
    .unwrap_or_else(|| panic!("{}", out.both()));
    assert!(failure.contains("timed out after 1.0s"), "{failure}");
    let out = run(&bin, &["slow__", "--timeout", "10s"]);
    assert!(out.status.success(), "{}", out.both());
}

/// `--keep-core DIR`: the crashing test's core is kept in `DIR/<test>/`, its report says where
/// and how to open it, and gdb opens it at the faulting C line. Where the kernel hands cores to
/// a program or a directory of its own, the flag is refused saying so.
#[test]
fn keep_core_keeps_a_core_that_gdb_opens_at_the_faulting_line() {
    let cores = TempDir::new("cores");
    let test = "crash__c_dereferences_null__then_sigsegv_reported";
    let binary = test_binary("crash-corpus", "crashes");
    let dir = cores.path().to_str().unwrap();
    let out = run(
        &binary,
        &["--ignore-expectations", "--keep-core", dir, "--exact", test],
    );
    // No test process to keep a core of: refused, saying why.
    let in_process = run(&binary, &["--keep-core", dir, "--in-process", test]);
    assert_eq!(in_process.status.code(), Some(2), "{}", in_process.both());
    assert!(
        in_process
            .stderr
            .contains("ffi-test: --keep-core: --in-process runs the tests in the harness itself"),
        "{}",
        in_process.both()
    );
    let pattern = std::fs::read_to_string("/proc/sys/kernel/core_pattern").unwrap();
    if pattern.starts_with('|') || pattern.starts_with('/') {
        assert_eq!(out.status.code(), Some(2), "{}", out.both());
        assert!(
            out.stderr.contains("ffi-test: --keep-core: this machine "),
            "{}",
            out.both()
        );
        return;
    }
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    let kept = cores.path().canonicalize().unwrap().join(test);
    let core = std::fs::read_dir(&kept)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("core"))
        .unwrap_or_else(|| panic!("no core in {}:\n{report}", kept.display()));
    assert!(
        report.contains(&format!(
            "\n  core kept: {}\n  open it: gdb ",
            core.display()
        )),
        "{report}"
    );
    let gdb = std::process::Command::new("gdb")
        .args(["-batch", "-nx", "-ex", "bt"])
        .arg(&binary)
        .arg(&core)
        .output()
        .expect("gdb runs");
    let backtrace = String::from_utf8_lossy(&gdb.stdout);
    assert!(
        backtrace.contains("read_through_null") && backtrace.contains("crashes.rs:14"),
        "{backtrace}\n{}",
        String::from_utf8_lossy(&gdb.stderr)
    );
}

/// `--debug TEST`: the test's own process under a debugger (gdb in batch mode here, as
/// `FFI_TEST_DEBUGGER` names it), with the environment and C the harness gives it: gdb stops
/// at the fault and its backtrace names the C line. A name that is no test is refused.
#[test]
fn debug_runs_the_test_process_under_gdb_which_stops_at_the_fault() {
    let binary = test_binary("crash-corpus", "crashes");
    let test = "crash__c_dereferences_null__then_sigsegv_reported";
    // An empty C cache: the objects are compiled and proven to load in probe processes first,
    // which must not be started under the debugger (they were, and the run went astray).
    let cache = TempDir::new("debug-cache");
    let out = ffi_test_suite::run_with_env(
        &binary,
        &["--debug", test],
        &[
            ("FFI_TEST_DEBUGGER", "gdb -batch -nx -ex run -ex bt"),
            ("FFI_TEST_CACHE_DIR", cache.path().to_str().unwrap()),
        ],
    );
    assert!(
        out.stdout.contains("received signal SIGSEGV"),
        "{}",
        out.both()
    );
    let backtrace = out.stdout.split("received signal SIGSEGV").nth(1).unwrap();
    assert!(
        backtrace.contains("read_through_null") && backtrace.contains("crashes.rs:14"),
        "{}",
        out.both()
    );
    assert!(
        out.stderr.contains("ffi-test: --debug: `gdb` ended"),
        "{}",
        out.both()
    );
    let none = run(&binary, &["--debug", "no_such_test"]);
    assert_eq!(none.status.code(), Some(2), "{}", none.both());
    assert!(
        none.stderr
            .contains("ffi-test: --debug: no test is named `no_such_test`"),
        "{}",
        none.both()
    );
}

/// lldb launches its inferior with every descriptor but the standard ones closed, the harness's
/// verdict channel among them: a debugged test process does without it (the run is not
/// judged), and lldb stops at the fault and shows its line, the source found through the C
/// body's debug information.
#[test]
fn debug_runs_the_test_process_under_lldb_which_stops_at_the_fault() {
    let binary = test_binary("crash-corpus", "crashes");
    let test = "crash__c_dereferences_null__then_sigsegv_reported";
    let out = ffi_test_suite::run_with_env(
        &binary,
        &["--debug", test],
        &[("FFI_TEST_DEBUGGER", "lldb --batch -o run -o bt")],
    );
    let stop = out
        .stdout
        .split("stop reason = signal SIGSEGV")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", out.both()));
    assert!(
        stop.contains("read_through_null at crashes.rs:14") && stop.contains("-> 14"),
        "{}",
        out.both()
    );
    assert!(!out.both().contains("no verdict channel"), "{}", out.both());
    assert!(
        out.stderr.contains("ffi-test: --debug: `lldb` ended"),
        "{}",
        out.both()
    );
}

/// nextest runs each test as `--exact NAME` and passes no harness flag: with
/// `FFI_TEST_DEBUGGER` set, that process is the `--debug` one, and gdb stops at the fault.
#[test]
fn debug_under_nextest_comes_through_its_exact_process() {
    let test = "crash__c_dereferences_null__then_sigsegv_reported";
    let out = ffi_test_suite::cargo()
        .args(["nextest", "run", "--no-capture", "--color", "never"])
        .args(["-p", "crash-corpus", "--test", "crashes", "-E"])
        .arg(format!("test(={test})"))
        .env("FFI_TEST_DEBUGGER", "gdb -batch -nx -ex run -ex bt")
        .output()
        .expect("run cargo nextest (install it: cargo install cargo-nextest)");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let backtrace = text
        .split("received signal SIGSEGV")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        backtrace.contains("read_through_null") && backtrace.contains("crashes.rs:14"),
        "{text}"
    );
    assert!(text.contains("ffi-test: --debug: `gdb` ended"), "{text}");
}

/// A crash inside a library without debug information (Debian's zlib) is named by the
/// exported symbol whose range holds it and the offset into it, then the caller's line.
#[test]
fn a_crash_in_a_library_without_debug_information_shows_symbol_and_offset() {
    let out = run(
        &test_binary("zlib-sys-example", "crash"),
        &["--ignore-expectations"],
    );
    let test = "zlib__inflate_end_of_a_bad_pointer__then_crash_in_libz_reported";
    let report = failure_of(&out.stdout, test).unwrap_or_else(|| panic!("{}", out.both()));
    let frame = report
        .split("where (innermost first):\n    ")
        .nth(1)
        .unwrap_or_else(|| panic!("{report}"));
    assert!(frame.starts_with("inflateEnd+0x"), "{report}");
    assert!(
        frame.contains("libz.so.1") && frame.contains(", no line information)\n    crash::zlib__inflate_end_of_a_bad_pointer__then_crash_in_libz_reported ("),
        "{report}"
    );
    assert!(report.contains("crash.rs:11)"), "{report}");
    let expected = run(&test_binary("zlib-sys-example", "crash"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
}
