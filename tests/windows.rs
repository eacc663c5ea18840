//! Windows targets from Linux, verified without running (`cargo ffi-test verify`): test
//! binaries built for x86_64-pc-windows-gnu and i686-pc-windows-gnu are PE files, read through
//! the `object` crate; C's facts are compiled by mingw-w64's gcc into COFF objects and read
//! back. And the harness itself run on Windows, under Wine: Rust-bodied tests in processes of
//! their own, each in a Job Object. .ci/run installs mingw-w64, its zlib, Wine and the rustup
//! targets.

use std::path::Path;
use std::process::Command;

use ffi_test_suite::{
    assert_caught, assert_outcomes, failure_of, run, test_binary, tests_with_outcome,
    verify_run_free, verify_test_binary, workspace_root, TempDir,
};

const X86_64: &str = "x86_64-pc-windows-gnu";
const I686: &str = "i686-pc-windows-gnu";

/// Bindings of csrc/portable.h written on LP64 Linux: `long` as `i64`, `wchar_t` as `u32`, an
/// enum as wide as `long`. Each is caught for both Windows targets, word for word, and their
/// portable twins pass; with the suite's expectations (busted on Windows) it passes.
#[test]
fn lp64_bindings_are_caught_for_windows_without_running() {
    for target in [X86_64, I686] {
        let binary = verify_test_binary("windows-bindings", "planted", target);
        let raw = verify_run_free(&binary, target, &["--ignore-expectations"]);
        assert_eq!(
            tests_with_outcome(&raw.stdout, "FAILED"),
            [
                "limit_as_i64__layout__then_matches_c",
                "long_as_i64__layout__then_matches_c",
                "wchar_as_u32__layout__then_matches_c",
            ],
            "{target}: {}",
            raw.both()
        );
        for (test, report) in [
            (
                "long_as_i64__layout__then_matches_c",
                "layout of `LongAsI64` does not match C `struct long_holder`: 3 disagreements\n  \
                 field    Rust offset/size/kind  C offset/size/kind\n  \
                 (size)   8                      4\n  \
                 (align)  8                      4\n  \
                 v        0 / 8 / signed int     0 / 4 / signed int\n",
            ),
            (
                "wchar_as_u32__layout__then_matches_c",
                "layout of `WcharAsU32` does not match C `struct wchar_holder`: 3 disagreements\n  \
                 field    Rust offset/size/kind  C offset/size/kind\n  \
                 (size)   4                      2\n  \
                 (align)  4                      2\n  \
                 c        0 / 4 / unsigned int   0 / 2 / unsigned int\n",
            ),
            (
                "limit_as_i64__layout__then_matches_c",
                "layout of `LimitAsI64` does not match C `enum limit`: 3 disagreements\n  \
                 field                        Rust offset/size/kind  C offset/size/kind\n  \
                 (size)                       8                      4\n  \
                 (align)                      8                      4\n  \
                 LimitAsI64::Max (LIMIT_MAX)  = 9223372036854775807  = 2147483647\n",
            ),
        ] {
            let got = failure_of(&raw.stdout, test).unwrap();
            assert!(got.starts_with(report), "{target} {test}:\n{got}");
        }
        assert_eq!(
            tests_with_outcome(&raw.stdout, "ok"),
            [
                "limit__layout__then_matches_c",
                "long_holder__layout__then_matches_c",
                "sized__layout__then_matches_c",
                "wchar_holder__layout__then_matches_c",
            ],
            "{target}: {}",
            raw.both()
        );
        let suite = verify_run_free(&binary, target, &[]);
        assert!(suite.status.success(), "{target}: {}", suite.both());
        assert!(
            suite.stdout.contains(&format!(
                "for {target}, without running it: 7 checks compared"
            )),
            "{}",
            suite.stdout
        );
    }
    // On this machine (LP64) `long` and the enum are right; `wchar_t` is a signed `int` on
    // x86_64 Linux, so `u32` is wrong here too (expected busted everywhere but Arm Linux).
    let host = run(
        &test_binary("windows-bindings", "planted"),
        &["--ignore-expectations"],
    );
    assert_eq!(
        tests_with_outcome(&host.stdout, "FAILED"),
        ["wchar_as_u32__layout__then_matches_c"],
        "{}",
        host.both()
    );
}

/// zlib's bindgen output generated on x86_64 Linux, checked whole for Windows: its four items
/// of the System V `va_list`, the function taking one (`gzvprintf`: a pointer to the System V
/// record where Windows's `va_list` is a `char *`) and glibc's `__off_t` are reported, with why,
/// and nothing else (bindgen wrote `c_ulong` for `uLong`, right on both); on Linux all 154
/// checks pass.
#[test]
fn zlib_bindings_generated_on_linux_are_reported_where_windows_differs() {
    let binary = verify_test_binary("windows-bindings", "zlib", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "builtin_va_list__layout__then_matches_c",
            "gzvprintf__signature__then_matches_c",
            "off_t_2__layout__then_matches_c",
            "va_list__layout__then_matches_c",
            "va_list_tag__layout__then_matches_c",
        ],
        "{}",
        raw.both()
    );
    let va_list = failure_of(&raw.stdout, "va_list__layout__then_matches_c").unwrap();
    assert!(
        va_list.starts_with(
            "layout of `va_list` does not match C `va_list`: 2 disagreements\n  \
             field        Rust offset/size/kind  C offset/size/kind\n  \
             (size)       24                     8\n  \
             (type kind)  array                  pointer\n"
        ),
        "{va_list}"
    );
    let gzvprintf = failure_of(&raw.stdout, "gzvprintf__signature__then_matches_c").unwrap();
    assert!(
        gzvprintf.contains(
            "parameter 3 (`va`): Rust `*mut __va_list_tag` points to struct, union or enum, C \
             `va_list` to signed int (1 byte)"
        ),
        "{gzvprintf}"
    );
    let off_t = failure_of(&raw.stdout, "off_t_2__layout__then_matches_c").unwrap();
    assert!(
        off_t.starts_with(
            "layout of `__off_t` could not be compared with C `__off_t`: the C side does not compile."
        ) && off_t.contains("error: '__off_t' undeclared"),
        "{off_t}"
    );
    let tag = failure_of(&raw.stdout, "va_list_tag__layout__then_matches_c").unwrap();
    assert!(
        tag.contains("error: request for member 'gp_offset' in something not a structure or union"),
        "{tag}"
    );
    let suite = verify_run_free(&binary, X86_64, &[]);
    assert!(suite.status.success(), "{}", suite.both());
    assert!(
        suite
            .stdout
            .contains("test result: ok. 148 passed; 0 failed; 6 ignored"),
        "{}",
        suite.stdout
    );
    let host = run(&test_binary("windows-bindings", "zlib"), &[]);
    assert!(
        host.status.success()
            && host
                .stdout
                .contains("test result: ok. 154 passed; 0 failed"),
        "{}",
        host.both()
    );
}

/// broken-bindings' layouts, whose expectations name each target's facts: a C `long` bound as
/// `i64` is caught on both Windows targets; i686 Windows aligns a `double` member to 8 (i686
/// Linux to 4), so the binding busted on i686 Linux is right there; the whole suite passes.
#[test]
fn broken_bindings_layouts_hold_their_windows_expectations() {
    for target in [X86_64, I686] {
        let binary = verify_test_binary("broken-bindings", "layouts", target);
        let test = "long_as_i64__layout__then_matches_c";
        let raw = verify_run_free(&binary, target, &["--ignore-expectations", "--exact", test]);
        assert_caught(
            &raw,
            test,
            &["(size)   8                      4\n  (align)  8                      4"],
        );
        let suite = verify_run_free(&binary, target, &[]);
        assert!(
            suite.status.success()
                && suite
                    .stdout
                    .contains("test result: ok. 27 passed; 0 failed; 1 ignored"),
            "{target}: {}",
            suite.both()
        );
    }
    let binary = verify_test_binary("broken-bindings", "layouts", I686);
    let stamp = "stamp__layout__then_matches_c";
    let raw = verify_run_free(&binary, I686, &["--ignore-expectations", "--exact", stamp]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "ok"),
        [stamp],
        "{}",
        raw.both()
    );
}

/// A C++ member Rust lacks (it sits in Rust's padding) is found for Windows too: mingw-w64's
/// g++ writes a C++ member's offset as a location expression (`DW_OP_plus_uconst N`), which
/// was once read as offset 0 and the member passed unseen.
#[test]
fn a_cpp_member_rust_lacks_is_caught_for_windows_without_running() {
    let test = "gapped_missing_c__layout__then_matches_c";
    let binary = verify_test_binary("cpp-bodies", "cpp_types", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations", "--exact", test]);
    assert_caught(
        &raw,
        test,
        &["  c      (no such field)        5 / 1 / `uint8_t`"],
    );
}

/// Calling conventions on i686 Windows: a `__stdcall` function bound `extern "C"` and a C one
/// bound `extern "system"` are each named (the conventions as both sides see them), the right
/// bindings pass, and on x86_64 Windows (one convention) all four agree. A callback field
/// typed `extern "system" fn` is a function pointer to the layout check.
#[test]
fn a_stdcall_function_bound_extern_c_is_caught_on_i686_windows() {
    let binary = verify_test_binary("windows-bindings", "conventions", I686);
    let raw = verify_run_free(&binary, I686, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "plain_add_as_system__signature__then_matches_c",
            "portable_add_as_c__signature__then_matches_c",
            "thread_start_as_data__layout__then_matches_c",
        ],
        "{}",
        raw.both()
    );
    assert_eq!(
        failure_of(&raw.stdout, "portable_add_as_c__signature__then_matches_c")
            .unwrap()
            .trim_end(),
        "signature of `portable_add_as_c` does not match C `int portable_add(int, int)`:\n  \
         calling convention: Rust declares the C convention (cdecl), C stdcall"
    );
    assert_eq!(
        failure_of(
            &raw.stdout,
            "plain_add_as_system__signature__then_matches_c"
        )
        .unwrap()
        .trim_end(),
        "signature of `plain_add_as_system` does not match C `int plain_add(int, int)`:\n  \
         calling convention: Rust declares stdcall, C the C convention (cdecl)"
    );
    let suite = verify_run_free(&binary, I686, &[]);
    assert!(
        suite.status.success()
            && suite
                .stdout
                .contains("test result: ok. 4 passed; 0 failed; 2 ignored"),
        "{}",
        suite.both()
    );
    // An `extern "system"` callback field has a C kind (a function pointer), and a data
    // pointer in its place is caught where the sizes agree.
    assert_eq!(
        failure_of(&raw.stdout, "thread_start_as_data__layout__then_matches_c")
            .unwrap()
            .trim_end(),
        "layout of `ThreadStartAsData` does not match C `struct thread_start`: 1 disagreement\n  \
         field    Rust offset/size/kind  C offset/size/kind\n  \
         routine  0 / 4 / pointer        0 / 4 / fn pointer"
    );
    let binary = verify_test_binary("windows-bindings", "conventions", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        ["thread_start_as_data__layout__then_matches_c"],
        "{}",
        raw.both()
    );
}

/// The libc crate's Windows items that mingw-w64's C runtime headers declare (303: structs,
/// signatures, constants, aliases), verified for x86_64-pc-windows-gnu: exactly the seven
/// real differences the suite names fail (libc's `execvp` returns `c_int` where C has
/// `intptr_t`; its `stat` is C's `struct _stat64`; the Universal CRT's `L_tmpnam` and
/// `TMP_MAX`; `signal`'s integer handler), and mingw's inline `printf` family (variadic
/// definitions, once misread with their parameter names) and the pointer constant `SIG_ERR`
/// are compared like the rest.
#[test]
fn the_libc_crates_windows_items_hold_against_mingw_headers() {
    let binary = verify_test_binary("libc-surface", "windows_surface", X86_64);
    let raw = verify_run_free(&binary, X86_64, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "execve__signature__then_matches_c",
            "execvp__signature__then_matches_c",
            "execvpe__signature__then_matches_c",
            "l_tmpnam__value__then_matches_c",
            "signal__signature__then_matches_c",
            "stat__layout__then_matches_c",
            "tmp_max__value__then_matches_c",
        ],
        "{}",
        raw.both()
    );
    assert_eq!(
        failure_of(&raw.stdout, "execvp__signature__then_matches_c")
            .unwrap()
            .trim_end(),
        "signature of `execvp` does not match C `intptr_t _execvp(const char *, const char *const *)`:\n  \
         return: Rust `c_int` (4 bytes, signed int), C `intptr_t` (8 bytes, signed int)"
    );
    let stat = failure_of(&raw.stdout, "stat__layout__then_matches_c").unwrap();
    assert!(
        stat.contains("  st_size   24 / 8 / signed int    20 / 4 / signed int\n"),
        "{stat}"
    );
    let ok = tests_with_outcome(&raw.stdout, "ok");
    for compared in [
        "printf__signature__then_matches_c",
        "snprintf__signature__then_matches_c",
        "sig_err__value__then_matches_c",
    ] {
        assert!(
            ok.contains(&compared.to_string()),
            "{compared}: {}",
            raw.stdout
        );
    }
    let suite = verify_run_free(&binary, X86_64, &[]);
    assert!(
        suite.status.success()
            && suite
                .stdout
                .contains("without running it: 303 checks compared")
            && suite
                .stdout
                .contains("test result: ok. 303 passed; 0 failed"),
        "{}",
        suite.both()
    );
}

/// The harness on Windows, run under Wine: each test in a process of its own, in a Job Object
/// of its own. Every planted ending is reported word for word, each failing its test alone
/// (the passing tests around them pass); a crash is named by its exception, the address it
/// touched and the function at fault; a timeout ends the test and the process it started
/// (its heartbeat stops), and nothing else; the test with a C body of its own is refused with
/// the reason; the JUnit report has every verdict.
#[test]
#[ignore = "under Wine: `.ci/run --full`, or `cargo test --test windows -- --ignored`"]
fn under_wine_each_test_is_a_process_in_its_own_job_and_ends_alone() {
    harness_under_wine(
        X86_64,
        &[
            "the test process ended with exception 0xc0000409 (STATUS_STACK_BUFFER_OVERRUN: a \
             fast fail: the process ended itself at once, as Rust's abort does (a panic that \
             cannot unwind, a foreign exception) and `__fastfail`): a Rust panic tried to \
             unwind out of an `extern \"C\"` function\n--- last output before the end ---",
            "panic in a function that cannot unwind",
        ],
    );
}

/// The same on i686 (32-bit Windows, under Wine's WoW64): the same verdicts and reports, 32-bit
/// exception records and stack-overflow handling included, but for the panic that cannot
/// unwind, whose backtrace faults in Wine's 32-bit `strlen` before Rust aborts (the suite's
/// per-target expectation says why).
#[test]
#[ignore = "under Wine: `.ci/run --full`, or `cargo test --test windows -- --ignored`"]
fn under_wine_on_i686_each_test_is_a_process_in_its_own_job_and_ends_alone() {
    harness_under_wine(
        I686,
        &[
            "the test process ended with exception 0xc0000005 (EXCEPTION_ACCESS_VIOLATION: \
             invalid memory access): a Rust panic tried to unwind out of an `extern \"C\"` \
             function\n  reading address 0x0\n  at code address 0x",
            "(ucrtbase.dll+0x",
            "--- last output before the end ---",
            "panic in a function that cannot unwind",
        ],
    );
}

/// The harness suite of windows-bindings for `target` under Wine, every report checked; the
/// report of the panic escaping `extern "C"` is `escaped` (it differs between the targets).
fn harness_under_wine(target: &str, escaped: &[&str]) {
    // Built as the verification builds (see `VERIFY_RUSTFLAGS`): the same dependencies serve.
    let binary = verify_test_binary("windows-bindings", "harness", target);
    let dir = TempDir::new("wine-harness");
    let heartbeat = dir.path().join("heartbeat.exe");
    mingw_build(
        target,
        &workspace_root().join("examples/windows-bindings/wine/heartbeat.c"),
        &heartbeat,
        &[],
    );
    let (beats, junit) = (dir.path().join("beats.txt"), dir.path().join("junit.xml"));
    let junit_arg = windows_path(&junit);
    let out = wine(
        target,
        &binary,
        &["--ignore-expectations", "--junit", &junit_arg],
        &[
            ("FFI_TEST_HEARTBEAT", windows_path(&heartbeat)),
            ("FFI_TEST_HEARTBEAT_FILE", windows_path(&beats)),
        ],
    );
    let stdout = &out.stdout;
    assert!(
        stdout.contains("test result: FAILED. 2 passed; 10 failed; 1 ignored"),
        "{}",
        out.both()
    );
    let expected: &[(&str, &[&str])] = &[
        (
            "planted__assertion_fails__then_its_message_reported",
            &["test panicked: assertion `left == right` failed: planted: one and one\n  left: 2\n right: 3\n--- output ---"],
        ),
        (
            "planted__c_reads_through_null__then_access_violation_reported",
            &[
                "the test process ended with exception 0xc0000005 (EXCEPTION_ACCESS_VIOLATION: \
                 invalid memory access)\n  reading address 0x0\n  at code address 0x",
                ": read_through_null (",
                "csrc/crashes.c:8)",
            ],
        ),
        (
            "planted__prints_two_megabytes_then_panics__then_head_and_tail_kept",
            &[
                "test panicked: planted: last words\n--- output (",
                " earlier lines omitted) ---\nyyyy",
                "planted: last words\nnote: run with `RUST_BACKTRACE=1`",
            ],
        ),
        (
            "planted__c_traps__then_illegal_instruction_reported",
            &[
                "the test process ended with exception 0xc000001d (EXCEPTION_ILLEGAL_INSTRUCTION: \
                 illegal instruction)\n  at code address 0x",
                ": trap (",
                "csrc/crashes.c:26)",
            ],
        ),
        (
            "planted__c_divides_by_zero__then_division_reported",
            &[
                "the test process ended with exception 0xc0000094 (EXCEPTION_INT_DIVIDE_BY_ZERO: \
                 integer division by zero)\n  at code address 0x",
                ": divide (",
                "csrc/crashes.c:30)",
            ],
        ),
        (
            "planted__c_calls_abort__then_reported",
            &["the test process exited with code 3 before the test finished: C's abort() exits \
               so on Windows (or C called exit(3))\n--- last output before the end ---\nC is \
               about to abort"],
        ),
        (
            "planted__c_calls_exit__then_exit_code_reported",
            &["the test process exited with code 7 before the test finished (did C call exit() \
               or _exit()?)"],
        ),
        (
            "planted__rust_panic_escapes_extern_c__then_abort_reported",
            escaped,
        ),
        (
            "planted__rust_recurses_without_end__then_stack_overflow_reported",
            &[
                "the test process ended with exception 0xc00000fd (EXCEPTION_STACK_OVERFLOW: \
                 stack overflow)\n  at code address 0x",
                "--- last output before the end ---",
                "has overflowed its stack",
            ],
        ),
        (
            "planted__spins_with_a_child_process__then_timeout_ends_both",
            &["timed out after 2.0s: the test's Job Object was terminated (the test process and \
               every process it started)"],
        ),
    ];
    assert_outcomes(
        &out,
        expected,
        &[
            "pass__c_linked_into_the_crate_adds__then_sum",
            "pass__rust_panics_as_it_should__then_passes",
        ],
    );
    // Refused where it is listed, so that nextest skips it; why, once per reason.
    assert_eq!(
        tests_with_outcome(stdout, "ignored"),
        ["c_body__returns_seven__then_seven"],
        "{stdout}"
    );
    assert!(
        out.stderr.contains(
            "ffi-test: 1 test ignored on Windows: needs its C side, which ffi-test does not \
             build on Windows yet: C bodies and round-trips run on Linux and under other \
             targets' runners (docs/PLATFORMS.md)"
        ),
        "{}",
        out.both()
    );
    // The process the timed-out test started ran, and ended with it.
    let beaten = std::fs::read_to_string(&beats).expect("the heartbeat ran");
    assert!(beaten.lines().count() >= 5, "{beaten:?}");
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_eq!(std::fs::read_to_string(&beats).unwrap(), beaten);
    let xml = std::fs::read_to_string(&junit).expect("the JUnit report");
    for (test, kind) in [
        (
            "planted__c_reads_through_null__then_access_violation_reported",
            "crash",
        ),
        (
            "planted__spins_with_a_child_process__then_timeout_ends_both",
            "timeout",
        ),
        ("planted__c_calls_exit__then_exit_code_reported", "exit"),
    ] {
        let case = xml
            .split("<testcase ")
            .find(|c| c.contains(&format!("name=\"{test}\"")))
            .unwrap_or_else(|| panic!("{test} in {xml}"));
        assert!(case.contains(&format!("type=\"{kind}\"")), "{case}");
    }
    // The whole output, bounded: its head and tail, and how much was dropped between (with the
    // failure message, which repeats its last 200 lines: under 1 MiB, where 2 MiB were written).
    let printed = xml
        .split("<testcase ")
        .find(|c| {
            c.contains(
                "name=\"planted__prints_two_megabytes_then_panics__then_head_and_tail_kept\"",
            )
        })
        .unwrap_or_else(|| panic!("no such case in the JUnit report"));
    assert!(
        // 2 MiB of lines and the panic's words, less the 512 KiB kept: 1.5 MiB and a few bytes.
        printed.contains("[ffi-test: 1573")
            && printed.contains(
                " bytes of output dropped here; the first 256 KiB and the last 256 KiB are kept]"
            )
            && printed.len() < 1024 * 1024,
        "{} bytes; the note: {:?}",
        printed.len(),
        printed
            .lines()
            .find(|l| l.contains("bytes of output dropped here"))
    );
    let refused = xml
        .split("<testcase ")
        .find(|c| c.contains("name=\"c_body__returns_seven__then_seven\""))
        .unwrap_or_else(|| panic!("{xml}"));
    assert!(refused.contains("needs its C side"), "{refused}");
    // In-process, a test's exit() could not be told from the run's end: refused.
    let in_process = wine(target, &binary, &["--in-process"], &[]);
    assert_eq!(in_process.status.code(), Some(2), "{}", in_process.both());
    assert!(
        in_process.stderr.contains(
            "ffi-test: --in-process (or FFI_TEST_IN_PROCESS): on Windows a test that calls \
             exit() cannot be told from the run's own end there, and would pass; tests run \
             isolated (docs/PLATFORMS.md)"
        ),
        "{}",
        in_process.both()
    );
}

/// The target runner contract: with `CARGO_TARGET_<TRIPLE>_RUNNER=wine`, `cargo test --target
/// <triple>` runs the suite under Wine, the harness starting its test processes there, and the
/// suite's own expectations hold: it passes, on x86_64 and on i686. So does `cargo nextest
/// run`, which runs each test as its own run of the binary (`--exact NAME --nocapture`): a
/// crash is then reported from the record alone, with no output to read.
#[test]
#[ignore = "under Wine: `.ci/run --full`, or `cargo test --test windows -- --ignored`"]
fn cargo_test_and_nextest_with_wine_as_the_runner_run_the_suite_with_its_expectations() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for target in [X86_64, I686] {
        let variable = |name: &str| {
            format!(
                "CARGO_TARGET_{}_{name}",
                target.to_uppercase().replace('-', "_")
            )
        };
        let under_wine = |command: &[&str]| {
            // The command of the support crate: neither this runner's variables nor
            // RUST_BACKTRACE reach the suite (a backtrace replaces the note the reports end with).
            let out = ffi_test_suite::command(Path::new(&cargo))
                .args(command)
                .args([
                    "-p",
                    "windows-bindings",
                    "--test",
                    "harness",
                    "--target",
                    target,
                ])
                .env(variable("RUNNER"), "wine")
                .env(variable("RUSTFLAGS"), VERIFY_RUSTFLAGS)
                .envs(wine_env(target))
                .output()
                .expect("run cargo");
            ffi_test_suite::Run::from(out)
        };
        let run = under_wine(&["test"]);
        assert!(
            run.stdout
                .contains("test result: ok. 12 passed; 0 failed; 1 ignored"),
            "{target}: {}",
            run.both()
        );
        // "12 passed (1 leaky)" is possible: Wine's server and services, started by the first
        // process of a prefix when none runs, hold its output open after it ends
        // (docs/PLATFORMS.md).
        let run = under_wine(&["nextest", "run", "--no-fail-fast"]);
        assert!(
            run.stderr.contains("12 tests run: 12 passed") && run.stderr.contains(", 1 skipped"),
            "{target}: {}",
            run.both()
        );
    }
}

/// The flags the suite's Windows verification builds with (tests/support, `verify_test_binary`).
/// The binaries run under Wine are built with them too, so that one build of ffi-test and its
/// dependencies for Windows serves both (CI's time): the facts records they add are data
/// nothing reads in a run, and keeping dead code only makes the binary larger.
const VERIFY_RUSTFLAGS: &str = "--cfg ffi_test_facts -Clink-dead-code";

/// `path` as a Windows program under Wine names it (Wine's drive Z: is the root).
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display())
}

/// Runs `binary`, built for `target`, under Wine with `args` and `env`.
fn wine(target: &str, binary: &Path, args: &[&str], env: &[(&str, String)]) -> ffi_test_suite::Run {
    let out = ffi_test_suite::command(Path::new("wine"))
        .arg(binary)
        .args(args)
        .envs(wine_env(target))
        .envs(env.iter().map(|(k, v)| (*k, v)))
        .output()
        .expect("run wine");
    ffi_test_suite::Run::from(out)
}

/// The mingw-w64 C compiler for `target`.
fn mingw_gcc(target: &str) -> &'static str {
    match target {
        I686 => "i686-w64-mingw32-gcc",
        _ => "x86_64-w64-mingw32-gcc",
    }
}

/// Builds `source` into the Windows program or DLL `out` for `target` with mingw-w64's gcc.
fn mingw_build(target: &str, source: &Path, out: &Path, extra: &[&Path]) {
    let built = Command::new(mingw_gcc(target))
        .arg("-o")
        .arg(out)
        .arg(source)
        .args(extra)
        .args(match out.extension().is_some_and(|e| e == "dll") {
            true => &["-shared", "-ladvapi32"][..],
            false => &[][..],
        })
        // The .def's undecorated name for i686's stdcall `ProcessPrng@8`, as Rust imports it:
        // meant, not worth the linker's warning.
        .args((target == I686).then_some("-Wl,--enable-stdcall-fixup"))
        .status()
        .unwrap_or_else(|e| panic!("run {}: {e}", mingw_gcc(target)));
    assert!(built.success(), "building {}", out.display());
}

/// Wine's environment for this suite: a prefix of its own in the target directory (made on
/// first use, not the user's `~/.wine`) whose system directories hold the stand-in for the
/// `bcryptprimitives.dll` Wine 8 lacks (Rust's std imports `ProcessPrng` from it; see
/// docs/PLATFORMS.md), so that any binary Rust builds starts there, as under cargo's runner.
/// For i686 the prefix is WoW64's, its 32-bit stand-in in `syswow64`, which needs Wine's 32-bit
/// side (Debian's `wine32:i386`); a prefix made before it was installed is made again.
fn wine_env(target: &str) -> Vec<(&'static str, String)> {
    static PREFIX: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let wine32 = Path::new("/usr/lib/wine/wine").exists();
    assert!(
        target != I686 || wine32,
        "the i686 suite runs under Wine's 32-bit side, not installed here: scripts/setup installs \
         it (Debian's wine32:i386, after `dpkg --add-architecture i386`)"
    );
    let prefix = PREFIX.get_or_init(|| {
        let target_dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        let prefix = target_dir.join("wine-prefix");
        let windows = prefix.join("drive_c/windows");
        if wine32 && windows.join("system32").exists() && !windows.join("syswow64").exists() {
            std::fs::remove_dir_all(&prefix).unwrap();
        }
        if !windows.join("system32/kernel32.dll").exists() {
            std::fs::create_dir_all(&prefix).unwrap();
            let booted = Command::new("wineboot")
                .arg("--init")
                .env("WINEPREFIX", &prefix)
                .env("WINEDEBUG", "-all")
                .output()
                .expect("run wineboot");
            assert!(booted.status.success(), "wineboot: {booted:?}");
        }
        let source = workspace_root().join("examples/windows-bindings/wine");
        let stand_ins = [(X86_64, "system32"), (I686, "syswow64")];
        for (target, dir) in stand_ins
            .into_iter()
            .filter(|(t, _)| *t == X86_64 || wine32)
        {
            mingw_build(
                target,
                &source.join("bcryptprimitives.c"),
                &windows.join(dir).join("bcryptprimitives.dll"),
                &[&source.join("bcryptprimitives.def")],
            );
        }
        prefix
    });
    vec![
        ("WINEPREFIX", prefix.display().to_string()),
        ("WINEDEBUG", "-all".to_string()),
    ]
}
