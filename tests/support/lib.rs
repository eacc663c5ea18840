//! Helpers for ffi-test's own end-to-end tests: build an example's test binary and run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (this package's manifest directory).
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory these tests were built in (wherever `CARGO_TARGET_DIR` or cargo's
/// configuration put it): the test binary is `<target>/<profile>/deps/<name>`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("a test binary lives in <target>/<profile>/deps")
        .to_path_buf()
}

/// Builds (if needed) the test target `test` of `package` and returns its executable.
///
/// Uses the same cargo and target directory as the outer `cargo test`, so under
/// `cargo test --workspace` this only reads what is already built.
pub fn test_binary(package: &str, test: &str) -> PathBuf {
    let target = format!("\"name\":\"{test}\",\"src_path\"");
    built_executable(&["-p", package, "--test", test], |line| {
        line.contains(&target)
    })
}

/// As [`test_binary`], built for `target` (a rustup target triple; aarch64 with Debian's cross
/// linker).
pub fn target_test_binary(package: &str, test: &str, target: &str) -> PathBuf {
    let name = format!("\"name\":\"{test}\",\"src_path\"");
    built_executable_with(
        &["-p", package, "--test", test, "--target", target],
        &target_env(target),
        |line| line.contains(&name),
    )
}

/// What cargo needs to build for `target` and run its binaries here: Debian's cross compiler
/// as the linker, and for aarch64 qemu-user as the runner (which ffi-test's harness also starts
/// its children through). riscv64 and 32-bit Arm are built here but never run (see
/// [`verifier`]).
pub fn target_env(target: &str) -> Vec<(String, String)> {
    if target.starts_with("i686-") {
        // Debian's gcc-multilib adds /usr/include/asm for -m32, but conflicts with the cross
        // compilers: without it the asm/ headers are found in the x86_64 directory (they are
        // the same for both).
        let flags = "-idirafter /usr/include/x86_64-linux-gnu";
        return ["CFLAGS", "CXXFLAGS"]
            .map(|var| (format!("{var}_{}", target.replace('-', "_")), flags.into()))
            .to_vec();
    }
    let var = target.to_uppercase().replace('-', "_");
    let linker = |gcc: &str| (format!("CARGO_TARGET_{var}_LINKER"), gcc.to_string());
    if target.starts_with("aarch64-") {
        return vec![
            linker("aarch64-linux-gnu-gcc"),
            (
                format!("CARGO_TARGET_{var}_RUNNER"),
                "qemu-aarch64 -L /usr/aarch64-linux-gnu".into(),
            ),
            // qemu-user 7.2 with GLib 2.74 deadlocks a forked child now and then (GLib's slice
            // allocator's lock, held by another thread at the fork): see the README, Targets.
            ("G_SLICE".into(), "always-malloc".into()),
        ];
    }
    if target.starts_with("riscv64") {
        return vec![linker("riscv64-linux-gnu-gcc")];
    }
    if target.starts_with("armv7-") {
        return vec![linker("arm-linux-gnueabihf-gcc")];
    }
    Vec::new()
}

/// As [`target_test_binary`], built as `cargo ffi-test verify` builds it: with `--cfg
/// ffi_test_facts` for the target, so that the binary carries the facts records run-free
/// verification reads (for the host's own triple too, in a target directory of its own).
pub fn verify_test_binary(package: &str, test: &str, target: &str) -> PathBuf {
    let name = format!("\"name\":\"{test}\",\"src_path\"");
    let mut env = target_env(target);
    // As `cargo ffi-test verify` builds them (cargo-ffi-test/src/verify/cli.rs, facts_flags):
    // a PE link keeps the facts section only with no dead code removed.
    let flags = if target.contains("-windows-") {
        "--cfg ffi_test_facts -Clink-dead-code"
    } else {
        "--cfg ffi_test_facts"
    };
    env.push((
        format!(
            "CARGO_TARGET_{}_RUSTFLAGS",
            target.to_uppercase().replace('-', "_")
        ),
        flags.into(),
    ));
    built_executable_with(
        &["-p", package, "--test", test, "--target", target],
        &env,
        |line| line.contains(&name),
    )
}

/// Builds (if needed) `cargo-ffi-test`, the run-free verifier, and returns its executable.
pub fn verifier() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(workspace_root())
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
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\""))
        .find_map(|l| json_string_field(l, "executable"))
        .map(PathBuf::from)
        .expect("cargo-ffi-test's executable")
}

/// Runs the verifier on `binary` (built for `target`) without running the binary.
pub fn verify_run_free(binary: &Path, target: &str, args: &[&str]) -> Run {
    let mut cmd = command(&verifier());
    cmd.arg("run-free").arg(target).arg(binary).args(args);
    Run::from(cmd.output().expect("run cargo-ffi-test"))
}

/// Runs `binary`, built for `target`, through the target's runner (qemu-user for aarch64).
///
/// qemu-user 7.2 (Debian 12's) with GLib 2.74 now and then deadlocks a process it forks (in
/// GLib's slice allocator); `G_SLICE=always-malloc`, in [`target_env`], avoids it. In case an
/// emulator stalls all the same, a run under an emulating runner in which a test timed out, or
/// that is itself still running after [`EMULATED_RUN_LIMIT`], is run once more, and said so on
/// stderr; the second run's verdict stands.
pub fn run_for_target(binary: &Path, target: &str, args: &[&str]) -> Run {
    let env = target_env(target);
    let runner = env
        .iter()
        .find(|(k, _)| k.ends_with("_RUNNER"))
        .map(|(_, v)| v.clone());
    let attempt = || {
        let mut cmd = match &runner {
            Some(runner) => {
                let mut parts = runner.split_whitespace();
                let mut cmd = command(Path::new(parts.next().unwrap_or("false")));
                cmd.args(parts).arg(binary);
                cmd
            }
            None => command(binary),
        };
        cmd.args(args)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        match &runner {
            Some(_) => output_within(cmd, EMULATED_RUN_LIMIT),
            None => Some(Run::from(cmd.output().expect("run the test binary"))),
        }
    };
    let first = attempt();
    let stalled = match &first {
        None => true,
        Some(run) => {
            runner.is_some()
                && (run.stdout.contains(HARNESS_TIMEOUT) || run.stdout.contains(SWEEP_TIMEOUT))
        }
    };
    if !stalled {
        return first.expect("a finished run");
    }
    eprintln!(
        "note: {} {args:?} under {} stalled (a test timed out or the run did not finish): running it once more",
        binary.display(),
        runner.as_deref().unwrap_or("")
    );
    attempt().unwrap_or_else(|| {
        panic!(
            "{} {args:?} did not finish within {EMULATED_RUN_LIMIT:?}, twice",
            binary.display()
        )
    })
}

/// How long one run of a test binary under an emulating runner may take.
pub const EMULATED_RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(600);

/// What the harness reports for a test it timed out.
const HARNESS_TIMEOUT: &str = ": the test's process group was sent SIGTERM";

/// What a fault sweep reports for a run it timed out.
const SWEEP_TIMEOUT: &str = ": hung: stopped after ";

/// `cmd`'s output, or `None` if it is still running after `limit` (then it is killed).
pub fn output_within(mut cmd: Command, limit: std::time::Duration) -> Option<Run> {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    let mut child = cmd
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the test binary");
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().expect("stdout")));
    let stderr = read(Box::new(child.stderr.take().expect("stderr")));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the test binary") {
            break Some(status);
        }
        if start.elapsed() > limit {
            // kill(1) of the group the child leads (a stalled emulator ignores
            // SIGTERM); its own children lead groups of their own and end with their timeouts.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    status.map(|status| {
        Run::from(Output {
            status,
            stdout,
            stderr,
        })
    })
}

/// Builds (if needed) the unit-test binary of `package`'s library and returns its executable
/// (for a crate whose lib target has `harness = false` and runs ffi-test's harness).
pub fn lib_test_binary(package: &str) -> PathBuf {
    built_executable(&["-p", package, "--lib"], |line| {
        line.contains("\"kind\":[\"lib\"]")
    })
}

/// `cargo test --no-run` with `selection`, and the executable of the artifact `pick` accepts.
fn built_executable(selection: &[&str], pick: impl Fn(&str) -> bool) -> PathBuf {
    built_executable_with(selection, &[], pick)
}

/// As [`built_executable`], with `env` set for cargo.
fn built_executable_with(
    selection: &[&str],
    env: &[(String, String)],
    pick: impl Fn(&str) -> bool,
) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(workspace_root())
        .args(["test", "--no-run", "--message-format=json"])
        .args(selection)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "building {selection:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\"") && pick(l))
        .find_map(|l| json_string_field(l, "executable"))
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("no executable for {selection:?} in cargo output:\n{stdout}"))
}

/// The value of a string field `"key":"value"` in one line of JSON (no escapes in paths here).
fn json_string_field(line: &str, key: &str) -> Option<String> {
    let marker = format!("\"{key}\":\"");
    let start = line.find(&marker)? + marker.len();
    let end = line[start..].find('"')? + start;
    Some(line[start..end].replace("\\\\", "\\"))
}

/// A finished run of a test binary.
pub struct Run {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The run `out` records.
    pub fn from(out: Output) -> Run {
        Run {
            status: out.status,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Both streams, for assertion messages.
    pub fn both(&self) -> String {
        format!(
            "--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        )
    }
}

/// Runs `binary` with `args` from the workspace root and waits for it.
pub fn run(binary: &Path, args: &[&str]) -> Run {
    run_with_env(binary, args, &[])
}

/// A command for `binary` as a user would start it from the workspace root: without the
/// variables of the runner running *these* tests (nextest's would make the binary believe
/// nextest isolates it) and without ffi-test's own or RUST_BACKTRACE (reports stay stable).
pub fn command(binary: &Path) -> Command {
    let mut cmd = Command::new(binary);
    cmd.current_dir(workspace_root());
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy();
        if name.starts_with("NEXTEST") || name.starts_with("FFI_TEST_") || name == "RUST_BACKTRACE"
        {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// `cargo` as the outer one, in the workspace root, without the outer runner's or ffi-test's
/// variables (see [`command`]).
pub fn cargo() -> Command {
    let mut cmd = command(Path::new(
        &std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
    ));
    cmd.env_remove("CARGO_TARGET_DIR");
    cmd
}

/// Whether `pid` names a live process (not a zombie).
pub fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z'))
    })
}

/// The pids written as `<tag>.<pid>` file names into `dir` by the hostile-c suites.
pub fn pids_in(dir: &Path) -> Vec<(String, i32)> {
    let mut pids: Vec<(String, i32)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (tag, pid) = name.rsplit_once('.')?;
            Some((tag.to_string(), pid.parse().ok()?))
        })
        .collect();
    pids.sort();
    pids
}

/// Waits up to `limit` for `done` to hold; whether it did.
pub fn wait_for(limit: std::time::Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    done()
}

/// As [`run`], with extra environment variables.
pub fn run_with_env(binary: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(binary);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("run test binary"))
}

/// A fresh, empty directory under the target dir (not /tmp), removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = target_dir()
            .join("e2e-tmp")
            .join(format!("{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of the fixture crate `tests/fixtures/<name>` (its manifest and `files`) in `into`,
/// its `ffi-test` dependency pointed at this checkout and this workspace's lock beside it, so
/// `cargo --offline` builds it where the copy lives (a test that writes into its crate must not
/// write into the checkout).
pub fn fixture_crate(name: &str, files: &[&str], into: &Path) -> PathBuf {
    let root = workspace_root();
    let fixture = root.join("tests/fixtures").join(name);
    let copy = into.join(name);
    for file in files {
        std::fs::create_dir_all(copy.join(file).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), copy.join(file)).unwrap();
    }
    let manifest = std::fs::read_to_string(fixture.join("Cargo.toml"))
        .unwrap()
        .replace(
            "../../../ffi-test",
            &root.join("ffi-test").to_string_lossy(),
        );
    std::fs::write(copy.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    copy
}

/// The failure section libtest prints for `test`: from `---- test ----` to the next section.
pub fn failure_of<'a>(stdout: &'a str, test: &str) -> Option<&'a str> {
    let header = format!("---- {test} ----\n");
    let start = stdout.find(&header)? + header.len();
    let rest = &stdout[start..];
    let end = rest
        .find("\n---- ")
        .or_else(|| rest.find("\nfailures:"))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The names libtest reports with `outcome` (`ok`, `FAILED`, `ignored`) in pretty output.
pub fn tests_with_outcome(stdout: &str, outcome: &str) -> Vec<String> {
    let suffix = format!(" ... {outcome}");
    let mut names: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test ")?.strip_suffix(&suffix))
        .map(|n| n.trim_end().to_string())
        .collect();
    names.sort();
    names
}

/// Asserts that `test` alone failed in `out`, its report containing every needle.
pub fn assert_caught(out: &Run, test: &str, needles: &[&str]) {
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        [test],
        "{}",
        out.both()
    );
    let report = failure_of(&out.stdout, test).unwrap();
    for needle in needles {
        assert!(report.contains(needle), "{needle}:\n{report}");
    }
}

/// Asserts that broken-bindings' layout check `test` passes on this machine's own target (a
/// binding wrong on another target only).
pub fn assert_layout_right_on_host(test: &str) {
    let host = run(
        &test_binary("broken-bindings", "layouts"),
        &["--exact", test],
    );
    assert_eq!(
        tests_with_outcome(&host.stdout, "ok"),
        [test],
        "{}",
        host.both()
    );
}

/// Asserts the run's outcome exactly: the tests in `failed` failed, each report containing all
/// its needles, and the tests in `passed` (sorted) passed, no others.
pub fn assert_outcomes(out: &Run, failed: &[(&str, &[&str])], passed: &[&str]) {
    let mut expected: Vec<&str> = failed.iter().map(|(name, _)| *name).collect();
    expected.sort();
    assert_eq!(
        tests_with_outcome(&out.stdout, "FAILED"),
        expected,
        "{}",
        out.both()
    );
    assert_eq!(
        tests_with_outcome(&out.stdout, "ok"),
        passed,
        "{}",
        out.both()
    );
    for (name, needles) in failed {
        let report = failure_of(&out.stdout, name)
            .unwrap_or_else(|| panic!("no report for {name}:\n{}", out.stdout));
        for needle in *needles {
            assert!(
                report.contains(needle),
                "{name}: report lacks {needle:?}:\n{report}"
            );
        }
    }
}
