//! Fact checks under nextest's contract (one process per test, `NAME --exact --nocapture`, a
//! run id in `NEXTEST_RUN_ID`): the first process of a run runs every fact check of the binary
//! once and keeps how each ended; the others read theirs. Each verdict is the one the plain
//! run gives, a kept ending is what is reported, and nothing kept outlives its run id. Shards
//! (`--partition`) and archives run on a machine with no C compiler give the whole run's
//! verdicts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ffi_test_suite::{run, run_with_env, test_binary, Run, TempDir};

const PASSING: &str = "bf_perm__layout__then_matches_c";
const FAILING: &str = "vocab_renamed__signature__then_matches_c";

/// `test` run as nextest runs it, in run `run_id`, with the C cache in `cache`.
fn as_nextest(binary: &Path, test: &str, run_id: &str, cache: &Path, more: &[&str]) -> Run {
    let mut args = vec![test, "--exact", "--nocapture"];
    args.extend_from_slice(more);
    run_with_env(
        binary,
        &args,
        &[
            ("NEXTEST_RUN_ID", run_id),
            ("NEXTEST_EXECUTION_MODE", "process-per-test"),
            ("FFI_TEST_CACHE_DIR", cache.to_str().unwrap()),
        ],
    )
}

fn kept(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(cache.join("verdicts"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "endings"));
    files.sort();
    files
}

#[test]
fn fact_checks_run_once_per_nextest_run_with_the_plain_runs_verdicts() {
    let binary = test_binary("bindgen-vocabulary", "broken");
    let cache = TempDir::new("nextest-shared");
    let run_id = format!("ffi-test-{}-a", std::process::id());
    let plain_failing = run(&binary, &[FAILING, "--exact", "--ignore-expectations"]);
    assert!(!plain_failing.status.success(), "{}", plain_failing.both());
    let report = "parameter 1 (`x`): Rust `::std::os::raw::c_long` (8 bytes, signed int), C `int` (4 bytes, signed int)";
    assert!(
        plain_failing.stdout.contains(report),
        "{}",
        plain_failing.both()
    );

    // The first process fills the run's endings; its own verdict is the plain run's.
    let first = as_nextest(
        &binary,
        FAILING,
        &run_id,
        cache.path(),
        &["--ignore-expectations"],
    );
    assert!(!first.status.success(), "{}", first.both());
    assert!(first.stdout.contains(report), "{}", first.both());
    let files = kept(cache.path());
    assert_eq!(files.len(), 1, "{files:?}");
    // The next ones read theirs: a failure expected by the test passes, a passing check passes.
    let expected = as_nextest(&binary, FAILING, &run_id, cache.path(), &[]);
    assert!(expected.status.success(), "{}", expected.both());
    let passing = as_nextest(&binary, PASSING, &run_id, cache.path(), &[]);
    assert!(passing.status.success(), "{}", passing.both());

    // What is reported is what was kept: a planted ending is read, in this run only.
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let line = format!("{PASSING} P 0 0 0 0\n");
    assert!(text.contains(&line), "{text}");
    let planted = "planted by the test";
    let forged = format!("{PASSING} F 0 0 {} 0\n{planted}", planted.len());
    std::fs::write(&files[0], text.replace(&line, &forged)).unwrap();
    let read = as_nextest(&binary, PASSING, &run_id, cache.path(), &[]);
    assert!(!read.status.success(), "{}", read.both());
    assert!(read.stdout.contains(planted), "{}", read.both());
    let other_run = format!("ffi-test-{}-b", std::process::id());
    let fresh = as_nextest(&binary, PASSING, &other_run, cache.path(), &[]);
    assert!(fresh.status.success(), "{}", fresh.both());
    assert_eq!(kept(cache.path()).len(), 2);

    // A damaged file is made again, never guessed from.
    std::fs::write(&files[0], b"garbage").unwrap();
    let remade = as_nextest(&binary, PASSING, &run_id, cache.path(), &[]);
    assert!(remade.status.success(), "{}", remade.both());
    assert!(std::fs::read_to_string(&files[0]).unwrap().contains(&line));
}

/// Outside nextest (no run id) and for tests that run the user's code, nothing is shared.
#[test]
fn nothing_is_kept_outside_nextest_or_for_user_code() {
    let binary = test_binary("registry", "ffi");
    let cache = TempDir::new("nextest-user-code");
    // A test body paired with C: it runs in a child of its own, as always.
    let test = "buffer__checksum_of_rust_slice__then_matches_rust_reference";
    let run_id = format!("ffi-test-{}-c", std::process::id());
    let out = as_nextest(&binary, test, &run_id, cache.path(), &[]);
    assert!(out.status.success(), "{}", out.both());
    assert!(kept(cache.path()).is_empty());
    let plain = run_with_env(
        &test_binary("bindgen-vocabulary", "broken"),
        &[PASSING, "--exact"],
        &[("FFI_TEST_CACHE_DIR", cache.path().to_str().unwrap())],
    );
    assert!(plain.status.success(), "{}", plain.both());
    assert!(kept(cache.path()).is_empty());
}

/// What `cargo nextest run` of bindgen-vocabulary's broken surface says of each test, in the
/// partition given (`hash:k/N`) or whole.
fn nextest_outcomes(partition: Option<&str>) -> BTreeMap<String, String> {
    let mut cmd = ffi_test_suite::cargo();
    cmd.args([
        "nextest",
        "run",
        "--color",
        "never",
        "--no-fail-fast",
        "-p",
        "bindgen-vocabulary",
        "--test",
        "broken",
    ]);
    if let Some(partition) = partition {
        cmd.args(["--partition", partition]);
    }
    cmd.env_remove("NEXTEST_RUN_ID");
    outcomes_of(&mut cmd).0
}

/// Runs a `cargo nextest run` command: what it says of each test (`PASS` or `FAIL`), and all
/// it printed.
fn outcomes_of(cmd: &mut Command) -> (BTreeMap<String, String>, String) {
    let out = cmd.output().expect("run cargo nextest");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Summary"), "{text}");
    let outcomes = text
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let status = ["PASS", "FAIL"]
                .into_iter()
                .find(|s| l.starts_with(&format!("{s} [")))?;
            Some((l.split_whitespace().last()?.to_string(), status.to_string()))
        })
        .collect();
    (outcomes, text)
}

/// A suite sharded with `--partition hash:k/3` (each shard a nextest run of its own, so each
/// runs the fact checks once for itself) gives, together, the whole run's verdicts.
#[test]
fn partitions_together_give_the_whole_runs_verdicts() {
    let whole = nextest_outcomes(None);
    assert!(whole.len() > 50, "{whole:?}");
    let mut union = BTreeMap::new();
    for k in 1..=3 {
        for (test, status) in nextest_outcomes(Some(&format!("hash:{k}/3"))) {
            assert!(
                union.insert(test.clone(), status).is_none(),
                "{test} in two shards"
            );
        }
    }
    assert_eq!(union, whole);
}

/// Where `cargo ffi-test prebuild` keeps the C of this workspace's debug test binaries (the
/// nested cargo commands build in the workspace's own target directory, see `cargo()`).
fn prebuilt_dir() -> PathBuf {
    ffi_test_suite::workspace_root().join("target/debug/ffi-test-prebuilt")
}

/// Removes the prebuilt C when dropped: a run with no compiler elsewhere must not find it.
struct RemovedAfter(PathBuf);

impl Drop for RemovedAfter {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `cargo nextest archive` of the registry example into `file`.
fn archive(file: &Path) {
    let out = ffi_test_suite::cargo()
        .args(["nextest", "archive", "-p", "registry", "--archive-file"])
        .arg(file)
        .output()
        .expect("run cargo nextest archive");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs the archive `file` as a machine with no C compiler would: extracted into a fresh
/// directory, with nothing on PATH but nextest itself and no compiler variable set.
fn run_archive_without_a_compiler(file: &Path) -> (BTreeMap<String, String>, String) {
    let nextest = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("cargo-nextest"))
        .find(|p| p.is_file())
        .expect("cargo-nextest on PATH (cargo install cargo-nextest)");
    let bin = TempDir::new("archive-bin");
    std::os::unix::fs::symlink(&nextest, bin.path().join("cargo-nextest")).unwrap();
    let extracted = TempDir::new("archive-run");
    let mut cmd = Command::new(&nextest);
    cmd.args(["nextest", "run", "--no-fail-fast", "--color", "never"])
        .arg("--archive-file")
        .arg(file)
        .arg("--workspace-remap")
        .arg(ffi_test_suite::workspace_root())
        .arg("--extract-to")
        .arg(extracted.path())
        .env_clear()
        .env("PATH", bin.path())
        .env("HOME", std::env::var_os("HOME").unwrap_or_default());
    outcomes_of(&mut cmd)
}

/// `cargo ffi-test prebuild` keeps the C beside the test binaries, `cargo nextest archive`
/// carries it (the workspace's .config/nextest.toml includes it), and the archive run where
/// no C compiler exists gives the verdicts of a run with one. The same archive made without
/// the prebuilt C fails its C tests, saying why.
#[test]
fn an_archive_runs_where_there_is_no_c_compiler_with_the_verdicts_of_a_run_with_one() {
    let _removed = RemovedAfter(prebuilt_dir());
    let _ = std::fs::remove_dir_all(prebuilt_dir());
    let archives = TempDir::new("archives");
    let with_compiler = outcomes_of(ffi_test_suite::cargo().args([
        "nextest",
        "run",
        "--no-fail-fast",
        "--color",
        "never",
        "-p",
        "registry",
    ]))
    .0;
    let c_test = "callback__rust_fn_pointer_passed_to_c__then_c_calls_it_n_times";
    assert_eq!(with_compiler.get(c_test).map(String::as_str), Some("PASS"));
    assert!(with_compiler.len() > 40, "{with_compiler:?}");

    let bare = archives.path().join("bare.tar.zst");
    archive(&bare);
    let (outcomes, text) = run_archive_without_a_compiler(&bare);
    assert_eq!(
        outcomes.get(c_test).map(String::as_str),
        Some("FAIL"),
        "{text}"
    );
    assert!(
        text.contains("no C compiler found: `cc` could not be run")
            && text.contains("no prebuilt C either"),
        "{text}"
    );

    let prebuild = ffi_test_suite::command(&ffi_test_suite::verifier())
        .args(["ffi-test", "prebuild", "-p", "registry"])
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("run cargo ffi-test prebuild");
    let said = String::from_utf8_lossy(&prebuild.stdout);
    assert!(
        prebuild.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&prebuild.stderr)
    );
    assert!(
        said.contains("ffi-test prebuild: the C of 28 tests kept in"),
        "{said}"
    );

    let carrying = archives.path().join("prebuilt.tar.zst");
    archive(&carrying);
    let (outcomes, text) = run_archive_without_a_compiler(&carrying);
    assert_eq!(outcomes, with_compiler, "{text}");
}
