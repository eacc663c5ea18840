//! Section g: the example suites CI runs on other targets, timed against the same suites on the
//! host: i686 (native), aarch64 (under qemu-user, which the harness also starts its children
//! through), and riscv64 verified without running (`cargo ffi-test verify`'s runner mode). Each
//! figure is `cargo test` of the eight suites, built beforehand, C caches warm.

use std::path::PathBuf;
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

/// `cargo test` of the suites for `target` (the host's when `None`), `args` after `cargo test`.
fn cargo_test(b: &Bench, target: Option<&str>, args: &[&str]) -> Command {
    let mut cmd = cargo(&b.repo, &b.repo.join("target"));
    cmd.arg("test").args(args);
    for suite in SUITES {
        cmd.args(["-p", suite]);
    }
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    cmd.envs(target_env(target))
        .env_remove("RUST_BACKTRACE")
        .env_remove("NEXTEST_EXECUTION_MODE");
    cmd
}

/// The suites' run for `target` as cargo runs them (each binary from its package's directory,
/// through the target's runner), built beforehand and run once untimed (warm C caches): cargo's
/// own share, the same for every target, is a fraction of a second.
fn timed(
    b: &Bench,
    target: Option<&str>,
    runner: Option<(String, String)>,
) -> crate::measure::Figure {
    let make = || {
        let mut cmd = cargo_test(b, target, &["-q"]);
        if let Some((var, value)) = &runner {
            cmd.env(var, value);
        }
        cmd
    };
    let built = cargo_test(b, target, &["--no-run", "-q"])
        .status()
        .expect("run cargo");
    assert!(built.success(), "building the suites for {target:?}");
    assert!(
        make().status().expect("run the suites").success(),
        "the suites fail for {target:?}"
    );
    measure(b.runs, || {}, make)
}

pub fn section(b: &Bench, rows: &mut Vec<Row>) {
    let host = timed(b, None, None);
    let label = format!("the {} suites on x86_64 (host)", SUITES.len());
    let i686 = timed(b, Some(I686), None);
    rows.push(
        Row::new("g. other targets", "the same, i686 (native)", i686).against(
            &label,
            Ok(host),
            Goal::Report,
        ),
    );
    let aarch64 = timed(b, Some(AARCH64), None);
    rows.push(
        Row::new("g. other targets", "the same, aarch64 (qemu-user)", aarch64).against(
            &label,
            Ok(host),
            Goal::Report,
        ),
    );
    // As `cargo ffi-test verify` runs them: the verifier as the target's runner.
    let runner = (
        "CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_RUNNER".to_string(),
        format!("{} run-free {RISCV64}", verifier(b).display()),
    );
    let riscv64 = timed(b, Some(RISCV64), Some(runner));
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
        .args(["build", "--message-format=json", "-p", "cargo-ffi-test"])
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
