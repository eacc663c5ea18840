//! ThreadSanitizer and UndefinedBehaviorSanitizer end to end (examples/c-checkers): each planted
//! race or undefined behaviour found against its own test, with its kind and the C line (a C
//! body's line is the test file's), the correct twins clean; the registry suite clean under
//! each; memory bugs not judged where the checker cannot see them.

use ffi_test_suite::{failure_of, run, test_binary, tests_with_outcome};

/// The line of `needle` in an example's test file, counted from 1.
fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(format!(
        "{}/examples/c-checkers/tests/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn a_race_between_two_threads_in_c_is_found_with_both_stacks() {
    let binary = test_binary("c-checkers", "races");
    let out = run(&binary, &["--sanitize", "thread", "--ignore-expectations"]);
    let racy = "counter__bumped_from_two_threads_without_a_lock__then_data_race";
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [racy],
        "{}",
        out.both()
    );
    let report = failure_of(&out.stdout, racy).unwrap();
    let line = line_of("races.rs", "hits++; }   /* planted: no lock */");
    assert!(
        report.starts_with(
            "ThreadSanitizer found data-race in this test:\nWARNING: ThreadSanitizer: data race"
        ),
        "{report}"
    );
    // Both accesses, each on its own thread, at the C body's line in the test file.
    let at = format!("#0 bump_racy examples/c-checkers/tests/races.rs:{line} ");
    assert_eq!(report.matches(&at).count(), 2, "{at}:\n{report}");
    assert!(report.contains("Previous write of size 4"), "{report}");
    assert!(report.contains("Location is global 'hits'"), "{report}");
    // Rust's own hand-overs (a channel, futex-based, unseen by TSan) are not reported: without
    // ffi-test's suppressions, std's realloc of a buffer another thread wrote is a "race".
    let channel = "channel__buffers_handed_between_rust_threads__then_no_race_reported";
    let unsuppressed = ffi_test_suite::run_with_env(
        &binary,
        &["--sanitize", "thread", "--exact", channel],
        &[("FFI_TEST_TSAN_OPTIONS", "suppressions=/dev/null")],
    );
    let report = failure_of(&unsuppressed.stdout, channel)
        .unwrap_or_else(|| panic!("{}", unsuppressed.both()));
    assert!(
        report.starts_with("ThreadSanitizer found data-race in this test:")
            && report.contains("library/std/"),
        "{report}"
    );
    // With the expectations, the suite passes; without the checker, the racy test passes too.
    for args in [&["--sanitize", "thread"][..], &[]] {
        let out = run(&binary, args);
        assert!(out.status.success(), "{args:?}:\n{}", out.both());
    }
}

#[test]
fn undefined_behaviour_in_c_is_found_by_kind_at_its_line() {
    let binary = test_binary("c-checkers", "undefined");
    for sanitize in ["undefined", "address,undefined"] {
        let out = run(&binary, &["--sanitize", sanitize, "--ignore-expectations"]);
        let mut failed = tests_with_outcome(&out.stdout, "FAILED");
        failed.sort();
        assert_eq!(
            failed,
            [
                "flags__bit_32_of_a_32_bit_mask__then_shift_out_of_bounds",
                "ids__next_after_int_max__then_signed_overflow",
                "packet__word_read_at_an_odd_offset__then_misaligned_load",
                "table__slot_past_the_end__then_index_out_of_bounds",
            ],
            "{sanitize}:\n{}",
            out.both()
        );
        for (test, kind, needle, message) in [
            ("ids__next_after_int_max__then_signed_overflow", "signed-integer-overflow", "return id + 1; }   /* planted", "runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'"),
            ("packet__word_read_at_an_odd_offset__then_misaligned_load", "misaligned-access", "return *(const uint32_t *)(bytes + at);", "runtime error: load of misaligned address"),
            ("flags__bit_32_of_a_32_bit_mask__then_shift_out_of_bounds", "shift-out-of-bounds", "return 1u << bit; }", "runtime error: shift exponent 32 is too large for 32-bit type 'unsigned int'"),
            ("table__slot_past_the_end__then_index_out_of_bounds", "index-out-of-bounds", "return t->slots[i]; }", "runtime error: index 4 out of bounds for type 'int [4]'"),
        ] {
            let report = failure_of(&out.stdout, test).unwrap();
            let line = line_of("undefined.rs", needle);
            let head = format!("UndefinedBehaviorSanitizer found {kind} in this test:\nexamples/c-checkers/tests/undefined.rs:{line}:");
            assert!(report.starts_with(&head), "{sanitize}: {head}:\n{report}");
            assert!(report.contains(message), "{sanitize}: {message}:\n{report}");
        }
        let out = run(&binary, &["--sanitize", sanitize]);
        assert!(out.status.success(), "{sanitize}:\n{}", out.both());
    }
    // A plain run: each planted case does what the target does anyway, and passes.
    let plain = run(&binary, &[]);
    assert!(plain.status.success(), "{}", plain.both());
}

/// Correct C runs clean: the registry suite (its threads included) under each new checker;
/// the memory-bugs suite under ThreadSanitizer, whose allocator makes its memory bugs behave
/// otherwise, runs them without judging (each reported as ignored by `random`), and under
/// UBSan alone is judged as a plain run.
#[test]
fn correct_code_runs_clean_and_memory_bugs_are_not_misjudged() {
    let registry = test_binary("registry", "ffi");
    for sanitize in ["thread", "undefined", "address,undefined"] {
        let out = run(&registry, &["--sanitize", sanitize]);
        assert!(out.status.success(), "{sanitize}:\n{}", out.both());
        assert!(tests_with_outcome(&out.stdout, "FAILED").is_empty());
    }
    let memory = test_binary("memory-bugs", "memory");
    for sanitize in ["thread", "undefined"] {
        let out = run(&memory, &["--sanitize", sanitize]);
        assert!(out.status.success(), "{sanitize}:\n{}", out.both());
    }
    let refused = run(&memory, &["--sanitize", "address,thread"]);
    assert!(!refused.status.success());
    assert!(
        refused.both().contains("--sanitize address,thread: AddressSanitizer and ThreadSanitizer cannot watch one process"),
        "{}",
        refused.both()
    );
}

/// `--coverage DIR`: the C body lines each test reached, the branch no test takes reported as
/// not reached (the line of `return -1`), an lcov tracefile with a section per test, and an
/// HTML report where lcov's genhtml is installed (.ci/run installs it).
#[test]
fn coverage_reports_the_lines_no_test_reached() {
    let dir = std::env::temp_dir().join(format!("ffi-test-coverage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = run(
        &test_binary("c-checkers", "coverage"),
        &["--coverage", dir.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", out.both());
    let unreached = line_of(
        "coverage.rs",
        "return -1;   /* no test passes a negative number */",
    );
    let twice = line_of("coverage.rs", "return 2 * x;");
    assert!(
        out.stdout.contains(&format!(
            "examples/c-checkers/tests/coverage.rs    7/8    lines {unreached}\n"
        )),
        "{}",
        out.stdout
    );
    let by_test = std::fs::read_to_string(dir.join("by-test.txt")).unwrap();
    assert!(
        by_test.contains(&format!("coverage.rs:{unreached}  not reached\n")),
        "{by_test}"
    );
    assert!(
        by_test.contains(&format!("coverage.rs:{twice}  twice__three__then_six\n")),
        "{by_test}"
    );
    let info = std::fs::read_to_string(dir.join("coverage.info")).unwrap();
    assert_eq!(info.matches("TN:").count(), 2, "{info}");
    assert!(info.contains(&format!("DA:{unreached},0\n")), "{info}");
    assert!(dir.join("html/index.html").exists(), "{}", out.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The library under test counted too, when built with `CFLAGS=--coverage` (the registry's C,
/// built by its build script, in a target directory of its own so that no other test runs the
/// counted build): its lines appear beside the C bodies', with the tests that reached them.
#[test]
fn coverage_counts_the_library_built_with_coverage() {
    let dir = std::env::temp_dir().join(format!("ffi-test-coverage-lib-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let target = ffi_test_suite::workspace_root().join("target/e2e-coverage");
    let out = ffi_test_suite::cargo()
        .current_dir(ffi_test_suite::workspace_root())
        .env("CARGO_TARGET_DIR", &target)
        .env("CFLAGS", "--coverage")
        .env_remove("RUST_BACKTRACE")
        .args([
            "test",
            "-q",
            "-p",
            "registry",
            "--test",
            "ffi",
            "--",
            "--coverage",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let registry = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("csrc/registry.c"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(registry.contains("77/77"), "{registry}");
    let by_test = std::fs::read_to_string(dir.join("by-test.txt")).unwrap();
    assert!(
        by_test
            .lines()
            .any(|l| l.starts_with("csrc/registry.c:40  ") && l.contains("registry__")),
        "{by_test}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A C cache copied elsewhere (a target directory moved, a CI cache restored at another path)
/// does not hand out objects whose coverage notes name the old place: genhtml, which reads the
/// sources they name, still makes its report from the copy.
#[test]
fn a_moved_cache_never_serves_objects_naming_the_old_place() {
    let tmp = ffi_test_suite::TempDir::new("moved-cache");
    let (first, moved) = (tmp.path().join("first"), tmp.path().join("moved"));
    let binary = test_binary("c-checkers", "coverage");
    let coverage = |cache: &std::path::Path, report: &str| {
        let dir = tmp.path().join(report);
        let out = ffi_test_suite::run_with_env(
            &binary,
            &["--coverage", dir.to_str().unwrap()],
            &[("FFI_TEST_CACHE_DIR", cache.to_str().unwrap())],
        );
        assert!(out.status.success(), "{}", out.both());
        (out, dir)
    };
    coverage(&first, "report-1");
    std::fs::rename(&first, &moved).unwrap();
    let (out, dir) = coverage(&moved, "report-2");
    assert!(!out.stdout.contains("genhtml failed"), "{}", out.stdout);
    assert!(dir.join("html/index.html").exists(), "{}", out.stdout);
}
