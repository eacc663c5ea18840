//! Run-free verification (`cargo ffi-test verify`): test binaries built for targets that do not
//! run here (32-bit Arm, riscv64) verified by reading them, with C's facts compiled into an
//! object by the target's cross compiler. To prove nothing of the target's is executed, the
//! binaries are verified from copies without execute permission. .ci/run installs the cross
//! compilers, their libc and the rustup targets.

use std::path::{Path, PathBuf};

use ffi_test_suite::{
    assert_caught, assert_layout_right_on_host, failure_of, run, test_binary, tests_with_outcome,
    verify_run_free, verify_test_binary, workspace_root,
};

const ARMV7: &str = "armv7-unknown-linux-gnueabihf";
const RISCV64: &str = "riscv64gc-unknown-linux-gnu";

/// A copy of `binary` that cannot be executed (mode 0644).
fn unexecutable_copy(binary: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace_root().join("target/verify-copies");
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join(binary.file_name().unwrap());
    std::fs::copy(binary, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
    copy
}

/// broken-bindings' layout check `test`, known broken on `target` (not run here): verified
/// without its expectation it fails with every needle in its report; with expectations the
/// whole suite passes (the correct bindings among them); on this machine the binding is right.
fn caught_without_running(test: &str, target: &str, needles: &[&str]) {
    let binary = unexecutable_copy(&verify_test_binary("broken-bindings", "layouts", target));
    let raw = verify_run_free(&binary, target, &["--ignore-expectations", "--exact", test]);
    assert_caught(&raw, test, needles);
    let suite = verify_run_free(&binary, target, &[]);
    assert!(suite.status.success(), "{}", suite.both());
    assert!(
        suite.stdout.contains(&format!(
            "for {target}, without running it: 28 checks compared"
        )),
        "{}",
        suite.stdout
    );
    for correct in [
        "good_point__layout__then_matches_c",
        "message__layout__then_matches_c",
    ] {
        assert!(
            tests_with_outcome(&suite.stdout, "ok").contains(&correct.to_string()),
            "{correct}:\n{}",
            suite.stdout
        );
    }
    assert_layout_right_on_host(test);
}

/// `long` is 4 bytes on 32-bit Arm: a binding with `i64` is caught without running anything
/// built for Arm.
#[test]
fn a_c_long_bound_as_i64_is_caught_on_armv7_without_running() {
    caught_without_running(
        "long_as_i64__layout__then_matches_c",
        ARMV7,
        &[
            "layout of `LongAsI64` does not match C `struct long_holder`: 3 disagreements",
            "(size)   8                      4",
            "v        0 / 8 / signed int     0 / 4 / signed int",
        ],
    );
}

/// `char` is unsigned on riscv64: a binding with `i8` is caught there without running.
#[test]
fn a_char_bound_as_i8_is_caught_on_riscv64_without_running() {
    caught_without_running(
        "char_as_i8__layout__then_matches_c",
        RISCV64,
        &["c      0 / 1 / signed int     0 / 1 / unsigned int"],
    );
}

/// On the host, where both can be done, run-free verification fails the checks a run fails
/// (the same binary, built with the facts records, verified and run),
/// every expectation ignored, so the facts the binary carries are the facts a running check
/// gathers: layouts of every form, signatures, statics and constants, and a bindgen surface
/// with one bug per construct, and ctest's own failing suite. The differences allowed are what
/// only a run can see (which symbol a declaration links to, whether a library exports a
/// function a header defines `static`, where bit-fields lie), each said in the verifier's
/// report.
#[test]
fn without_running_the_host_binary_fails_the_checks_a_run_fails() {
    let host = &format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    for (package, test) in [
        ("broken-bindings", "layouts"),
        ("broken-bindings", "signatures"),
        ("bindgen-vocabulary", "broken"),
        ("ctest-pair", "t2"),
        // A real library's bindgen surface with planted bugs (libpng: aliases of arrays of
        // another crate's types, `jmp_buf`, function pointers).
        ("libpng-sys-example", "planted"),
        // C++ types' layouts, compiled by the C++ compiler, planted bugs among them.
        ("cpp-bodies", "cpp_types"),
        // bindgen's C++ output, read through clang's AST: a real library's and a vocabulary's.
        ("tinyxml2-sys-example", "planted"),
        ("bindgen-vocabulary", "cpp_broken"),
    ] {
        let binary = verify_test_binary(package, test, host);
        let ran = run(&binary, &["--ignore-expectations"]);
        let verified = verify_run_free(&binary, host, &["--ignore-expectations"]);
        let verified_failed = tests_with_outcome(&verified.stdout, "FAILED");
        let compared: Vec<String> = tests_with_outcome(&verified.stdout, "ok")
            .into_iter()
            .chain(verified_failed.iter().cloned())
            .collect();
        let ran_failed: Vec<String> = tests_with_outcome(&ran.stdout, "FAILED")
            .into_iter()
            .filter(|t| compared.contains(t))
            .collect();
        let context = format!(
            "{package}/{test}:\n--- run\n{}\n--- verified\n{}",
            ran.stdout, verified.stdout
        );
        assert!(!verified_failed.is_empty(), "{context}");
        for t in &verified_failed {
            assert!(
                ran_failed.contains(t),
                "{t} fails only without running: {context}"
            );
        }
        for t in ran_failed.iter().filter(|t| !verified_failed.contains(t)) {
            let report = failure_of(&ran.stdout, t).unwrap();
            let bitfields_noted = verified.stdout.contains(&format!("note: {t}: bit-fields"));
            // Which symbol a declaration links to, and whether any library exports one C
            // defines `static` in a header, are facts of the link: only a run has them.
            assert!(
                report.contains("different symbols")
                    || report.contains("no loaded object exports")
                    || report.contains("` `static` in a header (internal linkage)")
                    || bitfields_noted,
                "{t} fails when run for a reason run-free verification should see: {context}"
            );
        }
    }
}

/// A C member with no Rust field (a field removed into tail padding moves nothing) is found
/// without running too: C's member list is read from the debug information of the object the
/// target's compiler builds, whose references a relocatable object leaves to relocations.
#[test]
fn a_member_rust_lacks_is_caught_on_riscv64_without_running() {
    let test = "vocab_pair__layout__then_matches_c";
    let binary = verify_test_binary("bindgen-vocabulary", "broken", RISCV64);
    let out = verify_run_free(
        &binary,
        RISCV64,
        &["--ignore-expectations", "--exact", test],
    );
    assert_caught(
        &out,
        test,
        &["2 disagreements\n  field  Rust offset/size/kind  C offset/size/kind\n  b (a)  4 / 4 / signed int     0 / 4 / signed int\n  b      (no such field)        4 / 4 / `int`"],
    );
}

/// A binary built without the facts records is said to have none, with the flag that adds them.
#[test]
fn a_binary_built_without_facts_is_said_to_have_none() {
    let binary = test_binary("broken-bindings", "layouts");
    let host = &format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let out = verify_run_free(&binary, host, &[]);
    assert!(
        out.stderr.contains("has no ffi-test facts") && out.stderr.contains("--cfg ffi_test_facts"),
        "{}",
        out.both()
    );
}

/// The documented command end to end: cargo builds the suite for riscv64 (with the facts
/// records) and hands each test binary to the verifier as the target's runner; the report is a
/// test run's.
#[test]
fn cargo_ffi_test_verify_builds_for_riscv64_and_verifies_each_test_binary() {
    let out = ffi_test_suite::command(&ffi_test_suite::verifier())
        .args([
            "verify",
            "--target",
            RISCV64,
            "-p",
            "broken-bindings",
            "--test",
            "layouts",
        ])
        .output()
        .expect("run cargo ffi-test verify");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!(
            "for {RISCV64}, without running it: 28 checks compared"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("test char_as_i8__layout__then_matches_c"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ignored (busted: failed as expected on this target)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("test result: ok. 27 passed; 0 failed; 1 ignored"),
        "{stdout}"
    );
}

/// Two checks whose generated names collide are renamed only when the binary runs (the
/// harness renames the later one): without running, their records cannot be told apart, and
/// both are listed as not verified rather than compared with each other's facts.
#[test]
fn checks_sharing_a_name_are_not_verified_but_said() {
    let host = &format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let binary = verify_test_binary("bindgen-vocabulary", "vocabulary", host);
    let out = verify_run_free(&binary, host, &["--exact", "point__layout__then_matches_c"]);
    assert!(out.status.success(), "{}", out.both());
    let reason = "ignored (its name is another check's too (renamed only when the binary runs): not verified without running)";
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("test point__layout__then_matches_c ") && l.ends_with(reason))
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.both());
}
