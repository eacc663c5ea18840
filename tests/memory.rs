//! End-to-end: memory checkers on the C side. Under --sanitize address and under --valgrind,
//! each deliberate bug in examples/memory-bugs is reported against its own test with the right
//! kind, the correct tests pass, and a plain run behaves as the expectations declare.

use std::os::unix::fs::PermissionsExt;

use ffi_test_suite::{
    assert_outcomes, failure_of, run, run_with_env, test_binary, tests_with_outcome, TempDir,
};

const BUGS: [(&str, &str); 5] = [
    (
        "memory__c_writes_one_past_a_rust_buffer__then_heap_buffer_overflow",
        "heap-buffer-overflow",
    ),
    (
        "memory__widget_destroyed_by_drop_and_by_hand__then_double_free",
        "double-free",
    ),
    (
        "memory__rust_frees_c_pool_memory_as_a_box__then_bad_free",
        "bad-free",
    ),
    (
        "memory__widget_read_after_it_was_freed__then_use_after_free",
        "heap-use-after-free",
    ),
    ("memory__widget_never_destroyed__then_leak", "leak"),
];

const CORRECT: [&str; 2] = [
    "memory__c_fills_exactly_the_rust_buffer__then_no_finding",
    "memory__widget_created_and_destroyed_once__then_no_finding",
];

/// Whether `text` shows a C function under its per-test name (`__ffi_test_<16 hex>_name`)
/// rather than the name the user wrote.
fn has_c_symbol_prefix(text: &str) -> bool {
    text.match_indices("__ffi_test_").any(|(at, m)| {
        let rest = &text.as_bytes()[at + m.len()..];
        rest.len() > 16 && rest[..16].iter().all(u8::is_ascii_hexdigit) && rest[16] == b'_'
    })
}

fn each_bug_is_found(flag: &[&str], tool: &str) {
    let bin = test_binary("memory-bugs", "memory");
    let mut args = flag.to_vec();
    args.push("--ignore-expectations");
    let out = run(&bin, &args);
    let headlines: Vec<String> = BUGS
        .iter()
        .map(|(_, kind)| format!("{tool} found {kind} in this test"))
        .collect();
    let needles: Vec<[&str; 2]> = headlines
        .iter()
        .map(|h| [h.as_str(), "memory.rs:"])
        .collect();
    let failed: Vec<(&str, &[&str])> = BUGS
        .iter()
        .zip(&needles)
        .map(|((name, _), n)| (*name, &n[..]))
        .collect();
    assert_outcomes(&out, &failed, &CORRECT);
    // Beyond what assert_outcomes checks: the finding leads the report, and no internal name.
    for ((name, _), headline) in BUGS.iter().zip(&headlines) {
        let report = failure_of(&out.stdout, name).unwrap_or_default();
        assert!(report.starts_with(headline.as_str()), "{name}:\n{report}");
        assert!(
            !has_c_symbol_prefix(report),
            "{name}: the C symbol prefix leaked:\n{report}"
        );
    }
    // With the expectations, the whole suite passes under the checker.
    let out = run(&bin, flag);
    assert!(out.status.success(), "{}", out.both());
}

#[test]
fn address_sanitizer_reports_each_bug_against_its_own_test() {
    each_bug_is_found(&["--sanitize", "address"], "AddressSanitizer");
}

#[test]
fn valgrind_reports_each_bug_against_its_own_test() {
    each_bug_is_found(&["--valgrind"], "valgrind");
}

#[test]
fn a_plain_run_behaves_as_the_expectations_declare() {
    let bin = test_binary("memory-bugs", "memory");
    let out = run(&bin, &[]);
    assert!(out.status.success(), "{}", out.both());
    // Without a checker, the double free and the bad free abort in glibc; the rest go unseen.
    let raw = run(&bin, &["--ignore-expectations"]);
    assert_eq!(
        tests_with_outcome(&raw.stdout, "FAILED"),
        [
            "memory__rust_frees_c_pool_memory_as_a_box__then_bad_free",
            "memory__widget_destroyed_by_drop_and_by_hand__then_double_free"
        ],
        "{}",
        raw.both()
    );
}

#[test]
fn missing_tools_are_named() {
    let bin = test_binary("memory-bugs", "memory");
    let tmp = TempDir::new("no-asan");
    let fake_cc = tmp.path().join("cc-without-asan");
    std::fs::write(&fake_cc, "#!/bin/sh\ncase \"$1\" in --version) echo fake-cc 1.0;; -print-file-name=*) echo libasan.so;; esac\n").unwrap();
    std::fs::set_permissions(&fake_cc, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = run_with_env(
        &bin,
        &["--sanitize", "address"],
        &[("CC", fake_cc.to_str().unwrap())],
    );
    assert_eq!(out.status.code(), Some(2), "{}", out.both());
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "ffi-test: --sanitize address: the C compiler `{}` has no ASan runtime (libasan.so not \
             found); install it (Debian: apt-get install libasan8, which comes with gcc) or set CC to a \
             compiler that has one",
            fake_cc.display()
        ),
        "{}",
        out.both()
    );

    let no_valgrind = run_with_env(
        &bin,
        &["--valgrind"],
        &[("PATH", tmp.path().to_str().unwrap())],
    );
    assert_eq!(no_valgrind.status.code(), Some(2), "{}", no_valgrind.both());
    assert_eq!(
        no_valgrind.stderr.trim_end(),
        "ffi-test: --valgrind: valgrind was not found on PATH; install it (Debian: apt-get install \
         valgrind)",
        "{}",
        no_valgrind.both()
    );

    let in_process = run(&bin, &["--sanitize", "address", "--in-process"]);
    assert_eq!(in_process.status.code(), Some(2), "{}", in_process.both());
    assert_eq!(
        in_process.stderr.trim_end(),
        "ffi-test: --sanitize and --valgrind watch each test's own process: they cannot be combined \
         with --in-process",
        "{}",
        in_process.both()
    );

    let both = run(&bin, &["--sanitize", "address", "--valgrind"]);
    assert_eq!(
        both.stderr.trim_end(),
        "ffi-test: --sanitize and --valgrind cannot be combined (valgrind cannot run \
         sanitizer-instrumented code)",
        "{}",
        both.both()
    );
    let unknown = run(&bin, &["--sanitize", "address,memory"]);
    assert_eq!(
        unknown.stderr.trim_end(),
        "ffi-test: --sanitize memory: expected `address` (with LeakSanitizer), `undefined`, `thread`, \
         or a set such as `address,undefined`",
        "{}",
        unknown.both()
    );
}
