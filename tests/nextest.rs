//! Fact checks under nextest's contract (one process per test, `NAME --exact --nocapture`, a
//! run id in `NEXTEST_RUN_ID`): the first process of a run runs every fact check of the binary
//! once and keeps how each ended; the others read theirs. Each verdict is the one the plain
//! run gives, a kept ending is what is reported, and nothing kept outlives its run id.

use std::path::Path;

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
fn nextest_outcomes(partition: Option<&str>) -> std::collections::BTreeMap<String, String> {
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
    let out = cmd.output().expect("run cargo nextest");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Summary"), "{text}");
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let status = ["PASS", "FAIL"]
                .into_iter()
                .find(|s| l.starts_with(&format!("{s} [")))?;
            Some((l.split_whitespace().last()?.to_string(), status.to_string()))
        })
        .collect()
}

/// A suite sharded with `--partition hash:k/3` (each shard a nextest run of its own, so each
/// runs the fact checks once for itself) gives, together, the whole run's verdicts.
#[test]
fn partitions_together_give_the_whole_runs_verdicts() {
    let whole = nextest_outcomes(None);
    assert!(whole.len() > 50, "{whole:?}");
    let mut union = std::collections::BTreeMap::new();
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
