//! Timing a command: wall time (median of runs) and peak resident memory (from wait4).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// One measured command.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    pub median: Duration,
    /// Peak resident set of the largest process in the run, in KiB.
    pub peak_kib: u64,
}

/// Runs `make()`'s command `runs` times (after `before()` each time) and returns the median
/// wall time and the largest peak memory. Panics, with its output, if a run fails.
pub fn measure(runs: usize, mut before: impl FnMut(), make: impl Fn() -> Command) -> Figure {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        before();
        let (elapsed, kib) = run_once(make());
        times.push(elapsed);
        peak = peak.max(kib);
    }
    times.sort();
    Figure {
        median: times[times.len() / 2],
        peak_kib: peak,
    }
}

fn run_once(mut cmd: Command) -> (Duration, u64) {
    let shown = format!("{cmd:?}");
    // stderr to a file, not a pipe: nobody reads a pipe until the run ends, and a chatty
    // command would fill it and block forever.
    let log_path = std::env::temp_dir().join(format!("ffi-test-bench-{}.log", std::process::id()));
    let log = std::fs::File::create(&log_path).expect("create the bench log");
    cmd.stdout(std::process::Stdio::null()).stderr(log);
    let start = Instant::now();
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `status` and `usage` are valid to write.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed for {shown}");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    drop(child);
    if !ok {
        let stderr = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        panic!(
            "{shown} failed (status {status}):\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    let _ = std::fs::remove_file(&log_path);
    (elapsed, usage.ru_maxrss as u64)
}

/// `cargo` from the environment (the one running this bench), with `dir` as its directory.
pub fn cargo(dir: &Path, target_dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(dir).env("CARGO_TARGET_DIR", target_dir);
    cmd
}

/// `cargo test -p PACKAGE --test TEST` of the workspace in `dir`, with `cache` as the C cache.
pub struct Suite<'a> {
    pub dir: &'a Path,
    pub target: &'a Path,
    pub cache: &'a Path,
    pub package: &'a str,
    pub test: &'a str,
}

impl Suite<'_> {
    pub fn command(&self) -> Command {
        let mut cmd = cargo(self.dir, self.target);
        cmd.args(["test", "-p", self.package, "--test", self.test])
            .env("FFI_TEST_CACHE_DIR", self.cache)
            .env_remove("RUST_BACKTRACE");
        cmd
    }

    /// Built and run once, outside any measurement (its dependencies are built once), or why
    /// it fails (the end of its output).
    fn built(&self) -> Result<(), String> {
        let first = self.command().output().map_err(|e| e.to_string())?;
        if first.status.success() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&first.stderr).into_owned()
            + &String::from_utf8_lossy(&first.stdout);
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        Err(format!("{} failed: {}", self.package, tail.join(" / ")))
    }

    /// Built once, then `runs` clean builds and runs, then `runs` runs each after `next` (a
    /// warm rerun when it does nothing, an edit when it edits).
    pub fn clean_then(
        &self,
        runs: usize,
        clean: &[&str],
        next: impl FnMut(),
    ) -> Result<(Figure, Figure), String> {
        self.built()?;
        let clean_run = self.clean_runs(runs, clean);
        Ok((clean_run, measure(runs, next, || self.command())))
    }

    /// `runs` clean builds and runs: `clean` lists the packages a clean build rebuilds; the C
    /// cache is emptied too.
    fn clean_runs(&self, runs: usize, clean: &[&str]) -> Figure {
        let before = || {
            let mut cmd = cargo(self.dir, self.target);
            cmd.arg("clean");
            for p in clean {
                cmd.args(["-p", p]);
            }
            let _ = cmd.output();
            let _ = std::fs::remove_dir_all(self.cache);
        };
        measure(runs, before, || self.command())
    }
}
