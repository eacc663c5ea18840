//! End-to-end: the registry example's suite, run through ffi-test's harness as a user runs it.

use ffi_test_suite::{run, test_binary, tests_with_outcome};

fn registry_suite() -> std::path::PathBuf {
    test_binary("registry", "ffi")
}

#[test]
fn list_shows_at_least_ten_tests_all_following_the_convention() {
    let out = run(&registry_suite(), &["--list"]);
    assert!(out.status.success(), "{}", out.both());
    let names: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    assert!(
        names.len() >= 10,
        "only {} tests listed:\n{}",
        names.len(),
        out.stdout
    );
    for name in &names {
        let parts: Vec<&str> = name.split("__").collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert!(parts.iter().all(|p| !p.is_empty()), "{name}");
        assert!(
            parts[2].starts_with("then_") && parts[2].len() > 5,
            "{name}"
        );
    }
}

#[test]
fn suite_passes_and_the_subject_summary_precedes_libtests_result_line() {
    let out = run(&registry_suite(), &[]);
    assert!(out.status.success(), "{}", out.both());
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let last = lines.last().copied().unwrap_or_default();
    assert!(
        last.starts_with("test result: ok."),
        "last line: {last}\n{}",
        out.stdout
    );
    assert!(last.contains("1 ignored"), "{last}");
    let subjects = lines
        .iter()
        .position(|l| *l == "subjects:")
        .expect("a subjects block");
    assert!(lines[subjects + 1..lines.len() - 1]
        .iter()
        .any(|l| l.trim_start().starts_with("registry: ")));
    assert!(lines[subjects + 1..lines.len() - 1]
        .iter()
        .any(|l| l.trim_start().starts_with("buffer: 2 passed; 0 failed")));
}

#[test]
fn json_format_emits_libtest_events_only() {
    let out = run(
        &registry_suite(),
        &["--format", "json", "-Z", "unstable-options"],
    );
    assert!(out.status.success(), "{}", out.both());
    let mut events = 0;
    for line in out.stdout.lines() {
        assert!(
            line.starts_with('{') && line.ends_with('}'),
            "not a JSON event: {line}"
        );
        assert!(
            line.contains("\"type\": \"test\"") || line.contains("\"type\": \"suite\""),
            "{line}"
        );
        events += 1;
    }
    let last = out.stdout.lines().last().unwrap_or_default();
    assert!(last.contains("\"event\": \"ok\""), "{last}");
    assert!(events > 10);
}

#[test]
fn filter_exact_skip_and_ignored_select_as_libtest_does() {
    let bin = registry_suite();
    let exact = run(
        &bin,
        &[
            "registry__ten_threads_register__then_count_is_ten",
            "--exact",
        ],
    );
    assert!(
        exact.stdout.contains("1 passed; 0 failed; 0 ignored"),
        "{}",
        exact.both()
    );

    let by_subject = run(&bin, &["buffer__", "--skip", "checksum"]);
    assert!(
        by_subject.stdout.contains("test result: ok. 1 passed;"),
        "{}",
        by_subject.both()
    );

    // Several filters, as libtest takes them: a test any of them names runs, the rest are
    // counted as filtered out; `--skip` and `--list` apply as with one.
    let two = ["buffer__", "registry__ten_threads", "--skip", "checksum"];
    let both = run(&bin, &two);
    assert!(
        both.stdout.contains(
            "test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 40 filtered out"
        ),
        "{}",
        both.both()
    );
    let listed = run(&bin, &[&["--list"][..], &two].concat());
    assert_eq!(
        listed
            .stdout
            .lines()
            .filter(|l| l.ends_with(": test"))
            .collect::<Vec<_>>(),
        [
            "buffer__rust_slice_longer_than_output__then_c_writes_only_capacity: test",
            "registry__ten_threads_register__then_count_is_ten: test",
        ],
        "{}",
        listed.both()
    );

    let ignored = run(&bin, &["--ignored", "--list"]);
    let listed: Vec<&str> = ignored
        .stdout
        .lines()
        .filter(|l| l.ends_with(": test"))
        .collect();
    assert_eq!(
        listed,
        ["registry__created_and_dropped_100k_times__then_no_crash: test"]
    );
}

#[test]
fn should_panic_result_and_plain_bodies_are_judged() {
    let bin = registry_suite();
    let out = run(
        &bin,
        &[
            "registry__unwrapping_a_full_register__then_panics_with_c_message",
            "--exact",
        ],
    );
    assert!(out.stdout.contains("1 passed; 0 failed"), "{}", out.both());
    let out = run(
        &bin,
        &[
            "registry__filled_to_capacity__then_next_register_is_full_error",
            "--exact",
        ],
    );
    assert!(out.stdout.contains("1 passed; 0 failed"), "{}", out.both());
}

#[test]
fn duplicate_names_are_refused_naming_both_declarations() {
    let out = run(
        &test_binary("broken-c-bodies", "duplicate_names"),
        &["--list"],
    );
    assert!(!out.status.success(), "{}", out.both());
    assert!(
        out.stderr.contains("test names must be unique"),
        "{}",
        out.both()
    );
    let first = out
        .stderr
        .find("duplicate_names.rs:5 (module duplicate_names::first)");
    let second = out
        .stderr
        .find("duplicate_names.rs:10 (module duplicate_names::second)");
    assert!(
        first.is_some() && second.is_some() && first < second,
        "{}",
        out.stderr
    );
}

#[test]
fn tests_registered_in_a_linked_library_crate_are_collected() {
    let out = run(&test_binary("broken-c-bodies", "from_library"), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        [
            "binary__test_defined_in_the_binary__then_collected",
            "library__test_defined_in_a_library_crate__then_collected_by_the_binary"
        ]
    );
}

/// A timeout too long to be a deadline is refused with its reason, on the command line and in
/// the environment, never a panic of the harness; a bad compile timeout is said, not ignored.
#[test]
fn huge_timeouts_are_refused_with_a_reason_not_a_panic() {
    let huge = "99999999999999999999999";
    let flag = run(&registry_suite(), &["--timeout", huge]);
    let env = ffi_test_suite::run_with_env(&registry_suite(), &[], &[("FFI_TEST_TIMEOUT", huge)]);
    for out in [&flag, &env] {
        assert!(!out.status.success(), "{}", out.both());
        assert!(!out.both().contains("panicked"), "{}", out.both());
        assert!(
            out.both().contains(&format!(
                "`{huge}` is longer than the 1440 minutes ffi-test allows"
            )),
            "{}",
            out.both()
        );
    }
    let compile = ffi_test_suite::run_with_env(
        &registry_suite(),
        &[],
        &[
            ("FFI_TEST_COMPILE_TIMEOUT", huge),
            (
                "FFI_TEST_CACHE_DIR",
                ffi_test_suite::TempDir::new("huge-compile-timeout")
                    .path()
                    .to_str()
                    .unwrap(),
            ),
        ],
    );
    assert!(compile.status.success(), "{}", compile.both());
    assert!(
        compile.stderr.contains(&format!(
            "ffi-test: warning: FFI_TEST_COMPILE_TIMEOUT: `{huge}` is longer than the 1440 minutes ffi-test allows; using 10 minutes"
        )),
        "{}",
        compile.stderr
    );
}
