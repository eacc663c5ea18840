//! Class 8: fact checks replayed. A plain run keeps its fact checks' endings when each passed
//! or failed on its own; the next run replays them only when nothing they read changed (the
//! test binary, the C objects, the libraries loaded, the loader's variables), and says so. A
//! crash is never replayed: its report would be lost.

use super::*;

/// The `test NAME ... VERDICT` lines, failure reports and summary of a run: every line but the
/// time's, sorted (tests on parallel threads end in any order).
fn verdicts(stdout: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("test result:"))
        .collect();
    lines.sort_unstable();
    lines
}

const REPLAYED: &str = "fact checks not run again: the test binary, its C and the libraries it loads are as when they ran (set FFI_TEST_RERUN_FACTS=1 to run them)";

/// Class 8: the second run of an unchanged binary replays the first's endings, failures and
/// their reports included, judged as before; a changed loader variable or
/// FFI_TEST_RERUN_FACTS runs the checks again.
#[test]
fn fact_checks_are_replayed_only_when_nothing_they_read_changed() {
    let binary = test_binary("bindgen-vocabulary", "broken");
    let cache = TempDir::new("replay");
    let cache = cache.path().to_str().unwrap().to_string();
    let with = |more: &[(&'static str, &'static str)]| {
        let mut env = vec![("FFI_TEST_CACHE_DIR", cache.as_str())];
        env.extend_from_slice(more);
        run_with_env(&binary, &["--ignore-expectations"], &env)
    };
    let first = with(&[]);
    assert!(!first.stderr.contains(REPLAYED), "{}", first.both());
    let report = "parameter 1 (`x`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)";
    let failing = failure_of(&first.stdout, "vocab_renamed__signature__then_matches_c");
    assert!(
        failing.is_some_and(|r| r.contains(report)),
        "{}",
        first.both()
    );

    let second = with(&[]);
    let checks = first
        .stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains(" ... ") && !l.ends_with(" ignored"))
        .count();
    assert!(
        second
            .stderr
            .contains(&format!("ffi-test: {checks} {REPLAYED}")),
        "{}",
        second.both()
    );
    assert_eq!(verdicts(&second.stdout), verdicts(&first.stdout));
    assert_eq!(second.status.code(), first.status.code());

    for changed in [
        ("LD_LIBRARY_PATH", "/nonexistent/ffi-test-replay"),
        ("FFI_TEST_RERUN_FACTS", "1"),
    ] {
        let again = with(&[changed]);
        assert!(
            !again.stderr.contains(REPLAYED),
            "{changed:?}: {}",
            again.both()
        );
        assert_eq!(
            verdicts(&again.stdout),
            verdicts(&first.stdout),
            "{changed:?}"
        );
    }
}

/// Class 8: a run in which a fact check crashed keeps nothing: the next run runs the checks
/// again and reports the crash with where it happened.
#[test]
fn a_run_with_a_crashed_fact_check_is_never_replayed() {
    let cache = TempDir::new("replay-crash");
    let env = [("FFI_TEST_CACHE_DIR", cache.path().to_str().unwrap())];
    let binary = test_binary("hostile-c", "facts");
    for _ in 0..2 {
        let out = run_with_env(&binary, &["--ignore-expectations"], &env);
        assert!(!out.stderr.contains(REPLAYED), "{}", out.both());
        let crash = failure_of(&out.stdout, "crashes_when_read__value__then_matches_c");
        assert!(
            crash.is_some_and(|r| r.contains("where (innermost first):")),
            "{}",
            out.both()
        );
    }
}
