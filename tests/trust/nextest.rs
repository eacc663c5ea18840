//! Classes 2 and 3 under nextest: the same verdicts as the default runner, findings kept
//! with `--nocapture`.

use super::*;

/// The verdicts cargo nextest reports for `packages` (`PASS`/`FAIL` per test), with `env`.
fn nextest_verdicts(packages: &[&str], env: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut cmd = cargo();
    cmd.args(["nextest", "run", "--no-fail-fast", "--color", "never"]);
    for package in packages {
        cmd.args(["-p", package]);
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd
        .output()
        .expect("run cargo nextest (install it: cargo install cargo-nextest)");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Summary"),
        "cargo nextest did not run (is cargo-nextest installed? .ci/run installs it):\n{text}"
    );
    let mut verdicts: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let verdict = ["PASS", "FAIL", "SIGSEGV", "SIGABRT", "TIMEOUT"]
                .into_iter()
                .find(|v| l.starts_with(&format!("{v} [")))?;
            let mut words = l.rsplit(' ');
            let name = words.next()?;
            let binary = words.next()?;
            let name = format!("{binary} {name}");
            Some((
                name,
                if verdict == "PASS" { "ok" } else { "FAILED" }.to_string(),
            ))
        })
        .collect();
    verdicts.sort();
    verdicts.dedup();
    verdicts
}

/// `package::test name`, as nextest names a test.
fn nextest_name(package: &str, test: &str, name: &str) -> String {
    format!("{package}::{test} {name}")
}

/// The verdicts of the default runner for one binary, as libtest prints them.
fn default_verdicts(
    package: &str,
    test: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Vec<(String, String)> {
    let out = run_with_env(&test_binary(package, test), args, env);
    let mut verdicts: Vec<(String, String)> = out
        .stdout
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("test ")?;
            let (name, verdict) = rest.rsplit_once(" ... ")?;
            Some((
                nextest_name(package, test, name.trim()),
                verdict.trim().to_string(),
            ))
        })
        .filter(|(_, v)| v == "ok" || v == "FAILED")
        .collect();
    verdicts.sort();
    verdicts
}

/// Classes 2 and 3: under `cargo nextest run`, the hostile suites, the crash corpus and the
/// memory-bugs suite (plain, under `--sanitize address` and under `--valgrind`, where nextest
/// passes `--nocapture`) give exactly the verdicts of the default runner.
#[test]
fn nextest_gives_the_default_runners_verdicts() {
    let raw = [("FFI_TEST_IGNORE_EXPECTATIONS", "1")];
    let mut default = Vec::new();
    for test in [
        "constructors",
        "early_exit",
        "facts",
        "forged_verdicts",
        "run_dir",
        "bodies",
        "lingering",
        "guards",
        "macros",
        "pragmas",
        "pragmas_visibility",
        "surface_names",
    ] {
        default.extend(default_verdicts(
            "hostile-c",
            test,
            &["--ignore-expectations"],
            &[],
        ));
    }
    default.extend(default_verdicts(
        "crash-corpus",
        "crashes",
        &["--ignore-expectations", "--skip", "loops_forever"],
        &[],
    ));
    default.sort();
    let mut nextest = nextest_verdicts(&["hostile-c", "crash-corpus"], &raw);
    nextest.retain(|(name, _)| !name.contains("loops_forever"));
    assert_eq!(nextest, default);
    assert!(
        default.iter().filter(|(_, v)| v == "FAILED").count() >= 20,
        "{default:?}"
    );

    for checker in [("FFI_TEST_SANITIZE", "address"), ("FFI_TEST_VALGRIND", "1")] {
        let env = [raw[0], checker];
        let default = default_verdicts("memory-bugs", "memory", &[], &env);
        let nextest = nextest_verdicts(&["memory-bugs"], &env);
        assert_eq!(nextest, default, "{checker:?}");
        assert_eq!(
            default.iter().filter(|(_, v)| v == "FAILED").count(),
            5,
            "{checker:?}: {default:?}"
        );
    }
}

/// Class 3: findings are read from the checker's own log, so `--nocapture` does not lose them.
#[test]
fn memory_findings_survive_nocapture() {
    let binary = test_binary("memory-bugs", "memory");
    for checker in [&["--sanitize", "address"][..], &["--valgrind"][..]] {
        let mut args = vec![
            "--ignore-expectations",
            "--nocapture",
            "--exact",
            "memory__widget_read_after_it_was_freed__then_use_after_free",
        ];
        args.extend_from_slice(checker);
        let out = run(&binary, &args);
        assert_eq!(out.status.code(), Some(101), "{}", out.both());
        assert!(
            out.stdout
                .contains("found heap-use-after-free in this test"),
            "{checker:?}:\n{}",
            out.both()
        );
    }
}
