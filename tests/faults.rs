//! Fault-injection sweeps end to end (examples/fault-sweep): the planted bugs found at the
//! allocations and calls that expose them, with the C line; the fixed store passing every run;
//! Rust's own allocations and I/O neither counted nor failed.

use ffi_test_suite::{failure_of, run, test_binary, tests_with_outcome};

const SWEPT: &str = "store__open_add_close__then_every_failure_handled";
const LOAD: &str = "store__load_interrupted__then_every_entry_loaded";
const SAVE: &str = "store__save_interrupted_or_short__then_every_line_written";
const WRAPPER: &str = "wrapper__read_interrupted__then_whole_file";
const C_BODY: &str = "c_body__join__then_copy_or_error";

#[test]
fn the_planted_bugs_are_found_at_their_allocations_with_the_c_line() {
    let out = run(
        &test_binary("fault-sweep", "planted"),
        &["--ignore-expectations"],
    );
    let mut failed = tests_with_outcome(&out.stdout, "FAILED");
    failed.sort();
    assert_eq!(
        failed,
        [C_BODY, LOAD, SWEPT, SAVE, WRAPPER],
        "{}",
        out.both()
    );
    let report = failure_of(&out.stdout, SWEPT).unwrap();
    for needle in [
        "fault sweep: C made 10 allocations in the test; 10 runs, each with the k-th allocation failing: 2 not handled (8 handled):",
        // The table's calloc failing: store_open writes through NULL.
        "  k=3 calloc(64): killed by SIGSEGV",
        // The table's growth failing: store_add frees the table store_close frees again.
        "  k=8 realloc(128): killed by SIG",
    ] {
        assert!(report.contains(needle), "{needle}:\n{report}");
    }
    // Each allocation's place in C, then its Rust caller (paths as the compiler recorded them).
    for (function, place) in [
        ("store_open", "csrc/store.c:33)"),
        ("store_add", "csrc/store.c:48)"),
        ("fault_sweep::open_add_close", "src/lib.rs:"),
    ] {
        assert!(
            report.lines().any(|l| {
                let l = l.trim_start();
                (l.starts_with(&format!("at {function} ("))
                    || l.starts_with(&format!("from {function} (")))
                    && l.contains(place)
            }),
            "{function} at {place}:\n{report}"
        );
    }
    for k in [1, 2, 4, 5, 6, 7, 9, 10] {
        assert!(!report.contains(&format!("  k={k} ")), "k={k}:\n{report}");
    }
    let expected = run(&test_binary("fault-sweep", "planted"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

/// The load's read loop that takes EINTR for the end of its input, found at the first read
/// (the second, at the end of the input, is harmless); the save's unchecked writes found at
/// every write, interrupted and short. Only C's calls are counted: the test's own file I/O
/// (std's) and the harness's are not.
#[test]
fn the_planted_call_bugs_are_found_at_their_calls_with_the_c_line() {
    let out = run(
        &test_binary("fault-sweep", "planted"),
        &["--ignore-expectations"],
    );
    let load = failure_of(&out.stdout, LOAD).unwrap_or_else(|| panic!("{}", out.both()));
    for needle in [
        "fault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call failing with EINTR: 1 not handled (1 handled):\n  k=1 read(fd ",
        ", 63): the test failed (a correct program retries an interrupted call):\n        Error: \"loaded 0 of 3 entries\"\n      at read_all (",
        "csrc/store.c:88)\n      from store_load (",
        "csrc/store.c:106)\n      from fault_sweep::load (",
    ] {
        assert!(load.contains(needle), "{needle}:\n{load}");
    }
    assert!(!load.contains("  k=2 "), "{load}");
    let save = failure_of(&out.stdout, SAVE).unwrap_or_else(|| panic!("{}", out.both()));
    for needle in [
        "fault sweep: the code under test made 3 calls of write; 3 runs, each with the k-th call failing with EINTR: 3 not handled (0 handled):",
        "fault sweep: the code under test made 3 calls of write; 3 runs, each with the k-th call returning a short count: 3 not handled (0 handled):",
        "  k=2 write(fd ",
        ", 8): the test failed (a correct program continues after a short count):\n        Error: \"the file holds \\\"key-0=0\\\\nkey-key-2=2\\\\n\\\"\"\n      at store_save (",
    ] {
        assert!(save.contains(needle), "{needle}:\n{save}");
    }
    assert_eq!(save.matches("csrc/store.c:133)\n").count(), 6, "{save}");
    // A Rust wrapper's own loop over libc::read is code under test too.
    let wrapper = failure_of(&out.stdout, WRAPPER).unwrap_or_else(|| panic!("{}", out.both()));
    for needle in [
        "fault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call failing with EINTR: 1 not handled (1 handled):\n  k=1 read(fd ",
        ", 64): the test failed (a correct program retries an interrupted call):\n        Error: \"read \\\"\\\"\"\n        --- output ---\n        read_to_end_planted: read failed (Interrupted system call (os error 4)): taken for the end\n      at planted::read_to_end_planted (",
    ] {
        assert!(wrapper.contains(needle), "{needle}:\n{wrapper}");
    }
}

/// A C body's unchecked malloc, found at its allocation, named by the Rust line the body's
/// malloc is written on; the same store linked as a shared library, its bugs found at the same
/// allocations and calls with the same C lines.
#[test]
fn c_bodies_and_shared_libraries_are_swept_alike() {
    let source = std::fs::read_to_string(format!(
        "{}/examples/fault-sweep/tests/planted.rs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let malloc_line = 1 + source
        .lines()
        .position(|l| l.contains("char *out = malloc(la + lb + 1);"))
        .unwrap();
    let out = run(
        &test_binary("fault-sweep", "planted"),
        &["--ignore-expectations", "--exact", C_BODY],
    );
    let report = failure_of(&out.stdout, C_BODY).unwrap_or_else(|| panic!("{}", out.both()));
    let needle = "fault sweep: C made 1 allocation in the test; 1 run, each with the k-th allocation failing: 1 not handled (0 handled):\n  k=1 malloc(6): killed by SIGSEGV (invalid memory reference), signal 11\n      at joined (";
    assert!(report.contains(needle), "{needle}:\n{report}");
    assert!(
        report.contains(&format!("tests/planted.rs:{malloc_line})\n      from planted::c_body__join__then_copy_or_error (")),
        "line {malloc_line}:\n{report}"
    );
    // What the crashed run printed, under its stack: no --nocapture needed.
    let own = "\n      its output:\n        c_body: joining \"key-\" and \"7\"";
    assert!(report.contains(own), "{own}:\n{report}");

    let shared = run(
        &test_binary("fault-sweep", "shared"),
        &["--ignore-expectations"],
    );
    let report = failure_of(&shared.stdout, SWEPT).unwrap_or_else(|| panic!("{}", shared.both()));
    for (needle, line) in [
        ("10 runs, each with the k-th allocation failing: 2 not handled (8 handled):\n  k=3 calloc(64): killed by SIGSEGV (invalid memory reference), signal 11\n      at store_open (", "csrc/store.c:33)"),
        ("\n  k=8 realloc(128): killed by SIG", "csrc/store.c:48)"),
    ] {
        let at = report.find(needle).unwrap_or_else(|| panic!("{needle}:\n{report}"));
        let rest = &report[at + needle.len()..];
        let next = rest.lines().find(|l| l.contains("csrc/store.c:")).unwrap();
        assert!(next.ends_with(line), "{line}:\n{report}");
    }
    // Beside the failed call's stack, where the run crashed: the NULL calloc gave, used nine
    // lines further on.
    let crash = "      the crash:\n        at address 0x0: nothing is mapped there (SEGV_MAPERR) (a NULL pointer dereferenced)\n        where (innermost first):\n          store_open (";
    let at = report
        .find(crash)
        .unwrap_or_else(|| panic!("{crash}:\n{report}"));
    let line = report[at + crash.len()..].lines().next().unwrap();
    assert!(line.ends_with("csrc/store.c:42)"), "{line}:\n{report}");
    let report = failure_of(&shared.stdout, LOAD).unwrap_or_else(|| panic!("{}", shared.both()));
    assert!(
        report.contains("1 not handled (1 handled):\n  k=1 read(fd "),
        "{report}"
    );
    assert!(
        report.contains("csrc/store.c:88)\n      from store_load ("),
        "{report}"
    );
    let expected = run(&test_binary("fault-sweep", "shared"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
}

/// Under valgrind the same three, each reported by valgrind against its k with the C line (the
/// injector's allocation functions kept: valgrind replaces only the C library's); the fixed
/// store runs clean, its call sweeps included.
#[test]
fn under_valgrind_the_planted_bugs_are_found_and_the_fixed_store_is_clean() {
    let out = run(
        &test_binary("fault-sweep", "planted"),
        &["--ignore-expectations", "--valgrind", "--exact", SWEPT],
    );
    let report = failure_of(&out.stdout, SWEPT).unwrap_or_else(|| panic!("{}", out.both()));
    for (needle, line) in [
        ("10 runs, each with the k-th allocation failing: 3 not handled (7 handled):\n  k=2 strdup(10): leak (valgrind)\n      at store_open (", "csrc/store.c:23)"),
        ("\n  k=3 calloc(64): invalid-access (valgrind)\n      at store_open (", "csrc/store.c:33)"),
        ("\n  k=8 realloc(128): heap-use-after-free (valgrind)\n      at store_add (", "csrc/store.c:48)"),
    ] {
        let at = report.find(needle).unwrap_or_else(|| panic!("{needle}:\n{report}"));
        let rest = &report[at + needle.len()..];
        assert!(rest.lines().next().unwrap().ends_with(line), "{line}:\n{report}");
    }
    let fixed = run(&test_binary("fault-sweep", "fixed"), &["--valgrind"]);
    assert!(fixed.status.success(), "{}", fixed.both());
}

/// Under AddressSanitizer the sweep also finds what only a checker sees: the leak when the
/// name's copy fails (k=2), with the same crashes at k=3 and k=8 reported by ASan.
#[test]
fn under_address_sanitizer_the_planted_leak_is_found_too() {
    let out = run(
        &test_binary("fault-sweep", "planted"),
        &["--ignore-expectations", "--sanitize", "address"],
    );
    let report = failure_of(&out.stdout, SWEPT).unwrap_or_else(|| panic!("{}", out.both()));
    for needle in [
        "10 runs, each with the k-th allocation failing: 3 not handled (7 handled):",
        "  k=2 strdup(10): leak (AddressSanitizer)",
        "  k=3 calloc(64): SEGV (AddressSanitizer)",
        "  k=8 realloc(128): ",
    ] {
        assert!(report.contains(needle), "{needle}:\n{report}");
    }
    let after_k2: Vec<&str> = report.lines().skip_while(|l| !l.contains("k=2 ")).collect();
    assert!(
        after_k2.get(1).is_some_and(
            |l| l.trim_start().starts_with("at store_open (") && l.contains("csrc/store.c:23)")
        ),
        "the leak's allocation, store_open's strdup:\n{report}"
    );
    let fixed = run(
        &test_binary("fault-sweep", "fixed"),
        &["--sanitize", "address", "--exact", SWEPT],
    );
    assert!(fixed.status.success(), "{}", fixed.both());
}

#[test]
fn the_fixed_store_handles_every_failure_in_each_mode() {
    let out = run(&test_binary("fault-sweep", "fixed"), &["--show-output"]);
    assert!(out.status.success(), "{}", out.both());
    for summary in [
        "fault sweep: C made 10 allocations in the test; 10 runs, each with the k-th allocation failing: every failure handled (10 runs)",
        "fault sweep: C made 10 allocations in the test; 10 runs, each with every allocation from the k-th on failing: every failure handled (10 runs)",
        "fault sweep: C made 10 allocations in the test; 4 runs (max = 4: the first 4 of them), each with the k-th allocation failing: every failure handled (4 runs)",
        "fault sweep: C made 10 allocations in the test; 3 runs (sample = 3 of them, seed 0x",
        "fault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call failing with EINTR: every failure handled (2 runs)",
        "fault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call failing with EIO: every failure handled (2 runs)",
        "fault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call returning a short count: every failure handled (2 runs)",
        "fault sweep: the code under test made 3 calls of write; 3 runs, each with the k-th call failing with EINTR: every failure handled (3 runs)",
        "fault sweep: the code under test made 3 calls of write; 3 runs, each with the k-th call failing with ENOSPC: every failure handled (3 runs)",
        "fault sweep: the code under test made 3 calls of write; 3 runs, each with the k-th call returning a short count: every failure handled (3 runs)",
        "---- c_body__join__then_copy_or_error output ----\nfault sweep: C made 1 allocation in the test; 1 run, each with the k-th allocation failing: every failure handled (1 run)",
        "---- wrapper__read_failing__then_error output ----\nfault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call failing with EIO: every failure handled (2 runs)",
        "---- wrapper__read_interrupted__then_whole_file output ----\nfault sweep: the code under test made 2 calls of read; 2 runs, each with the k-th call failing with EINTR: every failure handled (2 runs)",
    ] {
        assert!(out.stdout.contains(summary), "{summary}:\n{}", out.stdout);
    }
    // The printed seed replays the same runs.
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("sample = 3 of them"))
        .unwrap();
    let seed = line
        .split("FFI_TEST_FAULT_SEED=")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let replay = ffi_test_suite::command(&test_binary("fault-sweep", "fixed"))
        .env("FFI_TEST_FAULT_SEED", seed)
        .args([
            "--show-output",
            "--exact",
            "store__open_add_close_sampled__then_handled",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&replay.stdout).contains(line.trim()),
        "{line}:\n{}",
        String::from_utf8_lossy(&replay.stdout)
    );
}

/// Tens of thousands of Rust allocations around a C function that allocates three times:
/// exactly three are counted, and three runs made.
#[test]
fn rust_allocations_are_neither_counted_nor_failed() {
    let out = run(
        &test_binary("fault-sweep", "rust_allocations"),
        &["--show-output"],
    );
    assert!(out.status.success(), "{}", out.both());
    assert!(
        out.stdout.contains("fault sweep: C made 3 allocations in the test; 3 runs, each with the k-th allocation failing: every failure handled (3 runs)"),
        "{}",
        out.stdout
    );
}

/// `--fail-allocs` sweeps every test of a run; `--in-process` cannot sweep and says so.
#[test]
fn the_run_wide_flag_sweeps_and_in_process_refuses() {
    let binary = test_binary("fault-sweep", "rust_allocations");
    let out = run(&binary, &["--in-process"]);
    assert!(
        out.stdout
            .contains("ignored (a fault-injection sweep runs only isolated, not --in-process)")
            || out
                .stdout
                .contains("a fault-injection sweep runs only isolated"),
        "{}",
        out.both()
    );
    let registry = run(
        &test_binary("registry", "ffi"),
        &[
            "--fail-allocs",
            "--show-output",
            "--exact",
            "registry__duplicate_id__then_error_carries_c_message",
        ],
    );
    assert!(
        registry.stdout.contains("fault sweep: C made 1 allocation in the test; 1 run, each with the k-th allocation failing: every failure handled (1 run)"),
        "{}",
        registry.both()
    );
}

/// Under nextest's contract (one process per test, `NAME --exact --nocapture`, judged by the
/// exit status alone) a sweep is the same: the planted store's fails, with its report; the
/// fixed store's passes.
#[test]
fn a_sweep_keeps_its_verdict_under_the_nextest_contract() {
    let nextest = [("NEXTEST_EXECUTION_MODE", "process-per-test")];
    let planted = ffi_test_suite::run_with_env(
        &test_binary("fault-sweep", "planted"),
        &[SWEPT, "--exact", "--nocapture", "--ignore-expectations"],
        &nextest,
    );
    assert_eq!(planted.status.code(), Some(101), "{}", planted.both());
    assert!(
        planted
            .stdout
            .contains("  k=3 calloc(64): killed by SIGSEGV"),
        "{}",
        planted.both()
    );
    let fixed = ffi_test_suite::run_with_env(
        &test_binary("fault-sweep", "fixed"),
        &[SWEPT, "--exact", "--nocapture"],
        &nextest,
    );
    assert!(fixed.status.success(), "{}", fixed.both());
}

/// Debian's zlib swept: every allocation of a compression round trip and of a stream, every
/// open/read/write/close of a gzip file failing with EIO and with ENOSPC: all handled (zlib
/// reports each), no false failure. Its one real gap, found: gzread gives up on a read
/// interrupted by EINTR. zlib is stripped: its frames are named only where a symbol's range
/// holds them, never by the nearest exported symbol.
#[test]
fn debian_zlib_handles_every_failure_but_an_interrupted_read() {
    let out = run(
        &test_binary("zlib-sys-example", "sweep"),
        &["--ignore-expectations", "--show-output"],
    );
    for summary in [
        "fault sweep: C made 6 allocations in the test; 6 runs, each with the k-th allocation failing: every failure handled (6 runs)",
        "fault sweep: the code under test made 7 calls of open, write, read, close; 7 runs, each with the k-th call failing with EIO: every failure handled (7 runs)",
        "fault sweep: the code under test made 7 calls of open, write, read, close; 7 runs, each with the k-th call failing with ENOSPC: every failure handled (7 runs)",
    ] {
        assert!(out.stdout.contains(summary), "{summary}:\n{}", out.both());
    }
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        ["zlib__gzip_file_read_interrupted__then_whole_file"],
        "{}",
        out.both()
    );
    let report = failure_of(
        &out.stdout,
        "zlib__gzip_file_read_interrupted__then_whole_file",
    )
    .unwrap();
    assert!(
        report.contains("2 runs, each with the k-th call failing with EINTR: 2 not handled (0 handled):\n  k=1 read(fd "),
        "{report}"
    );
    assert!(
        report.contains("libz.so.1 (no line information)\n      from sweep::write_then_read ("),
        "{report}"
    );
    assert!(!report.contains("gzclearerr"), "{report}");
    let expected = run(&test_binary("zlib-sys-example", "sweep"), &[]);
    assert!(expected.status.success(), "{}", expected.both());
}
