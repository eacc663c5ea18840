//! Section g: the example suites CI runs on other targets, timed against the same suites on the
//! host: i686 (native), aarch64 (under qemu-user, which the harness also starts its children
//! through), and riscv64 verified without running (`cargo ffi-test verify`'s runner mode). Test
//! binaries are built before timing; each figure is one process running every suite's binaries
//! in turn, C caches warm (one untimed run first).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{cargo, measure};
use crate::report::{Goal, Row};
use crate::Bench;

const SUITES: [&str; 8] = [
    "registry",
    "crash-corpus",
    "hostile-c",
    "sys-in-place",
    "ctest-pair",
    "abi-corpus",
    "broken-bindings",
    "memory-bugs",
];

const I686: &str = "i686-unknown-linux-gnu";
const AARCH64: &str = "aarch64-unknown-linux-gnu";
const RISCV64: &str = "riscv64gc-unknown-linux-gnu";

/// What cargo and the harness need for `target` (the same as .ci/run sets).
fn target_env(target: Option<&str>) -> Vec<(String, String)> {
    match target {
        Some(I686) => vec![(
            "CFLAGS_i686_unknown_linux_gnu".into(),
            "-idirafter /usr/include/x86_64-linux-gnu".into(),
        )],
        Some(AARCH64) => vec![
            (
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER".into(),
                "aarch64-linux-gnu-gcc".into(),
            ),
            (
                "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER".into(),
                "qemu-aarch64 -L /usr/aarch64-linux-gnu".into(),
            ),
        ],
        Some(RISCV64) => vec![
            (
                "CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_LINKER".into(),
                "riscv64-linux-gnu-gcc".into(),
            ),
            // As `cargo ffi-test verify` builds: with the facts records.
            (
                "CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_RUSTFLAGS".into(),
                "--cfg ffi_test_facts".into(),
            ),
        ],
        _ => Vec::new(),
    }
}

/// Every test executable of the suites, built for `target` (the host's when `None`).
fn test_binaries(b: &Bench, target: Option<&str>) -> Vec<PathBuf> {
    let mut cmd = cargo(&b.repo, &b.repo.join("target"));
    cmd.args(["test", "--no-run", "--message-format=json"]);
    for suite in SUITES {
        cmd.args(["-p", suite]);
    }
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    let out = cmd.envs(target_env(target)).output().expect("run cargo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    crate::executables(&String::from_utf8_lossy(&out.stdout), |l| {
        l.contains("\"test\":true")
    })
}

/// One shell running `prefix binary` for every binary, stopping at the first failure.
fn all_of(binaries: &[PathBuf], prefix: &str, env: &[(String, String)], cwd: &Path) -> Command {
    let script: Vec<String> = binaries
        .iter()
        .map(|b| format!("{prefix} '{}' >/dev/null 2>&1", b.display()))
        .collect();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(script.join(" && "))
        .current_dir(cwd)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env_remove("RUST_BACKTRACE")
        .env_remove("NEXTEST_EXECUTION_MODE");
    cmd
}

fn timed(
    b: &Bench,
    binaries: &[PathBuf],
    prefix: &str,
    target: Option<&str>,
) -> crate::measure::Figure {
    let env = target_env(target);
    let make = || all_of(binaries, prefix, &env, &b.repo);
    assert!(
        make().status().expect("run the suites").success(),
        "the suites fail for {target:?}"
    );
    measure(b.runs, || {}, make)
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let host_bins = test_binaries(b, None);
    let host = timed(b, &host_bins, "", None);
    let label = format!("the {} suites on x86_64 (host)", SUITES.len());
    let i686 = timed(b, &test_binaries(b, Some(I686)), "", Some(I686));
    rows.push(
        Row::new("g. other targets", "the same, i686 (native)", i686).against(
            &label,
            Ok(host),
            Goal::Report,
        ),
    );
    let aarch64 = timed(
        b,
        &test_binaries(b, Some(AARCH64)),
        "qemu-aarch64 -L /usr/aarch64-linux-gnu",
        Some(AARCH64),
    );
    rows.push(
        Row::new("g. other targets", "the same, aarch64 (qemu-user)", aarch64).against(
            &label,
            Ok(host),
            Goal::Report,
        ),
    );
    let verifier = verifier(b);
    let prefix = format!("'{}' run-free {RISCV64}", verifier.display());
    let riscv64 = timed(b, &test_binaries(b, Some(RISCV64)), &prefix, Some(RISCV64));
    rows.push(
        Row::new(
            "g. other targets",
            "the same, riscv64 verified without running",
            riscv64,
        )
        .against(&label, Ok(host), Goal::Report),
    );
}

/// `cargo-ffi-test`, built for the host.
fn verifier(b: &Bench) -> PathBuf {
    let out = cargo(&b.repo, &b.repo.join("target"))
        .args([
            "build",
            "--message-format=json",
            "-p",
            "ffi-test",
            "--bin",
            "cargo-ffi-test",
        ])
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            let path = l.split("\"executable\":\"").nth(1)?.split('"').next()?;
            Some(PathBuf::from(path))
        })
        .expect("cargo-ffi-test's executable")
}
